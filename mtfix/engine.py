"""Run rules over a text, and apply their fixes.

``Linter.check`` returns diagnostics for the text as it is. ``Linter.fix`` applies allowed fixes:
sorted by start, a fix overlapping one already taken is skipped, a fix touching a protected span
is dropped, and the pass repeats until nothing changes, up to ``max_iterations`` (reaching the cap
is reported, never silent).
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from itertools import accumulate, chain, islice, repeat
from operator import add as _add, attrgetter, le, lt, sub
from typing import Iterable, Sequence

from .gc_pause import no_gc
from .model import (Applicability, AppliedEdit, Diagnostic, Fix, Segment, applied_edit,
                    slot_setters)
from .rules import needs_glossary, resolve_rules
from .rules.base import CLEAR as _CLEAR, NEAR as _NEAR, TOUCHING as _TOUCHING, Document, Rule
from .text import line_starts, lower_aligned
from .settings import Settings, apply_severity

_LINE_BREAKS = ("\n", "\r")
# The trigger scan reads a span longer than this window by window (_TriggerIndex._scan_windows).
SCAN_WINDOW = 1 << 20
_LONG = object()  # a span scanned window by window, in place of its lowercase
# _TriggerIndex.fill: a scope of one span up to this long is filled by _fill_short.
SHORT_SCOPE = 4096
# The hits of a code that has none, shared by the documents of _fill_short: rules only read
# Document.hits (nothing may append to it).
_NO_HITS: list[int] = []
_SAFE = Applicability.SAFE  # allowed with or without --unsafe-fixes


@dataclass
class FixResult:
    text: str
    applied: list[AppliedEdit] = field(default_factory=list)
    iterations: int = 0
    capped: bool = False          # the iteration cap was reached while fixes were still applying

    @property
    def changed(self) -> bool:
        return bool(self.applied)


class Linter:
    def __init__(self, settings: Settings | None = None, rules: Sequence[Rule] | None = None):
        self.settings = settings or Settings()
        s = self.settings
        self.rules: list[Rule] = list(rules) if rules is not None else resolve_rules(
            s.select, s.ignore, s.extend_select)
        self.rules = [r for r in self.rules if s.mode in r.modes]
        self._fix_rules = [r for r in self.rules if r.produces_fixes(s.unsafe_fixes, s.mode)]
        self._neighbours = any(r.neighbour_sensitive for r in self._fix_rules)
        self._glossary = None
        self._triggers = _TriggerIndex(self.rules, lambda: self.glossary)
        self._post_editor = None
        self._plans: dict[tuple, list[tuple]] = {}  # _plan's, by the ids of the rules
        self._own = frozenset(map(id, self.rules))

    @property
    def post_editor(self):
        """The post-editor of this run (loaded on first use), or None."""
        s = self.settings
        if s.post_editor is None:
            return None
        if self._post_editor is None:
            from .posteditor.stage import load_post_editor

            self._post_editor = load_post_editor(s)
        return self._post_editor

    @property
    def needs_glossary(self) -> bool:
        """Whether a rule of this run reads the glossary."""
        return needs_glossary(self.rules)

    @property
    def glossary(self):
        """The glossary of this run, loaded on first use (only glossary rules ask for it)."""
        if self._glossary is None:
            from .glossary import load_glossaries

            self._glossary = load_glossaries(self.settings.glossaries,
                                             self.settings.default_glossary)
        return self._glossary

    def provenance(self) -> dict[str, str]:
        """Short hashes of what produced a repaired text, for score signatures: the rule
        selection (codes, mode, unsafe fixes) and the glossaries' contents."""
        import hashlib
        from pathlib import Path

        s = self.settings
        key = "|".join([",".join(r.code for r in self.rules), s.mode, str(s.unsafe_fixes)])
        out = {"rules": hashlib.sha256(key.encode()).hexdigest()[:12]}
        if self.needs_glossary:
            from .glossary import bundled_path

            h = hashlib.sha256()
            paths = list(s.glossaries) + ([str(bundled_path())] if s.default_glossary else [])
            for p in paths:
                h.update(Path(p).read_bytes())
            out["glossary"] = h.hexdigest()[:12]
        return out

    # -- check ----------------------------------------------------------------------------
    def _document(self, text: str, scope: list[tuple[int, int]] | None = None,
                  source: str | None = None, starts: list[int] | None = None) -> Document:
        doc = Document(text, self.settings.mode, scope, source, lambda: self.glossary)
        if starts is not None:  # the text's line starts, already computed
            doc.__dict__["line_starts"] = starts
        self._triggers.fill(doc)
        return doc

    def check(self, text: str, source: str | None = None) -> list[Diagnostic]:
        """Diagnostics for ``text``; ``source`` (line-aligned) enables the bilingual checks."""
        with no_gc():
            return self._check(text, source)

    def _check(self, text: str, source: str | None) -> list[Diagnostic]:
        doc = self._document(text, source=source)
        stages = []
        if self.settings.post_editor:
            from .posteditor.stage import PostEditStage

            stages = [PostEditStage(self)]
        out = self._run([*self.rules, *stages], doc)
        _sort_by_span(out)
        return apply_severity(out, self.settings)  # [tool.mtfix.severity], --severity

    def _run(self, rules: Iterable[Rule], doc: Document,
             unsafe: bool | None = None) -> list[Diagnostic]:
        """The diagnostics of ``rules`` over ``doc``, a fix that must not apply taken away.
        With ``unsafe`` given, only the diagnostics whose fix is allowed (fix candidates)."""
        lines_mode = doc.mode == "lines"
        text = doc.text
        hits = doc.hits
        protected = doc.may_hold_protected  # none: no per-diagnostic look-up to make
        candidates = unsafe is not None
        out: list[Diagnostic] = []
        append = out.append
        no_source = doc.source is None
        context = bool(doc.context_scope)
        protected_near = doc.protected_near
        for code, needs_source, neighbour, check in self._plan(rules):
            if needs_source and no_source:
                continue  # a bilingual check without a source: nothing to compare
            # A rule with trigger literals can only match where one occurs (Rule.triggers):
            # none in this text, nothing to run (saves most of the cost of short segments).
            if not (neighbour and context):
                h = hits.get(code, True)
                if h is _NO_HITS or h == []:
                    continue
            for d in check(doc):
                fix = d.fix
                near = _NEAR if protected else _CLEAR
                if protected:
                    # The usual fix, one edit, with no protected span at or beside the edit
                    # and the flagged text: not inside one, not blocked, nothing reshaped; with
                    # spans only at its edges, only the reshaping to ask
                    # (Document.protected_near). Every line of a masked Markdown or HTML
                    # document holds a placeholder: the three look-ups were 1.4 s of fixing a
                    # list of 143,000 lines.
                    if fix is not None and len(fix.edits) == 1:
                        e = fix.edits[0]
                        a, b = e.start, e.end
                        near = protected_near(a if a < d.start else d.start,
                                              b if b > d.end else d.end)
                    if near == _NEAR and d.end > d.start \
                            and doc.inside_protected(d.start, d.end):
                        continue  # the flagged text is inside a URL, tag, ...: not ours to judge
                if fix is None:
                    if not candidates:
                        append(d)
                    continue
                if candidates:
                    app = fix.applicability
                    if app is not _SAFE and not app.allowed(unsafe):
                        continue
                edits = fix.edits
                if near != _NEAR and len(edits) == 1:
                    # _fix_allowed of the usual fix where no protected span is in the way,
                    # without its two calls (a list with an edit on each of 140,000 lines)
                    e = edits[0]
                    content = e.content
                    old = text[e.start:e.end]
                    ok = old != content and not (lines_mode and (
                        "\n" in content or "\r" in content or "\n" in old or "\r" in old)) \
                        and not (near == _TOUCHING
                                 and doc.reshapes_protected(e.start, e.end, content))
                else:
                    ok = _fix_allowed(fix, doc, text, lines_mode, protected)
                if not ok:
                    if candidates:
                        continue
                    d = Diagnostic(d.code, d.message, d.start, d.end, d.severity, None)
                append(d)
        return out

    def _plan(self, rules) -> list[tuple]:
        """(code, needs a source, neighbour-sensitive, check) of each rule, worked out once per
        list of rules: _run asks for them for every unit of a file (40,000 PO entries: the
        attribute look-ups were a tenth of the repair)."""
        key = tuple(map(id, rules))
        plan = self._plans.get(key)
        if plan is None:
            plan = [(r.code, bool(getattr(r, "needs_source", False)),
                     bool(getattr(r, "neighbour_sensitive", False)), r.check) for r in rules]
            if self._own.issuperset(key):  # the linter's own rules (not a stage made per call)
                self._plans[key] = plan
        return plan

    # -- fix ------------------------------------------------------------------------------
    def fix(self, text: str, source: str | None = None) -> FixResult:
        """Rules until stable; then, with a post-editor and --unsafe-fixes, its guarded edits
        (one pass) and the rules once more over the result."""
        result = FixResult(text)
        del text  # held by the result alone: a long line's original goes after the first pass
        with no_gc():
            return self._fix(result, source)

    def _fix(self, result: FixResult, source: str | None) -> FixResult:
        self._rules_loop(result, source)
        if self.settings.post_editor and self.settings.unsafe_fixes and not result.capped:
            from .posteditor.stage import PostEditStage

            doc = self._document(result.text, source=source)
            candidates = [d for d in self._run([PostEditStage(self)], doc) if d.fixable]
            if candidates:
                result.iterations += 1
                text, starts, chosen = doc.text, doc.line_starts, _choose(candidates)
                doc = candidates = None
                result.text = _apply(text, starts, chosen, result.iterations, result.applied)
                text = chosen = None
                self._rules_loop(result, source)
        return _with_original_spans(result)

    def _rules_loop(self, result: FixResult, source: str | None) -> None:
        if not self._fix_rules:
            return
        cap = self.settings.max_iterations
        first = result.iterations
        scope = context = starts = None
        for iteration in range(first + 1, first + cap + 2):
            doc = self._document(result.text, scope, source, starts)
            doc.context_scope = context
            candidates = self._candidates(doc)
            if not candidates:
                return
            if iteration > first + cap:
                result.capped = True  # fixes were still coming when the cap was reached
                return
            result.iterations = iteration
            n_before = len(result.applied)
            # Only the text, its line starts and the chosen fixes are needed to apply them:
            # the pass's document (trigger hits, lowercase, protected spans, the rules'
            # per-line facts) and the other candidates go before the new text is built, and
            # _apply lets each chosen diagnostic go once applied (a 16 MB line with 270,000
            # fixes: their objects are most of the peak).
            text, starts, chosen = doc.text, doc.line_starts, _choose(candidates)
            doc = candidates = None
            result.text = _apply(text, starts, chosen, iteration, result.applied)
            text = chosen = None
            # Lines mode: lines never split or join, so the next pass need only look again at
            # the lines this pass changed. Article mode removes lines: look at everything.
            if self.settings.mode == "lines":
                starts = line_starts(result.text)
                scope, context = _changed_lines(result.text, result.applied[n_before:],
                                                self._neighbours, starts)
            else:
                scope = context = starts = None

    def _candidates(self, doc: Document) -> list[Diagnostic]:
        return self._run(self._fix_rules, doc, self.settings.unsafe_fixes)



