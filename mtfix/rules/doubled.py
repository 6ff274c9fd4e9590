"""DW: a word written twice in a row (``liberal liberal``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Applicability, Fix, Severity
from ._text import HS, HYPHENS, WORD, data_set
from .base import Document, Example, Rule

# Derived nouns: prefix pe(N)-/per-/ke- or suffix -an/-si/-isme/-tas. These plural by
# reduplication (perusahaan-perusahaan) and start new noun phrases (pemasok pemasok global:
# "supplier to the global supplier"), so a doubled one is never deleted by default.
_NOUN_PREFIXES = ("pe", "ke")
_NOUN_SUFFIXES = ("an", "si", "isme", "tas", "wan", "wati")


@lru_cache(maxsize=None)
def _reduplication_bases() -> frozenset[str]:
    """Words seen as full reduplications (orang-orang): hunspell-id plus real text."""
    bases = {w.split("-")[0] for w in data_set("hyphenated_hunspell_id.txt")
             if w.count("-") == 1 and w.split("-")[0] == w.split("-")[1]}
    return frozenset(bases | data_set("reduplication_bases.txt"))


def _noun_like(word: str) -> bool:
    return len(word) >= 5 and (word.startswith(_NOUN_PREFIXES) or word.endswith(_NOUN_SUFFIXES))


class DoubledWord(Rule):
    code = "DW001"
    name = "doubled-word"
    summary = "The same word written twice in a row"
    doc = """
    What it does
        Finds a word repeated with only a space between (``liberal liberal``, ``dari dari``,
        ``terlihat terlihat``) and removes the second copy.

    Why
        MT systems stutter: a repeated source token or a decoding loop leaves the word twice.

    Not touched, or not by default
        - Legitimate repeats: ``beberapa saat saat para pekerja`` (``saat`` = moment, then
          ``saat`` = when). The list is ``mtfix/data/legit_repeats.txt``.
        - Names and titles: a repeat whose second word is capitalised (``Duran Duran``,
          ``Today Today``) is only reported, never fixed.
        - Words that form reduplications (``orang orang``, ``sama sama``): the hyphen is
          probably missing, so the unsafe fix writes ``orang-orang``.
        - Derived nouns (``perusahaan``, ``pemasok``, ``distribusi``): ``pemasok pemasok
          global`` can mean "supplier to the global supplier"; the deletion is unsafe.

    Fix safety
        Safe for other lowercase words (measured on the dev data: every such repeat was an
        error); unsafe for reduplication bases and derived nouns; display-only for names.
    """
    fix_applicability = Applicability.SAFE
    examples = (
        Example("Kemenangan pemilihan liberal liberal – setelah", "Kemenangan pemilihan liberal – setelah"),
        Example("lebih dari dari setengah tahun", "lebih dari setengah tahun"),
        Example("Wu terlihat terlihat pucat", "Wu terlihat pucat"),
        Example("Dari dari sana", "Dari sana"),
        Example("ada orang orang di sana", "ada orang-orang di sana", unsafe=True),
        Example("adalah pemasok pemasok global GM", "adalah pemasok global GM", unsafe=True),
        Example("program Today Today Radio 4", flagged="Today Today"),
    )
    silent = (
        "Chitwood menunggu beberapa saat saat para pekerja darurat",
        "orang-orang",
        "liberal, liberal",
        "10 10",
        "dari\ndari",
    )

    # The backreference matches case-insensitively (`Dari dari`); only actual repeats match,
    # so the Python loop below runs once per candidate, not once per word.
    _re = re.compile(rf"(?<![\w{HYPHENS}])({WORD})({HS}+)((?i:\1))(?![\w{HYPHENS}])")

    def _candidates(self, doc: Document) -> Iterator[re.Match]:
        """Matches of the pattern, found fast: split the scope into words (in C), keep the
        words equal to their successor, and run the regex only on lines holding those."""
        text = doc.text
        lower = text.lower()
        if len(lower) != len(text):  # a few characters change length when lowered
            for start, end in doc.scope:
                yield from self._re.finditer(text, start, end)
            return
        lines: set[tuple[int, int]] = set()
        for start, end in doc.scope:
            words = lower[start:end].split()
            for w in {a for a, b in zip(words, words[1:]) if a == b}:
                needle = f"{w} {w}"
                i = lower.find(needle, start, end)
                while i != -1:
                    lines.add(doc.line_bounds(i))
                    i = lower.find(needle, i + 1, end)
        for start, end in sorted(lines):
            yield from self._re.finditer(text, start, end)

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        legit = data_set("legit_repeats.txt")
        bases = _reduplication_bases()
        function_words = data_set("function_words.txt")
        for m in self._candidates(doc):
            first, second = m.group(1), m.group(3)
            word = second.lower()
            if word in legit:
                continue
            span = text[m.start(1):m.end(3)]
            if second[0].isupper():
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: word repeated; a name or title? not fixed",
                                severity=Severity.INFO)
                continue
            delete = Fix.replace(m.end(1), m.end(3), "")
            if word in function_words:
                yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
            elif word in bases:
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: a reduplication missing its hyphen? "
                                f"write `{first}-{second}`",
                                Fix.replace(m.end(1), m.start(3), "-", Applicability.UNSAFE))
            elif _noun_like(word):
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: doubled noun; remove one if it is not two phrases",
                                Fix(delete.edits, Applicability.UNSAFE))
            else:
                yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
