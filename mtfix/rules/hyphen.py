"""HY: hyphenated words split by a stray space (``sela -sela``, ``barang- barang``)."""

from __future__ import annotations

import re
from typing import Iterator

from ..language.morphology import reduplication_kind
from ..model import Applicability, Fix
from ._text import HYPHENS, WORD
from .base import Document, Example, Rule

class SplitHyphenatedWord(Rule):
    code = "HY001"
    fix_note = '`sela -sela`; unsafe when spaced on both sides'
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
        Example("di sela -sela KTT", "di sela-sela KTT", flagged="sela -sela"),
        Example("impor barang- barang AS", "impor barang-barang AS", flagged="barang- barang"),
        Example("impor barang -barang AS", "impor barang-barang AS", flagged="barang -barang"),
        Example("diplomasi antar -jemput", "diplomasi antar-jemput", flagged="antar -jemput"),
        Example("Bersama -sama, mereka", "Bersama-sama, mereka", flagged="Bersama -sama"),
        Example("jangan menyia -nyiakan waktu", "jangan menyia-nyiakan waktu", flagged="menyia -nyiakan"),
        Example("sikap tolong -menolong", "sikap tolong-menolong", flagged="tolong -menolong"),
        Example("sayur- sayuran segar", "sayur-sayuran segar", flagged="sayur- sayuran"),
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
