"""Guard for post-editor rewrites: reject anything that changes too much or touches what must
stay (protected spans, required glossary terms)."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..glossary import term_in
from ..protect import protected_kinds


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance between ``a`` and ``b`` (characters).

    With ``limit``, the result is exact up to ``limit`` and ``limit + 1`` means "more than
    ``limit``": only a diagonal band of width ``2 * limit + 1`` is computed (O(n * limit)).
    """
    # Common prefix and suffix never cost anything.
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    a, b = a[p:], b[p:]
    s = 0
    n = min(len(a), len(b))
    while s < n and a[-1 - s] == b[-1 - s]:
        s += 1
    if s:
        a, b = a[:-s], b[:-s]
    if len(a) < len(b):
        a, b = b, a
    la, lb = len(a), len(b)
    if lb == 0:
        return la if limit is None else min(la, limit + 1)
    if limit is not None and la - lb > limit:
        return limit + 1
    k = la if limit is None else limit
    big = la + lb + 1
    prev = [j if j <= k else big for j in range(lb + 1)]
    for i in range(1, la + 1):
        lo, hi = max(1, i - k), min(lb, i + k)
        cur = [big] * (lb + 1)
        if i <= k:
            cur[0] = i
        ai = a[i - 1]
        best = cur[0] if lo == 1 else big
        for j in range(lo, hi + 1):
            v = prev[j - 1] + (ai != b[j - 1])
            x = prev[j] + 1
            if x < v:
                v = x
            x = cur[j - 1] + 1
            if x < v:
                v = x
            cur[j] = v
            if v < best:
                best = v
        if limit is not None and best > limit:
            return limit + 1
        prev = cur
    d = prev[lb]
    return d if limit is None or d <= limit else limit + 1


def check_rewrite(original: str, rewrite: str, *, max_change: float = 0.15,
                  glossary_terms: Iterable[str] = (), max_len_ratio: float = 1.5) -> str | None:
    """Why ``rewrite`` must not replace ``original``, or None if it may.

    Rejected: an empty rewrite of a non-empty line; a length ratio outside
    ``[1/max_len_ratio, max_len_ratio]``; a character edit rate (Levenshtein distance /
    ``len(original)``) above ``max_change``; protected spans (URLs, e-mails, tags,
    placeholders, numbers) not kept identically (as a multiset); a required glossary term of
    the original missing from the rewrite.
    """
    if rewrite == original:
        return None
    if not original.strip():
        return "the original is blank"
    if not rewrite.strip():
        return "empty rewrite"
    ratio = len(rewrite) / len(original)
    if not (1 / max_len_ratio <= ratio <= max_len_ratio):
        return f"length ratio {ratio:.2f} outside [{1 / max_len_ratio:.2f}, {max_len_ratio:.2f}]"
    limit = int(max_change * len(original))
    d = edit_distance(original, rewrite, limit)
    if d > limit:
        return f"changes more than {max_change:.0%} of the characters (over {limit} edits)"
    before = Counter((k, t) for k, _, _, t in protected_kinds(original))
    after = Counter((k, t) for k, _, _, t in protected_kinds(rewrite))
    if before != after:  # a new number/URL/placeholder is as suspect as a lost one
        lost = before - after
        if lost:
            kind, text = sorted(lost)[0]
            return f"protected {kind} `{text}` changed or lost"
        kind, text = sorted(after - before)[0]
        return f"protected {kind} `{text}` added"
    for term in glossary_terms:
        if term_in(original, term) and not term_in(rewrite, term):
            return f"glossary term `{term}` lost"
    return None
