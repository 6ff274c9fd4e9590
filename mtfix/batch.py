"""Many one-line texts repaired or checked as one document: what a file of short units costs.

A PO catalog of 40,000 entries was 40,000 documents, each built, scanned for triggers and run
through every rule that could match, twice (the pass that repairs and the pass that finds
nothing more): six seconds for a 1 MB file, where the same text as 40,000 lines of one document
takes a fraction of one. :func:`fix_many` and :func:`check_many` join runs of units into one
text, a unit per line, repair or check it once, and hand each unit back its own result: its
text, and its edits or diagnostics with spans in the unit, line 1.

The results are the unit-by-unit results exactly, by the same argument that lets a long text be
cut into chunks (:mod:`mtfix.run.cut`): in lines mode every line is a segment, edits never add
or remove a line break, and two units are joined only where no active rule that looks at
neighbouring lines objects (:func:`mtfix.rules.cut_ok`); where one does (two list items), a
separator line that may be cut from anything goes between them (:data:`SEPARATOR`). A unit goes
alone when it could break that argument: a unit holding a line break of any kind
(``str.splitlines``'s too), a blank unit, one whose source holds a line break. A run that reaches
the iteration cap, or whose result does not split back into its units, is redone unit by unit.
Article mode and the post-editor (whose output depends on the segment it is given) go unit by
unit. ``tests/test_batch.py`` holds the two ways equal on generated units and the fixtures.
"""

from __future__ import annotations

import bisect
import re
import weakref
from functools import partial
from typing import Sequence

from .engine import FixResult, Linter
from .gc_pause import no_gc
from .model import AppliedEdit, Diagnostic, shift_in_place, shifted, slot_setters
from .rules import RULE_CLASSES, cut_ok
from .text import line_starts

# Every character str.splitlines breaks at: a unit with one is not a line of the batch.
_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A batch's text stops growing at about this many characters (its passes' memory).
BATCH_CHARS = 1 << 20


# The line put between two units that may not be neighbours (two list items, which WS007
# reads as a list together, each alone as a line with a dash): a line no rule touches, that
# may be cut from anything (rules.cut_ok). Then the run is cut at every such line and each
# piece repairs as it would alone: the units as they do alone, the line as itself (checked
# per linter: a team's glossary or rule might flag it; then no line is put). Its source line
# is blank: no bilingual rule walks it (Document.aligned_lines skips a line without a
# source), where a source "~" had them look at as many separator lines as units.
SEPARATOR = "~"
_SEPARATOR_OK: "weakref.WeakKeyDictionary[Linter, bool]" = weakref.WeakKeyDictionary()


def _separator_ok(lin: Linter) -> bool:
    ok = _SEPARATOR_OK.get(lin)
    if ok is None:
        ok = _SEPARATOR_OK[lin] = not (lin.check(SEPARATOR) or lin.check(SEPARATOR, "")
                                       or lin.fix(SEPARATOR).applied
                                       or lin.fix(SEPARATOR, source="").applied)
    return ok


def _runs(lin: Linter, texts: Sequence[str], sources: Sequence[str | None] | None
          ) -> list[list[int]]:
    """The indexes of ``texts`` in runs to repair together, in order, -1 where a
    :data:`SEPARATOR` line goes between two; a run of one is a unit that goes alone."""
    rules = [r for r in lin.rules if r.neighbour_sensitive]
    sep = bool(rules) and _separator_ok(lin)
    may_cut = rules[0].cut_ok if len(rules) == 1 else partial(cut_ok, rules)  # (one: WS007)
    out: list[list[int]] = []
    cur: list[int] = []
    size = 0
    cur_sourced = None
    search = _BREAK.search
    for i, t in enumerate(texts):
        src = sources[i] if sources is not None else None
        ok = bool(t.strip()) and search(t) is None and (src is None or search(src) is None)
        if not ok:
            if cur:
                out.append(cur)
                cur = []
            out.append([i])
            continue
        sourced = src is not None
        if cur and (sourced is not cur_sourced or size >= BATCH_CHARS):
            out.append(cur)
            cur = []
        elif cur and rules:
            prev = texts[cur[-1]]
            if not may_cut(prev, t):
                if sep and may_cut(prev, SEPARATOR) and may_cut(SEPARATOR, t):
                    cur.append(-1)
                    size += len(SEPARATOR) + 1
                else:
                    out.append(cur)
                    cur = []
        if not cur:
            size = 0
            cur_sourced = sourced
        cur.append(i)
        size += len(t) + 1
    if cur:
        out.append(cur)
    return out


def _batchable(lin: Linter, n: int) -> bool:
    s = lin.settings
    return n > 1 and s.mode == "lines" and not s.post_editor


