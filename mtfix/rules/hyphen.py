"""HY: hyphenated words split by a stray space (``sela -sela``, ``barang- barang``)."""

from __future__ import annotations

import re
from typing import Iterator

from ..language.lexicon import data_lines, is_word
from ..language.morphology import reduplication_kind
from ..model import Applicability, Fix
from ._text import HYPHENS, WORD
from .base import WORD_BARRIER, Document, Example, Rule

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
    # A trigger's hyphen or space follows a letter or a space in every match.
    hits_at_line_start = False
    _re = re.compile(
        rf"(?<![\w{HYPHENS}])({WORD})(?:({_sp}+)[{HYPHENS}](?!{_sp})|[{HYPHENS}]({_sp}+)(?=\S)"
        rf"|({_sp}+)[{HYPHENS}]({_sp}+))({WORD})(?![\w{HYPHENS}])"
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for m in self.scan(doc, self._re, WORD_BARRIER):
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


# Bound forms and prefixes written with a hyphen before a name or a word kept foreign (or, for
# KB003 to join next, before an Indonesian word): non-Muslim, pasca-perang, anti-teror.
_BOUND = frozenset(("pasca", "multi", "sub", "non", "anti", "pra", "pro", "eks", "neo", "semi",
                    "ko", "co", "inter", "antar", "super", "ultra", "mega", "mini", "mikro",
                    "makro", "bio", "swa", "trans", "post", "pre", "re", "self", "e", "al", "el"))
# First parts of hyphenated first names and place names: Jean-Baptiste, Saint-Germain.
_NAME_FIRST = frozenset(("jean", "saint", "sainte", "marie", "pierre", "karl", "hans", "anne",
                         "jean", "louis", "luc", "port", "abdul", "abu"))


# Verb prefixes written with a hyphen before a name: ber-Skype, se-Indonesia, di-PHK.
_PREFIX_BEFORE_NAME = frozenset(("ber", "ter", "se", "di", "me", "meng", "mem", "men"))


def _names() -> frozenset[str]:
    return frozenset(w.lower() for w in data_lines("hyphenated_names.txt"))


class SplitHyphenatedCompound(Rule):
    code = "HY002"
    severity = "warning"
    fix_note = '`pasca -perang`, `Al -Jazeera`, `Wi -Fi`; unsafe for two Indonesian words'
    name = "split-hyphenated-compound"
    summary = "Hyphenated compound, name or prefixed word split by a space next to the hyphen"
    doc = """
    What it does
        Finds two words joined by a hyphen with a space on one side only, which HY001 does not
        take for a reduplication or a dictionary word, and removes the space when the pieces
        form one word:

        - a bound form or prefix before the hyphen (``pasca -perang``, ``non -aktif``,
          ``anti- teror``, ``non -Muslim``, ``Al -Jazeera``, ``al- Assad``);
        - a name, brand or English compound from mtfix's list
          (``mtfix/data/hyphenated_names.txt``: ``Rolls -Royce``, ``Mercedes -Benz``,
          ``Wi -Fi``, ``T -shirt``), or a first name part (``Jean -Baptiste``);
        - two capitalised pieces inside a sentence (``Villas -Boas``, ``Berners- Lee``);
        - two lowercase pieces of which at least one is no Indonesian word (``real -time``,
          ``hat -trik``).

    Why
        MT pipelines tokenise on hyphens and detokenise badly, leaving ``X -Y`` or ``X- Y``.

    Not touched
        A dash spaced on both sides, an editor's note ``(-red)``, list dashes, minus signs,
        negative numbers and ranges (a piece with a digit is never joined); datelines
        (``BARCELONA- Lionel``, ``Konya, Turki- Turki merupakan``): a capitalised pair at the
        start of a line, after a comma, or in capitals before a capitalised word is not joined.

    Fix safety
        Safe, except for two Indonesian dictionary words (``ekonomi -politik``, ``satu -dua``):
        the hyphen may be a dash that lost a space, so joining is unsafe.
    """
    examples = (
        Example("di masa pasca -perang itu", "di masa pasca-perang itu", flagged="pasca -perang"),
        Example("statusnya non -aktif", "statusnya non-aktif", flagged="non -aktif"),
        Example("undang-undang anti- teror", "undang-undang anti-teror", flagged="anti- teror"),
        Example("kata Al -Jazeera", "kata Al-Jazeera", flagged="Al -Jazeera"),
        Example("mobil Rolls -Royce baru", "mobil Rolls-Royce baru", flagged="Rolls -Royce"),
        Example("sebuah Mercedes- Benz hitam", "sebuah Mercedes-Benz hitam", flagged="Mercedes- Benz"),
        Example("akses Wi -Fi gratis", "akses Wi-Fi gratis", flagged="Wi -Fi"),
        Example("memakai T -shirt", "memakai T-shirt", flagged="T -shirt"),
        Example("pelatih Villas -Boas berkata", "pelatih Villas-Boas berkata", flagged="Villas -Boas"),
        Example("data real -time", "data real-time", flagged="real -time"),
        Example("Kota -KOTA Amerika Latin", "Kota-KOTA Amerika Latin", flagged="Kota -KOTA"),
        Example("setiap hari saya ber- Skype", "setiap hari saya ber-Skype", flagged="ber- Skype"),
        Example("Tehreek -e-Taliban Pakistan", "Tehreek-e-Taliban Pakistan", flagged="Tehreek -e"),
        Example("kaum non -Muslim", "kaum non-Muslim", flagged="non -Muslim"),
        Example("pada Jakarta -Bandung", "pada Jakarta-Bandung", flagged="Jakarta -Bandung"),
        Example("sistem ekonomi -politik", "sistem ekonomi-politik", unsafe=True,
                flagged="ekonomi -politik"),
    )
    silent = (
        "BARCELONA- Lionel Messi mengatakan",
        "Konya, Turki- Turki merupakan mitra penting",
        "Barcelona- Lionel Messi mengaku",
        "Barcelona -Lionel Messi mengaku",
        "(-red)",
        "- satu",
        "suhu -5 derajat",
        "200 ribu- 300 ribu orang",
        "Nottingham Forest- 1999 (10 menit)",
        "Liga Premier Inggris -23 January 2016",
        "kata dia - dan itu",
        "COVID -19",
        "sela -sela",
        "Wi-Fi",
    )

    _sp = "[ \u00a0]"
    triggers = SplitHyphenatedWord.triggers
    hits_at_line_start = False  # as HY001's
    _re = re.compile(
        rf"(?<![\w])({WORD})(?:({_sp}+)[{HYPHENS}](?!{_sp})|[{HYPHENS}]({_sp}+)(?=\S))"
        rf"({WORD})(?!\w)"
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        names = _names()
        for m in self.scan(doc, self._re, WORD_BARRIER):
            left, right = m.group(1), m.group(4)
            ll, rl = left.lower(), right.lower()
            space_after = m.group(3) is not None   # `X- Y`
            redup = reduplication_kind(ll, rl) is not None
            if redup and not right[0].isupper():
                continue  # HY001's
            app = Applicability.SAFE
            if ll in _BOUND or f"{ll}-{rl}" in names or (
                    ll in _NAME_FIRST and right[0].isupper()) or (
                    ll in _PREFIX_BEFORE_NAME and right[0].isupper()):
                pass
            elif right[0].isupper():
                # Kota -KOTA, Djemba- Djemba: a capitalised reduplication, wherever it stands.
                if not left[0].isupper() or not (redup and not space_after) and self._dateline(
                        doc, m.start(1), left, right, space_after):
                    continue
            elif is_word(ll) and is_word(rl):
                app = Applicability.UNSAFE  # ekonomi -politik: maybe a dash
            elif left.isupper() and len(left) > 1 and self._at_line_start(doc, m.start(1)):
                continue  # a dateline in any case (JAKARTA -pemerintah)
            cut = (m.start(2), m.end(2)) if not space_after else (m.start(3), m.end(3))
            yield self.diag(
                m.start(1), m.end(4),
                f"`{m.group()}` is one word: write `{left}-{right}`",
                Fix.replace(*cut, "", app))

    @staticmethod
    def _at_line_start(doc: Document, offset: int) -> bool:
        line_start, _ = doc.line_bounds(offset)
        return not doc.text[line_start:offset].strip(" \t\u00a0\"'\u201c\u2018(")

    def _dateline(self, doc: Document, offset: int, left: str, right: str,
                  space_after: bool) -> bool:
        """A capitalised pair that may be a dateline (``BARCELONA- Lionel``)."""
        if self._at_line_start(doc, offset):
            return True
        before = doc.text[doc.line_bounds(offset)[0]:offset].rstrip(" \t\u00a0")
        if before.endswith(","):
            return True  # Konya, Turki- Turki
        return space_after and left.isupper() and len(left) > 1 and not right.isupper()
