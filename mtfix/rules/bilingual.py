"""GL003–GL005: checks that compare each translated segment with its source segment.

They run only when the source is given (``mtfix check --source FILE``, line-aligned) and are
display-only: they say what looks wrong; the editor decides what to write.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator

from ..model import Applicability, Severity
from ..protect import _EMAIL, _PLACEHOLDER, _TAG, _URL
from ._text import data_set
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


# -- GL003: numbers ------------------------------------------------------------------------------

D = Decimal
# Spans whose digits are not numbers of the text: URLs, e-mail addresses, tags, placeholders.
_NOT_NUMBERS = re.compile("|".join(f"(?:{p})" for p in (_URL, _EMAIL, _TAG, _PLACEHOLDER)),
                          re.DOTALL)

_EN_SCALE = {"thousand": D(10) ** 3, "million": D(10) ** 6, "billion": D(10) ** 9,
             "trillion": D(10) ** 12, "hundred": D(100),
             "mn": D(10) ** 6, "mln": D(10) ** 6, "bn": D(10) ** 9, "tn": D(10) ** 12}
# Abbreviations that may be a unit instead (100m is a distance, 4K a resolution): both readings.
_EN_SCALE_ABBR = {"m": D(10) ** 6, "b": D(10) ** 9, "k": D(10) ** 3}
_ID_SCALE = {"ribu": D(10) ** 3, "rb": D(10) ** 3, "juta": D(10) ** 6, "jt": D(10) ** 6,
             "miliar": D(10) ** 9, "milyar": D(10) ** 9, "milliar": D(10) ** 9,
             "triliun": D(10) ** 12, "trilyun": D(10) ** 12, "trilliun": D(10) ** 12,
             "ratus": D(100)}

# A source number: digits with . , : / separators, and what may follow it.
_SRC_NUMBER = re.compile(
    r"(?P<apos>['’‘])?(?P<num>[0-9]+(?:[.,:/][0-9]+)*)"
    r"(?:(?P<ord>st|nd|rd|th)\b"
    r"|(?P<dec>s)\b"
    r"|[ \u00a0]?(?P<ampm>[ap]\.?m\b\.?)"
    r"|[ \u00a0]?-?(?P<scale>thousand|million|billion|trillion|hundred|mn|mln|bn|tn)s?\b"
    r"|(?P<abbr>[mbk])(?![^\W\d_]))?",
    re.IGNORECASE)
_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
             "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
# "three million", "half a million": a number word with a scale word counts as a source number.
_SRC_WORD_NUMBER = re.compile(
    r"\b(?P<word>" + "|".join(_EN_UNITS) + r"|half a)[ \u00a0-]"
    r"(?P<scale>thousand|million|billion|trillion)\b",
    re.IGNORECASE)

_TGT_NUMBER = re.compile(
    r"(?P<num>[0-9]+(?:[.,:/][0-9]+)*)"
    r"(?:[ \u00a0]?-?(?P<scale>ribu|rb|juta|jt|mil[iy]ar|milliar|tril[iy]un|trilliun|ratus"
    r"|thousand|million|billion|trillion|mn|mln|bn|tn|m|t|k|b)(?:an|s)?(?![^\W\d_]))?",
    re.IGNORECASE)
# One letter after a number in a translation: Indonesian M = miliar, English m = million, or a
# unit (100 m): every reading.
_TGT_SCALE_LETTER = {"m": (D(10) ** 6, D(10) ** 9), "t": (D(10) ** 12,), "k": (D(10) ** 3,),
                     "b": (D(10) ** 9,)}
_WORD = re.compile(r"[^\W\d_]+")

# Indonesian (and English, which MT sometimes leaves) number words.
_UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
          "tujuh": 7, "delapan": 8, "sembilan": 9,
          "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9}
_WHOLE = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "ten": 10, "eleven": 11, "twelve": 12,
          "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_MULT = {"belas": None, "puluh": 10, "ratus": 100}
_BIG = {"ribu": 10 ** 3, "juta": 10 ** 6, "miliar": 10 ** 9, "milyar": 10 ** 9,
        "milliar": 10 ** 9, "triliun": 10 ** 12, "trilyun": 10 ** 12, "trilliun": 10 ** 12,
        "thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_BIG.update({w + "an": v for w, v in list(_BIG.items()) if w in ("ribu", "juta", "miliar")})
_SE_BIG = {"seribu": 10 ** 3, "sejuta": 10 ** 6, "semiliar": 10 ** 9, "semilyar": 10 ** 9,
           "setriliun": 10 ** 12}
_HALF = {"setengah": D("0.5"), "separuh": D("0.5"), "seperempat": D("0.25"), "half": D("0.5")}
# se- + a classifier or a unit of time: "one" (seorang = one person, setahun = one year).
_SE_ONE = frozenset("""seorang sebuah seekor sebiji selembar sebatang sepucuk sehelai sebutir
    secangkir segelas sepiring sekali sehari semalam seminggu sepekan sebulan setahun sejam
    semenit sedetik seabad sedekade sebentuk sekilo seperseribu satunya pertama perdana
    kesatu""".split())
_MONTHS = {m: i for i, ms in enumerate((
    "januari jan january", "februari feb pebruari february", "maret mar march",
    "april apr", "mei may", "juni jun june", "juli jul july", "agustus agu agt aug august",
    "september sep sept", "oktober okt oct october", "november nov nopember",
    "desember des dec december"), start=1) for m in ms.split()}


_EN_FORM = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_ID_FORM = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")
_TIME_FORM = re.compile(r"([0-9]{1,2}):([0-5][0-9])")


def _en_reading(s: str) -> Decimal | None:
    """Value of ``s`` read the English way (1,000.5), or None if it is not such a number."""
    if _EN_FORM.fullmatch(s):
        return D(s.replace(",", ""))
    return None


def _id_reading(s: str) -> Decimal | None:
    """Value of ``s`` read the Indonesian way (1.000,5), or None."""
    if _ID_FORM.fullmatch(s):
        return D(s.replace(".", "").replace(",", "."))
    return None


def _time(s: str) -> Decimal | None:
    """``10:30`` as 10.30 (hours + minutes/100): it then equals the Indonesian ``10.30``."""
    m = _TIME_FORM.fullmatch(s)
    if m and int(m.group(1)) <= 24:
        return D(int(m.group(1))) + D(int(m.group(2))) / 100
    return None


@lru_cache(maxsize=65536)
def _plain_values(s: str, source: bool) -> frozenset:
    """Values a digit string may stand for. A source number is read the English way first;
    a translation's number either way, since MT often copies the English form."""
    out: set = set()
    if ":" in s:
        t = _time(s)
        if t is not None:
            return frozenset((t,))
    if "/" in s or ":" in s:
        return frozenset()  # parts are compared one by one
    en, id_ = _en_reading(s), _id_reading(s)
    if source:
        if en is not None:
            out.add(en)
        elif id_ is not None:
            out.add(id_)
    else:
        out |= {v for v in (en, id_) if v is not None}
    return frozenset(out)


