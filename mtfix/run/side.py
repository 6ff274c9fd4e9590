"""The side outputs of a fix run, besides the repaired files: ``--ref`` scores (on standard
error), the ``--report`` HTML page and the ``--edits`` records. They are made by
:mod:`mtfix.scoring` and :mod:`mtfix.reporting` from the loaded and repaired files: this module
only says which parts of a file each one takes."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..model import AppliedEdit
from ..settings import Settings
from ..textio import decode, read
from .load import FileJob
from .sink import write_file


@dataclass(frozen=True)
class SideOutputs:
    report: Path | None = None              # --report: one input's HTML report
    refs: tuple[str, ...] = ()              # --ref: score the one input before and after
    edits: Path | None = None               # --edits: JSON Lines, one record per edit

    def wanted(self) -> bool:
        return self.report is not None or bool(self.refs) or self.edits is not None


def write_side_outputs(jobs: Sequence[FileJob], settings: Settings, side: SideOutputs) -> None:
    """--report, --ref scores and --edits of a fix run (``jobs``: loaded and repaired; the
    report and the scores are of the first, the only one)."""
    from ..engine import Linter
    from ..reporting.html import render_html, report_from_texts, score_rows
    from ..reporting.records import unit_edit_records, write_jsonl
    from ..scoring.metrics import score_report
    from ..scoring.render import render_text
    from ..text import split_lines

    job = jobs[0]
    title = f"mtfix: {job.name}"
    meta = {"input": job.name, "mode": job.settings(settings).mode, "format": job.fmt.name}
    segments = None if job.is_text or side.report is None else report_pairs(job)
    by_line = None if segments is None else edits_by_line(job)

    scores = None
    if side.refs:  # signed with the rule selection and glossaries that made the repair
        scores = score_report(split_lines(job.results[0].text),
                              [split_lines(read(r).text) for r in side.refs],
                              baseline=split_lines(job.texts[0]),
                              provenance=Linter(settings).provenance())
    html = None
    if side.report is not None:
        rows = score_rows(scores) if scores is not None else None
        if segments is None:
            html = report_from_texts(job.texts[0], job.results[0].text,
                                     job.results[0].applied, title=title, scores=rows, meta=meta)
        else:
            html = render_html(segments, title=title, edits=by_line, scores=rows, meta=meta)
    records = None
    if side.edits is not None:
        records = io.StringIO()
        for j in jobs:
            write_jsonl(unit_edit_records(j.name, j.parsed.units, j.results,
                                          number_units=not j.is_text,
                                          shift_lines=not j.fmt.preserves_lines), records)

    if html is not None:
        write_file(side.report, html.encode("utf-8"))
    if scores is not None:
        sys.stderr.write(render_text(scores))
    if records is not None:
        write_file(side.edits, records.getvalue().encode("utf-8"))


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
