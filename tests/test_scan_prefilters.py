"""The shortcuts that keep rules from running their regular expressions over every line find
exactly what the plain scan finds: DW001's repeated-word prefilter (``repeat_lines``) and the
characters every match of a pattern must hold (``required_chars``, used by ``Rule.scan`` for
rules without trigger literals)."""

from __future__ import annotations

import random
import re
from itertools import chain

from hypothesis import given, settings as hsettings, strategies as st

from gen_util import random_texts
from mtfix.rules import RULE_CLASSES
from mtfix.rules.base import Document, _gate, _required_in, required_chars
from mtfix.rules.doubled import DoubledWord
from mtfix.text import line_starts

# Pieces chosen for the edges of the prefilter: case pairs the backreference does and does not
# equate (K/k yes, ſ/s and µ/μ no), final sigma, İ, hyphens, glued quotes and tags, digits,
# the horizontal spaces the pattern allows and line breaks it does not cross.
PIECES = ["a", "b", "ab", "ba", "A", "B", "Σ", "σ", "ς", "ΑΣ", "İ", "i", "ı", "I", "é", "É",
          "K", "k", "ſ", "s", "µ", "μ", "1", "_", "-", "‐", "‑", " ", "  ", "\t", "\u00a0",
          "\u2003", "\n", "\r\n", '"', "“", "”", "'", ",", ".", "<b>", "(", "x2", "ǅ", "ǆ",
          "\u2028", "\x0b", "²", "liberal", "Liberal", "orang"]

_DW = DoubledWord()


def _candidates(doc: Document):
    """The matches of the lines DW001 looks at (DoubledWord._line_matches), in order."""
    return chain.from_iterable(matches for _, _, _, matches in _DW._line_matches(doc))


def _texts(n: int, size: int, seed: int):
    return random_texts(PIECES, n, size, seed)


def test_doubled_prefilter_finds_what_the_pattern_finds():
    for text in _texts(20000, 14, 1):
        got = [m.span() for m in _candidates(Document(text))]
        assert got == [m.span() for m in _DW._re.finditer(text)], text


def test_doubled_prefilter_over_a_scope_of_lines():
    rnd = random.Random(2)
    for text in _texts(5000, 30, 3):
        starts = line_starts(text)
        chosen = sorted(rnd.sample(range(len(starts)), rnd.randint(1, len(starts))))
        scope = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                 for i in chosen]
        got = [m.span() for m in _candidates(Document(text, scope=scope))]
        assert got == [m.span() for s, e in scope for m in _DW._re.finditer(text, s, e)], text


def test_doubled_prefilter_gives_each_line_its_bounds():
    """Each line DW001 looks at comes with its index and bounds as Document.line_span gives
    them (the rule reads them instead of looking each match's line up), over the whole text
    and over a scope of some of its lines (the lines a later pass looks at again)."""
    rnd = random.Random(4)
    seen = 0
    small = ["a", "A", "b", "ab", " ", " ", "  ", "\n", "\r\n", "\u2028", "-", ",", "\u0130",
             "i", "\u03c3", "\u03c2", "1", '"']
    for text in random_texts(small, 3000, 30, 5, sep=" "):
        starts = line_starts(text)
        chosen = sorted(rnd.sample(range(len(starts)), rnd.randint(1, len(starts))))
        scope = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                 for i in chosen]
        for doc in (Document(text), Document(text, scope=scope)):
            for j, ls, le, matches in _DW._line_matches(doc):
                assert (j, ls, le) == doc.line_span(starts[j]), text
                for m in matches:
                    assert doc.line_span(m.start(1)) == (j, ls, le), text
                    seen += 1
    assert seen > 1000, seen


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map("".join))
def test_doubled_prefilter_property(text):
    got = [m.span() for m in _candidates(Document(text))]
    assert got == [m.span() for m in _DW._re.finditer(text)]


