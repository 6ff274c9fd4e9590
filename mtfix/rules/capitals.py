"""CA: capital letters that MT copies from English sentence structure."""

from __future__ import annotations

import re
from typing import ClassVar, Iterator

from ..model import Applicability, Severity
from ..language.lexicon import words
from ._text import HS
from .base import Document, Example, Rule

_SEMI = re.compile(rf"(?<!&)(?<!&amp)(;{HS}+)([A-Z][a-z]+)(?=({HS}+[^\W\d_]+)?)")
_ENTITY_BEFORE = re.compile(r"&\s?[A-Za-z]+$|&#\d+$")
_LINE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s*$")


class CapitalAfterSemicolon(Rule):
    code = "CA001"
    name = "capital-after-semicolon"
    summary = "Capital letter after a semicolon inside a sentence (`; Mereka hanya`)"
    doc = """
    What it does
        ``...perangkat lunak Windows; Mereka adalah teknologi...`` → ``...; mereka adalah``;
        ``Akan ada perang; Akan ada depresi.`` → ``; akan ada depresi.``

    Why
        A semicolon joins clauses inside one sentence; EYD V starts the next clause in lower
        case. English MT output keeps the capital of English sentence-initial words after a
        full stop that the semicolon replaced, or of the source's own capital.

    Not touched
        A word whose lower case hunspell-id does not know (a name: ``; Gabbana``); ``Anda``,
        ``Tuhan``, ``Allah`` and forms of address (``Bapak``, ``Ibu``, ``Saudara``...); a word
        followed by another capitalised word (``; Kejuaraan Pemuda``: a title or a name); a
        line that does not end like a sentence (lists of fixtures: ``Kapasitas: 78.639; Dua
        pertandingan grup``); an HTML entity's semicolon (``& amp; Alice``).

    Fix safety
        Safe. Measured on id-en-newsted-dev (5,000 lines each): fires on 9 gnmt, 11 gareng
        and 0 ref.id lines; every hit read is a clause after a semicolon (``; Mereka``,
        ``; Saya``, ``; Ini``, ``; Akan``). Label-value items
        (``Kapasitas: 78.639; Dua pertandingan grup, dan Final.``) are left alone.
    """
    examples = (
        Example("perangkat lunak Windows;  Mereka adalah teknologi berbeda.",
                "perangkat lunak Windows;  mereka adalah teknologi berbeda."),
        Example("Akan ada perang; Akan ada depresi.", "Akan ada perang; akan ada depresi."),
        Example("Saya seorang pengacara; Saya tidak percaya.", "Saya seorang pengacara; saya tidak percaya."),
    )
    silent = ("Dolce & amp; Gabbana menolak berkomentar.", "membaca itu baik; Anda mendapatkan fakta.",
              "Maracana; Kapasitas: 78.639; Dua pertandingan grup, Final",
              "FIFA 2013; Kejuaraan Pemuda Amerika Selatan 2011.", "baik; Tuhan memberkati.",
              "kota ini; Jakarta adalah ibu kota.", "Dolce &amp; Gabbana menolak.",
              "Kapasitas: 78.639; Dua pertandingan grup, dan Final.", "Kapitalisme: baik; Non-kapitalisme: buruk.")
    triggers = (";",)

    _KEEP: ClassVar[frozenset[str]] = frozenset(
        "anda tuhan allah bapak ibu saudara saudari kakak adik tuan nyonya nona".split())

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        lex = words()
        line_ends: dict[int, bool] = {}  # line start → whether the line ends like a sentence
        for m in self.scan(doc, _SEMI):
            word = m.group(2)
            low = word.lower()
            if low in self._KEEP or low not in lex:
                continue
            nxt = m.group(3)
            if nxt and nxt.strip()[0].isupper():
                continue
            if text[m.end(2):m.end(2) + 1] in "-\u2010":
                continue  # `; Non-kapitalisme`: a compound, often a parallel heading
            ls, le = doc.line_bounds(m.start())
            # The clause before this semicolon: back to the previous one, not the line's start
            # (a slice or a search from there per match is quadratic on one long line).
            clause = text[max(ls, text.rfind(";", ls, m.start()) + 1):m.start()]
            if ":" in clause and " " not in clause.rsplit(":", 1)[1].strip():
                continue  # `Kapasitas: 78.639; Dua ...`: label-value items, not clauses
            if _ENTITY_BEFORE.search(text, doc.back(m.start(), 40), m.start()):
                continue
            ends = line_ends.get(ls)
            if ends is None:
                ends = line_ends[ls] = _LINE_END.search(text, max(ls, le - 200), le) is not None
            if not ends:
                continue
            yield self.replace(m.start(2), m.start(2) + 1, low[0],
                               f"no capital after a semicolon: `{low}`")


_PREPOSITIONS = ("Di", "Ke", "Dari", "Untuk", "Pada", "Dengan", "Dalam", "Oleh", "Bagi",
                 "Tentang", "Kepada", "Yang", "Dan", "Atau", "Sebagai", "Sejak", "Selama")
_ABBR_PREP = re.compile(
    rf"(?<![\w.])((?:[A-Z][a-z]?\.){{2,}})({HS}+)({'|'.join(_PREPOSITIONS)})(?=[ \t])")


