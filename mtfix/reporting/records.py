"""Edit records: one JSON-able record per edit ``mtfix fix`` applied, located in the ORIGINAL
text (``mtfix fix --edits edits.jsonl``), and reading them back."""

from __future__ import annotations

import json
from typing import IO, Iterable, Mapping

from ..text import line_starts
from ..textio import InputError, json_lines


def _locate(starts: list[int], offset: int) -> tuple[int, int]:
    """(1-based line, 1-based column) of a character offset, given the line start offsets."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # last line start <= offset
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def edit_records(path: str, original: str, applied) -> list[dict]:
    """One record per applied edit (``FixResult.applied``), in the order they were applied.

    ``line``/``column`` locate ``orig_start`` in ``original`` (1-based, characters);
    ``end_line``/``end_column`` locate ``orig_end`` (exclusive, like ruff's ``end_location``).
    ``start``/``end`` are the same span as character offsets into ``original``. ``before`` is
    the text the rule replaced in the pass that applied it (for a later pass it can differ from
    ``original[start:end]`` when an earlier pass changed that text).
    """
    from ..rules import REGISTRY

    starts = line_starts(original)
    out = []
    for a in applied:
        s = a.orig_start if a.orig_start >= 0 else a.start
        e = a.orig_end if a.orig_end >= 0 else a.end
        line, col = _locate(starts, s)
        end_line, end_col = _locate(starts, e)
        rule = REGISTRY.get(a.code)
        app = getattr(a.applicability, "value", a.applicability)
        out.append({
            "path": path, "line": line, "column": col, "end_line": end_line,
            "end_column": end_col, "start": s, "end": e, "code": a.code,
            "rule": rule.name if rule is not None else None,
            "before": a.before, "after": a.after, "applicability": app,
            "message": a.message, "iteration": a.iteration,
        })
    return out


def unit_edit_records(path: str, units, results, *, number_units: bool = True,
                      shift_lines: bool = True) -> list[dict]:
    """Records of a file's units (``units[k]`` repaired into ``results[k]``), each located in
    its unit's original text. ``number_units``: add the unit's number (1-based) and its id;
    ``shift_lines``: make lines file lines, counted from the line where each unit starts."""
    out = []
    for k, (unit, res) in enumerate(zip(units, results)):
        recs = edit_records(path, unit.target, res.applied)
        if number_units:
            for r in recs:
                r["unit"] = k + 1
                if unit.id is not None:
                    r["unit_id"] = unit.id
                if shift_lines and unit.line is not None:
                    r["line"] += unit.line - 1
                    r["end_line"] += unit.line - 1
        out.extend(recs)
    return out


# json.dumps(x, ensure_ascii=False), without making an encoder per call (the records of a
# dense text: hundreds of thousands); review.findings makes its record ids with it too
json_text = json.JSONEncoder(ensure_ascii=False).encode


def write_jsonl(records: Iterable[Mapping], fh: IO[str]) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    for r in records:
        fh.write(json_text(r) + "\n")
        n += 1
    return n


def read_jsonl(fh: IO[str], name: str = "<edits>") -> list[dict]:
    """Records written by :func:`write_jsonl`; a bad line is an :class:`InputError`."""
    out = []
    for i, rec in json_lines(fh, name):
        if not isinstance(rec, dict) or not {"line", "column", "code"} <= rec.keys():
            raise InputError(f"{name}:{i}: not an edit record (needs line, column, code)")
        out.append(rec)
    return out


# -- review records (mtfix fix --edits with the review schema, the review page's export) ----

DEFAULT_DECISION = {"applied": "accept", "suggested": "reject"}


def review_records(files, decisions: bool = False) -> list[dict]:
    """The review records of ``files`` (``mtfix.review.findings.FileFindings``), in file and
    text order: applied edits, suggestions and notes (schema: :mod:`mtfix.review.findings`).
    With ``decisions``, every applied and suggested record carries its default decision
    (applied: accept, suggested: reject), as the review page exports it untouched: such a
    file given to ``mtfix apply`` reproduces ``mtfix fix``'s output."""
    out = []
    for ff in files:
        for r in ff.records:
            if decisions and r["status"] in DEFAULT_DECISION:
                r = {**r, "decision": DEFAULT_DECISION[r["status"]]}
            out.append(r)
    return out


def applied_records(records: Iterable[Mapping]) -> list[Mapping]:
    """The records that describe applied edits: review records of status ``applied`` and the
    older edit records (no status). For readers of ``--edits`` files (``mtfix diff --edits``,
    ``mtfix eval-edits --edits``) now that such files also hold suggestions and notes."""
    return [r for r in records if r.get("status", "applied") == "applied"]


def review_jsonl(files, decisions: bool = False) -> bytes:
    """:func:`review_records` as JSON Lines bytes (for ``write_atomic``)."""
    return "".join(json_text(r) + "\n"
                   for r in review_records(files, decisions)).encode("utf-8")