def fix_many(lin: Linter, texts: Sequence[str],
             sources: Sequence[str | None] | None = None) -> list[FixResult]:
    """``[lin.fix(t, source=s) for t, s in zip(texts, sources)]``, computed a run of units at a
    time."""
    def one(i: int) -> FixResult:
        return lin.fix(texts[i], source=sources[i] if sources is not None else None)

    if not _batchable(lin, len(texts)):
        return [one(i) for i in range(len(texts))]
    return _by_runs(lin, texts, sources, _fix_run, one, _fix_copy)


def _fix_copy(r: FixResult) -> FixResult:
    return FixResult(r.text, list(r.applied), r.iterations, r.capped)


def _distinct(texts: Sequence[str], sources: Sequence[str | None] | None
              ) -> tuple[list[int], list[tuple[int, int]]]:
    """The indexes of the first of each distinct (text, source), and (i, j) for each unit
    ``i`` that repeats an earlier one ``j``; no repeat: ([], [])."""
    if len(set(texts)) == len(texts):  # (the usual file: its texts all differ)
        return [], []
    first: dict = {}
    keep: list[int] = []
    same: list[tuple[int, int]] = []
    keys = texts if sources is None else zip(texts, sources)
    for i, key in enumerate(keys):
        j = first.setdefault(key, i)
        if j == i:
            keep.append(i)
        else:
            same.append((i, j))
    return keep, same


def _by_runs(lin: Linter, texts: Sequence[str], sources: Sequence[str | None] | None,
             joined, alone, copy) -> list:
    """Each text's result: ``joined(lin, run, texts, sources)`` gives a run's (None: it could
    not), ``alone(i)`` a unit's that goes alone or whose run could not. A unit that repeats
    an earlier one (the same text and source: "OK", "Simpan", a translation memory's
    repetitions) gets a ``copy`` of that one's result, as it would be the same computed
    again (a unit's result is its text's and source's alone: what lets units be joined at
    all). With the collector paused: tens of thousands of results, none in a cycle."""
    with no_gc():
        keep, same = _distinct(texts, sources)
        if not same:
            return _each_run(lin, texts, sources, joined, alone)
        sub = _each_run(lin, [texts[i] for i in keep],
                        None if sources is None else [sources[i] for i in keep],
                        joined, lambda k: alone(keep[k]))
        out: list = [None] * len(texts)
        for i, r in zip(keep, sub):
            out[i] = r
        for i, j in same:
            out[i] = copy(out[j])
        return out


def _each_run(lin: Linter, texts: Sequence[str], sources: Sequence[str | None] | None,
              joined, alone) -> list:
    """:func:`_by_runs`' results of texts that all differ."""
    out: list = [None] * len(texts)
    for run in _runs(lin, texts, sources):
        got = joined(lin, run, texts, sources) if len(run) > 1 else None
        if got is None:
            for i in run:
                if i >= 0:
                    out[i] = alone(i)
        else:
            for i, r in zip(run, got):
                if i >= 0:
                    out[i] = r
    return out


def _joined(run: list[int], texts: Sequence[str], sources: Sequence[str | None] | None
            ) -> tuple[list[str], str, list[int], str | None]:
    """The run's lines (a unit or the separator each), joined, where each begins in the
    joined text, and its source joined."""
    lines = [texts[i] if i >= 0 else SEPARATOR for i in run]
    joined = "\n".join(lines)
    source = None
    if sources is not None and sources[run[0]] is not None:
        source = "\n".join(sources[i] if i >= 0 else "" for i in run)
    return lines, joined, line_starts(joined), source


