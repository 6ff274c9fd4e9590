"""Many files, in order, in any format, over an executor (this process, worker processes or a
Dask cluster). Plain functions under the CLI.

Work is cut into *items*: a list of texts for the engine. A text is a whole plain-text file, a
line chunk of a large one (lines mode only: lines are independent segments), or one unit of a
structured file (a PO entry's msgstr, an XLIFF target, a Markdown document with its markup
masked). Small texts are packed into one item so thousands of small files do not cost thousands
of round trips; results come back in input order and are put back together per file.

Large plain-text and JSONL files *stream*: they are read, repaired and written chunk by chunk
(bytes in, bytes out), so memory stays flat whatever the file size.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..engine import FixResult, Linter
from ..settings import Settings
from .executors import Executor, Serial, make_executor
from ..model import Diagnostic
from ..rules import REGISTRY, cut_ok
from ..textio import InputError, decode_utf8



def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# Lines mode: a text above this many characters is split across workers at line breaks.
CHUNK_CHARS = _env_int("MTFIX_CHUNK_CHARS", 1 << 20)
# Plain text / JSONL files above this many bytes stream (when nothing needs the whole text):
# by default all of them (bytes in, bytes out is also the cheapest way to send work to workers).
STREAM_BYTES = _env_int("MTFIX_STREAM_BYTES", 0)
STREAM_CHUNK = _env_int("MTFIX_STREAM_CHUNK", 1 << 20)


@dataclass
class Input:
    path: str                 # the file as the user named it or as found in a directory
    rel: str | None = None    # path relative to the directory it was found in (for -o DIR)

    @property
    def name(self) -> str:
        return "<stdin>" if self.path == "-" else self.path


def collect(paths: Sequence[str], include: Sequence[str] = ("*.txt", "*.id")) -> list[Input]:
    """Expand directories (sorted, hidden entries skipped, files matching ``include``; the CLI
    passes the extensions of the chosen format)."""
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


# -- workers ---------------------------------------------------------------------------------

_LINTERS: dict[Settings, Linter] = {}


def _linter(settings: Settings) -> Linter:
    lin = _LINTERS.get(settings)
    if lin is None:
        lin = _LINTERS[settings] = Linter(settings)
    return lin


def warm_linters(settings: Iterable[Settings]) -> None:
    """Build (and run once) the linters for these settings in this process."""
    for s in settings:
        _linter(s).fix("disini  x")


def _fix_item(args: tuple[list[str], Settings]) -> list[FixResult]:
    texts, settings = args
    lin = _linter(settings)
    return [lin.fix(t) for t in texts]


def _check_item(args: tuple[list[tuple[str, str | None]], Settings]) -> list[list[Diagnostic]]:
    pairs, settings = args
    lin = _linter(settings)
    return [lin.check(t, source=s) for t, s in pairs]


def _cut_ok(before: str, after: str) -> bool:
    """Whether text may be cut between these two lines without changing any repair: every
    registered rule that looks at neighbouring lines must agree (:meth:`Rule.cut_ok`)."""
    return bool(before.strip() and after.strip()) and cut_ok(REGISTRY.values(), before, after)


def _safe_cut(text, end: int, nl, decode=None) -> int:
    """The last line boundary ``p <= end`` (just after a newline, the line after it complete)
    where the text may be cut (:func:`_cut_ok`); -1 when there is none. Works on str and bytes."""
    p = end
    while p > 0:
        prev_start = text.rfind(nl, 0, p - 1) + 1
        next_end = text.find(nl, p)
        if next_end != -1:
            before, after = text[prev_start:p], text[p:next_end]
            if decode is not None:
                before, after = decode(before), decode(after)
            if _cut_ok(before, after):
                return p
        p = prev_start
    return -1


def _split_lines(text: str, size: int) -> list[str]:
    chunks, start = [], 0
    while start < len(text):
        end = text.find("\n", start + size)
        if end == -1:
            chunks.append(text[start:])
            break
        cut = _safe_cut(text, end + 1, "\n")
        if cut <= start:  # no safe boundary since the last cut: take the next safe one
            nxt = end + 1
            while nxt < len(text) and (cut := _safe_cut(text, nxt, "\n")) <= start:
                more = text.find("\n", nxt + size)
                nxt = len(text) if more == -1 else more + 1
            if cut <= start:
                chunks.append(text[start:])
                break
        chunks.append(text[start:cut])
        start = cut
    return chunks or [text]


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


@dataclass
class _Plan:
    """Texts cut into pieces, pieces packed into items."""

    items: list[list[str]] = field(default_factory=list)
    owners: list[list[tuple[int, int]]] = field(default_factory=list)  # (group, slot) per piece


def _plan(groups: Sequence[Sequence[str]], settings: Settings, workers: int,
          split: Sequence[bool]) -> tuple[_Plan, list[list[list[str]]]]:
    """``groups[g]`` are the texts of one file (one for plain text, one per unit otherwise).
    ``split[g]``: the file's single text may be cut into line chunks. Returns the plan and,
    per group and slot, the pieces that slot was cut into."""
    total = sum(len(t) for g in groups for t in g)
    target = CHUNK_CHARS if workers <= 1 else max(1 << 14, min(CHUNK_CHARS,
                                                             total // (workers * 4) + 1))
    plan = _Plan()
    cut: list[list[list[str]]] = []
    cur: list[str] = []
    cur_own: list[tuple[int, int]] = []
    size = 0

    def flush() -> None:
        nonlocal cur, cur_own, size
        if cur:
            plan.items.append(cur)
            plan.owners.append(cur_own)
        cur, cur_own, size = [], [], 0

    for g, texts in enumerate(groups):
        per_slot = []
        for s, text in enumerate(texts):
            pieces = _split_lines(text, target) if split[g] and len(text) > target else [text]
            per_slot.append(pieces)
            for piece in pieces:
                cur.append(piece)
                cur_own.append((g, s))
                size += len(piece)
                if size >= target:
                    flush()
        cut.append(per_slot)
    flush()
    return plan, cut


def fix_groups(groups: Sequence[Sequence[str]], settings: Settings,
               executor: Executor | None = None, split: Sequence[bool] | None = None,
               progress: Callable[[int], None] | None = None) -> list[list[FixResult]]:
    """Fix every text of every group; results per group and text, in input order."""
    executor = executor or Serial()
    split = split if split is not None else [settings.mode == "lines"] * len(groups)
    plan, cut = _plan(groups, settings, executor.workers, split)
    got: list[list[list[tuple[str, FixResult]]]] = [[[] for _ in g] for g in groups]
    items = ((texts, settings) for texts in plan.items)
    for texts, owners, results in zip(plan.items, plan.owners, executor.map(_fix_item, items)):
        for piece, (g, s), res in zip(texts, owners, results):
            got[g][s].append((piece, res))
        if progress:
            progress(len(texts))
    return [[_merge(pieces) if pieces else FixResult(groups[g][s])
             for s, pieces in enumerate(slots)] for g, slots in enumerate(got)]


def fix_texts(texts: Sequence[str], settings: Settings, jobs: int = 1,
              progress: Callable[[int], None] | None = None,
              executor: Executor | None = None) -> list[FixResult]:
    """Fix each text; with ``jobs > 1`` (or an executor) texts, and in lines mode big texts cut
    at line breaks, go to workers. Results come back in input order."""
    own = executor is None
    executor = executor or make_executor("local", jobs)
    try:
        return [g[0] for g in fix_groups([[t] for t in texts], settings, executor,
                                         progress=progress)]
    finally:
        if own:
            executor.close()


def check_groups(groups: Sequence[Sequence[tuple[str, str | None]]], settings: Settings,
                 executor: Executor | None = None) -> list[list[list[Diagnostic]]]:
    """Diagnostics per group and text; each text comes with its source (or None)."""
    executor = executor or Serial()
    flat = [(g, s) for g, texts in enumerate(groups) for s in range(len(texts))]
    items: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    size = 0
    target = CHUNK_CHARS if executor.workers <= 1 else 1 << 16
    for g, s in flat:
        cur.append((g, s))
        size += len(groups[g][s][0])
        if size >= target:
            items.append(cur)
            cur, size = [], 0
    if cur:
        items.append(cur)
    out: list[list[list[Diagnostic]]] = [[[] for _ in g] for g in groups]
    args = ([groups[g][s] for g, s in item] for item in items)
    for item, res in zip(items, executor.map(_check_item, ((a, settings) for a in args))):
        for (g, s), diags in zip(item, res):
            out[g][s] = diags
    return out


# -- streaming -------------------------------------------------------------------------------

@dataclass
class StreamStats:
    edits: int = 0
    changed_lines: int = 0
    capped: bool = False
    bytes_in: int = 0


def _stream_item(args) -> tuple[bytes, int, int, bool]:
    """One chunk of a streamed file: bytes in (whole lines), repaired bytes out."""
    data, settings, fmt, options, offset, name, first_line = args
    text = decode_utf8(data, name, offset)
    lin = _linter(settings)
    if fmt == "jsonl":
        from ..formats.tabular import fix_jsonl_lines

        edits = 0
        capped = False

        def fix(t: str) -> str:
            nonlocal edits, capped
            r = lin.fix(t)
            edits += len(r.applied)
            capped = capped or r.capped
            return r.text

        lines = data.splitlines(keepends=True)
        new = fix_jsonl_lines(lines, options, fix, path=name, first_lineno=first_line)
        changed = sum(1 for a, b in zip(lines, new) if a is not b and a != b)
        return b"".join(new), edits, changed, capped
    res = lin.fix(text)
    if not res.applied:
        return data, 0, 0, res.capped
    changed_lines = len({a.line for a in res.applied})
    return res.text.encode("utf-8"), len(res.applied), changed_lines, res.capped


def _decode_line(b: bytes) -> str:
    return b.decode("utf-8", "replace")


def _chunks(fh, size: int) -> Iterator[tuple[bytes, int, bool]]:
    """Chunks of about ``size`` bytes cut between whole lines where the cut cannot change a
    repair (:func:`_cut_ok`): (data, byte offset, is the last one). An empty file gives one
    empty chunk."""
    offset = 0
    rest = b""
    pending: tuple[bytes, int] | None = None
    while True:
        block = fh.read(size)
        if not block:
            break
        block = rest + block
        cut = block.rfind(b"\n")
        p = _safe_cut(block, cut + 1, b"\n", _decode_line) if cut != -1 else -1
        if p <= 0 and cut != -1 and len(block) > max(64 * size, 64 << 20):
            p = cut + 1  # 64 MiB without a safe boundary (a list run?): keep memory bounded
        if p <= 0:
            rest = block  # no safe boundary yet: read on
            continue
        if pending is not None:
            yield pending[0], pending[1], False
        pending = (block[:p], offset)
        offset += p
        rest = block[p:]
    if rest:
        if pending is not None:
            yield pending[0], pending[1], False
        pending = (rest, offset)
    if pending is None:
        pending = (b"", 0)
    yield pending[0], pending[1], True


@dataclass
class StreamSpec:
    """One file to stream: ``key`` is the caller's, returned with every event."""

    key: object
    path: str
    fmt: str = "text"
    name: str | None = None
    head: bytes = b""   # standard input: bytes already read (to detect the format) come first


