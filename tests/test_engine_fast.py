"""The engine's fast paths against the plain ways they replace (each reference below is the
code as it was before, kept here to compare with): building a rule's usual finding
(model.replacement), mapping later passes' edits back to the original text (_PassMap.all),
the repeated-word prefilter's skips (rules._text.repeat_lines) and the Markdown structure
guard's line check compared only where a line changed (formats.markup._md_line_keeps)."""

from __future__ import annotations

import random
import re
from itertools import accumulate, islice
from operator import eq

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix import engine
from mtfix.formats.markup import (_FIRST_WORD, _MD_SYNTAX_CHAR, _MD_SYNTAX_SPLIT,
                                  _inert_as_text, _letter_started, _md_prose,
                                  edits_keep_markdown_structure)
from mtfix.model import (Applicability, AppliedEdit, Diagnostic, Edit, Fix, Severity, replacement,
                         shifted)
from mtfix.rules import _text
from mtfix.settings import Settings
from mtfix.text import changed_span, lower_aligned

from gen_util import UNIT_PIECES, random_texts

EXAMPLES = int(__import__("os").environ.get("MTFIX_FUZZ_EXAMPLES", "500"))


# -- model.replacement ------------------------------------------------------------------------

@pytest.mark.parametrize("start,end", [(0, 0), (0, 3), (5, 9), (7, 7)])
@pytest.mark.parametrize("app", list(Applicability))
def test_replacement_is_the_plain_construction(start, end, app):
    d = replacement("WS001", "m", start, end, Severity.INFO, " ", app)
    plain = Diagnostic("WS001", "m", start, end, Severity.INFO,
                       Fix((Edit(start, end, " "),), app))
    assert d == plain and hash(d) == hash(plain) and repr(d) == repr(plain)
    assert (d.fix.start, d.fix.end) == (plain.fix.start, plain.fix.end) == (start, end)
    assert type(d) is Diagnostic and type(d.fix) is Fix and type(d.fix.edits[0]) is Edit


@pytest.mark.parametrize("start,end", [(0, 0), (0, 3), (5, 9)])
def test_built_objects_are_the_constructors(start, end):
    """What model builds from a blank of the same slots (diagnostic, replacement_within,
    applied_edit, Rule.diag) is the constructors' object in every respect: type, equality,
    hash, repr, pickling, and frozen."""
    import dataclasses
    import pickle

    from mtfix.model import _blank, applied_edit, diagnostic, replacement_within
    from mtfix.rules.doubled import DoubledWord

    fix = Fix((Edit(start, end, "x"),), Applicability.UNSAFE)
    pairs = [
        (diagnostic("DW001", "m", start, end, Severity.ERROR, fix),
         Diagnostic("DW001", "m", start, end, Severity.ERROR, fix)),
        (diagnostic("DW001", "m", start, end, Severity.INFO, None),
         Diagnostic("DW001", "m", start, end, Severity.INFO)),
        (replacement_within("WS001", "m", 0, end + 2, Severity.INFO, start, end, "",
                            Applicability.SAFE),
         Diagnostic("WS001", "m", 0, end + 2, Severity.INFO, Fix((Edit(start, end, ""),)))),
        (DoubledWord().diag(start, end, "m", fix),
         Diagnostic("DW001", "m", start, end, Severity.WARNING, fix)),
        (applied_edit("HY001", "m", Applicability.SAFE, start, end, "a", "b", 2, 3),
         AppliedEdit("HY001", "m", Applicability.SAFE, start, end, "a", "b", 2, 3)),
        (applied_edit("HY001", "m", Applicability.SAFE, start, end, "a", "b", 1, 3, start, end),
         AppliedEdit("HY001", "m", Applicability.SAFE, start, end, "a", "b", 1, 3, start, end)),
    ]
    for built, plain in pairs:
        assert type(built) is type(plain)
        assert built == plain and hash(built) == hash(plain) and repr(built) == repr(plain)
        assert pickle.loads(pickle.dumps(built)) == plain
        assert dataclasses.astuple(built) == dataclasses.astuple(plain)
        with pytest.raises(dataclasses.FrozenInstanceError):
            built.start = 1
        if isinstance(built, Diagnostic) and built.fix is not None:
            assert (built.fix.start, built.fix.end) == (plain.fix.start, plain.fix.end)
            with pytest.raises(dataclasses.FrozenInstanceError):
                built.fix.edits[0].content = "y"
    # the blank follows the class: a slot added to a frozen class is in its blank
    @dataclasses.dataclass(frozen=True, slots=True)
    class Wider:
        a: int
        b: str
    blank = _blank(Wider)()
    blank.a, blank.b = 1, "x"
    blank.__class__ = Wider
    assert blank == Wider(1, "x")


