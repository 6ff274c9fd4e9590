"""JSONL, CSV and TSV: one record per line (JSONL) or per row (CSV/TSV), with a target text, an
optional source text and an optional id.

Byte fidelity: rendering replaces only the raw bytes of the changed targets. In JSONL that is the
JSON string token of the top-level target member (re-encoded in the token's style: ``\\uXXXX``
escapes or raw UTF-8); in CSV/TSV it is the raw text of the target field (kept quoted when it was
quoted, quoted when the new value needs it). Every other byte (other members and fields, their
spacing and order, blank lines, line endings, final newline or not, BOM) comes back as it was.

Field / column names come from :class:`FormatOptions`. For CSV/TSV the first row is a header:
the target column is the one named ``options.target_field`` (default ``target``; case-insensitive)
and only that one: a column is never guessed as the target (an ``id`` or ``text`` column guessed
as the target had its identifiers "repaired"), so a header without it is an error naming the
columns found. The source column is ``options.source_field`` else ``source, src, en, english``;
the id column ``options.id_field`` else ``id, key`` (never the target or source column); a
non-default source/id name that the header lacks means no source/id. In JSONL the target is the
member ``options.target_field``; a record without it is kept as it is, but a file whose first
record lacks it is an error naming the members found (the same check streamed or whole).

TSV is read with ``"`` quoting like CSV; a TSV file that is not valid as quoted CSV (stray quotes
at the start of a field are common in TSV) is read without quoting, one row per line.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from json.decoder import scanstring
from typing import Callable, Sequence

from . import Format, FormatOptions, Unit
from ..textio import BOM, InputError, decode

_DEFAULTS = FormatOptions()
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODE_ASCII = json.encoder.encode_basestring_ascii  # json.dumps(s), ensure_ascii=True
_ENCODE = json.encoder.encode_basestring              # json.dumps(s, ensure_ascii=False)
# a \uXXXX escape of a non-ASCII character (not an escaped backslash followed by "u")
_NON_ASCII_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?:00[89a-fA-F][0-9a-fA-F]"
                               r"|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})")
_BOM_BYTES = BOM.encode("utf-8")


def _check_lengths(units: Sequence[Unit], targets: Sequence[str]) -> None:
    if len(targets) != len(units):
        raise ValueError(f"render: {len(targets)} targets for {len(units)} units")


# ------------------------------------------------------------------------------------------- JSONL

def _split_lines(text: str) -> list[str]:
    """Split on "\\n" only (JSON strings may hold raw U+2028, U+0085, ...), keeping the endings."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _type_name(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _members(line: str, path: str, lineno: int) -> dict[str, tuple[int, int, object]] | None:
    """Top-level members of the JSON object on ``line``: key -> (start, end, value), the exact
    span of the value's raw token. None for a blank line; InputError when it is not an object."""
    i = _WS.match(line).end()
    if i == len(line):
        return None
    members: dict[str, tuple[int, int, object]] = {}
    try:
        if line[i] != "{":
            raise ValueError
        i = _WS.match(line, i + 1).end()
        if line[i] == "}":
            i += 1
        else:
            while True:
                if line[i] != '"':
                    raise ValueError
                key, i = scanstring(line, i + 1)
                i = _WS.match(line, i).end()
                if line[i] != ":":
                    raise ValueError
                start = _WS.match(line, i + 1).end()
                value, end = _DECODER.raw_decode(line, start)
                members[key] = (start, end, value)
                i = _WS.match(line, end).end()
                if line[i] == ",":
                    i = _WS.match(line, i + 1).end()
                    continue
                if line[i] != "}":
                    raise ValueError
                i += 1
                break
        if _WS.match(line, i).end() != len(line):
            raise ValueError
    except (ValueError, IndexError):
        # Let the json module say what is wrong (it also validates what the walk accepted).
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{lineno}: not valid JSON: {e.msg} "
                             f"(column {e.colno})") from None
        if not isinstance(value, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object, "
                             f"got {_type_name(value)}") from None
        raise  # pragma: no cover - the walk and json.loads disagree
    return members