def test_doubled_prefilter_in_pieces():
    """A long text is tokenised piece by piece (REPEAT_PIECE characters, cut after a space or
    a line break): tiny pieces find what the whole text finds, across the cuts too. A small
    alphabet, so that repeats (and repeats across a cut) are frequent."""
    import mtfix.rules._text as T
    from mtfix.text import lower_aligned

    rnd = random.Random(7)
    alphabet = ["a", "b", "ab", "A", " ", " ", "  ", "\n", "\u2014", "-", ",", "\u00e9", "\u03c2",
                "\u03c3", "\u0130", "i"]
    saved = T.REPEAT_PIECE
    try:
        for _ in range(3000):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
            low = lower_aligned(text)
            regions = [low[:len(low) // 3], low[len(low) // 3:]]
            T.REPEAT_PIECE = saved
            whole = T.repeat_lines([low]), T.repeat_lines(regions)
            expected = [m.span() for m in _DW._re.finditer(text)]
            for piece in (1, 2, 3, 5, 8):
                T.REPEAT_PIECE = piece
                assert (T.repeat_lines([low]), T.repeat_lines(regions)) == whole, (text, piece)
                assert [m.span() for m in _candidates(Document(text))] == expected, text
    finally:
        T.REPEAT_PIECE = saved


def test_required_chars_of_simple_patterns():
    def req(p):
        return _required_in(re._parser.parse(p), 0)
    assert req("a[bc]d") == {"a"}
    assert req("x+[-‐]y") == {"x"}
    assert req("[-‐‑]") == {"-", "‐", "‑"}
    assert req("(?:a-|b‐)") == {"a", "b"}
    assert req("a?b") == {"b"}
    assert req("a*") is None
    assert req("(?i:a)") is None          # case-insensitive: A matches too
    assert req("(?=a)b") == {"b"}         # a look-ahead's text is not in the match
    assert req("(?:a|\\w)") is None       # one branch promises nothing
    assert req("[^a]") is None
    assert required_chars(DoubledWord._half_re) == "-‐‑"
    assert required_chars(DoubledWord._re) is None


def _patterns():
    """Every compiled pattern on a registered rule class or in a rule module."""
    import sys

    seen = {}
    for cls in RULE_CLASSES:
        for holder in (vars(cls), vars(sys.modules[cls.__module__])):
            for v in holder.values():
                if isinstance(v, re.Pattern):
                    seen[id(v)] = v
    return list(seen.values())


def test_required_chars_hold_for_every_rule_pattern():
    """On texts built from each pattern's own characters, every match holds one of the
    characters the analysis promised."""
    rnd = random.Random(4)
    checked = 0
    for pat in _patterns():
        chars = required_chars(pat)
        if chars is None:
            continue
        checked += 1
        alphabet = sorted(set(re.sub(r"\\.", "", pat.pattern)) | set(chars) | set(" aA-\n"))
        for _ in range(300):
            text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 24)))
            for m in pat.finditer(text):
                if m.end() > m.start():
                    assert any(c in m.group() for c in chars), (pat.pattern, text, m)
    assert checked


def test_required_chars_not_with_end_anchors():
    # `$` and `\Z` look at where a scan stops, which the shortcut moves to a line's end.
    for p in ("a-$", "(?m)a-$", "a-(?=b$)", "(?:x|a-\\Z)", "a-(?:b$)?", "(a)(?(1)-$|-)"):
        assert required_chars(re.compile(p)) is None, p
    assert required_chars(re.compile(r"(?m)^-( +)(?=[^\s-])")) == "-"


def test_gate():
    text = "ab\ncd-e\nfg\n-h\nij"
    whole = [(0, len(text))]
    assert _gate(text, whole, "-") == [(3, 8), (11, 14)]
    assert _gate(text, whole, "‐") == []
    assert _gate(text, [(3, 6)], "-") == [(3, 6)]
    assert _gate("a-\nb-\nc-", [(0, 8)], "-") == [(0, 8)]
    # regions of single lines without their line break, as a later pass has them
    assert _gate(text, [(0, 2), (3, 7), (8, 10), (11, 13)], "-") == [(3, 7), (11, 13)]
    # overlapping regions: left as they are
    assert _gate(text, [(0, 7), (3, 7)], "-") == [(0, 7), (3, 7)]