class _Prefixed:
    """A binary reader that gives ``head`` before what ``fh`` still holds."""

    def __init__(self, head: bytes, fh) -> None:
        self.head, self.fh = head, fh

    def read(self, n: int) -> bytes:
        if self.head:
            out, self.head = self.head[:n], self.head[n:]
            return out
        return self.fh.read(n)


def _stream_item_safe(args):
    key, last, prefix, error, payload = args
    if error is not None:
        return key, last, None, error
    try:
        data, edits, changed, capped = _stream_item(payload)
    except InputError as e:
        return key, last, None, str(e)
    return key, last, (prefix + data, edits, changed, capped), None


def stream_files(specs: Sequence[StreamSpec], settings: Settings,
                 executor: Executor | None = None, options=None,
                 progress: Callable[[int], None] | None = None) -> Iterator[tuple]:
    """Repair files chunk by chunk (lines mode), all chunks of all files through one executor,
    in order. Yields ``("data", key, bytes)`` events, then per file ``("end", key, stats)``
    or ``("error", key, message)`` (after an error, that file's remaining chunks are skipped;
    the caller discards what it wrote). Memory stays bounded by the chunks in flight."""
    executor = executor or Serial()
    settings = replace(settings, mode="lines")
    chunk = STREAM_CHUNK
    if executor.workers > 1:  # enough chunks to keep every worker busy
        total = 0
        for sp in specs:
            try:
                total += os.path.getsize(sp.path) if sp.path != "-" else STREAM_CHUNK * 64
            except OSError:
                pass
        chunk = min(STREAM_CHUNK, max(1 << 16, total // (executor.workers * 8)))

    def items():
        for sp in specs:
            name = sp.name or sp.path
            try:
                fh = _Prefixed(sp.head, sys.stdin.buffer) if sp.path == "-" \
                    else open(sp.path, "rb")
            except OSError as e:
                yield (sp.key, True, b"", f"{name}: cannot read ({e.strerror})", None)
                continue
            try:
                line = 1
                first = True
                for data, offset, last in _chunks(fh, chunk):
                    prefix = b""
                    if first:
                        first = False
                        if data.startswith(b"\xef\xbb\xbf"):
                            prefix, data, offset = data[:3], data[3:], offset + 3
                    yield (sp.key, last, prefix, None,
                           (data, settings, sp.fmt, options, offset, name, line))
                    line += data.count(b"\n")
            except OSError as e:
                yield (sp.key, True, b"", f"{name}: cannot read ({e.strerror})", None)
            finally:
                if sp.path != "-":
                    fh.close()

    stats: dict = {}
    failed: set = set()
    for key, last, res, error in executor.map(_stream_item_safe, items()):
        if key in failed:
            continue
        if error is not None:
            failed.add(key)
            yield ("error", key, error)
            continue
        data, edits, changed, capped = res
        st = stats.setdefault(key, StreamStats())
        st.edits += edits
        st.changed_lines += changed
        st.capped = st.capped or capped
        st.bytes_in += len(data)
        yield ("data", key, data)
        if progress:
            progress(len(data))
        if last:
            yield ("end", key, stats.pop(key))


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


