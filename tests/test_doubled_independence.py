"""DW001 (and the default fix) on a line never depends on the other lines of the text
(issue 11 #9: a doubled word after a quote was fixed only when the same doubled word occurred
elsewhere in the chunk)."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from mtfix.engine import Linter
from mtfix.settings import Settings

_LINTER = Linter(Settings())

WORDS = ["liberal", "dari", "mengatakan", "mereka", "İstanbul", "İ", "kata", "yang", "itulah",
         '"liberal', 'liberal"', "mengatakan:", "<b>liberal", "liberal</b>", "masing-masing",
         "masing", "tunjukkan", "sela", "-sela", "Rolls", "-Royce", ",", "."]


def _line():
    def build(parts):
        words = []
        for w, doubled in parts:
            words.append(w)
            if doubled:
                words.append(w.strip('"<>/b:'))
        return " ".join(words).lstrip("-")  # a line starting with "-": WS007 looks at neighbours
    return st.lists(st.tuples(st.sampled_from(WORDS), st.booleans()), min_size=1,
                    max_size=8).map(build)


def test_quote_doubled_independent_of_chunk():
    a = 'Dia berkata "liberal liberal" kemarin.'
    b = "Partai liberal liberal menang."
    assert _LINTER.fix(a).text == 'Dia berkata "liberal" kemarin.'
    assert _LINTER.fix(a + "\n" + b).text == _LINTER.fix(a).text + "\n" + _LINTER.fix(b).text


@hsettings(max_examples=150, deadline=None)
@given(_line(), _line())
def test_fix_is_per_line(a, b):
    assert _LINTER.fix(a + "\n" + b).text == _LINTER.fix(a).text + "\n" + _LINTER.fix(b).text
