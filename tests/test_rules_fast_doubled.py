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


# -- the candidate lines looked at again with digits glued to letters ---------------------------

REPEAT_PIECES = ["kata", "Kata", "KATA", "kata kata", "Kata kata", "kata  kata kata", "1", "12",
                 "2", "{mtfix1}", "{mtfix2}", "{mtfix12}", "mtfix", "a1", "1a", "a", "a a",
                 "\u0663", "x\u0663 x", " ", "\t", "\u00a0", "\n", "\r\n", ",", "-", "_", "ı",
                 "İ", "i", "ſ", "s", "K", "\u212a", "“", '"', "(", "dari dari", "orang orang",
                 "mereka mereka", "1 1", "a1 a1", "kata1 kata1", "kata 1kata"]


def test_digits_glued_keeps_every_line_that_can_match():
    """Every line where DW001's pattern matches is found by repeat_lines on the lowercased
    text with its digits glued to the letters."""
    from mtfix.rules._text import repeat_lines
    from mtfix.rules.doubled import _digits_glued
    from mtfix.text import lower_aligned

    for text in random_texts(REPEAT_PIECES, 4000, 30, 46):
        lower = lower_aligned(text)
        if lower is None:
            continue
        assert len(_digits_glued(lower)) == len(lower)
        found = {i for _, i in repeat_lines([_digits_glued(lower)])}
        starts = line_starts(text)
        for m in DoubledWord._re.finditer(text):
            line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= m.start())
            assert line in found, (text, m.group())


def _findings(text: str, scope=None, source=None) -> list:
    return list(_RULE.check(_LINTER._document(text, scope, source)))


def _random_sources(texts: list[str], seed: int) -> list[str]:
    """For each text, a line-aligned source: per line one that repeats a word, one that
    has it once, or an empty one (the three outcomes of a capitalised or sourced repeat)."""
    rnd = random.Random(seed)
    lines = ["Kata Kata", "kata", "", "Orang orang", "x"]
    return ["\n".join(rnd.choice(lines) for _ in line_starts(t)) for t in texts]


