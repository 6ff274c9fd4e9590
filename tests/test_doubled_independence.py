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


def test_a_long_run_of_copies_is_named_by_word_and_count():
    """A run of copies is one DW001 finding; a long one is shown as its word and count, not
    the whole run (a 1 MB line of copies printed the megabyte in `check`'s message)."""
    from mtfix.engine import Linter

    lin = Linter()
    long_run = [d for d in lin.check("ini " + "kata " * 100 + "ada") if d.code == "DW001"]
    assert [d.message for d in long_run] == ["`kata` written 100 times: doubled word"]
    assert long_run[0].end - long_run[0].start == len("kata " * 100) - 1
    short = [d.message for d in lin.check("ini kata kata kata ada") if d.code == "DW001"]
    assert short == ["`kata kata kata`: doubled word"]
    assert lin.fix("ini " + "kata " * 100 + "ada").text == "ini kata ada"
