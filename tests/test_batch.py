"""mtfix.batch: units repaired or checked a run at a time give exactly what they give one by
one (text, edits with their spans, iterations, diagnostics), whatever the units hold."""

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from mtfix.batch import _runs, check_many, fix_many
from mtfix.engine import Linter
from mtfix.settings import Settings

PIECES = ["di", "sini", "disini", "sela", "-sela", " ", "  ", "Key", "the", "katanya", ",",
          '"', "“", "”", "'", "Rp", "12", "$ 16,6", "–", "—", "- ", "-", "anda", "karir",
          "sekelompok tujuh (G7)", "Korea-Jepang Selatan", "İ", "Σ", "x", "yang yang",
          "Bersama", "-sama", ".", "antar -jemput", "liberal liberal", "Source link",
          "https://kompas.com/a", " / berita", "a@b.id", "<b>", "<b", ">", "{name}", "%s",
          "\t", "\u00a0", "\n", "\r", "\r\n", "\x0b", "\u2028", "Dia berkata , \"Ya\" ."]
SOURCES = ["", "the the", "Group of Seven (G7)", "South Korea-Japan", "he said.", "x\ny",
           "- a", "Bora-Bora"]

LINTERS = [Linter(Settings()), Linter(Settings(unsafe_fixes=True)),
           Linter(Settings(max_iterations=1))]


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
    # A unit next to a line starting with a hyphen (WS007 reads its neighbours) goes alone.
    assert _runs(lin, ["a", "- b", "c"], None) == [[0], [1], [2]]
    got = fix_many(lin, ["Saya tinggal disini.", "yang yang sama"])
    assert [r.text for r in got] == ["Saya tinggal di sini.", "yang sama"]
    assert [(a.code, a.line, a.orig_start) for r in got for a in r.applied] == \
        [("OR001", 1, 13), ("DW001", 1, 4)]
