"""The apply engine: overlaps, protected spans, the iteration cap, idempotence, line counts."""

import re

from hypothesis import given, settings as hsettings, strategies as st

from mtfix.engine import Linter, fix_segments
from mtfix.settings import Settings
from mtfix.model import Applicability, Segment
from mtfix.protect import protected_kinds
from mtfix.rules.base import Example, Rule


class ReplaceAB(Rule):
    code, name, summary, doc = "ZZ001", "ab", "ab", "What it does\nFix safety"
    examples = (Example("ab", "x"),)
    silent = ("a b",)

    def check(self, doc):
        for m in re.finditer("ab", doc.text):
            yield self.replace(m.start(), m.end(), "x", "ab")


class ReplaceBC(Rule):
    code, name, summary, doc = "ZZ002", "bc", "bc", "What it does\nFix safety"

    def check(self, doc):
        for m in re.finditer("bc", doc.text):
            yield self.replace(m.start(), m.end(), "Y", "bc")


class Grow(Rule):
    """Always finds something: the cap must stop it and say so."""
    code, name, summary, doc = "ZZ003", "grow", "grow", "What it does\nFix safety"

    def check(self, doc):
        yield self.replace(0, 0, "g", "grow")


class TouchNumber(Rule):
    code, name, summary, doc = "ZZ004", "num", "num", "What it does\nFix safety"

    def check(self, doc):
        for m in re.finditer(r"\d", doc.text):
            yield self.replace(m.start(), m.end(), "#", "digit")


class Unsafe(Rule):
    code, name, summary, doc = "ZZ005", "uns", "uns", "What it does\nFix safety"
    fix_applicability = Applicability.UNSAFE

    def check(self, doc):
        for m in re.finditer("u", doc.text):
            yield self.replace(m.start(), m.end(), "U", "u", Applicability.UNSAFE)


def test_overlapping_fix_skipped_then_applied_next_pass():
    lin = Linter(Settings(), rules=[ReplaceAB(), ReplaceBC()])
    res = lin.fix("abc")
    # "ab" (starts first) wins; "bc" overlaps it and is skipped; nothing left afterwards.
    assert res.text == "xc"
    assert [a.code for a in res.applied] == ["ZZ001"]


def test_a_run_of_spaces_is_fixed_by_a_minimal_edit_that_yields_to_a_wider_fix():
    """WS001 flags the run and deletes the spaces after the first: a fix of another rule that
    starts at the run holds all of it and wins, in one pass (the run's `"  "` -> `" "` lost
    to nothing before and made `kami  kami` take two passes and two edits)."""
    lin = Linter(Settings())
    diags = lin.check("kata  lain")
    assert [(d.code, d.start, d.end) for d in diags] == [("WS001", 4, 6)]
    assert [(e.start, e.end, e.content) for e in diags[0].fix.edits] == [(5, 6, "")]
    res = lin.fix("kami  kami pergi , lalu   pulang")
    assert res.text == "kami pergi, lalu pulang"
    assert res.iterations == 1
    assert [(a.code, a.before, a.after) for a in res.applied] == [
        ("DW001", "  kami", ""), ("WS002", " ", ""), ("WS001", "  ", "")]


def test_cap_is_reported():
    lin = Linter(Settings(max_iterations=3), rules=[Grow()])
    res = lin.fix("a")
    assert res.text == "ggga" and res.capped and res.iterations == 3


def test_protected_spans_never_edited():
    lin = Linter(Settings(), rules=[TouchNumber()])
    text = "harga 16,6 di https://x.id/a1 atau a@b1.com {n1} %(x)d <b id='1'>"
    assert lin.fix(text).text == text
    kinds = {k for k, *_ in protected_kinds(text)}
    assert {"number", "url", "email", "placeholder", "tag"} <= kinds


def test_url_without_digits_is_protected():
    text = "Lihat https://contoh.id/disini-karir ya dan www.contoh.id/apapun juga"
    assert Linter(Settings()).fix(text).text == text
    assert Linter(Settings()).fix(text + " disini").text == text + " di sini"


