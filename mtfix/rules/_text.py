"""Shared pieces for rules: character classes, case restoration. (Data files: mtfix.language.)"""

from __future__ import annotations

# Horizontal whitespace only: a rule never matches across a line break.
HS = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# A run of letters (no digits, no underscore).
WORD = r"[^\W\d_]+"
HYPHENS = "\\-\u2010\u2011"  # for use inside a character class
OPEN_QUOTES = "\"'\u201c\u2018"
CLOSE_QUOTES = "\"'\u201d\u2019"


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``template`` (lower, Capitalised, UPPER)."""
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def ascii_whole(line: str, needle: str, not_before: str = "") -> bool:
    """Whether the lowercase ASCII ``needle`` occurs in the ASCII ``line``, in any case, with no
    word character (``\\w``: ASCII letters, digits, underscore) or character of ``not_before``
    just before it and no word character just after it: what
    ``re.search(rf"(?<![\\w{not_before}]){re.escape(needle)}(?!\\w)", line, re.IGNORECASE)``
    finds in an ASCII line, without a pattern compiled per needle (a rule that looks for a
    word of each finding in its source line compiled one per distinct word: 48,000 different
    words in a catalog, 50 µs each)."""
    low = line.lower()
    n = len(needle)
    at = low.find(needle)
    while at != -1:
        before = low[at - 1] if at else " "
        after = low[at + n] if at + n < len(low) else " "
        if not (before.isalnum() or before == "_" or before in not_before
                or after.isalnum() or after == "_"):
            return True
        at = low.find(needle, at + 1)
    return False


# -- lines that may hold a repeated word (DW001's prefilter) -------------------------------------

import re as _re
from bisect import bisect_right as _bisect_right
from itertools import accumulate as _accumulate
from itertools import islice as _islice
from operator import eq as _eq

# UTF-8 bytes of a lowercased text → tokens: ASCII letters, hyphens and every non-ASCII byte are
# kept, a line break becomes the marker \x01 (a token of its own, below), every other ASCII byte
# (space, punctuation, digit, underscore) a space.
_TOKEN_BYTES = bytes(b if (0x61 <= b <= 0x7a or 0x41 <= b <= 0x5a or b == 0x2d or b >= 0x80)
                     else 1 if b == 0x0a else 0x20 for b in range(256))
_ASCII = bytes(range(128))
_KEPT = _re.compile(rf"[\w{HYPHENS}]")
_LINE = b"\x01"


# repeat_lines works through a long text in pieces of about this many characters (cut after a
# space or line break): its bytes and token list for a 16 MB line were ~150 MB.
REPEAT_PIECE = 1 << 20


def repeat_lines(lowers: list[str], limit: int | None = None) -> list[tuple[int, int]] | None:
    """(k, i): line ``i`` of ``lowers[k]`` (texts lowercased by
    :func:`mtfix.text.lower_aligned`, e.g. the regions of a pass) holds two neighbouring runs
    of letters, separated by anything but a letter, hyphen or line break, that are equal. That
    is every line where DW001's pattern (a letter run, horizontal space, the same run
    case-insensitively, no word character or hyphen on either side) can match, and a few more.
    Done in C over all the texts at once (encode, translate, split, compare), not with a
    regular expression tried at every word; a long text piece by piece, cut after a space or
    a line break (no token spans a cut; the last token of a piece is compared with the first
    of the next). None as soon as more than ``limit`` lines are found (then the caller scans
    the whole text instead: what remains is not looked at)."""
    lower = lowers[0] if len(lowers) == 1 else "\n".join(lowers)
    lines: list[int] = []  # line indices in the joined text
    line = 0               # line breaks before the piece
    prev = None            # the last token of the pieces before
    pos, n = 0, len(lower)
    while pos < n:
        cut = n
        if n - pos > REPEAT_PIECE:
            cut = max(lower.rfind(" ", pos, pos + REPEAT_PIECE),
                      lower.rfind("\n", pos, pos + REPEAT_PIECE)) + 1
            if cut <= pos:  # no space in the piece: to the next one after it
                after = [p for p in (lower.find(" ", pos + REPEAT_PIECE),
                                     lower.find("\n", pos + REPEAT_PIECE)) if p != -1]
                cut = min(after) + 1 if after else n
        words = _piece_tokens(lower if pos == 0 and cut == n else lower[pos:cut])
        pos = cut
        if not words:
            continue  # spaces only: the tokens around it stay neighbours
        if prev is not None and prev == words[0] and prev != _LINE and prev.strip(b"-"):
            if not lines or lines[-1] != line:
                lines.append(line)
        # Equal neighbours as a bytes of 0/1, searched with find (no int per token).
        equal = bytes(map(_eq, words, _islice(words, 1, None)))
        i = -1
        at = 0
        while (i := equal.find(1, i + 1)) != -1:
            w = words[i]
            if w == _LINE or not w.strip(b"-"):
                # Two line breaks (an empty line), or two dashes: so is every pair of the run
                # of equal neighbours from here (`<!--<!--…`: one step, not one per token).
                i = equal.find(0, i + 1)
                if i == -1:
                    break
                continue
            line += words[at:i].count(_LINE)
            at = i
            if not lines or lines[-1] != line:
                lines.append(line)
                if limit is not None and len(lines) > limit:
                    return None
            # The line is in: its other pairs add nothing (a line of `, "katanya`: one step
            # for it, not one per repeat). On to the pair of its line break and what follows
            # it (never equal, a line break being no letter run).
            try:
                i = words.index(_LINE, i + 1)
            except ValueError:
                break
        line += words[at:].count(_LINE)
        prev = words[-1]
    if len(lowers) == 1 or not lines:
        return [(0, i) for i in lines]
    ends = list(_accumulate(low.count("\n") + 1 for low in lowers))  # lines up to each text
    out = []
    for i in lines:
        k = _bisect_right(ends, i)
        out.append((k, i - ends[k - 1] if k else i))
    return out


def _piece_tokens(lower: str) -> list[bytes]:
    """The tokens of a lowercased text (or piece of one): runs of letters and hyphens as
    UTF-8 bytes, and the marker for each line break."""
    # Case-insensitive backreferences compare simple lowercase; str.lower writes a final
    # sigma as ς where the simple lowercase is σ.
    if "\u03c2" in lower:
        lower = lower.replace("\u03c2", "\u03c3")
    data = lower.encode("utf-8", "surrogatepass")
    if len(data) != len(lower):
        # Non-ASCII characters that are no word character or hyphen (quotes, dashes,
        # no-break spaces) separate tokens too; the few distinct ones a text holds are found
        # from its non-ASCII bytes (and replaced in the str: one character for one).
        separators = [ch for ch in set(data.translate(None, _ASCII).decode(
            "utf-8", "surrogatepass")) if not _KEPT.match(ch)]
        if separators:
            for ch in separators:
                lower = lower.replace(ch, " ")
            data = lower.encode("utf-8", "surrogatepass")
    return data.translate(_TOKEN_BYTES).replace(_LINE, b" \x01 ").split()
