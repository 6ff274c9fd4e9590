"""_TriggerIndex._fill_short (one short span: a unit of a PO/JSONL file, a changed line) must
give exactly the hits the general fill gives, and leave no code sharing a list it could
change."""

from hypothesis import given, settings, strategies as st

import mtfix.engine as engine
from mtfix.engine import Linter
from mtfix.settings import Settings

LIN = Linter(Settings())
WORDS = ["di", "sini", "disini", "sela", "-sela", " ", "  ", "Key", "the", "katanya", ",", '"',
         "Rp", "12", "–", "—", "anda", "karir", "sekelompok tujuh", "(G7)", "İ", "Σ", "ı",
         "Source link", "\n", "x", "Bersama", "-sama", ".", "antar", "-jemput"]


def _hits(text, scope=None, short=True):
    saved = engine.SHORT_SCOPE
    engine.SHORT_SCOPE = saved if short else -1
    try:
        return LIN._document(text, scope).hits
    finally:
        engine.SHORT_SCOPE = saved


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.data())
def test_same_hits_as_the_general_fill(words, data):
    text = "".join(words)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    for scope in (None, [(a, b)]):
        assert _hits(text, scope) == _hits(text, scope, short=False)


def test_codes_without_hits_share_one_empty_list_never_filled():
    hits = _hits("disini  ada")
    empty = [h for h in hits.values() if h == []]
    assert empty and all(h is engine._NO_HITS for h in empty)
    assert any(h for h in hits.values())
    _hits("Key Trump disini sela -sela")
    assert engine._NO_HITS == []
