"""Where a run's outputs go: standard output, ``-o FILE`` / ``-o DIR``, or the inputs themselves
(``--in-place``, with an optional backup). Whole files and streamed files go through the same
:class:`Sink`: a file is written to a temporary file beside its target and renamed into place
when it is complete, or discarded; an unchanged file rewritten in place is left untouched (no
rewrite, no backup)."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Sequence

import os
import tempfile

from ..textio import InputError, atomic_output, decode, write_atomic, write_backup
from .inputs import Input

# Standard output is written a file at a time, once the file is complete (a file that fails
# half-way prints nothing); up to this many bytes are held in memory, the rest in a temporary
# file.
STDOUT_SPOOL_BYTES = 16 << 20


class WriteError(InputError):
    """An output that cannot be written: one line naming the path."""

    def __init__(self, path, reason: str) -> None:
        super().__init__(f"{path}: cannot write ({reason})")
        self.path = str(path)


def write_error(path, e: OSError) -> WriteError:
    return WriteError(path, e.strerror or str(e))


def write_file(path, data: bytes) -> None:
    """A side output (``--report``, ``--edits``, ``--sentence-level``): written atomically into
    an existing directory (none is created); raises WriteError naming the path."""
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise WriteError(path, f"no such directory: {parent}")
    try:
        write_atomic(path, data)
    except OSError as e:
        raise write_error(path, e) from None


class Sink:
    def __init__(self, output: Path | None = None, in_place: bool = False,
                 backup: str | None = None, output_is_dir: bool = False) -> None:
        self.output, self.in_place, self.backup = output, in_place, backup
        # -o DIR/ (a trailing slash): a directory, made if missing, even for one input
        self.output_is_dir = output_is_dir and output is not None
        # several inputs (or one found in a directory, or -o DIR/): -o is a directory
        self.several = self.output_is_dir

    def expect(self, inputs: Sequence[Input]) -> None:
        """The inputs whose outputs will come."""
        self.several = (self.output_is_dir or len(inputs) > 1
                        or any(i.rel is not None for i in inputs))

    @property
    def to_stdout(self) -> bool:
        return self.output is None and not self.in_place

    def target(self, inp: Input) -> Path:
        """Where ``inp``'s output goes (not for standard output)."""
        if self.in_place:
            return Path(inp.path)
        if self.several or self.output.is_dir():
            return self.output / (inp.rel or Path(inp.path).name)
        return self.output

    def check(self, inputs: Sequence[Input]) -> None:
        """Refuse an impossible -o before anything is read: a file for several inputs, or an
        output over an input file (use --in-place for that)."""
        if self.output is None or self.in_place:
            return
        if self.several and self.output.exists() and not self.output.is_dir():
            if self.output_is_dir:
                raise InputError(f"{self.output}/: not a directory ({self.output} is a file)")
            raise InputError(f"{self.output}: several inputs need -o to be a directory")
        if not self.several and not self.output.is_dir():
            # One output file: written into an existing directory, as --report and --edits
            # are (write_file); only an output directory for several inputs is made, with
            # the inputs' folders inside it.
            parent = os.path.dirname(os.path.abspath(self.output))
            if not os.path.isdir(parent):
                raise InputError(f"{self.output}: cannot write (no such directory: {parent})")
        ins = {}
        for i in inputs:
            if i.path != "-":
                try:
                    ins[Path(i.path).resolve()] = i.path
                except OSError:
                    pass
        seen: dict[Path, str] = {}
        for i in inputs:
            t = self.target(i)
            r = t.resolve()
            if r in ins:
                raise InputError(f"{t}: -o would overwrite the input {ins[r]}; use --in-place "
                                 f"to rewrite inputs")
            if r in seen and seen[r] != i.path:
                raise InputError(f"{t}: two inputs would be written here: {seen[r]} and "
                                 f"{i.path}")
            seen.setdefault(r, i.path)

    def open(self, inp: Input) -> "Writer":
        """A writer for one file's output, written piece by piece."""
        return Writer(self, inp)

    def write(self, inp: Input, data: bytes, changed: bool) -> None:
        """One whole file's output (raises WriteError)."""
        if self.in_place and not changed:
            return
        w = self.open(inp)
        try:
            w.write(data)
        except BaseException:
            w.discard()
            raise
        w.close(changed)

    @staticmethod
    def diff(before: bytes, after: bytes, name: str) -> None:
        """A unified diff of one file's text on standard output (``--diff``: nothing is
        written)."""
        out = []
        for line in difflib.unified_diff(decode(before, name).text.splitlines(keepends=True),
                                         decode(after, name).text.splitlines(keepends=True),
                                         f"a/{name}", f"b/{name}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        sys.stdout.write("".join(out))


class Writer:
    """One output file in the making. A file goes to a temporary file beside its target, renamed
    into place when complete; standard output is held (in memory, then in a temporary file)
    until the file is complete, so a file that fails half-way prints nothing. ``write`` and
    ``close`` raise WriteError naming the output."""

    def __init__(self, sink: Sink, inp: Input) -> None:
        self.sink, self.inp = sink, inp
        self._out: atomic_output | None = None
        self._spool = None

    def _where(self):
        return "<stdout>" if self.sink.to_stdout else self.sink.target(self.inp)

    def write(self, data: bytes) -> None:
        try:
            if self.sink.to_stdout:
                if self._spool is None:
                    self._spool = tempfile.SpooledTemporaryFile(max_size=STDOUT_SPOOL_BYTES)
                self._spool.write(data)
                return
            if self._out is None:
                out = atomic_output(self.sink.target(self.inp))
                out.__enter__()
                self._out = out
            self._out.fh.write(data)
        except OSError as e:
            self.discard()
            raise write_error(self._where(), e) from None

    def close(self, changed: bool) -> None:
        """The file is complete: put it in place (in place: only when ``changed``, after the
        backup; standard output: print it). The temporary file is gone either way."""
        if self.sink.to_stdout:
            spool, self._spool = self._spool, None
            if spool is not None:
                try:
                    spool.seek(0)
                    while block := spool.read(1 << 20):
                        sys.stdout.buffer.write(block)
                finally:
                    spool.close()
            sys.stdout.flush()
            return
        if self.sink.in_place and not changed:
            self.discard()  # unchanged: keep the original as it is
            return
        try:
            if self._out is None:  # an empty output
                self.write(b"")
            if self.sink.in_place and self.sink.backup is not None:
                write_backup(self.inp.path, self.sink.backup)
            out, self._out = self._out, None
            out.__exit__(None, None, None)
        except OSError as e:
            self.discard()
            raise write_error(self._where(), e) from None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        out, self._out = self._out, None
        if out is not None:
            out.__exit__(InterruptedError, None, None)
        spool, self._spool = self._spool, None
        if spool is not None:
            spool.close()
