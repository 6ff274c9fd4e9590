"""A rule with ``hits_at_line_start = False`` (HY001, HY002) finds with those hits dropped what
it finds with them: Rule.scan over every line holding a hit is compared with Rule.scan after
the drop, on texts whose lines often start with a trigger literal (`- `, ` -`)."""

from __future__ import annotations

import random

from hypothesis import given, settings as hsettings, strategies as st

from mtfix.engine import Linter
from mtfix.rules import RULE_CLASSES
from mtfix.settings import Settings
from mtfix.text import line_starts

RULES = [cls() for cls in RULE_CLASSES if not cls.hits_at_line_start]


def _pattern(rule):
    from mtfix.rules.ranges import _RANGE

    return _RANGE if rule.code == "RG001" else rule._re
_LINTER = Linter(Settings())

PIECES = ["- ", " -", "-", " ", "  ", "\u00a0", "\u2010 ", " \u2011", "\n", "\r\n", "\n- ", "\n -",
          "sela", "Sela", "barang", "pasca", "perang", "Wi", "Fi", "x", "y", "1", ",", "(",
          "sela -sela", "barang- barang", "pasca -perang", "sama - sama", "Al -Jazeera",
          "2009", "12", "\t", "\u2013 ", " \u2014", "\n\u2013 ", "\t-", "-\t", "\n\t-", "sekarang",
          "2009 - 2011", "2009 -2011", "1 - 2", "sejak 2012- sekarang"]


class _Kept:
    """Every rule keeps its line-start hits."""

    def __enter__(self):
        for rule in RULES:
            rule.hits_at_line_start = True

    def __exit__(self, *exc):
        for rule in RULES:
            del rule.hits_at_line_start  # the class's value again


def _same(text: str, scope=None) -> None:
    for rule in RULES:
        pattern = _pattern(rule)
        want_spans = [m.span() for m in rule.scan(_LINTER._document(text, scope), pattern)]
        with _Kept():
            kept = [m.span() for m in rule.scan(_LINTER._document(text, scope), pattern)]
        # the plain scan: the pattern over the whole scope
        plain = [m.span() for s, e in (scope or [(0, len(text))])
                 for m in pattern.finditer(text, s, e)]
        assert want_spans == kept == plain, (rule.code, text)
        want = list(rule.check(_LINTER._document(text, scope)))
        with _Kept():
            assert list(rule.check(_LINTER._document(text, scope))) == want, (rule.code, text)


def test_rules_that_drop_line_start_hits():
    assert {r.code for r in RULES} == {"HY001", "HY002", "RG001"}


def test_dropped_hits_find_what_all_hits_find():
    rnd = random.Random(31)
    for _ in range(3000):
        _same("".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 30))))


def test_dropped_hits_over_a_scope_of_lines():
    rnd = random.Random(32)
    for _ in range(1000):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 40)))
        starts = line_starts(text)
        chosen = sorted(rnd.sample(range(len(starts)), rnd.randint(1, len(starts))))
        scope = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                 for i in chosen]
        _same(text, scope)


class _Counting:
    """A pattern that counts the characters its finditer is given."""

    def __init__(self, pattern):
        self.compiled = pattern
        self.pattern, self.flags = pattern.pattern, pattern.flags  # for required_chars
        self.chars = 0

    def finditer(self, text, start, end):
        self.chars += end - start
        return self.compiled.finditer(text, start, end)


def test_a_list_scans_nothing():
    text = "- x y\n" * 3000
    doc = _LINTER._document(text)
    for rule in RULES:
        assert doc.hits[rule.code]  # the bullets are hits...
        counting = _Counting(_pattern(rule))
        assert list(rule.scan(doc, counting)) == []
        assert counting.chars == 0  # ... and none is looked at


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_dropped_hits_property(text):
    _same(text)


# -- required characters at a line's start (DW001's half reduplication) ------------------------

GATED = [cls() for cls in RULE_CLASSES if not cls.required_at_line_start]
HALF_PIECES = ["-", "- ", "\n-", "\n- ", "\n", "\r\n", " ", "\t", "masing", "Masing", "masing-masing",
               "masing-masing masing", "anak anak-anak", "-anak", "x", "‐", "‑", "\n‐kata", ","]


def test_rules_that_skip_required_chars_at_line_start():
    assert {r.code for r in GATED} == {"DW001"}


def _same_half(text: str, scope=None) -> None:
    from mtfix.rules.doubled import DoubledWord

    for rule in GATED:
        doc = _LINTER._document(text, scope)
        got = [m.span() for m in rule.scan(doc, DoubledWord._half_re)]
        plain = [m.span() for s, e in (scope or [(0, len(text))])
                 for m in DoubledWord._half_re.finditer(text, s, e)]
        assert got == plain, text
        want = list(rule.check(_LINTER._document(text, scope)))
        rule.required_at_line_start = True
        try:
            assert list(rule.check(_LINTER._document(text, scope))) == want, text
        finally:
            del rule.required_at_line_start


def test_required_chars_at_line_start_skipped():
    rnd = random.Random(33)
    for _ in range(3000):
        _same_half("".join(rnd.choice(HALF_PIECES) for _ in range(rnd.randint(1, 30))))
    # many lines, so that the gate looks line by line (below its cap)
    for _ in range(200):
        _same_half("kata kata\n" * 200 + "".join(rnd.choice(HALF_PIECES) for _ in range(30)))


def test_a_list_scans_no_half_reduplication():
    from mtfix.rules.doubled import DoubledWord

    text = "- x y\n" * 3000
    counting = _Counting(DoubledWord._half_re)
    assert list(GATED[0].scan(_LINTER._document(text), counting)) == []
    assert counting.chars == 0


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HALF_PIECES), min_size=1, max_size=40).map("".join))
def test_required_chars_property(text):
    _same_half(text)