def _parts(s: str) -> list[str]:
    """A date, ratio or score (``5/12/2014``, ``24/7``, ``2:1``) splits into its parts;
    a time (``10:30``) and a plain number stay whole."""
    if "/" in s or (":" in s and _time(s) is None):
        return [p for p in re.split(r"[/:]", s) if p]
    return [s]


class SourceNumber:
    __slots__ = ("text", "values", "date_part")

    def __init__(self, text: str, values: set, date_part: bool = False) -> None:
        self.text = text
        self.values = values
        self.date_part = date_part   # a part of 5/12/2014: a month name may stand for it


def _mask(line: str) -> str:
    """The line with URLs, e-mail addresses, tags and placeholders blanked out."""
    if not any(c in line for c in "/@<{%$") and "www." not in line.lower():
        return line
    return _NOT_NUMBERS.sub(lambda m: " " * len(m.group()), line)


# "Rp243, 6 billion": a decimal point typed as ", " before a scale word.
_SPLIT_DECIMAL = re.compile(
    r"(?<=[0-9])([.,]) (?=[0-9]{1,2} ?(?:thousand|million|billion|trillion)\b)")


def source_numbers(line: str) -> list[SourceNumber]:
    """The numbers of an English source segment, each with the values it may take."""
    line = _SPLIT_DECIMAL.sub(r"\1", _mask(line))
    out: list[SourceNumber] = []
    for m in _SRC_NUMBER.finditer(line):
        num = m.group("num")
        parts = _parts(num)
        for k, part in enumerate(parts):
            vals = set(_plain_values(part, True))
            if not vals:
                continue
            text = m.group() if len(parts) == 1 else part
            v = next(iter(vals))
            if m.group("scale"):
                vals = {x * _EN_SCALE[m.group("scale").lower()] for x in vals}
            elif m.group("abbr") and len(parts) == 1:
                vals |= {x * _EN_SCALE_ABBR[m.group("abbr").lower()] for x in vals}
            elif m.group("ampm") and len(parts) == 1:
                h = int(v)
                pm = m.group("ampm")[0].lower() == "p"
                if pm and h < 12:
                    vals.add(v + 12)
                elif not pm and h == 12:
                    vals |= {v - 12, v + 12}
            elif m.group("dec") and len(part) == 4:
                vals.add(v % 100)               # 1990s: "90-an"
            if m.group("apos") and len(part) == 2 and k == 0:
                vals |= {v + 1900, v + 2000}   # '90s
            if k > 0 and len(part) == 2 and len(parts[k - 1]) == 4:
                vals.add(D(int(parts[k - 1][:2] + part)))  # 2013/14
            out.append(SourceNumber(text.strip(), vals, "/" in num))
        # 2013-14: a two-digit year after a four-digit one and a dash.
        if len(num) == 2 and m.start() >= 5 and re.fullmatch(
                r"[0-9]{4}[-–]", line[m.start() - 5:m.start()]) and out:
            out[-1].values.add(D(int(line[m.start() - 5:m.start() - 3] + num)))
    for m in _SRC_WORD_NUMBER.finditer(line):
        word = m.group("word").lower()
        v = D("0.5") if word == "half a" else D(_EN_UNITS[word])
        v *= _EN_SCALE[m.group("scale").lower()]
        out.append(SourceNumber(m.group(), {v}))
    return out


