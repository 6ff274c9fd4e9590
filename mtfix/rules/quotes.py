"""QU: quotation marks detached from the sentence they close."""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from ..language.lexicon import data_tsv
from ..model import Severity, replacement
from .base import Document, Example, Rule


def _speech_verbs() -> tuple[str, frozenset[str]]:
    """A regex alternation of the speech verbs, and the ambiguous ones."""
    rows = data_tsv("speech_verbs.txt")
    words = sorted({r[0].lower() for r in rows}, key=len, reverse=True)
    ambiguous = frozenset(r[0].lower() for r in rows if len(r) > 1 and r[1] == "ambiguous")
    return "|".join(re.escape(w) for w in words), ambiguous


# After a quote with no partner on its line, an ambiguous verb must read as attribution:
# followed by a name, a pronoun, or the end of the clause (`, "jelasnya.`, `, "tegas Yoo`).
# Otherwise `Ia menjawab, "jelas tidak mungkin` (an opening quote) would be "fixed".
_ATTRIBUTION_TAIL = re.compile(
    r"(?:nya)?(?:[.,;:!?]|\s*$|\s+(?:[A-Z]|dia\b|ia\b|mereka\b|beliau\b|kami\b|saya\b|"
    r"kepada\b|usai\b|saat\b|ketika\b|dalam\b|di\b|melalui\b|seraya\b|sambil\b))")


