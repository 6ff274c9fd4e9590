"""Accepted findings stay quiet: an ignore file of findings a team has accepted, and inline
``mtfix: ignore CODE`` markers in the files themselves.

The ignore file (``mtfix check --write-ignore-file PATH``, read with ``--ignore-file PATH`` or
the ``ignore-file`` setting) is JSON::

    {
      "mtfix-ignore": 1,
      "findings": [
        {"path": "docs/a.txt", "code": "DW001", "text": "liberal liberal",
         "context": "Partai liberal liberal itu menang.", "fingerprint": "3f0c9b1d5e2a7c44",
         "count": 1, "line": 15, "unit_id": null, "message": "`liberal liberal`: doubled word"}
      ]
    }

``mtfix-ignore`` is the format's version (1). A finding is matched by its ``path`` (relative to
the ignore file's directory, ``/`` separators), its rule ``code`` and its ``fingerprint``: a hash
of the code, the flagged text and the whole line it is on (the *context*; on a line over 1,000
characters, the 1,000 around the finding), each with runs of white space made one space. Not by
line number, so a finding stays accepted when lines above it are added or removed, and stops
being accepted when its line is edited. ``count`` findings with
the same fingerprint are accepted (the same line twice in a file); more are new. ``line``,
``unit_id``, ``message`` and ``text``/``context`` are for the reader of the file (and a review
of its diff): matching ignores them. Entries are sorted (path, line, code), so the file diffs
well. An entry that matches no finding any more is *stale*: the text was fixed, and the entry
can go (write the file again).

Inline markers: a PO translator comment ``# mtfix: ignore DW001,WS001``, an XLIFF
``<note>mtfix: ignore DW001</note>`` (the unit's notes, :attr:`mtfix.formats.Unit.notes`), and
in Markdown/HTML a comment ``<!-- mtfix: ignore DW001 -->`` on the line of the finding or on the
line before it. Codes may be codes, family prefixes (``WS``), rule names or ``ALL``; a marker
without codes ignores every rule.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .textio import InputError

VERSION = 1
_KEY = "mtfix-ignore"
_WS = re.compile(r"\s+")


# -- fingerprints ------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """NFC, runs of white space as one space, stripped: what a finding's identity is made of."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fingerprint(code: str, text: str, context: str) -> str:
    """The identity of a finding, independent of where its line is: 16 hex digits of the
    SHA-256 of the code, the flagged text and the line's text, normalised."""
    h = hashlib.sha256("\x1f".join((code, normalise(text), normalise(context))).encode())
    return h.hexdigest()[:16]


# A line longer than this is not a finding's context: the stretch of it around the finding
# is (a 1 MB line with 100,000 findings would otherwise be copied, hashed and written
# 100,000 times: JSON output, SARIF fingerprints, the ignore file).
CONTEXT_CHARS = 1000


