"""mtfix.batch: units repaired or checked a run at a time give exactly what they give one by
one (text, edits with their spans, iterations, diagnostics), whatever the units hold."""

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from mtfix.batch import _runs, check_many, fix_many
from gen_util import UNIT_PIECES, UNIT_SOURCES, unit_linters

PIECES, SOURCES = UNIT_PIECES, UNIT_SOURCES
LINTERS = unit_linters()


def _units():
    unit = st.lists(st.sampled_from(PIECES), min_size=0, max_size=12).map("".join)
    return st.lists(unit, min_size=1, max_size=25)


def _agree(lin, texts, sources):
    one = [lin.fix(t, source=s) for t, s in zip(texts, sources or [None] * len(texts))]
    many = fix_many(lin, texts, sources)
    for a, b in zip(one, many, strict=True):
        assert (b.text, b.applied, b.iterations, b.capped) == \
            (a.text, a.applied, a.iterations, a.capped)
    pairs = list(zip(texts, sources or [None] * len(texts)))
    assert check_many(lin, pairs) == [lin.check(t, source=s) for t, s in pairs]


def _property(examples):
    @hsettings(max_examples=examples, deadline=None)
    @given(_units(), st.data())
    def prop(texts, data):
        sources = data.draw(st.one_of(
            st.none(), st.lists(st.one_of(st.none(), st.sampled_from(SOURCES)),
                                min_size=len(texts), max_size=len(texts))))
        for lin in LINTERS:
            _agree(lin, texts, sources)

    prop()


def test_runs_give_the_unit_by_unit_results_property():
    _property(120)


@pytest.mark.slow
def test_runs_give_the_unit_by_unit_results_property_long():
    _property(1500)


