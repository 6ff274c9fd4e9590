"""EN: English words left untranslated in Indonesian text (``KTT Key Trump``)."""

from __future__ import annotations

import bisect
import itertools
import re
from itertools import chain, compress, count, islice, tee
from operator import and_, itemgetter, not_
from typing import Iterator

from ..model import Applicability, Severity
from .base import Document, Example, Rule
from ..language.english import (MIN_EN_ZIPF, MIN_GAP, common_english, english_zipf,
                                table_word)
from ..language.english import english_forms as _english_forms
from ..language.lexicon import data_set, words
from .boilerplate import is_boilerplate

# A word is "English" when it is common in English and clearly rarer in Indonesian
# (mtfix.language.english: MIN_EN_ZIPF, MIN_GAP, english_zipf and its cached table).
MIN_LEN = 3
# A capitalised word mid-sentence is usually a name (Glasgow, Old Trafford): report it only when
# it is a very common English word (Key, Three) and not inside a run of capitalised words.
MIN_EN_ZIPF_CAPITALISED = 5.0

_TOKEN = re.compile(r"(?<![\w'’\-@#./])[A-Za-z]+(?:['’][a-z]+)?(?![\w'’\-@/])")
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»')
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "«": "»"}
_OPENERS = re.compile('["“‘«]')
# re.Match.group as a function: the words of an iterator of matches, mapped in C.
_MATCH_GROUP = re.Match.group


