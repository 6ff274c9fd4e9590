"""Word-level diffs of a text before and after repair, with each change tied to its rule.

The shared core of the terminal diff (``terminal_diff``) and the HTML report (``mtfix.reporting.html``):

* ``mtfix.text.word_tokens`` splits a string into words, runs of whitespace and single punctuation marks, so
  that a joined hyphen (``antar -jemput`` → ``antar-jemput``) or a moved quote shows as its own
  change rather than as a changed word;
* ``word_diff`` runs ``difflib.SequenceMatcher`` over those tokens and returns character spans;
* ``align`` pairs the lines of the two texts (one to one when the counts agree, as in lines mode;
  with ``difflib`` on lines when they do not, as when article mode removes boilerplate) into
  ``Segment`` objects and gives each the applied edits that fall on it (by ``orig_start``).

Nothing here imports rich at module level: ``mtfix --help`` must stay light.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence, Union

from ..model import AppliedEdit
from ..text import split_lines, split_lines_with_starts, word_tokens

# The applied edits of a run, or edits keyed by their (1-based, original) line.
EditsArg = Union[Sequence[AppliedEdit], Mapping[int, Sequence[AppliedEdit]], None]


@dataclass(frozen=True, slots=True)
class Chunk:
    """One opcode of a word diff, as character spans: ``before[b0:b1]`` → ``after[a0:a1]``."""

    tag: str  # "equal", "replace", "delete", "insert"
    b0: int
    b1: int
    a0: int
    a1: int


def word_diff(before: str, after: str) -> list[Chunk]:
    """The word-level opcodes turning ``before`` into ``after``, in character offsets."""
    if before == after:
        return [Chunk("equal", 0, len(before), 0, len(after))] if before else []
    bt, at = word_tokens(before), word_tokens(after)
    boff = _offsets(bt)
    aoff = _offsets(at)
    sm = difflib.SequenceMatcher(None, bt, at, autojunk=False)
    ops = sm.get_opcodes()
    # two changes with only whitespace between them read as one (`sekelompok tujuh` →
    # `Kelompok Tujuh`), not as two words changed around a kept space
    merged: list[list] = []
    k = 0
    while k < len(ops):
        tag, i1, i2, j1, j2 = ops[k]
        if (tag == "equal" and merged and merged[-1][0] != "equal" and k + 1 < len(ops)
                and all(not t.strip() for t in bt[i1:i2])):
            nxt = ops[k + 1]
            merged[-1] = ["replace", merged[-1][1], nxt[2], merged[-1][3], nxt[4]]
            k += 2
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([tag, i1, i2, j1, j2])
        k += 1
    return [Chunk(tag, boff[i1], boff[i2], aoff[j1], aoff[j2])
            for tag, i1, i2, j1, j2 in merged]


def _offsets(tokens: list[str]) -> list[int]:
    out = [0]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


@dataclass
class Segment:
    """One line (or, where the line counts differ, one block of lines) before and after.

    ``before_line``/``after_line`` are the 1-based numbers of the first line of each side (None
    when the side is empty: a removed or an added block); ``before_start`` is the offset of the
    segment in the original text, which ``AppliedEdit.orig_start`` is measured against.
    """

    index: int
    before: str
    after: str
    before_line: int | None
    after_line: int | None
    before_start: int = 0
    before_count: int = 1     # lines of the original text in this segment
    edits: list[AppliedEdit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (self.before != self.after or self.before_line is None
                or self.after_line is None)

    @property
    def codes(self) -> list[str]:
        """The rule codes of the edits on this segment, sorted, each once."""
        return sorted({e.code for e in self.edits})

    @property
    def line(self) -> int:
        """The line to cite for this segment (the original one where there is one)."""
        return self.before_line if self.before_line is not None else (self.after_line or 0)

    def chunks(self) -> list[Chunk]:
        return word_diff(self.before, self.after)

    def chunk_edits(self, ch: Chunk) -> list[AppliedEdit]:
        """The edits that made a changed chunk: those whose original span meets it; when none
        does (an edit of a later pass, or edits given by line only), all edits of the segment."""
        lo, hi = self.before_start + ch.b0, self.before_start + ch.b1
        hits = []
        for e in self.edits:
            if e.orig_start < 0:
                continue
            if lo == hi or e.orig_start == e.orig_end:
                if e.orig_start <= hi and lo <= e.orig_end:
                    hits.append(e)
            elif e.orig_start < hi and lo < e.orig_end:
                hits.append(e)
        return hits or list(self.edits)


def align(before_text: str, after_text: str, edits: EditsArg = None) -> list[Segment]:
    """Pair the lines of the two texts into segments, and give each its edits."""
    bl, bstarts = split_lines_with_starts(before_text)
    al = split_lines(after_text)
    segs: list[Segment] = []
    if len(bl) == len(al):
        for i, (b, a) in enumerate(zip(bl, al)):
            segs.append(Segment(i, b, a, i + 1, i + 1, bstarts[i]))
    else:
        sm = difflib.SequenceMatcher(None, bl, al, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for k in range(i2 - i1):
                    segs.append(Segment(len(segs), bl[i1 + k], al[j1 + k], i1 + k + 1,
                                        j1 + k + 1, bstarts[i1 + k]))
            else:
                segs.append(Segment(
                    len(segs), "\n".join(bl[i1:i2]), "\n".join(al[j1:j2]),
                    i1 + 1 if i2 > i1 else None, j1 + 1 if j2 > j1 else None,
                    bstarts[i1] if i1 < len(bstarts) else len(before_text), i2 - i1))
    _attach(segs, bstarts, len(bl), edits)
    return segs


def _attach(segs: list[Segment], bstarts: list[int], nlines: int, edits: EditsArg) -> None:
    if not edits:
        return
    # original line (1-based) → segment holding it
    seg_of_line: list[int] = [0] * (nlines + 2)
    for s in segs:
        if s.before_line is not None:
            for k in range(s.before_count):
                seg_of_line[s.before_line + k] = s.index
    if isinstance(edits, Mapping):
        items: Iterable[tuple[AppliedEdit, int, int]] = (
            (e, ln, ln) for ln, es in edits.items() for e in es)
    else:
        items = ((e, *_line_span(e, bstarts)) for e in edits)
    for e, lo, hi in items:
        lo = min(max(lo, 1), max(nlines, 1))
        hi = min(max(hi, lo), max(nlines, 1))
        if not segs:
            return
        idxs = sorted({seg_of_line[ln] for ln in range(lo, hi + 1)}) if nlines else [0]
        changed = [i for i in idxs if segs[i].changed]
        for i in changed or idxs[:1]:
            segs[i].edits.append(e)


def _line_span(e: AppliedEdit, bstarts: list[int]) -> tuple[int, int]:
    """The original lines (1-based, inclusive) an edit touches."""
    if e.orig_start < 0:
        return e.line, e.line
    lo = bisect.bisect_right(bstarts, e.orig_start)
    hi = bisect.bisect_right(bstarts, max(e.orig_start, e.orig_end - 1))
    return lo, hi


# -- terminal ------------------------------------------------------------------------------

_WS_SHOW = str.maketrans({" ": "·", "\n": "↵\n", "\t": "→"})


def _visible(s: str) -> str:
    """Whitespace made visible, for a change that is only whitespace."""
    return s.translate(_WS_SHOW) if s and not s.strip() else s


def terminal_diff(before: str, after: str, edits: EditsArg = None, *, path: str = "<text>",
                  messages: bool = False, marks: bool = False) -> list:
    """One rich ``Text`` per changed segment: a ``path:line  CODES`` header, then the line with
    deleted words in red strikethrough and inserted ones in green (a change that is only
    whitespace is drawn as ``·``/``↵``). ``messages`` adds each edit's message, dimmed.
    ``marks``: also mark the changes in the text, ``[-old-]{+new+}`` (``git diff --word-diff``'s
    notation), for output without colour (a pipe, a file)."""
    from rich.text import Text

    out = []
    for seg in align(before, after, edits):
        if not seg.changed:
            continue
        t = Text()
        t.append(f"{path}:{seg.line}", style="bold")
        if seg.before_line is None:
            t.append(" (added)", style="dim")
        elif seg.before_count > 1:
            t.append(f"-{seg.before_line + seg.before_count - 1}", style="bold")
        if seg.codes:
            t.append("  ")
            t.append(" ".join(seg.codes), style="cyan")
        t.append("\n")
        for ch in seg.chunks():
            if ch.tag == "equal":
                t.append(seg.before[ch.b0:ch.b1])
                continue
            if ch.b1 > ch.b0:
                old = _visible(seg.before[ch.b0:ch.b1])
                t.append(f"[-{old}-]" if marks else old, style="red strike")
            if ch.a1 > ch.a0:
                new = _visible(seg.after[ch.a0:ch.a1])
                t.append(f"{{+{new}+}}" if marks else new, style="green")
        if messages:
            for e in seg.edits:
                t.append("\n  ")
                t.append(e.code, style="cyan")
                t.append(f" {e.message}", style="dim")
        out.append(t)
    return out


def print_terminal_diff(before: str, after: str, edits: EditsArg = None, *,
                        path: str = "<text>", messages: bool = False, console=None,
                        color: str = "auto") -> int:
    """Print ``terminal_diff`` to ``console`` (stdout by default); return the changed count.
    ``color``: auto (colour on a terminal), always, never. Without colour the changes are
    marked ``[-old-]{+new+}`` and lines are not wrapped, so piped output stays readable."""
    if console is None:
        from rich.console import Console

        if color == "always":
            console = Console(highlight=False, force_terminal=True)
        elif color == "never":
            console = Console(highlight=False, color_system=None, soft_wrap=True)
        else:
            console = Console(highlight=False)
            if not console.is_terminal:
                console = Console(highlight=False, color_system=None, soft_wrap=True)
    plain = console.color_system is None
    items = terminal_diff(before, after, edits, path=path, messages=messages, marks=plain)
    for t in items:
        console.print(t, highlight=False, markup=False)
    return len(items)
