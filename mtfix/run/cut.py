"""Where a text may be cut into work units, and how big the pieces are.

A text may be cut between two lines only where no active rule that looks at neighbouring lines
objects (:func:`mtfix.rules.cut_ok`): then repairing the pieces one by one gives exactly the
repair of the whole. Lines mode only (in lines mode every line is a segment).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Sequence

from ..rules import REGISTRY, Rule, cut_ok, resolve_rules
from ..settings import Settings


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
# How far back from a streamed chunk's end a safe cut is looked for before the cut is forced.
SAFE_CUT_WINDOW = 1 << 16


@lru_cache(maxsize=None)
def _neighbour_rules(select, ignore, extend_select) -> tuple[Rule, ...]:
    return tuple(r for r in resolve_rules(select, ignore, extend_select) if r.neighbour_sensitive)


def cut_rules(settings: Settings | None = None) -> tuple[Rule, ...]:
    """The rules that decide cuts: the active rules of ``settings`` that look at neighbouring
    lines (every registered one when ``settings`` is None)."""
    if settings is None:
        return tuple(r for r in REGISTRY.values() if r.neighbour_sensitive)
    return _neighbour_rules(settings.select, settings.ignore, settings.extend_select)


def _cut_ok(before: str, after: str, rules: Sequence[Rule]) -> bool:
    return bool(before.strip() and after.strip()) and cut_ok(rules, before, after)


def safe_cut(text, end: int, nl, rules: Sequence[Rule], decode=None, lo: int = 0) -> int:
    """The last line boundary ``lo < p <= end`` (just after a newline, the line after it
    complete) where the text may be cut; -1 when there is none. Works on str and bytes."""
    p = end
    while p > lo:
        prev_start = text.rfind(nl, 0, p - 1) + 1
        next_end = text.find(nl, p)
        if next_end != -1:
            before, after = text[prev_start:p], text[p:next_end]
            if decode is not None:
                before, after = decode(before), decode(after)
            if _cut_ok(before, after, rules):
                return p
        p = prev_start
    return -1


def split_lines(text: str, size: int, rules: Sequence[Rule] | None = None) -> list[str]:
    """``text`` cut at safe line boundaries into pieces of about ``size`` characters."""
    rules = cut_rules() if rules is None else rules
    chunks, start = [], 0
    while start < len(text):
        end = text.find("\n", start + size)
        if end == -1:
            chunks.append(text[start:])
            break
        cut = safe_cut(text, end + 1, "\n", rules, lo=start)
        if cut <= start:  # no safe boundary since the last cut: take the next safe one
            # (each stretch looked at once: a long list with no safe boundary at all is
            # walked once, not once per attempt)
            seen = nxt = end + 1
            while nxt < len(text) and (cut := safe_cut(text, nxt, "\n", rules, lo=seen)) <= start:
                seen = nxt
                more = text.find("\n", nxt + size)
                nxt = len(text) if more == -1 else more + 1
            if cut <= start:
                chunks.append(text[start:])
                break
        chunks.append(text[start:cut])
        start = cut
    return chunks or [text]


def _decode_line(b: bytes) -> str:
    return b.decode("utf-8", "replace")


def _last_nonblank_line(buf: bytes, end: int) -> tuple[int, int]:
    """(start, end) of the last non-blank complete line ending at or before ``end`` (a line
    boundary), end included its newline; (-1, -1) when there is none."""
    e = end
    while e > 0:
        s = buf.rfind(b"\n", 0, e - 1) + 1
        if buf[s:e].strip():
            return s, e
        e = s
    return -1, -1


def chunks(fh, size: int, rules: Sequence[Rule] | None = None, bound: int | None = None
           ) -> Iterator[tuple[bytes, int, bool, bytes, bytes]]:
    """Chunks of about ``size`` bytes read from ``fh``, cut between whole lines: (data, byte
    offset, is the last one, context before, context after). An empty file gives one empty
    chunk.

    A cut goes where no neighbour-sensitive rule objects (:func:`safe_cut`): the pieces then
    repair independently, with no context. When there is no such place within ``bound`` bytes
    (default ``size``: a long list, blank lines between all lines), the text is cut anyway,
    just before a non-blank line, so memory stays bounded whatever the line structure; the
    pieces on either side of such a cut then come with read-only context: the nearest non-blank
    line across the cut (what a neighbour-sensitive rule looks at, WS007), to be repaired with
    the piece and dropped from its output (:func:`with_context`, :func:`drop_context`)."""
    rules = cut_rules() if rules is None else rules
    bound = max(size, 1) if bound is None else bound
    offset = 0
    buf = b""
    before = b""  # context for the next piece (after a forced cut)
    pending = None
    eof = False
    while not eof:
        block = fh.read(size)
        if not block:
            eof = True
        else:
            buf += block
        while buf:
            end = buf.rfind(b"\n")
            if end == -1 or (not eof and len(buf) < size):
                break
            after = b""
            # A safe place is looked for in the last SAFE_CUT_WINDOW bytes only: in a long
            # list there is none, and walking back over the whole buffer for every chunk cost
            # a third of the repair. Without one the cut is forced (with context: same output).
            p = safe_cut(buf, end + 1, b"\n", rules, _decode_line,
                         lo=max(0, end + 1 - SAFE_CUT_WINDOW)) if len(buf) >= size else -1
            if p <= 0:
                if not eof and len(buf) < bound:
                    break  # no safe place yet: read on (bounded)
                if eof:
                    break
                s, e = _last_nonblank_line(buf, end + 1)
                if s > 0:
                    p, after = s, buf[s:e]  # forced cut before a complete non-blank line
                elif len(buf) < max(16 * bound, 64 << 20):
                    break  # one non-blank line, then blank ones: read on to the next
                else:
                    # 64 MiB of blank lines after one line: cut in them (that line's repair
                    # may then miss its next neighbour; WS007 only, for a line starting "- ")
                    p = end + 1
            piece = buf[:p]
            if pending is not None:
                yield (*pending[:2], False, *pending[2:])
            pending = (piece, offset, before, after)
            if after:
                s, e = _last_nonblank_line(piece, len(piece))
                before = piece[s:e] if s >= 0 else before
            else:
                before = b""
            offset += p
            buf = buf[p:]
            if eof:
                break
        if eof:
            break
    if buf:
        if pending is not None:
            yield (*pending[:2], False, *pending[2:])
        pending = (buf, offset, before, b"")
    if pending is None:
        pending = (b"", 0, b"", b"")
    yield pending[0], pending[1], True, pending[2], pending[3]


def with_context(before: str, text: str, after: str) -> str:
    """The text to repair for a piece with read-only context (each context a whole line)."""
    return before + text + after


def drop_context(fixed: str, before: str, text: str, after: str) -> str | None:
    """The piece's part of ``fixed`` (the repair of :func:`with_context`); None when the line
    structure changed and the part cannot be told (the caller repairs without context)."""
    if not before and not after:
        return fixed
    whole = before + text + after
    if fixed.count("\n") != whole.count("\n"):
        return None
    nb, nt = before.count("\n"), text.count("\n")
    parts = fixed.split("\n")
    kept = parts[nb:nb + nt] + ([""] if after else [parts[nb + nt]])
    return "\n".join(kept) if after else "\n".join(parts[nb:])


@dataclass
class Plan:
    """Texts cut into pieces, pieces packed into items (one item: one trip to a worker)."""

    items: list[list[str]] = field(default_factory=list)
    owners: list[list[tuple[int, int]]] = field(default_factory=list)  # (group, slot) per piece


def plan(groups: Sequence[Sequence[str]], settings: Settings, workers: int,
         split: Sequence[bool]) -> Plan:
    """``groups[g]`` are the texts of one file (one for plain text, one per unit otherwise).
    ``split[g]``: the file's single text may be cut into line chunks. Small texts are packed
    together so that thousands of small files do not cost thousands of round trips."""
    total = sum(len(t) for g in groups for t in g)
    target = CHUNK_CHARS if workers <= 1 else max(1 << 14, min(CHUNK_CHARS,
                                                             total // (workers * 4) + 1))
    rules = cut_rules(settings)
    out = Plan()
    cur: list[str] = []
    cur_own: list[tuple[int, int]] = []
    size = 0

    def flush() -> None:
        nonlocal cur, cur_own, size
        if cur:
            out.items.append(cur)
            out.owners.append(cur_own)
        cur, cur_own, size = [], [], 0

    for g, texts in enumerate(groups):
        for s, text in enumerate(texts):
            pieces = split_lines(text, target, rules) if split[g] and len(text) > target \
                else [text]
            for piece in pieces:
                cur.append(piece)
                cur_own.append((g, s))
                size += len(piece)
                if size >= target:
                    flush()
    flush()
    return out


def pack(sizes: Sequence[Sequence[int]], target: int) -> list[list[tuple[int, int]]]:
    """(group, slot) pairs packed into items of about ``target`` characters, in order."""
    items: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    size = 0
    for g, slots in enumerate(sizes):
        for s, n in enumerate(slots):
            cur.append((g, s))
            size += n
            if size >= target:
                items.append(cur)
                cur, size = [], 0
    if cur:
        items.append(cur)
    return items
