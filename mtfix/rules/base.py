"""The rule framework: what a rule is, and the document it looks at.

A rule has a stable code (family prefix + number), a name that names the error, a doc (what, why,
example, fix safety), a default on/off, and its own examples: bad texts with the expected good
text, and texts on which it must stay silent. ``tests/test_rule_examples.py`` runs every
registered rule's examples.

Rules scan the whole document text at once (one regex pass each, which is what makes the fixer
fast) and must never match across a line break: every line stays a line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import ClassVar, Iterator

from ..model import MODES, Applicability, Diagnostic, Fix, Severity, diagnostic, replacement
from ..protect import NO_SPANS, NUMBER_ONLY as _NUMBER_ONLY, ProtectedSpans, may_hold_protected
from ..text import line_starts, lower_aligned



@dataclass(frozen=True)
class Example:
    """A bad text, and the text the rule's fix must turn it into.

    ``good`` is None for display-only rules. ``unsafe`` marks an example whose fix is unsafe
    (applied only with --unsafe-fixes).

    Where the rule must report, LanguageTool-style: the rule fires ``count`` times (once unless
    the example holds several errors), and its diagnostic spans exactly ``span`` (offsets in
    ``bad``), or else the one occurrence of ``flagged`` in ``bad``, or else, for a fix example,
    the region that differs between ``bad`` and ``good`` (possibly widened to whole words).
    With ``count`` > 1 every diagnostic lies inside that span.
    """

    bad: str
    good: str | None = None
    flagged: str | None = None
    mode: str = "lines"
    unsafe: bool = False
    source: str | None = None   # the source text, for bilingual rules
    span: tuple[int, int] | None = None
    count: int = 1


class Document:
    """The text a rule looks at, with lazily computed helpers shared by all rules of a pass.

    ``scope`` limits a pass to some ranges of the text (whole lines): after the first pass,
    only the lines that changed are looked at again. ``hits`` maps a rule code to the
    positions where one of its trigger literals occurs (filled by the engine from one
    Aho-Corasick scan); a rule with triggers only looks at lines holding a hit.
    """

    def __init__(self, text: str, mode: str = "lines",
                 scope: list[tuple[int, int]] | None = None,
                 source: str | None = None, glossary_loader=None) -> None:
        self.text = text
        self.mode = mode
        self.source = source  # the line-aligned source text, for bilingual checks
        self._glossary_loader = glossary_loader
        self._glossary = None
        self.scope = scope if scope is not None else [(0, len(text))]
        self.hits: dict[str, list[int] | None] = {}
        # Lines around the scope, for neighbour-sensitive rules (None: the scope suffices).
        self.context_scope: list[tuple[int, int]] | None = None
        self._protected_lines: dict[int, ProtectedSpans] = {}
        self._protect_next = -1   # the line after the last lines _protect_lines computed
        self._protect_count = 0   # how many it computed then
        self._lower: dict[tuple[int, int], str] = {}

    def lower(self, start: int, end: int) -> str:
        """``text[start:end]`` lowercased with its length kept (:func:`mtfix.text.lower_aligned`:
        İ becomes ``i``), cached: offsets in it are offsets in the text."""
        key = (start, end)
        if key not in self._lower:
            self._lower[key] = lower_aligned(self.text[start:end])
        return self._lower[key]

    def keep_lower(self, start: int, end: int, low: str) -> None:
        """Cache ``low`` as :meth:`lower` of [start, end), worked out by the caller."""
        self._lower[(start, end)] = low

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    @property
    def glossary(self):
        """The run's glossary (loaded on first use), or None when there is none."""
        if self._glossary is None and self._glossary_loader is not None:
            self._glossary = self._glossary_loader()
        return self._glossary

    @cached_property
    def source_lines(self) -> list[str] | None:
        if self.source is None:
            return None
        lines = self.source.split("\n")
        return [line[:-1] if line.endswith("\r") else line for line in lines]

    def source_line(self, offset: int) -> str | None:
        """The aligned source line of the line holding ``offset``; None without a source or
        past the source's end."""
        sources = self.source_lines
        if sources is None:
            return None
        i = self.line_of(offset)
        return sources[i] if i < len(sources) else None

    def back(self, offset: int, chars: int) -> int:
        """Where a look back of at most ``chars`` characters from ``offset`` starts, within
        its line: what a rule reads before a match (a search from the line's start per match
        is quadratic on one long line)."""
        return max(self.line_bounds(offset)[0], offset - chars)

    def aligned_lines(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, source) of each line in scope that has a non-blank source line and
        text; nothing without a source. The walk every bilingual rule makes: made once per
        document (five rules walked 40,000 lines each in a check of 40,000 PO entries)."""
        got = self.__dict__.get("_aligned_lines")
        if got is None:
            got = self.__dict__["_aligned_lines"] = list(self._walk_aligned())
        return iter(got)

    def _walk_aligned(self) -> Iterator[tuple[int, int, str]]:
        sources = self.source_lines
        if sources is None:
            return
        text = self.text
        for i, start, end in self.lines():
            if i < len(sources) and sources[i].strip() and text[start:end].strip():
                yield start, end, sources[i]

    def lines(self) -> list[tuple[int, int, int]]:
        """(index, start, end) of each line in scope; end excludes the terminator."""
        out = []
        starts = self.line_starts
        line_at = self.line_at
        for s, e in self.scope:
            i = self.line_of(s)
            while i < len(starts) and starts[i] <= e:
                out.append((i, *line_at(i)))
                i += 1
        return out

    def line_of(self, offset: int) -> int:
        """0-based line index of ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """[start, end) of the line containing ``offset``, without its terminator."""
        _, start, end = self.line_span(offset)
        return start, end

    def line_span(self, offset: int) -> tuple[int, int, int]:
        """(index, start, end) of the line containing ``offset``: :meth:`line_of` and
        :meth:`line_bounds` from one look-up."""
        # From the line starts (bisect), not rfind/find: on one long line those scan it
        # for every call, and a rule calls this once per match.
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return (i, *self.line_at(i))

    def line_at(self, i: int) -> tuple[int, int]:
        """[start, end) of line ``i`` (0-based), without its terminator (a \\r before the
        line break left out)."""
        text = self.text
        starts = self.line_starts
        start = starts[i] if i >= 0 else 0
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def _line_protected(self, i: int) -> ProtectedSpans:
        spans = self._protected_lines.get(i)
        if spans is None:
            spans = self._protect_lines(i)
        return spans

    def _protect_lines(self, i: int) -> ProtectedSpans:
        """The protected spans of line i, computed with those of the lines after it when the
        look-ups walk the text line by line (a miss on the line after the last lines
        computed): then 2, 4, … up to _PROTECT_RUN_LINES lines (and _PROTECT_RUN_CHARS
        characters) are scanned at once (:meth:`ProtectedSpans.find_lines`: the run's spans,
        shared by its lines), where a look-up now and then costs its line alone. A Markdown
        list of 143,000 lines, each with its bullet masked (a ``{name}`` placeholder), a fix
        on each: 4.3 µs a line for ``find`` line by line."""
        starts = self.line_starts
        text = self.text
        n = len(starts)
        j = i + 1
        if i == self._protect_next and i + 1 < n:
            j = min(n, i + 2 * self._protect_count, i + _PROTECT_RUN_LINES)
            limit = starts[i] + _PROTECT_RUN_CHARS
            if j < n and starts[j] > limit:
                j = max(i + 1, bisect.bisect_right(starts, limit, i + 1, j) - 1)
        ls = starts[i]
        spans = None
        if j > i + 1:
            spans = ProtectedSpans.find_lines(text, ls, starts[j] if j < n else len(text))
            if spans is None:
                j = i + 1
        if spans is None:
            le = starts[i + 1] if i + 1 < n else len(text)
            spans = ProtectedSpans.find(text, ls, le) if may_hold_protected(
                text[ls:le]) else NO_SPANS
        lines = self._protected_lines
        for k in range(i, j):
            lines[k] = spans
        self._protect_next, self._protect_count = j, j - i
        return spans

    def protected_near(self, start: int, end: int) -> int:
        """How the protected spans of the line of [start, end) lie to it: ``CLEAR`` when the
        stretch is in one line and no span overlaps or touches [start, end]; ``TOUCHING``
        when the only spans there end at ``start`` or begin at ``end``; else ``NEAR`` (which
        says nothing). For an edit and a flagged stretch inside [start, end]: CLEAR, it is not
        :meth:`inside_protected`, not :meth:`is_protected` and does not
        :meth:`reshapes_protected`; TOUCHING, the first two still hold and only the third is
        to be asked. One look-up for the three (the engine asks them of every fix, and every
        line of a masked document holds a placeholder)."""
        starts = self.line_starts
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or end < start or (i + 1 < len(starts) and end >= starts[i + 1]) \
                or end > len(self.text):
            return NEAR
        sp = self._protected_lines.get(i)
        if sp is None:
            sp = self._protect_lines(i)
        ends = sp.ends
        k = bisect.bisect_left(ends, start)   # the first span ending at or after start
        n = len(ends)
        if k == n or sp.starts[k] > end:
            return CLEAR
        span_starts = sp.starts
        while k < n and span_starts[k] <= end:   # at most one on each side when touching
            if ends[k] != start and span_starts[k] != end:
                return NEAR
            k += 1
        return TOUCHING

    @cached_property
    def odd_case_folds(self) -> bool:
        """Whether the text holds ı or ſ, which a case-insensitive pattern matches for ``i`` and
        ``s`` though lowercasing keeps them apart (no other character does that for an ASCII
        letter): there a hit of the lowercase trigger scan may be missing."""
        return "\u0131" in self.text or "\u017f" in self.text

    @cached_property
    def _may_hold_protected(self) -> bool:
        # No marker anywhere (none spans a line break): no line has a protected span, and the
        # per-diagnostic look-ups below can answer at once.
        return may_hold_protected(self.text)

    @property
    def may_hold_protected(self) -> bool:
        """Whether some line may hold a protected span: when not, every protected-span
        look-up answers no, and a caller with many can skip them."""
        return self._may_hold_protected

    def is_protected(self, start: int, end: int) -> bool:
        """Whether an edit of [start, end) touches a protected span (computed per line)."""
        if not self._may_hold_protected:
            return False
        starts = self.line_starts
        line = bisect.bisect_right(starts, start) - 1
        if end <= start or line + 1 == len(starts) or end < starts[line + 1]:
            return self._line_protected(line).blocks(start, end)   # within one line
        last = bisect.bisect_right(starts, end) - 1
        return any(self._line_protected(i).blocks(start, end) for i in range(line, last + 1))

    def reshapes_protected(self, start: int, end: int, content: str) -> bool:
        """Whether replacing [start, end) with ``content`` would change a URL, e-mail address,
        tag or placeholder that the edit only touches at its edge: ``www.kompas.com / berita``
        → ``www.kompas.com/berita`` extends the URL. The line is protected again with the edit
        applied, and each such span must come back with the same text at its (shifted) place.
        Numbers may merge (``8.5 / 10`` → ``8.5/10``: that is what the number rules do)."""
        if not self._may_hold_protected:
            return False
        starts = self.line_starts
        first = bisect.bisect_right(starts, start) - 1
        if first + 1 == len(starts) or end < starts[first + 1]:
            last = first   # within one line (end >= start)
        else:
            last = bisect.bisect_right(starts, end) - 1
        touching: list[tuple[int, int]] = []
        for i in range(first, last + 1):
            # the spans ending at `start` and starting at `end` (sorted, disjoint: bisect, not
            # a walk over every span of a 1 MB line for every edit)
            sp = self._line_protected(i)
            k = bisect.bisect_left(sp.ends, start)
            if k < len(sp.ends) and sp.ends[k] == start:
                touching.append((sp.starts[k], start))
            k = bisect.bisect_left(sp.starts, end)
            if k < len(sp.starts) and sp.starts[k] == end and (sp.starts[k], sp.ends[k]) \
                    not in touching:
                touching.append((end, sp.ends[k]))
        touching = [(s, t) for s, t in touching if not _NUMBER_ONLY.fullmatch(self.text, s, t)]
        if not touching:
            return False
        if self._tags_stay(touching, first, last, start, end, content):
            return False
        text = self.text
        ls = self.line_starts[first]
        le = self.line_starts[last + 1] if last + 1 < len(self.line_starts) else len(text)
        # The line again with the edit applied; on a line longer than _RESHAPE_WINDOW, only the
        # stretch of _RESHAPE_WINDOW characters on each side of the touching spans (linear,
        # not quadratic, over a 1 MB line with an edit every few words).
        a = max(ls, min(s for s, _ in touching) - _RESHAPE_WINDOW)
        b = min(le, max(t for _, t in touching) + _RESHAPE_WINDOW)
        new_line = text[a:start] + content + text[end:b]
        delta = len(content) - (end - start)
        after = set(ProtectedSpans.find(new_line).spans())
        for s, t in touching:
            shift = -a if t <= start else delta - a
            if (s + shift, t + shift) not in after:
                return True
        return False

    def _tags_stay(self, touching: list[tuple[int, int]], first: int, last: int, start: int,
                   end: int, content: str) -> bool:
        """Whether the touching spans are all tags (not comments) or ``{name}`` placeholders
        (the masks of Markdown and HTML) that come back as they are whatever the edit. Each
        one's match reads only its own characters (no look-behind, nothing past its ``>`` or
        ``}``), and only a comment (``<!--``) or a ``{{…}}``/``${…}`` placeholder can take a
        ``<`` or ``{`` in. So with none of ``<!``, ``{{``, ``${`` on the lines, none of
        ``{}$<>!`` in the new content, and a ``{name}`` neither after ``{`` or ``$`` nor
        before ``}`` once the edit is made, nothing can take them in or reshape them. The
        rescan below costs a window of 4,000 characters per edit: a target of 40,000 inline
        elements (XLIFF ``<g>``, HTML ``<b>``) with an edit beside each took minutes."""
        text = self.text
        for ch in "{}$<>!":
            if ch in content:
                return False
        for s, t in touching:
            head = text[s]
            if head == "<":
                if text.startswith("<!", s):
                    return False
                continue
            if head != "{" or text.startswith("{{", s):
                return False
            # a {name} placeholder: the characters beside it once the edit is made
            if t <= start:  # before the edit
                prev = text[s - 1] if s > 0 else ""
                nxt = content[:1] or text[end:end + 1]
            else:           # after it
                prev = content[-1:] or (text[start - 1] if start > 0 else "")
                nxt = text[t:t + 1]
            if prev in ("{", "$") or nxt == "}":
                return False
        free = self._no_openers
        for i in range(first, last + 1):
            ok = free.get(i)
            if ok is None:
                starts = self.line_starts
                ls = starts[i]
                le = starts[i + 1] if i + 1 < len(starts) else len(text)
                ok = free[i] = all(text.find(o, ls, le) < 0 for o in ("<!", "{{", "${"))
            if not ok:
                return False
        return True

    @cached_property
    def _no_openers(self) -> dict[int, bool]:
        return {}  # line index -> none of "<!", "{{", "${" on it (Document._tags_stay)

    def inside_protected(self, start: int, end: int) -> bool:
        """Whether [start, end) lies wholly inside one protected span (a word in a URL)."""
        if not self._may_hold_protected:
            return False
        return self._line_protected(bisect.bisect_right(self.line_starts, start) - 1).contains(
            start, end)

    def regions(self, code: str, triggered: bool,
                hits: list[int] | None | tuple = ()) -> list[tuple[int, int]]:
        """Line ranges a rule must scan: the lines with its trigger hits (``hits`` when given,
        else the document's), or the scope."""
        if not triggered:
            return self.scope
        if hits == ():
            hits = self.hits.get(code, ())
        if hits is None:
            return self.scope  # the trigger scan could not run: look everywhere
        out: list[tuple[int, int]] = []
        text = self.text
        last_end = -1
        for pos in hits:
            if pos < last_end:
                continue
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
            last_end = end
        return out