class _StraightQuotes:
    """The straight double quotes of each line, found once per line: counting them from the
    line start for every match is quadratic on a long line (`, "katanya , "katanya …`)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.lines: dict[int, list[int]] = {}
        self._last = (1, 0, [])   # (start, end, quotes) of the line asked about last

    def _line(self, pos: int) -> list[int]:
        start, end, found = self._last
        if start <= pos <= end:
            return found  # the matches come in text order: mostly the same line again
        start, end = self.doc.line_bounds(pos)
        found = self.lines.get(start)
        if found is None:
            text = self.doc.text
            found = []
            i = text.find('"', start, end)
            while i != -1:
                found.append(i)
                i = text.find('"', i + 1, end)
            self.lines[start] = found
        self._last = (start, end, found)
        return found

    def closing(self, pos: int) -> bool:
        """A straight double quote closes when an odd number of them precede it on its line."""
        return bisect.bisect_left(self._line(pos), pos) % 2 == 1

    def closing_and_later(self, pos: int) -> tuple[bool, bool]:
        """For the straight quote at ``pos``: (:meth:`closing`, whether another one follows
        on its line), from one look-up."""
        found = self._line(pos)
        k = bisect.bisect_left(found, pos)   # found[k] == pos
        return k % 2 == 1, k + 1 < len(found)


class DetachedClosingQuote(Rule):
    code = "QU001"
    fix_note = '`memulai, "katanya.`'
    name = "detached-closing-quote"
    summary = 'Comma left outside the closing quote before a speech verb (`, "katanya`)'
    doc = """
    What it does
        ``memulai, "katanya.`` → ``memulai," katanya.``: the comma goes inside the closing
        quote and the quote stays with the quotation, before the speech verb
        (``kata``, ``ujar``, ``tambah``, ... in ``mtfix/data/speech_verbs.txt``).

    Why
        MT systems and some detokenisers move the closing quote after the comma, gluing it to
        the attribution. PUEBI: ``"Saya senang," katanya.``

    Not touched
        An opening quote. A straight ``"`` counts as closing when an odd number of ``"``
        precede it on the line, or when no ``"`` follows it (segmenters cut quotations across
        lines: ``Saya tidak sabar untuk memulai, "katanya.``); ``Ia berkata, "kata itu ..."``
        is left alone. Only lowercase speech verbs match: PUEBI starts a quotation with a
        capital.

    Fix safety
        Safe.
    """
    examples = (
        Example('"Kami mulai dari sini, "katanya.', '"Kami mulai dari sini," katanya.', flagged=', "'),
        Example('Saya tidak sabar untuk memulai, "katanya.', 'Saya tidak sabar untuk memulai," katanya.', flagged=', "'),
        Example('Ini tidak benar, "kata manajer City Roberto Mancini.',
                'Ini tidak benar," kata manajer City Roberto Mancini.', flagged=', "'),
        Example('Kami tidak mundur, "tegas Andi.', 'Kami tidak mundur," tegas Andi.', flagged=', "'),
        Example('"Jadi ada 10 nama, "tambah Andi.', '"Jadi ada 10 nama," tambah Andi.', flagged=', "'),
        Example('“Kami siap, ” kata dia.', '“Kami siap,” kata dia.', flagged=", ” "),
        Example('"Ya, " ujarnya.', '"Ya," ujarnya.', flagged=', " '),
    )
    silent = ('Ia berkata, "kata itu tidak ada."', '"Ya," katanya.', 'Ia berkata, "Kata itu',
              'Ia menjawab, "jelas tidak mungkin', 'Ia bilang, "tanya saja ke dia',
              '"Ya", kata dia.', 'memulai, "katalog baru"')

    triggers = (', "', ", \u201d")

    def __init__(self) -> None:
        verbs, self._ambiguous = _speech_verbs()
        self._re = re.compile(rf'(?<=\S),( *)(["\u201d])( *)(?=(?:{verbs})(?![\w-]))')
        self._verb = re.compile(rf"(?:{verbs})(?![\w-])")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        quotes = _StraightQuotes(doc)
        code, severity, app = self.code, self.severity, self.fix_applicability  # (self.replace)
        for m in self.scan(doc, self._re):
            if not m.group(1):
                continue  # `,"kata` / `," kata`: the quote already follows the comma
            quote = m.group(2)
            if quote == '"':
                # Closing when it pairs with an opening quote on the line, or when none follows
                # it (segmenters cut quotations across lines). An opening quote would be
                # followed by a capital (PUEBI); the speech verbs matched here are lowercase.
                closing, later = quotes.closing_and_later(m.start(2))
                if not closing:
                    if later:
                        continue  # a later quote closes this one: it opens a quotation
                    verb = self._verb.match(text, m.end())
                    if verb.group().lower() in self._ambiguous and not _ATTRIBUTION_TAIL.match(
                            text, verb.end(), doc.line_bounds(m.start())[1]):
                        continue
            start, end = m.span()
            yield replacement(code, "closing quote detached from its sentence", start, end,
                              severity, f",{quote} ", app)


class SpaceBeforeFinalQuote(Rule):
    code = "QU002"
    name = "space-before-final-quote"
    summary = "Space before the closing quote at the end of a line"
    doc = """
    What it does
        ``sangat mengerikan. "`` → ``sangat mengerikan."`` and ``terus tumbuh, ”`` →
        ``terus tumbuh,”`` when the quote ends the line.

    Why
        A quote mark at the end of a line closes a quotation; the space detaches it, and
        line-breaking renderers may orphan it on a line of its own.

    Not touched
        A quote mark that is not last on its line, or that follows something other than a
        letter, digit or ``. , ! ? …``; a lone ``"`` after a comma or colon with no quotation
        open on the line (``ia berkata, "``: it opens a quotation continued below).

    Fix safety
        Safe.
    """
    examples = (
        Example("man ... sangat mengerikan. '", "man ... sangat mengerikan.'"),
        Example('"Hubungan kita terus tumbuh, "', '"Hubungan kita terus tumbuh,"'),
        Example("yang kuat ”\nbaris", "yang kuat”\nbaris"),
    )
    silent = ('kata "ya" lalu', '"', 'a - "', 'kuat."', 'ia berkata, "', 'katanya: "')
    triggers = (' "', " '", " \u201d", " \u2019")
    _re = re.compile(r"(?m)(?<=[\w.,!?…])( +)([\"'\u201d\u2019])(?=[ \t]*\r?$)")

    _TAIL = " \t\"'\u201d\u2019\r"

    def _matches(self, doc: Document) -> Iterator[re.Match]:
        """The pattern's matches. A match and the rest of its line are spaces, quote marks
        and a \\r only: on each line with a trigger hit the search starts where that tail of
        the line starts, not at the line's start (most hits are opening quotes)."""
        hits = doc.hits.get(self.code)
        if hits is None:
            yield from self.scan(doc, self._re)
            return
        text = doc.text
        tail_chars = self._TAIL
        for start, end in doc.regions(self.code, True):
            tail = end   # where the line's tail of spaces and quote marks starts: walked back,
            while tail > start and text[tail - 1] in tail_chars:   # not a copy of the line
                tail -= 1
            yield from self._re.finditer(text, tail, end)

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        quotes = _StraightQuotes(doc)
        for m in self._matches(doc):
            if m.group(2) == '"' and text[m.start(1) - 1] in ",:":
                if not quotes.closing(m.start(2)):
                    continue  # `ia berkata, "` opens a quotation continued on the next line
            yield self.replace(m.start(1), m.end(1), "", "space before the closing quote")


class PunctuationOutsideQuote(Rule):
    code = "QU003"
    name = "punctuation-outside-closing-quote"
    summary = "Comma or period after the closing quote instead of before it"
    severity = Severity.INFO
    default = False
    doc = """
    What it does
        ``... lebih kuat”, kata Lee`` → ``... lebih kuat,” kata Lee``: PUEBI puts the comma or
        period that ends a quotation inside the closing quote.

    Why
        English house styles differ (British style puts it outside), and MT copies the
        source's convention.

    Off by default
        Both placements are common in published Indonesian news; a newsroom that follows PUEBI
        strictly turns it on with ``--select QU003``.

    Fix safety
        Safe when selected.
    """
    examples = (Example("yang lebih kuat”, kata Lee", "yang lebih kuat,” kata Lee"),
                Example('"Ya", kata dia.', '"Ya," kata dia.'))
    silent = ('"Ya," kata dia.', 'Ia berkata, "ya".x', 'kata "ya",lalu')
    triggers = ('",', '".', "\u201d,", "\u201d.")
    _re = re.compile(r"(?<=[\w!?…])([\"\u201d])([,.])(?= )")

    def check(self, doc: Document) -> Iterator:
        quotes = _StraightQuotes(doc)
        for m in self.scan(doc, self._re):
            if m.group(1) == '"':
                if not quotes.closing(m.start(1)):
                    continue
            yield self.replace(m.start(), m.end(), m.group(2) + m.group(1),
                               f"`{m.group(2)}` belongs inside the closing quote")
