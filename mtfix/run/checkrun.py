"""``mtfix check`` as a run: collect and load the inputs, check their units over an executor,
and turn the diagnostics into records located in the files (path, file line, column)."""

from __future__ import annotations

import bisect
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from typing import Sequence

from ..gc_pause import no_gc
from ..formats import FormatOptions
from ..model import Applicability, Diagnostic
from ..settings import Settings


from ..suppress import CONTEXT_CHARS, finding_context, may_suppress
from ..text import line_starts
from ..textio import InputError
from .dispatch import check_jobs
from .executors import make_executor
from .inputs import collect
from .load import Failure, FileJob, load_all, parse_warnings, read_source


@dataclass
class CheckOutcome:
    records: list[dict] = field(default_factory=list)
    names: list[str] = field(default_factory=list)       # the files checked
    failures: list[Failure] = field(default_factory=list)
    worst: int | None = None                              # the highest severity rank found
    jobs: list[FileJob] = field(default_factory=list)     # the files loaded (for --report)
    # What per-file-ignores, inline markers and the ignore file took away (records, after
    # apply_ignores ``records`` holds what is kept), and the ignore file's stale entries.
    suppressed: int = 0
    stale: list = field(default_factory=list)
    severities: dict = field(default_factory=dict)  # the kept records per severity
    # With ``text_lines`` and nothing that could suppress a finding: the text output's lines
    # (made from the diagnostics, no record), and the findings with a safe fix. Else None.
    lines: list[str] | None = None
    safe_fixes: int = 0


def check_files(paths: Sequence[str], settings: Settings, *, fmt_name: str = "auto",
                options: FormatOptions = FormatOptions(), include: Sequence[str] = ("*.txt",),
                source: str | None = None, jobs: int = 1, locate: bool = False,
                use_ignore_file: bool = True, context: bool = True,
                edits: bool = True, text_lines: bool = False) -> CheckOutcome:
    """Diagnostics of every unit of every input, as records, minus the findings that
    ``settings`` suppresses (per-file-ignores, inline markers, and with ``use_ignore_file``
    the ignore file: :func:`mtfix.suppress.apply_ignores`). ``source``: a line-aligned source
    text for the one plain-text input (bilingual checks). ``locate``: give the edits of plain
    text file locations (SARIF fixes). ``context``: give each record its ``context`` (the
    line it is on: JSON and SARIF output, the ignore file); records carry it anyway when an
    ignore file is read, whose fingerprints are made of it. ``edits``: give each record's
    ``fix`` its edits (JSON and SARIF show them); without, a record's ``fix`` is only its
    applicability, one dict shared by all records (the text, GitHub and JUnit outputs and the
    counts read nothing else: a third less memory for 270,000 findings). ``text_lines``:
    the caller writes the text output and nothing else; when no per-file-ignores, inline
    marker or ignore file can take a finding away, ``lines`` holds that output's lines, made
    from the diagnostics without records (``records`` stays empty): 400,000 findings, 0.6 ->
    0.3 s and 125 MB less."""
    inputs = collect(paths, include, settings)
    loaded, failures = load_all(inputs, fmt_name, options, settings)
    for message in parse_warnings(loaded):
        print(message, file=sys.stderr)
    sources = None
    if source is not None:
        if len(inputs) != 1:
            raise InputError("--source goes with exactly one input file")
        if loaded:
            sources = {0: read_source(loaded[0], source)}
    out = CheckOutcome(names=[j.name for j in loaded], failures=failures, jobs=loaded)
    records: list[dict] = []
    context = context or bool(use_ignore_file and settings.ignore_file)
    # What suppresses findings: the settings, without the ignore file unless it is used.
    ignores = settings if use_ignore_file else replace(settings, ignore_file=None)
    # The diagnostics and the records made of them: several objects per finding, none in a
    # cycle (see mtfix.gc_pause). One pause for both, and the diagnostics gone before it
    # ends: the collector's first pass after it sees only the records (not also the
    # diagnostics, as when the check's own pause ended).
    with no_gc():
        executor = make_executor("local", jobs if len(loaded) > 1 else 1)
        try:
            all_diags = check_jobs(loaded, settings, executor, sources)
        finally:
            executor.close()
        if text_lines and not may_suppress(ignores, [j.parsed for j in loaded
                                                      if j.parsed is not None]):
            out.lines = lines = []
            severities: Counter = Counter()
            for job, per_unit in zip(loaded, all_diags):
                out.safe_fixes += _job_lines(lines, severities, job, per_unit)
            out.severities = +severities
            _set_worst(out)
            return out
        for job, per_unit in zip(loaded, all_diags):
            _job_records(records, job, per_unit, locate or edits, context, locate)
        all_diags = per_unit = diags = None  # (the loop's names hold the last unit's)
        _suppress(out, records, loaded, ignores)
    return out


