"""DW001's fast paths find what the plain ones find: the half reduplication looked for only
around hyphens that may sit between letters (``DoubledWord._half_matches``, against
``_half_re`` over the whole scope)."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings as hsettings, strategies as st

from gen_util import random_texts
from mtfix.engine import Linter
from mtfix.rules import base
from mtfix.rules._text import HYPHENS
from mtfix.rules.doubled import _LETTER_HYPHEN, _NO_LETTER, DoubledWord
from mtfix.settings import Settings
from mtfix.text import line_starts

PIECES = ["masing", "Masing", "MASING", "anak", "a", "b", "X", "é", "É", "İ", "i", "ı", "ſ",
          "s", "K", "k", "\u212a", "Σ", "σ", "ς", "\u0345", "ι", "\u1fbe", "-", "‐", "‑", " -",
          "- ", " - ", " ", "  ", "\u00a0", "\t", "\u2003", "\n", "\r\n", ".", ",", "1", "_",
          '"', "“", "(", "|", "|---|", "ke-1", "²", "Ⅰ", "ⅰ", "masing-masing", "sela-sela",
          "Masing-masing", "anak‐anak", "ANAK-anak", "ſela-sela", "K-k", "masing-masing masing",
          "anak anak-anak", "sela\u00a0sela‑sela", "Kata-kata\tkata", "ι-\u0345", "ι \u0345-ι",
          "\u0345-ι ι"]

_LINTER = Linter(Settings())
_RULE = DoubledWord()


class _AlwaysWindows:
    """Every region cut into windows around its anchors (the real limits leave short texts
    whole)."""

    def __enter__(self):
        self.saved = base.WINDOW_MIN, base.ANCHOR_SPACING
        base.WINDOW_MIN, base.ANCHOR_SPACING = 0, 1

    def __exit__(self, *exc):
        base.WINDOW_MIN, base.ANCHOR_SPACING = self.saved


def _plain(text: str, scope) -> list[tuple[int, int]]:
    return [m.span() for s, e in scope for m in DoubledWord._half_re.finditer(text, s, e)]


def _same(text: str, scope=None) -> None:
    doc = _LINTER._document(text, scope)
    want = _plain(text, doc.scope)
    assert [m.span() for m in _RULE._half_matches(doc)] == want, (text, scope)
    with _AlwaysWindows():
        doc = _LINTER._document(text, scope)
        assert [m.span() for m in _RULE._half_matches(doc)] == want, (text, scope)


def test_half_matches_are_the_scopes():
    for text in random_texts(PIECES, 4000, 40, 41):
        _same(text)


def test_half_matches_over_a_scope_of_lines():
    rnd = random.Random(42)
    for text in random_texts(PIECES, 1500, 60, 43):
        starts = line_starts(text)
        chosen = sorted(rnd.sample(range(len(starts)), rnd.randint(1, len(starts))))
        scope = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                 for i in chosen]
        _same(text, scope)


def test_half_matches_on_a_long_text():
    """Lines longer than the windows' limits, with few and with many anchors, and a Markdown
    table whose hyphens are no anchors (the scan looks at none of it)."""
    rnd = random.Random(44)
    words = ["kata", "lain", "masing-masing", "masing", ",", "1", "ke-1", "|---|", "sela-sela",
             "sela", "\n", "Anak-anak anak"]
    for _ in range(20):
        text = " ".join(rnd.choice(["kata", "lain", "kata,", "ke-2", "|"]) for _ in range(3000))
        for _ in range(rnd.randint(0, 40)):
            p = rnd.randint(0, len(text))
            text = text[:p] + " " + " ".join(rnd.choice(words) for _ in range(4)) + " " + text[p:]
        _same(text)
    table = "".join(f"| {i} | Pemain ke-{i} | dia terlihat lelah | Rp {i},000 |\n"
                    for i in range(2000))
    doc = _LINTER._document("|---|---|\n" + table)
    assert not _LETTER_HYPHEN.search(doc.text)
    assert list(_RULE._half_matches(doc)) == []


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_half_matches_property(text):
    _same(text)


def test_dw001_finds_what_it_found_with_the_scan():
    """The whole rule, with _half_matches and with the scan it replaces."""
    scan = lambda self, doc: self.scan(doc, self._half_re, base.WORD_BARRIER)  # noqa: E731
    for text in random_texts(PIECES, 1500, 40, 45):
        want_fast = list(_RULE.check(_LINTER._document(text)))
        saved = DoubledWord._half_matches
        DoubledWord._half_matches = scan
        try:
            want = list(_RULE.check(_LINTER._document(text)))
        finally:
            DoubledWord._half_matches = saved
        assert want_fast == want, text


def test_no_letter_characters_are_no_letter_nor_a_copy_of_one():
    """What _LETTER_HYPHEN rules out beside a hyphen can be neither a letter nor a letter's
    case-insensitive copy: every such character is its own lowercase, uppercase and casefold,
    and no letter's lowercase, uppercase or casefold holds one."""
    no_letter = re.compile(_NO_LETTER)
    chars = {chr(c) for c in range(0x110000) if no_letter.fullmatch(chr(c))}
    assert {"-", "1", " ", "\n", "|", "_", "\u0663", "\u3000"} <= chars
    assert not chars & set(HYPHENS.replace("\\", "")) - {"-"}
    letter = re.compile(r"[^\W\d_]")
    for ch in chars:
        assert not letter.match(ch), ch
        assert ch.lower() == ch and ch.upper() == ch and ch.casefold() == ch, ch
    for c in range(0x110000):
        ch = chr(c)
        if letter.match(ch):
            assert not (set(ch.lower()) | set(ch.upper()) | set(ch.casefold())) & chars, ch
    # and a backreference to a letter matches none of them
    for ch in chars:
        for c in "aAiIsSkK\u0131\u017f\u212aι\u0345":
            assert not re.fullmatch(r"(.)(?i:\1)", c + ch)
