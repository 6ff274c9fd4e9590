"""OR: standard orthography (KBBI/PUEBI). Each family is its own rule so it can be switched off."""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar, Iterator

from ..model import Applicability, Severity
from ..language.lexicon import data_tsv, words
from ._text import HYPHENS, match_case
from .base import Document, Example, Rule


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_])")
_NEXT_WORD_FULL = re.compile(r"[ \t]+([^\W\d_]+)")
_PREV_WORD = re.compile(r"([^\W\d_]+)[ \t]+$")


class WordListRule(Rule):
    """Replace whole words from a TSV data file (wrong, right[, safety]), keeping their case."""

    data_file: ClassVar[str]
    message: ClassVar[str] = "`{found}` is non-standard: write `{right}`"

    @cached_property
    def _table(self) -> dict[str, tuple[str, Applicability]]:
        table = {}
        for row in data_tsv(self.data_file):
            wrong, right = row[0], row[1]
            flags = set(row[2].split(",")) if len(row) > 2 else set()
            app = Applicability.UNSAFE if "unsafe" in flags else Applicability.SAFE
            table[wrong.lower()] = (right, app)
            if "name" in flags:
                self._in_names.add(wrong.lower())
        return table

    @cached_property
    def _in_names(self) -> set[str]:
        return set()

    @staticmethod
    def _beside_name(doc: Document, start: int, end: int) -> bool:
        """Whether a capitalised word that hunspell-id does not know stands right before or
        after [start, end) on its line: the match is then part of a name (Ramadhan Pohan)."""
        lex = words()
        text = doc.text
        after = _NEXT_WORD_FULL.match(text, end)
        if after and after.group(1)[0].isupper() and after.group(1).lower() not in lex:
            return True
        # The word before, looked for in the 100 characters before the match only.
        before = _PREV_WORD.search(text, doc.back(start, 100), start)
        return bool(before and before.group(1)[0].isupper() and before.group(1).lower() not in lex)

    @cached_property
    def _re(self) -> re.Pattern[str]:
        words = sorted(self._table, key=len, reverse=True)
        alts = "|".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w{HYPHENS}])(?:{alts})(?![\w{HYPHENS}])", re.IGNORECASE)

    @staticmethod
    def _next_is_capitalised(text: str, pos: int) -> bool:
        m = _NEXT_WORD.match(text, pos)
        return bool(m and m.group(1)[0].isupper())

    def trigger_literals(self, glossary_loader=None) -> tuple[str, ...]:
        return tuple(sorted(self._table))

    @cached_property
    def _ascii_words(self) -> bool:
        return all(w.isascii() for w in self._table)

    def check(self, doc: Document) -> Iterator:
        # Every match starts at a word of the table, the trigger literals: try the pattern
        # there only, unless the text holds ı or ſ, which IGNORECASE takes for i and s.
        exact = self._ascii_words and not doc.odd_case_folds
        for m in (self.scan_starts if exact else self.scan)(doc, self._re):
            found = m.group()
            entry = self._table.get(found.lower())
            if entry is None:
                continue  # matched through ı or ſ (IGNORECASE folds them): not a word of ours
            right, app = entry
            if found.lower() in self._in_names and self._beside_name(doc, m.start(), m.end()):
                continue
            # The table's own capitals (Prancis) win over a lowercase match.
            fixed = match_case(found, right) if not right[:1].isupper() else (
                right.upper() if found.isupper() and len(found) > 1 else right)
            if found[0].isupper() and " " in fixed and self._next_is_capitalised(doc.text, m.end()):
                fixed = " ".join(w[:1].upper() + w[1:] for w in fixed.split(" "))  # in a name
            if fixed == found:
                continue
            yield self.replace(m.start(), m.end(), fixed,
                               self.message.format(found=found, right=fixed), app)


class JoinedPreposition(WordListRule):
    code = "OR001"
    fix_note = '`disini`; unsafe for `dibalik`'
    name = "joined-preposition"
    summary = "Preposition di/ke written together with its word (`disini`)"
    data_file = "di_ke.tsv"
    message = "preposition written together: `{found}` → `{right}`"
    doc = """
    What it does
        ``disini`` → ``di sini``, ``dimana`` → ``di mana``, ``kesana`` → ``ke sana``,
        ``diantara`` → ``di antara``. The list is ``mtfix/data/di_ke.tsv``.

    Why
        PUEBI writes the prepositions di and ke apart from the word they govern; the prefix
        di- (a passive verb) is written together. MT systems trained on web text copy the
        common misspelling.

    Fix safety
        Safe for words that cannot be a verb. ``dibalik`` is also the passive of ``balik``
        ("was turned over"), so ``dibalik`` → ``di balik`` is unsafe.
    """
    examples = (
        Example("Saya tinggal disini.", "Saya tinggal di sini."),
        Example("Dimana dia?", "Di mana dia?"),
        Example("pergi kesana", "pergi ke sana"),
        Example("diantara mereka", "di antara mereka"),
        Example("dibalik layar", "di balik layar", unsafe=True),
    )
    silent = ("di sini", "dimakan", "disinilah", "kemana-mana", "Kesini2")