# A number of a translation: the values it may stand for, and whether it is a month name.
Occurrence = tuple[frozenset, bool]


def _word_values(words: Iterable[str]) -> list[Occurrence]:
    """The number words in a sequence of lowercase words: ``dua puluh lima ribu`` is 25000,
    ``ketiga`` 3, ``pertama`` and ``seorang`` 1, ``satu setengah juta`` 1500000,
    ``setengah dari satu juta`` 500000."""
    out: list[Occurrence] = []
    total = small = D(0)
    pending: Decimal | None = None
    active = False
    frac: Decimal | None = None   # "setengah dari ...": half of the next number
    prev = ""

    def flush() -> None:
        nonlocal total, small, pending, active, frac
        if active:
            value = total + small + (pending or 0)
            out.append((frozenset((value, value * frac) if frac else (value,)), False))
        total = small = D(0)
        pending = frac = None
        active = False

    for w in words:
        if (w == "dari" and prev in _HALF and total == small == 0
                and pending == _HALF[prev]):
            frac, pending, active, prev = pending, None, False, w
            continue
        if w in ("a", "an") and prev == "half":
            prev = w
            continue  # half a million
        prev = w
        if len(w) > 4 and w[:2] in ("ke", "be") and (w[2:] in _UNITS or w[2:] in _WHOLE
                                                      or w[3:] in _UNITS or w[3:] in _WHOLE):
            # ordinals (kedua, kesepuluh, kesebelas) and groups (berdua, bersebelas)
            w = w[2:] if w[:2] == "ke" or w[2:] in _UNITS or w[2:] in _WHOLE else w[3:]
        if w in _UNITS:
            if pending is not None:
                flush()
            pending, active = D(_UNITS[w]), True
        elif w in _WHOLE:
            if pending is not None:
                flush()
            small += _WHOLE[w]
            active = True
        elif w in _MULT:
            if pending is None:
                flush()
                continue
            small += pending + 10 if w == "belas" else pending * _MULT[w]
            pending = None
        elif w in _BIG:
            if not active:
                continue
            group = small + (pending or 0)
            total += (group or 1) * _BIG[w]
            small, pending = D(0), None
        elif w in _SE_BIG:
            if pending is not None:
                flush()
            total += _SE_BIG[w]
            active = True
        elif w in _HALF:
            pending = (pending or 0) + _HALF[w]
            active = True
        else:
            flush()
            if w in _SE_ONE:
                out.append((frozenset((D(1),)), False))
            elif w in _MONTHS:
                out.append((frozenset((D(_MONTHS[w]),)), True))
    flush()
    return out


def target_numbers(line: str, loose: frozenset = frozenset()) -> list[Occurrence]:
    """Every number a translated segment expresses, in digits or in words, with every value it
    may stand for (``1.000`` is a thousand, or one if MT copied an English ``1.000``).

    A number with a scale word stands for the scaled value only (``2,9 miliar`` is not
    ``£2.9m``), unless the scale is in ``loose``: the source has that scale word apart from
    its numbers (``28 new million cases`` → ``28 juta kasus baru``)."""
    line = _SPLIT_DECIMAL.sub(r"\1", _mask(line))
    out: list[Occurrence] = []
    for m in _TGT_NUMBER.finditer(line):
        scale = (m.group("scale") or "").lower()
        if not scale:
            mults: tuple = ()
        elif scale in _TGT_SCALE_LETTER:
            mults = _TGT_SCALE_LETTER[scale]
        else:
            if scale not in _ID_SCALE and scale not in _EN_SCALE:
                scale = scale[:-2] if scale.endswith("an") else scale[:-1]  # jutaan, millions
            mults = (_ID_SCALE.get(scale) or _EN_SCALE[scale],)
        for part in _parts(m.group("num")):
            vals = _plain_values(part, False)
            if vals:
                # "2,9 miliar" is 2.9e9 only; a letter (2,9 m) may be a unit: unscaled too.
                scaled = {v * k for v in vals for k in mults}
                if not mults or len(scale) == 1 or mults[0] in loose:
                    scaled |= vals
                out.append((frozenset(scaled), False))
    if any(c.isalpha() for c in line):
        out += _word_values(w.lower() for w in _WORD.findall(line))
    return out


