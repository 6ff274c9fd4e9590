"""DW: a word written twice in a row (``liberal liberal``)."""

from __future__ import annotations

import re
from typing import Iterator

from ..language.lexicon import data_set, flagged_non_possessable, possessable
from ..language.lexicon import words as lexicon_words
from ..language.morphology import derived_noun, particles, reduplication_bases, verb_form
from ..model import Applicability, Fix, Severity
from ._text import HS, HYPHENS, WORD, repeat_lines
from .base import Document, Example, Rule

_PRONOUNS = frozenset({"saya", "aku", "kami", "kita", "kamu", "anda", "engkau", "dia", "ia",
                       "mereka", "beliau"})
_DEMONSTRATIVES = frozenset({"ini", "itu"})
# After these the pronoun is a subject, so the first copy cannot end a clause: a stutter.
_CLAUSE_OPENERS = frozenset({"dan", "atau", "tetapi", "tapi", "namun", "lalu", "kemudian", "jika",
                             "kalau", "bila", "apabila", "karena", "sebab", "bahwa", "yang", "agar",
                             "supaya", "sehingga", "ketika", "maka", "jadi", "sedangkan",
                             "meskipun", "walaupun", "setelah", "sebelum", "sementara", "apakah"})
_QUESTION_WORDS = frozenset({"apa", "siapa", "mana", "bagaimana", "mengapa", "kapan", "berapa"})


