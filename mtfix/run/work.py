"""What a worker does with one work item (in this process, a worker process or on a Dask
worker): top-level functions, picklable, over a per-process cache of linters."""

from __future__ import annotations

from typing import Iterable

from ..engine import FixResult, Linter
from ..formats import Format
from ..model import Diagnostic
from ..settings import Settings
from ..textio import InputError, decode_utf8
from . import cut

_LINTERS: dict[Settings, Linter] = {}


def linter(settings: Settings) -> Linter:
    lin = _LINTERS.get(settings)
    if lin is None:
        lin = _LINTERS[settings] = Linter(settings)
    return lin


def warm_linters(settings: Iterable[Settings]) -> None:
    """Build (and run once) the linters for these settings in this process: worker processes
    forked afterwards inherit them ready instead of rebuilding them."""
    for s in settings:
        linter(s).fix("disini  x")


def fix_item(args: tuple[list[str], Settings]) -> list[FixResult]:
    texts, settings = args
    lin = linter(settings)
    return [lin.fix(t) for t in texts]


def check_item(args: tuple[list[tuple[str, str | None]], Settings]) -> list[list[Diagnostic]]:
    pairs, settings = args
    lin = linter(settings)
    return [lin.check(t, source=s) for t, s in pairs]


def _stream_chunk(data: bytes, settings: Settings, fmt: Format, options, offset: int, name: str,
                  first_line: int, before: bytes = b"", after: bytes = b""
                  ) -> tuple[bytes, int, bool]:
    """One chunk of a streamed file: bytes in (whole lines), repaired bytes out, with the
    number of edits and whether a text was still changing at the cap. ``before``/``after``:
    read-only context lines (:func:`mtfix.run.cut.chunks`), repaired with the chunk and
    dropped."""
    text = decode_utf8(data, name, offset)
    lin = linter(settings)
    if fmt.stream_lines is not None:  # records, one per line: only their targets are repaired
        edits = 0
        capped = False

        def fix(t: str) -> str:
            nonlocal edits, capped
            r = lin.fix(t)
            edits += len(r.applied)
            capped = capped or r.capped
            return r.text

        lines = data.splitlines(keepends=True)
        new = fmt.stream_lines(lines, options, fix, path=name, first_lineno=first_line)
        return b"".join(new), edits, capped
    if before or after:
        b = before.decode("utf-8", "replace")
        a = after.decode("utf-8", "replace")
        res = lin.fix(cut.with_context(b, text, a))
        kept = cut.drop_context(res.text, b, text, a)
        if kept is not None:
            nb, nt = b.count("\n"), text.count("\n") + (0 if a else 1)
            edits = sum(1 for e in res.applied if nb < e.line <= nb + nt)
            if kept == text:
                return data, 0, res.capped
            return kept.encode("utf-8"), edits, res.capped
    res = lin.fix(text)
    if not res.applied:
        return data, 0, res.capped
    return res.text.encode("utf-8"), len(res.applied), res.capped


def stream_item(args):
    """A streamed chunk, or the read error met where it would have been: (key, is the file's
    last chunk, (bytes, edits, capped) or None, error message or None)."""
    key, last, prefix, error, payload = args
    if error is not None:
        return key, last, None, error
    try:
        data, edits, capped = _stream_chunk(*payload)
    except InputError as e:
        return key, last, None, str(e)
    except RecursionError:
        return key, last, None, f"{payload[5]}: nested too deeply to parse"
    except ValueError as e:  # a record the format's parser refuses (e.g. a 5,000-digit number)
        return key, last, None, f"{payload[5]}: cannot parse as {payload[2].name}: " \
                                f"{' '.join(str(e).split())}"
    return key, last, (prefix + data, edits, capped), None


def stream_batch(batch: list) -> list:
    """Several streamed chunks in one trip (small files): :func:`stream_item` on each."""
    return [stream_item(args) for args in batch]
