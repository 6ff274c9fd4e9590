"""File formats: what part of a file the engine may repair, and how to put it back.

A format's ``parse(data, path, options)`` returns a :class:`ParsedFile`: its ``units`` (the target
texts the engine repairs, each with its source text and id when the format has them) and a
``render(targets)`` that returns the file's bytes with only those targets replaced. Everything
that is not a target (markup, ids, notes, other languages, attributes, code) comes back as it was.
When no target changed, callers write the original bytes untouched.

Formats: text (plain, one segment per line), jsonl, csv, tsv, po, xliff (1.2 and 2.0), tmx,
markdown, html. ``detect(path, data)`` picks one from the extension and, where that says nothing,
from the content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence


@dataclass
class Unit:
    """One translatable unit: the target text the engine repairs (for markup formats, the text
    with markup replaced by protected placeholders), its source text when the format carries
    one, an id for messages and reports, the 1-based line in the file where it starts, and the
    notes a translator or tool left on it (PO translator comments, XLIFF ``<note>``s), where
    inline ``mtfix: ignore CODE`` markers live (:mod:`mtfix.suppress`)."""

    target: str
    source: str | None = None
    id: str | None = None
    line: int | None = None
    notes: tuple[str, ...] = ()


class ParsedFile(Protocol):
    units: list[Unit]

    def render(self, targets: Sequence[str]) -> bytes:
        """The file's bytes with unit i's target replaced by ``targets[i]`` (same length and
        order as ``units``). Must not change anything else."""


@dataclass(frozen=True)
class FormatOptions:
    """Field / column names for JSONL and CSV/TSV (top-level keys, or header names), and the
    target language for TMX (the first language that is not the source when None)."""

    target_field: str = "target"
    source_field: str = "source"
    id_field: str = "id"
    target_lang: str | None = None


@dataclass
class Format:
    name: str
    parse: Callable[[bytes, str, FormatOptions], ParsedFile]
    extensions: tuple[str, ...] = field(default_factory=tuple)
    bilingual: bool = False      # units carry source text
    streams: bool = False        # can be processed chunk by chunk (text, jsonl)
