"""Every registered rule's own examples, LanguageTool-style: one generic test for all rules."""

import textwrap

import pytest

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.model import Applicability
from mtfix.rules import REGISTRY, RULE_CLASSES
from mtfix.rules.base import Example

RULES = list(REGISTRY.values())
EXAMPLES = [(r.code, i, ex) for r in RULES for i, ex in enumerate(r.examples)]
SILENT = [(r.code, i, s) for r in RULES for i, s in enumerate(r.silent)]


def _linter(code, mode="lines", unsafe=False):
    return Linter(Settings(select=(code,), mode=mode, unsafe_fixes=unsafe))


def changed_region(bad: str, good: str) -> tuple[int, int]:
    """[start, end) of ``bad`` that differs from ``good``: what is left once the longest
    common prefix and then the longest common suffix are taken off."""
    n = min(len(bad), len(good))
    p = 0
    while p < n and bad[p] == good[p]:
        p += 1
    s = 0
    while s < n - p and bad[-1 - s] == good[-1 - s]:
        s += 1
    return p, len(bad) - s


def to_word_boundaries(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words: ``ext`` in ``text`` → ``text``."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def expected_spans(ex: Example) -> list[tuple[int, int]]:
    """The spans a diagnostic of ``ex`` may have: the marked one, or the changed region and
    that region widened to whole words."""
    if ex.span is not None:
        return [tuple(ex.span)]
    if ex.flagged is not None:
        assert ex.bad.count(ex.flagged) == 1, \
            f"flagged {ex.flagged!r} must occur once in {ex.bad!r}; give span=(start, end)"
        start = ex.bad.index(ex.flagged)
        return [(start, start + len(ex.flagged))]
    region = changed_region(ex.bad, ex.good)
    return [region, to_word_boundaries(ex.bad, *region)]


def check_span(code: str, ex: Example, diags: list) -> None:
    """The rule fired ``ex.count`` times, exactly where the example says."""
    got = [(d.start, d.end) for d in diags]
    shown = [ex.bad[a:b] for a, b in got]
    assert len(diags) == ex.count, (
        f"{code} fired {len(diags)}× on {ex.bad!r} ({shown}); the example says {ex.count}")
    spans = expected_spans(ex)
    if ex.count == 1:
        assert got[0] in spans, (
            f"{code} reported {shown[0]!r} {got[0]} on {ex.bad!r}; expected "
            f"{ex.bad[spans[0][0]:spans[0][1]]!r} {spans[0]} (mark it: flagged=... or span=...)")
    else:
        start, end = spans[-1]
        assert all(start <= a and b <= end for a, b in got), (
            f"{code} reported {shown} on {ex.bad!r}, not all inside {ex.bad[start:end]!r}")


@pytest.mark.parametrize("code,i,ex", EXAMPLES, ids=[f"{c}-{i}" for c, i, _ in EXAMPLES])
def test_example_fires_and_fixes(code, i, ex):
    lin = _linter(code, ex.mode, unsafe=ex.unsafe)
    diags = [d for d in lin.check(ex.bad, source=ex.source) if d.code == code]
    assert diags, f"{code} did not fire on {ex.bad!r}"
    check_span(code, ex, diags)
    if ex.good is None:
        assert ex.flagged is not None or ex.span is not None, \
            "a display-only example names the flagged text"
        assert not any(d.fixable for d in diags), "a display-only example has no fix"
        assert lin.fix(ex.bad, source=ex.source).text == ex.bad, \
            "a display-only diagnostic must not change text"
        return
    assert all(d.fixable for d in diags), f"{code} fired on {ex.bad!r} without a fix"
    assert lin.fix(ex.bad, source=ex.source).text == ex.good
    # The good text does not fire the rule again.
    assert not [d for d in lin.check(ex.good, source=ex.source) if d.code == code and d.fixable]
    if ex.unsafe:
        # Without --unsafe-fixes, an unsafe example stays as it is.
        assert _linter(code, ex.mode).fix(ex.bad).text == ex.bad
        assert any(d.applicability is Applicability.UNSAFE for d in diags)
    else:
        assert all(d.applicability is not Applicability.UNSAFE for d in diags if d.fixable)


@pytest.mark.parametrize("code,i,text", SILENT, ids=[f"{c}-{i}" for c, i, _ in SILENT])
def test_must_not_fire(code, i, text):
    source = None
    if not isinstance(text, str):
        text, source = text.bad, text.source
    for mode in REGISTRY[code].modes:
        diags = [d for d in _linter(code, mode, unsafe=True).check(text, source=source)
                 if d.code == code]
        assert not diags, f"{code} fired on {text!r} ({mode}): {diags}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented_and_has_examples(rule):
    assert rule.examples, f"{rule.code} has no examples"
    assert rule.silent, f"{rule.code} has no must-not-fire texts"
    assert rule.code[:2].isalpha() and rule.code[2:].isdigit() and len(rule.code) == 5
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary
    doc = textwrap.dedent(rule.doc)
    for section in ("What it does", "Fix safety"):
        assert section in doc, f"{rule.code} doc lacks {section!r}"


def test_codes_and_names_unique():
    codes = [c.code for c in RULE_CLASSES]
    names = [c.name for c in RULE_CLASSES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)


def test_a_rule_without_examples_fails_the_suite():
    """The check above is real: a rule class with no examples is caught."""
    from mtfix.rules.base import Rule

    class Bare(Rule):
        code, name, summary, doc = "XX999", "bare", "s", "What it does\nFix safety"

    with pytest.raises(AssertionError):
        test_rule_is_documented_and_has_examples(Bare())


class _Fake:
    def __init__(self, start, end):
        self.start, self.end = start, end


def test_the_span_check_catches_a_wrong_span():
    """The span check is real: a deliberately wrong marked span, a wrong count, and a
    diagnostic off the changed region all fail."""
    ex = Example("di sela -sela KTT", "di sela-sela KTT", flagged="sela -sela")
    check_span("HY001", ex, [_Fake(3, 13)])   # right: `sela -sela`
    check_span("HY001", Example(ex.bad, ex.good, span=(3, 13)), [_Fake(3, 13)])
    with pytest.raises(AssertionError, match="expected"):
        check_span("HY001", Example(ex.bad, ex.good, span=(0, 7)), [_Fake(3, 13)])
    with pytest.raises(AssertionError, match="expected"):
        check_span("HY001", ex, [_Fake(3, 7)])   # `sela`: only one piece
    with pytest.raises(AssertionError, match="the example says 1"):
        check_span("HY001", ex, [_Fake(3, 13), _Fake(3, 13)])
    # Unmarked, the changed region (the space) or its words is expected, not the pair.
    with pytest.raises(AssertionError, match="expected"):
        check_span("HY001", Example(ex.bad, ex.good), [_Fake(3, 13)])
    # Through the rule itself: HY001 reports `sela -sela`, not `di sela`.
    wrong = Example(ex.bad, ex.good, flagged="di sela")
    with pytest.raises(AssertionError, match="reported 'sela -sela'"):
        test_example_fires_and_fixes("HY001", 0, wrong)
    with pytest.raises(AssertionError, match="fired 1"):
        test_example_fires_and_fixes("HY001", 0, Example(ex.bad, ex.good, count=2))
    test_example_fires_and_fixes("HY001", 0, ex)


def test_changed_region():
    assert changed_region("a  b", "a b") == (2, 3)
    assert changed_region("sela -sela", "sela-sela") == (4, 5)
    assert to_word_boundaries("Dolce & amp; Gabbana", 8, 11) == (8, 11)
    assert to_word_boundaries("SEKELOMPOK", 0, 2) == (0, 10)
