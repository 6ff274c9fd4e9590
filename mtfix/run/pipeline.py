"""Load files in their formats, repair or check them over an executor, put them back.

The CLI's ``fix`` and ``check`` are thin layers over this module. A file that cannot be read or
parsed is a :class:`Failure` (its path and the parser's message); the other files of the batch
are still processed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

from .batch import STREAM_BYTES, Input, check_groups, fix_groups
from ..engine import FixResult
from ..settings import Settings
from .executors import Executor, Serial
from ..formats import Format, FormatOptions, ParsedFile
from ..model import AppliedEdit, Diagnostic
from ..textio import InputError, read_bytes


@dataclass
class Failure:
    path: str
    message: str


@dataclass
class FileJob:
    inp: Input
    fmt: Format
    data: bytes | None = None          # None when the file streams
    parsed: ParsedFile | None = None
    results: list[FixResult] = field(default_factory=list)
    head: bytes = b""                  # standard input already read to detect the format

    @property
    def name(self) -> str:
        return self.inp.name

    @property
    def texts(self) -> list[str]:
        return [u.target for u in self.parsed.units] if self.parsed is not None else []

    @property
    def is_text(self) -> bool:
        return self.fmt.name == "text"

    def changed(self) -> bool:
        return any(r.applied for r in self.results)

    def n_edits(self) -> int:
        return sum(len(r.applied) for r in self.results)

    def output(self) -> bytes:
        """The repaired file; the original bytes when nothing changed."""
        if not self.changed():
            return self.data
        return self.parsed.render([r.text for r in self.results])

    def original_text(self) -> str:
        from ..textio import decode

        return decode(self.data, self.name).text


def choose_format(inp: Input, fmt_name: str, head: bytes) -> Format:
    from ..formats.registry import detect, get

    return detect(inp.path, head) if fmt_name == "auto" else get(fmt_name)


def streams(inp: Input, fmt: Format, settings: Settings, whole_text_needed: bool) -> bool:
    """Plain text in lines mode and JSONL stream (files above STREAM_BYTES, by default all, and
    standard input) when nothing needs the whole text."""
    if whole_text_needed or not fmt.streams:
        return False
    if fmt.name == "text" and settings.mode != "lines":
        return False
    if inp.path == "-":
        return True
    try:
        return os.path.getsize(inp.path) > STREAM_BYTES
    except OSError:
        return False


def load(inp: Input, fmt_name: str, options: FormatOptions, settings: Settings,
         whole_text_needed: bool = True) -> FileJob:
    """Read and parse one input (raises InputError). A streaming file is only opened later."""
    if inp.path != "-" and fmt_name in ("auto", "text", "jsonl"):
        head = b""
        try:
            with open(inp.path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            pass  # read_bytes below gives the message
        fmt = choose_format(inp, fmt_name, head)
        if head and streams(inp, fmt, settings, whole_text_needed):
            return FileJob(inp, fmt)
    if inp.path == "-" and fmt_name in ("auto", "text", "jsonl"):
        import sys

        head = sys.stdin.buffer.read(1 << 16)  # enough to recognise a format
        fmt = choose_format(inp, fmt_name, head)
        if streams(inp, fmt, settings, whole_text_needed):
            return FileJob(inp, fmt, head=head)
        data = head + sys.stdin.buffer.read()
    else:
        data = read_bytes(inp.path)
    fmt = choose_format(inp, fmt_name, data[:4096])
    try:
        parsed = fmt.parse(data, inp.name, options)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{inp.name}: nested too deeply to parse") from None
    except Exception as e:  # a parser's own exception: one line, naming the file
        raise InputError(f"{inp.name}: cannot parse as {fmt.name}: {e}") from None
    return FileJob(inp, fmt, data, parsed)


def load_all(inputs: Sequence[Input], fmt_name: str, options: FormatOptions, settings: Settings,
             whole_text_needed: bool = True) -> tuple[list[FileJob], list[Failure]]:
    """:func:`load` every input; one that cannot be read or parsed becomes a Failure."""
    jobs: list[FileJob] = []
    failures: list[Failure] = []
    for inp in inputs:
        try:
            jobs.append(load(inp, fmt_name, options, settings, whole_text_needed))
        except InputError as e:
            failures.append(Failure(inp.name, str(e)))
    return jobs, failures


def unit_settings(settings: Settings, fmt: Format) -> Settings:
    """Structured formats: every unit (or masked document) is repaired in lines mode, so the
    file's structure never changes; plain text keeps the chosen mode."""
    return settings if fmt.name == "text" else replace(settings, mode="lines")


