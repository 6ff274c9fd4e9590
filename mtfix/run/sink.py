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

from ..textio import InputError, atomic_output, decode, write_backup
from .inputs import Input


class Sink:
    def __init__(self, output: Path | None = None, in_place: bool = False,
                 backup: str | None = None) -> None:
        self.output, self.in_place, self.backup = output, in_place, backup
        self.several = False  # several inputs (or one found in a directory): -o is a directory

    def expect(self, inputs: Sequence[Input]) -> None:
        """The inputs whose outputs will come."""
        self.several = len(inputs) > 1 or any(i.rel is not None for i in inputs)

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
            raise InputError(f"{self.output}: several inputs need -o to be a directory")
        ins = {}
        for i in inputs:
            if i.path != "-":
                try:
                    ins[Path(i.path).resolve()] = i.path
                except OSError:
                    pass
        for i in inputs:
            t = self.target(i)
            r = t.resolve()
            if r in ins:
                raise InputError(f"{t}: -o would overwrite the input {ins[r]}; use --in-place "
                                 f"to rewrite inputs")

    def open(self, inp: Input) -> "Writer":
        """A writer for one file's output, written piece by piece."""
        return Writer(self, inp)

    def write(self, inp: Input, data: bytes, changed: bool) -> None:
        """One whole file's output."""
        if self.in_place and not changed:
            return
        w = self.open(inp)
        w.write(data)
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
    """One output file in the making (standard output: written through at once)."""

    def __init__(self, sink: Sink, inp: Input) -> None:
        self.sink, self.inp = sink, inp
        self._out: atomic_output | None = None

    def write(self, data: bytes) -> None:
        if self.sink.to_stdout:
            sys.stdout.buffer.write(data)
            return
        if self._out is None:
            self._out = atomic_output(self.sink.target(self.inp))
            self._out.__enter__()
        self._out.fh.write(data)

    def close(self, changed: bool) -> None:
        """The file is complete: put it in place (in place: only when ``changed``, after the
        backup). Raises OSError when it cannot be written; the temporary file is then gone."""
        if self.sink.to_stdout:
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
        except BaseException:
            self.discard()
            raise
        out, self._out = self._out, None
        out.__exit__(None, None, None)

    def discard(self) -> None:
        out, self._out = self._out, None
        if out is not None:
            out.__exit__(InterruptedError, None, None)
