"""GL003–GL005: checks that compare each translated segment with its source segment.

They run only when the source is given (``mtfix check --source FILE``, line-aligned) and are
display-only: they say what looks wrong; the editor decides what to write.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator

from ..language.lexicon import is_word
from ..model import Applicability, Fix, Severity
from ..protect import _EMAIL, _PLACEHOLDER, _TAG, _URL
from ._text import ascii_whole
from .base import Document, Example, Rule
from .english import english_zipf

# -- where a segment diagnostic goes -------------------------------------------------------------


def segment_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span a whole-segment diagnostic is reported on: the line without its outer spaces."""
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- GL003: numbers (the reader: mtfix/language/numbers.py) ------------------------------------

def _numbers():
    """The number reader, imported when a source is there to compare with (a fix without one
    never needs it: importing it costs about 15 ms of a run's start)."""
    from ..language import numbers

    return numbers


def __getattr__(name: str):
    # `from mtfix.rules.bilingual import missing_numbers, source_numbers` (eval/) still works.
    if name in ("missing_numbers", "source_numbers"):
        return getattr(_numbers(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class NumberMismatch(Rule):
    code = "GL003"
    needs_source = True
    name = "number-mismatch"
    summary = "A number in the source segment is missing from the translation"
    severity = Severity.ERROR
    fix_applicability = Applicability.DISPLAY_ONLY
    doc = """
    What it does
        With the source text (``--source FILE``, line-aligned): reports each number of a
        source segment whose value the translation does not express. Values are compared,
        not strings: English ``16.6``, ``1,000``, ``1,000.5`` equal Indonesian ``16,6``,
        ``1.000``, ``1.000,5``, and a translation's ambiguous number is read both ways (MT
        often copies the English form). Scale words count (``16.6 billion`` = ``16,6
        miliar`` = ``16.600.000.000``, ``$2.4m`` = ``2,4 juta``), and so do number words
        (``3`` = ``tiga``, ``20`` = ``dua puluh``, ``1`` = ``seorang``/``sebuah``, ``1st`` =
        ``pertama``, ``10th`` = ``kesepuluh``). Times: ``8pm`` = ``20.00``/``pukul 8``,
        ``10:30`` = ``10.30``; dates and ratios are compared part by part (``24/7``), with
        month names (``9/11`` = ``11 September``); decades (``1990s`` = ``90-an``) and short
        years (``'90s``, ``2013/14``) may take either form. Numbers inside URLs, e-mail
        addresses, tags and placeholders are left to GL004.

    Why
        A dropped or altered number (an amount, a date, a score) changes what the text says
        and is among the most costly MT errors, yet a monolingual reader cannot see it.

    Fix safety
        Display-only: the diagnostic names the source number; where it goes in the sentence
        is the editor's call. The segment is reported once, on the whole line.
    """
    examples = (
        Example("Kita tahu sekitar 106 juta orang pernah hidup.",
                flagged="Kita tahu sekitar 106 juta orang pernah hidup.",
                source="We know that about 106 billion people have ever lived."),
        Example("Defisit mencapai Rp353,6 triliun atau sekitar persen dari PDB.",
                flagged="Defisit mencapai Rp353,6 triliun atau sekitar persen dari PDB.",
                source="The deficit reached Rp353.6 trillion or about 3.83 percent of the GDP."),
        Example("Mereka tiba pada hari Senin.", flagged="Mereka tiba pada hari Senin.",
                source="They arrived on March 3."),
        Example("Manuel Pellegrini — Malaga (£ 2,9 miliar)",
                flagged="Manuel Pellegrini — Malaga (£ 2,9 miliar)",
                source="Manuel Pellegrini — Malaga (£2.9m)"),
        Example("Dia mencetak gol dalam imbang 1-2 melawan Everton.",
                flagged="Dia mencetak gol dalam imbang 1-2 melawan Everton.",
                source="He scored in a 1-1 draw against Everton."),
        Example("Final di Berlin pada 7 Juni.", flagged="Final di Berlin pada 7 Juni.",
                source="The final is in Berlin on June 6."),
        Example("Oh, setengah miliar wanita", flagged="Oh, setengah miliar wanita",
                source="Oh, half a million women"),
    )
    silent = (
        Example("Begitu pula Thailand, surplus 10 juta ton.",
                source="Similarly, Thailand, a surplus of 10 million tonnes."),
        Example("Utang: Rp229,68 triliun dan 1.000,5 ton",
                source="Debt: Rp229.68 trillion and 1,000.5 tons"),
        Example("Kontrak senilai 16,6 miliar dolar dan 2,4 juta pound",
                source="A $16.6 billion deal and £2.4m"),
        Example("Harganya 1,000 dolar, naik 5%", source="It costs $1,000, up 5 per cent"),
        Example("Ada tiga gol dalam 20 menit pertama.",
                source="Three goals in the first 20 minutes."),
        Example("Acara dimulai pukul 20.00 pada 11 September 2001.",
                source="The event starts at 8pm on 9/11/2001."),
        Example("Dia berada di urutan kesepuluh, seorang diri.",
                source="He was 10th, 1 man alone."),
        Example("Musim 2013-14 di tahun 90-an", source="The 2013-14 season in the '90s"),
        Example("Lihat https://x.id/a/2021 dan {0}", source="See https://x.id/a/2020 and {0}"),
        Example("Rapat pukul 20.30 pada 5 Desember 2014, lalu pukul 00.00",
                source="The meeting is at 8:30 p.m. on 5/12/2014, then at 12am"),
        Example("Sekitar satu setengah juta orang dan dua puluh lima ribu penggemar",
                source="About 1.5 million people and 25,000 fans"),
        Example("Kami harus melakukannya bersebelas.", source="We have to do it with 11."),
        Example("sekitar Rp20 ribuan per kilogram, 12 trilliun watt",
                source="around Rp20 thousand per kilogram, 12 trillion watts"),
        Example("menghindari 28 juta kasus baru", source="avoid 28 new million cases"),
        Example("meraih setengah juta dolar, lima ratus ribu orang",
                source="won half a million dollars, half a million people"),
        Example("setengah dari satu juta perempuan", source="half a million women"),
        Example("merugikan negara Rp243,6 miliar.", source="cost the state Rp243, 6 billion."),
        Example("Harganya $1,000.50 atau Rp1.000,50 (H1N1, COVID-19)",
                source="It costs $1,000.50 or Rp1,000.50 (H1N1, COVID-19)"),
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        missing_numbers = None
        for start, end, source in doc.aligned_lines():
            if missing_numbers is None:  # imported once a document, not once a line
                missing_numbers = _numbers().missing_numbers
            line = text[start:end]
            missing = missing_numbers(source, line)
            if not missing:
                continue
            a, b = segment_span(doc, start, end)
            listed = ", ".join(missing)
            noun = "number" if len(missing) == 1 else "numbers"
            yield self.diag(a, b, f"source {noun} {listed} not found in the translation")


# -- GL004: protected spans ----------------------------------------------------------------------

_URL_EMAIL_PH = re.compile("|".join(f"(?:{p})" for p in (_URL, _EMAIL, _PLACEHOLDER)))
_TAG_RE = re.compile(_TAG, re.DOTALL)
# A literal each span of _URL_EMAIL_PH and _TAG_RE holds ("://", "www.", "WWW.", "@", "{",
# "%", "<"): one search, not a scan per marker.
_SPAN_HINT = re.compile(r"://|www\.|WWW\.|[@{%<]")
_NO_SPANS: tuple[Counter, Counter] = (Counter(), Counter())  # shared: never changed


def _spans(line: str) -> tuple[Counter, Counter]:
    """The URLs, e-mail addresses, placeholders and tags of a line, counted (read only)."""
    if _SPAN_HINT.search(line) is None:
        return _NO_SPANS
    return (Counter(m.group() for m in _URL_EMAIL_PH.finditer(line)),
            Counter(m.group() for m in _TAG_RE.finditer(line)))


_METAVAR = re.compile(r"<([^\W\d][\w.-]*)>")


def _localised_metavariables(source: str, src_tags: Counter, tgt_tags: Counter) -> list[str]:
    """The source's tags the translation lacks, less the angle-bracket metavariables it
    localised (``<file>`` → ``<berkas>``): a bare ``<word>`` with no ``</word>`` in the source
    is matched by any bare ``<word>`` of the translation that the source does not have."""
    missing = src_tags - tgt_tags
    extra = tgt_tags - src_tags
    spare = sum(n for t, n in extra.items() if _METAVAR.fullmatch(t))
    out = []
    for tag in missing.elements():
        m = _METAVAR.fullmatch(tag)
        if m and spare and f"</{m.group(1)}>" not in source:
            spare -= 1
            continue
        out.append(tag)
    return out


class ProtectedSpanMismatch(Rule):
    code = "GL004"
    needs_source = True
    name = "protected-span-mismatch"
    summary = "A URL, e-mail address, placeholder or tag of the source is missing or altered"
    fix_applicability = Applicability.DISPLAY_ONLY
    severity = Severity.ERROR
    doc = """
    What it does
        With the source text (``--source FILE``, line-aligned): reports URLs, e-mail
        addresses, format placeholders (``{name}``, ``%s``, ``%(x)d``, ``${x}``, ``{{x}}``)
        and HTML/XML tags of a source segment that the translation lacks, compared as exact
        strings; tags are compared as a multiset (two ``<b>`` in the source need two in the
        translation).

    Why
        MT translates, respaces or drops these (``{nama}`` for ``{name}``, ``% s``, ``< b>``):
        a broken placeholder crashes the software that fills it in, a broken link or tag
        breaks the page.

    Fix safety
        Display-only: the editor puts the span back where it belongs.
    """
    examples = (
        Example("Halo {nama}, selamat datang", flagged="Halo {nama}, selamat datang", source="Hello {name}, welcome"),
        Example("Kirim ke info@contoh.com", flagged="Kirim ke info@contoh.com",
                source="Send it to info@example.com"),
        Example("Klik <b>di sini</b> sekarang", flagged="Klik <b>di sini</b> sekarang",
                source="Click <b>here</b> <b>now</b>"),
        Example("Buka www.example.com dan % s", flagged="Buka www.example.com dan % s",
                source="Open www.example.com and %s"),
        Example("Klik <i>di sini</i>", flagged="Klik <i>di sini</i>", source="Click <b>here</b>"),
        Example("Salin ke <tujuan>", flagged="Salin ke <tujuan>", source="Copy <file> to <dest>"),
    )
    silent = (
        Example("Halo {name}, Anda punya %d pesan di https://x.com/inbox.",
                source="Hello {name}, you have %d messages at https://x.com/inbox."),
        Example("<i>Halo</i> <b>dunia</b>", source="<b>Hello</b> <i>world</i>"),
        Example("Naik 50% dari tahun lalu", source="Up 50% on last year"),
        Example("Salin <berkas> ke <tujuan>", source="Copy <file> to <dest>"),
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for start, end, source in doc.aligned_lines():
            src_spans, src_tags = _spans(source)
            if not src_spans and not src_tags:
                continue
            tgt_spans, tgt_tags = _spans(text[start:end])
            missing = list((src_spans - tgt_spans).elements())
            missing += _localised_metavariables(source, src_tags, tgt_tags)
            if not missing:
                continue
            a, b = segment_span(doc, start, end)
            shown = ", ".join(f"`{s}`" for s in dict.fromkeys(missing))
            yield self.diag(a, b, f"source has {shown}: missing or altered in the translation")


# -- GL005: untranslated segment -----------------------------------------------------------------

_LETTER_WORD = re.compile(r"(?<![\w'’\-@#./])[A-Za-z]+(?:['’][a-z]+)?(?![\w'’\-@/])")
MIN_WORDS = 4
MIN_ENGLISH = 2
MIN_ENGLISH_LEN = 4   # "of", "the", "too" are in titles kept in English (A Bridge too far)


@lru_cache(maxsize=65536)
def _english_word(word: str) -> bool:
    if len(word) < MIN_ENGLISH_LEN or word.isupper():
        return False
    if is_word(word):
        return False
    return english_zipf(word) is not None


class UntranslatedSegment(Rule):
    code = "GL005"
    needs_source = True
    name = "untranslated-segment"
    summary = "The translation is the source, untranslated"
    severity = Severity.ERROR
    fix_applicability = Applicability.DISPLAY_ONLY
    doc = f"""
    What it does
        With the source text (``--source FILE``, line-aligned): reports a segment whose
        translation equals its source (outer spaces aside) when it is real language: at
        least {MIN_WORDS} words, of which at least {MIN_ENGLISH} different ones look English
        (common in English, clearly rarer in Indonesian, and not in hunspell-id's word list,
        as for EN001) and have at least {MIN_ENGLISH_LEN} letters. Capitalised words other
        than the first do not count, nor do short words: a copied line of names or a title
        (``Manchester United vs Real Madrid``, ``Embrace of the Serpent``, ``A Bridge too
        far``) is not reported.

    Why
        MT systems pass a segment through unchanged when they fail on it; a copied name,
        number, code or title is fine, a copied English sentence is not.

    Fix safety
        Display-only: the segment needs translating.
    """
    examples = (
        Example("It's part of your life.", flagged="It's part of your life.",
                source="It's part of your life."),
        Example("  Thank you very much for this.", flagged="Thank you very much for this.",
                source="Thank you very much for this."),
    )
    silent = (
        Example("Sir Mick Jagger, 69", source="Sir Mick Jagger, 69"),
        Example("Manchester United vs Real Madrid", source="Manchester United vs Real Madrid"),
        Example("Itu bagian dari hidupmu.", source="It's part of your life."),
        Example("Ini adalah data video film", source="Ini adalah data video film"),
        Example("Read more here", source="Read more here"),
        Example("Joker: Whoa, whoa, whoa, oh!", source="Joker: Whoa, whoa, whoa, oh!"),
        Example("Embrace of the Serpent", source="Embrace of the Serpent"),
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for start, end, source in doc.aligned_lines():
            stripped = text[start:end].strip()
            if stripped != source.strip():
                continue
            words = _LETTER_WORD.findall(stripped)
            if len(words) < MIN_WORDS:
                continue
            # Capitalised words after the first are mostly names and titles (Real Madrid).
            english = len({w.lower() for k, w in enumerate(words)
                           if (k == 0 or not w[0].isupper()) and _english_word(w)})
            if english < MIN_ENGLISH:
                continue
            a, b = segment_span(doc, start, end)
            yield self.diag(a, b, "the translation is the source text, untranslated")


# -- GL006: final punctuation of the source dropped ------------------------------------------------

_CLOSERS = "\"'\u201d\u2019)"
_SRC_END = re.compile(rf"(?<![.?!])([.?!])([{_CLOSERS}]*)[ \t]*$")
_TGT_END = re.compile(rf"[^\W_]([{_CLOSERS}]*)[ \t]*$")


_ABBREVIATIONS = frozenset(("etc", "inc", "ltd", "co", "corp", "jr", "sr", "st", "mr", "mrs",
                            "ms", "dr", "prof", "vs", "no", "approx", "dept", "est", "jan", "feb",
                            "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"))


def _abbreviation_end(before_dot: str) -> bool:
    """Whether the source's final dot ends an abbreviation (``a.m.``, ``Aug.``, ``etc.``), or
    the line is a single word (a label: ``Aug.``)."""
    words = before_dot.split()
    if len(words) < 2:
        return True
    last = words[-1].strip("\"'\u201c\u2018(")
    return "." in last or last.lower() in _ABBREVIATIONS


class DroppedFinalPunctuation(Rule):
    code = "GL006"
    severity = "warning"
    needs_source = True
    name = "dropped-final-punctuation"
    summary = "The source line ends with . ? or ! and the translation lost it"
    fix_note = "with a source only"
    doc = """
    What it does
        With the source text (``--source FILE``, line-aligned): when the source line ends
        with a full stop, question mark or exclamation mark (after it only closing quotes or a
        bracket) and the translation ends with a letter or digit (and the same closing quotes
        or bracket), adds the mark: ``Apa yang kamu lakukan`` ← "What are you doing?" →
        ``Apa yang kamu lakukan?``; ``"Ayo pergi"`` ← ``"Let's go."`` → ``"Ayo pergi."``.

    Why
        MT systems drop a segment's final mark, most often a question mark, and a question
        without one reads as a statement.

    Not touched
        An ellipsis or a run of marks in the source; a translation that ends with any other
        character (a colon, a dash, a mark of its own); closing quotes or brackets that do not
        match the source's (``kata`` ← ``"word."``: where the mark goes is unclear).

    Fix safety
        Safe: 30 of 30 such lines of the dev data's GNMT output lost the mark the source has;
        in the human reference 8 lines end without it, all but a talk title ("Trust,
        morality — and oxytocin?") read well with it. In Django's human-translated catalogs
        3 msgstrs lost the msgid's full stop; the abbreviations there (``a.m.``, ``Aug.``)
        are left alone.
    """
    examples = (
        Example("Apa yang kamu lakukan", "Apa yang kamu lakukan?", source="What are you doing?",
                span=(20, 21)),
        Example("Kamu harus tampil", "Kamu harus tampil.", source="You have to perform.",
                span=(16, 17)),
        Example('Dia berkata, "Ayo pergi"', 'Dia berkata, "Ayo pergi."',
                source='He said, "Let\'s go."', span=(22, 23)),
        Example("Awas", "Awas!", source="Watch out!", span=(3, 4)),
    )
    silent = (
        Example("Apa yang kamu lakukan?", source="What are you doing?"),
        Example("Dan kemudian", source="And then..."),
        Example("Daftar berikut:", source="The following list."),
        Example("Kamu tahu", source="You know"),
        Example("kata dia", source='"he said."'),
        Example("6 pagi", source="6 a.m."),
        Example("Agu", source="Aug."),
        Example("p.m", source="p.m."),
        Example("dan lain-lain", source="and so on, etc."),
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for start, end, source in doc.aligned_lines():
            sm = _SRC_END.search(source)
            if sm is None:
                continue
            tm = _TGT_END.search(text, start, end)
            if tm is None:
                continue
            if len(tm.group(1)) != len(sm.group(2)) or any(
                    (a == ")") != (b == ")") for a, b in zip(tm.group(1), sm.group(2))):
                continue
            mark = sm.group(1)
            if mark == "." and _abbreviation_end(source[:sm.start()]):
                continue  # `a.m.`, `Aug.`: the dot belongs to the word
            at = tm.start(1)
            yield self.diag(at - 1, at, f"the source ends with `{mark}`: add it",
                            Fix.replace(at, at, mark))


# -- GL007: hashtag or handle split by a space -------------------------------------------------------

class SplitHashtag(Rule):
    code = "GL007"
    severity = "warning"
    needs_source = True
    name = "split-hashtag-or-handle"
    summary = "A hashtag or @handle of the source split by a space"
    fix_note = "with a source only"
    doc = """
    What it does
        With the source text: ``# indonesia`` where the source has ``#indonesia``, ``@ username``
        where it has ``@username``: the space goes.

    Why
        MT tokenisers split ``#`` and ``@`` off the word; a split hashtag or handle no longer
        links.

    Not touched
        A ``#`` or ``@`` followed by a word the source does not have joined to it (``# 1``,
        ``@ 5 dolar``).

    Fix safety
        Safe: the joined form is in the source.
    """
    examples = (
        Example("Ikuti # indonesia sekarang", "Ikuti #indonesia sekarang",
                source="Follow #indonesia now", flagged="# indonesia"),
        Example("kata @ username kemarin", "kata @username kemarin",
                source="said @username yesterday", flagged="@ username"),
    )
    silent = (
        Example("nomor # 1 di dunia", source="number # 1 in the world"),
        Example("harga @ 5 dolar", source="price @ 5 dollars"),
        Example("Ikuti #indonesia", source="Follow #indonesia"),
    )
    triggers = ("# ", "@ ")
    _re = re.compile(r"(?<![\w#@])([#@])([ \u00a0]+)(\w+)")

    def check(self, doc: Document) -> Iterator:
        if doc.source_lines is None:
            return
        for m in self.scan(doc, self._re):
            source = doc.source_line(m.start())
            if source is None:
                continue
            joined = m.group(1) + m.group(3)
            if not (ascii_whole(source, joined.lower(), "#@")
                    if source.isascii() and joined.isascii() else
                    re.search(rf"(?<![\w#@]){re.escape(joined)}(?!\w)", source, re.IGNORECASE)):
                continue
            yield self.diag(m.start(), m.end(), f"`{m.group()}`: the source has `{joined}`",
                            Fix.replace(m.start(2), m.end(2), ""))