class NonStandardSpelling(WordListRule):
    code = "OR002"
    fix_note = '`karir`, `apapun`, `Perancis`'
    name = "non-standard-spelling"
    summary = "Non-standard spelling with a KBBI form (`karir`, `apapun`)"
    data_file = "spellings.tsv"
    doc = """
    What it does
        Replaces spellings that KBBI marks non-standard with the standard form:
        ``karir`` → ``karier``, ``sepakbola`` → ``sepak bola``, ``Perancis`` → ``Prancis``,
        ``apapun`` → ``apa pun``, ``resiko`` → ``risiko``. The pairs are data:
        ``mtfix/data/spellings.tsv``.

    Why
        Newsrooms follow KBBI; MT copies the spellings of its web training data.

    Not touched
        Words that are standard in another sense (``rubah`` "fox"), and ``-pun`` words that
        PUEBI writes together (``meskipun``, ``bagaimanapun``).

    Names
        Entries flagged ``name`` in the data (``Ramadhan``, ``Idul Fitri``, ``dollar``,
        ``putera``) are left alone next to a capitalised word that hunspell-id does not know:
        ``Ramadhan Pohan``, ``Iqbaal Ramadhan``, ``Putera Sampoerna``.

    Fix safety
        Safe. The spelling pairs added for issue 12 (ekstrim, hektar, komoditi, respon, supir,
        hutang, nampak, Ramadhan, Idul Fitri, analisa, frustasi, berfikir, dollar...) fire on
        id-en-newsted-dev on 18 gnmt, 5 gareng and 17 ref.id lines more than before (59 / 43 /
        81 lines for the whole rule); every added hit read is right, and ``Ramadhan Pohan``
        (a politician) is left alone.
    """
    examples = (
        Example("menghabiskan karir", "menghabiskan karier"),
        Example("pemain sepakbola", "pemain sepak bola"),
        Example("Presiden Perancis", "Presiden Prancis"),
        Example("Apapun yang terjadi", "Apa pun yang terjadi"),
        Example("PERANCIS", "PRANCIS"),
        Example("Federasi Sepakbola Italia", "Federasi Sepak Bola Italia"),
        Example("Sepakbola adalah olahraga", "Sepak bola adalah olahraga"),
        Example("Jika sudah terlihat, Ramadhan akan jatuh pada Rabu", "Jika sudah terlihat, "
                "Ramadan akan jatuh pada Rabu"),
        Example("Hari Raya Idul Fitri", "Hari Raya Idulfitri"),
        Example("cara berfikir yang berbeda", "cara berpikir yang berbeda"),
        Example("40 juta dollar AS", "40 juta dolar AS"),
        Example("5 juta hektar lahan", "5 juta hektare lahan"),
    )
    silent = ("karier", "meskipun", "bagaimanapun", "rubah", "karirnya2",
              "Wakil Ketua Komisi I: Ramadhan Pohan", "aktor Iqbaal Ramadhan", "Dollar Shave Club",
              "Putera Sampoerna")


class LowercasePronounAnda(Rule):
    code = "OR003"
    name = "lowercase-anda"
    summary = "Pronoun `anda` in lower case"
    severity = Severity.INFO
    doc = """
    What it does
        ``anda`` → ``Anda``.

    Why
        PUEBI capitalises the polite second-person pronoun Anda everywhere in a sentence.

    Known limit
        Spanish ``anda`` inside a quoted Spanish sentence is capitalised too.

    Fix safety
        Safe: ``anda`` has no other current meaning as a separate Indonesian word.
    """
    examples = (Example("terima kasih anda", "terima kasih Anda"),)
    silent = ("Anda", "Rwanda", "andalan", "ANDA", "anda-anda")
    triggers = ("anda",)
    _re = re.compile(rf"(?<![\w{HYPHENS}])anda(?![\w{HYPHENS}])")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan_starts(doc, self._re):
            yield self.replace(m.start(), m.end(), "Anda", "pronoun `anda` is written `Anda`")


class NumeralSuffixWithoutHyphen(Rule):
    code = "OR004"
    fix_note = '`1970an` → `1970-an`'
    name = "numeral-suffix-without-hyphen"
    summary = "Suffix -an attached to a numeral without a hyphen (`1970an`)"
    doc = """
    What it does
        ``tahun 1970an`` → ``tahun 1970-an``, ``usia 30an`` → ``usia 30-an``.

    Why
        PUEBI joins an affix to a numeral with a hyphen (``tahun 1950-an``, ``ke-2``); MT
        copies English "1970s" as ``1970an``.

    Fix safety
        Safe.
    """
    examples = (Example("pada tahun 1970an.", "pada tahun 1970-an."),
                Example("usia 30an", "usia 30-an"))
    silent = ("tahun 1970-an", "1970 an", "3an5", "Rp1.000an")
    triggers = tuple(f"{d}an" for d in "0123456789")
    _re = re.compile(r"(?<![\w.,])(\d{2,4})(an)(?![\w-])")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, self._re):
            yield self.replace(m.end(1), m.end(1), "-", f"write `{m.group(1)}-an`")
