"""The side outputs of a fix run, besides the repaired files: ``--ref`` scores (on standard
error), the ``--report`` HTML page and the ``--edits`` records, made by :mod:`mtfix.scoring` and
:mod:`mtfix.reporting` from the loaded and repaired files."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..model import AppliedEdit
from ..settings import Settings
from ..textio import decode, read, write_atomic
from .load import FileJob


@dataclass(frozen=True)
class SideOutputs:
    report: Path | None = None              # --report: one input's HTML report
    refs: tuple[str, ...] = ()              # --ref: score the one input before and after
    edits: Path | None = None               # --edits: JSON Lines, one record per edit

    def __bool__(self) -> bool:
        return self.report is not None or bool(self.refs) or self.edits is not None


def write_side_outputs(jobs: Sequence[FileJob], settings: Settings, side: SideOutputs) -> None:
    """--ref scores, then --report and --edits of a fix run (``jobs``: repaired, loaded)."""
    job = jobs[0]
    score_rep = _score(job, side.refs, settings) if side.refs else None
    if side.report is not None:
        write_atomic(side.report, _report_html(job, settings, score_rep).encode("utf-8"))
    if score_rep is not None:
        from ..scoring.metrics import render_text

        sys.stderr.write(render_text(score_rep))
    if side.edits is not None:
        write_atomic(side.edits, _edit_records(jobs).encode("utf-8"))


def _score(job: FileJob, refs: Sequence[str], settings: Settings):
    """Before/after scores of one repaired file against its references, signed with the rule
    selection and glossaries that produced it."""
    from ..engine import Linter
    from ..scoring.metrics import score_report, split_lines

    return score_report(split_lines(job.results[0].text),
                        [split_lines(read(r).text) for r in refs],
                        baseline=split_lines(job.texts[0]),
                        provenance=Linter(settings).provenance())


def _report_html(job: FileJob, settings: Settings, score_rep) -> str:
    from ..reporting.html import render_html, report_from_texts

    rows = _score_rows(score_rep) if score_rep is not None else None
    meta = {"input": job.name, "mode": settings.mode if job.is_text else "lines",
            "format": job.fmt.name}
    title = f"mtfix: {job.name}"
    if job.is_text:
        res = job.results[0]
        return report_from_texts(job.texts[0], res.text, res.applied, title=title, scores=rows,
                                 meta=meta)
    return render_html(report_pairs(job), title=title, edits=edits_by_line(job), scores=rows,
                       meta=meta)


def _score_rows(report) -> list[dict]:
    """The report's scores as rows for the HTML report."""
    rows = []
    for metric, sc in report.scores.items():
        base = report.baseline[metric].value if report.baseline else None
        rows.append({"metric": sc.name or metric, "baseline": base, "system": sc.value,
                     "delta": None if base is None else sc.value - base})
    return rows


def edits_by_line(job: FileJob) -> dict[int, list[AppliedEdit]]:
    """Applied edits keyed by report segment: the file line where the format's single unit
    keeps the file's lines (plain text, markup), the unit number (1-based) otherwise."""
    out: dict[int, list[AppliedEdit]] = {}
    one_doc = len(job.parsed.units) == 1 and job.parsed.units[0].line in (1, None) \
        and job.fmt.preserves_lines
    for k, res in enumerate(job.results):
        for a in res.applied:
            key = a.line if one_doc else k + 1
            out.setdefault(key, []).append(a)
    return out


def report_pairs(job: FileJob) -> list[tuple[str, str]]:
    """Before/after segments for the HTML report of a structured file: the lines of the file
    for one-document formats (markup), one pair per unit otherwise (line breaks as spaces)."""
    if job.fmt.one_document:
        def lines(data: bytes) -> list[str]:
            out = decode(data, job.name).text.split("\n")
            if len(out) > 1 and out[-1] == "":
                out.pop()  # the final newline ends the last line; it is not another line
            return [ln[:-1] if ln.endswith("\r") else ln for ln in out]

        before, after = lines(job.data), lines(job.output())
        if len(before) == len(after):
            return list(zip(before, after))
    flat = lambda t: t.replace("\r\n", " ").replace("\n", " ")  # noqa: E731
    return [(flat(u.target), flat(r.text)) for u, r in zip(job.parsed.units, job.results)]


def _edit_records(jobs: Sequence[FileJob]) -> str:
    """The --edits file: records located in each unit's original text; for unit formats with
    the unit's number and id, and lines made file lines where the format knows them."""
    from ..reporting.records import edit_records, write_jsonl

    buf = io.StringIO()
    for job in jobs:
        for k, (unit, res) in enumerate(zip(job.parsed.units, job.results)):
            recs = edit_records(job.name, unit.target, res.applied)
            if not job.is_text:
                for r in recs:
                    r["unit"] = k + 1
                    if unit.id is not None:
                        r["unit_id"] = unit.id
                    if unit.line is not None and not job.fmt.one_document:
                        r["line"] += unit.line - 1
                        r["end_line"] += unit.line - 1
            write_jsonl(recs, buf)
    return buf.getvalue()