@pytest.mark.parametrize("start,end", [(3, 2), (-1, 2), (-2, -1)])
def test_replacement_refuses_what_edit_refuses(start, end):
    with pytest.raises(ValueError) as plain:
        Edit(start, end, "")
    with pytest.raises(ValueError) as fast:
        replacement("A", "m", start, end, Severity.INFO, "", Applicability.SAFE)
    assert str(fast.value) == str(plain.value)


@given(st.integers(0, 40), st.integers(0, 5), st.integers(0, 3), st.sampled_from([None, 0, 1, 2, 3]),
       st.sampled_from(list(Applicability)), st.sampled_from(list(Severity)))
@settings(max_examples=min(EXAMPLES, 2000), deadline=None)
def test_shifted_is_the_plain_construction(start, width, offset, n_edits, app, severity):
    """model.shifted (the batch's move of a finding back into its unit) equals the plain
    constructors, for findings with no fix, one edit and several; a span moved before 0 is
    the constructors' ValueError."""
    end = start + width
    edits = None if n_edits is None else tuple(Edit(start + i, start + i + width, "x" * i)
                                               for i in range(n_edits))
    d = Diagnostic("GL003", "m", start, end, severity,
                   None if edits is None else Fix(edits, app))

    def plain():
        fix = d.fix
        if fix is not None:
            fix = Fix(tuple(Edit(e.start - offset, e.end - offset, e.content)
                            for e in fix.edits), fix.applicability)
        return Diagnostic(d.code, d.message, d.start - offset, d.end - offset, d.severity, fix)

    try:
        want = plain()
    except ValueError as e:
        if d.fix is not None and d.fix.edits:
            with pytest.raises(ValueError, match=re.escape(str(e))):
                shifted(d, offset)
        return
    got = shifted(d, offset)
    assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
    if want.fix is not None and want.fix.edits:
        assert (got.fix.start, got.fix.end) == (want.fix.start, want.fix.end)
        assert type(got.fix) is Fix and all(type(e) is Edit for e in got.fix.edits)


def test_rule_replace_uses_the_rule_defaults():
    from mtfix.rules.spacing import MultipleSpaces

    r = MultipleSpaces()
    d = r.replace(2, 5, " ", "m")
    assert d == Diagnostic(r.code, "m", 2, 5, r.severity,
                           Fix((Edit(2, 5, " "),), r.fix_applicability))
    d = r.replace(2, 5, " ", "m", Applicability.UNSAFE)
    assert d.fix.applicability is Applicability.UNSAFE


# -- _PassMap.all and the original spans of later passes ---------------------------------------

def _applied(edits: list[tuple[int, int, str, str]]) -> list[AppliedEdit]:
    return [AppliedEdit("A", "m", Applicability.SAFE, s, e, b, a, 1, 1) for s, e, b, a in edits]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)),
                max_size=12),
       st.lists(st.integers(0, 80), max_size=30))
def test_pass_map_all_is_the_call_per_position(shape, positions):
    # Sorted, disjoint edits (what _apply makes): a gap, a removed length, an inserted length.
    edits, pos = [], 0
    for gap, cut, add in shape:
        pos += gap
        edits.append((pos, pos + cut, "x" * cut, "y" * add))
        pos += cut
    m = engine._PassMap(_applied(edits))
    assert m.all(positions) == [m(p) for p in positions] \
        == [engine._map_back(m.edits, p) for p in positions]


def test_pass_map_all_unsorted_falls_back():
    m = engine._PassMap(_applied([(5, 6, "x", "yyy"), (0, 1, "x", "")]))
    assert not m.sorted
    assert m.all([0, 3, 5, 9]) == [m(p) for p in (0, 3, 5, 9)]