def test_gated_scan_finds_what_the_plain_scan_finds():
    """Rule.scan of a neighbour-sensitive rule (WS007) and of one without triggers (DW001's
    half reduplication) over the context lines of a later pass: the gate changes nothing."""
    from mtfix.rules.spacing import HyphenAsLineDash

    rnd = random.Random(5)
    pieces = ["- ", "-", "a", " ", "\n", "\n\n", "masing-masing masing", "kupu kupu-kupu", "—"]
    for rule, pattern in ((HyphenAsLineDash(), HyphenAsLineDash._re),
                          (_DW, DoubledWord._half_re)):
        for _ in range(3000):
            text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
            starts = line_starts(text)
            bounds = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                      for i in range(len(starts))]
            scope = sorted(rnd.sample(bounds, rnd.randint(1, len(bounds))))
            context = sorted(set(scope) | set(rnd.sample(bounds, rnd.randint(0, len(bounds)))))
            doc = Document(text, scope=scope)
            doc.context_scope = context
            got = [m.span() for m in rule.scan(doc, pattern)]
            if rule.neighbour_sensitive:
                regions = sorted(set(doc.regions(rule.code, False)) | set(context))
            else:
                regions = scope
            assert got == [m.span() for s, e in regions for m in pattern.finditer(text, s, e)]


def test_scan_starts_finds_what_scan_finds():
    """OR003, KB001, KB003 and WS004 try their pattern only where a trigger literal starts:
    the same matches as scanning every line that holds one."""
    from mtfix.engine import Linter
    from mtfix.rules.kbbi import _BOUND_APART, _UNMELTED
    from mtfix.rules.orthography import LowercasePronounAnda
    from mtfix.rules.spacing import SpacedCurrencySymbol
    from mtfix.settings import Settings

    linter = Linter(Settings())
    by_code = {r.code: r for r in linter.rules}
    cases = [(by_code["OR003"], LowercasePronounAnda._re), (by_code["KB001"], _UNMELTED),
             (by_code["KB003"], _BOUND_APART), (by_code["WS004"], SpacedCurrencySymbol._re)]
    words = ["anda", "Anda", "tanda", "anda-anda", "mempengaruhi", "Mempengaruhi", "komentar",
             "mentaati", "MENTAATI", "pasca", "pasca-", "sub", "non", "nonblok", "anti-", "pra",
             "a.s.", "menteri", "x", "-", "_", "Rp", "rp", "RP", "Rp 5", "US$ 5", "XUS$ 5",
             "1US$ 5", "S$", "$ 1", "$", "HK$ 2", "NZ$", "C$ 3", "A$", "£ 2", "€ 30", "¥", "₹ 4",
             "5", "12", "\t", "\u00a0"]
    seps = [" ", "", "\n", "-", ".", "  ", '"']
    rnd = random.Random(6)
    for _ in range(3000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 8)))
        starts = line_starts(text)
        bounds = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                  for i in range(len(starts))]
        for scope in (None, sorted(rnd.sample(bounds, rnd.randint(1, len(bounds))))):
            doc = linter._document(text, scope)
            for rule, pattern in cases:
                assert ([m.span() for m in rule.scan_starts(doc, pattern)]
                        == [m.span() for m in rule.scan(doc, pattern)]), (rule.code, text)


def test_word_list_rules_at_their_hits():
    """OR001, OR002, KB002 (case-insensitive word lists) try their pattern at the trigger hits
    only, except in a text holding ı or ſ, which IGNORECASE takes for i and s: the same
    diagnostics as the scan of every line holding a hit."""
    from mtfix.engine import Linter
    from mtfix.rules.orthography import WordListRule
    from mtfix.settings import Settings

    linter = Linter(Settings())
    rules = [r for r in linter.rules if isinstance(r, WordListRule)]
    assert {"OR001", "OR002", "KB002"} <= {r.code for r in rules}
    # ı, ſ alone: a word of the list written with them (dıſini) makes the rule fail today
    # (KeyError on the table), with or without this shortcut.
    words = ["disini", "Disini", "DISINI", "ı", "ſ", "disinilah", "karir", "Karir",
             "karirnya", "sepakbola", "Sepakbola", "apapun", "x", "-", "beritahu", "diberitahu",
             "Ramadhan", "Pohan", "idul fitri", "Idul Fitri"]
    seps = [" ", "", "\n", "-", ".", "  "]
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 8)))
        doc = linter._document(text)
        for rule in rules:
            got = list(rule.check(doc))
            plain = type(rule)()
            plain.scan_starts = plain.scan  # the line scan
            assert got == list(plain.check(doc)), (rule.code, text)