class _TriggerIndex:
    """One Aho-Corasick automaton over every trigger literal of the active rules.

    Scanning the text once with it tells each rule which lines can hold a match, so most
    rules run their regular expression over a few lines instead of the whole document. The
    scan runs over the lowercased text (shared with DW001), so one pass serves rules that
    match case-insensitively too; for the others a hit is only a candidate, which their regex
    then checks.
    """

    def __init__(self, rules: Sequence[Rule], glossary_loader=None) -> None:
        self.codes: list[str] = []
        by_literal: dict[str, set[str]] = {}
        for rule in rules:
            literals = rule.trigger_literals(glossary_loader)
            if literals is None:
                continue
            self.codes.append(rule.code)
            for lit in literals:
                by_literal.setdefault(lit.lower(), set()).add(rule.code)
        self.automaton = None
        # Each literal's value is the index of its (length, codes) group: a hit is one append
        # to its group's list, and positions are worked out per group after the scan.
        self.groups: list[tuple[int, tuple[str, ...]]] = []
        if by_literal:
            import ahocorasick

            a = ahocorasick.Automaton()
            index: dict[tuple[int, tuple[str, ...]], int] = {}
            for lit, codes in by_literal.items():
                g = (len(lit), tuple(sorted(codes)))
                if g not in index:
                    index[g] = len(self.groups)
                    self.groups.append(g)
                a.add_word(lit, index[g])
            a.make_automaton()
            self.automaton = a
        self.longest = max(map(len, by_literal), default=0)
        # No literal holds a line break: regions joined by one cannot make a hit across two.
        self._joinable = not any("\n" in lit for lit in by_literal)
        self._no_hits = {c: _NO_HITS for c in self.codes}  # _fill_short copies it

    def fill(self, doc: Document) -> None:
        if self.automaton is None:
            return
        it = self.automaton.iter
        spans = [(start, end) for start, end in doc.scope if end > start]
        if len(spans) == 1 and spans[0][1] - spans[0][0] <= SHORT_SCOPE:
            self._fill_short(doc, *spans[0])
            return
        hits: dict[str, list[int] | None] = {c: [] for c in self.codes}
        lows = [_LONG if self._windowed(doc.text, start, end) else doc.lower(start, end)
                for start, end in spans]
        if any(low is None for low in lows):  # lowering changed the length: offsets would
            doc.hits = {c: None for c in self.codes}  # not line up
            return
        if len(spans) > 1 and self._joinable and _LONG not in lows:
            # A later pass's scope is hundreds of single lines: one scan over them joined by
            # line breaks, each hit mapped back to its region by bisection.
            offsets = []
            o = 0
            for low in lows:
                offsets.append(o)
                o += len(low) + 1
            groups = self.groups
            for last, g in it("\n".join(lows)):
                length, codes = groups[g]
                q = last - length + 1
                k = bisect.bisect_right(offsets, q) - 1
                pos = spans[k][0] + q - offsets[k]
                for c in codes:
                    hits[c].append(pos)
        else:
            for (start, end), low in zip(spans, lows):
                found = [array("q") for _ in self.groups]  # `last` of each hit, in the span
                add = [f.append for f in found]
                if low is _LONG:
                    doc.keep_lower(start, end, self._scan_windows(doc.text, start, end, add))
                else:
                    for last, g in it(low):
                        add[g](last)
                for (length, codes), lasts in zip(self.groups, found):
                    if lasts:
                        shift = start - length + 1
                        positions = [last + shift for last in lasts]
                        for c in codes:
                            hits[c].extend(positions)
        for h in hits.values():
            h.sort()
        doc.hits = hits

    def _fill_short(self, doc: Document, start: int, end: int) -> None:
        """:meth:`fill` for one short span (a PO entry, a JSONL record, a line changed by
        the pass before): the hits gathered from a list of the scan's pairs, and every code
        without one given the shared empty list, where the general way builds a list per code
        and an array per literal group (86 of them: 50 µs a document, most of the cost of
        repairing a file of 40,000 short units). The same hits, sorted the same way."""
        low = doc.lower(start, end)
        if low is None:  # lowering changed the length: offsets would not line up
            doc.hits = {c: None for c in self.codes}
            return
        hits = self._no_hits.copy()
        groups = self.groups
        got = []
        for last, g in self.automaton.iter(low):
            length, codes = groups[g]
            pos = start + last - length + 1
            for c in codes:
                h = hits[c]
                if h is _NO_HITS:
                    hits[c] = h = []
                    got.append(h)
                h.append(pos)
        for h in got:
            h.sort()
        doc.hits = hits

    @staticmethod
    def _windowed(text: str, start: int, end: int) -> bool:
        """Whether [start, end) is scanned window by window (:meth:`_scan_windows`): a span
        longer than a window, without Σ (lowered by itself, a window's lowercase is then the
        same as the span's)."""
        return end - start > SCAN_WINDOW and text.find("\u03a3", start, end) == -1

    def _scan_windows(self, text: str, start: int, end: int, add) -> str:
        """The scan of [start, end) window by window, ``add[g](last)`` for each hit (``last``:
        the offset of its last character from ``start``) in the order one scan of the lowered
        span gives them; returns the span's lowercase, joined from the windows'. Neither the
        working buffer of one ``str.lower`` (12 bytes a character) nor pyahocorasick's UCS-4
        copy of the whole span (4 bytes a character) is made: a 16 MB line cost 192 + 64 MB
        of allocations here. Each window is scanned after the last ``longest - 1`` characters
        of the one before, so the automaton is in the same state there as in one scan."""
        it = self.automaton.iter
        back = self.longest - 1
        pieces: list[str] = []
        tail = ""
        for a in range(start, end, SCAN_WINDOW):
            low = lower_aligned(text[a:min(end, a + SCAN_WINDOW)])
            pieces.append(low)
            skip = len(tail)  # hits ending in the tail were reported by the window before
            shift = a - start - skip
            scanned = tail + low if skip else low
            for last, g in it(scanned):
                if last >= skip:
                    add[g](last + shift)
            tail = scanned[-back:] if back > 0 else ""
        return "".join(pieces)


