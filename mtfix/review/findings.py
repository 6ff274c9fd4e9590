"""Every finding of a run as a record: the edits ``fix`` applied, the unsafe fixes it did not
apply (suggestions) and the display-only diagnostics (notes), located in the ORIGINAL text.

One record per finding (a JSON-able dict):

``id``          stable: a hash of the finding's content (status, unit number and id, codes, span,
                before, after), never of the file's path, so a moved file keeps its ids
``status``      ``applied`` | ``suggested`` | ``note``
``code``        the rule code (for an applied group: the first rule that edited the span);
                ``codes`` lists every rule of the group
``rule``        the rule's name; ``severity`` (info/warning/error); ``message``
``path``        the file as given; ``format`` (text, po, xliff, ...); ``sha256`` of its bytes;
                ``options`` only when the format options are not the defaults
``unit``        1-based unit number (1 for plain text, Markdown, HTML: the whole document);
                ``unit_id`` when the format has ids
``line``/``column``  1-based, where ``start`` is: plain text and markup, the line of the file;
                PO/XLIFF/TMX/CSV, the unit's file line plus the line inside the unit (as
                ``mtfix check`` reports it); JSONL, the record's line
``start``/``end``    character offsets of the span in the unit's ORIGINAL target text
``before``/``after`` the original text of the span and its replacement (``after`` is "" for
                notes, and for applied or suggested deletions)
``applicability``    safe / unsafe / display-only
``edits``       (applied) the engine's edits merged into this record: code, before, after, pass;
                ``iteration``: the last pass among them (the key of the older edit records)
``overlaps``    (suggested) ids of applied records whose spans this suggestion overlaps or
                touches: accepting it while they are kept skips it in ``mtfix apply``

Applied edits: the engine may change one place in several passes. Edits whose original spans
overlap or touch form ONE record: ``before`` is the original text of the group's span, ``after``
the final text of that span. Outside the groups the fixed text equals the original, so each
group's final text follows from the offsets (the groups in order, with the accumulated length
shift); the reconstruction (original with every group replaced == fix output) is checked, and
when it fails the groups of that unit are merged into one that always holds.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field, replace
from typing import Sequence

from ..engine import FixResult, Linter
from ..formats import FormatOptions
from ..model import Applicability, AppliedEdit, Diagnostic
from ..reporting.records import json_text
from ..text import aligned_source, line_starts
from ..settings import Settings
from ..textio import InputError, read_bytes

STATUSES = ("applied", "suggested", "note")
_DEFAULT_OPTIONS = FormatOptions()


@dataclass
class UnitFindings:
    """One unit of a file: its original target, the fixed text, its source, its records."""

    index: int                   # 1-based
    target: str
    fixed: str
    source: str | None = None
    id: str | None = None
    line: int | None = None      # file line where the unit starts
    records: list[dict] = field(default_factory=list)


@dataclass
class FileFindings:
    """The findings of one input file."""

    path: str
    format: str
    sha256: str
    mode: str                    # the mode units were fixed in (structured formats: lines)
    units: list[UnitFindings]
    options: dict | None = None  # non-default format options
    reference: str | None = None  # a reference translation (plain text: line-aligned)
    # markup formats: the placeholders of the masked text, for showing the original markup
    placeholders: dict | None = None  # {"prefix": "mtfix", "originals": [...]}

    @property
    def records(self) -> list[dict]:
        return [r for u in self.units for r in u.records]

    @property
    def is_text(self) -> bool:
        return self.format == "text"

    def fixed_targets(self) -> list[str]:
        return [u.fixed for u in self.units]


# -- spans --------------------------------------------------------------------------------------

def _orig_span(a: AppliedEdit) -> tuple[int, int]:
    s = a.orig_start if a.orig_start >= 0 else a.start
    e = a.orig_end if a.orig_end >= 0 else a.end
    return s, max(s, e)


def conflicts(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans conflict when they intersect, or touch where one of them is an insertion
    (which side of the other it would go is not defined)."""
    (s1, e1), (s2, e2) = a, b
    if s1 < e2 and s2 < e1:
        return True
    if s1 == e1 and s2 <= s1 <= e2:
        return True
    if s2 == e2 and s1 <= s2 <= e1:
        return True
    return False


