"""EN001's shortcuts find exactly what its plain computation finds: the line prefilter
(only lines holding an English-looking token are worked out), the per-word memo
of the English test (``_Flags``) and the one-sweep answers of the title walk
(``_TitleWalk._sweep``). The reference below is EN001's check as it was before them: every
line, every token looked up, every title question walked."""

from __future__ import annotations

import bisect
import random

from hypothesis import given, settings as hsettings, strategies as st

from mtfix.language.lexicon import data_set, words
from mtfix.rules import english
from mtfix.rules.base import Document
from mtfix.rules.boilerplate import is_boilerplate
from mtfix.rules.english import (MIN_EN_ZIPF_CAPITALISED, MIN_LEN, TOKEN_CHUNK, UntranslatedEnglish,
                                 _TOKEN, _TitleWalk, _adjacent_runs, _message, _token_chunks,
                                 english_zipf, quoted_spans)

RULE = UntranslatedEnglish()


def _walk_inside(title: _TitleWalk, k: int) -> bool:
    return title.side(k, -1) and title.side(k, 1)


def reference_check(rule, doc: Document):
    text = doc.text
    starts = doc.line_starts
    indonesian = words()
    name_parts = data_set("name_parts_en.txt")
    for i, ls in enumerate(starts):
        le = starts[i + 1] if i + 1 < len(starts) else len(text)
        boilerplate = None
        quoted = q_starts = None
        for tokens in _token_chunks(text, ls, le, TOKEN_CHUNK):
            flags = [rule._english(m.group(), indonesian) for m in tokens]
            if not any(flags):
                continue
            if boilerplate is None:
                stripped = le
                while stripped > ls and text[stripped - 1] in "\r\n":
                    stripped -= 1
                boilerplate = is_boilerplate(text[ls:stripped])
            if boilerplate:
                break
            if quoted is None:
                quoted = quoted_spans(text, ls, le)
                q_starts = [a for a, _ in quoted]
            title = _TitleWalk(tokens, text)
            runs: dict = {}
            found = []
            for k, m in enumerate(tokens):
                if not flags[k]:
                    continue
                word = m.group()
                q = bisect.bisect_right(q_starts, m.start()) - 1
                if q >= 0 and m.start() < quoted[q][1]:
                    continue
                if word.islower() and len(word) <= 4 and _walk_inside(title, k):
                    continue
                if word[0].isupper():
                    if ((english_zipf(word) or 0) < MIN_EN_ZIPF_CAPITALISED
                            or word.lower() in name_parts
                            or rule._in_name_run(tokens, flags, k, text, runs)):
                        continue
                found.append(k)
            for a, b in _adjacent_runs(found, tokens, text):
                start, end = tokens[a].start(), tokens[b].end()
                yield rule.diag(start, end, _message(text[start:end], b - a + 1))


# English words (lower, capitalised, short, long), name parts, Indonesian words, acronyms,
# apostrophes, quotes, gaps with and without punctuation, line breaks, short tokens.
PIECES = ["the", "The", "end", "for", "and", "of", "Key", "Three", "London", "Transport", "New",
          "Old", "Trump", "KTT", "yang", "dan", "I'm", "don't", "x", "y", "ab", "a'b", "a’b",
          "it's", "Doom", "Gloom", "Central", "University", "Hospitals", "Wireless", "Mouse",
          "film", "bank", "online", " ", " ", " ", "  ", "\t", ", ", ". ", '"', "“", "”", "‘", "’",
          "«", "»", "\n", "\r\n", "-", "@", "#", "/", "1", "_", "é", "Copyright", "©",
          "https://a.b/the", "hello", "world", "meeting", "{mtfix12}", "{mtfix_0_3}", "abc1",
          "I'm'ab", "x  y", "{"]


def _texts(n: int, size: int, seed: int):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, size)))


def _same(text: str) -> None:
    want = list(reference_check(RULE, Document(text)))
    assert list(RULE.check(Document(text))) == want, text
    sweep_after, walk_max = english.TITLE_SWEEP_AFTER, english.TITLE_WALK_MAX
    try:
        english.TITLE_SWEEP_AFTER = 0  # every title question from the sweep
        assert list(RULE.check(Document(text))) == want, text
        english.TITLE_SWEEP_AFTER = sweep_after
        for most in (0, 1, 2, 3):  # walks left off after a few steps, then the sweep
            english.TITLE_WALK_MAX = most
            assert list(RULE.check(Document(text))) == want, (text, most)
    finally:
        english.TITLE_SWEEP_AFTER, english.TITLE_WALK_MAX = sweep_after, walk_max


def reference_token_chunks(text: str, start: int, end: int, size: int):
    """_token_chunks as it was: each gap after the first ``size`` tokens looked at in turn."""
    from itertools import islice
    tokens = _TOKEN.finditer(text, start, end)
    chunk = list(islice(tokens, size))
    while chunk:
        nxt = None
        for m in tokens:
            if text[chunk[-1].end():m.start()].strip():
                nxt = m
                break
            chunk.append(m)
        yield chunk
        if nxt is None:
            return
        chunk = [nxt]
        chunk.extend(islice(tokens, size - 1))


def _spans(chunks):
    return [[m.span() for m in c] for c in chunks]


def test_token_chunks_are_the_plain_ones():
    rnd = random.Random(14)
    for text in _texts(3000, 40, 15):
        size = rnd.randint(1, 8)
        a, b = sorted(rnd.randint(0, len(text)) for _ in range(2))
        assert _spans(english._token_chunks(text, a, b, size)) == \
            _spans(reference_token_chunks(text, a, b, size)), (text, a, b, size)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=0, max_size=60).map("".join),
       st.integers(1, 6))
def test_token_chunks_property(text, size):
    assert _spans(english._token_chunks(text, 0, len(text), size)) == \
        _spans(reference_token_chunks(text, 0, len(text), size))


def test_english_finds_what_the_plain_check_finds():
    for text in _texts(4000, 30, 12):
        _same(text)


def test_english_sweep_after_few_questions():
    """Lines long enough for the title sweep, many short English words on them."""
    rnd = random.Random(13)
    short = ["the", "and", "for", "of", " ", "The", "London", ", ", "\n", "Key", "end", "Old"]
    for _ in range(300):
        _same("".join(rnd.choice(short) + " " for _ in range(rnd.randint(1, 200))))


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join))
def test_english_property(text):
    _same(text)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "and", "London", "Key", " ", "  ", ", ", "x",
                                 "meeting", "Transport"]), min_size=1, max_size=80).map("".join))
def test_title_sweep_is_the_walk(text):
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return
    walk = _TitleWalk(tokens, text)
    sweep = _TitleWalk(tokens, text)
    sweep._sweep()
    for k in range(len(tokens)):
        assert sweep.left[k] == walk.side(k, -1), (text, k)
        assert sweep.right[k] == walk.side(k, 1), (text, k)


def test_english_forms_is_the_dict_zipf_frequency_reads():
    """One English dict: EN001's look-up shares the one wordfreq builds for zipf_frequency."""
    import wordfreq

    english.english_zipf("meeting")  # zipf_frequency has run
    assert english._english_forms() is wordfreq.get_frequency_dict("en", "best")


def test_english_name_runs():
    """Capitalised English words in runs of every length, beside acronyms, names and gaps."""
    rnd = random.Random(16)
    pieces = ["Key", "Three", "Old", "KTT", "Trump", "London", "Wireless", "Mouse", "the", "key",
              " ", " ", "  ", ", ", "\n", "Hospitals", "I"]
    for _ in range(1500):
        _same("".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(1, 60))))