def _random_scopes(texts: list[str], seed: int) -> list[list[tuple[int, int]]]:
    """For each text, a scope of some of its lines (at least one), chosen at random."""
    rnd = random.Random(seed)
    scopes = []
    for text in texts:
        starts = line_starts(text)
        chosen = sorted(rnd.sample(range(len(starts)), rnd.randint(1, len(starts))))
        scopes.append([(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                       for i in chosen])
    return scopes


def test_dw001_with_and_without_the_second_look(monkeypatch):
    """The findings with every pass looked at again (REFINE_LINES 0) are those without it."""
    import mtfix.rules.doubled as doubled

    texts = [t for t in random_texts(REPEAT_PIECES, 3000, 40, 47)]
    scopes = _random_scopes(texts, 48)
    monkeypatch.setattr(doubled, "REFINE_LINES", 10 ** 9)
    want = [(_findings(t), _findings(t, s)) for t, s in zip(texts, scopes)]
    monkeypatch.setattr(doubled, "REFINE_LINES", 0)
    got = [(_findings(t), _findings(t, s)) for t, s in zip(texts, scopes)]
    assert got == want
    assert sum(len(a) for a, _ in want) > 1000


def test_a_masked_table_is_looked_at_again():
    """A masked Markdown table (placeholders between cells, a repeat on some rows): its lines
    all have equal neighbours for repeat_lines (``mtfix``), the second look keeps the rows
    with a repeat."""
    import mtfix.rules.doubled as doubled

    rows = [f"{{mtfix{3 * i}}}{i}{{mtfix{3 * i + 1}}}Pemain ke-{i}{{mtfix{3 * i + 2}}}dia "
            + ("terlihat terlihat" if i % 50 == 0 else "terlihat") + " lelah"
            for i in range(2 * doubled.REFINE_LINES)]
    text = "\n".join(rows) + "\n"
    doc = _LINTER._document(text)
    looked = [list(it) for *_, it in _RULE._line_matches(doc)]
    assert len(looked) < len(rows) // 10
    assert sum(map(len, looked)) == len(range(0, len(rows), 50))
    assert [d.start for d in _RULE.check(_LINTER._document(text))] == \
        [m.start() for m in DoubledWord._re.finditer(text)]


def test_dw001_scans_the_whole_scope_when_most_lines_hold_a_candidate(monkeypatch):
    """Past one candidate line per DENSE_CHARS characters the pattern scans the whole scope
    (repeat_lines gives up: None); the findings are those of the scan line by line, with and
    without a scope of some lines."""
    import mtfix.rules.doubled as doubled

    texts = [t for t in random_texts(REPEAT_PIECES, 3000, 40, 49)]
    scopes = _random_scopes(texts, 50)
    monkeypatch.setattr(doubled, "DENSE_CHARS", 10 ** 9)   # limit REFINE_LINES: line by line
    monkeypatch.setattr(doubled, "REFINE_LINES", 10 ** 9)
    sources = _random_sources(texts, 52)
    runs = list(zip(texts, scopes, sources))
    want = [(_findings(t), _findings(t, s), _findings(t, None, src)) for t, s, src in runs]
    monkeypatch.setattr(doubled, "REFINE_LINES", 0)        # limit 0: whole scope at one line
    dense = 0
    for t in texts:
        dense += any(j == -1 for j, *_ in _RULE._line_matches(_LINTER._document(t)))
    got = [(_findings(t), _findings(t, s), _findings(t, None, src)) for t, s, src in runs]
    assert got == want
    assert dense > 1000 and sum(len(a) for a, _, _ in want) > 1000
    # the source decided some findings: a repeat it has too, a name it has once
    assert any("source" in d.message for *_, found in want for d in found)


def test_a_dense_start_chooses_the_whole_scope_scan(monkeypatch):
    """A scope whose first DENSE_PROBE characters are dense (`x  x` on each line) and whose
    rest is not (random lines with repeats of every kind): scanned whole at once, with the
    findings of the scan line by line (the probe turned off)."""
    import mtfix.rules.doubled as doubled

    filler = "\nDia pergi ke pasar pada pagi hari bersama teman sekelasnya." * 3
    rest = "".join(f"\n{t}{filler}"
                   for t in random_texts(KIND_PIECES + REPEAT_PIECES, 3000, 12, 53))
    dense_lines = doubled.DENSE_PROBE // 4
    text = "x  x\n" * dense_lines + rest
    assert len(text) > 4 * doubled.DENSE_PROBE
    doc = _LINTER._document(text)
    assert [j for j, *_ in _RULE._line_matches(doc)] == [-1]
    want_dense = _findings(text)
    monkeypatch.setattr(doubled, "DENSE_PROBE", 10 ** 9)   # no probe: the lines found first
    assert [j for j, *_ in _RULE._line_matches(_LINTER._document(text))] != [-1]
    assert _findings(text) == want_dense
    assert len(want_dense) > dense_lines + 500  # the rest's repeats among them


def test_repeat_lines_gives_up_past_its_limit():
    from mtfix.rules._text import repeat_lines

    lowers = ["x x\ny\nz z\nw w\n"]
    assert repeat_lines(lowers) == [(0, 0), (0, 2), (0, 3)]
    assert repeat_lines(lowers, 3) == [(0, 0), (0, 2), (0, 3)]
    assert repeat_lines(lowers, 2) is None
    assert repeat_lines(["a b\n"], 0) == []


def test_dense_repeats_are_found_on_their_lines():
    """1,000 lines of `x  x` (a candidate on every line: the whole-scope scan): each finding
    on its own line, as line by line."""
    text = "x  x\n" * 1000
    doc = _LINTER._document(text)
    assert [j for j, *_ in _RULE._line_matches(doc)] == [-1]
    found = [d for d in _RULE.check(doc)]
    assert [(d.start, d.end, d.fix.edits[0].start) for d in found] == \
        [(5 * i, 5 * i + 4, 5 * i + 1) for i in range(1000)]


KIND_PIECES = ["orang orang", "Orang orang", "ada ada saja", "ada ada", "dua dua orang",
               "dua dua", "rumah rumah", "vaksin vaksin", "mereka mereka", "ini ini", "dari dari",
               "tunjukkan tunjukkan", "Ketika dia tiba di", "kalau", "para", "salah satu", "5",
               "itu", "kosong", "jalan jalan", "hati hati", " ", "  ", "\n", ",", ".", "(", '"']


def test_a_repeat_near_its_lines_start_needs_no_kind(monkeypatch):
    """The kind is not worked out for a repeat closer to its line's start than the shortest
    subordinator, unless a base or an idiom: the findings are those with every kind worked
    out (the shortest subordinator taken as 0, where the noun branch finds none before)."""
    import mtfix.rules.doubled as doubled

    texts = list(random_texts(KIND_PIECES, 3000, 12, 51))
    want = [_findings(t) for t in texts]
    monkeypatch.setattr(doubled, "_SHORTEST_SUBORDINATOR", 0)
    assert [_findings(t) for t in texts] == want
    assert sum(map(len, want)) > 1000
    assert any(d.fix is not None and d.fix.applicability is not doubled.Applicability.SAFE
               for found in want for d in found)  # the unsafe kinds are among them