def quoted_spans(line: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """The spans ``_QUOTED.finditer(line, start, stop)`` finds, in linear time.

    The regex tries every opening mark and scans to the end of the line when no closing one
    follows: quadratic on a line of ``“`` without ``”``. Here the next closing mark of each kind
    is looked up once and reused until the scan passes it.
    """
    stop = len(line) if stop is None else stop
    out: list[tuple[int, int]] = []
    seg = start
    while seg <= stop:
        nl = line.find("\n", seg, stop)
        end = stop if nl == -1 else nl  # no quotation crosses a line break
        next_close: dict[str, int] = {}
        pos = seg
        while True:
            m = _OPENERS.search(line, pos, end)
            if m is None:
                break
            p = m.start()
            close = _QUOTE_PAIRS[m.group()]
            q = next_close.get(close, -2)
            if q != -1 and q <= p:  # not looked up yet, or behind us: look again
                q = line.find(close, p + 1, end)
                next_close[close] = q
            if q == -1:
                pos = p + 1
                continue
            out.append((p, q + 1))
            pos = q + 1
        seg = end + 1
    return out


class UntranslatedEnglish(Rule):
    code = "EN001"
    name = "untranslated-english-word"
    summary = "English word left untranslated"
    fix_applicability = Applicability.DISPLAY_ONLY
    severity = Severity.INFO
    doc = f"""
    What it does
        Reports words that are common in English and clearly rarer in Indonesian
        (wordfreq: English Zipf ≥ {MIN_EN_ZIPF}, at least {MIN_GAP} above Indonesian), such as
        ``Key`` in ``KTT Key Trump``.

    Not reported
        Indonesian words (hunspell-id's word list: loans such as ``film``, ``bank``);
        names and titles: a capitalised word unless it is a very common English word
        (Zipf ≥ {MIN_EN_ZIPF_CAPITALISED}) that is not a usual name part (``New``, ``Old``,
        ``Daily``: ``mtfix/data/name_parts_en.txt``), outside a run of three capitalised words
        and not beside another English-looking one (``Central University Hospitals``,
        ``Wireless Mouse``); acronyms; words inside quotation marks (quoted titles); hashtags, handles,
        URLs; boilerplate lines (BP001); short lowercase words inside a title (``Transport for
        London``).

    Runs
        Adjacent reported words (only spaces between them) are one finding: ``the end`` is
        reported once, a line of ``the the the …`` once (its message quotes the start of the
        run and gives the number of words).

    Fix safety
        Display-only: translating is the editor's call. Measured on the dev data, see
        ``eval/README.md``.
    """
    examples = (
        Example("sebelum KTT Key Trump", flagged="Key"),
        Example("itu mengerikan, the end.", flagged="the end"),  # adjacent words: one finding
    )
    silent = ('film "The Dark Knight" diputar', "Central University Hospitals NHS",
              "bekerja sama dengan Transport for London", "sistem Guide for the Apple Macintosh",
              "Presiden AS Donald Trump", "#TheEnd @someone", "kunjungan resmi pertamanya")

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        starts = doc.line_starts
        n_lines = len(starts)
        indonesian = words()
        name_parts = data_set("name_parts_en.txt")
        flag_of = _Flags(self._english, indonesian)  # word -> English-looking, once per word
        flag = flag_of.__getitem__
        # Only a line with an English-looking token can have a finding: the lines holding one,
        # from one walk over the text's tokens (in C, but for the first look-up of each word:
        # a Markdown table of 14,000 lines, none with an English word, is done here, and a
        # masked list whose every line holds a placeholder, ``{mtfix12}``, has no token).
        # The matches are streamed (a 16 MB line's are not all kept). The walk goes on after
        # a long line's end rather than through the tokens its chunks read again.

        def english_tokens(pos: int) -> Iterator[re.Match]:
            tokens_a, tokens_b = tee(_TOKEN.finditer(text, pos))
            return compress(tokens_a, map(flag, map(_MATCH_GROUP, tokens_b)))

        hits = english_tokens(0)
        line_end = -1
        while (hit := next(hits, None)) is not None:
            if hit.start() < line_end:
                continue  # on the line worked out
            i = bisect.bisect_right(starts, hit.start()) - 1
            ls = starts[i]
            le = line_end = starts[i + 1] if i + 1 < n_lines else len(text)
            if le - hit.end() > WALK_ON_AFTER:
                hits = english_tokens(le)  # (no token crosses a line break)
            boilerplate = None
            quoted = q_starts = None
            # Offsets are in the text: a line is not copied out of it (a 16 MB line is one
            # line of a one-line file). Its tokens come in bounded chunks (_token_chunks),
            # each worked out on its own: the same findings as the whole line's.
            for tokens in _token_chunks(text, ls, le, TOKEN_CHUNK):
                chunk_words = list(map(_MATCH_GROUP, tokens))
                flags = list(map(flag, chunk_words))
                if not any(flags):
                    continue  # no English-looking word: nothing else to work out here
                if boilerplate is None:
                    stripped = le
                    while stripped > ls and text[stripped - 1] in "\r\n":
                        stripped -= 1
                    boilerplate = is_boilerplate(text[ls:stripped])
                if boilerplate:
                    break
                if quoted is None:
                    quoted = quoted_spans(text, ls, le)
                    q_starts = [a for a, _ in quoted]  # sorted, non-overlapping: bisect
                title = _TitleWalk(tokens, text, chunk_words)
                runs: dict[int, tuple[int, int]] = {}
                found: list[int] = []  # indices of the tokens reported, in order
                for k in itertools.compress(range(len(flags)), flags):
                    word = chunk_words[k]
                    if quoted:
                        start = tokens[k].start()
                        q = bisect.bisect_right(q_starts, start) - 1
                        if q >= 0 and start < quoted[q][1]:
                            continue
                    if word.islower() and len(word) <= 4 and title.inside(k):
                        continue  # "Transport for London", "Doom and Gloom"
                    if word[0].isupper():
                        # Capitalised words are mostly names (Old Trafford, Daily Mail, Bowie):
                        # only very common English words, not name parts, outside longer runs
                        # count.
                        if ((english_zipf(word) or 0) < MIN_EN_ZIPF_CAPITALISED
                                or word.lower() in name_parts
                                or title.in_name_run(flags, k, runs)):
                            continue
                    found.append(k)
                for a, b in _adjacent_runs(found, tokens, text):
                    start, end = tokens[a].start(), tokens[b].end()
                    yield self.diag(start, end, _message(text[start:end], b - a + 1))

    @staticmethod
    def _english(word: str, indonesian: frozenset[str]) -> bool:
        if len(word) < MIN_LEN or (word.isupper() and len(word) > 1):
            return False
        w = word.lower()
        if w in indonesian:
            return False  # an Indonesian word too (a loan, or a homograph)
        key = table_word(w)
        if key is not None:
            # english_zipf's first test (a plain word, or one with an apostrophe: `Trump's`),
            # without its lru_cache (a text of 100,000 different words misses it for each)
            table = common_english()
            if table is not None:
                return key in table
            if w.isascii() and w.isalpha() and w not in _english_forms():
                return False
        return english_zipf(word) is not None

    @staticmethod
    def _in_name_run(tokens, flags, k, line, runs: dict[int, tuple[int, int]]) -> bool:
        """A capitalised English word is part of a name or title when the run of adjacent
        capitalised words around it (acronyms aside) has three or more words, or when a
        neighbour in it is English-looking too (``Wireless Mouse``). ``KTT Key Trump`` has a
        run of two, Key alone English: reported.

        ``runs`` caches each run's bounds for all its words: a line of ``Key Key Key ...``
        walks its run once, not once per word."""
        if k in runs:
            lo, hi = runs[k]
        else:
            def capitalised(j: int) -> bool:
                w = tokens[j].group()
                return w[0].isupper() and not w.isupper()

            def adjacent(a: int, b: int) -> bool:
                return not line[tokens[a].end():tokens[b].start()].strip()

            lo = k
            while lo > 0 and capitalised(lo - 1) and adjacent(lo - 1, lo):
                lo -= 1
            hi = k
            while hi + 1 < len(tokens) and capitalised(hi + 1) and adjacent(hi, hi + 1):
                hi += 1
            if capitalised(k):  # then every word of lo..hi has the same run
                for j in range(lo, hi + 1):
                    runs[j] = (lo, hi)
        if hi - lo + 1 >= 3:
            return True
        return any(flags[j] for j in range(lo, hi + 1) if j != k)


# A run of reported words longer than this is quoted shortened in its message.
MESSAGE_CHARS = 60

# EN001's walk to the lines holding an English-looking token starts again after a line's end
# when more than this many characters of it follow the first such token (_token_chunks reads
# them): the rest of a short line is passed over as quickly.
WALK_ON_AFTER = 1024

# EN001 looks at a line's tokens in chunks of about this many (_token_chunks).
TOKEN_CHUNK = 4096


def _token_chunks(text: str, start: int, end: int, size: int) -> Iterator[list]:
    """The tokens (matches of ``_TOKEN``) of the line ``text[start:end]``, in lists of at least
    ``size`` tokens but the last, each cut before a token whose gap to the one before holds a
    character other than whitespace (a comma, a full stop, a quote mark). Everything EN001
    works out from a token's neighbours stops at such a gap: the title walk
    (:class:`_TitleWalk`), the run of capitalised words (``_in_name_run``) and a run of
    reported words (:func:`_adjacent_runs`); so a chunk has the findings it has inside the
    whole line, and the Match objects of a 16 MB line (2 million words) are not all kept.
    A line with no such gap stays one chunk. The gaps after a chunk's first ``size`` tokens
    are looked at ``size`` tokens at a time (:func:`_first_cut`)."""
    tokens = _TOKEN.finditer(text, start, end)
    chunk = list(islice(tokens, size))
    while chunk:
        rest = None
        while (batch := list(islice(tokens, size))):
            cut = _first_cut(text, chunk[-1], batch)
            if cut is None:
                chunk.extend(batch)
                continue
            chunk.extend(batch[:cut])
            rest = batch[cut:]
            break
        yield chunk
        if rest is None:
            return
        chunk = rest
        if len(chunk) < size:
            chunk.extend(islice(tokens, size - len(chunk)))


_MATCH_START, _MATCH_END = re.Match.start, re.Match.end


def _first_cut(text: str, last, batch: list) -> int | None:
    """The index in ``batch`` of the first token whose gap to the token before it (``last``
    for the first) holds a character other than whitespace, or None (the loop in C)."""
    gaps = map(str.strip, map(text.__getitem__, map(slice, map(_MATCH_END, chain((last,), batch)),
                                                        map(_MATCH_START, batch))))
    return next(compress(count(), gaps), None)


def _adjacent_runs(found: list[int], tokens, line: str) -> Iterator[tuple[int, int]]:
    """(first, last) token indices of each run of reported tokens that follow one another with
    only spaces or tabs between them: ``the end`` is one finding, ``the, end`` two."""
    i = 0
    while i < len(found):
        j = i
        while (j + 1 < len(found) and found[j + 1] == found[j] + 1
               and not line[tokens[found[j]].end():tokens[found[j + 1]].start()].strip(" \t")):
            j += 1
        yield found[i], found[j]
        i = j + 1


def _message(span: str, n_words: int) -> str:
    """```Key` looks like untranslated English``; a long run is quoted shortened, with its
    number of words."""
    if n_words == 1:
        return f"`{span}` looks like untranslated English"
    if len(span) > MESSAGE_CHARS:
        cut = span.rfind(" ", 0, MESSAGE_CHARS)
        span = span[:cut if cut > 0 else MESSAGE_CHARS].rstrip() + " …"
        return f"`{span}` ({n_words:,} words) looks like untranslated English"
    return f"`{span}` looks like untranslated English"


class _Flags(dict):
    """word → ``english(word, indonesian)``, worked out on first look-up (a line of ``the the
    …`` asks once, not once per token). A plain a-z word missing from the table of English
    words (:func:`mtfix.language.english.common_english`), or a word with an apostrophe whose
    table key is missing, is False without the call: ``english`` says so (a line of 100,000
    different words)."""

    def __init__(self, english, indonesian) -> None:
        super().__init__()
        self.english = english
        self.indonesian = indonesian
        self.table = common_english()

    def __missing__(self, word: str) -> bool:
        table = self.table
        if table is not None:
            key = table_word(word.lower())
            if key is not None and key not in table:
                self[word] = False
                return False
        flag = self[word] = self.english(word, self.indonesian)
        return flag


# _TitleWalk works out both sides of every token of a chunk in one sweep once more than this
# many tokens were asked about (a line of ``the the …``); before that it walks from each...
TITLE_SWEEP_AFTER = 32
# ... or as soon as one walk would take more than this many steps (a line of short lowercase
# words: each side walked to the line's end, then swept again).
TITLE_WALK_MAX = 256


class _TitleWalk:
    """Whether a short lowercase word sits between capitalised words of one title, e.g.
    ``Fight of the Century``: walk over adjacent short lowercase words to a capital on both
    sides. Each side's answer is remembered for every word walked over (the walk from a word
    continues as the walk from its neighbour), so a line of ``the the the ...`` costs one walk,
    not one per word. After TITLE_SWEEP_AFTER questions, the answers of every token come from
    one sweep in each direction (:meth:`_sweep`, the same recurrence)."""

    def __init__(self, tokens, line: str, words: list[str] | None = None) -> None:
        self.tokens = tokens
        self.line = line
        self.words = words if words is not None else [m.group() for m in tokens]
        self.memo: dict[tuple[int, int], bool] = {}
        self.asked = 0
        self.left: list[bool] | None = None   # side(k, -1) of every k, after the sweep
        self.right: list[bool] | None = None  # side(k, 1)
        self._joined: list[bool] | None = None
        self._capitalised: list[bool] | None = None  # for in_name_run

    def inside(self, k: int) -> bool:
        if self.left is None:
            self.asked += 1
            if self.asked <= TITLE_SWEEP_AFTER:
                left = self.side(k, -1, TITLE_WALK_MAX)
                if left is not None:  # (None: a walk longer than TITLE_WALK_MAX, left off)
                    if not left:
                        return False
                    right = self.side(k, 1, TITLE_WALK_MAX)
                    if right is not None:
                        return right
            self._sweep()
        return self.left[k] and self.right[k]

    @property
    def joined(self) -> list[bool]:
        """joined[j]: only whitespace between tokens j and j + 1 (the loops in C)."""
        if self._joined is None:
            tokens = self.tokens
            self._joined = list(map(not_, map(str.strip, map(self.line.__getitem__, map(
                slice, map(_MATCH_END, tokens), map(_MATCH_START, islice(tokens, 1, None)))))))
        return self._joined

    def in_name_run(self, flags: list[bool], k: int, runs: dict[int, tuple[int, int]]) -> bool:
        """:meth:`UntranslatedEnglish._in_name_run` of token k, its walk over lists of the
        chunk's capitalised words and gaps (made once) rather than two calls per step."""
        if k in runs:
            lo, hi = runs[k]
        else:
            if self._capitalised is None:
                words = self.words
                self._capitalised = list(map(and_, map(str.isupper, map(itemgetter(0), words)),
                                             map(not_, map(str.isupper, words))))
            cap, joined = self._capitalised, self.joined
            lo = k
            while lo > 0 and cap[lo - 1] and joined[lo - 1]:
                lo -= 1
            hi = k
            last = len(cap) - 1
            while hi < last and cap[hi + 1] and joined[hi]:
                hi += 1
            if cap[k]:  # then every word of lo..hi has the same run
                for j in range(lo, hi + 1):
                    runs[j] = (lo, hi)
        if hi - lo + 1 >= 3:
            return True
        return any(flags[j] for j in range(lo, hi + 1) if j != k)

    def _sweep(self) -> None:
        """side(k, step) for every token: the walk from k stops at its neighbour (a gap with
        a non-space character: False; a capital: True; a word longer than 4 letters: False)
        or continues as the walk from that neighbour."""
        tokens, words = self.tokens, self.words
        n = len(tokens)
        joined = self.joined
        upper = list(map(str.isupper, map(itemgetter(0), words)))
        long = list(map((4).__lt__, map(len, words)))
        left = [False] * n
        for k in range(1, n):
            j = k - 1
            if joined[j]:
                left[k] = True if upper[j] else (False if long[j] else left[j])
        right = [False] * n
        for k in range(n - 2, -1, -1):
            j = k + 1
            if joined[k]:
                right[k] = True if upper[j] else (False if long[j] else right[j])
        self.left, self.right = left, right

    def side(self, k: int, step: int, most: int | None = None) -> bool | None:
        """The walk from token k in direction ``step``; None, and nothing remembered, when it
        would take more than ``most`` steps."""
        tokens, line, memo, words = self.tokens, self.line, self.memo, self.words
        walked = []
        j = k
        while True:
            if (j, step) in memo:
                result = memo[(j, step)]
                break
            if most is not None and len(walked) >= most:
                return None
            walked.append(j)
            nxt = j + step
            if not 0 <= nxt < len(tokens):
                result = False
                break
            a, b = (tokens[nxt], tokens[j]) if step < 0 else (tokens[j], tokens[nxt])
            if line[a.end():b.start()].strip():
                result = False
                break
            w = words[nxt]
            if w[0].isupper():
                result = True
                break
            if len(w) > 4:
                result = False
                break
            j = nxt
        for i in walked:
            memo[(i, step)] = result
        return result
