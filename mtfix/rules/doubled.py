"""DW: a word written twice in a row (``liberal liberal``)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterator

from ..language.lexicon import data_set, flagged_non_possessable, possessable
from ..language.lexicon import words as lexicon_words
from ..language.morphology import derived_noun, particles, reduplication_bases, verb_form
from ..model import Applicability, Diagnostic, Fix, Severity, replacement_within
from ..text import lower_aligned
from ._text import HS, HYPHENS, WORD, ascii_whole, repeat_lines
from .base import WORD_BARRIER, Document, Example, Rule

_PRONOUNS = frozenset({"saya", "aku", "kami", "kita", "kamu", "anda", "engkau", "dia", "ia",
                       "mereka", "beliau"})
_DEMONSTRATIVES = frozenset({"ini", "itu"})
# After these the pronoun is a subject, so the first copy cannot end a clause: a stutter.
_CLAUSE_OPENERS = frozenset({"dan", "atau", "tetapi", "tapi", "namun", "lalu", "kemudian", "jika",
                             "kalau", "bila", "apabila", "karena", "sebab", "bahwa", "yang", "agar",
                             "supaya", "sehingga", "ketika", "maka", "jadi", "sedangkan",
                             "meskipun", "walaupun", "setelah", "sebelum", "sementara", "apakah"})
_QUESTION_WORDS = frozenset({"apa", "siapa", "mana", "bagaimana", "mengapa", "kapan", "berapa"})
# Adverbs before which a pronoun starts a clause (`Seharusnya ini ini lebih`): never objects.
_ADVERBS = frozenset({"seharusnya", "sebaiknya", "juga", "hanya", "pun", "memang", "sebenarnya",
                      "mungkin", "pasti", "tentu", "bahkan", "masih", "belum", "selalu",
                      "sering", "jarang", "pernah", "baru", "justru", "kini", "sekarang",
                      "kemarin", "besok", "dulu", "nanti", "tadi", "lagi", "pula", "sekali",
                      "tiba-tiba", "akhirnya", "kemudian", "lalu", "sudah", "telah", "akan",
                      "sedang", "tidak", "bukan", "harus", "bisa", "dapat", "boleh", "mau",
                      "ingin", "perlu"})
# Function words that take an object: a pronoun after them may end a clause.
_PREPOSITIONS = frozenset({"dari", "di", "ke", "pada", "untuk", "dengan", "oleh", "bagi",
                           "tentang", "terhadap", "seperti", "sebagai", "dalam", "hingga",
                           "sejak", "kepada", "antara", "tanpa", "melawan"})
# Subordinating conjunctions: a clause they open ends without a comma in MT (`Ketika dia tiba
# di rumah rumah itu kosong`), so a repeat after one may be a clause boundary.
_SUBORDINATORS = frozenset({"ketika", "saat", "jika", "kalau", "bila", "apabila", "setelah",
                            "sesudah", "sebelum", "karena", "sejak", "selama", "meskipun",
                            "walaupun", "walau", "agar", "supaya", "sewaktu", "tatkala",
                            "seandainya", "andaikan", "sementara", "begitu"})
# Quantifiers and numerals: a reduplicated plural cannot follow them (`para pemenang`,
# `salah satu`, `banyak orang`), so a repeat after one is a stutter.
_QUANTIFIERS = frozenset({"para", "banyak", "beberapa", "berbagai", "semua", "seluruh",
                          "sejumlah", "segala", "setiap", "tiap", "sebuah", "seorang", "seekor",
                          "salah", "satu", "dua", "tiga", "empat", "lima", "enam",
                          "tujuh", "delapan", "sembilan", "sepuluh", "puluhan", "ratusan",
                          "ribuan", "jutaan", "kedua", "ketiga", "sedikit", "segelintir",
                          "puluh", "ratus", "ribu", "juta", "miliar", "triliun", "kebanyakan",
                          "sebagian"})
# `Mari kita`, `Ayo kita`: the pronoun after these is the subject of what follows.
_HORTATIVES = frozenset({"mari", "ayo", "ayolah", "marilah"})
# Bare verbs (no affix) that take an object, common in MT output: a pronoun after one may end
# a clause (`Bantu saya, saya akan`).
_BARE_VERBS = frozenset("""bantu biar lihat tahu pikir kira percaya minta suruh ajak beri kasih
tolong ikut bilang tanya kenal ingat lupa suka cinta benci dengar temui telepon panggil tunggu
jaga bawa ambil pukul tembak bunuh cari pilih dukung undang bayar jual beli ajar izinkan
ijinkan""".split())


def _verb_like(word: str) -> bool:
    """A verb by its form: prefixed (``membantu``, ``diberi``), with -kan or -i on a
    dictionary stem (``biarkan``, ``temui``), or a common bare verb (``bantu``)."""
    if word in _BARE_VERBS:
        return True
    lexicon = lexicon_words()
    if verb_form(word, lexicon):
        return True
    for suffix in ("kan", "i"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[:-len(suffix)]
            if stem in lexicon or verb_form(stem, lexicon):
                return True
    return False


# Words whose reduplication is an idiom before these words (`ada-ada saja`); elsewhere a
# doubled one is a stutter (ada is a function word).
_IDIOMS = {"ada": frozenset({"saja", "aja"})}
# Numerals: before the word they count (`dua dua orang`) a repeat is a stutter; `dua-dua`
# (two by two) and `satu-satu` (one by one) end a clause.
_NUMERALS = frozenset({"dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
                       "sepuluh", "sebelas", "seratus", "seribu"})
_NEXT_WORD = re.compile(rf"{HS}+([^\W\d_]+)")
_SUBORDINATOR_RE = re.compile(r"(?i)(?<![^\W_])(?:" + "|".join(sorted(_SUBORDINATORS)) +
                              r")(?![^\W_])")
# The same on a lowercased line (mtfix.text.lower_aligned), case-sensitive: a quarter of the
# time (a 1 MB line: 0.09 -> 0.024 s), and the same matches unless the line holds ı or ſ
# (which the case-insensitive pattern takes for i and s, and lowercasing keeps apart).
_SUBORDINATOR_LOWER_RE = re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(_SUBORDINATORS)) +
                                    r")(?![^\W_])")
# Characters that neither a letter ([^\W\d_]) is nor a letter's case-insensitive copy (a
# backreference ``(?i:\1)`` to one) can be: digits, whitespace, the underscore, ASCII
# punctuation (each is its own lowercase and uppercase, and no letter's).
_NO_LETTER = r"[\d\s_!-/:-@\[-`{-~]"
# A hyphen with something on both sides that may be a letter or a copy of one: what every match
# of DoubledWord._half_re holds (``X-X``; tests/test_rules_fast_doubled.py). Not the ``-`` of
# ``ke-1`` or ``|---|``.
_LETTER_HYPHEN = re.compile(rf"[{HYPHENS}](?<!{_NO_LETTER}[{HYPHENS}])(?!{_NO_LETTER})")
_PUNCT_RE = re.compile(r"[.,;:!?()\"\u201c\u201d]")
_WORD_RE = re.compile(r"[^\W_]")


# How much of the line around a repeat the decisions read: a slice to the line's start or end
# per repeat would be quadratic on a long line with many repeats.
_WINDOW = 200
_SHORTEST_SUBORDINATOR = min(map(len, _SUBORDINATORS))


def _before(text: str, offset: int, line_start: int) -> str:
    """The line (starting at ``line_start``) before ``offset``, at most _WINDOW characters; a
    cut window starts with `…` (not a letter: the decisions never take it for the line's start
    or a word)."""
    start = max(line_start, offset - _WINDOW)
    return ("\u2026 " if start > line_start else "") + text[start:offset]


@lru_cache(maxsize=4096)
def _hyphen_pair(word: str) -> re.Pattern:
    """``word``, a hyphen, ``word`` (any case), as whole words: ``Bora-Bora``."""
    w = re.escape(word)
    return re.compile(rf"(?i)(?<!\w){w}[{HYPHENS}]{w}(?!\w)")


_HYPHEN = re.compile(f"[{HYPHENS}]")


def _hyphen_paired(word: str, line: str) -> bool:
    """``_hyphen_pair(word).search(line) is not None`` for a lowercase ``word``, without a
    pattern compiled per word where it can be answered without one (a catalog of 48,000
    different repeated words, each in its source once: 48,000 compilations were three
    quarters of its repair): a line without a hyphen holds no match; an ASCII line and word
    are compared as the pattern compares them (:func:`ascii_whole`)."""
    if _HYPHEN.search(line) is None:
        return False
    if line.isascii() and word.isascii():
        return ascii_whole(line, f"{word}-{word}")  # (the one ASCII hyphen of HYPHENS)
    return _hyphen_pair(word).search(line) is not None


@lru_cache(maxsize=1024)
def _repeats(source_line: str) -> bool:
    """Whether a source line repeats a word (once per line, not once per repeat)."""
    return DoubledWord._re.search(source_line) is not None


# repeat_lines takes digits for separators, so the placeholders of a masked Markdown table
# (``{mtfix6}1{mtfix7}Pemain``) give every line two equal neighbours (``mtfix``); a pass that
# finds more lines than this looks again with the digits glued to the letters (_digits_glued)
# and keeps the lines found both times.
REFINE_LINES = 256
_DIGIT_LETTERS = tuple(zip("0123456789", "ABCDEFGHIJ"))
# More candidate lines than one per this many characters of the scope: the pattern scans the
# whole scope, not line by line. The scan costs ~0.05 µs a character (real text, 1 MB: 45-65
# ms); a line of its own ~1.6 µs, so past one line in ~32 characters the lines cost more
# (200,000 lines of `x  x`: 0.32 s by line, 0.06 s whole; bench/README, twelfth round).
DENSE_CHARS = 32
# A scope longer than this many characters is first looked at in its first lines up to as
# many (_dense_start): when they are dense already, the whole scope is scanned without
# repeat_lines' look at all of it (40 ms of a megabyte of `x  x`, given up at its limit).
DENSE_PROBE = 1 << 15


def _dense_start(lowers: list[str]) -> bool:
    """Whether the first region's first lines, up to ``DENSE_PROBE`` characters, hold more
    candidate lines than one per ``DENSE_CHARS`` characters (and more than ``REFINE_LINES``),
    in a scope of more than four times as many characters. Only a shortcut: the whole-scope
    scan and the scan line by line find the same repeats."""
    first = lowers[0]
    if len(first) <= 4 * DENSE_PROBE:
        return False
    cut = first.rfind("\n", 0, DENSE_PROBE) + 1
    if cut <= 0:
        return False
    return repeat_lines([first[:cut]], max(REFINE_LINES, cut // DENSE_CHARS)) is None


def _digits_glued(lower: str) -> str:
    """``lower`` (a lowercased text) with each ASCII digit replaced by a capital letter (that
    :func:`repeat_lines` reads as part of a word), one capital per digit. The two first copies
    of a repeat DW001's pattern matches are letters with neither a digit nor a letter beside
    them (the pattern's look-arounds exclude word characters), and no letter's copy is a digit:
    they stay two equal neighbours, so every line that can hold a match is still found, but
    ``mtfix6`` and ``mtfix7`` are no longer equal."""
    for digit, letter in _DIGIT_LETTERS:
        if digit in lower:
            lower = lower.replace(digit, letter)
    return lower


# A run of copies longer than this is named by its word and count in DW001's message.
_SHOWN_RUN = 80

class _Clauses:
    """Where subordinate clauses open on a line: its subordinators and punctuation marks, found
    once per line that holds a repeat (one pass in C) and looked up by bisection per repeat; a
    scan back from each repeat would cost its distance on a long line, and a scan of the whole
    text would cost every line for the few that hold a repeat."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[int, tuple[list[int], list[int], list[int]]] = {}

    def _line(self, line_start: int, line_end: int) -> tuple[list[int], list[int], list[int]]:
        """The starts and ends of the line's subordinators, and where its punctuation is."""
        found = self._lines.get(line_start)
        if found is None:
            text = self.text
            line = text[line_start:line_end]
            if "\u0131" in line or "\u017f" in line:
                subs = [m.span() for m in _SUBORDINATOR_RE.finditer(text, line_start, line_end)]
            else:
                subs = [(m.start() + line_start, m.end() + line_start)
                        for m in _SUBORDINATOR_LOWER_RE.finditer(lower_aligned(line))]
            found = self._lines[line_start] = (
                [a for a, _ in subs], [b for _, b in subs],
                [m.start() for m in _PUNCT_RE.finditer(text, line_start, line_end)])
        return found

    def subordinators(self, line_start: int, line_end: int) -> tuple[list[int], list[int]]:
        """Where the line's subordinators start and end: a repeat with none ending before it
        within _WINDOW characters is in no open clause (:meth:`open_at` is False), which the
        caller tests without a call per repeat."""
        return self._line(line_start, line_end)[:2]

    def open_at(self, offset: int, line_start: int, line_end: int) -> bool:
        """Whether a subordinate clause opened on this line before ``offset`` is still open:
        a subordinator with no punctuation after it, and a word between (`Kalau polisi polisi
        tidak`: a clause of one word has no predicate)."""
        starts, ends, punct = self._line(line_start, line_end)
        i = bisect.bisect_right(ends, offset) - 1
        if i < 0 or starts[i] < offset - _WINDOW:
            return False  # none on this line, or too far back to still be open
        after = ends[i]
        j = bisect.bisect_left(punct, after)
        if j < len(punct) and punct[j] < offset:
            return False
        return _WORD_RE.search(self.text, after, offset) is not None


# What may stand between a repeat and the punctuation that ends its clause.
_CLAUSE_END_RE = re.compile("[ \t\u00a0\"'\u201d\u2019)]*(?:[.,;:!?]|\\Z)")


def _clause_ends(text: str, end: int, line_end: int) -> bool:
    """Whether the repeat ending at ``end`` ends its sentence or clause (punctuation or the
    line's end next, within _WINDOW characters): then no clause can start with the second
    copy."""
    return _CLAUSE_END_RE.match(text, end, min(line_end, end + _WINDOW)) is not None


def _prev_word(before: str) -> str | None:
    """The word right before the repeat, lowercased; None at the line's start or after
    punctuation (`"`, `(`, `,`: no word to read)."""
    before = before.rstrip(" \t\u00a0")
    if not before or not before[-1].isalnum():
        return None
    return before.rsplit(None, 1)[-1].lower()


def _after_quantifier(before: str) -> bool:
    """Whether the word before the repeat is a quantifier or a numeral."""
    prev = _prev_word(before)
    return prev is not None and (prev in _QUANTIFIERS or prev.isdigit())


_KAN_CLITICS = ("kannya", "kanku", "kanmu")


@lru_cache(maxsize=None)
def _kind_lists() -> tuple:
    """What DoubledWord._kind looks words up in: the lexicon, the function words, the
    particles, the stems a particle makes a function word of (function words, pronouns,
    demonstratives, question words), the reduplication bases, possessable and flagged stems."""
    function_words = data_set("function_words.txt")
    return (lexicon_words(), function_words, particles(attached_only=False),
            function_words | _PRONOUNS | _DEMONSTRATIVES | _QUESTION_WORDS,
            reduplication_bases(), possessable(), flagged_non_possessable())


class DoubledWord(Rule):
    code = "DW001"
    fix_note = 'unsafe for reduplication bases and at a clause boundary; names: safe with a source'
    name = "doubled-word"
    summary = "The same word written twice in a row"
    doc = """
    What it does
        Finds a word repeated with only a space between (``liberal liberal``, ``dari dari``,
        ``pemasok pemasok``, ``a a a``) and removes the copies after the first.

    Why
        MT systems stutter: a repeated source token or a decoding loop leaves the word twice.
        Standard Indonesian never writes a word twice with a space: a reduplication takes a
        hyphen (``orang-orang``). So every such repeat is an error; the question is only which
        repair is right.

    Safe: the copy is removed
        - Three copies or more (``sangat sangat sangat``): neither a reduplication nor a
          clause boundary.
        - Function words (``dari``, ``adalah``, ``yang``; ``mtfix/data/function_words.txt``),
          prefixed verbs (``terlihat terlihat``), -kan verbs (``tunjukkan tunjukkan``),
          adjectives (``liberal liberal``).
        - Nouns and words not in the dictionary (``pemasok pemasok``, ``vaksin vaksin``): an
          Indonesian noun is unmarked for number (``vaksin baru`` is one vaccine or several),
          so removing the copy never makes the sentence wrong, while ``pemasok-pemasok``
          would add a plural the source may not have. Every noun repeat in the dev data's MT
          output (4 in gnmt, 3 in gareng) is a stutter.
        - A reduplication base (below) after a quantifier or numeral (``para pemenang
          pemenang``, ``salah satu satu``), or before a number (``tahun tahun 2006``): a
          reduplicated plural cannot stand there.
        - A word written twice at a sentence start with both copies capitalised (``Jadi Jadi,
          produksi``): a reduplication would be ``Jadi-jadi``.
        - Pronouns and ``ini``/``itu`` at the start of a sentence or clause, after an adverb
          or a function word that takes no object (``Mereka mereka akan``, ``Seharusnya ini
          ini lebih``), ``ini``/``itu`` after a noun (``Negara itu itu juga``), and any
          repeat that ends its clause (``tentang saya saya.``): no clause starts there.
        - A name or title repeated (``Wireless Wireless Mouse``) when the aligned source line
          (``--source``, or the unit's source) has it once.
        - A reduplication with one piece repeated (``masing-masing masing``), when the piece
          is no word of its own (``masing``, ``kupu``); otherwise (``anak-anak anak``) unsafe.

    Unsafe (applied only with --unsafe-fixes)
        - Words whose reduplication is a dictionary entry (``orang orang``, ``sama sama``,
          ``tahu tahu``): the hyphen may be missing, and ``tahu-tahu`` is not ``tahu``; the
          unsafe fix writes ``orang-orang``.
        - A pronoun after a verb, a preposition or a noun (``membantu mereka mereka akan``):
          one clause may end with the pronoun and the next start with it; the unsafe fix adds
          the missing comma.
        - Any other repeat inside a subordinate clause still open (``Ketika dia tiba di rumah
          rumah itu kosong``): a clause boundary missing its comma is the other reading.
        - A name or title without a source (``Kevin Kevin``): unsafe removal.

        Repeats glued to punctuation, quotes or tags count (``"liberal liberal"``,
        ``mengatakan mengatakan:``, ``<b>liberal liberal</b>``); a run of copies
        (``sangat sangat sangat``) is one finding; what is found on a line never depends on
        the rest of the text.

    Not touched
        A repeat when the aligned source line repeats a word too (``Don't regret regret``,
        ``very very``) or writes the word twice with a hyphen (``Bora-Bora``): only reported.
        Legitimate repeats (``beberapa saat saat para pekerja``: ``saat`` = moment, then
        ``saat`` = when; ``mtfix/data/legit_repeats.txt``). Names written with a word twice
        (``Duran Duran``, ``Bora Bora``; ``mtfix/data/doubled_names.txt``): only reported.

    Fix safety
        Measured on the dev data and on seed damage made from the human reference
        (eval/README.md, ``eval/seed_damage.py``).
    """
    fix_applicability = Applicability.SAFE
    examples = (
        Example("Kemenangan pemilihan liberal liberal – setelah", "Kemenangan pemilihan liberal – setelah", flagged="liberal liberal"),
        Example("lebih dari dari setengah tahun", "lebih dari setengah tahun", flagged="dari dari"),
        Example("Wu terlihat terlihat pucat", "Wu terlihat pucat", flagged="terlihat terlihat"),
        Example("Dari dari sana", "Dari sana", flagged="Dari dari"),
        Example("ada orang orang di sana", "ada orang-orang di sana", unsafe=True),
        Example("adalah pemasok pemasok global GM", "adalah pemasok global GM", flagged="pemasok pemasok"),
        Example("adalah vaksin vaksin baru", "adalah vaksin baru", flagged="vaksin vaksin"),
        Example("Dia sangat sangat sangat senang", "Dia sangat senang", flagged="sangat sangat sangat"),
        Example("Para pemenang pemenang akan dipilih", "Para pemenang akan dipilih",
                flagged="pemenang pemenang"),
        Example("Seharusnya ini ini lebih mudah", "Seharusnya ini lebih mudah", flagged="ini ini"),
        Example("Ketika dia tiba di stasiun stasiun itu kosong",
                "Ketika dia tiba di stasiun itu kosong", unsafe=True, flagged="stasiun stasiun"),
        Example("Logitech Wireless Wireless Mouse", "Logitech Wireless Mouse",
                flagged="Wireless Wireless", source="Logitech Wireless Mouse"),
        Example("bertemu Kevin Kevin kemarin", "bertemu Kevin kemarin", unsafe=True,
                flagged="Kevin Kevin"),
        Example("dia menjadi menjadi ketua", "dia menjadi ketua", flagged="menjadi menjadi"),
        Example("program Today Today Radio 4", "program Today Radio 4", unsafe=True,
                flagged="Today Today"),
        Example("band Duran Duran tampil", flagged="Duran Duran"),
        Example("liburan ke Bora Bora", flagged="Bora Bora", source="a holiday in Bora-Bora"),
        Example('Dia berkata: "liberal liberal" saja', 'Dia berkata: "liberal" saja', flagged="liberal liberal"),
        Example("Ia mengatakan mengatakan: ya", "Ia mengatakan: ya", flagged="mengatakan mengatakan"),
        Example("Partai <b>liberal liberal</b> menang", "Partai <b>liberal</b> menang", flagged="liberal liberal"),
        Example("tunjukkan tunjukkan jalannya", "tunjukkan jalannya", flagged="tunjukkan tunjukkan"),
        Example("itulah itulah yang terjadi", "itulah yang terjadi", flagged="itulah itulah"),
        Example("masing-masing masing orang", "masing-masing orang", flagged="masing-masing masing"),
        Example("anak-anak anak kami", "anak-anak kami", unsafe=True, flagged="anak-anak anak"),
        Example("Lalu Lalu memberi mereka pilihan", "Lalu memberi mereka pilihan", flagged="Lalu Lalu"),
        Example("Kita tidak boleh meremehkannya meremehkannya.", "Kita tidak boleh meremehkannya.",
                flagged="meremehkannya meremehkannya"),
        Example("Tapi apakah apakah rezim", "Tapi apakah rezim", flagged="apakah apakah"),
        Example("Lalu kami kami pergi ke para guru.", "Lalu kami pergi ke para guru.",
                flagged="kami kami"),
        Example("Mereka mereka akan datang", "Mereka akan datang", flagged="Mereka mereka"),
        Example("jika kita membantu mereka mereka akan datang",
                "jika kita membantu mereka, mereka akan datang", unsafe=True,
                flagged="mereka mereka"),
        Example("Dia sangat sangat senang", flagged="sangat sangat",
                source="She was very very happy"),
        Example("Judulnya Jangan regret regret", flagged="regret regret",
                source="The title is Don't regret regret"),
    )
    silent = (
        "Chitwood menunggu beberapa saat saat para pekerja darurat",
        "orang-orang",
        "liberal, liberal",
        "10 10",
        "dari\ndari",
        "masing-masing",
    )

    # The backreference matches case-insensitively (`Dari dari`); only actual repeats match,
    # so the Python loop below runs once per candidate, not once per word.
    # A run of copies (`a a a a`) is one match: group 3 is the second copy, the match ends
    # after the last.
    _re = re.compile(rf"(?<![\w{HYPHENS}])({WORD})({HS}+)((?i:\1))(?:{HS}+(?i:\1))*"
                     rf"(?![\w{HYPHENS}])")

    # Half reduplication: `masing-masing masing`, `masing masing-masing`. Its hyphen follows
    # a letter: a hyphen that starts a line is in no match (the one pattern scanned with
    # required characters; check looks for it around hyphens between letters instead,
    # _half_matches).
    required_at_line_start = False
    _half_re = re.compile(
        rf"(?<![\w{HYPHENS}])(?:({WORD})[{HYPHENS}]((?i:\1))({HS}+)((?i:\1))"
        rf"|({WORD})({HS}+)((?i:\5))[{HYPHENS}]((?i:\5)))(?![\w{HYPHENS}])")

    def _line_matches(self, doc: Document) -> Iterator[tuple[int, int, int, Iterator[re.Match]]]:
        """The lines that can hold a match: where two neighbouring letter runs (found in C,
        whatever punctuation, quote or tag is glued to them) are equal (:func:`repeat_lines`),
        each as (its index, its start and end as :meth:`Document.line_span` gives them, its
        matches); or, for each region of the scope, (-1, -1, -1, its matches) when a region
        cannot be lowercased with its length kept, or when candidates are on most lines (`x  x`
        on each of 200,000: one scan of the scope costs less than a scan per line, with a
        scanner, the line's bounds and a tuple each). Whether a line matches depends on that
        line alone, never on what else the text holds (issue 11 #9: a repeat glued to a quote
        was found only when the same repeat occurred unglued elsewhere in the chunk)."""
        text = doc.text
        scope = doc.scope
        lowers = [doc.lower(start, end) for start, end in scope]
        lines = None
        if all(lower is not None for lower in lowers) and not _dense_start(lowers):
            lines = repeat_lines(lowers,
                                 max(REFINE_LINES, sum(map(len, lowers)) // DENSE_CHARS))
        if lines is None:
            for start, end in scope:
                yield -1, -1, -1, self._re.finditer(text, start, end)
            return
        if len(lines) > REFINE_LINES:
            # Many lines: those whose equal neighbours touch a digit go (see _digits_glued).
            # A text without a digit is its own glued text (the same object): none goes.
            glued = list(map(_digits_glued, lowers))
            if any(g is not low for g, low in zip(glued, lowers)):
                kept = set(repeat_lines(glued))
                lines = [line for line in lines if line in kept]
            del glued
        starts = doc.line_starts
        line_at = doc.line_at
        finditer = self._re.finditer
        region, first = -1, 0
        for k, i in lines:
            start, end = scope[k]
            if k != region:  # the index of the region's first line: once per region
                region, first = k, doc.line_of(start)
            j = first + i
            ls = start if i == 0 else starts[j]
            le = text.find("\n", ls, end)
            yield (j, *line_at(j), finditer(text, ls, end if le == -1 else le))

    @staticmethod
    @lru_cache(maxsize=65536)
    def _kind(word: str) -> str:
        """function / base / noun / other, for a lowercase word."""
        # The lists bound once (_kind_lists), not looked up per word: a text of many
        # different repeated words misses the cache for each.
        (lexicon, function_words, parts, function_stems, bases, possessed,
         flagged) = _kind_lists()
        if word in function_words:
            return "function"
        if word.endswith(parts):
            for particle in parts:  # itulah, dialah, apakah
                stem = word[:-len(particle)]
                if word.endswith(particle) and len(stem) >= 2 and stem in function_stems:
                    return "function"
        if word in bases:
            return "base"
        # A verb with the suffix -kan (tunjukkan, mengatakan, dijelaskan): a doubled verb is
        # written with a hyphen when meant (melihat-lihat), never with a space. Not a noun in
        # -an on a stem ending in k (tumpukan: tumpuk + -an).
        if word.endswith(_KAN_CLITICS):
            for clitic in ("nya", "ku", "mu"):  # meremehkannya: the -kan verb's
                if word.endswith("kan" + clitic):
                    word = word[:-len(clitic)]
                    break
        known = word in lexicon
        if (not known and word.endswith("kan") and len(word) > 6
                and word[:-2] not in lexicon
                and (word[:-3] in lexicon or verb_form(word[:-3], lexicon))):
            return "other"
        if derived_noun(word) or word in possessed:
            return "noun"
        if word in flagged:
            return "other"
        if not known and verb_form(word, lexicon):
            return "other"
        return "noun"

    @staticmethod
    def _capitalised_start(doc: Document, m: re.Match, word: str, line_start: int) -> bool:
        """`Lalu Lalu memberi`: a common word written twice at the start of a sentence (both
        copies capitalised, as the sentence start makes the first), not a name."""
        first, second = m.group(1), m.group(3)
        if first != second or first.isupper() and len(first) > 1:
            return False
        if not (word in lexicon_words() or word in data_set("function_words.txt")
                or word in _PRONOUNS or word in _DEMONSTRATIVES):
            return False
        before = _before(doc.text, m.start(1), line_start).rstrip(" \t\u00a0\"'\u201c\u2018(")
        return not before or before[-1] in ".!?:;"

    @staticmethod
    def _source_repeats(line: str, word: str) -> bool:
        """Whether the aligned source line repeats a word itself (a title, a quote: "Don't
        regret regret"), or writes this word twice with a hyphen (``Bora-Bora``): then the
        translation's repeat is the source's, not an error."""
        if _repeats(line):
            return True
        return _hyphen_paired(word, line)

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        clauses = _Clauses(text)
        legit = data_set("legit_repeats.txt")
        names = data_set("doubled_names.txt")
        kind_of = self._kind
        bases = _kind_lists()[4]  # reduplication_bases(): the words whose kind may be `base`
        code, severity = self.code, self.severity
        safe = Applicability.SAFE  # (a stutter's fix, built directly: replacement_within)
        has_source = doc.source is not None
        bisect_right = bisect.bisect_right
        # Each branch computes what it reads (the text before the repeat, whether the clause
        # ends after it, the fix), not every candidate all of it; the line's index and bounds
        # come with its matches (_line_matches), not looked up per match (a 1 MB line of
        # 100,000 repeats, or 200,000 lines of one repeat each).
        line = line_start = line_end = -1
        sub_starts = sub_ends = None  # the line's subordinators (_Clauses), on first need
        sources = doc.source_lines if has_source else None
        starts = doc.line_starts
        n_lines, n_chars = len(starts), len(text)
        for j, ls, le, matches in self._line_matches(doc):
            if j >= 0:
                line, line_start, line_end = j, ls, le
                sub_starts = None
            for m in matches:
                second = m.group(3)
                word = second.lower()
                if word in legit:
                    continue
                start, end = m.start(1), m.end()
                if not line_start <= start < line_end:  # (the scan of a whole scope)
                    # The match's line and the bounds line_at gives, the line starts walked
                    # forward as the matches come in text order: no call for 200,000 lines
                    # of `x  x` (a bisection and line_at, or rfind and find, cost a sixth of
                    # the rule there).
                    if line < 0 or starts[line] > start:
                        line = bisect_right(starts, start) - 1
                    while line + 1 < n_lines and starts[line + 1] <= start:
                        line += 1
                    line_start = starts[line]
                    line_end = starts[line + 1] - 1 if line + 1 < n_lines else n_chars
                    if line_end > line_start and text[line_end - 1] == "\r":
                        line_end -= 1
                    sub_starts = None
                cut = m.end(1)  # every copy after the first goes
                # the aligned source line (None: none), read by the line's index
                source = sources[line] if has_source and line < len(sources) else None
                if source is not None and self._source_repeats(source, word):
                    yield Diagnostic(code, f"`{text[start:end]}`: word repeated, as in the "
                                     "source; not fixed", start, end, Severity.INFO)
                    continue
                if second[0].isupper():
                    if self._capitalised_start(doc, m, word, line_start):
                        # `Jadi Jadi, produksi`: a reduplication would be `Jadi-jadi`; the second
                        # capital is the first copied.
                        yield replacement_within(code, f"`{text[start:end]}`: doubled word",
                                                 start, end, severity, cut, end, "", safe)
                        continue
                    # A name or title. A word-for-word repeat is a name only in a few places
                    # (``Duran Duran``, ``Bora Bora``: mtfix/data/doubled_names.txt). A source
                    # that has the name once decides: the MT stuttered.
                    span = text[start:end]
                    if word in names:
                        yield self.diag(start, end, f"`{span}`: a name written twice? not fixed",
                                        severity=Severity.INFO)
                    elif source is not None and source.strip():
                        # the source has a line, not repeating the word (checked above): the
                        # name the MT wrote twice was written once there
                        yield self.diag(start, end, f"`{span}`: capitalised word repeated; the "
                                        "source has it once", Fix.replace(cut, end, ""))
                    else:
                        yield self.diag(start, end, f"`{span}`: capitalised word repeated; remove "
                                        "one unless a name is written so",
                                        Fix.replace(cut, end, "", Applicability.UNSAFE))
                    continue
                if m.end(3) != end:
                    # Three copies or more: neither a reduplication nor a clause boundary. A long
                    # run is named by its word and count (a line of 250,000 copies printed the
                    # whole megabyte in the message).
                    run = text[start:end]
                    shown = f"`{run}`" if len(run) <= _SHOWN_RUN else \
                        f"`{m.group(1)}` written {len(run.split())} times"
                    yield replacement_within(code, f"{shown}: doubled word", start, end,
                                             severity, cut, end, "", safe)
                    continue
                if word in _PRONOUNS or word in _DEMONSTRATIVES:
                    # `membantu mereka mereka akan`: one clause ends with the pronoun as an object
                    # and the next starts with it; a comma is missing. After the start of a
                    # sentence or clause, or after an adverb or a function word that takes no
                    # object, the repeat is a plain stutter.
                    if not _clause_ends(text, end, line_end) and (
                            self._takes_object(_before(text, start, line_start), word)
                            or clauses.open_at(start, line_start, line_end)):
                        yield self.diag(start, end,
                                        f"`{text[start:end]}`: a clause boundary? write "
                                        f"`{m.group(1)}, {second}` (or remove one if it was "
                                        f"repeated by mistake)",
                                        Fix.replace(cut, cut, ",", Applicability.UNSAFE))
                    else:
                        yield replacement_within(code, f"`{text[start:end]}`: doubled word",
                                                 start, end, severity, cut, end, "", safe)
                    continue
                # The kind is read where it can change the outcome: a reduplication base (a
                # `base` is in `bases`; an idiom becomes one), or a noun far enough from the
                # line's start for a subordinate clause to open before it. Elsewhere every
                # kind is a plain stutter (94,000 different repeats, each at its row's start:
                # no word's kind worked out).
                if (start - line_start < _SHORTEST_SUBORDINATOR and word not in bases
                        and word not in _IDIOMS):
                    yield replacement_within(code, f"`{text[start:end]}`: doubled word", start,
                                             end, severity, cut, end, "", safe)
                    continue
                kind = kind_of(word)  # cached: once per word, not per repeat
                if word in _IDIOMS or word in _NUMERALS:
                    nxt = _NEXT_WORD.match(text, end, line_end)
                    if _IDIOMS.get(word) and nxt and nxt.group(1).lower() in _IDIOMS[word]:
                        kind = "base"  # `ada ada saja`: the idiom `ada-ada saja`
                    elif word in _NUMERALS and nxt:
                        kind = "function"  # `dua dua orang`: a numeral before what it counts
                if kind == "base":
                    # `orang orang`: the hyphen of `orang-orang` may be missing. Not after a
                    # quantifier (`para`, `banyak`, `salah satu`, a numeral): a reduplicated
                    # plural cannot follow one, so the repeat is a stutter.
                    if not (_after_quantifier(_before(text, start, line_start))
                            or text[end:end + 2].lstrip(" ")[:1].isdigit()):
                        yield self.diag(start, end,
                                        f"`{text[start:end]}`: a reduplication missing its "
                                        f"hyphen? write `{m.group(1)}-{second}` (or remove one "
                                        f"if it was repeated by mistake)",
                                        Fix.replace(cut, m.start(3), "-", Applicability.UNSAFE))
                        continue
                elif kind == "noun" and start - line_start >= _SHORTEST_SUBORDINATOR:
                    # `Ketika dia tiba di rumah rumah itu kosong`: the first copy may end a
                    # subordinate clause whose comma is missing. (Closer to the line's start, no
                    # subordinator fits before the repeat: the line's are not looked for.)
                    if sub_starts is None:
                        sub_starts, sub_ends = clauses.subordinators(line_start, line_end)
                    # open_at's first test, without its call: a subordinator ends before the
                    # repeat, within _WINDOW characters.
                    i = bisect_right(sub_ends, start) - 1
                    if (i >= 0 and sub_starts[i] >= start - _WINDOW
                            and not _clause_ends(text, end, line_end)
                            and clauses.open_at(start, line_start, line_end)):
                        yield self.diag(start, end, f"`{text[start:end]}`: doubled word, or a "
                                        f"clause boundary missing its comma "
                                        f"(`{m.group(1)}, {second}`)?",
                                        Fix.replace(cut, end, "", Applicability.UNSAFE))
                        continue
                # A function word, a base after a quantifier or before a number, anything else.
                # Nouns included: an Indonesian noun is unmarked for number (`vaksin baru` may be
                # one vaccine or several), so removing the copy never makes the sentence wrong,
                # while `pemasok-pemasok` would add a plural the source may not have.
                yield replacement_within(code, f"`{text[start:end]}`: doubled word", start, end,
                                         severity, cut, end, "", safe)
        yield from self._half(doc)

    def _takes_object(self, before: str, word: str) -> bool:
        """Whether the word before could take the pronoun as its object (a verb, a
        preposition): then the pronoun may end a clause (`membantu mereka mereka akan`).
        After a noun the pronoun is its possessor or ``ini``/``itu`` its determiner
        (`teman saya saya`, `negara itu itu juga`): a stutter."""
        prev = _prev_word(before)
        if prev is None:
            return False
        if (prev in _CLAUSE_OPENERS or prev in _ADVERBS or prev in _QUESTION_WORDS
                or prev in _HORTATIVES):
            return False
        if prev in data_set("function_words.txt"):
            return prev in _PREPOSITIONS
        if _verb_like(prev):
            return True
        if word in _DEMONSTRATIVES:
            return False  # `hal itu itu`, `proyek ini ini`: a determiner after its noun
        return not (derived_noun(prev) or prev in possessable())

    def _half_matches(self, doc: Document) -> Iterator[re.Match]:
        """The matches of ``_half_re`` in the scope (those of ``self.scan(doc, _half_re,
        WORD_BARRIER)``), looked for only around the hyphens between two letters: every match
        holds one (``masing-masing``), and these are found in C (the pattern starts with the
        hyphen, so the regex engine skips to the next one), where the scan's gate took every
        line holding any hyphen (a Markdown table's ``|---|`` and ``ke-1`` on every line: the
        pattern, which starts with a look-behind, tried at each of 1.2 MB's characters, 0.24 s a
        pass). The lines holding such a hyphen are cut into windows around them
        (:meth:`Barrier.windows`, exact: no match crosses a barrier character or a line
        break)."""
        text = doc.text
        lines: list[tuple[int, int]] = []
        anchors: list[int] = []
        last_end = -1
        for start, end in doc.scope:
            start = max(start, last_end)  # regions may overlap: no match twice
            if start >= end:
                continue
            last_end = end
            line_end = -1
            for m in _LETTER_HYPHEN.finditer(text, start, end):
                p = m.start()
                anchors.append(p)
                if p < line_end:
                    continue  # on the line before
                line_start = max(text.rfind("\n", start, p) + 1, start)
                line_end = text.find("\n", p, end)
                if line_end == -1:
                    line_end = end
                lines.append((line_start, line_end))
        finditer = self._half_re.finditer
        for start, end in WORD_BARRIER.windows(text, lines, hits=anchors):
            yield from finditer(text, start, end)

    def _half(self, doc: Document) -> Iterator:
        """`masing-masing masing` → `masing-masing`: a reduplication with one piece again."""
        text = doc.text
        lexicon = lexicon_words()
        for m in self._half_matches(doc):
            if m.group(1) is not None:  # X-X X: drop the space and the last X
                word, cut = m.group(4), (m.start(3), m.end(4))
            else:  # X X-X: drop the first X and the space
                word, cut = m.group(5), (m.start(5), m.end(6))
            low = word.lower()
            if word[0].isupper() and not m.group()[0].isupper() or low in data_set(
                    "legit_repeats.txt"):
                continue
            span = m.group()
            # Safe where the single piece is no word of its own (masing, kupu): the repeat
            # can only be a stutter; `anak-anak anak` might be a noun phrase.
            safe = low not in lexicon and low in reduplication_bases()
            yield self.diag(m.start(), m.end(), f"`{span}`: reduplication with a piece repeated",
                            Fix.replace(*cut, "", Applicability.SAFE if safe
                                        else Applicability.UNSAFE))
