"""The number reader: the values an English or Indonesian number may stand for.

Digits in either convention (English ``1,000.5``, Indonesian ``1.000,5``; an ambiguous one is
read both ways in a translation), scale words (``16.6 billion``, ``16,6 miliar``, ``$2.4m``),
number words (``dua puluh lima ribu``, ``seorang``, ``kesepuluh``, ``setengah juta``), times
(``8pm``, ``10:30``), dates and ratios part by part, month names, decades and short years.
:func:`missing_numbers` says which numbers of a source segment a translation lacks (GL003).

The words are data: ``mtfix/data/numbers.tsv``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from ..protect import _EMAIL, _PLACEHOLDER, _TAG, _URL
from .lexicon import data_tsv

D = Decimal
NUMBERS_FILE = "numbers.tsv"


# The letters an IGNORECASE pattern matches for an ASCII one that str.lower does not give
# back (long s for s, dotless i and dotted capital I for i; the Kelvin sign lowers to k): a
# matched word looked up in a table is folded so (``thouſand`` was a KeyError, a traceback of
# `mtfix check --source`).
_ODD_FOLDS = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i"})


def _fold(word: str) -> str:
    if not word.isascii():
        word = word.translate(_ODD_FOLDS)
    return word.lower()


def _table(kind: str, value=int) -> dict:
    """``word -> value`` of one kind of ``numbers.tsv``, in file order (a row may list several
    words with one value)."""
    out: dict = {}
    for row in data_tsv(NUMBERS_FILE):
        if row[0] == kind:
            for word in row[1].split():
                out[word] = value(row[2])
    return out


def _decimals(cell: str) -> tuple[Decimal, ...]:
    return tuple(D(v) for v in cell.split())


# Spans whose digits are not numbers of the text: URLs, e-mail addresses, tags, placeholders.
_NOT_NUMBERS = re.compile("|".join(f"(?:{p})" for p in (_URL, _EMAIL, _TAG, _PLACEHOLDER)),
                          re.DOTALL)

_EN_SCALE = _table("en_scale", D)
# Abbreviations that may be a unit instead (100m is a distance, 4K a resolution): both readings.
_EN_SCALE_ABBR = _table("en_scale_abbr", D)
_ID_SCALE = _table("id_scale", D)
# A source number: digits with . , : / separators, and what may follow it.
_SRC_NUMBER = re.compile(
    r"(?P<apos>['’‘])?(?P<num>[0-9]+(?:[.,:/][0-9]+)*)"
    r"(?:(?P<ord>st|nd|rd|th)\b"
    r"|(?P<dec>s)\b"
    r"|[ \u00a0]?(?P<ampm>[ap]\.?m\b\.?)"
    r"|[ \u00a0]?-?(?P<scale>thousand|million|billion|trillion|hundred|mn|mln|bn|tn)s?\b"
    r"|(?P<abbr>[mbk])(?![^\W\d_]))?",
    re.IGNORECASE)
_EN_UNITS = _table("en_unit")
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
_TGT_SCALE_LETTER = _table("tgt_scale_letter", _decimals)
_WORD = re.compile(r"[^\W\d_]+")

# Indonesian (and English, which MT sometimes leaves) number words.
_UNITS = _table("unit")
_WHOLE = _table("whole")
_MULT = _table("mult", lambda v: None if v == "-" else int(v))
_BIG = _table("big")
_SE_BIG = _table("se_big")
_HALF = _table("half", D)
# se- + a classifier or a unit of time: "one" (seorang = one person, setahun = one year).
_SE_ONE = frozenset(_table("se_one"))
_MONTHS = _table("month")


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
    if s.isdigit():     # (the usual number, one digit run: both readings are its value)
        return frozenset((D(s),))
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


# A character or literal each of _NOT_NUMBERS's spans holds (a URL `://` or `www.`, in any case
# here; an address `@`; a tag `<`; a placeholder `{` or `%`, `${x}` too): without one, nothing
# to blank. (Not `/` or `$`: a date or a price would blank nothing, at 5 µs a line.)
_MASK_HINT = re.compile(r"[@<{%]|://|(?i:www\.)")


def _mask(line: str) -> str:
    """The line with URLs, e-mail addresses, tags and placeholders blanked out."""
    if _MASK_HINT.search(line) is None:
        return line
    return _NOT_NUMBERS.sub(lambda m: " " * len(m.group()), line)


# "Rp243, 6 billion": a decimal point typed as ", " before a scale word.
_SPLIT_DECIMAL = re.compile(
    r"(?<=[0-9])([.,]) (?=[0-9]{1,2} ?(?:thousand|million|billion|trillion)\b)")


def _split_decimal(line: str) -> str:
    # (the pattern needs ", " or ". ": most lines have neither, and a sub costs 3 µs a line,
    # a bilingual check of 40,000 PO entries calls it twice per entry)
    if ", " in line or ". " in line:
        return _SPLIT_DECIMAL.sub(r"\1", line)
    return line


_YEAR_DASH = re.compile(r"[0-9]{4}[-–]")


def source_numbers(line: str) -> list[SourceNumber]:
    """The numbers of an English source segment, each with the values it may take."""
    line = _split_decimal(_mask(line))
    out: list[SourceNumber] = []
    for m in _SRC_NUMBER.finditer(line):
        apos, num, _, dec, ampm, scale, abbr = m.groups()  # (one call, not one per group)
        if m.lastindex == 2 and apos is None and num.isdigit():
            # the usual number: one digit run, nothing around it that changes its value (what
            # the general path below gives it, without its look-ups)
            out.append(SourceNumber(num, {D(num)}))
        else:
            parts = _parts(num) if "/" in num or ":" in num else [num]
            for k, part in enumerate(parts):
                vals = set(_plain_values(part, True))
                if not vals:
                    continue
                text = m.group() if len(parts) == 1 else part
                v = next(iter(vals))
                if scale:
                    vals = {x * _EN_SCALE[_fold(scale)] for x in vals}
                elif abbr and len(parts) == 1:
                    vals |= {x * _EN_SCALE_ABBR[_fold(abbr)] for x in vals}
                elif ampm and len(parts) == 1:
                    h = int(v)
                    pm = ampm[0].lower() == "p"
                    if pm and h < 12:
                        vals.add(v + 12)
                    elif not pm and h == 12:
                        vals |= {v - 12, v + 12}
                elif dec and len(part) == 4:
                    vals.add(v % 100)               # 1990s: "90-an"
                if apos and len(part) == 2 and k == 0:
                    vals |= {v + 1900, v + 2000}   # '90s
                if k > 0 and len(part) == 2 and len(parts[k - 1]) == 4:
                    vals.add(D(int(parts[k - 1][:2] + part)))  # 2013/14
                out.append(SourceNumber(text.strip(), vals, "/" in num))
        # 2013-14: a two-digit year after a four-digit one and a dash.
        if len(num) == 2 and m.start() >= 5 and _YEAR_DASH.fullmatch(
                line, m.start() - 5, m.start()) and out:
            out[-1].values.add(D(int(line[m.start() - 5:m.start() - 3] + num)))
    # (each match holds a scale word: a line without one is not searched, 5 µs for 80
    # characters, the alternation of number words tried at every word)
    for m in (_SRC_WORD_NUMBER.finditer(line) if _SCALE_WORD.search(line) else ()):
        word = _fold(m.group("word"))
        v = D("0.5") if word == "half a" else D(_EN_UNITS[word])
        v *= _EN_SCALE[_fold(m.group("scale"))]
        out.append(SourceNumber(m.group(), {v}))
    return out


# A number of a translation: the values it may stand for, and whether it is a month name.
Occurrence = tuple[frozenset, bool]


# The words after which _word_values may give a number (every other word only flushes,
# multiplies or scales what such a word began): a line without one has no number words, and
# the word loop (9 µs for a line of two words) is not run.
_WORD_TRIGGERS = frozenset((*_UNITS, *_WHOLE, *_SE_BIG, *_HALF, *_SE_ONE, *_MONTHS))
_UNITS_WHOLE = frozenset((*_UNITS, *_WHOLE))


def _prefixed_number(w: str) -> bool:
    """An ordinal or group form (``kedua``, ``bersebelas``), as _word_values reads one."""
    return (len(w) > 4 and w[:2] in ("ke", "be")
            and (w[2:] in _UNITS_WHOLE or w[3:] in _UNITS_WHOLE))


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
        if _prefixed_number(w):
            # ordinals (kedua, kesepuluh, kesebelas) and groups (berdua, bersebelas)
            w = w[2:] if w[:2] == "ke" or w[2:] in _UNITS_WHOLE else w[3:]
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
    line = _split_decimal(_mask(line))
    out: list[Occurrence] = []
    for m in _TGT_NUMBER.finditer(line):
        scale = _fold(m.group("scale") or "")
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
    if any(map(str.isalpha, line)):
        words = [w.lower() for w in _WORD.findall(line)]
        if not _WORD_TRIGGERS.isdisjoint(words) or any(map(_prefixed_number, words)):
            out += _word_values(words)
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


# A scale word (_SRC_WORD_NUMBER's and _LOOSE_SCALE's, with their flags: a line where this
# finds nothing has no match of either).
_SCALE_WORD = re.compile(r"\b(thousand|million|billion|trillion)s?\b", re.IGNORECASE)
# A scale word of the source not right after a number or number word.
_LOOSE_SCALE = re.compile(
    r"(?<![0-9])(?<![0-9] )(?<!" + r")(?<!".join(f"{w} " for w in (*_EN_UNITS, "half a"))
    + r")"
    r"\b(thousand|million|billion|trillion)s?\b", re.IGNORECASE)


_ASCII_DIGIT = re.compile(r"[0-9]")


def _loose_scales(source: str) -> frozenset:
    """The values of the source's scale words not right after a number (_LOOSE_SCALE): its
    look-behinds tried only where a scale word starts (what finditer finds: scale words do
    not overlap), not at every position of the line (11 µs for 80 characters)."""
    out = set()
    for m in _SCALE_WORD.finditer(source):
        if _LOOSE_SCALE.match(source, m.start()):
            out.add(_EN_SCALE[_fold(m.group(1))])
    return frozenset(out)


def missing_numbers(source: str, target: str) -> list[str]:
    """The source's numbers (each text once) that the translation does not express as often
    as the source does; a count is added when the translation has the value fewer times."""
    # (source_numbers reads ASCII digits only: a search for one is the same test as
    # str.isdigit over the line, at the regex engine's speed)
    if _ASCII_DIGIT.search(source) is None and not _SRC_WORD_NUMBER.search(source):
        return []
    nums = source_numbers(source)
    if not nums:
        return []
    # ``loose`` is read for a digit number of the translation only
    loose = _loose_scales(source) if _ASCII_DIGIT.search(target) is not None else frozenset()
    occs = target_numbers(target, loose)
    if occs:
        edges = _partners(nums, occs)
        matched = _match(edges)
    else:   # nothing to pair with (a translation without numbers: the pairing's cost saved)
        edges = [[] for _ in nums]
        matched = [False] * len(nums)
    if all(matched):
        return []
    in_source: dict[str, int] = {}  # (a Counter costs more than the count for a few numbers)
    for n in nums:
        in_source[n.text] = in_source.get(n.text, 0) + 1
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