def fix_jobs(jobs: Sequence[FileJob], settings: Settings, executor: Executor | None = None,
             progress: Callable[[int], None] | None = None) -> None:
    """Fill ``job.results`` for every loaded (non-streaming) job, batched over the executor."""
    executor = executor or Serial()
    by_settings: dict[Settings, list[FileJob]] = {}
    for job in jobs:
        if job.parsed is not None:
            by_settings.setdefault(unit_settings(settings, job.fmt), []).append(job)
    for s, group in by_settings.items():
        results = fix_groups([j.texts for j in group], s, executor,
                             split=[j.is_text and s.mode == "lines" for j in group],
                             progress=progress)
        for job, res in zip(group, results):
            job.results = res


def check_jobs(jobs: Sequence[FileJob], settings: Settings, executor: Executor | None = None,
               sources: dict[int, str] | None = None) -> list[list[list[Diagnostic]]]:
    """Diagnostics per job and unit. Units carry their source text (bilingual formats);
    ``sources`` maps a job index to a line-aligned source text (``--source``)."""
    executor = executor or Serial()
    out: list[list[list[Diagnostic]]] = [[] for _ in jobs]
    by_settings: dict[Settings, list[int]] = {}
    for i, job in enumerate(jobs):
        by_settings.setdefault(unit_settings(settings, job.fmt), []).append(i)
    for s, idxs in by_settings.items():
        groups = []
        for i in idxs:
            job = jobs[i]
            pairs = []
            for u in job.parsed.units:
                src = sources.get(i) if sources and job.is_text else u.source
                pairs.append(_aligned(u.target, src))
            groups.append(pairs)
        for i, res in zip(idxs, check_groups(groups, s, executor)):
            out[i] = res
    return out


def _aligned(target: str, source: str | None) -> tuple[str, str | None]:
    """A unit whose target and source have different line counts is checked as one segment:
    line breaks become spaces (same length, so offsets stay valid for the target)."""
    if source is None or target.count("\n") == source.count("\n"):
        return target, source
    return target, source.replace("\r\n", "  ").replace("\n", " ").replace("\r", " ")


def unit_line(job: FileJob, unit_index: int, line_in_unit: int) -> int | None:
    """The file line of a unit's line (1-based), when the format knows where units start."""
    u = job.parsed.units[unit_index]
    return None if u.line is None else u.line + line_in_unit - 1


def edits_by_line(job: FileJob) -> dict[int, list[AppliedEdit]]:
    """Applied edits keyed by report segment: the file line for plain text and markup (one
    unit, line-preserving), the unit number (1-based) for unit formats."""
    out: dict[int, list[AppliedEdit]] = {}
    one_doc = len(job.parsed.units) == 1 and job.parsed.units[0].line in (1, None) \
        and job.fmt.name in ("text", "markdown", "html")
    for k, res in enumerate(job.results):
        for a in res.applied:
            key = a.line if one_doc else k + 1
            out.setdefault(key, []).append(a)
    return out


def report_pairs(job: FileJob) -> list[tuple[str, str]]:
    """Before/after segments for the HTML report and diffs of a structured file: the lines of
    the file for markup formats, one pair per unit otherwise (line breaks shown as spaces)."""
    if job.fmt.name in ("markdown", "html"):
        from ..textio import decode

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


def check_output_paths(inputs: Sequence[Input], targets: Sequence[Path]) -> None:
    """Refuse to write any output over an input file (use --in-place for that)."""
    ins = {}
    for i in inputs:
        if i.path != "-":
            try:
                ins[Path(i.path).resolve()] = i.path
            except OSError:
                pass
    for t in targets:
        r = t.resolve()
        if r in ins:
            raise InputError(f"{t}: -o would overwrite the input {ins[r]}; use --in-place to "
                             f"rewrite inputs")