def _reference_spans(applied: list[AppliedEdit]) -> list[AppliedEdit]:
    """_with_original_spans as it was: each later edit mapped and rebuilt alone."""
    by_pass: dict[int, list[AppliedEdit]] = {}
    for a in applied:
        by_pass.setdefault(a.iteration, []).append(a)
    maps = {it: engine._PassMap(e) for it, e in by_pass.items() if it < max(by_pass)}
    out = []
    for a in applied:
        if a.iteration == 1:
            out.append(a)
            continue
        s, e = a.start, a.end
        for it in range(a.iteration - 1, 0, -1):
            s, e = maps[it](s), maps[it](e)
        out.append(AppliedEdit(a.code, a.message, a.applicability, a.start, a.end, a.before,
                               a.after, a.iteration, a.line, s, max(s, e)))
    return out


TEXTS = list(random_texts(UNIT_PIECES, 300, 40, seed=11)) + [
    ', "katanya ' * 50, "- x  y\n" * 30, 'a , "katanya , "katanya.\nb  c ,  d\n' * 5,
    "antar -jemput  sela -sela , kata  dia\n" * 4,
    # texts that take two passes (a quote moved after the spaces before it went; a second
    # hyphen rejoined once the first is)
    'a , "katanya , "katanya , "katanya.\n' * 3, "antar -jemputantar -jemput\n" * 3,
    "- ,\t\n", 'kami  kami , "katanya , "katanya.',
    "sela -selasela -sela  antar -jemputantar -jemput"]


@pytest.mark.parametrize("unsafe", [False, True])
def test_original_spans_as_before(unsafe):
    lin = engine.Linter(Settings(unsafe_fixes=unsafe))
    several = 0
    for text in TEXTS:
        res = engine.FixResult(text)
        lin._rules_loop(res, None)
        before = _reference_spans(res.applied)   # (the edits as _apply made them)
        after = engine._with_original_spans(res).applied
        assert [(a.orig_start, a.orig_end) for a in after] == \
            [(a.orig_start, a.orig_end) for a in before]
        assert after == before
        several += res.iterations > 1
    assert several > 10   # later passes were mapped


# -- repeat_lines ------------------------------------------------------------------------------

def _reference_repeat_lines(lowers: list[str]) -> list[tuple[int, int]]:
    """repeat_lines as it was (one text, no pieces): every equal pair looked at."""
    lower = "\n".join(lowers)
    words = _text._piece_tokens(lower)
    lines, line, at = [], 0, 0
    equal = bytes(map(eq, words, islice(words, 1, None)))
    i = -1
    while (i := equal.find(1, i + 1)) != -1:
        w = words[i]
        if w == _text._LINE or not w.strip(b"-"):
            continue
        line += words[at:i].count(_text._LINE)
        at = i
        if not lines or lines[-1] != line:
            lines.append(line)
    ends = list(accumulate(low.count("\n") + 1 for low in lowers))
    out = []
    for i in lines:
        k = sum(1 for e in ends if e <= i)
        out.append((k, i - ends[k - 1] if k else i))
    return out


REPEAT_PIECES = ["kata", "Kata", "--", "-", " ", "  ", "\n", "\n\n", ", \"", "<!--", "a", "b",
                 "x-y", "—", "\u00a0", "katanya", "ς", "σ"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.lists(st.sampled_from(REPEAT_PIECES), max_size=20).map("".join),
                min_size=1, max_size=4))
def test_repeat_lines_as_before(texts):
    lowers = [lower_aligned(t) for t in texts]
    assert _text.repeat_lines(lowers) == _reference_repeat_lines(lowers)


def test_repeat_lines_long_runs():
    cases = [["x  y -->" + "<!--" * 5000], [', "katanya ' * 3000 + "\nkata kata\n-- --\nb"],
             ["a a\n" * 100 + "-- -- --\n" * 50 + "b c b\nd d"]]
    for lowers in cases:
        assert _text.repeat_lines(lowers) == _reference_repeat_lines(lowers)


# -- the Markdown structure guard ----------------------------------------------------------------