def _set_worst(out: CheckOutcome) -> None:
    from ..model import Severity

    for severity in out.severities:  # a few distinct values
        rank = Severity(severity).rank
        out.worst = rank if out.worst is None else max(out.worst, rank)


# The text output's mark of a fix, by its applicability (None: no fix).
_MARKS = {None: "", Applicability.SAFE.value: " [*]", Applicability.UNSAFE.value: " [*unsafe]",
          Applicability.DISPLAY_ONLY.value: ""}


def text_line(path, line: int, column: int, code: str, severity: str, message: str,
              applicability: str | None, unit_id=None) -> str:
    """A finding in the text output: ``path:line:column: CODE [severity] message``, `` [*]``
    for a safe fix (`` [*unsafe]`` for an unsafe one), the unit's id in brackets last."""
    return (f"{path}:{line}:{column}: {code} [{severity}] {message}{_MARKS[applicability]}"
            f"{f' [{unit_id}]' if unit_id else ''}")


def _job_lines(out: list, severities: Counter, job: FileJob,
               per_unit: Sequence[Sequence[Diagnostic]]) -> int:
    """The text output's lines of each unit's diagnostics, appended to ``out``, located as
    :func:`_job_records` locates its records; ``severities`` counts them. Returns how many
    have a safe fix. A list of diagnostics is emptied on the way, as there."""
    name = job.name
    one_line = job.fmt.unit_is_one_line
    is_text = job.is_text
    append = out.append
    safe = 0
    line_of = text_line
    found: list[str] = []  # the severities, counted once for the file (94,000 units)
    for k, unit, diags, first, starts, bisect_right in _units_found(job, per_unit):
        unit_id = None if is_text else unit.id
        consume = isinstance(diags, list)
        for i in range(len(diags)):
            d = diags[i]
            if consume:
                diags[i] = None
            start = d.start
            line = bisect_right(starts, start) - 1
            fix = d.fix
            app = None if fix is None else fix.applicability._value_
            severity = d.severity._value_
            found.append(severity)
            if app == "safe":
                safe += 1
            append(line_of(name, first + (0 if one_line else line), start - starts[line] + 1,
                           d.code, severity, d.message, app, unit_id))
    severities.update(found)
    return safe


def _units_found(job: FileJob, per_unit: Sequence[Sequence[Diagnostic]]):
    """For each unit of ``job`` with diagnostics: its index, the unit, its diagnostics, its
    first line in the file, its line starts and the bisection that finds a line among them
    (for a one-line unit, the most of them, none: :func:`_line_zero`)."""
    units = job.parsed.units
    for k, diags in enumerate(per_unit):
        if not diags:
            continue
        unit = units[k]
        target = unit.target
        if "\n" in target:
            yield k, unit, diags, unit.line or 1, line_starts(target), bisect.bisect_right
        else:
            yield k, unit, diags, unit.line or 1, [0], _line_zero


def _suppress(out: CheckOutcome, records: list[dict], jobs: Sequence[FileJob],
              ignores: Settings) -> None:
    """Keep the records no ignore of ``ignores`` applies to; the worst severity is of those
    kept."""
    from ..suppress import apply_ignores

    result = apply_ignores(records, ignores,
                           {j.name: j.parsed for j in jobs if j.parsed is not None})
    kept = result.kept
    out.records = kept if type(kept) is list else list(kept)  # (not copied again)
    out.suppressed = len(records) - len(out.records)
    out.stale = list(result.stale)
    # Counted in C, once: the summary reads the counts too (400,000 findings).
    out.severities = Counter(map(itemgetter("severity"), out.records))
    _set_worst(out)


def _line_zero(starts, start) -> int:
    return 1  # (what bisect_right gives in a one-line text's line table, [0])


