"""What a run reads: the inputs the user named, directories expanded."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..textio import InputError


@dataclass
class Input:
    path: str                 # the file as the user named it or as found in a directory
    rel: str | None = None    # path relative to the directory it was found in (for -o DIR)

    @property
    def name(self) -> str:
        return "<stdin>" if self.path == "-" else self.path


def collect(paths: Sequence[str], include: Sequence[str] = ("*.txt", "*.id"),
            settings=None) -> list[Input]:
    """Expand directories (sorted, hidden entries skipped, files matching ``include``; the CLI
    passes the extensions of the chosen format). With ``settings``, a path its ``exclude``
    globs match is dropped (:func:`mtfix.settings.is_excluded`), a named one too."""
    out = _collect(paths, include)
    if settings is not None and getattr(settings, "exclude", ()):
        from ..settings import is_excluded

        out = [i for i in out if i.path == "-" or not is_excluded(i.path, settings)]
    return out


def _collect(paths: Sequence[str], include: Sequence[str]) -> list[Input]:
    out: list[Input] = []
    for p in paths:
        if p == "-":
            out.append(Input("-"))
            continue
        path = Path(p)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or not any(fnmatch.fnmatch(name, g) for g in include):
                        continue
                    full = Path(root) / name
                    found.append(Input(str(full), str(full.relative_to(path))))
            out.extend(sorted(found, key=lambda i: i.rel or ""))
        elif path.exists():
            out.append(Input(p))
        else:
            raise InputError(f"{p}: no such file or directory")
    return out
