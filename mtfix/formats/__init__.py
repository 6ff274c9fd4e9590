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
    one, an id for messages and reports, the 1-based line in the file where it starts, the
    notes a translator or tool left on it (PO translator comments, XLIFF ``<note>``s), where
    inline ``mtfix: ignore CODE`` markers live (:mod:`mtfix.suppress`), and ``state``: where the
    format records a unit's workflow state (for CAT tools): XLIFF 1.2 ``<target state>``, XLIFF
    2.0 ``<segment state>``, PO ``fuzzy`` or ``translated``."""

    target: str
    source: str | None = None
    id: str | None = None
    line: int | None = None
    notes: tuple[str, ...] = ()
    state: str | None = None


class ParsedFile(Protocol):
    units: list[Unit]

    def render(self, targets: Sequence[str]) -> bytes:
        """The file's bytes with unit i's target replaced by ``targets[i]`` (same length and
        order as ``units``). Must not change anything else.

        Formats with unit states (PO, XLIFF) also take ``mark=`` ("fuzzy" or "comment") and
        ``codes=`` (per unit, the rule codes that changed it): every changed unit is then
        marked for review (XLIFF: the state attribute; PO: the fuzzy flag, or a translator
        comment ``# mtfix: CODES``)."""


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
    # Plain text: the file is one unit whose lines are the file's lines; the engine's mode
    # (lines or article) applies, and in lines mode the unit may be cut at line breaks.
    units_are_lines: bool = False
    # Markdown, HTML: one masked document per file, line for line the file's lines; reports pair
    # the file's lines, and an edit's line is already a file line.
    one_document: bool = False
    # JSONL: every unit is one physical line of the file, whatever line breaks its text holds.
    unit_is_one_line: bool = False
    # Streaming formats whose chunks are runs of records rather than text (JSONL):
    # ``stream_lines(lines, options, fix_all, path=, first_lineno=)`` returns the lines with
    # the targets replaced by ``fix_all(targets, sources)``, one call for all the lines'
    # records (unchanged lines as the same objects).
    stream_lines: Callable | None = None
    # PO, XLIFF: ``render(targets, mark=, codes=)`` can mark changed units for a CAT tool's
    # review (PO fuzzy flag or comment, XLIFF state).
    marks_for_review: bool = False

    @property
    def preserves_lines(self) -> bool:
        """An edit's line within the (single) unit is the file's line."""
        return self.units_are_lines or self.one_document
