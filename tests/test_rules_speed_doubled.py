"""DW001's line prefilter (``repeat_lines``) takes only horizontal space between two equal
letter runs: a run of punctuation, a digit or a quote between them is a mark of its own, and
the line is no candidate. It still finds every line the pattern matches on (the pattern is run
over every text here and compared with the candidates' matches)."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from mtfix.rules._text import repeat_lines
from mtfix.rules.base import Document
from mtfix.rules.doubled import DoubledWord
from mtfix.text import lower_aligned

_DW = DoubledWord()

# Separators the pattern allows between copies (horizontal spaces) and ones it does not
# (punctuation, digits, underscore, quotes, dashes, control characters, other spaces).
PIECES = ["kata", "Kata", "KATA", "a", "A", "σ", "ς", "Σ", "İ", "i", "é", " ", "  ", "\t", "\u00a0",
          "\u2003", "\u202f", "\u3000", "\u2028", "\x0b", "\x0c", "\x1c", "\x85", "\r", "\n", ",",
          ".", '"', "“", "”", "'", "’", "1", "_", "-", "‐", "—", "(", "<b>", "\x01", "\x02", "©",
          "kata kata", "kata, kata", 'kata "kata', "kata\u00a0kata", "kata—kata", "kata_kata"]


def _same(text: str) -> None:
    got = [m.span() for m in _DW._candidates(Document(text))]
    assert got == [m.span() for m in _DW._re.finditer(text)], text


@hsettings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join))
def test_candidates_are_the_pattern_matches(text):
    _same(text)


def test_marks_between_copies_make_no_candidate():
    for text in ['katanya , "katanya', "kata, kata", "kata 1 kata", "kata_kata", "kata—kata",
                 "kata “kata", "kata\x0bkata", "kata\u2028kata", "a.a.a", "x -- x"]:
        assert repeat_lines([lower_aligned(text)]) == [], text
    for text in ["kata kata", "kata\u00a0kata", "kata\tKATA", '"kata kata"', "<b>kata kata</b>",
                 "kata\u3000kata"]:
        assert repeat_lines([lower_aligned(text)]) == [(0, 0)], text
        _same(text)