# Document.protected_near: how the protected spans lie to a stretch.
CLEAR, TOUCHING, NEAR = 0, 1, 2

# Document._protect_lines: the most lines, and characters, protected in one scan.
_PROTECT_RUN_LINES = 256
_PROTECT_RUN_CHARS = 8192

_RESHAPE_WINDOW = 2000  # Document.reshapes_protected: how much of a long line is protected again

# -- characters every match of a pattern holds ----------------------------------------------------

try:  # Python 3.11+
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

_REQUIRED: dict = {}
_MAX_REQUIRED = 8
_END_ANCHORS = (_sre.AT_END, _sre.AT_END_LINE, _sre.AT_END_STRING)


def _ends_anchored(items) -> bool:
    """Whether `$` or `\\Z` occurs anywhere in the parsed pattern: those see where a scan
    stops, which the shortcut below moves."""
    for op, av in items:
        if op is _sre.AT:
            if av in _END_ANCHORS:
                return True
        elif op is _sre.BRANCH:
            if any(_ends_anchored(b) for b in av[1]):
                return True
        elif op is _sre.GROUPREF_EXISTS:
            if any(b is not None and _ends_anchored(b) for b in av[1:]):
                return True
        elif isinstance(av, tuple) and av and isinstance(av[-1], _sre_parse.SubPattern):
            if _ends_anchored(av[-1]):  # repeats, groups, assertions
                return True
        elif isinstance(av, _sre_parse.SubPattern) and _ends_anchored(av):  # atomic group
            return True
    return False


