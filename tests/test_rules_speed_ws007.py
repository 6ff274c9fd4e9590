"""WS007's check, which answers a line with a match right above or below it at once (a batch of
matches at a time), finds exactly what its plain check found: the reference below is that
check, every match's neighbours walked (``_neighbour_is_bullet``)."""

from __future__ import annotations

import random
from bisect import bisect_right

from hypothesis import given, settings as hsettings, strategies as st

from gen_util import random_texts
from mtfix.rules import spacing
from mtfix.rules.base import Document
from mtfix.rules.spacing import _BULLET, HyphenAsLineDash
from mtfix.text import line_starts

RULE = HyphenAsLineDash()


def reference_check(rule, doc):
    kinds = {}
    starts = doc.line_starts
    for m in rule.scan(doc, rule._re):
        start = m.start()
        i = bisect_right(starts, start) - 1
        kinds[i] = _BULLET
        if kinds.get(i - 1) == _BULLET or rule._neighbour_is_bullet(doc, start, kinds):
            continue
        yield rule.replace(start, m.end(), "— ", "hyphen used as a dash at line start")


LINES = ["- x", "- Perdana Menteri", "-  dua", "", " ", "\t", "teks", "-- catatan", "-5 derajat",
         "  - x", "-", "- ", "a - b", "-\u00a0x", "- -x", "\r"]


def _doc(text, scope=None, context=None):
    doc = Document(text, scope=scope)
    doc.context_scope = context
    return doc


def _same(text, scope=None, context=None):
    want = list(reference_check(RULE, _doc(text, scope, context)))
    for batch in (1, 2, 3, 4096):
        saved = spacing._WS007_BATCH
        spacing._WS007_BATCH = batch
        try:
            assert list(RULE.check(_doc(text, scope, context))) == want, (text, batch)
        finally:
            spacing._WS007_BATCH = saved


def _texts(n: int, size: int, seed: int):
    return random_texts(LINES, n, size, seed, sep="\n")


def test_ws007_finds_what_the_walk_finds():
    for text in _texts(4000, 12, 41):
        _same(text)


def test_ws007_over_a_scope_and_its_context():
    rnd = random.Random(42)
    for text in _texts(2000, 15, 43):
        starts = line_starts(text)
        n = len(starts)

        def bounds(i):
            return starts[i], starts[i + 1] - 1 if i + 1 < n else len(text)

        chosen = sorted(rnd.sample(range(n), rnd.randint(1, n)))
        around = sorted(set(chosen) | {min(n - 1, i + 1) for i in chosen}
                        | {max(0, i - 1) for i in chosen})
        _same(text, [bounds(i) for i in chosen], [bounds(i) for i in around])


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=20).map("\n".join))
def test_ws007_property(text):
    _same(text)
