"""``mtfix check`` as a run: collect and load the inputs, check their units over an executor,
and turn the diagnostics into records located in the files (path, file line, column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from ..formats import FormatOptions
from ..model import Diagnostic
from ..settings import Settings
from ..text import aligned_source
from ..textio import InputError
from .dispatch import check_groups
from .executors import make_executor
from .inputs import collect
from .load import Failure, FileJob, load_all, read_source


@dataclass
class CheckOutcome:
    records: list[dict] = field(default_factory=list)
    names: list[str] = field(default_factory=list)       # the files checked
    failures: list[Failure] = field(default_factory=list)
    worst: int | None = None                              # the highest severity rank found
    jobs: list[FileJob] = field(default_factory=list)     # the files loaded (for --report)


def check_files(paths: Sequence[str], settings: Settings, *, fmt_name: str = "auto",
                options: FormatOptions = FormatOptions(), include: Sequence[str] = ("*.txt",),
                source: str | None = None, jobs: int = 1) -> CheckOutcome:
    """Diagnostics of every unit of every input, as records. ``source``: a line-aligned source
    text for the one plain-text input (bilingual checks)."""
    inputs = collect(paths, include)
    loaded, failures = load_all(inputs, fmt_name, options, settings)
    sources = None
    if source is not None:
        if len(inputs) != 1:
            raise InputError("--source goes with exactly one input file")
        if loaded:
            sources = {0: read_source(loaded[0], source)}
    executor = make_executor("local", jobs if len(loaded) > 1 else 1)
    try:
        all_diags = _check(loaded, settings, executor, sources)
    finally:
        executor.close()
    out = CheckOutcome(names=[j.name for j in loaded], failures=failures, jobs=loaded)
    for job, per_unit in zip(loaded, all_diags):
        for k, diags in enumerate(per_unit):
            out.records.extend(_records(job, k, diags, settings))
            for d in diags:
                rank = d.severity.rank
                out.worst = rank if out.worst is None else max(out.worst, rank)
    return out


def _check(jobs: Sequence[FileJob], settings: Settings, executor,
           sources: dict[int, str] | None) -> list[list[list[Diagnostic]]]:
    """Diagnostics per job and unit. Units carry their source text (bilingual formats);
    ``sources`` maps a job index to a line-aligned source text (``--source``)."""
    out: list[list[list[Diagnostic]]] = [[] for _ in jobs]
    by_settings: dict[Settings, list[int]] = {}
    for i, job in enumerate(jobs):
        by_settings.setdefault(job.settings(settings), []).append(i)
    for s, idxs in by_settings.items():
        groups = []
        for i in idxs:
            job = jobs[i]
            groups.append([_pair(u.target, sources.get(i) if sources and job.is_text
                                    else u.source) for u in job.parsed.units])
        for i, res in zip(idxs, check_groups(groups, s, executor)):
            out[i] = res
    return out


def _pair(target: str, source: str | None) -> tuple[str, str | None]:
    return target, aligned_source(target, source)


def _records(job: FileJob, k: int, diags: Sequence[Diagnostic], settings: Settings) -> list:
    from ..rules.base import Document

    unit = job.parsed.units[k]
    doc = Document(unit.target, job.settings(settings).mode)
    return [_record(job, k, unit, doc, d) for d in diags]


def _record(job: FileJob, k: int, unit, doc, d: Diagnostic) -> dict:
    line = doc.line_of(d.start)
    col = d.start - doc.line_starts[line] + 1
    # a unit that is one physical line (JSONL) keeps its line whatever its escaped \n
    file_line = (unit.line or 1) + (0 if job.fmt.unit_is_one_line else line)
    rec = {
        "path": job.name, "line": file_line, "column": col, "code": d.code,
        "name": code_name(d.code), "message": d.message,
        "severity": d.severity.value, "text": unit.target[d.start:d.end],
        "fix": None if d.fix is None else {
            "applicability": d.fix.applicability.value,
            "edits": [{"start": e.start, "end": e.end, "content": e.content}
                      for e in d.fix.edits]},
    }
    if not job.is_text:
        rec["unit"] = k + 1
        if unit.id is not None:
            rec["unit_id"] = unit.id
    return rec


@lru_cache(maxsize=None)
def code_name(code: str) -> str:
    from ..posteditor.stage import STAGES
    from ..rules import REGISTRY

    return REGISTRY[code].name if code in REGISTRY else STAGES[code][0]