def test_real_units_agree(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = (root / "examples" / "dev-sample.gnmt.id").read_text(encoding="utf-8").split("\n")
    srcs = (root / "examples" / "dev-sample.src.en").read_text(encoding="utf-8").split("\n")
    n = min(len(texts), len(srcs))
    article = (root / "tests" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")
    for lin in LINTERS:
        _agree(lin, texts[:n], srcs[:n])
        _agree(lin, article.split("\n"), None)


def test_what_is_joined_and_what_goes_alone():
    lin = LINTERS[0]
    texts = ["disini  ada", "kata kata", "", "- butir", "dua\nbaris", "a", "b", "c"]
    sources = [None, None, None, None, None, "x", "y", None]
    assert _runs(lin, texts, sources) == [[0, 1], [2], [3], [4], [5, 6], [7]]
    # Two list items would read as a list together (WS007): the separator line goes between.
    assert _runs(lin, ["a", "- b", "- c", "d"], None) == [[0, 1, -1, 2, 3]]
    assert [r.text for r in fix_many(lin, ["- b", "- c"])] == ["— b", "— c"]
    got = fix_many(lin, ["Saya tinggal disini.", "yang yang sama"])
    assert [r.text for r in got] == ["Saya tinggal di sini.", "yang sama"]
    assert [(a.code, a.line, a.orig_start) for r in got for a in r.applied] == \
        [("OR001", 1, 13), ("DW001", 1, 4)]


def _lines():
    line = st.lists(st.sampled_from([p for p in PIECES if p not in ("\n", "\r", "\r\n",
                                                                    "\x0b", "\u2028")]),
                    max_size=8).map("".join)
    return st.lists(line, min_size=2, max_size=12)


@hsettings(max_examples=150, deadline=None)
@given(_lines(), st.data())
def test_cut_ok_is_a_promise_property(lines, data):
    """Where every neighbour-sensitive rule allows a cut between two lines, repairing the two
    sides apart gives the repair of the whole (what chunking and batching both rely on)."""
    from mtfix.rules import cut_ok

    lin = LINTERS[0]
    rules = [r for r in lin.rules if r.neighbour_sensitive]
    k = data.draw(st.integers(1, len(lines) - 1))
    if not cut_ok(rules, lines[k - 1], lines[k]):
        return
    whole = lin.fix("\n".join(lines)).text
    assert whole == lin.fix("\n".join(lines[:k])).text + "\n" + lin.fix("\n".join(lines[k:])).text


def _example_units():
    """Every one-line text of the rules' examples (bad, good and silent), with its source: the
    texts that make each rule fire, or come close."""
    from mtfix.rules import REGISTRY

    out = []
    for rule in REGISTRY.values():
        for ex in (*rule.examples, *rule.silent):
            if isinstance(ex, str):
                texts, src = [ex], None
            else:
                texts, src = [ex.bad, ex.good], getattr(ex, "source", None)
            for t in texts:
                if t and "\n" not in t and "\r" not in t and (src is None or "\n" not in src):
                    out.append((t, src))
    return out


EXAMPLE_UNITS = _example_units()


def _example_property(examples):
    @hsettings(max_examples=examples, deadline=None)
    @given(st.lists(st.sampled_from(EXAMPLE_UNITS), min_size=2, max_size=30), st.booleans())
    def prop(units, with_sources):
        texts = [t for t, _ in units]
        sources = [s for _, s in units] if with_sources else None
        for lin in LINTERS:
            _agree(lin, texts, sources)

    prop()


def test_rule_examples_side_by_side_property():
    """The rules' own examples as neighbouring units: a rule whose pattern could reach across
    a line break would show here (a match across two units, or one hiding the next)."""
    assert len(EXAMPLE_UNITS) > 300
    _example_property(60)


@pytest.mark.slow
def test_rule_examples_side_by_side_property_long():
    _example_property(800)


def test_findings_moved_in_place_only_when_no_one_else_holds_them():
    """check_many moves a run's findings into their units in place only where they are the
    check's own: every rule is one of mtfix's (a plugin's rule may keep its findings and hand
    them out again) and no diagnostic, fix or edit object is shared by two findings. Else each
    is copied and what a rule kept is left as it was."""
    from mtfix.batch import _own_findings
    from mtfix.engine import Linter
    from mtfix.model import Diagnostic, Edit, Fix
    from mtfix.rules.base import Rule
    from mtfix.settings import Settings

    lin = Linter(Settings())
    diags = lin.check("kata  kata lain\nlagi  lagi")
    assert len(diags) >= 4 and _own_findings(lin, diags)
    assert not _own_findings(lin, diags + diags[:1])                       # one diagnostic twice
    d = diags[0]
    assert not _own_findings(lin, diags + [Diagnostic("X", "", 0, 1, fix=d.fix)])  # one fix
    e = d.fix.edits[0]
    assert not _own_findings(lin, diags + [Diagnostic("X", "", 0, 1, fix=Fix((e,)))])  # an edit

    kept = []

    class Keeper(Rule):  # a rule of no one's package that keeps what it found
        code, name, summary = "ZZ901", "keeper", "keeps its findings"

        def check(self, doc):
            for i, line in enumerate(doc.text.split("\n")):
                at = doc.line_starts[i]
                d = Diagnostic(self.code, "kept", at, at + 1, fix=Fix((Edit(at, at + 1, "Q"),)))
                kept.append((d, d.start, d.fix.start, d.fix.edits[0].start))
                yield d

    foreign = Linter(Settings(), rules=[Keeper(), *Linter(Settings()).rules])
    texts = ["satu  satu", "dua dua", "tiga", "empat  lima"]
    got = check_many(foreign, [(t, None) for t in texts])
    assert not _own_findings(foreign, [k[0] for k in kept])
    assert all([d.start, d.fix.start, d.fix.edits[0].start] == rest for d, *rest in kept)
    assert got == [foreign.check(t) for t in texts]
    own = Linter(Settings())
    assert check_many(own, [(t, None) for t in texts]) == [own.check(t) for t in texts]


def test_repeated_units_are_computed_once_and_given_their_own_results():
    """A unit that repeats an earlier one (same text and source) gets a copy of that one's
    result: the unit-by-unit result, in a list of its own (consumers empty or replace a
    unit's list), and the repeat is not repaired or checked again."""
    import mtfix.batch as batch
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lin = Linter(Settings())
    texts = ["kata  kata", "Dia pergi disini", "kata  kata", "lain", "kata  kata",
             "Dia pergi disini", "- satu  dua", "- satu  dua"]
    sources = [None, "He went here", "x", None, None, "He went here", None, "a"]
    assert batch._distinct(texts, sources) == ([0, 1, 2, 3, 6, 7], [(4, 0), (5, 1)])
    assert batch._distinct(["a", "b"], None) == ([], [])
    seen = []
    fix = lin.fix

    def counting(text, source=None):  # every unit the linter is given, joined or alone
        seen.extend(line for line in text.split("\n") if line != batch.SEPARATOR)
        return fix(text, source=source)

    lin.fix = counting
    try:
        many = batch.fix_many(lin, texts, sources)
    finally:
        del lin.fix
    assert sorted(seen) == sorted(texts[i] for i in (0, 1, 2, 3, 6, 7))
    one = [lin.fix(t, source=s) for t, s in zip(texts, sources)]
    assert [(r.text, r.applied, r.iterations, r.capped) for r in many] == \
        [(r.text, r.applied, r.iterations, r.capped) for r in one]
    assert many[4] is not many[0] and many[4].applied is not many[0].applied
    pairs = list(zip(texts, sources))
    checked = check_many(lin, pairs)
    assert checked == [lin.check(t, source=s) for t, s in pairs]
    assert checked[4] is not checked[0] and checked[4]
    checked[0].clear()
    assert checked[4]


def test_edits_of_a_pass_out_of_text_order_are_still_placed_in_their_units():
    """_fix_run carries the length changes of earlier passes along the lines in text order;
    an edit before the one before it (the engine gives none, a linter subclass might)
    starts that walk again. The units' results are the unit-by-unit ones all the same."""
    import dataclasses

    import mtfix.batch as batch
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lin = Linter(Settings())
    # Two passes: the spaces before the commas first (WS002), then the quotes (QU001); the
    # split `antar -jemput` twice over (HY002): in lines whose starts the first pass moved.
    texts = ["kata  kata", 'dia , "katanya , "katanya.', "lain", "satu  dua  dua",
             'a , "katanya , "katanya , "katanya.', "antar -jemputantar -jemput",
             'Rp 5 . kami  kami , "katanya , "katanya.']
    one = [lin.fix(t) for t in texts]
    assert max(r.iterations for r in one) >= 2
    fix = lin.fix
    reversed_passes = []

    def out_of_order(text, source=None):
        res = fix(text, source=source)
        by_pass: dict = {}
        for a in res.applied:
            by_pass.setdefault(a.iteration, []).append(a)
        applied = [a for it in sorted(by_pass) for a in reversed(by_pass[it])]
        reversed_passes.extend(it for it, edits in by_pass.items() if len(edits) > 1)
        return dataclasses.replace(res, applied=applied)

    lin.fix = out_of_order
    try:
        run = list(range(len(texts)))
        many = batch._fix_run(lin, run, texts, None)
    finally:
        del lin.fix
    assert 2 in reversed_passes  # a later pass's edits came out of order
    assert many is not None
    for a, b in zip(one, many, strict=True):
        assert b.text == a.text
        assert sorted((e.start, e.end, e.orig_start, e.orig_end, e.after, e.iteration)
                      for e in b.applied) == \
            sorted((e.start, e.end, e.orig_start, e.orig_end, e.after, e.iteration)
                   for e in a.applied)