def test_unsafe_only_with_flag():
    assert Linter(Settings(), rules=[Unsafe()]).fix("u").text == "u"
    assert Linter(Settings(unsafe_fixes=True), rules=[Unsafe()]).fix("u").text == "U"


def test_lines_mode_never_joins_lines():
    class Joiner(Rule):
        code, name, summary, doc = "ZZ006", "j", "j", "What it does\nFix safety"

        def check(self, doc):
            i = doc.text.find("\n")
            if i >= 0:
                yield self.replace(i, i + 1, " ", "join")

    assert Linter(Settings(), rules=[Joiner()]).fix("a\nb").text == "a\nb"
    assert Linter(Settings(mode="article"), rules=[Joiner()]).fix("a\nb").text == "a b"


def test_segments_api():
    segs = [Segment("liberal liberal", source="liberal"), Segment("baik")]
    out = fix_segments(segs)
    assert out[0].text == "liberal" and out[0].source == "liberal" and out[1] is segs[1]


# -- properties on generated text ------------------------------------------------------------

PIECES = ["sela", " -sela", "barang", "- barang", "liberal", " liberal", " ", "  ", ",", " ,",
          ".", " .", "disini", "anda", "Rp", " 5.000", "$", " 16,6", "\n", "\r\n", "(", " )",
          ', "katanya', '"', " / ", "AIDS", "& amp;", "- ", "Source link", "https://a.id/x y",
          "é", "—", "\t", "karir", "10", "a", "b"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@hsettings(max_examples=300, deadline=None)
@given(texts)
def test_fix_is_idempotent_and_keeps_lines(text):
    lin = Linter(Settings())
    once = lin.fix(text)
    assert not once.capped
    assert lin.fix(once.text).text == once.text
    assert once.text.count("\n") == text.count("\n")
    assert once.text.count("\r") == text.count("\r")


@hsettings(max_examples=200, deadline=None)
@given(texts)
def test_protected_spans_survive(text):
    res = Linter(Settings(unsafe_fixes=True)).fix(text)
    for kind, _, _, span in protected_kinds(text):
        if kind in ("url", "email", "placeholder", "tag"):
            assert span in res.text


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_safe(text):
    lin = Linter(Settings())
    res = lin.fix(text)
    assert lin.fix(res.text).text == res.text
    assert res.text.count("\n") == text.count("\n")
    lin.check(text)


def test_article_mode_idempotent_on_seed(fixtures):
    text = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    lin = Linter(Settings(mode="article"))
    once = lin.fix(text).text
    assert lin.fix(once).text == once


@hsettings(max_examples=200, deadline=None)
@given(texts)
def test_original_spans_point_into_the_input(text):
    """Every applied edit's original span lies in the input, in order, and the first pass's
    edits cover exactly the text they replaced."""
    res = Linter(Settings(unsafe_fixes=True)).fix(text)
    for a in res.applied:
        assert 0 <= a.orig_start <= a.orig_end <= len(text)
        if a.iteration == 1:
            assert text[a.orig_start:a.orig_end] == a.before


def test_original_spans_across_passes():
    lin = Linter(Settings(), rules=[ReplaceAB(), ReplaceBC()])
    # pass 1: "ab" -> "x" at 2..4 of "zzabc..bc"; pass 2 none needed here; use a chain instead
    res = lin.fix("zzab bc")
    spans = [(a.code, a.orig_start, a.orig_end) for a in res.applied]
    assert spans == [("ZZ001", 2, 4), ("ZZ002", 5, 7)]
    grow = Linter(Settings(max_iterations=3), rules=[Grow()]).fix("a")
    assert [(a.orig_start, a.orig_end) for a in grow.applied] == [(0, 0)] * 3


def test_neighbour_sensitive_rule_sees_changed_neighbours():
    # Pass 1 turns the bullet-like "- ," into "-,"; the next line is then no longer in a list,
    # and the second pass must see it although it did not change.
    lin = Linter(Settings())
    once = lin.fix("- ,\n- barang")
    assert once.text == "-,\n— barang"
    assert lin.fix(once.text).text == once.text