class CapitalPrepositionAfterAbbreviation(Rule):
    code = "CA002"
    name = "capital-after-abbreviation-stop"
    summary = "Preposition capitalised after an abbreviation's full stop (`gelar Ph.D. Di London`)"
    doc = """
    What it does
        ``gelar Ph.D. Di London`` → ``gelar Ph.D. di London``; ``kamera P.I. Untuk misi
        Cassini`` → ``kamera P.I. untuk misi Cassini``.

    Why
        The full stop of an abbreviation (Ph.D., M.A., P.I.) does not end the sentence; MT
        and some writers treat it as a sentence end and capitalise the next word.

    Not touched
        Anything but a dotted abbreviation of two or more letters followed by a preposition or
        conjunction (di, ke, dari, untuk, pada, dengan, dalam, oleh, bagi, tentang, kepada,
        yang, dan, atau, sebagai, sejak, selama).

    Fix safety
        Unsafe: an abbreviation can also end a sentence, and the next sentence may start with
        the preposition (``...gelar Ph.D. Di Jakarta, dia bekerja...``). Measured on
        id-en-newsted-dev (5,000 lines each): fires on 1 gnmt, 1 gareng and 0 ref.id lines
        (``P.I. Untuk misi Cassini``: right).
    """
    fix_applicability = Applicability.UNSAFE
    examples = (
        Example("gelar Ph.D. Di London", "gelar Ph.D. di London", unsafe=True),
        Example("kamera P.I.  Untuk misi Cassini", "kamera P.I.  untuk misi Cassini", unsafe=True),
    )
    silent = ("gelar Ph.D. di London", "Dr. Di Jakarta", "di A.S. Mereka datang")
    triggers = tuple(f". {p.lower()}" for p in _PREPOSITIONS) + tuple(
        f".  {p.lower()}" for p in _PREPOSITIONS)

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, _ABBR_PREP):
            word = m.group(3)
            yield self.replace(m.start(3), m.start(3) + 1, word[0].lower(),
                               f"an abbreviation's full stop does not end the sentence: "
                               f"`{word.lower()}`")


_PIC = re.compile(r"(?<![\w./])Pic\.twitter\.com\b")


class CapitalisedTwitterPicLink(Rule):
    code = "CA003"
    name = "capitalised-pic-twitter-link"
    summary = "`Pic.twitter.com` link capitalised at a sentence start"
    severity = Severity.INFO
    doc = """
    What it does
        ``Pic.twitter.com/AbC123`` → ``pic.twitter.com/AbC123``.

    Why
        A link is written exactly as it is; MT capitalises it when an embedded tweet's
        ``pic.twitter.com`` link starts a line or follows a full stop.

    Fix safety
        Safe: the host name of a link is case-insensitive and Twitter writes it in lower
        case; the path after it is left as it is. Measured on id-en-newsted-dev: 0 lines
        (no embedded tweets in the sample); the rule is for news pages with embedded tweets.
    """
    examples = (Example("Pic.twitter.com/x8AbC — Tim (@tim) 3 Mei 2016",
                        "pic.twitter.com/x8AbC — Tim (@tim) 3 Mei 2016"),)
    silent = ("pic.twitter.com/x8AbC", "EPic.twitter.com", "https://Pic.twitter.com/x")
    triggers = ("pic.twitter.com",)

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, _PIC):
            yield self.replace(m.start(), m.start() + 1, "p", "a link is written in lower case: "
                               "`pic.twitter.com`")


# A speaker label at the start of a line (`AR:`, `(JC:`), then a word in lower case.
_SPEAKER = re.compile(rf"^(\(?)([A-Z]{{2,4}}:{HS}+)([a-z]+)(?![\w@.\-/])", re.MULTILINE)


class LowercaseAfterSpeakerLabel(Rule):
    code = "CA004"
    name = "lowercase-after-speaker-label"
    summary = "Speech after a speaker label starts in lower case (`AR: periksa saku`)"
    doc = """
    What it does
        ``AR: periksa saku kamu`` → ``AR: Periksa saku kamu``;
        ``(JC: terima kasih, Ruben.)`` → ``(JC: Terima kasih, Ruben.)``.

    Why
        In a transcript, a speaker's initials and a colon start the speaker's words: a new
        sentence, which EYD V starts with a capital (as for direct speech). MT lowercases the
        first word when it translates the words after the colon as a continuation.

    Not touched
        A label that is not at the start of the line (``kata AS: ini``), a label of one
        letter or of five or more (``CATATAN: ...``), a word that is not in hunspell-id's
        lexicon (a name, code, a handle), mixed case (``iPhone``), a word glued to ``@``,
        ``.``, ``-`` or ``/`` (``www.``, ``e-mail``).

    Fix safety
        Safe. Measured on id-en-newsted-dev (5,000 lines each): fires on 4 gnmt lines
        (``AR: periksa``, ``SW: saya kira``, ``(JC: terima kasih``, ``(RAM: terima kasih``),
        and the human reference capitalises all four; 0 ref.id lines.
    """
    examples = (
        Example("AR: periksa saku kamu", "AR: Periksa saku kamu"),
        Example("(JC: terima kasih, Ruben.)", "(JC: Terima kasih, Ruben.)"),
        Example("SW: saya kira begitu", "SW: Saya kira begitu"),
    )
    silent = ("AR: Periksa saku kamu", "kata AS: ini bukan", "CATATAN: baca ini",
              "A: ya", "TR: www.example.com", "BG: iPhone baru", "JC: kang_maman",
              "GTA: Vice City")
    triggers = (":",)

    def check(self, doc: Document) -> Iterator:
        lexicon = words()
        for m in self.scan(doc, _SPEAKER):
            word = m.group(3)
            if word not in lexicon:
                continue
            start = m.start(3)
            if doc.is_protected(start, m.end(3)):
                continue
            yield self.replace(start, start + 1, word[0].upper(),
                               f"speech after the speaker label `{m.group(2).strip()}` starts "
                               f"a sentence: `{word[0].upper()}{word[1:]}`")
