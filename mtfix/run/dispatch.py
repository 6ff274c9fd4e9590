"""Work items over an executor (this process, worker processes or a Dask cluster), results put
back together in input order.

A text is a whole plain-text file, a line chunk of a large one (lines mode only: lines are
independent segments), or one unit of a structured file (a PO entry's msgstr, an XLIFF target, a
Markdown document with its markup masked); :mod:`.cut` cuts and packs them into items and
:mod:`.work` runs an item. Streamed files go chunk by chunk, bytes in, bytes out, so memory stays
flat whatever the file size.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Sequence

from ..engine import FixResult
from ..gc_pause import no_gc
from ..model import Diagnostic
from ..settings import Settings
from ..text import aligned_source
from . import cut
from .executors import Executor, Processes, Serial
from .work import check_item, fix_item, stream_batch


def _merge(pieces: list[tuple[str, FixResult]]) -> FixResult:
    """Line chunks of one text, fixed separately → one result, edit spans shifted into place."""
    if len(pieces) == 1:
        return pieces[0][1]
    out = FixResult("")
    texts = []
    line_off = char_off = 0
    for chunk, res in pieces:
        texts.append(res.text)
        out.applied.extend(replace(a, line=a.line + line_off, orig_start=a.orig_start + char_off,
                                   orig_end=a.orig_end + char_off) for a in res.applied)
        out.iterations = max(out.iterations, res.iterations)
        out.capped = out.capped or res.capped
        line_off += chunk.count("\n")
        char_off += len(chunk)
    out.text = "".join(texts)
    return out


def _source_pieces(plan: cut.Plan, sources: Sequence[Sequence[str | None]]) -> list[list]:
    """Each piece's source: a text cut at line breaks gets its line-aligned source cut at the
    same lines (a source with other line breaks is one line: :func:`mtfix.text.aligned_source`)."""
    done: dict[tuple[int, int], int] = {}     # (group, slot) -> lines of its source used
    lines: dict[tuple[int, int], list[str]] = {}
    n_pieces: dict[tuple[int, int], int] = {}
    for owners in plan.owners:
        for o in owners:
            n_pieces[o] = n_pieces.get(o, 0) + 1
    out = []
    for texts, owners in zip(plan.items, plan.owners):
        item = []
        for piece, (g, s) in zip(texts, owners):
            src = sources[g][s]
            if src is None or n_pieces[(g, s)] == 1:
                item.append(src)
                continue
            if (g, s) not in lines:
                lines[(g, s)] = src.split("\n")
                done[(g, s)] = 0
            n = piece.count("\n") + (0 if piece.endswith("\n") or not piece else 1)
            k = done[(g, s)]
            item.append("\n".join(lines[(g, s)][k:k + n]))
            done[(g, s)] = k + n
        out.append(item)
    return out


def fix_groups(groups: Sequence[Sequence[str]], settings: Settings,
               executor: Executor | None = None, split: Sequence[bool] | None = None,
               progress: Callable[[int], None] | None = None,
               sources: Sequence[Sequence[str | None]] | None = None) -> list[list[FixResult]]:
    """Fix every text of every group; results per group and text, in input order.
    ``sources[g][s]``: the line-aligned source of a text (or None), for the rules that need
    one (:func:`mtfix.text.aligned_source` makes a source line-aligned). With the collector
    paused: the plan, the results and their lists are tens of thousands of objects for a file
    of short units, none in a cycle, and each collection also walked the parsed files' objects
    (40,000 PO entries: 0.5 s of 1.2). In this process only: a cluster's client makes
    cyclic garbage for as long as the run lasts."""
    executor = executor or Serial()
    with _paused_here(executor):
        return _fix_groups(groups, settings, executor, split, progress, sources)


def _paused_here(executor: Executor):
    """The collector paused when the work runs in this process (see :func:`fix_groups`), or in
    local worker processes, whose results this process unpickles (a diagnostic, its fix and
    its edit: 11 µs to unpickle with the collector on, 2 µs with it paused)."""
    return no_gc() if isinstance(executor, (Serial, Processes)) else nullcontext()


def _fix_groups(groups, settings, executor, split, progress, sources):
    split = split if split is not None else [settings.mode == "lines"] * len(groups)
    plan = cut.plan(groups, settings, executor.workers, split)
    got: list[list[list[tuple[str, FixResult]]]] = [[[] for _ in g] for g in groups]
    if sources is not None and any(s is not None for g in sources for s in g):
        items = ((texts, settings, srcs)
                 for texts, srcs in zip(plan.items, _source_pieces(plan, sources)))
    else:
        items = ((texts, settings) for texts in plan.items)
    for texts, owners, results in zip(plan.items, plan.owners, executor.map(fix_item, items)):
        for piece, (g, s), res in zip(texts, owners, results):
            got[g][s].append((piece, res))
        if progress:
            progress(sum(len(t) for t in texts))  # characters
    return [[_merge(pieces) if pieces else FixResult(groups[g][s])
             for s, pieces in enumerate(slots)] for g, slots in enumerate(got)]


def check_groups(groups: Sequence[Sequence[tuple[str, str | None]]], settings: Settings,
                 executor: Executor | None = None) -> list[list[list[Diagnostic]]]:
    """Diagnostics per group and text; each text comes with its source (or None). With the
    collector paused, as :func:`fix_groups`."""
    executor = executor or Serial()
    with _paused_here(executor):
        return _check_groups(groups, settings, executor)


def _check_groups(groups, settings, executor):
    target = cut.CHUNK_CHARS if executor.workers <= 1 else 1 << 16
    items = cut.pack([[len(t) for t, _ in g] for g in groups], target)
    out: list[list[list[Diagnostic]]] = [[[] for _ in g] for g in groups]
    args = ([groups[g][s] for g, s in item] for item in items)
    for item, res in zip(items, executor.map(check_item, ((a, settings) for a in args))):
        for (g, s), diags in zip(item, res):
            out[g][s] = diags
    return out


def check_jobs(jobs: Sequence, settings: Settings, executor: Executor,
               sources: dict[int, str] | None = None) -> list[list[list[Diagnostic]]]:
    """Diagnostics per job and unit. Units carry their source text (bilingual formats);
    ``sources`` maps a job index to a line-aligned source text (``--source``)."""
    out: list[list[list[Diagnostic]]] = [[] for _ in jobs]
    by_settings: dict[Settings, list[int]] = {}
    for i, job in enumerate(jobs):
        by_settings.setdefault(job.settings(settings), []).append(i)
    for s, idxs in by_settings.items():
        groups = []
        for i in idxs:
            job = jobs[i]
            groups.append([(u.target, aligned_source(u.target, sources.get(i) if sources
                                                      and job.is_text else u.source))
                           for u in job.parsed.units])
        for i, res in zip(idxs, check_groups(groups, s, executor)):
            out[i] = res
    return out


@dataclass
class StreamStats:
    edits: int = 0
    capped: bool = False
    codes: dict = field(default_factory=dict)   # edits per rule code


@dataclass
class StreamSpec:
    """One file to stream: ``key`` is the caller's, returned with every event; ``open()`` gives
    a reader of the file's bytes from the start (raises OSError)."""

    key: object
    open: Callable
    fmt: object
    name: str
    size: int | None = None    # for sizing the chunks; None when unknown (a pipe)


