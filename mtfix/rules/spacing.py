"""WS: spacing damage left by MT detokenisation."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice, repeat
from operator import or_
from typing import Iterator

from ..model import Fix, replacement, replacement_within
from ._text import HS
from .base import Document, Example, Rule, keeps_source_spacing


class MultipleSpaces(Rule):
    code = "WS001"
    name = "multiple-spaces"
    summary = "Run of spaces between words"
    severity = "info"
    doc = """
    What it does
        Collapses two or more spaces between two non-space characters into one.

    Why
        Detokenisers and entity debris (``& amp;  Alice``) leave double spaces; they survive into
        HTML as visible gaps in some renderers and break phrase search.

    Not touched
        Indentation at the start of a line, tabs, and spaces at the end of a line.

    Fix safety
        Safe.
    """
    examples = (Example("Frankie &  Alice", "Frankie & Alice", flagged="  "),
                Example("kata   dia", "kata dia", flagged="   "))
    silent = ("  indented line", "a\tb", "one space only", "trailing  ")
    triggers = ("  ",)
    spacing_flagged = True  # with a source, the run is compared (keeps_source_spacing)
    _re = re.compile(r"(?<=\S) {2,}(?=\S)")

    def check(self, doc: Document) -> Iterator:
        # The finding spans the run; its fix deletes the spaces after the first, the minimal
        # edit (ERRANT's notion): the edit log and the diff show what went, and a fix of
        # another rule that starts at the run (a doubled word's `x  x`, a space before a
        # comma) holds all of it, so both no longer conflict for a pass (200,000 lines
        # `x  x`: a second pass over every line, fix 4.2 -> 2.3 s).
        code, severity, app = self.code, self.severity, self.fix_applicability
        for m in self.scan(doc, self._re):
            start, end = m.span()
            yield replacement_within(code, "several spaces between words", start, end,
                                     severity, start + 1, end, "", app)


class SpaceBeforePunctuation(Rule):
    code = "WS002"
    name = "space-before-punctuation"
    summary = "Space before , . ; : ! ? or )"
    doc = """
    What it does
        Removes spaces between a word and the punctuation mark that follows it:
        ``Rp9.000 .`` → ``Rp9.000.``, ``mobil ini ?`` → ``mobil ini?``, ``( kata )`` → ``( kata)``.

    Why
        PUEBI attaches these marks to the preceding word; MT tokenisers split them off.

    Not touched
        Ellipses (``Dan ... dia``: PUEBI spaces them), a dot that starts a word or number
        (``SLD .id``, ``.NET``, `` .5``), a colon or semicolon not followed by a space
        (``:)``, ``10 :30``), a colon between numbers (``skor 2 : 1``), and ``)`` with no
        ``(`` before it on the line.

    Fix safety
        Safe.
    """
    examples = (
        Example("Harga Rp9.000 . Harga ini", "Harga Rp9.000. Harga ini"),
        Example("Bagaimana memecahkannya ?", "Bagaimana memecahkannya?"),
        Example("kata dia , lalu", "kata dia, lalu"),
        Example("Pemain : Messi", "Pemain: Messi"),
        Example("(kata dia )", "(kata dia)"),
        Example("tidak !", "tidak!"),
    )
    silent = ("Dan ... dia tidak membelinya.", "10 nama SLD .id, kata",
              "senyum :)", "skor 2 : 1", "nilai .5", "a )", "Dan ...")
    triggers = (" ,", " .", " ;", " :", " !", " ?", " )")
    _re = re.compile(r"(?<=\S)( +)([,;!?)]|:(?=\s|$)|;(?=\s|$)|\.(?![.\w]))")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        code, severity, app = self.code, self.severity, self.fix_applicability  # (self.replace)
        first_paren: dict[int, int] = {}  # line start → its first `(` (-1: none)
        for m in self.scan(doc, self._re):
            before = text[m.start() - 1]
            mark = m.group(2)
            if before == "." and mark == ".":
                continue  # "... ." is an ellipsis style, not ours
            if mark in ",;:!?" and before in "([{":
                continue
            if mark == ":" and before.isdigit():
                nxt = text[m.end():m.end() + 2].lstrip(" ")
                if nxt[:1].isdigit():
                    continue  # a score or a ratio
            if mark == ")":
                # Once per line, not a slice of the line up to every `)` (quadratic).
                line_start, line_end = doc.line_bounds(m.start())
                paren = first_paren.get(line_start)
                if paren is None:
                    paren = first_paren[line_start] = text.find("(", line_start, line_end)
                if not 0 <= paren < m.start():
                    continue
            start, end = m.span(1)
            yield replacement(code, f"space before `{mark}`", start, end, severity, "", app)


class SpaceAfterOpeningParenthesis(Rule):
    code = "WS003"
    name = "space-after-opening-parenthesis"
    summary = "Space after ("
    doc = """
    What it does
        Removes spaces after an opening parenthesis when a closing one follows on the line:
        ``( G7)`` → ``(G7)``.

    Why
        PUEBI attaches brackets to what they enclose; MT tokenisers split them off.

    Fix safety
        Safe.
    """
    examples = (Example("sekelompok tujuh ( G7) KTT", "sekelompok tujuh (G7) KTT"),)
    silent = ("( lone paren", "(G7)", "a (\tb)")
    triggers = ("( ",)
    _re = re.compile(r"\(( +)(?=[^\s)])")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        last_paren: dict[int, int] = {}  # line start → its last `)` (-1: none)
        for m in self.scan(doc, self._re):
            # Once per line, not a slice of the rest of the line after every `(` (quadratic).
            line_start, line_end = doc.line_bounds(m.start())
            paren = last_paren.get(line_start)
            if paren is None:
                paren = last_paren[line_start] = text.rfind(")", line_start, line_end)
            if paren < m.end():
                continue
            yield self.replace(m.start(1), m.end(1), "", "space after `(`")


class SpacedCurrencySymbol(Rule):
    code = "WS004"
    name = "spaced-currency-symbol"
    summary = "Space between a currency symbol and its amount"
    severity = "info"
    doc = """
    What it does
        Removes the space between a currency symbol and the number after it:
        ``$ 16,6 miliar`` → ``$16,6 miliar``, ``£ 2,4m`` → ``£2,4m``, ``Rp 5.000`` → ``Rp5.000``.

    Why
        PUEBI writes currency symbols attached to the amount (``Rp5.000,00``); MT tokenisers
        split them off.

    Not touched
        ISO codes (``USD 5``, ``IDR 5.000``), which take a space.

    Fix safety
        Safe.
    """
    examples = (Example("bernilai $ 16,6 miliar", "bernilai $16,6 miliar"),
                Example("Korintus (£ 2,4m)", "Korintus (£2,4m)"),
                Example("harga Rp 5.000", "harga Rp5.000"),
                Example("US$ 5 juta", "US$5 juta"),
                Example("€ 30", "€30"))
    silent = ("USD 5 juta", "IDR 5.000", "$16,6 miliar", "Rpm 5", "harga $ tinggi")
    # Every match starts with one of these (the symbol, prefix included): the pattern is
    # tried at the hits alone (Rule.scan_starts). Scanned over each line holding a hit, its
    # lookbehind tried at every character: 0.2 s a pass on a 1.2 MB table with `Rp` on each
    # row.
    triggers = ("$", "£", "€", "¥", "₹", "Rp", "US$", "S$", "A$", "HK$", "NZ$", "C$")
    _re = re.compile(rf"(?<![^\W\d_])((?:US|S|A|HK|NZ|C)?\$|[£€¥₹]|Rp)({HS}+)(?=\d)")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan_starts(doc, self._re):
            yield self.replace(m.start(2), m.end(2), "",
                               f"space after currency symbol `{m.group(1)}`")


class SpacedSlash(Rule):
    code = "WS005"
    name = "spaced-slash"
    summary = "Spaces around a slash between two words"
    severity = "info"
    doc = """
    What it does
        ``HIV / AIDS`` → ``HIV/AIDS``, ``dan / atau`` → ``dan/atau``, ``8.5 / 10`` → ``8.5/10``.

    Why
        PUEBI writes the slash without spaces; MT tokenisers split it off.

    Not touched
        A slash with a space on one side only, or next to punctuation.

    Known limit
        A `` / `` used as a line separator when quoting verse is joined too; switch the rule off
        (``--ignore WS005``) for poetry.

    Fix safety
        Safe.
    """
    examples = (Example("kasus baru HIV / AIDS.", "kasus baru HIV/AIDS."),
                Example("Balotelli (8.5 / 10)", "Balotelli (8.5/10)"),
                Example("AC / DC — Angus Young", "AC/DC — Angus Young"))
    silent = ("HIV/AIDS", "a /b", "tanggal 1/2", "kata: / lalu")
    triggers = (" /",)
    _re = re.compile(r"(?<=[^\W_]) +/ +(?=[^\W_])")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, self._re):
            yield self.replace(m.start(), m.end(), "/", "spaces around `/`")


_ENTITIES = {"amp": "&", "quot": '"', "lt": "<", "gt": ">", "apos": "'"}


class BrokenHtmlEntity(Rule):
    code = "WS006"
    name = "broken-html-entity"
    summary = "HTML entity split by a space (`& amp;`)"
    doc = """
    What it does
        Turns HTML entities that MT split with a space back into their character:
        ``Dolce & amp; Gabbana`` → ``Dolce & Gabbana``, ``& quot;`` → ``"``, ``& # 39;`` → ``'``.

    Why
        Scraped source text carried escaped entities; the MT tokeniser split ``&amp;`` into
        ``& amp;``, which no renderer decodes.

    Not touched
        Well-formed entities (``&amp;``): they may be intended markup.

    Fix safety
        Safe.
    """
    examples = (Example("Dolce & amp; Gabbana", "Dolce & Gabbana", flagged="& amp;"),
                Example("Frankie & amp;  Alice", "Frankie &  Alice", flagged="& amp;"),
                Example("kata & quot;ya& quot;", 'kata "ya"', count=2))
    silent = ("Dolce &amp; Gabbana", "A & B", "& ampuh;")
    triggers = ("&",)
    _re = re.compile(r"&( +)(amp|quot|lt|gt|apos);")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, self._re):
            char = _ENTITIES[m.group(2)]
            yield self.replace(m.start(), m.end(), char, f"broken HTML entity `{m.group()}`")


class HyphenAsLineDash(Rule):
    code = "WS007"
    name = "hyphen-as-line-dash"
    summary = "Line starting with `- ` where the source had a dash"
    severity = "info"
    doc = """
    What it does
        A line that starts with a hyphen and a space (``- Perdana Menteri Norwegia ...``)
        gets the em dash the source had: ``— Perdana Menteri Norwegia ...``.

    Why
        Attribution and caption lines start with an em dash in news copy; MT systems turn it
        into a hyphen, which reads as a list bullet or a minus.

    Not touched
        Lists: when the previous or next non-blank line also starts with ``- ``, the hyphens
        are bullets. Lines starting ``-`` without a space, or ``--``. With a source (a PO,
        XLIFF or TMX unit, ``--source``), a line whose aligned source line does not start
        with a dash (— or –): ``msgid "- Save the file"``'s ``- Simpan berkas`` is a bullet.

    Known limit
        A single subtitle-style dialogue line (``- Halo``) is taken for a dash; switch the rule
        off (``--ignore WS007``) for subtitles.

    Fix safety
        Safe (26 of 26 such lines in the dev data's GNMT output had an em dash in the source).
    """
    examples = (Example("- Perdana Menteri Norwegia Erna Solberg.", "— Perdana Menteri Norwegia Erna Solberg.", flagged="- "),
                Example("teks\n- Ulin Yusron (@ulinyusron) 3 Mei 2016\nteks",
                        "teks\n— Ulin Yusron (@ulinyusron) 3 Mei 2016\nteks", flagged="- "),
                Example("- Perdana Menteri Italia Enrico Letta.",
                        "— Perdana Menteri Italia Enrico Letta.", flagged="- ",
                        source="— Italian Prime Minister Enrico Letta."))
    silent = ("- satu\n- dua", "- satu\n\n- dua", "-5 derajat", "-- catatan", "a - b",
              Example("- Simpan berkas", source="- Save the file"),
              Example("teks\n- Perdana Menteri Norwegia.", source="text\nNorway's Prime Minister."))
    triggers = ("- ",)
    _re = re.compile(r"(?m)^-( +)(?=[^\s-])")
    neighbour_sensitive = True

    def cut_ok(self, before: str, after: str) -> bool:
        # A line starting with a hyphen looks at the nearest non-blank line on each side, and
        # only asks whether it is a list item too: across a cut between two non-blank lines
        # it sees the other or nothing, the same answer unless both start with a hyphen.
        b, a = before.strip(), after.strip()
        return bool(b and a) and not (b.startswith("-") and a.startswith("-"))

    def check(self, doc: Document) -> Iterator:
        kinds: dict[int, int] = {}  # line index → _BLANK / _BULLET / _OTHER, for this pass
        text = doc.text
        sourced = doc.source is not None
        matches = self.scan(doc, self._re)
        # Every match starts a line and makes it a bullet to the lines around it. The matches
        # come a batch at a time: a line with a match line right above it (that line's break
        # just before it) or right below it (starting just after its break) is in a list,
        # which is what _neighbour_is_bullet answers, without its walk; the others are walked.
        while (batch := list(islice(matches, _WS007_BATCH))):
            starts = list(map(_MATCH_START, batch))
            breaks = list(map(text.find, repeat("\n", len(batch)), starts))  # or -1
            bullet_starts = set(starts)
            bullet_breaks = set(breaks)
            bullet_breaks.discard(-1)  # (the last line's: no break, and no line below it)
            listed = map(or_, map(bullet_breaks.__contains__, map((-1).__add__, starts)),
                         map(bullet_starts.__contains__, map((1).__add__, breaks)))
            for m, in_list, end in zip(batch, listed, breaks):
                if in_list and end != -1:  # (no break: `-1 + 1` is no line below)
                    continue
                start = m.start()
                if sourced and not _source_has_line_dash(doc.source_line(start)):
                    continue
                if self._neighbour_is_bullet(doc, start, kinds):
                    continue
                yield self.replace(start, m.end(), "— ", "hyphen used as a dash at line start")

    def _neighbour_is_bullet(self, doc: Document, offset: int,
                             kinds: dict[int, int] | None = None) -> bool:
        text, starts = doc.text, doc.line_starts
        n = len(starts)
        if kinds is None:
            kinds = {}
        i = bisect_right(starts, offset) - 1
        for step in (-1, 1):
            j = i + step
            while 0 <= j < n:
                kind = kinds.get(j)
                if kind is None:  # each line stripped once, not for each of its neighbours
                    line = text[starts[j]:starts[j + 1] if j + 1 < n else len(text)].strip()
                    kind = _BLANK if not line else (
                        _BULLET if line.startswith("- ") or line == "-" else _OTHER)
                    kinds[j] = kind
                if kind != _BLANK:
                    if kind == _BULLET:
                        return True
                    break
                j += step
        return False


def _source_has_line_dash(source: str | None) -> bool:
    """Whether an aligned source line gives WS007 its dash: it starts with an em or en dash,
    or there is no source line to ask (past the source's end, or blank: the lines do not
    align there, and the rule reads the translation alone, as without a source)."""
    if source is None:
        return True
    bare = source.lstrip()
    return not bare or bare[0] in "—–"


_BLANK, _BULLET, _OTHER = 0, 1, 2
_WS007_BATCH = 4096  # HyphenAsLineDash.check: matches looked at together
_MATCH_START = re.Match.start


class SpacedTimeColon(Rule):
    code = "WS008"
    name = "spaced-time-colon"
    summary = "Space after the colon of a lap or race time (`1: 47.632`)"
    doc = """
    What it does
        ``Yamaha 1: 47.632`` → ``Yamaha 1:47.632``: a minutes:seconds time with thousandths,
        split after the colon, at the end of a line of a results table (a rank number may
        follow: ``Ferrari 1: 41.780 19.``).

    Why
        MT tokenisers treat the colon as punctuation and add a space; sports results then read
        as a list ("1: 47.632").

    Not touched
        A colon followed by any other number (``Babak 1: 25 menit``, ``Tabel 1: 12,5 persen``):
        the colon may end a label.

    Fix safety
        Safe (23 of 23 such lines in each dev MT output; the source had ``1:47.632``).
    """
    examples = (Example("Valentino Rossi (Ita) Yamaha 1: 47.872", "Valentino Rossi (Ita) Yamaha 1:47.872"),
                Example("Ferrari 1: 41,780 19.", "Ferrari 1:41,780 19."))
    silent = ("Babak 1: 25 menit", "skor 2: 1", "1:47.632", "Tabel 1: 12,5 persen",
              "Tabel 2: 12,50 persen", "Tabel 1: 12.500 orang")
    triggers = tuple(f": {d}" for d in "012345") + tuple(f":  {d}" for d in "012345")
    # The time ends the line, or only a rank number follows: result tables.
    _re = re.compile(r"(?<![\d:])(\d{1,2}):( +)(?=[0-5]\d[.,]\d{3}(?:[ \t]+\d{1,3}\.?)?[ \t]*\r?$)",
                     re.MULTILINE)

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, self._re):
            yield self.replace(m.start(2), m.end(2), "", "space inside a time")


class SplitUsDollar(Rule):
    code = "WS009"
    severity = "info"
    name = "split-us-dollar"
    summary = "`US $` written apart"
    doc = """
    What it does
        ``US $ 0,95 miliar`` → ``US$0,95 miliar`` (WS004 then removes the space before the
        amount): the symbol for US dollars is written as one.

    Why
        MT tokenisers split ``US$`` into ``US $``.

    Not touched
        ``US`` not followed by ``$`` and an amount.

    Fix safety
        Safe, no source needed: ``US $`` before an amount is never anything else (1 line in
        the dev data's GNMT output, 0 in the human reference).
    """
    examples = (Example("surplus sebesar US $ 0,95 miliar", "surplus sebesar US$ 0,95 miliar",
                        flagged="US $"),
                Example("senilai US $5 juta", "senilai US$5 juta", flagged="US $"))
    silent = ("US$5 juta", "di US $ tinggi", "BUS $5")
    triggers = ("us $",)
    _re = re.compile(rf"(?<![^\W\d_])US({HS}+)\$(?={HS}*\d)")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, self._re):
            yield self.diag(m.start(), m.end(), "`US $`: write `US$`",
                            Fix.replace(m.start(1), m.end(1), ""))


# With a source, spacing the source has too is left alone (software catalogs: ``--help``
# columns, code such as ``(( expr ))``, ``{ CMD ; }``, `` / ``).
for _cls in (MultipleSpaces, SpaceBeforePunctuation, SpaceAfterOpeningParenthesis,
             SpacedCurrencySymbol, SpacedSlash, SpacedTimeColon):
    keeps_source_spacing(_cls)
