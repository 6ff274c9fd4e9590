"""DW: a word written twice in a row (``liberal liberal``)."""

from __future__ import annotations

import re
from itertools import compress, islice
from operator import eq
from typing import Iterator

from ..language.lexicon import data_set, flagged_non_possessable, possessable
from ..language.lexicon import words as lexicon_words
from ..language.morphology import derived_noun, reduplication_bases, verb_form
from ..model import Applicability, Fix, Severity
from ._text import HS, HYPHENS, WORD
from .base import Document, Example, Rule

_FIND_EACH = 8  # more repeated words than this: one Aho-Corasick pass over the text


def _automaton(needles: Iterator[str]):
    import ahocorasick

    a = ahocorasick.Automaton()
    for n in needles:
        a.add_word(n, len(n))
    a.make_automaton()
    return a


class DoubledWord(Rule):
    code = "DW001"
    fix_note = 'unsafe for nouns and reduplication bases; names only reported'
    name = "doubled-word"
    summary = "The same word written twice in a row"
    doc = """
    What it does
        Finds a word repeated with only a space between (``liberal liberal``, ``dari dari``,
        ``terlihat terlihat``) and removes the second copy.

    Why
        MT systems stutter: a repeated source token or a decoding loop leaves the word twice.

    Safe only where a repeat cannot be right
        - Function words (``dari``, ``adalah``, ``yang``; ``mtfix/data/function_words.txt``).
        - Prefixed verbs whose stem is a dictionary word (``terlihat``, ``menjadi``): a
          reduplicated verb is written ``melihat-lihat``, never ``melihat melihat``.
        - Dictionary words with affixes but no possessive (-ku/-mu/-nya) in hunspell-id, so
          not nouns: ``liberal``, ``global``.

    Unsafe (applied only with --unsafe-fixes)
        - Words whose reduplication is a dictionary entry (``orang orang``, ``sama sama``):
          the hyphen is probably missing, so the fix writes ``orang-orang``.
        - Nouns (possessive-taking, or derived: ``perusahaan``, ``pemasok``, ``distribusi``)
          and words not in the dictionary (``vaksin``): the fix deletes the copy, which was right
          for every such repeat in the dev data's MT output, but ``vaksin vaksin baru`` in the
          human reference is a plural that lost its hyphen (``vaksin-vaksin``).

    Not touched
        Legitimate repeats (``beberapa saat saat para pekerja``: ``saat`` = moment, then
        ``saat`` = when; ``mtfix/data/legit_repeats.txt``). Names and titles: a repeat whose
        second word is capitalised (``Duran Duran``, ``Today Today``) is only reported.

    Fix safety
        Measured on the dev data (eval/README.md): every safe deletion in the MT outputs was
        right; the one wrong deletion found (``vaksin vaksin`` in the human reference) is
        unsafe now.
    """
    fix_applicability = Applicability.SAFE
    examples = (
        Example("Kemenangan pemilihan liberal liberal – setelah", "Kemenangan pemilihan liberal – setelah", flagged="liberal liberal"),
        Example("lebih dari dari setengah tahun", "lebih dari setengah tahun", flagged="dari dari"),
        Example("Wu terlihat terlihat pucat", "Wu terlihat pucat", flagged="terlihat terlihat"),
        Example("Dari dari sana", "Dari sana", flagged="Dari dari"),
        Example("ada orang orang di sana", "ada orang-orang di sana", unsafe=True),
        Example("adalah pemasok pemasok global GM", "adalah pemasok global GM", unsafe=True, flagged="pemasok pemasok"),
        Example("adalah vaksin vaksin baru", "adalah vaksin baru", unsafe=True, flagged="vaksin vaksin"),
        Example("dia menjadi menjadi ketua", "dia menjadi ketua", flagged="menjadi menjadi"),
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
        lines: set[tuple[int, int]] = set()
        for start, end in doc.scope:
            lower = doc.lower(start, end)
            if lower is None:  # a few characters change length when lowered
                yield from self._re.finditer(text, start, end)
                continue
            words = lower.split()
            # Words equal to their successor, found in C (map/compress), not a Python loop.
            repeated = set(compress(words, map(eq, words, islice(words, 1, None))))
            if not repeated:
                continue
            # The lines holding `w w` for one of them. Once a line is taken the search goes
            # on at the next line (`a a a a …` on one line: one find, not one per word), and
            # many different repeats are looked for in one pass, not one pass each.
            if len(repeated) <= _FIND_EACH:
                for w in repeated:
                    needle = f"{w} {w}"
                    i = lower.find(needle)
                    while i != -1:
                        lines.add(doc.line_bounds(start + i))
                        nl = lower.find("\n", i)
                        i = -1 if nl == -1 else lower.find(needle, nl + 1)
            else:
                automaton = _automaton(f"{w} {w}" for w in repeated)
                i = 0
                while i < len(lower):
                    last = next(automaton.iter(lower, i), None)
                    if last is None:
                        break
                    lines.add(doc.line_bounds(start + last[0]))  # the needle's last char
                    nl = lower.find("\n", last[0])
                    i = len(lower) if nl == -1 else nl + 1
        for start, end in sorted(lines):
            yield from self._re.finditer(text, start, end)

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        legit = data_set("legit_repeats.txt")
        bases = reduplication_bases()
        function_words = data_set("function_words.txt")
        lexicon = lexicon_words()
        nouns = possessable()
        non_nouns = flagged_non_possessable()
        kinds: dict[str, str] = {}
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
            unsafe_delete = Fix(delete.edits, Applicability.UNSAFE)
            kind = kinds.get(word)
            if kind is None:  # once per word, not per repeat (`a a a a …`)
                if word in function_words:
                    kind = "function"
                elif word in bases:
                    kind = "base"
                # Derived nouns (pe(N)-/ke-, -an/-si/...) plural by reduplication (perusahaan-
                # perusahaan) and start new noun phrases (pemasok pemasok global: "supplier to
                # the global supplier"), so a doubled one is never deleted by default.
                elif derived_noun(word) or word in nouns or not (
                        word in non_nouns or (word not in lexicon and verb_form(word, lexicon))):
                    kind = "noun"
                else:
                    kind = "other"
                kinds[word] = kind
            if kind == "function":
                yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
            elif kind == "base":
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: a reduplication missing its hyphen? write "
                                f"`{first}-{second}` (or remove one if it was repeated by mistake)",
                                Fix.replace(m.end(1), m.start(3), "-", Applicability.UNSAFE))
            elif kind == "noun":
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: doubled noun or unknown word; remove one, or "
                                f"write `{first}-{second}` if a plural was meant", unsafe_delete)
            else:
                yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