def _wants_ascii(token: str, value: str, line: str) -> bool:
    """Whether the original string token was written with ensure_ascii (\\uXXXX escapes)."""
    if not token.isascii():
        return False
    if not value.isascii():
        return True
    if not line.isascii():
        return False
    return bool(_NON_ASCII_ESCAPE.search(line))


def _encode_string(new: str, ascii_style: bool) -> str:
    # What json.dumps of a str returns, without the encoder it builds for every call with
    # ensure_ascii=False (33,000 changed records: 0.06 s of their 0.12 s rewrite).
    if ascii_style:
        return _ENCODE_ASCII(new)
    out = _ENCODE(new)
    if out.isascii():
        return out
    # A lone surrogate cannot be written as UTF-8: escape it as JSON does.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _no_target_member(members: dict, path: str, lineno: int, options: FormatOptions) -> InputError:
    return InputError(
        f"{path}:{lineno}: no {options.target_field!r} member in the first record "
        f"(name the target with --target-field); its members are: "
        + ", ".join(repr(k) for k in members))


def _line_unit(line: str, path: str, lineno: int, options: FormatOptions, first: bool = False
               ) -> tuple[Unit, int, int] | None:
    """The unit of one JSONL line (None: blank, or no string target). ``first``: this is the
    file's first record, which must have the target member."""
    members = _members(line, path, lineno)
    if not members:
        if first and members is not None:
            raise _no_target_member(members, path, lineno, options)
        return None
    if first and options.target_field not in members:
        raise _no_target_member(members, path, lineno, options)
    target = members.get(options.target_field)
    if target is None or not isinstance(target[2], str):
        return None
    source = members.get(options.source_field)
    src = source[2] if source is not None and isinstance(source[2], str) else None
    ident = members.get(options.id_field)
    uid: str | None = None
    if ident is not None and ident[2] is not None:
        uid = ident[2] if isinstance(ident[2], str) else line[ident[0]:ident[1]]
    return Unit(target[2], src, uid, lineno), target[0], target[1]


def _replace_token(line: str, start: int, end: int, new: str, old_value: str) -> str:
    """``line`` with the string token at [start, end), whose value is ``old_value`` (the
    parse's: decoding the token again cost a json.loads per changed record), holding ``new``
    in the token's style."""
    old_token = line[start:end]
    return line[:start] + _encode_string(new, _wants_ascii(old_token, old_value, line)) + line[end:]


class JsonlFile:
    """A parsed JSONL file: ``units`` and ``render(targets)``."""

    def __init__(self, data: bytes, path: str, options: FormatOptions) -> None:
        self._data = data
        tf = decode(data, path)
        self._tf = tf
        self._lines = _split_lines(tf.text)
        self.units: list[Unit] = []
        self._spans: list[tuple[int, int, int]] = []      # (line index, start, end)
        first = True
        for n, line in enumerate(self._lines):
            blank = not line.strip()
            found = _line_unit(line, path, n + 1, options, first and not blank)
            first = first and blank
            if found is not None:
                unit, start, end = found
                self.units.append(unit)
                self._spans.append((n, start, end))

    def render(self, targets: Sequence[str]) -> bytes:
        _check_lengths(self.units, targets)
        lines = None
        for unit, new, (n, start, end) in zip(self.units, targets, self._spans):
            if new == unit.target:
                continue
            if lines is None:
                lines = list(self._lines)
            lines[n] = _replace_token(lines[n], start, end, new, unit.target)
        if lines is None:
            return self._data
        return self._tf.encode("".join(lines))        # the file's encoding and BOM


def parse_jsonl(data: bytes, path: str, options: FormatOptions) -> JsonlFile:
    return JsonlFile(data, path, options)