def _reference_keeps(old: str, new: str, prose) -> bool:
    """edits_keep_markdown_structure as it was: every changed line split whole (with the
    inert syntax characters read as letters and letter-started lines' first words, as the
    guard reads them; test_markdown_structure_fastpath holds both to the parser)."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines) or len(prose) != len(old):
        return False
    split, syntax, first_word = _MD_SYNTAX_SPLIT.split, _MD_SYNTAX_CHAR.search, _FIRST_WORD.match
    start = 0
    for a_line, b_line in zip(old_lines, new_lines):
        line_start = start
        start += len(a_line) + 1
        if a_line == b_line:
            continue
        no_defs = "]:" not in old and "]:" not in new
        a_line, b_line = _inert_as_text(a_line, b_line, no_defs)
        if syntax(a_line) is None and syntax(b_line) is None:
            pre, a_end, b_end = changed_span(a_line, b_line)
            if (pre <= first_word(a_line).end()
                    and not _letter_started(a_line, b_line, pre, no_defs)) \
                    or a_end >= len(a_line.rstrip()) \
                    or b_end >= len(b_line.rstrip()) \
                    or 0 in prose[line_start + max(pre - 1, 0):line_start + a_end + 1]:
                return False
            continue
        a_parts, b_parts = split(a_line), split(b_line)
        if len(a_parts) != len(b_parts) or a_parts[1::2] != b_parts[1::2]:
            return False
        first_word_end = first_word(a_line).end()
        a_last, b_last = len(a_line.rstrip()), len(b_line.rstrip())
        a_off = b_off = 0
        for k in range(0, len(a_parts), 2):
            sa, sb = a_parts[k], b_parts[k]
            if sa != sb:
                pre, a_end, b_end = changed_span(sa, sb)
                touches_start = pre == 0 and k > 0
                touches_end = a_end == len(sa) and k < len(a_parts) - 1
                if (touches_start or touches_end) and not (
                        sa and sb and sa.strip(" ") == "" and sb.strip(" ") == ""):
                    return False
                lo, hi = a_off + pre, a_off + a_end
                if (lo <= first_word_end and not _letter_started(a_line, b_line, lo, no_defs)) \
                        or hi >= a_last or b_off + b_end >= b_last:
                    return False
                if 0 in prose[line_start + max(lo - 1, 0):line_start + hi + 1]:
                    return False
            a_off += len(sa) + (len(a_parts[k + 1]) if k + 1 < len(a_parts) else 0)
            b_off += len(sb) + (len(b_parts[k + 1]) if k + 1 < len(b_parts) else 0)
    return True


MD_ALPHABET = "ab 1.-*_`[]()!#|~&;<>\\=+:\"'\t"


@st.composite
def md_edits(draw):
    lines = draw(st.lists(st.text(alphabet=MD_ALPHABET, max_size=30), min_size=1, max_size=4))
    new_lines = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = new_lines[i]
        pos = draw(st.integers(0, len(line)))
        cut = draw(st.integers(0, min(3, len(line) - pos)))
        new_lines[i] = line[:pos] + draw(st.text(alphabet=MD_ALPHABET, max_size=3)) \
            + line[pos + cut:]
    return "\n".join(lines), "\n".join(new_lines)


@settings(max_examples=min(EXAMPLES * 4, 4000), deadline=None)  # (a markdown parse each)
@given(md_edits())
def test_markdown_guard_as_before(doc):
    old, new = doc
    prose = _md_prose(old)
    assert edits_keep_markdown_structure(old, new, prose) == _reference_keeps(old, new, prose)


def test_markdown_guard_as_before_seeded():
    rnd = random.Random(5)
    pieces = ["kata", " ", "  ", "*", "_", "`", "[a](b)", "<!--", "-->", "x", "1.", "- ", "|",
              "&amp;", "\\", "sela -sela", ", ", " ,", "\t"]
    n = 0
    for _ in range(3000):
        lines = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
                 for _ in range(rnd.randint(1, 4))]
        old = "\n".join(lines)
        new_lines = list(lines)
        k = rnd.randrange(len(lines))
        ln = new_lines[k]
        if " " * 2 in ln:
            ln = ln.replace("  ", " ", 1)
        elif " ," in ln:
            ln = ln.replace(" ,", ",", 1)
        else:
            p = rnd.randint(0, len(ln))
            ln = ln[:p] + rnd.choice(["", "x", " "]) + ln[p + rnd.randint(0, 2):]
        new_lines[k] = ln
        new = "\n".join(new_lines)
        prose = _md_prose(old)
        got = edits_keep_markdown_structure(old, new, prose)
        assert got == _reference_keeps(old, new, prose), (old, new)
        n += got
    assert n > 100   # both answers were reached


def test_markdown_guard_long_line_one_edit():
    old = "x  y -->" + "<!--" * 20000 + "\nkata *a*  _b_ lain\n- x  y"
    for new in ["x y -->" + "<!--" * 20000 + "\nkata *a*  _b_ lain\n- x  y",
                old.replace("*a*  _b_", "*a* _b_"), old.replace("- x  y", "- x y"),
                old.replace("<!--<!--", "<!-- <!--", 1), old.replace("*a*  _b_", "*a*_b_")]:
        prose = _md_prose(old)
        assert edits_keep_markdown_structure(old, new, prose) == _reference_keeps(old, new,
                                                                                 prose)


# -- the lines a later pass looks at -----------------------------------------------------------

def _reference_changed_lines(text, applied, neighbours, starts):
    """_changed_lines as it was: every changed line walks both ways."""
    n = len(starts)

    def bounds(i):
        return starts[i], starts[i + 1] - 1 if i + 1 < n else len(text)

    ordered = [i - 1 for i in sorted({a.line for a in applied})]
    lines = set(ordered)
    scope = engine._runs(ordered, bounds)
    if not neighbours:
        return scope, None
    around = set(lines)
    for i in ordered:
        for step in (-1, 1):
            j = i + step
            if j in lines:
                continue
            while 0 <= j < n:
                s, e = bounds(j)
                if text[s:e].strip():
                    around.add(j)
                    break
                j += step
    return scope, engine._runs(sorted(around), bounds)


def test_changed_lines_as_before():
    from mtfix.text import line_starts

    rnd = random.Random(3)
    for _ in range(3000):
        text = "\n".join(rnd.choice(["", " ", "- a", "b", "\t", "c d"])
                         for _ in range(rnd.randint(1, 25)))
        starts = line_starts(text)
        k = rnd.randint(0, len(starts))
        chosen = sorted(rnd.sample(range(1, len(starts) + 1), k))
        applied = [AppliedEdit("A", "m", Applicability.SAFE, 0, 0, "", "", 2, ln)
                   for ln in chosen for _ in range(rnd.randint(1, 2))]
        for neighbours in (False, True):
            assert engine._changed_lines(text, applied, neighbours, starts) == \
                _reference_changed_lines(text, applied, neighbours, starts), (text, chosen)


# -- the prose mark of a plain Markdown document -------------------------------------------------

def test_plain_prose_mark_in_c_as_line_by_line():
    from mtfix.formats.markup import _md_lines, _md_prose_plain

    rnd = random.Random(9)
    pieces = ["- ", "* ", "+ ", "kata", "é", "x", " ", "  ", "ĊŊ", "\U0001f600", "a.b", "1",
              "*em*", "_", "\t", "[", "-"]
    plain = 0
    for _ in range(4000):
        lines = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
                 for _ in range(rnd.randint(1, 6))]
        text = "\n".join(lines)
        ls, starts, _ = _md_lines(text)
        fast = _md_prose_plain(ls, starts, len(text), text)
        assert fast == _md_prose_plain(ls, starts, len(text)), text
        plain += fast is not None
    assert plain > 300


@pytest.mark.parametrize("start,end", [(0, 0), (0, 3), (5, 9), (7, 7)])
@pytest.mark.parametrize("app", list(Applicability))
def test_fix_replace_is_the_plain_construction(start, end, app):
    """Fix.replace builds its Fix slot by slot: equal to the constructors' (and a subclass's
    replace still makes the subclass)."""
    fast, plain = Fix.replace(start, end, "x", app), Fix((Edit(start, end, "x"),), app)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert (fast.start, fast.end) == (start, end) and type(fast) is Fix
    with pytest.raises(ValueError) as bad:
        Fix.replace(end + 1, end, "")
    with pytest.raises(ValueError) as plain_bad:
        Edit(end + 1, end, "")
    assert str(bad.value) == str(plain_bad.value)

    class Mine(Fix):
        __slots__ = ()

    assert type(Mine.replace(start, end, "x", app)) is Mine
