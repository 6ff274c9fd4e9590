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
from ..textio import InputError
from .dispatch import StreamSpec, fix_groups, stream_files
from .executors import Executor, make_executor
from .inputs import Input, collect
from .load import Failure, FileJob, load_all
from .side import SideOutputs, write_side_outputs
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


def capped_warning(name: str, settings: Settings) -> str:
    return (f"mtfix: warning: {name}: fixes still changing the text after "
            f"{settings.max_iterations} passes; stopped there")


def fix_files(paths: Sequence[str], settings: Settings, sink: Sink, *, fmt_name: str = "auto",
              options: FormatOptions = FormatOptions(), include: Sequence[str] = ("*.txt",),
              diff: bool = False, side: SideOutputs = SideOutputs(), engine: str = "local",
              jobs: int = 1, scheduler: str | None = None, progress: Progress | None = None,
              warn: Callable[[str], None] | None = None) -> FixOutcome:
    """Repair ``paths`` (files, directories, ``-``) into ``sink`` (``diff``: print unified
    diffs instead, write nothing). ``warn`` receives warnings (default: standard error)."""
    warn = warn or (lambda message: print(message, file=sys.stderr))
    inputs = collect(paths, include)
    sink.expect(inputs)
    _check_request(inputs, sink, diff, side)
    loaded, failures = load_all(inputs, fmt_name, options, settings,
                                whole_text_needed=diff or side.wanted())
    if side.refs and loaded and not loaded[0].is_text:
        raise InputError("--ref scores plain-text files (one segment per line)")
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
        _repair(whole, settings, executor, progress if len(whole) > 1 else None)
        if whole and side.wanted():
            try:
                write_side_outputs(whole, settings, side)
            except WriteError as e:  # the repaired files are still written
                out.failures.append(Failure(e.path, str(e)))
        _write_streamed([j for j in loaded if j.parsed is None], settings, executor, options,
                        sink, out, warn)
        for job in whole:
            _write_whole(job, settings, sink, diff, out, warn)
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
    if (side.report is not None or side.refs) and len(inputs) != 1:
        raise InputError("--report and --ref go with exactly one input")
    if not diff:
        sink.check(inputs)


def _repair(jobs: Sequence[FileJob], settings: Settings, executor: Executor,
            progress: Progress | None) -> None:
    """Fill ``job.results`` for every loaded job, batched over the executor by the settings
    their units are repaired with."""
    if progress is not None:
        progress.start(sum(len(j.texts) for j in jobs))
    try:
        by_settings: dict[Settings, list[FileJob]] = {}
        for job in jobs:
            by_settings.setdefault(job.settings(settings), []).append(job)
        for s, group in by_settings.items():
            results = fix_groups([j.texts for j in group], s, executor,
                                 split=[j.fmt.units_are_lines and s.mode == "lines"
                                        for j in group],
                                 progress=progress.advance if progress is not None else None)
            for job, res in zip(group, results):
                job.results = res
                job.drop_rejected()  # count what is written, not what the render refused
    finally:
        if progress is not None:
            progress.stop()


def _write_whole(job: FileJob, settings: Settings, sink: Sink, diff: bool, out: FixOutcome,
                 warn: Callable[[str], None]) -> None:
    name = job.name
    try:
        if any(r.capped for r in job.results):
            warn(capped_warning(name, settings))
        data = job.output()
        if diff:
            if data != job.data:
                sink.diff(job.data, data, name)
        else:
            sink.write(job.inp, data, changed=data != job.data)
        if job.changed():  # counted once written (or shown)
            out.changed_files += 1
            out.edits += job.n_edits()
    except InputError as e:
        out.failures.append(Failure(name, str(e)))
    except OSError as e:
        out.failures.append(Failure(name, f"{name}: cannot write ({e.strerror or e})"))


def _write_streamed(jobs: Sequence[FileJob], settings: Settings, executor: Executor, options,
                    sink: Sink, out: FixOutcome, warn: Callable[[str], None]) -> None:
    """Stream these files through the executor (all their chunks in one ordered flow) and write
    each one through the sink; a file that fails is discarded."""
    if not jobs:
        return
    writers = {}
    specs = [StreamSpec(k, j.reader, j.fmt, j.name, j.size) for k, j in enumerate(jobs)]
    try:
        dead: set = set()  # files whose output could not be written: the rest is dropped
        for kind, k, payload in stream_files(specs, settings, executor, options):
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
    finally:
        for w in writers.values():
            w.discard()
