"""Protected spans: parts of a text that no stage may edit.

URLs, e-mail addresses, HTML/XML tags and comments, format placeholders (``{name}``, ``%s``,
``%(x)d``, ``${var}``, ``{{var}}``) and numbers (``80.000``, ``16,6``, ``10:30``). A rule may edit
*around* them (drop the space in ``$ 16,6``) but never inside them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_URL = r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?'\)\]”’]"
_EMAIL = r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_TAG = r"<!--.*?-->|</?[A-Za-z][\w:.-]*(?:\s[^<>\n]*?)?/?>"
_PLACEHOLDER = (
    r"\{\{[^{}\n]{1,60}\}\}"                 # {{ var }}
    r"|\$\{[^{}\n]{1,60}\}"                  # ${var}
    r"|\{[\w.:!\[\]-]{0,40}\}"              # {name} {0} {x:>3}
    r"|%\([\w.-]+\)[-+ 0#]*(?:[1-9]\d*)?(?:\.\d+)?[sdifuxXeEgGcr]"  # %(x)d
    r"|%\d+\$[sd]"                           # %1$s
    r"|%[-+0#]*(?:[1-9]\d*)?(?:\.\d+)?[sdifuxXeEgGc@](?![^\W\d_])"  # %s %d %.2f, not the start of a word
)
# Flags then width: `[-+0#]*(?:[1-9]\d*)?` is the language of `[-+0#]*\d*` (the flags take
# every leading 0), but with one way to split a run of zeros: `%000…0x` costs linear time,
# not quadratic.
_NUMBER = r"\d+(?:[.,:/]\d+)*"
NUMBER_ONLY = re.compile(_NUMBER)    # fullmatch: a protected span that is a number

PROTECTED_RE = re.compile(
    "|".join(f"(?:{p})" for p in (_URL, _EMAIL, _TAG, _PLACEHOLDER, _NUMBER)),
    re.DOTALL,
)

# -- a linear-time scan with the same matches as PROTECTED_RE.finditer ------------------------
#
# PROTECTED_RE scanned from every position is quadratic in two places:
#
# * the e-mail alternative is tried at every word boundary of a run of [\w.+-] characters and
#   scans to the end of the run each time (``a.a.a.a…``: 64 KB took 13 s). But every boundary of
#   a run reaches the same end, the same ``@`` and the same domain: the first try in a run
#   decides for all of them. So _SCAN_RE tries the address only at the start of a run (after
#   its leading ``.+-``, where the first boundary is), and _iter_spans handles the one other way a
#   scan enters a run: resuming in its middle after a match (``%s.a@b.id``, ``12.a@b.id``).
# * ``<!--.*?-->`` scans to the end of the text from every ``<!--`` with no ``-->`` after it;
#   _iter_spans finds comments with their own search, never past the last ``-->``.
_RUN_CHAR = r"[\w.+-]"
# After the run's leading `.+-`, its first word character is its first word boundary.
_EMAIL_AT_RUN_START = (rf"(?<!{_RUN_CHAR})[.+-]*(?!{_URL})"
                       r"(?P<email>\w[\w.+-]*@[\w-]+(?:\.[\w-]+)+)")
_TAG_NO_COMMENT = r"</?[A-Za-z][\w:.-]*(?:\s[^<>\n]*?)?/?>"
assert _TAG == r"<!--.*?-->|" + _TAG_NO_COMMENT
_SCAN_RE = re.compile(
    "|".join(f"(?:{p})" for p in (_URL, _EMAIL_AT_RUN_START, _TAG_NO_COMMENT, _PLACEHOLDER,
                                  _NUMBER)),
    re.DOTALL,
)
# _SCAN_RE less the address, which cannot match where there is no `@` (and was tried at every
# run of word characters, reading it to its end).
_SCAN_NO_EMAIL_RE = re.compile(
    "|".join(f"(?:{p})" for p in (_URL, _TAG_NO_COMMENT, _PLACEHOLDER, _NUMBER)), re.DOTALL)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_RUN_RE = re.compile(rf"{_RUN_CHAR}*")
_RUN_CHARS = re.compile(_RUN_CHAR)
_DOMAIN_RE = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_BOUNDARY_OR_DIGIT = re.compile(r"\b|\d")


def _iter_spans(text: str, pos: int, endpos: int):
    """(start, end) of each match of ``PROTECTED_RE.finditer(text, pos, endpos)``, in linear
    time (see above)."""
    last_close = text.rfind("-->", pos, endpos)
    comment = None      # the next comment match at or after `comment_from`, or None
    comment_from = -1
    other = None        # the same for _SCAN_RE
    other_from = -1
    run_at = run_end = -1   # the run of [\w.+-] last measured: [run_at, run_end)
    viable = False          # whether an address ends that run (`@` and a domain)
    s = pos
    while s < endpos:
        if s > 0 and _RUN_CHARS.match(text, s - 1) and _RUN_CHARS.match(text, s, endpos):
            # Resuming inside a run of [\w.+-] after a match: PROTECTED_RE would try the
            # address at the run's next boundary. It succeeds there if an address ends the run.
            if not run_at <= s < run_end:
                run_at, run_end = s, _RUN_RE.match(text, s, endpos).end()
                viable = _DOMAIN_RE.match(text, run_end, endpos) is not None
            if viable:
                b = _BOUNDARY_OR_DIGIT.search(text, s, endpos)
                if b is not None and b.start() < run_end:
                    m = PROTECTED_RE.match(text, b.start(), endpos)
                    if m is not None:
                        yield m.start(), m.end()
                        s = m.end()
                        continue
        if other_from < 0 or other_from > s or (other is not None and other.start() < s):
            other, other_from = _SCAN_RE.search(text, s, endpos), s
        if last_close >= s:
            if comment_from < 0 or comment_from > s or (
                    comment is not None and comment.start() < s):
                # Only up to the last `-->`: a comment cannot end later, and no `<!--` after
                # it is scanned to the end of the text.
                comment, comment_from = _COMMENT_RE.search(text, s, last_close + 3), s
        else:
            comment = None
        if comment is not None and (other is None or comment.start() <= other.start()):
            yield comment.start(), comment.end()
            s = comment.end()
        elif other is not None:
            start = other.start("email")
            yield (other.start() if start < 0 else start), other.end()
            s = other.end()
        else:
            return

# Kinds, in the same order, for reporting which protection applied.
_KIND_RES = [
    ("url", re.compile(_URL)),
    ("email", re.compile(_EMAIL)),
    ("tag", re.compile(_TAG, re.DOTALL)),
    ("placeholder", re.compile(_PLACEHOLDER)),
    ("number", re.compile(_NUMBER)),
]


@dataclass(frozen=True)
class ProtectedSpans:
    starts: list[int]
    ends: list[int]

    @classmethod
    def find(cls, text: str, pos: int = 0, endpos: int | None = None) -> "ProtectedSpans":
        if endpos is None:
            endpos = len(text)
        if text.find("@", pos, endpos) < 0 and text.find("-->", pos, endpos) < 0:
            # No address and no comment can match, and _iter_spans only ever differs from
            # _SCAN_RE's matches there: its matches are the spans (every one is non-empty).
            spans = [m.span() for m in _SCAN_NO_EMAIL_RE.finditer(text, pos, endpos)]
            return cls([a for a, _ in spans], [b for _, b in spans])
        starts: list[int] = []
        ends: list[int] = []
        for start, end in _iter_spans(text, pos, endpos):
            starts.append(start)
            ends.append(end)
        return cls(starts, ends)

    @classmethod
    def find_lines(cls, text: str, pos: int, endpos: int) -> "ProtectedSpans | None":
        """The spans of the lines in ``text[pos:endpos]`` (whole lines, each with its ``\\n``),
        all of them in one list, from one scan; None where that scan could differ from
        :meth:`find` line by line. Without ``@`` and ``-->`` each line's :meth:`find` is the
        no-address pattern's matches. Without ``<`` none of them reads a line break (only a
        tag's ``\\s`` does) or looks past one, and ``\\b`` at a line's start sees the ``\\n``
        before it either way: so the matches of one scan are each line's, in order. No span
        crosses a line break, so the look-ups (:meth:`blocks`, :meth:`contains`, the ends
        bisected by ``Document.reshapes_protected``) answer for a line with the run's spans as
        with its own (``tests/test_protected_lines.py``). One scan of a run of lines, not one per line:
        4.3 µs a line for ``find`` on a list line of 14 characters (the scan itself 0.7)."""
        if (text.find("<", pos, endpos) >= 0 or text.find("@", pos, endpos) >= 0
                or text.find("-->", pos, endpos) >= 0):
            return None
        spans = [m.span() for m in _SCAN_NO_EMAIL_RE.finditer(text, pos, endpos)]
        return cls([a for a, _ in spans], [b for _, b in spans])

    def __len__(self) -> int:
        return len(self.starts)

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))

    def contains(self, start: int, end: int) -> bool:
        """True when [start, end) lies wholly inside one protected span."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]

    def blocks(self, start: int, end: int) -> bool:
        """True when an edit of ``[start, end)`` would touch a protected span.

        Deleting or replacing text that intersects a protected span is blocked, and so is an
        insertion strictly inside one. Edits that only touch a span's edge are allowed.
        """
        if not self.starts:
            return False
        # Last protected span starting before `end` (or at/before `start` for an insertion).
        i = bisect.bisect_left(self.starts, end if end > start else start + 1) - 1
        if i < 0:
            return False
        if end > start:
            return self.ends[i] > start
        return self.starts[i] < start < self.ends[i]


NO_SPANS = ProtectedSpans([], [])

# Every protected span holds one of these: a line without any of them has none (a cheap test
# in C before the regex).
_MARKERS = tuple("0123456789<{%@") + ("://", "www.", "WWW.")


def may_hold_protected(line: str) -> bool:
    return any(m in line for m in _MARKERS)


def protected_kinds(text: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, text) for each protected span; used by tests and `mtfix check --debug`."""
    out = []
    for start, end in _iter_spans(text, 0, len(text)):
        span = text[start:end]
        kind = next(k for k, r in _KIND_RES if r.fullmatch(span))
        out.append((kind, start, end, span))
    return out