def stream_files(specs: Sequence[StreamSpec], settings: Settings,
                 executor: Executor | None = None, options=None,
                 progress: Callable[[int], None] | None = None) -> Iterator[tuple]:
    """Repair files chunk by chunk (lines mode), all chunks of all files through one executor,
    in order. Yields ``("data", key, bytes)`` events, then per file ``("end", key, stats)``
    or ``("error", key, message)`` (after an error, that file's remaining chunks are skipped;
    the caller discards what it wrote). Memory stays bounded by the chunks in flight."""
    executor = executor or Serial()
    settings = replace(settings, mode="lines")
    rules = cut.cut_rules(settings)
    chunk = cut.STREAM_CHUNK
    if executor.workers > 1:  # enough chunks to keep every worker busy
        total = sum(cut.STREAM_CHUNK * 64 if sp.size is None else sp.size for sp in specs)
        chunk = min(cut.STREAM_CHUNK, max(1 << 16, total // (executor.workers * 8)))

    def items():
        for sp in specs:
            try:
                fh = sp.open()
            except OSError as e:
                yield (sp.key, True, b"", f"{sp.name}: cannot read ({e.strerror})", None)
                continue
            try:
                line = 1
                first = True
                # records (JSON Lines) are independent: any line boundary will do
                for data, offset, last, before, after in cut.chunks(
                        fh, chunk, () if getattr(sp.fmt, "stream_lines", None) else rules):
                    prefix = b""
                    if first:
                        first = False
                        if data.startswith(b"\xef\xbb\xbf"):
                            prefix, data, offset = data[:3], data[3:], offset + 3
                    yield (sp.key, last, prefix, None,
                           (data, settings, sp.fmt, options, offset, sp.name, line, before,
                            after))
                    line += data.count(b"\n")
            except OSError as e:
                yield (sp.key, True, b"", f"{sp.name}: cannot read ({e.strerror})", None)
            finally:
                fh.close()

    def batches():
        """Chunks packed into trips of about ``chunk`` bytes: thousands of small files do not
        cost thousands of round trips (a Dask task each)."""
        batch, size = [], 0
        for it in items():
            batch.append(it)
            size += len(it[4][0]) if it[4] is not None else 0
            if size >= chunk:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def results():
        for done in executor.map(stream_batch, batches()):
            yield from done

    stats: dict = {}
    failed: set = set()
    for key, last, res, error in results():
        if key in failed:
            continue
        if error is not None:
            failed.add(key)
            yield ("error", key, error)
            continue
        data, edits, capped = res
        st = stats.setdefault(key, StreamStats())
        st.edits += sum(edits.values())
        for code, n in edits.items():
            st.codes[code] = st.codes.get(code, 0) + n
        st.capped = st.capped or capped
        yield ("data", key, data)
        if progress:
            progress(len(data))
        if last:
            yield ("end", key, stats.pop(key))
