"""A long line is worked out in bounded pieces (issue 11: streaming memory whatever the line
structure; a 16 MB line is one segment in lines mode), and each piece-wise path finds exactly
what the whole-line path finds:

* ``lower_aligned`` lowers a long string piece by piece (``LOWER_PIECE``);
* the trigger scan reads a long span window by window (``SCAN_WINDOW``), and keeps the span's
  lowercase joined from the windows';
* GL001 matches a long region only in windows around its trigger hits (``LONG_REGION``,
  ``WINDOW_GAP``);
* EN001 takes a line's tokens in chunks cut at gaps that hold a non-space character
  (``TOKEN_CHUNK``).

Each property runs the piece-wise path with tiny pieces (so the texts here are "long") against
the whole-line path (pieces larger than any text here)."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from mtfix import engine, text as text_mod
from mtfix.engine import Linter
from mtfix.rules import english, terms
from mtfix.settings import Settings
from mtfix.text import lower_aligned

_LINTER = Linter(Settings())
_RULES = {r.code: r for r in _LINTER.rules}
_WRONG = sorted(_LINTER.glossary.wrong)
_TRIGGERS = sorted({lit for r in _LINTER.rules
                    for lit in (r.trigger_literals(lambda: _LINTER.glossary) or ())})

HUGE = 1 << 40

# Case pairs lowering treats specially (İ grows, Σ depends on its neighbours), non-ASCII
# separators, quotes, line breaks.
CHARS = ["a", "B", "İ", "i", "Σ", "σ", "ς", "ΑΣ", "é", "É", "—", "£", " ", "  ", "\t", "\n",
         "\r\n", ",", ".", '"', "“", "”", "-", "'", "’", "1", "x"]

# EN001: English words (lower, capitalised, common enough to report capitalised), short words
# of a title, name parts, Indonesian words, quotes, and separators with and without a
# non-space character.
EN_WORDS = ["the", "end", "Key", "Three", "for", "of", "and", "London", "Transport", "people",
            "Central", "University", "Hospitals", "New", "Old", "Daily", "Mail", "Trump",
            "KTT", "dan", "yang", "sebelum", "film", "bank", "Wireless", "Mouse", "don't",
            "#TheEnd", "@someone", "www.example.com", "Source link", '"The Dark Knight"',
            "“the end”", "Doom", "Gloom", "Fight", "Century", "sebelum KTT Key Trump"]
EN_GAPS = [" ", " ", " ", "  ", "\t", ", ", ". ", " — ", " (", ") ", '"', "\n", "\r\n", ": "]


def _join(parts):
    return "".join(parts)


def _mixed(pieces, gaps):
    return st.lists(st.tuples(st.sampled_from(pieces), st.sampled_from(gaps)), max_size=40).map(
        lambda pairs: "".join(w + g for w, g in pairs))


class _Patched:
    """Module attributes set for the duration of a ``with``."""

    def __init__(self, *triples) -> None:
        self.triples = triples
        self.saved: list = []

    def __enter__(self):
        for mod, name, value in self.triples:
            self.saved.append((mod, name, getattr(mod, name)))
            setattr(mod, name, value)

    def __exit__(self, *exc):
        for mod, name, value in reversed(self.saved):
            setattr(mod, name, value)
        self.saved.clear()


def _small(n: int) -> _Patched:
    return _Patched((text_mod, "LOWER_PIECE", n), (engine, "SCAN_WINDOW", n),
                    (terms, "LONG_REGION", 0), (terms, "WINDOW_GAP", n - 1),
                    (english, "TOKEN_CHUNK", n))


def _whole() -> _Patched:
    return _Patched((text_mod, "LOWER_PIECE", HUGE), (engine, "SCAN_WINDOW", HUGE),
                    (terms, "LONG_REGION", HUGE), (english, "TOKEN_CHUNK", HUGE))


# -- lowercase ---------------------------------------------------------------------------------

@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CHARS), max_size=60).map(_join), st.integers(1, 7))
def test_lower_aligned_in_pieces_is_the_whole_lowercase(s, piece):
    with _whole():
        whole = lower_aligned(s)
    with _Patched((text_mod, "LOWER_PIECE", piece)):
        assert lower_aligned(s) == whole
    assert len(whole) == len(s)


# -- the trigger scan --------------------------------------------------------------------------

def _trigger_texts():
    pieces = _TRIGGERS + [t.upper() for t in _TRIGGERS[::7]] + CHARS
    return st.lists(st.sampled_from(pieces), max_size=30).map(_join)


@hsettings(max_examples=300, deadline=None)
@given(_trigger_texts(), st.integers(1, 9))
def test_trigger_scan_in_windows_finds_the_same_hits(text, window):
    with _whole():
        doc = _LINTER._document(text)
        hits, low = doc.hits, doc.lower(0, len(text))
    with _Patched((engine, "SCAN_WINDOW", window)):
        doc = _LINTER._document(text)
        assert doc.hits == hits
        assert doc.lower(0, len(text)) == low


def test_trigger_scan_windows_on_a_long_line():
    text = ("Dia berkata bahwa dibalik semua itu, anda dan di mana-mana — £5, " * 40000).strip()
    with _whole():
        hits = _LINTER._document(text).hits
    assert len(text) > engine.SCAN_WINDOW  # the real window, over a span longer than it
    doc = _LINTER._document(text)
    assert doc.hits == hits and doc.lower(0, len(text)) == lower_aligned(text)


# -- GL001 -------------------------------------------------------------------------------------

def _glossary_texts():
    """Wrong variants (as written, capitalised, upper case) with what may or may not bound
    them as words: a letter glued before or after, a clitic, a hyphen, spaces, line breaks."""
    variants = _WRONG + [w.upper() for w in _WRONG[::5]] + [w.capitalize() for w in _WRONG[::3]]
    before = ["", "", " ", "x", "é", "-", "\n", "(", "Σ "]
    after = ["", " ", "  ", "nya", "lah", "ku", "nyax", "x", "-", ",", "\n", " (G7)"]
    return st.lists(st.tuples(st.sampled_from(before), st.sampled_from(variants),
                              st.sampled_from(after)), max_size=12).map(
        lambda parts: "".join(a + v + b for a, v, b in parts))


@hsettings(max_examples=300, deadline=None)
@given(_glossary_texts(), st.integers(1, 9))
def test_gl001_windows_around_trigger_hits_find_what_the_region_finds(text, n):
    rule = _RULES["GL001"]
    with _whole():
        want = list(rule.check(_LINTER._document(text)))
    with _Patched((terms, "LONG_REGION", 0), (terms, "WINDOW_GAP", n - 1)):
        assert list(rule.check(_LINTER._document(text))) == want


# -- EN001 -------------------------------------------------------------------------------------

@hsettings(max_examples=400, deadline=None)
@given(_mixed(EN_WORDS, EN_GAPS), st.integers(1, 5))
def test_english_chunks_find_what_the_whole_line_finds(text, size):
    rule = _RULES["EN001"]
    doc = _LINTER._document(text)
    with _whole():
        want = list(rule.check(doc))
    with _Patched((english, "TOKEN_CHUNK", size)):
        assert list(rule.check(doc)) == want


def test_english_token_chunks_cut_only_at_gaps_with_a_non_space():
    text = "the end, the end the end. Key Three for London " * 50
    chunks = list(english._token_chunks(text, 0, len(text), 3))
    assert len(chunks) > 10
    assert [m.span() for c in chunks for m in c] == [m.span() for m in
                                                     english._TOKEN.finditer(text)]
    for before, after in zip(chunks, chunks[1:]):
        assert len(before) >= 3 and text[before[-1].end():after[0].start()].strip()


# -- all of it, through check and fix ----------------------------------------------------------

@hsettings(max_examples=150, deadline=None)
@given(st.one_of(_mixed(EN_WORDS + _WRONG[::4] + _TRIGGERS[::9], EN_GAPS), _trigger_texts()),
       st.integers(1, 6))
def test_check_and_fix_in_pieces_equal_the_whole_line_stream(text, n):
    with _whole():
        want = _LINTER.check(text), _LINTER.fix(text)
    with _small(n):
        got = _LINTER.check(text), _LINTER.fix(text)
    assert got[0] == want[0]
    assert got[1].text == want[1].text and got[1].applied == want[1].applied