def fix_jsonl_records(lines: list[bytes], options: FormatOptions,
                      fix_all: Callable[[list[str], list[str | None]], list[str]], *,
                      path: str = "<stdin>", first_lineno: int = 1) -> list[bytes]:
    """Streaming JSONL: ``lines`` are raw lines, each with its line ending (the last one of the
    file may lack it), the first being line ``first_lineno`` of ``path``. Returns the lines with
    each target replaced by its new text from one call ``fix_all(targets, sources)`` (the
    records' targets in order, and their source fields or None), as the whole-file repair
    does; a line whose target did not change (or that has no target) is returned as the same
    bytes object. A BOM at the start of line 1 is kept. Errors (bad UTF-8, a line that is not a
    JSON object) raise InputError naming path and line, before ``fix_all`` is called.

    The records are parsed once, kept (line, BOM, token span) and rewritten after the one call:
    the caller repairs the chunk's targets together (:func:`mtfix.batch.fix_many`), not a
    document per record (records.jsonl, 33,000 one-edit records: fix 3.3-3.7 -> 1.2-1.4 s)."""
    out: list[bytes] = list(lines)
    found_at: list[tuple[int, str, bool, int, int]] = []  # (index, line, BOM, token span)
    targets: list[str] = []
    sources: list[str | None] = []
    first = first_lineno == 1      # the file's first record is checked for the target member
    for k, raw in enumerate(lines):
        lineno = first_lineno + k
        bom = lineno == 1 and raw.startswith(_BOM_BYTES)
        body = raw[len(_BOM_BYTES):] if bom else raw
        try:
            line = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}:{lineno}: not valid UTF-8 at byte {e.start + 1} of the line "
                             f"(byte 0x{body[e.start]:02x}); convert it to UTF-8 first") from None
        blank = not line.strip()
        found = _line_unit(line, path, lineno, options, first and not blank)
        first = first and blank
        if found is None:
            continue
        unit, start, end = found
        found_at.append((k, line, bom, start, end))
        targets.append(unit.target)
        sources.append(unit.source)
    if not targets:
        return out
    news = fix_all(targets, sources)
    if len(news) != len(targets):
        raise ValueError(f"fix_all: {len(news)} texts for {len(targets)} targets")
    for (k, line, bom, start, end), old, new in zip(found_at, targets, news):
        if new == old:
            continue
        fixed = _replace_token(line, start, end, new, old).encode("utf-8")
        out[k] = _BOM_BYTES + fixed if bom else fixed
    return out


def fix_jsonl_lines(lines: list[bytes], options: FormatOptions,
                    fix: Callable[[str, str | None], str], *, path: str = "<stdin>",
                    first_lineno: int = 1) -> list[bytes]:
    """:func:`fix_jsonl_records` with a callback per record: each target replaced by
    ``fix(target, source)``."""
    return fix_jsonl_records(lines, options,
                             lambda targets, sources: [fix(t, s) for t, s in zip(targets, sources)],
                             path=path, first_lineno=first_lineno)


# --------------------------------------------------------------------------------------- CSV / TSV

TARGET_NAMES = ("target",)           # for sniffing only; parsing uses options.target_field
SOURCE_NAMES = ("source", "src", "en", "english")
ID_NAMES = ("id", "key")

_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _column(header: list[str], wanted: str, default: str, candidates: tuple[str, ...],
            taken: tuple[int | None, ...]) -> int | None:
    names = [h.strip().casefold() for h in header]

    def find(name: str) -> int | None:
        key = name.strip().casefold()
        for i, h in enumerate(names):
            if h == key and i not in taken:
                return i
        return None

    found = find(wanted)
    if found is not None or wanted != default:
        return found
    for name in candidates:
        found = find(name)
        if found is not None:
            return found
    return None


def _terminator_start(raw: str) -> int:
    if raw.endswith("\r\n"):
        return len(raw) - 2
    if raw.endswith(("\n", "\r")):
        return len(raw) - 1
    return len(raw)


def _field_spans(raw: str, delim: str, quote: str | None) -> list[tuple[int, int, bool]] | None:
    """(start, end, quoted) of each field's raw text in one record, or None if the record is not
    in the form this expects (the caller then re-serialises the record instead)."""
    end = _terminator_start(raw)
    if end == 0:
        return []
    spans = []
    i = 0
    while True:
        if quote is not None and i < end and raw[i] == quote:
            j = i + 1
            while True:
                k = raw.find(quote, j, end)
                if k == -1:
                    return None
                if k + 1 < end and raw[k + 1] == quote:
                    j = k + 2
                    continue
                break
            spans.append((i, k + 1, True))
            i = k + 1
            if i == end:
                return spans
            if raw[i] != delim:
                return None
            i += 1
        else:
            k = raw.find(delim, i, end)
            if k == -1:
                spans.append((i, end, False))
                return spans
            spans.append((i, k, False))
            i = k + 1


