"""The side outputs of a fix run, besides the repaired files: ``--ref`` scores (on standard
error), the ``--report`` review page and the ``--edits`` records. Both of the latter are made
from the run's findings (:func:`mtfix.review.findings.findings_for_file` over the loaded and
repaired files: exactly what the run wrote, plus the suggestions it did not apply and the
notes): the page by :func:`mtfix.reporting.review.render_review_page`, the records by
:func:`mtfix.reporting.records.review_jsonl`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..formats import FormatOptions
from ..settings import Settings
from ..textio import read
from .load import FileJob
from .sink import write_file


@dataclass(frozen=True)
class SideOutputs:
    report: Path | None = None              # --report: the review page of every input
    refs: tuple[str, ...] = ()              # --ref: score the one input before and after
    edits: Path | None = None               # --edits: JSON Lines, one record per finding
    source: str | None = None               # --source: the one plain-text input's source
    show_unchanged: bool = False            # --show-unchanged: the page carries every segment

    def wanted(self) -> bool:
        return self.report is not None or bool(self.refs) or self.edits is not None

    def findings_wanted(self) -> bool:
        return self.report is not None or self.edits is not None


def job_findings(job: FileJob, settings: Settings, options: FormatOptions | None, *,
                 diagnostics, source: str | None = None, reference: str | None = None,
                 skip: frozenset = frozenset()):
    """The findings of one loaded job, repaired (``job.results``) and checked (``diagnostics``,
    one list per unit): only put together, nothing is parsed, fixed or checked again.
    ``source``: the line-aligned source TEXT of a plain-text job (``--source``). Units whose
    state is in ``skip`` (``fix --skip-state``) have no findings."""
    from ..review.findings import findings_of_units
    ff = findings_of_units(job.name, job.fmt, job.data, job.parsed, job.results, diagnostics,
                           job.settings(settings).mode, options=options, source=source,
                           reference=reference)
    if skip:
        for uf, u in zip(ff.units, job.parsed.units):
            if getattr(u, "state", None) in skip:
                uf.records = []
    return ff


def write_side_outputs(jobs: Sequence[FileJob], settings: Settings, side: SideOutputs,
                       options: FormatOptions | None = None,
                       skip: frozenset = frozenset(), diagnostics=None,
                       sources: dict[int, str] | None = None) -> list:
    """--report, --ref scores and --edits of a fix run (``jobs``: loaded and repaired; the
    scores are of the first, the only one; ``diagnostics``: per job and unit; ``sources``: a
    job's index -> its source text, as the repair had it). Returns the findings (empty when
    neither the page nor the records were asked for)."""
    from ..engine import Linter
    from ..scoring.metrics import score_report
    from ..scoring.render import render_text
    from ..text import split_lines

    scores = None
    reference = None
    if side.refs:  # signed with the rule selection and glossaries that made the repair
        job = jobs[0]
        ref_texts = [read(r).text for r in side.refs]
        reference = ref_texts[0]
        scores = score_report(split_lines(job.results[0].text),
                              [split_lines(t) for t in ref_texts],
                              baseline=split_lines(job.texts[0]),
                              provenance=Linter(settings).provenance())
    files = []
    if side.findings_wanted():
        files = [job_findings(j, settings, options, source=(sources or {}).get(k),
                              diagnostics=diagnostics[k],
                              reference=reference if k == 0 else None, skip=skip)
                 for k, j in enumerate(jobs)]
    html = records = None
    if side.report is not None:
        from ..reporting.review import render_review_page

        title = f"mtfix: {jobs[0].name}" if len(jobs) == 1 else f"mtfix: {len(jobs)} files"
        html = render_review_page(files, title=title, show_unchanged=side.show_unchanged)
    if side.edits is not None:
        from ..reporting.records import review_jsonl

        records = review_jsonl(files, decisions=True)

    if html is not None:
        write_file(side.report, html.encode("utf-8"))
    if scores is not None:
        sys.stderr.write(render_text(scores))
    if records is not None:
        write_file(side.edits, records)
    return files