# A record's ``fix`` without its edits, per applicability: shared, never changed.
_FIX_ONLY = {a.value: {"applicability": a.value} for a in Applicability}


def _job_records(out: list, job: FileJob, per_unit: Sequence[Sequence[Diagnostic]],
                 edits: bool = True, context: bool = True, locate: bool = False) -> None:
    """Each unit's diagnostics (``per_unit``, a list per unit of ``job``) as check records,
    appended to ``out``: path, line, column, code, name, message, severity, text (with
    ``edits`` or ``context``), fix (with its edits with ``edits``), context (with
    ``context``); unit and unit_id outside plain text. ``locate``: the edits located in the
    file (SARIF). What is the file's is worked out once, not per unit (200,000 one-line units
    with findings: a tenth of the check)."""
    name = job.name
    one_line = job.fmt.unit_is_one_line  # JSONL: the unit's line whatever its escaped \n
    is_text = job.is_text
    located = locate and job.fmt.units_are_lines
    if located:
        from ..reporting.check_formats import locate_fix
    names: dict[str, str] = {}
    append = out.append
    fix_only = _FIX_ONLY
    flagged = edits or context  # the flagged text: where an output or the ignore file reads it
    for k, unit, diags, first, starts, bisect_right in _units_found(job, per_unit):
        target = unit.target
        n_lines = len(starts)
        n_chars = len(target)
        extra = None if is_text else ({"unit": k + 1} if unit.id is None
                                      else {"unit": k + 1, "unit_id": unit.id})
        # The finding's line is the context the ignore file's fingerprint (mtfix.suppress) is
        # made of: found from the line table (not searched for in the text: a 1 MB line with
        # 100,000 findings), one string per line (a long line's is per finding: its stretch).
        contexts: dict[int, str] = {}
        first_rec = len(out)
        # A list of diagnostics is emptied on the way: each goes once its record is made, so
        # a file's diagnostics and records are not all held at once (270,000 findings on a
        # 16 MB line).
        consume = isinstance(diags, list)
        for i in range(len(diags)):
            d = diags[i]
            if consume:
                diags[i] = None
            start = d.start
            line = bisect_right(starts, start) - 1
            ls = starts[line]
            fix = d.fix
            code = d.code
            rule_name = names.get(code)
            if rule_name is None:
                rule_name = names[code] = code_name(code)
            # ``_value_``: the enum's value without the descriptor call of ``.value``
            if fix is None:
                fix_rec = None
            elif not edits:
                fix_rec = fix_only[fix.applicability._value_]
            else:
                fix_edits = fix.edits   # (not ``edits``: the flag)
                if len(fix_edits) == 1:
                    e = fix_edits[0]
                    edit_recs = [{"start": e.start, "end": e.end, "content": e.content}]
                else:
                    edit_recs = [{"start": e.start, "end": e.end, "content": e.content}
                                 for e in fix_edits]
                fix_rec = {"applicability": fix.applicability._value_, "edits": edit_recs}
            if flagged:
                rec = {
                    "path": name, "line": first + (0 if one_line else line),
                    "column": start - ls + 1, "code": code, "name": rule_name,
                    "message": d.message, "severity": d.severity._value_,
                    "text": target[start:d.end], "fix": fix_rec,
                }
            else:  # (the text, GitHub and JUnit outputs: no flagged text, read by none)
                rec = {
                    "path": name, "line": first + (0 if one_line else line),
                    "column": start - ls + 1, "code": code, "name": rule_name,
                    "message": d.message, "severity": d.severity._value_, "fix": fix_rec,
                }
            if context:
                ctx = contexts.get(line)
                if ctx is None:
                    le = starts[line + 1] - 1 if line + 1 < n_lines else n_chars
                    ctx = finding_context(target, start, ls, le)
                    if le - ls <= CONTEXT_CHARS:
                        contexts[line] = ctx
                rec["context"] = ctx  # (a tenth key fits the literal's table: no resize)
            if extra:
                rec.update(extra)
            append(rec)
        if located:
            for rec in out[first_rec:]:
                locate_fix(rec, target, first, starts=starts)


@lru_cache(maxsize=None)
def code_name(code: str) -> str:
    from ..posteditor.stage import STAGES
    from ..rules import REGISTRY

    return REGISTRY[code].name if code in REGISTRY else STAGES[code][0]