def _changed_lines(text: str, applied: list[AppliedEdit], neighbours: bool = False,
                   starts: list[int] | None = None
                   ) -> tuple[list[tuple[int, int]], list[tuple[int, int]] | None]:
    """[start, end) ranges of the lines (in the new text) that the given edits touched, and
    with ``neighbours`` also those lines plus the nearest non-blank line above and below each
    (for neighbour-sensitive rules); else None. Within a run of changed lines the nearest
    line each way is a changed one: only a run's first line looks up and its last down (a
    list whose 143,000 lines all changed: two walks, not 286,000 look-ups)."""
    if starts is None:
        starts = line_starts(text)
    n = len(starts)

    def bounds(i: int) -> tuple[int, int]:  # 0-based line index
        return starts[i], starts[i + 1] - 1 if i + 1 < n else len(text)

    ordered = list(map((-1).__add__, sorted(set(map(_LINE_OF, applied)))))  # 0-based
    if not ordered:
        return [], [] if neighbours else None
    # The runs of consecutive lines (_runs): where the step to the next line is not 1.
    cuts = [k + 1 for k, step in enumerate(map(sub, islice(ordered, 1, None), ordered))
            if step != 1]
    runs = list(zip([0, *cuts], [*cuts, len(ordered)]))
    scope = [(bounds(ordered[first])[0], bounds(ordered[last - 1])[1]) for first, last in runs]
    if not neighbours:
        return scope, None
    lines = set(ordered)
    around = set(lines)
    for first, last in runs:
        for i, step in ((ordered[first], -1), (ordered[last - 1], 1)):
            j = i + step
            if j in lines:
                # A changed line next to this one: it is in `around`, and were it blank, the
                # walk past it is the one that line makes itself.
                continue
            while 0 <= j < n:
                s, e = bounds(j)
                if text[s:e].strip():
                    around.add(j)
                    break
                j += step
    if len(around) == len(lines):  # no line added: the same runs
        return scope, list(scope)
    return scope, _runs(sorted(around), bounds)


