"""Plain-text helpers shared across mtfix: lines split on ``\\n`` only, and the two tokenisers.

Lines are always split on ``"\\n"`` alone, never with :meth:`str.splitlines` (which also breaks
at ``\\x0b``, ``\\x1c``, ``\\u2028``, ... that can sit inside one segment):

* :func:`split_lines`: the segments of a line-aligned file (a final newline does not make one
  more; a trailing ``\\r`` is kept off the line unless ``keep_cr``);
* :func:`line_starts`: the offset of every line start, for mapping offsets to lines (every
  ``\\n`` starts a line, so a final newline starts an empty last one);
* :func:`split_lines_with_starts`: both at once, one start per segment.

Two tokenisers, deliberately different (merging them would change what a diff or an edit is):

* :func:`word_tokens`: words, whitespace runs and single punctuation marks, as strings;
  ``"".join(word_tokens(s)) == s``. Whitespace is a token of its own (word diffs).
* :func:`spaced_tokens`: words and single punctuation marks as :class:`Token` objects, each
  owning the whitespace before it, then an end token owning the trailing whitespace; so a
  spacing change changes a token (ERRANT-style edits, :mod:`mtfix.scoring.align`).

Standard library only: everything may import this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

__all__ = ["Token", "line_starts", "lower_aligned", "spaced_tokens", "split_lines", "split_lines_with_starts",
           "word_tokens"]


# --------------------------------------------------------------------------------------------
# lines
# --------------------------------------------------------------------------------------------

# str.lower works through a buffer of three UCS-4 characters per character of a non-ASCII
# string (a 16 MB line: 192 MB allocated, 64 MB of it written): a longer string is lowered in
# pieces of this many characters.
LOWER_PIECE = 1 << 16


def lower_aligned(s: str) -> str:
    """``s.lower()`` with the same length as ``s``, so that offsets found in it are offsets in
    ``s``. ``str.lower`` changes the length of one character only, U+0130 İ (to ``i`` + U+0307
    combining dot): here it becomes a plain ``i``. Use it wherever a lowercased text is
    searched and the positions are used on the original.

    Each character is lowered on its own except Σ, whose lowercase depends on the letters
    around it: a long string without one is lowered piece by piece (the same result, without
    ``str.lower``'s working buffer for the whole string)."""
    if len(s) > LOWER_PIECE and not s.isascii() and "\u03a3" not in s:
        return "".join([_lower_piece(s[i:i + LOWER_PIECE])
                        for i in range(0, len(s), LOWER_PIECE)])
    return _lower_piece(s)


def _lower_piece(s: str) -> str:
    low = s.lower()
    if len(low) == len(s):
        return low
    return s.replace("\u0130", "i").lower()


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, end in ``old``, end in ``new``) of the stretch where two strings differ: their
    common prefix and suffix left out (the suffix not overlapping the prefix). Found by
    bisection on slice equality, compared in C, not a character at a time (a 1 MB line)."""
    limit = min(len(old), len(new))
    lo, hi = 0, limit   # the common prefix's length lies in [lo, hi]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    p = lo
    n_old, n_new = len(old), len(new)
    lo, hi = 0, limit - p   # the common suffix's, not overlapping the prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[n_old - mid:] == new[n_new - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return p, n_old - lo, n_new - lo


def split_lines(text: str, *, keep_cr: bool = False) -> list[str]:
    """Segments of a line-aligned text: one per ``\\n``-terminated line, the final newline not
    making one more (so ``""`` has none). A trailing ``\\r`` is dropped from each line unless
    ``keep_cr``."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if keep_cr:
        return lines
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of ``text`` starts (lines end at ``\\n``; a final newline
    starts one more, empty, line)."""
    lens = [len(part) + 1 for part in text.split("\n")]
    return list(accumulate(lens, initial=0))[:-1]


def split_lines_with_starts(text: str) -> tuple[list[str], list[int]]:
    """:func:`split_lines` and the offset in ``text`` where each of those lines begins."""
    lines = split_lines(text)
    return lines, line_starts(text)[:len(lines)]


# --------------------------------------------------------------------------------------------
# tokens
# --------------------------------------------------------------------------------------------

_WORD_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)

# A word (letters/digits/underscore), or one other non-space character. Each token owns the
# whitespace before it, so a spacing change changes a token: "sela -sela" vs "sela-sela" differ
# in the "-" token ("␣-" vs "-"), and "memulai, \"katanya" vs "memulai,\" katanya" too.
_SPACED_TOKEN = re.compile(r"(\s*)(\w+|[^\w\s])", re.UNICODE)


def word_tokens(s: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; ``"".join(word_tokens(s)) == s``."""
    return _WORD_TOKEN.findall(s)


@dataclass(frozen=True, slots=True)
class Token:
    """A token of :func:`spaced_tokens`."""

    space: str   # the whitespace before the token
    text: str    # "" for the end-of-segment token that owns trailing whitespace
    start: int   # where ``space`` starts
    end: int     # where ``text`` ends


def spaced_tokens(text: str) -> list[Token]:
    """Tokens with their preceding whitespace, then an end token ("") owning trailing space."""
    toks = []
    pos = 0
    for m in _SPACED_TOKEN.finditer(text):
        toks.append(Token(m.group(1), m.group(2), m.start(), m.end()))
        pos = m.end()
    toks.append(Token(text[pos:], "", pos, len(text)))
    return toks


def aligned_source(target: str, source: str | None) -> str | None:
    """``source`` line-aligned with ``target``: as it is when both have as many line breaks;
    with its final line break taken away or added when that is the only difference (the same
    lines, one text ending with a break: without this the whole source became one line and
    every target line but the first lost its source); else as one line (line breaks become
    spaces, so its length and offsets stay the same), so that a unit whose source is wrapped
    differently is checked and repaired as one segment."""
    if source is None:
        return None
    n_target, n_source = target.count("\n"), source.count("\n")
    if n_target == n_source:
        return source
    if n_source == n_target + 1 and source.endswith("\n") and not target.endswith("\n"):
        return source[:-2] if source.endswith("\r\n") else source[:-1]
    if n_target == n_source + 1 and target.endswith("\n") and not source.endswith("\n"):
        return source + "\n"
    return source.replace("\r\n", "  ").replace("\n", " ").replace("\r", " ")