def _partners(nums: list[SourceNumber], occs: list[Occurrence]) -> list[list[int]]:
    """For each source number, the translation numbers that may stand for it."""
    by_value: dict = {}
    for j, (vals, month) in enumerate(occs):
        for v in vals:
            by_value.setdefault(v, []).append(j)
    edges = []
    for n in nums:
        js = sorted({j for v in n.values for j in by_value.get(v, ())})
        edges.append([j for j in js if n.date_part or not occs[j][1]])
    return edges


def _match(edges: list[list[int]]) -> list[bool]:
    """Pair source numbers with translation numbers of equal value, each used once (maximum
    bipartite matching); True for each source number that found a partner."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    matched = [False] * len(edges)
    for i in range(len(edges)):
        if edges[i]:
            matched[i] = augment(i, set())
    return matched


# A scale word of the source not right after a number or number word.
_LOOSE_SCALE = re.compile(
    r"(?<![0-9])(?<![0-9] )(?<!" + r")(?<!".join(f"{w} " for w in (*_EN_UNITS, "half a"))
    + r")"
    r"\b(thousand|million|billion|trillion)s?\b", re.IGNORECASE)


def missing_numbers(source: str, target: str) -> list[str]:
    """The source's numbers (each text once) that the translation does not express as often
    as the source does; a count is added when the translation has the value fewer times."""
    if not any(c.isdigit() for c in source) and not _SRC_WORD_NUMBER.search(source):
        return []
    nums = source_numbers(source)
    if not nums:
        return []
    loose = frozenset(_EN_SCALE[m.group(1).lower()] for m in _LOOSE_SCALE.finditer(source))
    occs = target_numbers(target, loose)
    edges = _partners(nums, occs)
    matched = _match(edges)
    if all(matched):
        return []
    in_source = Counter(n.text for n in nums)
    out: dict[str, str] = {}
    for n, ok, partners in zip(nums, matched, edges):
        if ok or n.text in out:
            continue
        same, have = in_source[n.text], len(partners)
        if same > 1 or have:
            out[n.text] = f"`{n.text}` ({same}× in the source, {have}× in the translation)"
        else:
            out[n.text] = f"`{n.text}`"
    return list(out.values())


class NumberMismatch(Rule):
    code = "GL003"
    needs_source = True
    name = "number-mismatch"
    summary = "A number in the source segment is missing from the translation"
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
        for start, end, source in doc.aligned_lines():
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
_SPAN_MARKERS = ("://", "www.", "WWW.", "@", "{", "%", "<")


def _spans(line: str) -> tuple[Counter, Counter]:
    if not any(m in line for m in _SPAN_MARKERS):
        return Counter(), Counter()
    return (Counter(m.group() for m in _URL_EMAIL_PH.finditer(line)),
            Counter(m.group() for m in _TAG_RE.finditer(line)))


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
    )
    silent = (
        Example("Halo {name}, Anda punya %d pesan di https://x.com/inbox.",
                source="Hello {name}, you have %d messages at https://x.com/inbox."),
        Example("<i>Halo</i> <b>dunia</b>", source="<b>Hello</b> <i>world</i>"),
        Example("Naik 50% dari tahun lalu", source="Up 50% on last year"),
    )

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        for start, end, source in doc.aligned_lines():
            src_spans, src_tags = _spans(source)
            if not src_spans and not src_tags:
                continue
            tgt_spans, tgt_tags = _spans(text[start:end])
            missing = list((src_spans - tgt_spans).elements())
            missing += list((src_tags - tgt_tags).elements())
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
    if word.lower() in data_set("words_hunspell_id.txt"):
        return False
    return english_zipf(word) is not None


class UntranslatedSegment(Rule):
    code = "GL005"
    needs_source = True
    name = "untranslated-segment"
    summary = "The translation is the source, untranslated"
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