def _field_value(raw: str, span: tuple[int, int, bool], quote: str | None) -> str:
    start, end, quoted = span
    if quoted:
        return raw[start + 1:end - 1].replace(quote + quote, quote)
    return raw[start:end]


def _encode_field(value: str, quoted: bool, delim: str, quote: str | None,
                  only_field: bool) -> str | None:
    if quote is None:
        if delim in value or "\r" in value or "\n" in value:
            return None
        return value
    if (quoted or delim in value or quote in value or "\r" in value or "\n" in value
            or (value == "" and only_field)):
        return quote + value.replace(quote, quote + quote) + quote
    return value


class _Feed:
    """An iterator of lines that remembers what the csv reader took, so that each record's raw
    text is known."""

    def __init__(self, lines: list[str]) -> None:
        self._it = iter(lines)
        self.taken: list[str] = []
        self.count = 0

    def __iter__(self) -> "_Feed":
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.taken.append(line)
        self.count += 1
        return line


class _QuotingError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _read_records(text: str, delim: str, quoting: bool, path: str, kind: str
                  ) -> list[tuple[str, list[str], int]]:
    """(raw text, fields, first line) of each record."""
    lines = _PHYSICAL_LINE.findall(text)
    feed = _Feed(lines)
    if quoting:
        reader = csv.reader(feed, delimiter=delim, quotechar='"', quoting=csv.QUOTE_MINIMAL,
                            doublequote=True, skipinitialspace=False, strict=True)
    else:
        reader = csv.reader(feed, delimiter=delim, quoting=csv.QUOTE_NONE, strict=True)
    records = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, min(len(text) + 1, sys.maxsize)))
    try:
        while True:
            first = feed.count + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                where = f"{path}:{first}"
                if feed.count > first:
                    msg = (f"{where}: malformed {kind} in the record starting here "
                           f"({e}, at line {feed.count})")
                else:
                    msg = f"{where}: malformed {kind} ({e})"
                raise _QuotingError(msg) from None
            records.append(("".join(feed.taken), row, first))
            feed.taken.clear()
    finally:
        csv.field_size_limit(old_limit)
    return records


class TabularFile:
    """A parsed CSV or TSV file: ``units`` and ``render(targets)``."""

    def __init__(self, data: bytes, path: str, options: FormatOptions, delim: str,
                 kind: str) -> None:
        self._data = data
        self._delim = delim
        tf = decode(data, path)
        self._tf = tf
        try:
            records = _read_records(tf.text, delim, True, path, kind)
            self._quote: str | None = '"'
        except _QuotingError as e:
            if delim != "\t":
                raise InputError(e.message) from None
            try:
                records = _read_records(tf.text, delim, False, path, kind)
            except _QuotingError:
                raise InputError(e.message) from None
            self._quote = None
        self._raw = [r[0] for r in records]
        self._rows = [r[1] for r in records]
        self.units: list[Unit] = []
        self._where: list[tuple[int, int]] = []        # (record index, column)
        self.header: list[str] | None = None
        self.columns: tuple[int | None, int | None, int | None] = (None, None, None)
        header_at = next((i for i, r in enumerate(self._rows) if r), None)
        if header_at is None:
            return
        header = self.header = self._rows[header_at]
        # Only the column so named is the target: never a guess (issue 11 #2).
        t = _column(header, options.target_field, options.target_field, (), ())
        if t is None:
            raise InputError(
                f"{path}:{records[header_at][2]}: no target column {options.target_field!r} "
                f"(name it with --target-field); the columns are: "
                f"{', '.join(repr(h) for h in header)}")
        s = _column(header, options.source_field, _DEFAULTS.source_field, SOURCE_NAMES, (t,))
        i = _column(header, options.id_field, _DEFAULTS.id_field, ID_NAMES, (t, s))
        self.columns = (t, s, i)
        for n in range(header_at + 1, len(records)):
            row = self._rows[n]
            if t >= len(row):
                continue
            self.units.append(Unit(row[t],
                                   row[s] if s is not None and s < len(row) else None,
                                   row[i] if i is not None and i < len(row) else None,
                                   records[n][2]))
            self._where.append((n, t))

    def _rewrite(self, n: int, column: int, new: str) -> str:
        raw, row = self._raw[n], self._rows[n]
        quote = self._quote
        span = None  # (start, end, quoted) of the column's raw text, when the record is as read
        if quote is None or quote not in raw:
            # No quote in the record: its fields are its pieces between delimiters (what
            # _field_spans finds, without its walk: a file of 200,000 changed records).
            stop = _terminator_start(raw)
            parts = raw[:stop].split(self._delim) if stop else []
            if parts == row:
                start = sum(map(len, parts[:column])) + column
                span = (start, start + len(parts[column]), False)
        else:
            spans = _field_spans(raw, self._delim, quote)
            if spans is not None and [_field_value(raw, sp, quote) for sp in spans] == row:
                span = spans[column]
        if span is not None:
            start, end, quoted = span
            field = _encode_field(new, quoted, self._delim, self._quote, len(row) == 1)
            if field is None:          # cannot be written without quoting: keep the original
                return raw
            return raw[:start] + field + raw[end:]
        # Fallback (a record not in the expected form): re-serialise it with the csv module.
        fields = list(row)
        fields[column] = new
        term = raw[_terminator_start(raw):]
        if self._quote is None:
            if any(self._delim in f or "\r" in f or "\n" in f for f in fields):
                return raw
            return self._delim.join(fields) + term
        out = _StringSink()
        csv.writer(out, delimiter=self._delim, quotechar=self._quote,
                   quoting=csv.QUOTE_MINIMAL, lineterminator=term).writerow(fields)
        return out.value

    def render(self, targets: Sequence[str]) -> bytes:
        _check_lengths(self.units, targets)
        raw = None
        for unit, new, (n, column) in zip(self.units, targets, self._where):
            if new == unit.target:
                continue
            if raw is None:
                raw = list(self._raw)
            raw[n] = self._rewrite(n, column, new)
        if raw is None:
            return self._data
        return self._tf.encode("".join(raw))          # the file's encoding and BOM


