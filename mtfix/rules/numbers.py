"""NU: numbers in Indonesian form (thousands with a full stop, decimals with a comma).

Display-only for now: the engine never edits inside a protected span, and every number is one
(``mtfix/protect.py``), so a fix that rewrites a separator is refused. The corrected form is in
each message; once the engine lets a rule declare that it may rewrite a number's separators,
these rules can fix (their detection is already limited to the unambiguous cases).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Applicability, Severity
from ._text import HS
from .base import Document, Example, Rule

# 12,345.67 / 1,234,567.8: English thousands commas and a decimal point, both present.
_BOTH = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+)\.(\d+)(?![\w]|[.,]\d)([ \t]+[^\W\d_]+)?")


class EnglishNumberSeparators(Rule):
    code = "NU001"
    name = "english-number-separators"
    summary = "Number with English thousands commas and decimal point (`12,345.67`)"
    severity = Severity.ERROR
    doc = """
    What it does
        Flags ``12,345.67`` (write ``12.345,67``) and ``1,234,567.8`` (``1.234.567,8``).

    Why
        Indonesian writes thousands with a full stop and decimals with a comma (EYD V);
        MT copies the English separators.

    Not touched
        A number with only one kind of separator (``6,237``, ``3.4``: ambiguous on their
        own; see NU002), a group that is not three digits (``1,23.4``), a dotted sequence
        (``1,234.5.6``, versions, addresses).

    Fix safety
        Display-only (numbers are protected spans; see the module doc). The detection is
        unambiguous: with comma groups of exactly three digits followed by a point, the number
        can only be English. Measured on id-en-newsted-dev (5,000 lines each): 0 gnmt, 0 gareng,
        0 ref.id lines (Google NMT already converts these); kept for other MT systems.
    """
    fix_applicability = Applicability.DISPLAY_ONLY
    examples = (
        Example("indeks ditutup di 16,058.35 poin", flagged="16,058.35 poin"),
        Example("senilai 1,234,567.8 dolar", flagged="1,234,567.8 dolar"),
        Example("senilai 1,234,567.8.", flagged=" 1,234,567.8"),
    )
    silent = ("16.058,35", "6,237 orang", "versi 1,234.5.6", "1,23.4", "3.4 persen")
    triggers = tuple(f",{d}" for d in "0123456789")

    def check(self, doc: Document) -> Iterator:
        for m in self.scan(doc, _BOTH):
            fixed = m.group(1).replace(",", ".") + "," + m.group(2)
            # The number is a protected span: a flag wholly inside one is dropped, so the flag
            # takes the next word (the unit) or the character before.
            start = m.start() if m.group(3) else max(m.start() - 1, doc.line_bounds(m.start())[0])
            if start == m.start() and not m.group(3):
                continue  # a bare number at the start of a line: nothing to widen the flag to
            yield self.diag(start, m.end(), f"Indonesian number separators: write `{fixed}`")


_UNITS = ("persen", "%", "juta", "ribu", "miliar", "milyar", "triliun", "km", "kilometer",
          "meter", "mil", "kaki", "inci", "kg", "kilogram", "ton", "hektare", "hektar", "liter",
          "dolar", "poin", "derajat")
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# 3.4 persen / 12.8% / 87.3 mil / (8.5 / 10): a decimal point with one or two decimals (three
# would read as Indonesian thousands), before a unit word or an "out of ten" rating.
_DECIMAL = re.compile(
    rf"(?<![\w.,:/\-])(\d{{1,3}})\.(\d{{1,2}})"
    rf"(?:{HS}?(?:{_UNIT_RE})(?![\w])|{HS}*/{HS}*10(?![\d.,]))",
    re.IGNORECASE)
# £12.3m / $ 5.5bn: an English decimal and the English m/bn after a currency symbol.
_CURRENCY_M = re.compile(
    rf"(?<=[£$€]){HS}?(\d{{1,3}})\.(\d{{1,2}})(m|bn)(?![\w])")
_CLOCK_BEFORE = re.compile(rf"(?:pukul|jam|versi|ver|v){HS}*$", re.IGNORECASE)


class DecimalPointBeforeUnit(Rule):
    code = "NU002"
    name = "decimal-point-before-unit"
    summary = "Decimal point before a unit or `persen` (`3.4 persen`, `£12.3m`)"
    doc = """
    What it does
        ``turun 3.4 persen`` → ``turun 3,4 persen``; ``Hanura (12.8%)`` → ``(12,8%)``;
        ``87.3 mil`` → ``87,3 mil``; ``(8.5 / 10)`` → ``(8,5 / 10)``; ``£ 12.3m`` →
        ``£ 12,3 juta`` and ``$5.5bn`` → ``$5,5 miliar``: flags the number and gives the
        Indonesian form in the message.

    Why
        Indonesian decimals take a comma (EYD V); MT and writers copying English leave the
        point. Before a unit word (persen, %, juta, miliar, triliun, km, mil, kg, ton, hektare,
        dolar, poin...) a number with one or two digits after the point cannot be a thousands
        group, nor a clock time.

    Not touched
        Three digits after the point (``1.000 poin``, ``47.157 detik``: Indonesian
        thousands or lap times); clock times (``pukul 10.30``, ``jam 9.35``, no unit);
        versions (``CC BY 2.0``, ``versi 3.0 persen``); dotted sequences (dates
        ``12.05.2019``, addresses); a number with a comma already.

    Fix safety
        Display-only (numbers are protected spans; see the module doc). Measured on
        id-en-newsted-dev (5,000 lines each): flags 13 gnmt, 1 gareng and
        14 ref.id lines; every hit read is an English decimal, so a fix would be safe (``£ 12.3m`` transfer fees,
        ``3.4 persen``, ``27.04 dolar``, ``12.8%``, ``87.3 mil``, ``(8.5 / 10)``).
    """
    fix_applicability = Applicability.DISPLAY_ONLY
    examples = (
        Example("Saham itu turun 3.4 persen menjadi 27,04 dolar.", flagged="3.4 persen"),
        Example("Saham itu turun 3,4 persen menjadi 27.04 dolar.", flagged="27.04 dolar"),
        Example("Hanura (12.8%), Nasdem (10,8%)", flagged="12.8%"),
        Example("Mario Balotelli (8.5 / 10)", flagged="8.5 / 10"),
        Example("Real Madrid (£ 12.3m)", flagged="12.3m"),
        Example("senilai $5.5bn", flagged="5.5bn"),
    )
    silent = ("pukul 10.30 WIB", "1.000 poin", "47.157 detik", "CC BY 2.0", "3,4 persen",
              "12.05.2019 persen", "192.168.1.1", "jam 9.35 persen", "versi 3.0 persen",
              "£2.5million", "halaman 8.5 dan 10")
    triggers = tuple(f"{d}." for d in "0123456789")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for m in self.scan(doc, _DECIMAL):
            if _CLOCK_BEFORE.search(text, doc.back(m.start(), 100), m.start()):
                continue
            yield self.diag(m.start(), m.end(),
                            f"a decimal takes a comma: write `{m.group(1)},{m.group(2)}`")
        for m in self.scan(doc, _CURRENCY_M):
            word = "juta" if m.group(3) == "m" else "miliar"
            fixed = f"{m.group(1)},{m.group(2)} {word}"
            yield self.diag(m.start(1), m.end(3),
                            f"Indonesian decimal and number word: write `{fixed}`")
