"""Every registered rule's own examples, LanguageTool-style: one generic test for all rules."""

import textwrap

import pytest

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.model import Applicability
from mtfix.rules import REGISTRY, RULE_CLASSES

RULES = list(REGISTRY.values())
EXAMPLES = [(r.code, i, ex) for r in RULES for i, ex in enumerate(r.examples)]
SILENT = [(r.code, i, s) for r in RULES for i, s in enumerate(r.silent)]


def _linter(code, mode="lines", unsafe=False):
    return Linter(Settings(select=(code,), mode=mode, unsafe_fixes=unsafe))


@pytest.mark.parametrize("code,i,ex", EXAMPLES, ids=[f"{c}-{i}" for c, i, _ in EXAMPLES])
def test_example_fires_and_fixes(code, i, ex):
    lin = _linter(code, ex.mode, unsafe=ex.unsafe)
    diags = [d for d in lin.check(ex.bad, source=ex.source) if d.code == code]
    assert diags, f"{code} did not fire on {ex.bad!r}"
    if ex.good is None:
        assert ex.flagged is not None, "a display-only example names the flagged text"
        assert ex.flagged in [ex.bad[d.start:d.end] for d in diags]
        assert lin.fix(ex.bad, source=ex.source).text == ex.bad, \
            "a display-only diagnostic must not change text"
        return
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
