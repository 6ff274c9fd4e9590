"""Rule.scan with a Barrier (HY001, HY002, DW001's half reduplication) finds exactly what the
scan of whole regions finds: WINDOW_MIN and ANCHOR_SPACING are set so that every region is cut
into windows, and the matches are compared with those of the plain scan."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from gen_util import random_texts
from mtfix.engine import Linter
from mtfix.rules import base
from mtfix.rules._text import HS, HYPHENS
from mtfix.rules.base import WORD_BARRIER, Document
from mtfix.rules.doubled import DoubledWord
from mtfix.rules.hyphen import SplitHyphenatedCompound, SplitHyphenatedWord
from mtfix.settings import Settings
from mtfix.text import line_starts

PIECES = ["sela", "Sela", "SELA", "masing", "Masing", "anak", "a", "b", "ab", "X", "é", "É", "İ",
          "i", "ı", "ſ", "s", "K", "k", "Σ", "σ", "ς", "-", "‐", "‑", " -", "- ", " - ", " ",
          "  ", "\u00a0", "\t", "\u2003", "\n", "\r\n", ".", ",", "1", "_", '"', "“", "”", "(",
          ")", "/", "@", "²", "Ⅰ", "ⅰ", "pasca", "perang", "Wi", "Fi", "non", "aktif", "«", "»",
          "'", "’", "sama", "tolong", "menolong", "masing-masing", "sela-sela", "Masing-masing",
          "anak‐anak", "ANAK-anak", "ſela-sela", "K-k", "masing-masing masing", "anak anak-anak",
          "sela\u00a0sela‑sela", "Kata-kata\tkata", "kata-kata"]

CASES = [(SplitHyphenatedWord(), SplitHyphenatedWord._re),
         (SplitHyphenatedCompound(), SplitHyphenatedCompound._re),
         (DoubledWord(), DoubledWord._half_re)]


class _AlwaysWindows:
    def __enter__(self):
        self.saved = base.WINDOW_MIN, base.ANCHOR_SPACING
        base.WINDOW_MIN, base.ANCHOR_SPACING = 0, 1

    def __exit__(self, *exc):
        base.WINDOW_MIN, base.ANCHOR_SPACING = self.saved


_LINTER = Linter(Settings())


def _doc(text: str, scope=None) -> Document:
    return _LINTER._document(text, scope)  # with the trigger hits, as a pass has them


def _same(text: str, scope=None) -> None:
    for rule, pattern in CASES:
        want = [m.span() for m in rule.scan(_doc(text, scope), pattern)]
        with _AlwaysWindows():
            got = [m.span() for m in rule.scan(_doc(text, scope), pattern, WORD_BARRIER)]
        assert got == want, (rule.code, text, scope)


def _texts(n: int, size: int, seed: int):
    return random_texts(PIECES, n, size, seed)


def test_windows_find_what_the_regions_find():
    for text in _texts(4000, 40, 21):
        _same(text)


def test_windows_over_a_scope_of_lines():
    rnd = random.Random(22)
    for text in _texts(1500, 60, 23):
        starts = line_starts(text)
        chosen = sorted(rnd.sample(range(len(starts)), rnd.randint(1, len(starts))))
        scope = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                 for i in chosen]
        _same(text, scope)


def test_windows_with_the_real_limits_on_a_long_line():
    """A line longer than WINDOW_MIN with few anchors, as the limits are."""
    rnd = random.Random(24)
    words = ["kata", "lain", "sela", "-sela", "masing-masing", "masing", ",", ".", "1", "(", ")",
             "barang-", "barang", "pasca", "-perang", "“", "”"]
    for _ in range(20):
        text = " ".join(rnd.choice(["kata", "lain", "kata,", "lain."]) for _ in range(3000))
        for _ in range(rnd.randint(1, 12)):
            p = rnd.randint(0, len(text))
            text = text[:p] + " " + " ".join(rnd.choice(words) for _ in range(4)) + " " + text[p:]
        for rule, pattern in CASES:
            doc = _doc(text)
            want = [m.span() for m in rule.scan(doc, pattern)]
            windows = WORD_BARRIER.windows(text, [(0, len(text))],
                                           hits=doc.hits.get(rule.code) if rule.code in doc.hits
                                           else None, chars=None if rule.code in doc.hits
                                           else "".join(sorted(set(HYPHENS.replace("\\", "")))))
            assert sum(e - s for s, e in windows) < len(text) // 2  # windows were cut
            got = [m.span() for m in rule.scan(_doc(text), pattern, WORD_BARRIER)]
            assert got == want


def test_rules_find_what_they_found():
    for text in _texts(1500, 40, 25):
        want = [list(rule.check(_doc(text))) for rule, _ in CASES]
        with _AlwaysWindows():
            got = [list(rule.check(_doc(text))) for rule, _ in CASES]
        assert got == want, text


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_windows_property(text):
    _same(text)


def test_barrier_characters_are_in_no_match():
    """No barrier character is a letter, a space of either pattern, a hyphen, or what a
    letter's case folds to (a case-insensitive backreference to a letter)."""
    barrier = re.compile(WORD_BARRIER.char_class)
    chars = [chr(c) for c in range(0x110000) if barrier.fullmatch(chr(c))]
    assert len(chars) == 49
    consumable = re.compile(rf"[^\W\d_]|{HS}|[{HYPHENS}]|[ \u00a0]")
    for ch in chars:
        assert not consumable.match(ch), ch
        assert ch.lower() == ch and ch.upper() == ch, ch
    letter = re.compile(r"[^\W\d_]")
    bset = set(chars)
    for c in range(0x110000):
        ch = chr(c)
        if letter.match(ch):
            assert not (set(ch.lower()) | set(ch.upper()) | set(ch.casefold())) & bset, ch
