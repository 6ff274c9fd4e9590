"""HY: hyphenated words split by a stray space (``sela -sela``, ``barang- barang``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Applicability, Fix
from ._text import HYPHENS, WORD, data_set
from .base import Document, Example, Rule

PREFIXES = ("", "ber", "be", "bel", "ter", "te", "se", "ke", "di", "me", "mem", "men", "meng",
            "meny", "menge", "pe", "per", "pem", "pen", "peng", "peny", "memper", "diper")
SUFFIXES = ("", "nya", "an", "kan", "i", "lah", "kah", "pun", "mu", "ku", "annya", "kannya")
NASAL = {"p": "m", "b": "m", "t": "n", "k": "ng", "s": "ny"}
MIN_STEM = 2


@lru_cache(maxsize=None)
def _hyphenated() -> frozenset[str]:
    return data_set("hyphenated_hunspell_id.txt") | data_set("hyphenated_extra.txt")


def _stems(word: str, affixes: tuple[str, ...], prefix: bool) -> set[str]:
    out = set()
    for a in affixes:
        if prefix and word.startswith(a):
            stem = word[len(a):]
        elif not prefix and word.endswith(a):
            stem = word[: len(word) - len(a)] if a else word
        else:
            continue
        if len(stem) >= MIN_STEM:
            out.add(stem)
    return out


def _nasal_forms(stem: str) -> set[str]:
    """Forms a stem takes after a nasal prefix: pukul → mukul, tolong → nolong, sia → nyia."""
    forms = {stem}
    first = stem[0]
    if first in NASAL:
        forms.add(NASAL[first] + stem[1:])
    if first in "aeiou":
        forms.add("ng" + stem)
    if first in "gh":
        forms.add("ng" + stem)
    if first in "cjdz":
        forms.add("n" + stem)
    return forms


def reduplication_kind(left: str, right: str) -> str | None:
    """Why ``left-right`` is one word, or None. Both arguments lowercase."""
    if left == right:
        return "full reduplication"
    if f"{left}-{right}" in _hyphenated():
        return "hyphenated dictionary word"
    if len(left) < MIN_STEM or len(right) < MIN_STEM:
        return None
    # Affixed reduplication: the same stem on both sides once affixes are taken off
    # (bersama-sama, sayur-sayuran, menyia-nyiakan, tolong-menolong, kebarat-baratan).
    right_stems = _stems(right, SUFFIXES, prefix=False)
    for stem in _stems(left, PREFIXES, prefix=True):
        if stem in right_stems:
            return "affixed reduplication"
    # Reciprocal: tolong-menolong, pukul-memukul (prefix and nasal on the right).
    for stem in _stems(right, PREFIXES[1:], prefix=True):
        if stem in _nasal_forms(left) or stem == left:
            return "reciprocal reduplication"
    return None


class SplitHyphenatedWord(Rule):
    code = "HY001"
    name = "split-hyphenated-word"
    summary = "Reduplication or hyphenated word split by a space next to the hyphen"
    doc = """
    What it does
        Finds a word pair joined by a hyphen with a space on one side only (``sela -sela``,
        ``barang- barang``, ``antar -jemput``, ``Bersama -sama``, ``menyia -nyiakan``) and
        removes the space, when the two pieces form one word: a full reduplication, an affixed
        or reciprocal reduplication (``bersama-sama``, ``sayur-sayuran``, ``tolong-menolong``),
        or a hyphenated word from the dictionary (hunspell-id's ``id_ID.dic`` plus mtfix's own
        list).

    Why
        MT pipelines tokenise on hyphens and detokenise badly. A split reduplication reads as a
        dash and breaks search, spell checking and word counts.

    Not touched
        Datelines (``BARCELONA- Lionel``, ``Konya, Turki- Turki merupakan``): a piece that
        starts with a capital letter is never joined; ranges (``200 ribu- 300 ribu``), dashes
        between unrelated words.

    Fix safety
        Safe when one side has the space (the pipeline's signature). With spaces on both
        sides (``sama - sama``) the hyphen may be a dash: unsafe.
    """
    examples = (
        Example("di sela -sela KTT", "di sela-sela KTT"),
        Example("impor barang- barang AS", "impor barang-barang AS"),
        Example("impor barang -barang AS", "impor barang-barang AS"),
        Example("diplomasi antar -jemput", "diplomasi antar-jemput"),
        Example("Bersama -sama, mereka", "Bersama-sama, mereka"),
        Example("jangan menyia -nyiakan waktu", "jangan menyia-nyiakan waktu"),
        Example("sikap tolong -menolong", "sikap tolong-menolong"),
        Example("sayur- sayuran segar", "sayur-sayuran segar"),
        Example("mereka sama - sama tahu", "mereka sama-sama tahu", unsafe=True),
    )
    silent = (
        "BARCELONA- Lionel Messi mengatakan",
        "Konya, Turki- Turki merupakan mitra penting",
        "200 ribu- 300 ribu orang",
        "Nottingham Forest- 1999 (10 menit)",
        "Liga Premier Inggris -23 January 2016",
        "ekonomi -politik",
        "sela-sela",
        "pada Jakarta -Bandung",
    )

    _sp = "[ \u00a0]"
    triggers = tuple(sp + h for sp in " \u00a0" for h in "-\u2010\u2011") + tuple(
        h + sp for sp in " \u00a0" for h in "-\u2010\u2011")
    _re = re.compile(
        rf"(?<![\w{HYPHENS}])({WORD})(?:({_sp}+)[{HYPHENS}](?!{_sp})|[{HYPHENS}]({_sp}+)(?=\S)"
        rf"|({_sp}+)[{HYPHENS}]({_sp}+))({WORD})(?![\w{HYPHENS}])"
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for m in self.scan(doc, self._re):
            left, right = m.group(1), m.group(6)
            if right[0].isupper():
                continue  # datelines, names, ranges of names
            kind = reduplication_kind(left.lower(), right.lower())
            if kind is None:
                continue
            both_spaced = m.group(4) is not None
            app = Applicability.UNSAFE if both_spaced else Applicability.SAFE
            yield self.diag(
                m.start(1), m.end(6),
                f"`{text[m.start(1):m.end(6)]}` is one word ({kind}): write `{left}-{right}`",
                Fix.replace(m.end(1), m.start(6), "-", app))
