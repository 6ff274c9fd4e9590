"""Read each input once, choose its format once, and parse it, or leave it to stream.

A file is opened once and its first bytes are read once: they choose the format (with
``--format auto``) and decide whether the file streams. A file that does not stream is parsed
from those bytes and the rest; one that streams keeps them (:attr:`FileJob.head`) and is read
on from where they end. A pipe (standard input, ``<(...)``, a FIFO) is never opened twice, so
no byte of it is lost. A file that cannot be read or parsed is a :class:`Failure` (its path and
the message); the other files of the batch are still processed.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field, replace
from typing import BinaryIO, Sequence

from ..engine import FixResult
from ..formats import Format, FormatOptions, ParsedFile
from ..gc_pause import no_gc
from ..settings import Settings
from ..textio import InputError, sniff_encoding
from .cut import STREAM_BYTES
from .inputs import Input

# The bytes read before anything else: enough for every format's content sniffer.
HEAD_BYTES = 1 << 16


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
    head: bytes = b""                  # a streaming file: its first bytes, already read
    rest: BinaryIO | None = None       # a streaming pipe: the open reader of what follows head
    size: int | None = None            # a streaming file's size; None for a pipe
    _output: bytes | None = field(default=None, repr=False)  # the rendered output, once made

    @property
    def name(self) -> str:
        return self.inp.name

    @property
    def texts(self) -> list[str]:
        return [u.target for u in self.parsed.units] if self.parsed is not None else []

    @property
    def is_text(self) -> bool:
        """Plain text: one unit, the file's lines are its lines."""
        return self.fmt.units_are_lines

    def settings(self, settings: Settings) -> Settings:
        """The settings its units are repaired with: structured formats in lines mode (so the
        file's structure never changes); plain text keeps the chosen mode."""
        return settings if self.fmt.units_are_lines else replace(settings, mode="lines")

    def changed(self) -> bool:
        return any(r.applied for r in self.results)

    def n_edits(self) -> int:
        return sum(len(r.applied) for r in self.results)

    def output(self) -> bytes:
        """The repaired file; the original bytes when nothing changed."""
        if not self.changed():
            return self.data
        if self._output is None:
            with no_gc():
                self._output = self.parsed.render([r.text for r in self.results])
        return self._output

    def drop_rejected(self) -> None:
        """Forget the applied edits the format's render did not write (a markup line its
        structure guard kept as it was; any edit when the file came back unchanged), so that
        counts, --edits records and reports describe what was written."""
        if not self.changed():
            return
        out = self.output()
        if out == self.data:
            for r in self.results:
                r.applied = []
            return
        if self.fmt.one_document and self.fmt.preserves_lines and len(self.results) == 1:
            from ..textio import decode

            before = decode(self.data, self.name).text.split("\n")
            after = decode(out, self.name).text.split("\n")
            if len(before) == len(after):
                r = self.results[0]
                r.applied = [a for a in r.applied
                             if not 0 < a.line <= len(before)
                             or before[a.line - 1] != after[a.line - 1]]
                if not r.applied:  # keep output() and changed() in agreement
                    self._output = self.data

    def reader(self) -> "_Prefixed":
        """A streaming file's bytes from the start: the head, then the rest (raises OSError)."""
        if self.rest is not None:
            return _Prefixed(self.head, self.rest, close=self.inp.path != "-")
        fh = open(self.inp.path, "rb")
        fh.seek(len(self.head))
        return _Prefixed(self.head, fh)


class _Prefixed:
    """A binary reader that gives ``head`` before what ``fh`` still holds."""

    def __init__(self, head: bytes, fh, close: bool = True) -> None:
        self.head, self.fh, self._close = head, fh, close

    def read(self, n: int) -> bytes:
        if self.head:
            out, self.head = self.head[:n], self.head[n:]
            return out
        return self.fh.read(n)

    def close(self) -> None:
        if self._close:
            self.fh.close()


def _open(inp: Input) -> BinaryIO:
    if inp.path == "-":
        return sys.stdin.buffer
    if os.path.isdir(inp.path):
        raise InputError(f"{inp.path}: is a directory")
    try:
        return open(inp.path, "rb")
    except FileNotFoundError:
        raise InputError(f"{inp.path}: no such file") from None
    except PermissionError:
        raise InputError(f"{inp.path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{inp.path}: cannot read ({e.strerror})") from None


def _read(fh: BinaryIO, inp: Input, n: int = -1) -> bytes:
    try:
        return fh.read(n)
    except OSError as e:
        raise InputError(f"{inp.path}: cannot read ({e.strerror})") from None


def _is_pipe(inp: Input, fh: BinaryIO) -> bool:
    """Standard input, or a file that is not a regular one (a FIFO, ``<(...)``): it can be
    read once only, and its size is not known in advance."""
    if inp.path == "-":
        return True
    try:
        return not stat.S_ISREG(os.fstat(fh.fileno()).st_mode)
    except (OSError, ValueError):
        return True


def choose_format(inp: Input, fmt_name: str, head: bytes) -> Format:
    from ..formats.registry import detect, get

    return detect(inp.path, head) if fmt_name == "auto" else get(fmt_name)


def streams(fmt: Format, settings: Settings, whole_text_needed: bool, size: int | None) -> bool:
    """Streaming formats in lines mode stream (pipes, and files above STREAM_BYTES: by default
    all) when nothing needs the whole text. ``size``: None for a pipe."""
    if whole_text_needed or not fmt.streams:
        return False
    if fmt.units_are_lines and settings.mode != "lines":
        return False
    return size is None or size > STREAM_BYTES


def load(inp: Input, fmt_name: str, options: FormatOptions, settings: Settings,
         whole_text_needed: bool = True) -> FileJob:
    """Read and parse one input (raises InputError). A streaming file is read on later
    (:meth:`FileJob.reader`)."""
    fh = _open(inp)
    keep_open = False
    try:
        head = _read(fh, inp, HEAD_BYTES)
        fmt = choose_format(inp, fmt_name, head)
        pipe = _is_pipe(inp, fh)
        size = None if pipe else os.fstat(fh.fileno()).st_size
        # Streaming reads UTF-8; a file in another encoding (UTF-16/32 with a BOM) is read whole
        # and written back in its own encoding.
        if (pipe or head) and streams(fmt, settings, whole_text_needed, size) \
                and sniff_encoding(head)[0] == "utf-8":
            keep_open = pipe
            return FileJob(inp, fmt, head=head, rest=fh if pipe else None, size=size)
        data = head + _read(fh, inp)
    finally:
        if not keep_open and inp.path != "-":
            fh.close()
    try:
        with no_gc():  # a parser's objects all live on (40,000 PO entries: 0.3 s of passes)
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


def read_source(job: FileJob, source: str) -> str:
    from ..text import split_lines
    from ..textio import read

    if not job.is_text:
        raise InputError(f"--source is for plain text; {job.name} ({job.fmt.name}) carries its "
                         f"own source text")
    src = read(source).text
    n_src, n_tgt = len(split_lines(src)), len(split_lines(job.texts[0]))
    if n_src != n_tgt:
        raise InputError(f"{source}: {n_src} lines, but {job.inp.path} has {n_tgt}; --source "
                         f"must be line-aligned")
    return src


def parse_warnings(jobs: Sequence[FileJob]) -> list[str]:
    """What the parsers left alone and said so (TMX: ``<tu>`` without the target language),
    one line each, for standard error."""
    return [f"mtfix: warning: {w}" for j in jobs for w in getattr(j.parsed, "warnings", ())]