class _StringSink:
    def __init__(self) -> None:
        self.value = ""

    def write(self, s: str) -> None:
        self.value += s


def parse_csv(data: bytes, path: str, options: FormatOptions) -> TabularFile:
    return TabularFile(data, path, options, ",", "CSV")


def parse_tsv(data: bytes, path: str, options: FormatOptions) -> TabularFile:
    return TabularFile(data, path, options, "\t", "TSV")


# ------------------------------------------------------------------------------------------- sniff

_HEADER_CELL = re.compile(r"[\w .()-]{1,64}")


def sniff(data: bytes) -> str | None:
    """"jsonl" when the first non-blank line is a JSON object; "tsv" / "csv" when the first line
    is a tab- / comma-separated header of plain names with a target column and a source or id
    column; else None."""
    if data.startswith(_BOM_BYTES):
        data = data[len(_BOM_BYTES):]
    pos, first = 0, None
    while pos < len(data):
        nl = data.find(b"\n", pos)
        end = len(data) if nl == -1 else nl
        line = data[pos:end]
        if line.strip():
            first = line
            break
        pos = end + 1
    if first is None:
        return None
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.lstrip().startswith("{"):
        try:
            return "jsonl" if isinstance(json.loads(text), dict) else None
        except ValueError:
            return None
    if pos != 0:                      # a header is the very first line
        return None
    text = text.rstrip("\r")
    for delim, name in (("\t", "tsv"), (",", "csv")):
        cells = [c.strip().strip('"').strip() for c in text.split(delim)]
        if len(cells) < 2 or not all(_HEADER_CELL.fullmatch(c) for c in cells):
            continue
        names = [c.casefold() for c in cells]
        target = next((i for i, c in enumerate(names) if c in TARGET_NAMES), None)
        if target is not None and any(c in SOURCE_NAMES + ID_NAMES
                                      for i, c in enumerate(names) if i != target):
            return name
    return None


FORMATS = [
    Format("jsonl", parse_jsonl, (".jsonl", ".ndjson"), bilingual=True, streams=True,
           unit_is_one_line=True, stream_lines=fix_jsonl_records),
    Format("csv", parse_csv, (".csv",), bilingual=True),
    Format("tsv", parse_tsv, (".tsv",), bilingual=True),
]