def _fix_run(lin: Linter, run: list[int], all_texts: Sequence[str],
             sources: Sequence[str | None] | None) -> list[FixResult] | None:
    """The results of a run's lines (-1: the separator's, which has none), from one repair
    of them joined; None when that repair cannot be split back (the cap was reached, a line
    appeared or went, the separator was edited)."""
    texts, joined, starts, source = _joined(run, all_texts, sources)
    res = lin.fix(joined, source=source)
    del joined
    if res.capped:
        return None  # which unit was still changing is not known: unit by unit
    if not res.applied:
        return [FixResult(t) for t in texts]
    lines = res.text.split("\n")
    if len(lines) != len(texts):
        return None
    per: list[list[AppliedEdit]] = [[] for _ in texts]
    # A line's start in the text a pass worked on: its start in the original, plus the length
    # changes of the passes before in the lines before it. A pass's edits come in text order,
    # so that sum is carried along the lines holding changes (``changed``, sorted at each
    # pass), not asked of a tree per edit (17 steps each for 77,000 lines); an edit before the
    # one before it (none should be) starts the walk again.
    change: dict[int, int] = {}          # line -> length change of the passes before
    changed: list[int] = []
    pending: list[tuple[int, int]] = []  # (line, length change) of the current pass
    iteration = 1
    walked = acc = 0                     # changed[:walked] summed in acc
    last = -1
    set_start, set_end, set_line, set_orig_start, set_orig_end = _MOVE
    for a in res.applied:
        k = a.line - 1
        if run[k] < 0:
            return None  # the separator was edited (a rule _separator_ok did not see)
        if a.iteration != iteration:
            for line, delta in pending:
                change[line] = change.get(line, 0) + delta
            changed = sorted(change)
            pending = []
            iteration = a.iteration
            walked = acc = 0
            last = -1
        orig = starts[k]
        if iteration == 1:
            at = orig
        else:
            if k < last:
                walked = acc = 0
            last = k
            while walked < len(changed) and changed[walked] < k:
                acc += change[changed[walked]]
                walked += 1
            at = orig + acc  # + the changes in lines 0..k-1
        start, end = a.start - at, a.end - at
        o_start, o_end = a.orig_start - orig, a.orig_end - orig
        if start < 0 or o_start < 0 or o_end > len(texts[k]):
            return None  # an edit outside its unit (none should be): unit by unit
        pending.append((k, len(a.after) - (a.end - a.start)))
        # Moved into its unit in place: the edit is this repair's own, made by the engine's
        # _apply and seen by no one yet (as engine._with_original_spans sets its fields); a
        # copy of each was a tenth of the batch's repair of 154,000 edits.
        set_start(a, start)
        set_end(a, end)
        set_line(a, 1)
        set_orig_start(a, o_start)
        set_orig_end(a, o_end)
        per[k].append(a)
    out = []
    for t, new, edits in zip(texts, lines, per):
        if not edits:
            out.append(FixResult(t))
            continue
        out.append(FixResult(new, edits, edits[-1].iteration))  # (in pass order)
    return out


_MOVE = slot_setters(AppliedEdit, "start", "end", "line", "orig_start", "orig_end")


def check_many(lin: Linter, pairs: Sequence[tuple[str, str | None]]) -> list[list[Diagnostic]]:
    """``[lin.check(t, source=s) for t, s in pairs]``, computed a run of units at a time."""
    texts = [t for t, _ in pairs]
    sources = [s for _, s in pairs]
    if not _batchable(lin, len(texts)):
        return [lin.check(t, source=s) for t, s in pairs]
    return _by_runs(lin, texts, sources, _check_run,
                    lambda i: lin.check(texts[i], source=sources[i]), list)


def _check_run(lin: Linter, run: list[int], all_texts: Sequence[str],
               sources: Sequence[str | None]) -> list[list[Diagnostic]] | None:
    """The diagnostics of a run's lines, from one check of them joined; None when one spans
    two lines or falls on the separator (none should: then unit by unit)."""
    texts, joined, starts, source = _joined(run, all_texts, sources)
    diags = lin.check(joined, source=source)
    del joined
    per: list[list[Diagnostic]] = [[] for _ in texts]
    if not diags:
        return per
    find = bisect.bisect_right
    where = []  # the unit of each diagnostic, and its offset there
    for d in diags:  # (a hundred thousand findings in a catalog: the loop is kept lean)
        start = d.start
        k = find(starts, start) - 1
        if k < 0 or run[k] < 0:
            return None
        o = starts[k]
        limit = o + len(texts[k])
        end = d.end
        if end > limit:
            return None  # a finding across two units (none should be): unit by unit
        fix = d.fix
        if fix is not None:
            for e in fix.edits:
                if not o <= e.start <= e.end <= limit:
                    return None
        where.append((k, o))
    move = shift_in_place if _own_findings(lin, diags) else shifted
    for d, (k, o) in zip(diags, where):
        per[k].append(move(d, o))
    return per


# The rules of mtfix itself: none keeps a finding, fix or edit after its check returns, or
# gives one object to two findings (see _own_findings).
_OWN_RULES = frozenset(RULE_CLASSES)
_OWN_LINTER: "weakref.WeakKeyDictionary[Linter, bool]" = weakref.WeakKeyDictionary()


def _own_findings(lin: Linter, diags: list[Diagnostic]) -> bool:
    """Whether ``diags`` (a check's) may be moved into their units in place: every rule of
    ``lin`` is one of mtfix's own (a plugin's rule might keep its findings and hand them out
    again), and no two of them share a diagnostic, fix or edit object (moved twice)."""
    own = _OWN_LINTER.get(lin)
    if own is None:
        own = _OWN_LINTER[lin] = all(type(r) in _OWN_RULES for r in lin.rules)
    if not own or len(set(map(id, diags))) != len(diags):
        return False
    fixes = [d.fix for d in diags if d.fix is not None]
    if len(set(map(id, fixes))) != len(fixes):
        return False
    edits = [e for f in fixes for e in f.edits]
    return len(set(map(id, edits))) == len(edits)
