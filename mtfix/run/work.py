"""What a worker does with one work item (in this process, a worker process or on a Dask
worker): top-level functions, picklable, over a per-process cache of linters."""

from __future__ import annotations

from typing import Iterable

from ..batch import check_many, fix_many
from ..engine import FixResult, Linter
from ..formats import Format
from ..model import Diagnostic
from ..settings import Settings
from ..text import aligned_source
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


def fix_item(args: tuple) -> list[FixResult]:
    """``(texts, settings)`` or ``(texts, settings, sources)``: each text repaired, with its
    line-aligned source (or None) for the rules that need one."""
    texts, settings = args[0], args[1]
    sources = args[2] if len(args) > 2 else None
    return fix_many(linter(settings), texts, sources)


def check_item(args: tuple[list[tuple[str, str | None]], Settings]) -> list[list[Diagnostic]]:
    pairs, settings = args
    return check_many(linter(settings), pairs)


def _stream_chunk(data: bytes, settings: Settings, fmt: Format, options, offset: int, name: str,
                  first_line: int, before: bytes = b"", after: bytes = b""
                  ) -> tuple[bytes, dict, bool]:
    """One chunk of a streamed file: bytes in (whole lines), repaired bytes out, with the
    number of edits per rule code and whether a text was still changing at the cap.
    ``before``/``after``: read-only context lines (:func:`mtfix.run.cut.chunks`), repaired
    with the chunk and dropped."""
    lin = linter(settings)
    if fmt.stream_lines is not None:  # records, one per line: only their targets are repaired
        decode_utf8(data, name, offset)  # the chunk is valid UTF-8
        edits: dict = {}
        capped = False

        def fix_all(targets: list[str], sources: list[str | None]) -> list[str]:
            # The chunk's records repaired together, each as it would be alone (mtfix.batch),
            # not a document per record: records.jsonl (33,000 one-edit records), fix
            # 3.3-3.7 -> 1.2-1.4 s CPU (peak memory 45 -> 81 MB, a 1 MB chunk's results).
            nonlocal capped
            results = fix_many(lin, targets,
                               [aligned_source(t, s) for t, s in zip(targets, sources)])
            edits.update(_per_code(a for r in results for a in r.applied))  # (called once)
            capped = any(r.capped for r in results)
            return [r.text for r in results]

        lines = data.splitlines(keepends=True)
        new = fmt.stream_lines(lines, options, fix_all, path=name, first_lineno=first_line)
        return b"".join(new), edits, capped
    if before or after:
        text = decode_utf8(data, name, offset)
        b = before.decode("utf-8", "replace")
        a = after.decode("utf-8", "replace")
        res = lin.fix(cut.with_context(b, text, a))
        kept = cut.drop_context(res.text, b, text, a)
        if kept is not None:
            nb, nt = b.count("\n"), text.count("\n") + (0 if a else 1)
            if kept == text:
                return data, {}, res.capped
            return (kept.encode("utf-8"),
                    _per_code(e for e in res.applied if nb < e.line <= nb + nt), res.capped)
        del text, res
    # Decoded into the call, the text is the fix's alone: Linter.fix lets the original go
    # after the first pass (a chunk of one 16 MB line: 32 MB less in the passes after it).
    res = lin.fix(decode_utf8(data, name, offset))
    if not res.applied:
        return data, {}, res.capped
    return res.text.encode("utf-8"), _per_code(res.applied), res.capped


def _per_code(applied) -> dict:
    codes: dict = {}
    for a in applied:
        codes[a.code] = codes.get(a.code, 0) + 1
    return codes


def stream_item(args):
    """A streamed chunk, or the read error met where it would have been: (key, is the file's
    last chunk, (bytes, edits per code, capped) or None, error message or None)."""
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