def _required_in(items, flags: int) -> frozenset[str] | None:
    """A small set of characters one of which every match of the parsed sequence ``items``
    contains, or None. Conservative: only literals and plain character sets outside
    IGNORECASE count, and only items the match cannot skip (no assertion, no optional part)."""
    best = None
    for op, av in items:
        req = None
        if op is _sre.LITERAL and not flags & _sre.SRE_FLAG_IGNORECASE:
            req = frozenset(chr(av))
        elif op is _sre.IN and not flags & _sre.SRE_FLAG_IGNORECASE:
            chars: set[str] = set()
            for iop, iav in av:
                if iop is _sre.LITERAL:
                    chars.add(chr(iav))
                elif iop is _sre.RANGE and iav[1] - iav[0] < _MAX_REQUIRED:
                    chars.update(map(chr, range(iav[0], iav[1] + 1)))
                else:  # NEGATE, CATEGORY, a wide range
                    chars = set()
                    break
            req = frozenset(chars) or None
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            if av[0] >= 1:
                req = _required_in(av[2], flags)
        elif op is _sre.SUBPATTERN:
            _group, add, delete, sub = av
            req = _required_in(sub, (flags | add) & ~delete)
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            req = _required_in(av, flags)
        elif op is _sre.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sub = _required_in(branch, flags)
                if sub is None:
                    union = set()
                    break
                union |= sub
            req = frozenset(union) or None
        if req is not None and len(req) <= _MAX_REQUIRED and (best is None or len(req) < len(best)):
            best = req
    return best


