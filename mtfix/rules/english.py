"""EN: English words left untranslated in Indonesian text (``KTT Key Trump``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Applicability, Severity
from .base import Document, Example, Rule
from .boilerplate import is_boilerplate

# A word is "English" when it is common in English and clearly rarer in Indonesian
# (wordfreq Zipf scale: 3 = once per million words... 7 = "the"). Indonesian web text is full of
# English loans (online, video, bank), so the gap matters more than the English frequency.
MIN_EN_ZIPF = 3.5
MIN_GAP = 1.0
MIN_LEN = 3

_TOKEN = re.compile(r"(?<![\w'’\-@#./])[A-Za-z]+(?:['’][a-z]+)?(?![\w'’\-@/])")
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»')


@lru_cache(maxsize=65536)
def english_score(word: str) -> float | None:
    """Zipf gap en - id for an English-looking word, or None when it is not English enough."""
    from wordfreq import zipf_frequency  # imported on first use: check only, never fix

    w = word.lower()
    en = zipf_frequency(w, "en")
    if en < MIN_EN_ZIPF:
        return None
    gap = en - zipf_frequency(w, "id")
    return gap if gap >= MIN_GAP else None


class UntranslatedEnglish(Rule):
    code = "EN001"
    name = "untranslated-english-word"
    summary = "English word left untranslated"
    fix_applicability = Applicability.DISPLAY_ONLY
    severity = Severity.INFO
    doc = f"""
    What it does
        Reports words that are common in English and clearly rarer in Indonesian
        (wordfreq: English Zipf ≥ {MIN_EN_ZIPF}, at least {MIN_GAP} above Indonesian), such as
        ``Key`` in ``KTT Key Trump``.

    Not reported
        Names and titles: a capitalised word next to another capitalised English word
        (``Central University Hospitals``), acronyms in capitals, words inside quotation
        marks (quoted titles), hashtags, handles, URLs, and boilerplate lines (BP001).

    Fix safety
        Display-only: translating is the editor's call. Measured on the dev data, see
        ``eval/README.md``.
    """
    examples = (
        Example("sebelum KTT Key Trump", flagged="Key"),
        Example("itu mengerikan, the end.", flagged="the"),
    )
    silent = ('film "The Dark Knight" diputar', "Central University Hospitals NHS",
              "Presiden AS Donald Trump", "#TheEnd @someone", "kunjungan resmi pertamanya")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        starts = doc.line_starts
        for i, ls in enumerate(starts):
            le = starts[i + 1] if i + 1 < len(starts) else len(text)
            line = text[ls:le]
            if not line.strip():
                continue
            if is_boilerplate(line.rstrip("\r\n")):
                continue
            quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(line)]
            tokens = list(_TOKEN.finditer(line))
            flags = [self._english(m.group()) for m in tokens]
            for k, m in enumerate(tokens):
                if not flags[k]:
                    continue
                word = m.group()
                if any(a <= m.start() < b for a, b in quoted):
                    continue
                if word[0].isupper() and self._in_name_run(tokens, flags, k, line):
                    continue
                yield self.diag(ls + m.start(), ls + m.end(),
                                f"`{word}` looks like untranslated English")

    @staticmethod
    def _english(word: str) -> bool:
        if len(word) < MIN_LEN or (word.isupper() and len(word) > 1):
            return False
        return english_score(word) is not None

    @staticmethod
    def _in_name_run(tokens, flags, k, line) -> bool:
        """A capitalised English word is part of a name or title when the run of adjacent
        capitalised words around it (acronyms aside) has three or more words, or when a
        neighbour in it is English-looking too (``Wireless Mouse``). ``KTT Key Trump`` has a
        run of two, Key alone English: reported."""

        def capitalised(j: int) -> bool:
            w = tokens[j].group()
            return w[0].isupper() and not w.isupper()

        def adjacent(a: int, b: int) -> bool:
            return not line[tokens[a].end():tokens[b].start()].strip()

        lo = k
        while lo > 0 and capitalised(lo - 1) and adjacent(lo - 1, lo):
            lo -= 1
        hi = k
        while hi + 1 < len(tokens) and capitalised(hi + 1) and adjacent(hi, hi + 1):
            hi += 1
        if hi - lo + 1 >= 3:
            return True
        return any(flags[j] for j in range(lo, hi + 1) if j != k)