def finding_context(unit_text: str, start: int, ls: int | None = None,
                    le: int | None = None) -> str:
    """The line of ``unit_text`` that holds offset ``start`` (a check record's ``context``);
    ``ls``/``le``: that line's bounds when the caller knows them (end without its newline).
    A line over :data:`CONTEXT_CHARS` characters gives ``…`` + the ``CONTEXT_CHARS`` characters
    around ``start`` + ``…`` instead, so an edit far away on the line leaves it unchanged."""
    if ls is None:
        ls = unit_text.rfind("\n", 0, start) + 1
    if le is None:
        le = unit_text.find("\n", start)
        le = len(unit_text) if le == -1 else le
    if le - ls > CONTEXT_CHARS:
        a = max(ls, min(start - CONTEXT_CHARS // 2, le - CONTEXT_CHARS))
        b = a + CONTEXT_CHARS
        # One join: the stretch is copied once, not once per `…` added.
        return "".join(("…" if a > ls else "", unit_text[a:b].rstrip("\r"),
                        "…" if b < le else ""))
    return unit_text[ls:le].rstrip("\r")


class _Lines:
    """The lines of files on disk, read once: the context of a record that carries none."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str] | None] = {}

    def line(self, path: str, n: int) -> str:
        if path not in self._cache:
            try:
                text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
                self._cache[path] = text.splitlines()
            except OSError:
                self._cache[path] = None
        lines = self._cache[path]
        if lines is None or not 1 <= n <= len(lines):
            return ""
        return lines[n - 1]


def record_context(record: Mapping, lines: _Lines | None = None) -> str:
    """A record's ``context``, or else its line read from the file (empty for standard input
    or a file that cannot be read)."""
    ctx = record.get("context")
    if ctx is not None:
        return str(ctx)
    path = str(record["path"])
    if path in ("-", "<stdin>"):
        return ""
    return (lines or _Lines()).line(path, int(record["line"]))


def record_fingerprint(record: Mapping, lines: _Lines | None = None) -> str:
    """The fingerprint of a check record (SARIF ``partialFingerprints`` use it too)."""
    return fingerprint(str(record["code"]), str(record.get("text") or ""),
                       record_context(record, lines))


def _rel(path: str, root: Path) -> str:
    if path in ("-", "<stdin>"):
        return "-"
    from .settings import relative_path

    return relative_path(path, str(root))


# -- the ignore file ---------------------------------------------------------------------------

def write_ignore_file(path: str | os.PathLike, records: Iterable[Mapping]) -> int:
    """Record the findings of ``records`` (check records: path, line, code, text, message,
    unit_id, optionally context) as accepted, replacing ``path``. Returns the number of
    entries. Written to a temporary file renamed over ``path``."""
    path = Path(path)
    root = path.resolve().parent
    lines = _Lines()
    entries: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in records:
        rel = _rel(str(r["path"]), root)
        ctx = record_context(r, lines)
        fp = fingerprint(str(r["code"]), str(r.get("text") or ""), ctx)
        key = (rel, str(r["code"]), fp)
        if key in entries:
            entries[key]["count"] += 1
            continue
        entries[key] = {"path": rel, "code": str(r["code"]), "text": str(r.get("text") or ""),
                        "context": normalise(ctx), "fingerprint": fp, "count": 1,
                        "line": int(r["line"]), "unit_id": r.get("unit_id"),
                        "message": str(r.get("message", ""))}
    findings = sorted(entries.values(), key=lambda e: (e["path"], e["line"], e["code"],
                                                       e["fingerprint"]))
    data = {_KEY: VERSION, "findings": findings}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return len(findings)


@dataclass
class Entry:
    """One accepted finding of the ignore file."""

    path: str
    code: str
    fingerprint: str
    count: int = 1
    line: int | None = None
    text: str = ""
    context: str = ""
    unit_id: str | None = None
    message: str = ""

    def describe(self) -> str:
        """``path:line: CODE `text``` -- for the message that reports a stale entry."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.code} `{self.text}`"


@dataclass
class IgnoreFile:
    """The accepted findings of an ignore file; ``root`` is the directory paths are relative
    to (the file's own)."""

    entries: list[Entry] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    path: Path | None = None

    @classmethod
    def load(cls, path: str | os.PathLike) -> "IgnoreFile":
        """Read an ignore file; a missing or malformed one is an :class:`InputError` naming
        the file (and the entry)."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise InputError(f"{path}: cannot read the ignore file ({e.strerror})") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: not an mtfix ignore file (not JSON: {e})") from None
        if not isinstance(data, dict) or _KEY not in data:
            raise InputError(f"{path}: not an mtfix ignore file (no \"{_KEY}\" version)")
        if data[_KEY] != VERSION:
            raise InputError(f"{path}: ignore file version {data[_KEY]!r}; this mtfix reads "
                             f"version {VERSION}")
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise InputError(f"{path}: `findings` must be a list")
        entries = []
        for i, f in enumerate(findings):
            if not (isinstance(f, dict) and all(isinstance(f.get(k), str) and f.get(k)
                                                for k in ("path", "code", "fingerprint"))):
                raise InputError(f"{path}: finding {i + 1} needs path, code and fingerprint")
            count = f.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise InputError(f"{path}: finding {i + 1}: `count` must be a positive integer")
            entries.append(Entry(f["path"], f["code"], f["fingerprint"], count, f.get("line"),
                                 str(f.get("text") or ""), str(f.get("context") or ""),
                                 f.get("unit_id"), str(f.get("message") or "")))
        return cls(entries, path.resolve().parent, path)

    def filter(self, records: Sequence[Mapping]
               ) -> tuple[list[Mapping], list[Mapping], list[Entry]]:
        """Split ``records`` into (kept, suppressed) and list the stale entries (those that
        matched no record). Records keep their order. ``count`` bounds how many records one
        entry suppresses."""
        budget: Counter = Counter()
        for e in self.entries:
            budget[(e.path, e.code, e.fingerprint)] += e.count
        used: Counter = Counter()
        lines = _Lines()
        kept, suppressed = [], []
        for r in records:
            key = (_rel(str(r["path"]), self.root), str(r["code"]),
                   record_fingerprint(r, lines))
            if used[key] < budget[key]:
                used[key] += 1
                suppressed.append(r)
            else:
                kept.append(r)
        stale, seen = [], set()
        for e in self.entries:
            key = (e.path, e.code, e.fingerprint)
            if used[key] == 0 and key not in seen:
                stale.append(e)
            seen.add(key)
        return kept, suppressed, stale


# -- inline markers ----------------------------------------------------------------------------

_MARKER = re.compile(r"mtfix:\s*ignore\b([^\n]*)", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_ALL = frozenset({"ALL"})


def marker_codes(text: str) -> frozenset[str] | None:
    """The codes an ``mtfix: ignore CODE[,CODE]`` marker in ``text`` names (expanded from
    prefixes and names; ``{"ALL"}`` for a marker without codes, or with ALL), or None when
    ``text`` holds no marker. An unknown code is kept as written (uppercased): it matches
    nothing, and a renamed rule's old marker does no harm."""
    found: set[str] = set()
    any_marker = False
    for m in _MARKER.finditer(text):
        any_marker = True
        rest = m.group(1).replace("-->", " ")
        words = [w for w in re.split(r"[\s,]+", rest) if w]
        codes = []
        for w in words:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", w):
                break  # the marker ends where its code list does (a comment may go on)
            codes.append(w)
        if not codes:
            return _ALL
        for c in codes:
            found |= _expand(c)
    if not any_marker:
        return None
    return _ALL if "ALL" in found else frozenset(found)


def _expand(selector: str) -> set[str]:
    from .rules import UnknownRuleError, _matching

    if selector.upper() == "ALL":
        return {"ALL"}
    try:
        return set(_matching(selector))
    except UnknownRuleError:
        return {selector.upper()}


def unit_ignores(unit) -> frozenset[str]:
    """The codes a unit's notes (PO translator comments, XLIFF notes) tell mtfix to ignore."""
    out: set[str] = set()
    for note in getattr(unit, "notes", ()) or ():
        codes = marker_codes(note)
        if codes:
            out |= codes
    return frozenset(out)


def comment_ignores(text: str) -> dict[int, frozenset[str]]:
    """1-based line -> codes, from ``<!-- mtfix: ignore ... -->`` comments in a Markdown or
    HTML text: a comment on lines a..b covers lines a..b+1 (its own lines and the next)."""
    out: dict[int, set[str]] = {}
    # Every comment ends at a "-->": none after the last one. Searching no further keeps a
    # run of unclosed "<!--" from making each of them scan to the end (quadratic).
    end = text.rfind("-->")
    pos, line = 0, 1   # line is the 1-based line of offset pos
    for m in _HTML_COMMENT.finditer(text, 0, end + 3 if end != -1 else 0):
        codes = marker_codes(m.group(1))
        if not codes:
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        first = line
        last = first + m.group(0).count("\n") + 1
        for n in range(first, last + 1):
            out.setdefault(n, set()).update(codes)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass
class InlineIgnores:
    """What a parsed file's inline markers ignore: per unit (notes) and per file line
    (markup comments). Build with :meth:`of`; ask with :meth:`ignored`."""

    by_unit: list[frozenset[str]]
    by_line: dict[int, frozenset[str]]

    @classmethod
    def of(cls, parsed) -> "InlineIgnores":
        """From a parsed file (``mtfix.formats`` ``ParsedFile``): the units' notes, and for
        Markdown/HTML the comments of the document text."""
        by_unit = [unit_ignores(u) for u in parsed.units]
        by_line: dict[int, frozenset[str]] = {}
        if getattr(parsed, "kind", None) in ("markdown", "html") and \
                isinstance(getattr(parsed, "text", None), str):
            by_line = comment_ignores(parsed.text)
        return cls(by_unit, by_line)

    def any(self) -> bool:
        """Whether any marker is there at all (else :meth:`ignored` is always False)."""
        return any(self.by_unit) or bool(self.by_line)

    def ignored(self, code: str, unit_index: int, file_line: int | None = None) -> bool:
        """Whether a finding of ``code`` in unit ``unit_index`` (0-based), at 1-based
        ``file_line``, is marked as accepted."""
        codes = self.by_unit[unit_index] if unit_index < len(self.by_unit) else frozenset()
        if file_line is not None:
            codes = codes | self.by_line.get(file_line, frozenset())
        return "ALL" in codes or code in codes


# -- all of it, for `mtfix check` --------------------------------------------------------------

@dataclass
class Suppressed:
    """What :func:`apply_ignores` kept, what it dropped (and why), and the stale entries."""

    kept: list[Mapping]
    by_config: list[Mapping] = field(default_factory=list)   # per-file-ignores
    by_marker: list[Mapping] = field(default_factory=list)   # inline markers
    by_file: list[Mapping] = field(default_factory=list)     # the ignore file
    stale: list[Entry] = field(default_factory=list)


def may_suppress(settings, parsed_files: Iterable[Any]) -> bool:
    """Whether :func:`apply_ignores` could take a finding of these parsed files away: when
    per-file-ignores or an ignore file are set, or a file holds an inline marker. False: a
    check may skip making records for it (``mtfix.run.checkrun``). A new way to suppress
    findings goes into both."""
    if settings.per_file_ignores or getattr(settings, "ignore_file", None):
        return True
    return any(InlineIgnores.of(p).any() for p in parsed_files)


def apply_ignores(records: Sequence[Mapping], settings, parsed: Mapping[str, Any] | None = None,
                  ignore_file: IgnoreFile | None = None) -> Suppressed:
    """The check records that stay, in order: minus ``per-file-ignores``
    (:func:`mtfix.settings.codes_ignored_for`), minus inline markers (``parsed``: record path
    -> parsed file, for the files that have units with notes or markup comments; a record's
    ``unit`` is 1-based, a record without one is unit 1), minus the accepted findings of
    ``ignore_file`` (default: ``settings.ignore_file`` when set; its stale entries are those
    that matched none of the records left by the first two steps). :func:`may_suppress` says
    beforehand whether any of them can apply."""
    from .settings import codes_ignored_for

    out = Suppressed([])
    # What applies to each path the records name, worked out once per path: the codes its
    # per-file-ignores name, and its inline markers (None: the file has none).
    per_path: dict[str, frozenset[str]] = {}
    inline: dict[str, InlineIgnores | None] = {}
    for path in {str(p) for p in set(map(itemgetter("path"), records))}:
        per_path[path] = (codes_ignored_for(path, settings)
                          if settings.per_file_ignores and path not in ("-", "<stdin>")
                          else frozenset())
        if parsed is not None and path in parsed:
            marks = InlineIgnores.of(parsed[path])
            inline[path] = marks if marks.any() else None
    if not any(per_path.values()) and not any(inline.values()):
        rest = list(records)  # nothing to take away (most runs): no test per record
    else:
        rest = []
        for r in records:
            path = str(r["path"])
            if r["code"] in per_path[path]:
                out.by_config.append(r)
                continue
            marks = inline.get(path)
            if marks is not None and marks.ignored(str(r["code"]), int(r.get("unit", 1)) - 1,
                                                   int(r["line"])):
                out.by_marker.append(r)
                continue
            rest.append(r)
    if ignore_file is None and getattr(settings, "ignore_file", None):
        ignore_file = IgnoreFile.load(settings.ignore_file)
    if ignore_file is not None:
        out.kept, out.by_file, out.stale = ignore_file.filter(rest)
    else:
        out.kept = rest
    return out
