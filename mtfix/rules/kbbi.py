"""KB: KBBI morphology and word division (EYD V): meN-/peN- before k/p/t/s, compounds written
together, bound forms written apart, the dotted abbreviation of Amerika Serikat.

Word knowledge comes from data files: the hunspell-id stem list (MPL-2.0,
``words_hunspell_id.txt``) and mtfix's own lists with their provenance in their headers.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar, Iterator

from ..model import Applicability
from ..language.lexicon import hyphenated, words
from ..language.morphology import affixes, clitics, melted_nasal, particles
from ._text import HS, HYPHENS, match_case
from .base import Document, Example, Rule
from .orthography import WordListRule

_LETTERS = r"[^\W\d_]"


def _stems(word: str) -> Iterator[str]:
    """``word`` and the forms left when an inflectional ending (clitic, particle) and/or a
    derivational suffix (-kan, -i, -an) is cut."""
    forms = [word]
    forms += [word[:-len(s)] for s in clitics() + particles(False) if word.endswith(s)]
    for f in list(forms):
        forms += [f[:-len(s)] for s in affixes("suffix") if f.endswith(s)]
    return iter(forms)


def _known_base(word: str, lexicon: frozenset[str], min_len: int = 4) -> str | None:
    for stem in _stems(word):
        if len(stem) >= min_len and stem in lexicon:
            return stem
    return None


def _at_sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'\u201c\u2018(\u2014\u2013-":
        i -= 1
    return i < 0 or text[i] in "\n.!?:;"


# --------------------------------------------------------------------------------------------
_UNMELTED = re.compile(
    rf"(?<![\w{HYPHENS}])([mMpP][eE])(mp|ngk|nt|ns|MP|NGK|NT|NS)([aeiouAEIOU]{_LETTERS}+)"
    rf"(?![\w{HYPHENS}])")


class UnmeltedNasalPrefix(Rule):
    code = "KB001"
    name = "unmelted-nasal-prefix"
    summary = "meN-/peN- keeps the k/p/t/s of its base (`mempengaruhi`, `mengkonfirmasi`)"
    doc = """
    What it does
        Melts the first consonant of the base into the prefix meN-/peN- when a vowel follows it,
        as KBBI/EYD V do: ``mempengaruhi`` → ``memengaruhi``, ``mengkonfirmasi`` →
        ``mengonfirmasi``, ``mensosialisasikan`` → ``menyosialisasikan``, ``mentaati`` →
        ``menaati``, ``pengkonsumsi`` → ``pengonsumsi``.

    Why
        The rule of KBBI: k, p, t, s at the start of a base melt into the nasal (pengaruh →
        memengaruhi, percaya → memercayai). Web text, and MT trained on it, keeps them.

    Not touched
        Consonant clusters (``memproduksi``, ``mentransfer``, ``mengkritik``, ``mengklaim``:
        the regex needs a vowel after the consonant); the prefix memper- (``memperbaiki``,
        ``mempertahankan``, ``memperoleh``: the word after ``per`` is a known base); the
        conventional ``mempunyai``, ``mempelajari``, ``mempekerjakan``, ``mengkaji``; any word
        that hunspell-id knows as it is, with or without a suffix (``menteri``, ``penting``,
        ``pensiun``, ``mentega``, ``pempek``); words whose base is not in hunspell-id
        (``memposting``); words whose melted form could come from another base (``mengkaji``
        vs ``mengaji``: ``aji`` is a word too); capitalised words inside a sentence (names:
        ``Menteng``).

    Fix safety
        Safe: the base must be a hunspell-id stem of four letters or more after cutting the
        suffixes (-nya/-lah/-kah/-pun, -kan/-i/-an), and the fixed form is the regular melted
        form of that base. Measured on id-en-newsted-dev (5,000 lines each): fires on 17 gnmt,
        22 gareng and 21 ref.id lines; every hit read is right (``mempengaruhi``,
        ``mengkonfirmasi``, ``mempercayai``, ``mengkonsumsi``, ``mentaati``...). ref.id
        itself writes ``mempengaruhi``: a human reference in the non-standard form.
    """
    examples = (
        Example("Hal itu mempengaruhi harga.", "Hal itu memengaruhi harga."),
        Example("Polisi mengkonfirmasi kejadian itu.", "Polisi mengonfirmasi kejadian itu."),
        Example("untuk mensosialisasikan aturan", "untuk menyosialisasikan aturan"),
        Example("Mempengaruhinya tidak mudah.", "Memengaruhinya tidak mudah."),
        Example("para pengkonsumsi narkoba", "para pengonsumsi narkoba"),
        Example("sulit mempercayai cerita itu", "sulit memercayai cerita itu"),
    )
    silent = ("memproduksi", "mentransfer", "mengkritik", "mengklaim", "memperbaiki",
              "mempertahankan", "memperoleh", "mempunyai", "mempelajari", "mempekerjakan",
              "mengkaji", "Menteri Keuangan", "sangat penting", "pentingnya", "pensiun",
              "mentega", "memposting", "di Menteng Jakarta", "memperkenalkan", "menteri-menteri")
    triggers = ("memp", "mengk", "ment", "mens", "pemp", "pengk", "pent", "pens")

    _EXCEPTIONS: ClassVar[frozenset[str]] = frozenset(
        "mempunyai mempelajari mempekerjakan mengkaji pengkaji pengkajian".split())

    # _standard's answers: they depend on the word and the data files only, and the same
    # words come back (`menteri`, `pentingnya`); bounded, emptied when full.
    _STANDARD: ClassVar[dict[tuple[str, str, str], str | None]] = {}

    def _standard(self, prefix: str, nasal: str, rest: str) -> str | None:
        """The melted form of prefix+nasal+rest (all lowercase), or None when unsure."""
        key = (prefix, nasal, rest)
        cache = self._STANDARD
        if key not in cache:
            if len(cache) >= 65536:
                cache.clear()
            cache[key] = self._melted(prefix, nasal, rest)
        return cache[key]

    def _melted(self, prefix: str, nasal: str, rest: str) -> str | None:
        lex = words()
        word = prefix + nasal + rest
        if _known_base(word, lex, 1) or any(word.startswith(e) for e in self._EXCEPTIONS):
            return None
        base_initial = nasal[-1]
        base = base_initial + rest
        if base.startswith("per") and (prefix == "me" or prefix == "pe"):
            if _known_base(base[3:], lex, 3):
                return None  # memper-: the p belongs to per-
        if not _known_base(base, lex):
            return None
        if _known_base(rest, lex, 3):
            return None  # the melted form could come from another base (kaji / aji)
        return prefix + melted_nasal(base_initial) + rest

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for m in self.scan_starts(doc, _UNMELTED):
            found = m.group()
            if found[0].isupper() and not found.isupper() and not _at_sentence_start(text, m.start()):
                continue
            low = found.lower()
            prefix, nasal, rest = m.group(1).lower(), m.group(2).lower(), m.group(3).lower()
            std = self._standard(prefix, nasal, rest)
            if std is None or std == low:
                continue
            fixed = match_case(found, std)
            yield self.replace(m.start(), m.end(), fixed,
                               f"the base's first consonant melts into the prefix: `{fixed}`")


# --------------------------------------------------------------------------------------------
class CompoundWrittenTogether(WordListRule):
    code = "KB002"
    name = "compound-written-together"
    summary = "Compound that KBBI writes apart, written as one word (`walikota`, `seringkali`)"
    data_file = "compounds.tsv"
    message = "KBBI writes `{found}` apart: `{right}`"
    doc = """
    What it does
        Writes apart the compounds that KBBI writes as two words when they carry no affix or
        only one: ``walikota`` → ``wali kota``, ``kerjasama`` → ``kerja sama``,
        ``Terimakasih`` → ``Terima kasih``, ``seringkali`` → ``sering kali``,
        ``diberitahu`` → ``diberi tahu``, ``bertanggungjawab`` → ``bertanggung jawab``.
        ``Walikota Surabaya`` (a title before a name) → ``Wali Kota Surabaya``.
        The list is ``mtfix/data/compounds.tsv``.

    Why
        EYD V writes compounds apart; with a prefix or a suffix only the nearest part joins
        (``diberi tahu``, ``bekerja sama``); with both a prefix and a suffix the whole joins
        (``memberitahukan``, ``pemberitahuan``, ``menandatangani``). MT copies the joined web
        spellings.

    Not touched
        The forms with both a prefix and a suffix (they are not in the list), the forms with a
        suffix only (``beritahukan``: rare and ill-attested), and ``dibalik`` (OR001 handles it
        as unsafe: it is also the passive of ``balik``).

    Fix safety
        Safe: each listed form has no other reading. Measured on id-en-newsted-dev (5,000
        lines each): fires on 22 gnmt, 13 gareng and 27 ref.id lines; every hit read is the
        compound (``memberitahu``, ``ibukota``, ``jurubicara``, ``Darimana``, ``kerjasama``).
    """
    examples = (
        Example("Walikota Surabaya hadir.", "Wali Kota Surabaya hadir."),
        Example("kerjasama kedua negara", "kerja sama kedua negara"),
        Example('"Terimakasih industrialisasi.', '"Terima kasih industrialisasi.'),
        Example("Seringkali dengan teknik inovatif.", "Sering kali dengan teknik inovatif."),
        Example("Beritahu kami apa yang Anda inginkan", "Beri tahu kami apa yang Anda inginkan"),
        Example("Ia diberitahu kemarin.", "Ia diberi tahu kemarin."),
        Example("pindah ke ibukota", "pindah ke ibu kota"),
    )
    silent = ("memberitahukan", "pemberitahuan", "menandatangani", "bekerja sama",
              "kerja sama", "dipertanggungjawabkan", "Ibu Kota Nusantara", "walikota-walikota")


# --------------------------------------------------------------------------------------------
# Bound forms (EYD V: "bentuk terikat") that MT writes apart or with a hyphen before a
# lowercase word. Left out on purpose: antar (also the verb "antar"), semi (musim semi),
# pro (pro dan kontra), super, ultra, inter, maha (Yang Maha Esa), eka/dwi/tri/panca (names).
_BOUND = ("pasca", "multi", "sub", "non", "anti", "pra")
_BOUND_APART = re.compile(
    rf"(?<![\w{HYPHENS}.])({'|'.join(_BOUND)})(?:({HS})|([{HYPHENS}]))({_LETTERS}+)(?![\w{HYPHENS}])",
    re.IGNORECASE)


class BoundFormApart(Rule):
    code = "KB003"
    name = "bound-form-apart"
    summary = "Bound form written apart or hyphenated before a lowercase word (`Sub judul`, `anti-korupsi`)"
    doc = """
    What it does
        Joins the bound forms pasca-, multi-, sub-, non-, anti-, pra- to the word they modify:
        ``Sub judul`` → ``Subjudul``, ``pasca konflik`` → ``pascakonflik``, ``multi agama``
        → ``multiagama``, ``anti-korupsi`` → ``antikorupsi``, ``pra-musim`` → ``pramusim``;
        before a capital it writes a hyphen: ``non Muslim`` → ``non-Muslim``, ``anti Amerika``
        → ``anti-Amerika``.

    Why
        EYD V writes bound forms together with the next word, with a hyphen only before a
        capital letter or a numeral. MT copies English spacing and hyphens.

    Not touched
        Bound forms that are also free words or name parts (antar "deliver", semi "sprout" in
        ``musim semi``, pro, super, maha in ``Yang Maha Esa``, dwi/tri in names); a lowercase
        next word that hunspell-id does not know (``non-spiking``: English); the
        bound form inside a capitalised name with a capitalised next word after sub/multi/pra
        (``Sub Sahara``); a hyphenated word hunspell-id lists (``antar-antar``).

    Fix safety
        Safe. Measured on id-en-newsted-dev (5,000 lines each): fires on 21 gnmt, 6 gareng and
        7 ref.id lines; every hit read is a bound form (``Sub judul`` in TED titles,
        ``anti-virus``, ``pra-musim``, ``non muslim``, ``anti Amerika``; ``anti-Islam`` is left as is).
    """
    examples = (
        Example("Ted Talk Sub judul dan Transkrip", "Ted Talk Subjudul dan Transkrip"),
        Example("wilayah pasca konflik", "wilayah pascakonflik"),
        Example("masyarakat multi agama", "masyarakat multiagama"),
        Example("gerakan anti-korupsi", "gerakan antikorupsi"),
        Example("warga non Muslim", "warga non-Muslim"),
        Example("laga pra-musim", "laga pramusim"),
    )
    silent = ("warga non-Muslim", "musim semi", "antar jemput", "non-spiking", "Afrika Sub-Sahara",
              "Sub Sahara", "antikorupsi", "gerakan anti- korupsi", "subjudul", "non sequitur",
              "anti-anti", "pasca-2000", "Status Non Aktif")
    triggers = _BOUND

    _CAPITAL_HYPHEN: ClassVar[frozenset[str]] = frozenset(("pasca", "non", "anti"))

    def check(self, doc: Document) -> Iterator:
        lex = words()
        for m in self.scan_starts(doc, _BOUND_APART):
            bound, space, hyphen, word = m.group(1), m.group(2), m.group(3), m.group(4)
            if word[0].isupper():
                if hyphen or bound.lower() not in self._CAPITAL_HYPHEN or word.isupper() \
                        or bound.isupper():
                    continue
                if bound[0].isupper():
                    continue  # `Non Aktif` in a title-case heading: not clearly a name
                fixed, what = bound + "-" + word, "a hyphen before a capital"
            else:
                if word.lower() in (b for b in _BOUND) or not _known_base(word.lower(), lex, 3):
                    continue
                if bound.isupper():
                    continue
                if bound.lower() + "-" + word.lower() in hyphenated():
                    continue
                fixed, what = bound + word, "written together"
            if doc.is_protected(m.start(), m.end()):
                continue
            yield self.replace(m.start(), m.end(), fixed,
                               f"the bound form `{bound.lower()}-` is {what}: `{fixed}`")


# --------------------------------------------------------------------------------------------
_AS = re.compile(r"(?<![\w.])A\.S\.(?=(\s*\$)|[\s,;:)\"'\u201d\u2019]|$)", re.MULTILINE)
_NEXT = re.compile(rf"{HS}*(\S+)")
_PREV = re.compile(rf"({_LETTERS}+){HS}+$")


class DottedAmerikaSerikat(Rule):
    code = "KB004"
    name = "dotted-as-abbreviation"
    summary = "`A.S.` for Amerika Serikat (English U.S.) instead of `AS`"
    doc = """
    What it does
        ``Duta Besar A.S. ke Jepang`` → ``Duta Besar AS ke Jepang``; ``suaka di A.S.`` at
        the end of a sentence → ``suaka di AS.``; ``A.S. $ 147`` → ``US$ 147``.

    Why
        The Indonesian abbreviation of Amerika Serikat is AS, without full stops (EYD V writes
        initialisms of names without stops). MT maps English "U.S." letter for letter.

    Not touched
        ``A.S.`` after a word hunspell-id does not know (initials of a name: ``Muhammad A.S.
        Hikam``).

    Fix safety
        Safe where the next character is lowercase, a comma, a closing bracket or quote, or
        the end of the line; unsafe before a capitalised word, where the full stop may also end
        the sentence (``Presiden A.S. Barack Obama``). Measured on id-en-newsted-dev (5,000
        lines each): 5 gnmt, 5 gareng and 1 ref.id line have ``A.S.``; every one is the
        country.
    """
    examples = (
        Example("Berkat Chernobyl, kita mendapatkan suaka di A.S.",
                "Berkat Chernobyl, kita mendapatkan suaka di AS.", flagged="A.S."),
        Example("Duta Besar A.S. ke Jepang", "Duta Besar AS ke Jepang"),
        Example("menghabiskan satu hari di A.S. $ 147,22.", "menghabiskan satu hari di US$ 147,22.",
                flagged="A.S. $"),
        Example("Presiden A.S. Barack Obama", "Presiden AS Barack Obama", unsafe=True),
    )
    silent = ("Muhammad A.S. Hikam", "di AS.", "U.S.A.S.", "penulis A.S. Byatt")
    triggers = ("a.s.",)

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        lex = words()
        for m in self.scan(doc, _AS):
            le = doc.line_bounds(m.start())[1]
            prev = _PREV.search(text, doc.back(m.start(), 100), m.start())
            if not prev or prev.group(1).lower() not in lex:
                continue
            if m.group(1):  # A.S. $ → US$
                dollar = text.index("$", m.end())
                yield self.replace(m.start(), dollar + 1, "US$", "`A.S. $` is written `US$`")
                continue
            nxt = _NEXT.match(text, m.end(), le)
            if nxt is None or nxt.group(1)[0] in "\"'\u201d\u2019)":
                rest = text[m.end():le].strip(" \t\"'\u201d\u2019)")
                fixed = "AS." if not rest else "AS"
                app = Applicability.SAFE
            elif nxt.group(1)[0].isupper():
                fixed, app = "AS", Applicability.UNSAFE
            else:
                fixed, app = "AS", Applicability.SAFE
            yield self.replace(m.start(), m.end(), fixed,
                               "the abbreviation of Amerika Serikat is `AS`", app)