def replace_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, content) replaced; spans sorted and disjoint."""
    out: list[str] = []
    pos = 0
    for s, e, c in spans:
        if s < pos:
            raise ValueError(f"overlapping spans at {s}")
        out.append(text[pos:s])
        out.append(c)
        pos = e
    out.append(text[pos:])
    return "".join(out)


@dataclass
class _Group:
    start: int
    end: int
    edits: list[AppliedEdit]
    after: str = ""


def applied_groups(original: str, res: FixResult) -> list[_Group]:
    """The applied edits of one fixed text, grouped by overlapping or touching original spans,
    each group with its final text. Checked: original with the groups replaced == res.text."""
    if not res.applied:
        return []
    items = sorted(res.applied, key=lambda a: (*_orig_span(a), a.iteration))
    groups: list[_Group] = []
    for a in items:
        s, e = _orig_span(a)
        if groups and s <= groups[-1].end:
            g = groups[-1]
            g.end = max(g.end, e)
            g.edits.append(a)
        else:
            groups.append(_Group(s, e, [a]))
    fixed = res.text
    shift = 0
    for g in groups:
        delta = sum(len(a.after) - len(a.before) for a in g.edits)
        fs = g.start + shift
        g.after = fixed[fs:fs + (g.end - g.start) + delta]
        shift += delta
    if _rebuilds(original, fixed, groups):
        # a group whose final text is its original text (a later pass undid it) changes nothing
        return [g for g in groups if g.after != original[g.start:g.end]]
    # Fallback: one group from the first to the last edited offset (prefix and suffix are
    # unchanged), else the whole text.
    s, e = groups[0].start, max(g.end for g in groups)
    tail = len(original) - e
    one = _Group(s, e, [a for g in groups for a in g.edits],
                 fixed[s:len(fixed) - tail] if len(fixed) - tail >= s else "")
    if not _rebuilds(original, fixed, [one]):
        one = _Group(0, len(original), one.edits, fixed)
    assert _rebuilds(original, fixed, [one])
    return [one]


def _rebuilds(original: str, fixed: str, groups: Sequence[_Group]) -> bool:
    return replace_spans(original, [(g.start, g.end, g.after) for g in groups]) == fixed


# -- records ------------------------------------------------------------------------------------

_RULES: dict = {}   # code -> rule, once found (asked once per finding: 200,000 on a 1 MB line)


def _rule(code: str):
    r = _RULES.get(code)
    if r is None:
        from ..rules import REGISTRY

        r = REGISTRY.get(code)
        if r is not None:
            _RULES[code] = r
    return r


def _rule_name(code: str) -> str | None:
    r = _rule(code)
    return r.name if r is not None else None


def _rule_severity(code: str) -> str:
    r = _rule(code)
    sev = getattr(r, "severity", None) if r is not None else None
    return getattr(sev, "value", "warning")


def record_id(status: str, unit: int, unit_id: str | None, codes: Sequence[str], start: int,
              end: int, before: str, after: str) -> str:
    key = json_text([status, unit, unit_id, list(codes), start, end, before, after])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class _Locator:
    """File line and column of an offset in a unit's target, the way ``mtfix check`` reports."""

    def __init__(self, fmt: str, unit: UnitFindings) -> None:
        self.starts = line_starts(unit.target)
        self.base = unit.line or 1
        self.jsonl = fmt == "jsonl"

    def __call__(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        col = offset - self.starts[i] + 1
        return self.base + (0 if self.jsonl else i), col


def _suggested_span(text: str, d: Diagnostic) -> tuple[int, int, str]:
    edits = sorted(d.fix.edits, key=lambda e: (e.start, e.end))
    s, e = edits[0].start, max(x.end for x in edits)
    after = replace_spans(text[s:e], [(x.start - s, x.end - s, x.content) for x in edits])
    return s, e, after


def unit_records(fmt: str, path: str, sha: str, unit: UnitFindings, res: FixResult,
                 diags: Sequence[Diagnostic], options: dict | None = None) -> list[dict]:
    """The records of one unit: applied groups, then suggestions and notes, in text order."""
    text = unit.target
    locate = _Locator(fmt, unit)
    seen: set[str] = set()

    def base(status: str, codes: list[str], s: int, e: int, before: str, after: str,
             message: str, severity: str, applicability: str) -> dict:
        rid = record_id(status, unit.index, unit.id, codes, s, e, before, after)
        k = 1
        while rid in seen:  # two identical findings: keep both, ids stay distinct and stable
            rid = record_id(status, unit.index, unit.id, codes + [str(k)], s, e, before, after)
            k += 1
        seen.add(rid)
        line, col = locate(s)
        end_line, end_col = locate(e)
        rec = {"id": rid, "status": status, "code": codes[0], "rule": _rule_name(codes[0]),
               "severity": severity, "message": message, "path": path, "format": fmt,
               "sha256": sha, "unit": unit.index}
        if unit.id is not None:
            rec["unit_id"] = unit.id
        rec.update({"line": line, "column": col, "end_line": end_line, "end_column": end_col,
                    "start": s, "end": e, "before": before, "after": after,
                    "applicability": applicability})
        if len(codes) > 1:
            rec["codes"] = codes
        if options:
            rec["options"] = options
        return rec

    out: list[dict] = []
    applied_recs: list[dict] = []
    for g in applied_groups(text, res):
        codes = list(dict.fromkeys(a.code for a in sorted(g.edits, key=lambda a: a.iteration)))
        msgs = list(dict.fromkeys(a.message for a in g.edits))
        apps = {getattr(a.applicability, "value", a.applicability) for a in g.edits}
        sev = max((_rule_severity(c) for c in codes), key=_SEV_RANK.get)
        rec = base("applied", codes, g.start, g.end, text[g.start:g.end], g.after,
                   "; ".join(msgs), sev, "unsafe" if "unsafe" in apps else "safe")
        rec["edits"] = [{"code": a.code, "before": a.before, "after": a.after,
                         "pass": a.iteration} for a in g.edits]
        rec["iteration"] = max(a.iteration for a in g.edits)  # as in the old edit records
        applied_recs.append(rec)
    out.extend(applied_recs)
    overlapping = _overlaps_finder(applied_recs)

    first_pass = {(a.code, a.start, a.end, a.after) for a in res.applied if a.iteration == 1}
    for d in diags:
        if d.fix is not None and d.fix.applicability is not Applicability.DISPLAY_ONLY:
            if all((d.code, e.start, e.end, e.content) in first_pass for e in d.fix.edits):
                continue  # fix applied it
            if d.fix.applicability is not Applicability.UNSAFE:
                continue  # a safe fix the engine chose not to take (overlap): not a finding
            s, e, after = _suggested_span(text, d)
            rec = base("suggested", [d.code], s, e, text[s:e], after, d.message,
                       d.severity.value, "unsafe")
            rec["overlaps"] = overlapping(s, e)
            out.append(rec)
        else:
            rec = base("note", [d.code], d.start, d.end, text[d.start:d.end], "", d.message,
                       d.severity.value, "display-only")
            out.append(rec)
    out.sort(key=lambda r: (r["start"], r["end"], STATUSES.index(r["status"])))
    return out


_SEV_RANK = {"info": 0, "warning": 1, "error": 2}


def _overlaps_finder(applied_recs: list[dict]):
    """``(s, e) ->`` the ids of the applied records whose spans conflict with ``s..e``, in
    their order. The applied groups are disjoint and in text order, so every conflicting one
    (end >= s and start <= e) lies in one stretch found by bisection: a 1 MB line with 100,000
    applied groups and a few hundred suggestions compared every pair (14 million calls,
    8 s of a 16 s ``--edits`` run)."""
    starts = [r["start"] for r in applied_recs]
    ends = [r["end"] for r in applied_recs]
    if any(a > b for a, b in zip(starts, starts[1:])) or any(
            a > b for a, b in zip(ends, ends[1:])):
        return lambda s, e: [r["id"] for r in applied_recs  # (not in order: every pair)
                             if conflicts((s, e), (r["start"], r["end"]))]

    def find(s: int, e: int) -> list[str]:
        lo, hi = bisect.bisect_left(ends, s), bisect.bisect_right(starts, e)
        return [r["id"] for r in applied_recs[lo:hi] if conflicts((s, e), (r["start"], r["end"]))]
    return find


def _options_dict(options: FormatOptions | None) -> dict | None:
    """The format options that differ from the defaults (None when none do)."""
    if options is None:
        return None
    from dataclasses import asdict

    d = {k: v for k, v in asdict(options).items() if getattr(_DEFAULT_OPTIONS, k) != v}
    return d or None


def options_from_dict(d: dict | None) -> FormatOptions:
    return FormatOptions(**(d or {}))


def findings_for_file(path: str, settings: Settings | None = None, *,
                      file_format: str = "auto", options: FormatOptions | None = None,
                      source: str | None = None, reference: str | None = None,
                      data: bytes | None = None, results: Sequence[FixResult] | None = None,
                      linter: Linter | None = None, name: str | None = None) -> FileFindings:
    """The findings of one input file in any supported format.

    ``source``: a line-aligned source TEXT for a plain-text input (``--source FILE``'s content;
    bilingual formats carry their own). ``reference``: a reference translation text, shown in
    the review page. ``data``: the file's bytes when already read; ``results``: the file's
    ``FixResult`` per unit when the caller already fixed it (``mtfix fix`` does), so the records
    describe exactly what it wrote; else each unit is fixed here. ``name``: the path as shown
    and recorded (default ``path``). Raises :class:`InputError` for unreadable input."""
    from ..formats.registry import detect, get

    settings = settings or Settings()
    name = name or path
    if data is None:
        data = read_bytes(path)
    fmt = detect(path, data[:4096]) if file_format == "auto" else get(file_format)
    opts = options or _DEFAULT_OPTIONS
    try:
        parsed = fmt.parse(data, name, opts)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{name}: nested too deeply to parse") from None
    except Exception as e:
        raise InputError(f"{name}: cannot parse as {fmt.name}: {e}") from None
    unit_settings = settings if fmt.units_are_lines else replace(settings, mode="lines")
    if linter is None or linter.settings != unit_settings:
        linter = Linter(unit_settings)
    if source is not None and not fmt.units_are_lines:
        raise InputError(f"{name}: a source text is for plain text; {fmt.name} carries its own")
    srcs = [aligned_source(u.target, source if fmt.units_are_lines else u.source)
            for u in parsed.units]
    if results is None:
        results = [linter.fix(u.target, source=s) for u, s in zip(parsed.units, srcs)]
    diagnostics = [linter.check(u.target, source=s) for u, s in zip(parsed.units, srcs)]
    return findings_of_units(name, fmt, data, parsed, results, diagnostics, unit_settings.mode,
                             options=options, source=source, reference=reference)


def findings_of_units(name: str, fmt, data: bytes, parsed, results: Sequence[FixResult],
                      diagnostics: Sequence[Sequence[Diagnostic]], mode: str, *,
                      options: FormatOptions | None = None, source: str | None = None,
                      reference: str | None = None) -> FileFindings:
    """The findings of a file already parsed, repaired (``results``, one per unit) and checked
    (``diagnostics`` of each unit's original text): what ``mtfix fix`` has in hand, so nothing
    is parsed, fixed or checked again. ``source``: the plain-text input's source TEXT."""
    if len(results) != len(parsed.units) or len(diagnostics) != len(parsed.units):
        raise ValueError("results and diagnostics: one per unit expected")
    sha = hashlib.sha256(data).hexdigest()
    opt_dict = _options_dict(options)
    units: list[UnitFindings] = []
    for k, u in enumerate(parsed.units):
        res = results[k]
        src = source if fmt.units_are_lines else u.source
        uf = UnitFindings(k + 1, u.target, res.text, src, u.id, u.line)
        uf.records = unit_records(fmt.name, name, sha, uf, res, diagnostics[k], opt_dict)
        units.append(uf)
    masked = getattr(parsed, "masked", None)
    ph = None
    if masked is not None and hasattr(masked, "prefix") and hasattr(masked, "originals"):
        ph = {"prefix": masked.prefix, "originals": list(masked.originals)}
    return FileFindings(name, fmt.name, sha, mode, units, opt_dict, reference, ph)
