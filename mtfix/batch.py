"""Many files, in order, optionally over worker processes. Plain functions under the CLI."""

from __future__ import annotations

import fnmatch
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .engine import FixResult, Linter, Settings
from .model import Diagnostic
from .textio import InputError, TextFile, read

DEFAULT_INCLUDE = ("*.txt", "*.id")
CHUNK_CHARS = 1 << 20  # lines mode: a file above this is split across workers at line breaks


@dataclass
class Input:
    path: str                 # the file as the user named it or as found in a directory
    rel: str | None = None    # path relative to the directory it was found in (for -o DIR)


def collect(paths: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE) -> list[Input]:
    """Expand directories (sorted, hidden entries skipped, files matching ``include``)."""
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


def read_all(inputs: Sequence[Input]) -> list[TextFile]:
    """Read and decode every input before anything is written: one bad file stops the run."""
    return [read(i.path) for i in inputs]


# -- workers ---------------------------------------------------------------------------------

_LINTERS: dict[Settings, Linter] = {}


def _linter(settings: Settings) -> Linter:
    lin = _LINTERS.get(settings)
    if lin is None:
        lin = _LINTERS[settings] = Linter(settings)
    return lin


def _fix_job(args: tuple[str, Settings]) -> FixResult:
    text, settings = args
    return _linter(settings).fix(text)


def _check_job(args: tuple[str, Settings, str | None]) -> list[Diagnostic]:
    text, settings, source = args
    return _linter(settings).check(text, source=source)


def _split_lines(text: str, size: int) -> list[str]:
    chunks, start = [], 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end == -1 else end + 1
        chunks.append(text[start:end])
        start = end
    return chunks or [text]


def fix_texts(texts: Sequence[str], settings: Settings, jobs: int = 1,
              progress: Callable[[int], None] | None = None) -> list[FixResult]:
    """Fix each text; with ``jobs > 1`` texts (and, in lines mode, big texts cut at line
    breaks) go to worker processes. Results come back in input order."""
    if jobs <= 1:
        out = []
        for t in texts:
            out.append(_linter(settings).fix(t))
            if progress:
                progress(1)
        return out
    # Work units: (text index, chunk); lines mode may split a text into line chunks.
    units: list[tuple[int, str]] = []
    for i, t in enumerate(texts):
        if settings.mode == "lines" and len(t) > CHUNK_CHARS:
            units.extend((i, c) for c in _split_lines(t, max(CHUNK_CHARS, len(t) // (jobs * 4))))
        else:
            units.append((i, t))
    results: list[FixResult] = [FixResult(t) for t in texts]
    merged_text: list[list[str]] = [[] for _ in texts]
    line_offset = [0] * len(texts)
    char_offset = [0] * len(texts)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for (i, chunk), res in zip(units, pool.map(_fix_job, ((c, settings) for _, c in units),
                                                     chunksize=1)):
            merged_text[i].append(res.text)
            r = results[i]
            r.applied.extend(replace(a, line=a.line + line_offset[i],
                                     orig_start=a.orig_start + char_offset[i],
                                     orig_end=a.orig_end + char_offset[i])
                             for a in res.applied)
            r.iterations = max(r.iterations, res.iterations)
            r.capped = r.capped or res.capped
            line_offset[i] += chunk.count("\n")
            char_offset[i] += len(chunk)
            if progress:
                progress(1)
    for i, parts in enumerate(merged_text):
        results[i].text = "".join(parts)
    return results


def check_texts(texts: Sequence[str], settings: Settings, jobs: int = 1,
                sources: Sequence[str | None] | None = None) -> list[list[Diagnostic]]:
    """Diagnostics per text; ``sources`` (one per text, line-aligned) feeds bilingual checks."""
    args = [(t, settings, sources[i] if sources else None) for i, t in enumerate(texts)]
    if jobs <= 1 or len(texts) < 2:
        return [_check_job(a) for a in args]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_check_job, args, chunksize=1))


def count_units(texts: Iterable[str], settings: Settings, jobs: int) -> int:
    if jobs <= 1:
        return sum(1 for _ in texts)
    return sum(len(_split_lines(t, max(CHUNK_CHARS, len(t) // (jobs * 4))))
               if settings.mode == "lines" and len(t) > CHUNK_CHARS else 1 for t in texts)


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