class DoubledWord(Rule):
    code = "DW001"
    fix_note = 'unsafe for nouns and reduplication bases; names only reported'
    name = "doubled-word"
    summary = "The same word written twice in a row"
    doc = """
    What it does
        Finds a word repeated with only a space between (``liberal liberal``, ``dari dari``,
        ``terlihat terlihat``) and removes the second copy.

    Why
        MT systems stutter: a repeated source token or a decoding loop leaves the word twice.

    Safe only where a repeat cannot be right
        - Function words (``dari``, ``adalah``, ``yang``; ``mtfix/data/function_words.txt``).
        - Prefixed verbs whose stem is a dictionary word (``terlihat``, ``menjadi``): a
          reduplicated verb is written ``melihat-lihat``, never ``melihat melihat``.
        - Dictionary words with affixes but no possessive (-ku/-mu/-nya) in hunspell-id, so
          not nouns: ``liberal``, ``global``.

    Unsafe (applied only with --unsafe-fixes)
        - Words whose reduplication is a dictionary entry (``orang orang``, ``sama sama``):
          the hyphen is probably missing, so the fix writes ``orang-orang``.
        - Nouns (possessive-taking, or derived: ``perusahaan``, ``pemasok``, ``distribusi``)
          and words not in the dictionary (``vaksin``): the fix deletes the copy, which was right
          for every such repeat in the dev data's MT output, but ``vaksin vaksin baru`` in the
          human reference is a plural that lost its hyphen (``vaksin-vaksin``).

        - Pronouns and ``ini``/``itu`` at the start of a sentence or clause (``Mereka mereka
          akan``, ``Lalu kami kami pergi``: after a conjunction the pronoun is a subject). Elsewhere (``membantu mereka mereka akan``) one clause may end with the
          pronoun and the next start with it: the unsafe fix adds the missing comma.
        - A reduplication with one piece repeated (``masing-masing masing``), when the piece is
          no word of its own (``masing``, ``kupu``); otherwise (``anak-anak anak``) unsafe.
        - Verbs in -kan missing from the dictionary (``tunjukkan``, ``mengatakan``), and
          function words with a particle (``itulah``).

        Repeats glued to punctuation, quotes or tags count (``"liberal liberal"``,
        ``mengatakan mengatakan:``, ``<b>liberal liberal</b>``); what is found on a line never
        depends on the rest of the text.

    Not touched
        A repeat when the aligned source line (``doc.source``) repeats a word too (``Don't
        regret regret``, ``very very``): only reported.
        Legitimate repeats (``beberapa saat saat para pekerja``: ``saat`` = moment, then
        ``saat`` = when; ``mtfix/data/legit_repeats.txt``). Names and titles: a repeat whose
        second word is capitalised (``Duran Duran``, ``Today Today``) is only reported.

    Fix safety
        Measured on the dev data (eval/README.md): every safe deletion in the MT outputs was
        right; the one wrong deletion found (``vaksin vaksin`` in the human reference) is
        unsafe now.
    """
    fix_applicability = Applicability.SAFE
    examples = (
        Example("Kemenangan pemilihan liberal liberal – setelah", "Kemenangan pemilihan liberal – setelah", flagged="liberal liberal"),
        Example("lebih dari dari setengah tahun", "lebih dari setengah tahun", flagged="dari dari"),
        Example("Wu terlihat terlihat pucat", "Wu terlihat pucat", flagged="terlihat terlihat"),
        Example("Dari dari sana", "Dari sana", flagged="Dari dari"),
        Example("ada orang orang di sana", "ada orang-orang di sana", unsafe=True),
        Example("adalah pemasok pemasok global GM", "adalah pemasok global GM", unsafe=True, flagged="pemasok pemasok"),
        Example("adalah vaksin vaksin baru", "adalah vaksin baru", unsafe=True, flagged="vaksin vaksin"),
        Example("dia menjadi menjadi ketua", "dia menjadi ketua", flagged="menjadi menjadi"),
        Example("program Today Today Radio 4", flagged="Today Today"),
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
    _re = re.compile(rf"(?<![\w{HYPHENS}])({WORD})({HS}+)((?i:\1))(?![\w{HYPHENS}])")

    # Half reduplication: `masing-masing masing`, `masing masing-masing`.
    _half_re = re.compile(
        rf"(?<![\w{HYPHENS}])(?:({WORD})[{HYPHENS}]((?i:\1))({HS}+)((?i:\1))"
        rf"|({WORD})({HS}+)((?i:\5))[{HYPHENS}]((?i:\5)))(?![\w{HYPHENS}])")

    def _candidates(self, doc: Document) -> Iterator[re.Match]:
        """Matches of the pattern, line by line, on the lines that can hold one: where two
        neighbouring letter runs (found in C, whatever punctuation, quote or tag is glued to
        them) are equal (:func:`repeat_lines`). Whether a line matches depends on that line
        alone, never on what else the text holds (issue 11 #9: a repeat glued to a quote was
        found only when the same repeat occurred unglued elsewhere in the chunk)."""
        text = doc.text
        scope = doc.scope
        lowers = [doc.lower(start, end) for start, end in scope]
        if any(lower is None for lower in lowers):
            for start, end in scope:
                yield from self._re.finditer(text, start, end)
            return
        for k, i in repeat_lines(lowers):
            start, end = scope[k]
            ls = start if i == 0 else doc.line_starts[doc.line_of(start) + i]
            le = text.find("\n", ls, end)
            yield from self._re.finditer(text, ls, end if le == -1 else le)

    def _kind(self, word: str) -> str:
        """function / base / noun / other, for a lowercase word."""
        lexicon = lexicon_words()
        function_words = data_set("function_words.txt")
        if word in function_words:
            return "function"
        for particle in particles(attached_only=False):  # itulah, dialah, apakah
            stem = word[:-len(particle)]
            if word.endswith(particle) and len(stem) >= 2 and (
                    stem in function_words or stem in _PRONOUNS or stem in _DEMONSTRATIVES
                    or stem in _QUESTION_WORDS):
                return "function"
        if word in reduplication_bases():
            return "base"
        # A verb with the suffix -kan (tunjukkan, mengatakan, dijelaskan): a doubled verb is
        # written with a hyphen when meant (melihat-lihat), never with a space. Not a noun in
        # -an on a stem ending in k (tumpukan: tumpuk + -an).
        for clitic in ("nya", "ku", "mu"):  # meremehkannya: the -kan verb's
            if word.endswith("kan" + clitic):
                word = word[:-len(clitic)]
                break
        if (word not in lexicon and word.endswith("kan") and len(word) > 6
                and word[:-2] not in lexicon
                and (word[:-3] in lexicon or verb_form(word[:-3], lexicon))):
            return "other"
        if derived_noun(word) or word in possessable():
            return "noun"
        if word in flagged_non_possessable():
            return "other"
        if word not in lexicon and verb_form(word, lexicon):
            return "other"
        return "noun"

    @staticmethod
    def _capitalised_start(doc: Document, m: re.Match, word: str) -> bool:
        """`Lalu Lalu memberi`: a common word written twice at the start of a sentence (both
        copies capitalised, as the sentence start makes the first), not a name."""
        first, second = m.group(1), m.group(3)
        if first != second or first.isupper() and len(first) > 1:
            return False
        if not (word in lexicon_words() or word in data_set("function_words.txt")
                or word in _PRONOUNS or word in _DEMONSTRATIVES):
            return False
        line_start, _ = doc.line_bounds(m.start())
        before = doc.text[line_start:m.start(1)].rstrip(" \t\u00a0\"'\u201c\u2018(")
        return not before or before[-1] in ".!?:;"

    def _source_repeats(self, doc: Document, offset: int) -> bool:
        """Whether the aligned source line repeats a word itself (a title, a quote: "Don't
        regret regret"): then the translation's repeat is the source's, not an error."""
        sources = doc.source_lines
        if sources is None:
            return False
        i = doc.line_of(offset)
        return i < len(sources) and self._re.search(sources[i]) is not None

    def check(self, doc: Document) -> Iterator:
        text = doc.text
        legit = data_set("legit_repeats.txt")
        kinds: dict[str, str] = {}
        for m in self._candidates(doc):
            first, second = m.group(1), m.group(3)
            word = second.lower()
            if word in legit:
                continue
            span = text[m.start(1):m.end(3)]
            if second[0].isupper() and not self._capitalised_start(doc, m, word):
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: word repeated; a name or title? not fixed",
                                severity=Severity.INFO)
                continue
            if self._source_repeats(doc, m.start()):
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: word repeated, as in the source; not fixed",
                                severity=Severity.INFO)
                continue
            delete = Fix.replace(m.end(1), m.end(3), "")
            unsafe_delete = Fix(delete.edits, Applicability.UNSAFE)
            if word in _PRONOUNS or word in _DEMONSTRATIVES:
                # `membantu mereka mereka akan`: one clause ends with the pronoun, the next
                # starts with it; a comma is missing. Only at the start of a sentence or
                # clause is the repeat a plain stutter.
                line_start, _ = doc.line_bounds(m.start())
                before = text[line_start:m.start(1)].rstrip(" \t\u00a0")
                prev = before.rsplit(None, 1)[-1].lower() if before else ""
                if not before or not before[-1].isalnum() or prev in _CLAUSE_OPENERS:
                    yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
                else:
                    yield self.diag(m.start(1), m.end(3),
                                    f"`{span}`: a clause boundary? write `{first}, {second}` "
                                    f"(or remove one if it was repeated by mistake)",
                                    Fix.replace(m.end(1), m.end(1), ",", Applicability.UNSAFE))
                continue
            kind = kinds.get(word)
            if kind is None:  # once per word, not per repeat (`a a a a …`)
                kind = kinds[word] = self._kind(word)
            if kind == "function":
                yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
            elif kind == "base":
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: a reduplication missing its hyphen? write "
                                f"`{first}-{second}` (or remove one if it was repeated by mistake)",
                                Fix.replace(m.end(1), m.start(3), "-", Applicability.UNSAFE))
            elif kind == "noun":
                yield self.diag(m.start(1), m.end(3),
                                f"`{span}`: doubled noun or unknown word; remove one, or "
                                f"write `{first}-{second}` if a plural was meant", unsafe_delete)
            else:
                yield self.diag(m.start(1), m.end(3), f"`{span}`: doubled word", delete)
        yield from self._half(doc)

    def _half(self, doc: Document) -> Iterator:
        """`masing-masing masing` → `masing-masing`: a reduplication with one piece again."""
        text = doc.text
        lexicon = lexicon_words()
        for m in self.scan(doc, self._half_re):
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