def test_trigger_scan_of_many_regions_joined():
    """A later pass's regions are scanned joined by line breaks: the same hits as one scan per
    region."""
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    linter = Linter(Settings())
    index = linter._triggers
    rnd = random.Random(8)
    pieces = ["anda ", "tanda ", "memp", "  ", " -", "- ", '"', ", \"", "disini", "$", "\n", "x"]
    for _ in range(500):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40)))
        starts = line_starts(text)
        bounds = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                  for i in range(len(starts))]
        scope = sorted(rnd.sample(bounds, rnd.randint(1, len(bounds))))
        joined = Document(text, scope=scope)
        index.fill(joined)
        index._joinable = False
        try:
            single = Document(text, scope=scope)
            index.fill(single)
        finally:
            index._joinable = True
        assert joined.hits == single.hits, text


def test_final_quote_searched_in_the_line_tail():
    """QU002 looks for its match in the tail of each hit line (spaces, quotes, \\r): the same
    matches as the scan of the whole line."""
    from mtfix.engine import Linter
    from mtfix.rules.quotes import SpaceBeforeFinalQuote
    from mtfix.settings import Settings

    linter = Linter(Settings())
    rule = next(r for r in linter.rules if r.code == "QU002")
    pieces = ["a", ".", ",", " ", "  ", "\t", '"', "'", "”", "’", "\r", "\n", "\r\n", ":", "…"]
    rnd = random.Random(9)
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16)))
        starts = line_starts(text)
        bounds = [(starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text))
                  for i in range(len(starts))]
        for scope in (None, sorted(rnd.sample(bounds, rnd.randint(1, len(bounds))))):
            doc = linter._document(text, scope)
            assert ([m.span() for m in rule._matches(doc)]
                    == [m.span() for m in rule.scan(doc, SpaceBeforeFinalQuote._re)]), text


def test_word_searches_without_a_pattern_per_word():
    """DW001's hyphenated pair in the source and GL007's joined hashtag in the source are
    looked for without compiling a pattern per word (ascii_whole): they find what the
    patterns find, on lines of case pairs the patterns equate or not (K/k, ſ/s, İ/i), hyphens,
    word characters and # @ beside the needle."""
    from mtfix.rules._text import ascii_whole
    from mtfix.rules.doubled import _hyphen_pair, _hyphen_paired

    rnd = random.Random(11)
    alphabet = ["a", "b", "A", "B", "-", "\u2010", "\u2011", " ", "_", "1", "\u00e9", "\u00c9",
                "\u017f", "K", "k", "s", "S", "\u0130", "\u0131", "i", "I", "x", "X", "\u212a",
                "\u00df", "#", "@"]
    words = ["a", "ab", "b", "k", "s", "i", "x", "\u00e9", "ss", "\u00df", "\u0131"]
    found = 0
    for _ in range(20000):
        w = rnd.choice(words)
        line = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        if rnd.random() < 0.5:
            k = rnd.randint(0, len(line))
            line = (line[:k] + rnd.choice([w, w.upper(), w.title()]) + rnd.choice("-\u2010\u2011")
                    + rnd.choice([w, w.upper()]) + line[k:])
        expected = _hyphen_pair(w).search(line) is not None
        assert _hyphen_paired(w, line) == expected, (w, line)
        found += expected
        tag = rnd.choice("#@") + rnd.choice(words + ["A1", "a_b"])
        if rnd.random() < 0.5:
            k = rnd.randint(0, len(line))
            line = line[:k] + rnd.choice([tag, tag.upper()]) + line[k:]
        if line.isascii() and tag.isascii():
            expected = re.search(rf"(?<![\w#@]){re.escape(tag)}(?!\w)", line,
                                 re.IGNORECASE) is not None
            assert ascii_whole(line, tag.lower(), "#@") == expected, (tag, line)
            found += expected
    assert found > 2000, found