_LINE_OF = attrgetter("line")


def _runs(lines: list[int], bounds) -> list[tuple[int, int]]:
    """The [start, end) ranges of sorted line indexes, consecutive lines as one range: a pass
    over a list whose every line changed then scans one region, not one per line (the first
    pass scans the whole text as one region too)."""
    out: list[tuple[int, int]] = []
    if not lines:
        return out
    first = prev = lines[0]
    for i in lines:
        if i != prev + 1 and i != first:  # a gap: the run first..prev ends
            out.append((bounds(first)[0], bounds(prev)[1]))
            first = i
        prev = i
    out.append((bounds(first)[0], bounds(prev)[1]))
    return out


def _fix_allowed(fix: Fix, doc: Document, text: str, lines_mode: bool,
                 protected: bool = True) -> bool:
    edits = fix.edits
    if len(edits) == 1:  # the usual fix: no generator for the no-op test
        e = edits[0]
        return text[e.start:e.end] != e.content and _edit_allowed(e, doc, text, lines_mode,
                                                                  protected)
    if all(text[e.start:e.end] == e.content for e in edits):
        return False  # a no-op: applying it would only loop
    return all(_edit_allowed(e, doc, text, lines_mode, protected) for e in edits)


def _edit_allowed(e, doc: Document, text: str, lines_mode: bool, protected: bool) -> bool:
    start, end, content = e.start, e.end, e.content
    if protected and (doc.is_protected(start, end)
                      # touching a URL/tag at its edge must not change it (issue 11 #10)
                      or doc.reshapes_protected(start, end, content)):
        return False
    # In lines mode a line never splits or joins (_LINE_BREAKS).
    return not (lines_mode and ("\n" in content or "\r" in content
                                or "\n" in text[start:end] or "\r" in text[start:end]))


