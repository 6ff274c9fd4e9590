"""EN: English words left untranslated in Indonesian text (``KTT Key Trump``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Applicability, Severity
from .base import Document, Example, Rule
from ..language.lexicon import data_set, words
from .boilerplate import is_boilerplate

# A word is "English" when it is common in English and clearly rarer in Indonesian
# (wordfreq Zipf scale: 3 = once per million words... 7 = "the"). Indonesian web text is full of
# English loans (online, video, bank), so the gap matters more than the English frequency.
MIN_EN_ZIPF = 3.5
MIN_GAP = 1.0
MIN_LEN = 3
# A capitalised word mid-sentence is usually a name (Glasgow, Old Trafford): report it only when
# it is a very common English word (Key, Three) and not inside a run of capitalised words.
MIN_EN_ZIPF_CAPITALISED = 5.0

_TOKEN = re.compile(r"(?<![\w'’\-@#./])[A-Za-z]+(?:['’][a-z]+)?(?![\w'’\-@/])")
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»')


@lru_cache(maxsize=65536)
def english_zipf(word: str) -> float | None:
    """English Zipf frequency of a word that is clearly more English than Indonesian, or None."""
    from wordfreq import zipf_frequency  # imported on first use: check only, never fix

    w = word.lower()
    en = zipf_frequency(w, "en")
    if en < MIN_EN_ZIPF or en - zipf_frequency(w, "id") < MIN_GAP:
        return None
    return en


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
        Indonesian words (hunspell-id's word list: loans such as ``film``, ``bank``);
        names and titles: a capitalised word unless it is a very common English word
        (Zipf ≥ {MIN_EN_ZIPF_CAPITALISED}) that is not a usual name part (``New``, ``Old``,
        ``Daily``: ``mtfix/data/name_parts_en.txt``), outside a run of three capitalised words
        and not beside another English-looking one (``Central University Hospitals``,
        ``Wireless Mouse``); acronyms; words inside quotation marks (quoted titles); hashtags, handles,
        URLs; boilerplate lines (BP001); short lowercase words inside a title (``Transport for
        London``).

    Fix safety
        Display-only: translating is the editor's call. Measured on the dev data, see
        ``eval/README.md``.
    """
    examples = (
        Example("sebelum KTT Key Trump", flagged="Key"),
        Example("itu mengerikan, the end.", flagged="the end", count=2),
    )
    silent = ('film "The Dark Knight" diputar', "Central University Hospitals NHS",
              "bekerja sama dengan Transport for London", "sistem Guide for the Apple Macintosh",
              "Presiden AS Donald Trump", "#TheEnd @someone", "kunjungan resmi pertamanya")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        starts = doc.line_starts
        indonesian = words()
        name_parts = data_set("name_parts_en.txt")
        for i, ls in enumerate(starts):
            le = starts[i + 1] if i + 1 < len(starts) else len(text)
            line = text[ls:le]
            if not line.strip() or is_boilerplate(line.rstrip("\r\n")):
                continue
            quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(line)]
            tokens = list(_TOKEN.finditer(line))
            flags = [self._english(m.group(), indonesian) for m in tokens]
            for k, m in enumerate(tokens):
                if not flags[k]:
                    continue
                word = m.group()
                if any(a <= m.start() < b for a, b in quoted):
                    continue
                if word.islower() and len(word) <= 4 and self._inside_title(tokens, k, line):
                    continue  # "Transport for London", "Doom and Gloom"
                if word[0].isupper():
                    # Capitalised words are mostly names (Old Trafford, Daily Mail, Bowie): only
                    # very common English words, not name parts, outside longer runs count.
                    if ((english_zipf(word) or 0) < MIN_EN_ZIPF_CAPITALISED
                            or word.lower() in name_parts
                            or self._in_name_run(tokens, flags, k, line)):
                        continue
                yield self.diag(ls + m.start(), ls + m.end(),
                                f"`{word}` looks like untranslated English")

    @staticmethod
    def _english(word: str, indonesian: frozenset[str]) -> bool:
        if len(word) < MIN_LEN or (word.isupper() and len(word) > 1):
            return False
        if word.lower() in indonesian:
            return False  # an Indonesian word too (a loan, or a homograph)
        return english_zipf(word) is not None

    @staticmethod
    def _inside_title(tokens, k, line) -> bool:
        """A short lowercase word between capitalised words of one title, e.g. ``Fight of the
        Century``: walk over adjacent short lowercase words to a capital on both sides."""

        def side(step: int) -> bool:
            j = k
            while True:
                nxt = j + step
                if not 0 <= nxt < len(tokens):
                    return False
                a, b = (tokens[nxt], tokens[j]) if step < 0 else (tokens[j], tokens[nxt])
                if line[a.end():b.start()].strip():
                    return False
                w = tokens[nxt].group()
                if w[0].isupper():
                    return True
                if len(w) > 4:
                    return False
                j = nxt

        return side(-1) and side(1)

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
