"""ERRANT-style minimal edits between two versions of one segment, at token level, with spacing
visible: the alignment under edit-level evaluation and under the post-editor's edits."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..text import spaced_tokens


@dataclass(frozen=True, slots=True)
class TokenEdit:
    """Replace ``src[start:end]`` with ``replacement``. ``op``: M (missing: something was
    inserted), U (unnecessary: something was deleted), R (replacement)."""

    start: int
    end: int
    replacement: str
    op: str
    original: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.replacement)


def extract_edits(src: str, tgt: str) -> list[TokenEdit]:
    """Minimal token edits turning ``src`` into ``tgt`` (one segment each).

    Tokens compare by (preceding whitespace, text), so spacing is significant. Spans are in
    ``src``; a changed token's span includes the whitespace before it; an insertion sits at the
    end of the preceding token. From difflib's opcodes: adjacent changes are merged; a pure
    insertion or deletion inside a run of repeats ("terlihat terlihat") is placed on the last
    copy, so the same change always gets the same span; an n-to-n replacement is split into
    one edit per changed token, except where whitespace moved from a token to the next
    (``, "katanya`` → ``," katanya`` stays one edit).
    """
    if src == tgt:
        return []
    a, b = spaced_tokens(src), spaced_tokens(tgt)
    ka = [(t.space, t.text) for t in a]
    kb = [(t.space, t.text) for t in b]
    ops = [op for op in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    merged: list[list[int]] = []
    for _, i1, i2, j1, j2 in ops:
        if merged and merged[-1][1] == i1 and merged[-1][3] == j1:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    groups: list[tuple[int, int, int, int]] = []
    for n, (i1, i2, j1, j2) in enumerate(merged):
        bound_a, bound_b = (merged[n + 1][0], merged[n + 1][2]) if n + 1 < len(merged) \
            else (len(a), len(b))
        if j1 == j2:  # deletion: slide right over repeats
            while i2 < bound_a and ka[i1] == ka[i2]:
                i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        elif i1 == i2:  # insertion: likewise
            while j2 < bound_b and i1 < bound_a and kb[j1] == kb[j2]:
                i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        if i2 - i1 == j2 - j1 > 1:
            prev = 0  # how the previous pair's spacing changed: -1 lost, +1 gained, 0 same
            for k in range(i2 - i1):
                x, y = a[i1 + k], b[j1 + k]
                if ka[i1 + k] == kb[j1 + k]:
                    prev = 0
                    continue
                d = (len(y.space) > len(x.space)) - (len(y.space) < len(x.space))
                if d and prev == -d and groups:  # whitespace moved from one token to the next
                    gi1, _, gj1, _ = groups[-1]
                    groups[-1] = (gi1, i1 + k + 1, gj1, j1 + k + 1)
                    prev = 0
                else:
                    groups.append((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1))
                    prev = d
        else:
            groups.append((i1, i2, j1, j2))
    out = []
    for i1, i2, j1, j2 in groups:
        start = a[i1].start if i1 < i2 else (a[i1 - 1].end if i1 > 0 else 0)
        end = a[i2 - 1].end if i1 < i2 else start
        repl = tgt[b[j1].start:b[j2 - 1].end] if j1 < j2 else ""
        orig = src[start:end]
        op = "M" if not orig else "U" if not repl else "R"
        out.append(TokenEdit(start, end, repl, op, orig))
    return out