def _sort_by_span(diags: list[Diagnostic], of_fix: bool = False) -> None:
    """Sort ``diags`` in place by (start, end, code), of their fix with ``of_fix``, ties in
    their order (a stable sort). The key tuples are made in C (attrgetter) of the objects the
    diagnostics hold: 400,000 findings sorted in 0.06 s, where a key packed into one int by a
    lambda per diagnostic took 0.16 s (a 16 MB line's pass of 270,000 fixes: its peak, see
    bench/README)."""
    if len(diags) < 2:
        return
    # Starts strictly rising (one rule's findings, in text order): already in that order.
    firsts = [d.fix.start for d in diags] if of_fix else [d.start for d in diags]
    if all(map(lt, firsts, islice(firsts, 1, None))):
        return
    del firsts
    diags.sort(key=_FIX_KEY if of_fix else _SPAN_KEY)


_SPAN_KEY = attrgetter("start", "end", "code")
_FIX_KEY = attrgetter("fix.start", "fix.end", "code")


def _choose(candidates: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes to apply in one pass, sorted by (start, end, code), ties in the order the
    rules gave them; ``candidates`` is sorted so in place. A fix overlapping one taken before
    it is left for a later pass."""
    _sort_by_span(candidates, of_fix=True)
    chosen: list[Diagnostic] = []
    last_end = -1
    last_was_insert_at = -1
    for d in candidates:
        fix = d.fix
        start, end = fix.start, fix.end
        if start < last_end:
            continue
        if start == end and start == last_was_insert_at:
            continue  # two insertions at one point: order would be arbitrary
        chosen.append(d)
        last_end = end
        last_was_insert_at = start if start == end else -1
    return chosen


def _apply(text: str, starts: list[int], chosen: list[Diagnostic], iteration: int,
           log: list[AppliedEdit]) -> str:
    """``text`` with the ``chosen`` fixes (sorted, disjoint) applied, each edit recorded in
    ``log``; ``chosen`` is emptied on the way (each diagnostic let go once applied)."""
    pieces: list[str] = []
    add = pieces.append
    record = log.append
    first = iteration == 1
    bisect_right = bisect.bisect_right
    pos = 0
    line = 0  # the edits come in text order: each line look-up starts at the previous one
    for i in range(len(chosen)):
        d = chosen[i]
        chosen[i] = None
        fix = d.fix
        edits = fix.edits
        if len(edits) == 1:  # the usual fix: the loop below for its one edit
            e = edits[0]
            start, end, content = e.start, e.end, e.content
            add(text[pos:start])
            add(content)
            line = bisect_right(starts, start, line) - 1
            if first:  # a first-pass edit's span is already in the original text
                record(applied_edit(d.code, d.message, fix.applicability, start, end,
                                    text[start:end], content, 1, line + 1, start, end))
            else:
                record(applied_edit(d.code, d.message, fix.applicability, start, end,
                                    text[start:end], content, iteration, line + 1))
            pos = end
            continue
        if len(edits) > 1:
            edits = sorted(edits, key=lambda e: (e.start, e.end))
        for e in edits:
            start, end, content = e.start, e.end, e.content
            add(text[pos:start])
            add(content)
            line = bisect_right(starts, start, line) - 1
            # A first-pass edit's span is already in the original text.
            record(applied_edit(d.code, d.message, fix.applicability, start, end,
                                text[start:end], content, iteration, line + 1,
                                start if first else -1, end if first else -1))
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _map_back(edits: list[AppliedEdit], pos: int) -> int:
    """A position in the text after one pass's ``edits`` → the position before them. A
    position inside a replacement maps to where that replacement began."""
    delta = 0
    for a in edits:  # sorted by start, non-overlapping
        new_start = a.start + delta
        if pos < new_start:
            break
        if pos < new_start + len(a.after):
            return a.start
        delta += len(a.after) - (a.end - a.start)
    return pos - delta


class _PassMap:
    """_map_back over one pass's edits by bisection: the linear walk, once per edit of each
    later pass, is quadratic when a pass applies many edits (a long line of `, "katanya`)."""

    def __init__(self, edits: list[AppliedEdit]) -> None:
        self.edits = edits
        # The length change up to and including each edit, and where each edit begins in the
        # text after the pass (its start shifted by the change of the edits before it).
        self.deltas: list[int] = list(accumulate(
            [len(a.after) - a.end + a.start for a in edits]))
        self.new_starts: list[int] = list(map(_add, [a.start for a in edits],
                                              chain((0,), self.deltas)))
        self.sorted = all(map(le, self.new_starts, islice(self.new_starts, 1, None)))
        self._tables: tuple[list[int], list[int], list[int]] | None = None  # all()'s

    def __call__(self, pos: int) -> int:
        if not self.sorted:
            return _map_back(self.edits, pos)
        j = bisect.bisect_right(self.new_starts, pos) - 1
        if j < 0:
            return pos
        # Edits before j end (in the new text) at or before new_starts[j] <= pos: the walk
        # would pass them and stop at j.
        if pos < self.new_starts[j] + len(self.edits[j].after):
            return self.edits[j].start
        return pos - self.deltas[j]

    def all(self, positions: list[int]) -> list[int]:
        """``[self(p) for p in positions]``, the bisections in C and the rest in one list
        comprehension over tables indexed by the bisection's result (the call per position,
        twice per edit of a later pass, was most of the mapping's cost)."""
        if not self.sorted:
            return [_map_back(self.edits, p) for p in positions]
        tables = self._tables
        if tables is None:
            # Index j + 1 for edit j (what bisect_right gives for a position in or after it);
            # index 0, before every edit: the position stays (no position is below -1).
            ends = [-1] + [n + len(a.after) for n, a in zip(self.new_starts, self.edits)]
            tables = self._tables = (ends, [0] + [a.start for a in self.edits],
                                     [0] + self.deltas)
        ends, olds, deltas = tables
        js = map(bisect.bisect_right, repeat(self.new_starts), positions)
        return [olds[j] if p < ends[j] else p - deltas[j] for p, j in zip(positions, js)]


def _with_original_spans(result: FixResult) -> FixResult:
    """Give every applied edit its span in the original text, for edit records and reports.
    A later pass's edits are mapped back pass by pass a list at a time (:meth:`_PassMap.all`),
    and their two fields set in place: the edits are this fix's own, made by :func:`_apply`
    and seen by no one yet (a line of `, "katanya`: 45,000 second-pass edits, each rebuilt
    and mapped alone, were a tenth of the fix)."""
    by_pass: dict[int, list[AppliedEdit]] = {}
    for a in result.applied:
        by_pass.setdefault(a.iteration, []).append(a)
    maps = {it: _PassMap(edits) for it, edits in by_pass.items() if it < max(by_pass)}
    for iteration, edits in by_pass.items():
        if iteration == 1:
            continue
        starts = [a.start for a in edits]
        ends = [a.end for a in edits]
        for it in range(iteration - 1, 0, -1):
            starts, ends = maps[it].all(starts), maps[it].all(ends)
        for a, s, e in zip(edits, starts, ends):
            _set_orig_start(a, s)
            _set_orig_end(a, e if e > s else s)
    return result


_set_orig_start, _set_orig_end = slot_setters(AppliedEdit, "orig_start", "orig_end")


# -- convenience API ---------------------------------------------------------------------------

def fix_segments(segments: Sequence[Segment], settings: Settings | None = None) -> list[Segment]:
    linter = Linter(settings)
    out = []
    for seg in segments:
        res = linter.fix(seg.text)
        out.append(Segment(res.text, seg.source, seg.meta) if res.changed else seg)
    return out
