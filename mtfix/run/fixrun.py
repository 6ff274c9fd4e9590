"""``mtfix fix`` as a run: collect the inputs, load them, repair them over an executor, write
the side outputs and the repaired files (streamed ones first, as they are repaired).

Problems with the request as a whole are InputErrors; a file that cannot be read, parsed or
written is a :class:`~.load.Failure` and the other files are still processed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from typing import Callable, Protocol, Sequence

from ..formats import FormatOptions
from ..settings import Settings
from ..text import aligned_source
from ..textio import InputError
from .dispatch import StreamSpec, check_jobs, fix_groups, stream_files
from .executors import Executor, make_executor
from .inputs import Input, collect
from .load import Failure, FileJob, load_all, parse_warnings, read_source
from .side import SideOutputs, job_findings, write_side_outputs
from .sink import Sink, WriteError
from .work import warm_linters


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def stop(self) -> None: ...


@dataclass
class FixOutcome:
    inputs: int = 0
    changed_files: int = 0
    edits: int = 0
    failures: list[Failure] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)   # applied edits per rule code
    # unsafe fixes found but not applied: known when the findings were computed (--report,
    # --edits, --diff), else None
    suggested: int | None = None

    def count(self, code: str, n: int = 1) -> None:
        self.codes[code] = self.codes.get(code, 0) + n


def capped_warning(name: str, settings: Settings) -> str:
    return (f"mtfix: warning: {name}: fixes still changing the text after "
            f"{settings.max_iterations} passes; stopped there")


def fix_files(paths: Sequence[str], settings: Settings, sink: Sink, *, fmt_name: str = "auto",
              options: FormatOptions = FormatOptions(), include: Sequence[str] = ("*.txt",),
              diff: bool = False, side: SideOutputs = SideOutputs(), engine: str = "local",
              jobs: int = 1, scheduler: str | None = None, progress: Progress | None = None,
              warn: Callable[[str], None] | None = None, skip_states: frozenset = frozenset(),
              mark: str | None = None) -> FixOutcome:
    """Repair ``paths`` (files, directories, ``-``) into ``sink`` (``diff``: print unified
    diffs instead, write nothing). ``warn`` receives warnings (default: standard error).

    CAT tools: units whose state (``Unit.state``: XLIFF state, PO fuzzy/translated) is in
    ``skip_states`` are left as they are (and have no findings); ``mark`` ("fuzzy" or
    "comment") marks every changed unit of a PO or XLIFF file for review (see
    :meth:`mtfix.formats.ParsedFile.render`)."""
    warn = warn or (lambda message: print(message, file=sys.stderr))
    inputs = collect(paths, include, settings)
    if not inputs and settings.exclude and collect(paths, include):
        return FixOutcome()  # every input excluded (a pre-commit run on excluded files)
    sink.expect(inputs)
    _check_request(inputs, sink, diff, side)
    loaded, failures = load_all(inputs, fmt_name, options, settings,
                                whole_text_needed=diff or side.wanted() or side.source is not None)
    if side.refs and loaded and not loaded[0].is_text:
        raise InputError("--ref scores plain-text files (one segment per line)")
    for message in parse_warnings(loaded):
        warn(message)
    out = FixOutcome(len(inputs), failures=failures)
    if engine == "local" and jobs > 1:
        # Worker processes are forked on first use: built here, the linters (rule tables,
        # glossary automaton) are inherited ready instead of being rebuilt in every worker;
        # both settings a unit can be repaired with: the run's, and lines mode (structured
        # formats, streams).
        warm_linters({settings, replace(settings, mode="lines")})
    executor = make_executor(engine, jobs, scheduler)
    try:
        whole = [j for j in loaded if j.parsed is not None]
        sources = None
        if side.source is not None and whole:
            sources = {0: read_source(whole[0], side.source)}
        _repair(whole, settings, executor, progress if len(whole) > 1 or _large(whole) else None,
                skip_states, sources)
        findings = diagnostics = None
        if whole and (diff or side.findings_wanted()):
            # every finding of the original texts (suggestions, notes), over the executor
            diagnostics = check_jobs(whole, settings, executor, sources)
        if whole and side.wanted():
            try:
                findings = write_side_outputs(whole, settings, side, options, skip_states,
                                              diagnostics, sources)
            except WriteError as e:  # the repaired files are still written
                out.failures.append(Failure(e.path, str(e)))
        if whole and diff and not findings:
            findings = [job_findings(j, settings, options, diagnostics=d, skip=skip_states)
                        for j, d in zip(whole, diagnostics)]
        if findings:
            out.suggested = sum(1 for ff in findings for r in ff.records
                                if r["status"] == "suggested")
        _write_streamed([j for j in loaded if j.parsed is None], settings, executor, options,
                        sink, out, warn, progress)
        for job in whole:
            _write_whole(job, settings, sink, diff, out, warn, mark)
    finally:
        executor.close()
    return out


def _check_request(inputs: Sequence[Input], sink: Sink, diff: bool, side: SideOutputs) -> None:
    if not inputs:
        raise InputError("no input files found")
    if sink.in_place and any(i.path == "-" for i in inputs):
        raise InputError("--in-place needs files, not standard input")
    if sink.several and not (sink.in_place or sink.output is not None or diff):
        raise InputError("several inputs: give -o DIR, --in-place or --diff")
    if side.refs and len(inputs) != 1:
        raise InputError("--ref goes with exactly one input")
    if side.source is not None and len(inputs) != 1:
        raise InputError("--source goes with exactly one input file")
    if not diff:
        sink.check(inputs)


def skipped_units(job: FileJob, skip_states: frozenset) -> set[int]:
    """The indices of the units left alone: their state is one of ``skip_states``."""
    if not skip_states or job.parsed is None:
        return set()
    return {k for k, u in enumerate(job.parsed.units)
            if getattr(u, "state", None) in skip_states}


def _repair(jobs: Sequence[FileJob], settings: Settings, executor: Executor,
            progress: Progress | None, skip_states: frozenset = frozenset(),
            sources: dict[int, str] | None = None) -> None:
    """Fill ``job.results`` for every loaded job, batched over the executor by the settings
    their units are repaired with (a skipped unit: repaired as "", its result its text).
    Units carry their source text (bilingual formats); ``sources`` maps a job's index to the
    line-aligned source of a plain-text job (``--source``)."""
    from ..engine import FixResult

    skipped = {id(j): skipped_units(j, skip_states) for j in jobs}

    index = {id(j): i for i, j in enumerate(jobs)}

    def unit_sources(j: FileJob) -> list[str | None]:
        if j.fmt.units_are_lines:
            src = (sources or {}).get(index[id(j)])
            return [aligned_source(u.target, src) for u in j.parsed.units]
        return [aligned_source(u.target, u.source) for u in j.parsed.units]

    def texts(j: FileJob) -> list[str]:
        sk = skipped[id(j)]
        return [("" if k in sk else t) for k, t in enumerate(j.texts)] if sk else j.texts

    if progress is not None:
        progress.start(sum(len(t) for j in jobs for t in j.texts))  # characters
    try:
        by_settings: dict[Settings, list[FileJob]] = {}
        for job in jobs:
            by_settings.setdefault(job.settings(settings), []).append(job)
        for s, group in by_settings.items():
            results = fix_groups([texts(j) for j in group], s, executor,
                                 split=[j.fmt.units_are_lines and s.mode == "lines"
                                        for j in group],
                                 progress=progress.advance if progress is not None else None,
                                 sources=[unit_sources(j) for j in group])
            for job, res in zip(group, results):
                for k in skipped[id(job)]:
                    res[k] = FixResult(job.texts[k])
                job.results = res
                job.drop_rejected()  # count what is written, not what the render refused
    finally:
        if progress is not None:
            progress.stop()


def job_output(job: FileJob, mark: str | None = None) -> bytes:
    """The repaired file; with ``mark``, changed PO/XLIFF units marked for review."""
    if not mark or not job.changed() or not job.fmt.marks_for_review:
        return job.output()
    codes = [list(dict.fromkeys(a.code for a in r.applied)) for r in job.results]
    return job.parsed.render([r.text for r in job.results], mark=mark, codes=codes)


# A single input this large (characters, or bytes when it streams) gets a progress bar too.
PROGRESS_MIN = 1 << 20


def _large(jobs: Sequence[FileJob]) -> bool:
    return sum(len(t) for j in jobs for t in j.texts) >= PROGRESS_MIN


def _write_whole(job: FileJob, settings: Settings, sink: Sink, diff: bool, out: FixOutcome,
                 warn: Callable[[str], None], mark: str | None = None) -> None:
    name = job.name
    try:
        if any(r.capped for r in job.results):
            warn(capped_warning(name, settings))
        data = job_output(job, mark)
        if diff:
            if data != job.data:
                sink.diff(job.data, data, name)
        else:
            sink.write(job.inp, data, changed=data != job.data)
        if job.changed():  # counted once written (or shown)
            out.changed_files += 1
            out.edits += job.n_edits()
            for r in job.results:
                for a in r.applied:
                    out.count(a.code)
    except InputError as e:
        out.failures.append(Failure(name, str(e)))
    except OSError as e:
        out.failures.append(Failure(name, f"{name}: cannot write ({e.strerror or e})"))


def _write_streamed(jobs: Sequence[FileJob], settings: Settings, executor: Executor, options,
                    sink: Sink, out: FixOutcome, warn: Callable[[str], None],
                    progress: Progress | None = None) -> None:
    """Stream these files through the executor (all their chunks in one ordered flow) and write
    each one through the sink; a file that fails is discarded. ``progress`` counts bytes, when
    every size is known and together they are large, or there are several files."""
    if not jobs:
        return
    total = sum(j.size or 0 for j in jobs)
    if progress is not None and (any(j.size is None for j in jobs)
                                 or (len(jobs) == 1 and total < PROGRESS_MIN)):
        progress = None
    if progress is not None:
        progress.start(total)
    writers = {}
    specs = [StreamSpec(k, j.reader, j.fmt, j.name, j.size) for k, j in enumerate(jobs)]
    try:
        dead: set = set()  # files whose output could not be written: the rest is dropped
        for kind, k, payload in stream_files(
                specs, settings, executor, options,
                progress=progress.advance if progress is not None else None):
            job = jobs[k]
            if k in dead:
                continue
            if kind == "data":
                if k not in writers:
                    writers[k] = sink.open(job.inp)
                try:
                    writers[k].write(payload)
                except InputError as e:
                    writers.pop(k).discard()
                    dead.add(k)
                    out.failures.append(Failure(job.name, str(e)))
            elif kind == "error":
                w = writers.pop(k, None)
                if w is not None:
                    w.discard()
                out.failures.append(Failure(job.name, payload))
            else:  # end of a file
                st = payload
                if st.capped:
                    warn(capped_warning(job.name, settings))
                try:
                    (writers.pop(k, None) or sink.open(job.inp)).close(changed=bool(st.edits))
                except InputError as e:  # a WriteError, naming the output
                    out.failures.append(Failure(job.name, str(e)))
                    continue
                if st.edits:  # counted once written
                    out.changed_files += 1
                    out.edits += st.edits
                    for code, n in st.codes.items():
                        out.count(code, n)
    finally:
        if progress is not None:
            progress.stop()
        for w in writers.values():
            w.discard()