def required_chars(pattern):
    """The few characters one of which every match of the compiled ``pattern`` holds
    (``-‐‑`` for DW001's half reduplication), or None when the pattern promises none. Worked out from the pattern's parse, once per pattern."""
    if pattern not in _REQUIRED:
        try:
            parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
            chars = None if _ends_anchored(parsed) else _required_in(parsed, pattern.flags)
        except Exception:  # noqa: BLE001 - an unparsable pattern: no shortcut
            chars = None
        _REQUIRED[pattern] = None if chars is None else "".join(sorted(chars))
    return _REQUIRED[pattern]


def _gate(text: str, regions: list[tuple[int, int]], chars: str,
          line_start_too: bool = True) -> list[tuple[int, int]]:
    """The lines of ``regions`` (sorted, disjoint) that hold one of ``chars``, clipped to their
    region, adjacent ones of a region merged; each line with its line break where the region
    has it (a look-ahead at the line's end sees what it saw in the whole region). The
    regions as they are when they overlap, or when the characters are so frequent that
    searching line by line would cost more than it saves. Without ``line_start_too``, a
    character that starts a line does not count (a list's `- ` bullets)."""
    if not regions:
        return regions
    if any(e > s for (_, e), (s, _) in zip(regions, regions[1:])):
        return regions
    lo, hi = regions[0][0], regions[-1][1]
    found = _positions(text, lo, hi, chars, max(64, (hi - lo) // 64), line_start_too)
    if found is None:
        return regions
    starts = [s for s, _ in regions]
    out: list[tuple[int, int]] = []
    last = -1
    for p in found:
        if p < last:
            continue
        k = bisect.bisect_right(starts, p) - 1
        if k < 0 or p >= regions[k][1]:
            continue
        s, e = regions[k]
        ls = max(text.rfind("\n", s, p) + 1, s)
        le = text.find("\n", p, e)
        le = e if le == -1 else le + 1
        if out and ls <= out[-1][1] and out[-1][0] >= s:
            out[-1] = (out[-1][0], le)
        else:
            out.append((ls, le))
        last = le
    return out


# -- long regions scanned in windows ---------------------------------------------------------------

# Barrier.windows: a region longer than this is cut into windows around its anchors...
WINDOW_MIN = 4096
# ... unless it holds more than one anchor per this many characters (a list whose every line
# holds one: the whole region is as cheap, without a Python step per anchor).
ANCHOR_SPACING = 256


class Barrier:
    """Characters that no match of some patterns can hold (each pattern's character classes,
    letters, spaces, hyphens, and case-insensitive backreferences to letters, cannot consume
    one), given as one character class; and look-arounds that reach at most one character
    past a match. Then a scan of [a, b) finds, of a longer scan's matches, exactly those that
    start in [a, b), when ``a`` is the longer scan's start or follows a barrier character,
    and ``b`` is its end or follows one (the barrier character is the last one the window
    shows: a look-ahead at a match's end sees it): no match crosses a barrier, so the longer
    scan arrives at ``a`` as a scan from ``a`` starts, and every attempt that succeeds
    before ``b`` reads nothing past it. A look-behind sees before ``a`` in both.

    :meth:`windows` cuts the long regions of a scan into such windows around anchors: places
    every match holds one of (a trigger hit, a required character)."""

    def __init__(self, char_class: str) -> None:
        self.char_class = char_class
        self.search = re.compile(char_class).search
        # the end of the last barrier character in [lo, hi): greedy, then back to one
        self.last = re.compile(rf"(?s:.*){char_class}").match

    def windows(self, text: str, regions: list[tuple[int, int]],
                hits: list[int] | None = None, chars: str | None = None
                ) -> list[tuple[int, int]]:
        """The regions, each one longer than WINDOW_MIN with few enough anchors (``hits``,
        sorted positions, or the positions of ``chars``) replaced by the windows around
        them: from the end of the last barrier character before an anchor (or the region's
        start, or the previous window's end) to the end of the first barrier character at or
        after it (or the region's end), windows that meet merged."""
        out: list[tuple[int, int]] = []
        for s, e in regions:
            anchors = None
            if e - s > WINDOW_MIN:
                cap = (e - s) // ANCHOR_SPACING
                if hits is not None:
                    i = bisect.bisect_left(hits, s)
                    j = bisect.bisect_left(hits, e)
                    if j - i <= cap:
                        anchors = hits[i:j]
                elif chars is not None:
                    anchors = _positions(text, s, e, chars, cap)
            if anchors is None:
                out.append((s, e))
                continue
            wins: list[tuple[int, int]] = []
            for h in anchors:
                if wins and h < wins[-1][1]:
                    continue  # inside the window before
                floor = wins[-1][1] if wins else s
                lo = self._after_last(text, floor, h)
                m = self.search(text, h, e)
                hi = e if m is None else m.end()
                if wins and lo <= wins[-1][1]:
                    wins[-1] = (wins[-1][0], hi)
                else:
                    wins.append((lo, hi))
            out.extend(wins)
        return out

    def _after_last(self, text: str, floor: int, h: int) -> int:
        """The end of the last barrier character in [floor, h), or ``floor``: looked for in
        stretches that double going back (a barrier is usually a few characters away)."""
        hi = h
        size = 64
        while hi > floor:
            lo = max(floor, hi - size)
            m = self.last(text, lo, hi)
            if m is not None:
                return m.end()
            hi = lo
            size *= 2
        return floor


def _positions(text: str, start: int, end: int, chars: str, cap: int,
               line_start_too: bool = True) -> list[int] | None:
    """The sorted positions of ``chars`` in [start, end), or None when there are more than
    ``cap``. Without ``line_start_too``, a character that starts a line is left out."""
    found: list[int] = []
    for c in chars:  # str.find: far faster than a character class
        p = text.find(c, start, end)
        while p != -1:
            if line_start_too or (p and text[p - 1] != "\n"):
                found.append(p)
                if len(found) > cap:
                    return None
            p = text.find(c, p + 1, end)
    found.sort()
    return found


# ASCII punctuation but the hyphen, digits, the underscore, curly quotes and guillemets, line
# breaks: no letter, space or hyphen, and no character a letter's case folds to. What no match
# of HY001, HY002 or DW001's half reduplication holds (tests/test_rules_speed_windows.py).
WORD_BARRIER = Barrier("[!-,./-@\\[-`{-~\u201c\u201d\u2018\u2019\u00ab\u00bb\n\r]")


class Rule:
    """Base class. Subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]              # names the error, kebab-case: "split-reduplication"
    summary: ClassVar[str]           # one line, for `mtfix rules`
    doc: ClassVar[str]               # what / why / example / fix safety, for `mtfix explain`
    default: ClassVar[bool] = True
    fix_applicability: ClassVar[Applicability] = Applicability.SAFE  # the most typical one
    fix_note: ClassVar[str] = ""     # when the fix is what, in a few words (README rule table)
    severity: ClassVar[Severity] = Severity.WARNING
    modes: ClassVar[tuple[str, ...]] = MODES
    examples: ClassVar[tuple[Example, ...]] = ()
    silent: ClassVar[tuple[str | Example, ...]] = ()  # must-not-fire texts (an Example to give a source)

    # What the rule needs besides the text. The engine, the batch cutter and the glossary
    # loader ask these, never the code's prefix.
    needs_glossary: ClassVar[bool] = False   # reads ``doc.glossary`` (loaded only if some rule does)
    needs_source: ClassVar[bool] = False     # reads ``doc.source``: not run without one
    # Whether a line's diagnostics depend on its neighbouring lines (WS007 looks for a list):
    # then a pass after the first also looks at the non-blank lines around each changed one,
    # and :meth:`cut_ok` says where a text may be cut into independently repaired chunks.
    neighbour_sensitive: ClassVar[bool] = False
    # Literal strings, one of which every match contains, in any case. None: the rule scans
    # everything in scope. Matched case-insensitively (the scan runs over lowercased text).
    triggers: ClassVar[tuple[str, ...] | None] = None
    # Whether a match can hold a trigger literal that starts a line: when not, :meth:`scan`
    # drops those hits (tests/test_rules_speed_hits.py holds each such rule to its pattern).
    hits_at_line_start: ClassVar[bool] = True
    # Whether a match can hold one of the characters its pattern requires (required_chars)
    # at the start of a line: when not, a line holding them only there is not scanned.
    required_at_line_start: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # ``severity = "info"`` is accepted as well as ``Severity.INFO`` (a bad level fails at
        # import, naming the rule).
        if not isinstance(cls.severity, Severity):
            try:
                cls.severity = Severity(cls.severity)
            except ValueError:
                raise ValueError(f"{cls.__name__}: unknown severity {cls.severity!r}; expected "
                                 f"one of {', '.join(s.value for s in Severity)}") from None

    def trigger_literals(self, glossary_loader=None) -> tuple[str, ...] | None:
        """The literals for this run; ``glossary_loader()`` gives the run's glossary to rules
        whose literals come from it."""
        return self.triggers

    def check(self, doc: Document) -> Iterator[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError

    def scan(self, doc: Document, pattern, barrier: "Barrier | None" = None) -> Iterator:
        """``pattern.finditer`` over the regions of the document this rule must look at.

        With ``barrier`` (characters no match of ``pattern`` holds, see :class:`Barrier`), a
        long region is scanned only in windows around the places a match must hold (the
        rule's trigger hits, or the characters :func:`required_chars` gives): the same
        matches, without the pattern tried at every word of a 1 MB line."""
        triggered = self.code in doc.hits
        hits = doc.hits.get(self.code)
        if triggered and hits is not None and not self.hits_at_line_start:
            # No match holds a trigger literal that starts a line: those hits go (a list's
            # `- ` bullets, for HY001).
            text = doc.text
            hits = [p for p in hits if p and text[p - 1] != "\n"]
        if triggered and hits is not None and len(hits) * 4 > len(doc.line_starts):
            # Hits on most lines (a list whose every line holds `- `): the scope is as cheap
            # to scan and has the same matches (every match holds a trigger literal), without
            # a Python step per hit and per line.
            regions = doc.scope
        else:
            regions = doc.regions(self.code, triggered, hits)
        context = self.neighbour_sensitive and doc.context_scope is not None
        if context:
            regions = sorted(set(regions) | set(doc.context_scope))
        # Without trigger literals the rule looks at everything in scope, and a neighbour-
        # sensitive one at the lines around the changed ones, which the trigger scan did not
        # look at: where every match of the pattern holds one of a few characters (a hyphen),
        # only at the lines holding one.
        needed = None
        if context or not triggered:
            needed = required_chars(pattern)
            if needed is not None:
                regions = _gate(doc.text, regions, needed, self.required_at_line_start)
        text = doc.text
        if barrier is not None and not context:
            if triggered and hits is not None:
                regions = barrier.windows(text, regions, hits=hits)
            elif not triggered and needed is not None:
                regions = barrier.windows(text, regions, chars=needed)
        if len(regions) == 1:  # the whole scope: the matches straight from the regex engine
            start, end = regions[0]
            return pattern.finditer(text, start, end) if start < end else iter(())
        spans = []
        last_end = -1
        for start, end in regions:
            start = max(start, last_end)  # regions may overlap: no match twice
            if start < end:
                spans.append((start, end))
            last_end = max(last_end, end)
        finditer = pattern.finditer
        return chain.from_iterable(finditer(text, start, end) for start, end in spans)

    def scan_starts(self, doc: Document, pattern) -> Iterator:
        """:meth:`scan` for a pattern whose every match starts where one of the rule's trigger
        literals occurs (in the lowercased text): the pattern is tried at those positions
        only (``pattern.match`` up to the line's end), not over their whole lines. The same
        matches, without the scan of every line that holds the literal inside another word
        (``anda`` in ``tanda``)."""
        hits = doc.hits.get(self.code)
        if hits is None or (self.neighbour_sensitive and doc.context_scope is not None):
            yield from self.scan(doc, pattern)
            return
        text = doc.text
        match = pattern.match
        last_end = -1
        line_end = -1
        for p in hits:
            if p < last_end:
                continue  # inside the previous match: the scan would not look here
            if p > line_end:
                line_end = text.find("\n", p)
                if line_end == -1:
                    line_end = len(text)
            m = match(text, p, line_end)
            if m is not None:
                last_end = m.end()
                yield m

    def cut_ok(self, before: str, after: str) -> bool:
        """Whether a text may be cut between these two lines (each without its line break)
        without changing what this rule reports on either side. Only neighbour-sensitive rules
        can say no."""
        return True

    def fixes_in_mode(self, mode: str) -> bool:
        return True

    def produces_fixes(self, unsafe_fixes: bool, mode: str) -> bool:
        """Whether `fix` needs to run this rule at all (display-only rules never fix)."""
        if self.fix_applicability is Applicability.DISPLAY_ONLY or not self.fixes_in_mode(mode):
            return False
        return unsafe_fixes or self.fix_applicability is Applicability.SAFE

    # helpers -------------------------------------------------------------------------------
    def diag(self, start: int, end: int, message: str, fix: Fix | None = None,
             severity: Severity | None = None) -> Diagnostic:
        return diagnostic(self.code, message, start, end, severity or self.severity, fix)

    def replace(self, start: int, end: int, content: str, message: str,
                applicability: Applicability | None = None) -> Diagnostic:
        # Built at once (what diag and Fix.replace do): one call per finding, not five.
        return replacement(self.code, message, start, end, self.severity, content,
                           applicability or self.fix_applicability)


# -- what the source has is intended ------------------------------------------------------------

_PUNCT_RUN = frozenset("()[]{};:,./\\|!?<>=&*+-$%#@\"'")


def spacing_in_source(doc: Document, start: int, end: int) -> bool:
    """Whether the spacing an edit of [start, end) would change is also in the aligned source
    line: the edited text widened by the punctuation next to it (`` ;``, ``(( ``, `` / ``, a
    run of spaces between words) occurs there as it is. Software catalogs align ``--help``
    columns with runs of spaces and quote code (``(( expr ))``, ``a != b``, ``{ CMD ; }``):
    what the source has is intended."""
    sources = doc.source_lines
    if sources is None:
        return False
    # (doc.source_line and doc.line_bounds in one look-up of the line: a spacing rule of a
    # catalog of 50,000 one-line entries asks once per finding)
    i, line_start, line_end = doc.line_span(start)
    source = sources[i] if i < len(sources) else None
    if source is None or not source.strip():
        return False
    text = doc.text
    a, b = start, end
    while a > line_start and text[a - 1] in _PUNCT_RUN:
        a -= 1
    while b < line_end and text[b] in _PUNCT_RUN:
        b += 1
    pattern = text[a:b]
    if not pattern.strip(" \t\u00a0") and a == start and b == end:
        # A bare run of spaces between words: the source aligns columns with runs too (the
        # translation's runs differ in length, as the words do).
        return _COLUMN_RUN.search(source) is not None
    return pattern in source


_COLUMN_RUN = re.compile(r"\S[ \t]{2,}\S")


def keeps_source_spacing(cls: type[Rule]) -> type[Rule]:
    """Class decorator for spacing rules: with a source (``doc.source``), a diagnostic whose
    spacing also occurs in the aligned source line is dropped (:func:`spacing_in_source`).
    One mechanism for every spacing rule, not a copy per rule. The spacing compared is the
    fix's span; with ``spacing_flagged = True`` on the rule, the finding's (WS001 flags a run
    of spaces and its fix deletes all but the first: the run is what changes)."""
    check = cls.check
    flagged = getattr(cls, "spacing_flagged", False)

    def filtered(self, doc: Document) -> Iterator[Diagnostic]:
        for d in check(self, doc):
            fix = d.fix
            # (a fix's span is computed once, where it is made: Fix.start, Fix.end)
            a, b = (fix.start, fix.end) if fix is not None and fix.edits and not flagged \
                else (d.start, d.end)
            if not spacing_in_source(doc, a, b):
                yield d

    def checked(self, doc: Document) -> Iterator[Diagnostic]:
        # Without a source, the rule's own generator: no second generator step per finding.
        return check(self, doc) if doc.source is None else filtered(self, doc)

    checked.__doc__ = check.__doc__
    checked.__wrapped__ = check
    cls.check = checked
    cls.keeps_source_spacing = True
    return cls
