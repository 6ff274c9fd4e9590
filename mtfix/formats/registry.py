"""Which format a file is in: ``--format NAME``, or (auto) its extension, else its content."""

from __future__ import annotations

import importlib
from pathlib import PurePath

from ..textio import InputError, decode
from . import Format, FormatOptions, ParsedFile, Unit

TEXT_EXTENSIONS = (".txt", ".id", ".text")


class TextFileFormat:
    """Plain text: the whole file is one text; the engine's mode decides what a segment is."""

    def __init__(self, data: bytes, path: str) -> None:
        self.file = decode(data, path)
        self.units = [Unit(self.file.text, line=1)]

    def render(self, targets) -> bytes:
        return self.file.encode(targets[0])


def _parse_text(data: bytes, path: str, options: FormatOptions) -> ParsedFile:
    return TextFileFormat(data, path)


TEXT = Format("text", _parse_text, TEXT_EXTENSIONS, bilingual=False, streams=True,
              units_are_lines=True)

# name → (module, extensions). Extensions are listed here so that choosing files from a
# directory does not import the format modules (and translate-toolkit with them).
_TABLE = {
    "po": ("mtfix.formats.l10n", (".po", ".pot")),
    "xliff": ("mtfix.formats.l10n", (".xlf", ".xliff")),
    "tmx": ("mtfix.formats.l10n", (".tmx",)),
    "jsonl": ("mtfix.formats.tabular", (".jsonl", ".ndjson")),
    "csv": ("mtfix.formats.tabular", (".csv",)),
    "tsv": ("mtfix.formats.tabular", (".tsv",)),
    "markdown": ("mtfix.formats.markup", (".md", ".markdown")),
    "html": ("mtfix.formats.markup", (".html", ".htm", ".xhtml")),
}
_MODULES = tuple(dict.fromkeys(m for m, _ in _TABLE.values()))
NAMES = ("auto", "text") + tuple(_TABLE)

_formats: dict[str, Format] | None = None
_sniffers: list = []


def formats() -> dict[str, Format]:
    global _formats
    if _formats is None:
        found = {"text": TEXT}
        for mod_name in _MODULES:
            mod = importlib.import_module(mod_name)
            for f in mod.FORMATS:
                found[f.name] = f
            _sniffers.append(mod.sniff)
        _formats = found
    return _formats


def include_patterns(name: str) -> tuple[str, ...]:
    """File name patterns taken from directories for ``--format NAME``."""
    if name == "auto":
        exts = [*TEXT_EXTENSIONS, *(e for _, es in _TABLE.values() for e in es)]
    elif name == "text":
        exts = list(TEXT_EXTENSIONS)
    elif name in _TABLE:
        exts = list(_TABLE[name][1])
    else:
        raise InputError(f"unknown format {name!r}; expected one of {', '.join(NAMES)}")
    return tuple(f"*{e}" for e in exts)


def get(name: str) -> Format:
    if name == "text":
        return TEXT
    try:
        return formats()[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}; expected one of {', '.join(NAMES)}") from None


def detect(path: str, head: bytes) -> Format:
    """By extension; an unknown extension (or standard input) by content; else plain text."""
    ext = PurePath(path).suffix.lower() if path != "-" else ""
    if ext in TEXT_EXTENSIONS:
        return TEXT  # the common case, without importing the structured formats
    for name, (_, exts) in _TABLE.items():
        if ext in exts:
            return get(name)
    formats()  # registers the sniffers
    for sniff in _sniffers:
        name = sniff(head)
        if name:
            return formats()[name]
    return TEXT
