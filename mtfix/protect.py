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
    r"|%\([\w.-]+\)[-+ 0#]*\d*(?:\.\d+)?[sdifuxXeEgGcr]"  # %(x)d
    r"|%\d+\$[sd]"                           # %1$s
    r"|%[-+0#]*\d*(?:\.\d+)?[sdifuxXeEgGc@](?![^\W\d_])"  # %s %d %.2f, not the start of a word
)
_NUMBER = r"\d+(?:[.,:/]\d+)*"

PROTECTED_RE = re.compile(
    "|".join(f"(?:{p})" for p in (_URL, _EMAIL, _TAG, _PLACEHOLDER, _NUMBER)),
    re.DOTALL,
)

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
        starts: list[int] = []
        ends: list[int] = []
        for m in PROTECTED_RE.finditer(text, pos, len(text) if endpos is None else endpos):
            starts.append(m.start())
            ends.append(m.end())
        return cls(starts, ends)

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
    for m in PROTECTED_RE.finditer(text):
        kind = next(k for k, r in _KIND_RES if r.fullmatch(m.group()))
        out.append((kind, m.start(), m.end(), m.group()))
    return out
