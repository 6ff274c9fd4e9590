"""Linter._run's inline test of a one-edit fix where no line holds a protected span gives what
``_fix_allowed`` gives (the reference below is _run as it was: every fix through it)."""

from __future__ import annotations

import random

from hypothesis import given, settings as hsettings, strategies as st

from mtfix.engine import Linter, _fix_allowed
from mtfix.model import Applicability, Diagnostic, Edit, Fix
from mtfix.rules.base import Document, Rule
from mtfix.settings import Settings


class Anything(Rule):
    """Fixes of every shape at pseudo-random places: one edit or several, no-ops, edits that
    hold or remove a line break, insertions, every applicability, no fix at all."""
    code, name, summary, doc = "ZZ090", "any", "any", "What it does\nFix safety"

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def check(self, doc):
        rnd = random.Random(self.seed)
        text = doc.text
        n = len(text)
        for _ in range(rnd.randint(0, 12)):
            a = rnd.randint(0, n)
            b = min(n, a + rnd.randint(0, 3))
            content = rnd.choice(["", "x", " ", "\n", "a\rb", text[a:b], "ab"])
            app = rnd.choice(list(Applicability))
            shape = rnd.randint(0, 3)
            if shape == 0:
                yield self.diag(a, b, "none")
            elif shape == 1:
                yield self.replace(a, b, content, "one", app)
            else:
                c = rnd.randint(0, n)
                d = min(n, c + rnd.randint(0, 2))
                edits = (Edit(a, b, content), Edit(c, d, rnd.choice(["", "y", "\n", text[c:d]])))
                yield Diagnostic(self.code, "two", a, b, self.severity, Fix(edits, app))


def reference_run(linter: Linter, rules, doc: Document, unsafe=None):
    lines_mode = doc.mode == "lines"
    text = doc.text
    protected = doc.may_hold_protected
    candidates = unsafe is not None
    out = []
    for rule in rules:
        for d in rule.check(doc):
            if protected and d.end > d.start and doc.inside_protected(d.start, d.end):
                continue
            fix = d.fix
            if candidates:
                if fix is None or not fix.applicability.allowed(unsafe) or \
                        not _fix_allowed(fix, doc, text, lines_mode, protected):
                    continue
            elif fix is not None and not _fix_allowed(fix, doc, text, lines_mode, protected):
                d = Diagnostic(d.code, d.message, d.start, d.end, d.severity, None)
            out.append(d)
    return out


TEXTS = ["ab cd\nef", "x\r\ny z", "", "\n\n", "kata  dia , lalu\nbaris", "lihat www.a.com/b 12 ya",
         "a@b.co dan <b>x</b>\n{0} y", "abc\rdef\nghi"]


def _same(text: str, seed: int, mode: str) -> None:
    rules = [Anything(seed)]
    for unsafe in (None, False, True):
        linter = Linter(Settings(mode=mode), rules=rules)
        got = linter._run(rules, Document(text, mode), unsafe)
        want = reference_run(linter, rules, Document(text, mode), unsafe)
        assert got == want, (text, seed, mode, unsafe)


def test_run_keeps_what_fix_allowed_keeps():
    for seed in range(400):
        for text in TEXTS:
            for mode in ("lines", "article"):
                _same(text, seed, mode)


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\r.x1@/", max_size=30), st.integers(0, 10_000),
       st.sampled_from(["lines", "article"]))
def test_run_property(text, seed, mode):
    _same(text, seed, mode)
