"""Glossaries: required terms, their known-wrong variants, and one-pass matching.

A :class:`Glossary` is built from entries in precedence order (user glossaries first, the
bundled one last: the first entry to claim a wrong variant or a source term wins). One
Aho-Corasick automaton finds every wrong variant in a text; another finds source terms in the
English source for the bilingual checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .formats import COLUMNS, Entry, GlossaryFormatError, Problem, Variant, read_file

BUNDLED = "news-id.tsv"

__all__ = ["Entry", "Variant", "Glossary", "GlossaryFormatError", "Problem", "Match",
           "load_glossaries", "bundled_path", "validate", "COLUMNS", "restore_case", "term_in"]


def bundled_path() -> Path:
    return Path(str(resources.files("mtfix.glossaries").joinpath(BUNDLED)))


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "-_"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry
    variant: Variant | None = None   # None when the match is of a required/source term


def restore_case(matched: str, target: str) -> str:
    """The target term with the case of what it replaces: UPPER stays upper, a capital at the
    start (sentence-initial) is kept; a target with capitals of its own (Kelompok Tujuh) wins."""
    if len(matched) > 1 and matched.isupper() and any(c.isalpha() for c in matched):
        return target.upper()
    if matched[:1].isupper() and target[:1].islower():
        return target[:1].upper() + target[1:]
    return target


def minimal_edit(old: str, new: str) -> tuple[int, int, str]:
    """(start, end, replacement) within ``old``: the common prefix and suffix left alone."""
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return p, len(old) - s, new[p:len(new) - s]


class Glossary:
    def __init__(self, entries: Sequence[Entry]):
        self.entries = list(entries)
        self.wrong: dict[str, tuple[Entry, Variant]] = {}
        self.by_source: dict[str, Entry] = {}
        for e in self.entries:
            for v in e.wrong:
                self.wrong.setdefault(v.key.lower(), (e, v))
            if e.source:
                self.by_source.setdefault(e.source.lower(), e)
        self._wrong_ac = _automaton(self.wrong)
        self._source_ac = _automaton(self.by_source)

    def __len__(self) -> int:
        return len(self.entries)

    # -- matching --------------------------------------------------------------------------
    def find_wrong(self, text: str, lower: str, offset: int = 0) -> list[Match]:
        """Wrong variants in ``text`` (``lower`` is its lowercased form, same length), longest
        leftmost first, with word boundaries; a clitic (-nya, -lah, ...) may follow."""
        if self._wrong_ac is None:
            return []
        found = []
        for last, key in self._wrong_ac.iter(lower):
            start = last - len(key) + 1
            end = last + 1
            if not _bounded(lower, start, end):
                continue
            entry, variant = self.wrong[key]
            if entry.case_sensitive and text[start:end] != variant.key:
                continue
            # The match covers the variant and its context; the edit only the variant.
            found.append(Match(offset + start, offset + end - len(variant.context), entry,
                               variant))
        return _leftmost_longest(found)

    def find_sources(self, source: str) -> list[Match]:
        """Glossary source terms in an (English) source segment."""
        if self._source_ac is None:
            return []
        lower = source.lower()
        if len(lower) != len(source):
            lower = source  # rare length-changing characters: match as written
        found = []
        for last, key in self._source_ac.iter(lower):
            start, end = last - len(key) + 1, last + 1
            if _bounded(lower, start, end, clitics=("s", "es")):
                entry = self.by_source[key]
                # A source term with capitals is a name (Group of Seven, not "a group of
                # seven"): it must match as written.
                if (entry.case_sensitive or not entry.source.islower()) and \
                        source[start:end] != entry.source:
                    continue
                found.append(Match(start, end, entry))
        return _leftmost_longest(found)

    def has_term(self, text: str, term: str, case_sensitive: bool = False) -> bool:
        """Whether ``term`` occurs in ``text`` as a word (clitics allowed)."""
        return term_in(text, term, case_sensitive)


def term_in(text: str, term: str, case_sensitive: bool = False) -> bool:
    """Whether ``term`` occurs in ``text`` as a word, a clitic (-nya, -lah, ...) allowed after."""
    hay, needle = (text, term) if case_sensitive else (text.lower(), term.lower())
    if not needle:
        return False
    i = hay.find(needle)
    while i != -1:
        if _bounded(hay, i, i + len(needle)):
            return True
        i = hay.find(needle, i + 1)
    return False


def _automaton(keys: Iterable[str]):
    keys = list(keys)
    if not keys:
        return None
    import ahocorasick

    a = ahocorasick.Automaton()
    for k in keys:
        a.add_word(k, k)
    a.make_automaton()
    return a


def _bounded(text: str, start: int, end: int, clitics: Sequence[str] | None = None) -> bool:
    """Whether [start, end) is a word of ``text``; ``clitics`` (default: the Indonesian clitics
    and particles written attached, -nya, -ku, -mu, -lah, -kah) may follow it."""
    if start > 0 and _is_word_char(text[start - 1]):
        return False
    if end >= len(text) or not _is_word_char(text[end]):
        return True
    if clitics is None:
        from ..language.morphology import word_endings

        clitics = word_endings()
    for c in clitics:
        if text.startswith(c, end):
            after = end + len(c)
            if after >= len(text) or not _is_word_char(text[after]):
                return True
    return False


def _leftmost_longest(found: list[Match]) -> list[Match]:
    """Non-overlapping matches, leftmost first, the longest (context included) at a start."""
    def full_end(m: Match) -> int:
        return m.end + (len(m.variant.context) if m.variant else 0)

    found.sort(key=lambda m: (m.start, -full_end(m)))
    out: list[Match] = []
    last_end = -1
    for m in found:
        if m.start >= last_end:
            out.append(m)
            last_end = full_end(m)
    return out


# -- loading -----------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _load_cached(key: tuple[tuple[str, float, int], ...]) -> Glossary:
    entries: list[Entry] = []
    for path, _, _ in key:
        entries.extend(read_file(path).entries)
    return Glossary(entries)


def load_glossaries(paths: Sequence[str] = (), default: bool = True) -> Glossary:
    """User glossaries (in order, first wins) then, unless ``default`` is False, the bundled
    news glossary. Cached per process by path, size and modification time."""
    files = [str(Path(p)) for p in paths]
    if default:
        files.append(str(bundled_path()))
    key = []
    for f in files:
        try:
            st = Path(f).stat()
        except FileNotFoundError:
            raise GlossaryFormatError(f"{f}: no such file") from None
        key.append((f, st.st_mtime, st.st_size))
    return _load_cached(tuple(key))


# -- validation --------------------------------------------------------------------------------

def validate(path: str) -> list[Problem]:
    """Problems of one glossary file (row-level and across entries). Raises
    GlossaryFormatError when the file cannot be read as a glossary at all."""
    res = read_file(path)
    problems = list(res.problems)
    seen_pair: dict[tuple[str, str], Entry] = {}
    seen_source: dict[str, Entry] = {}
    seen_variant: dict[str, Entry] = {}
    targets = {e.target.lower(): e for e in res.entries}
    g = Glossary(res.entries)
    for e in res.entries:
        pair = (e.source.lower(), e.target.lower())
        if e.source and pair in seen_pair:
            problems.append(Problem(path, e.line, f"duplicate of line {seen_pair[pair].line} "
                                                  f"({e.source!r} → {e.target!r})"))
            continue
        seen_pair[pair] = e
        if e.source:
            other = seen_source.get(e.source.lower())
            if other is not None and other.target.lower() != e.target.lower():
                problems.append(Problem(path, e.line, f"conflicts with line {other.line}: "
                                                      f"{e.source!r} → {e.target!r} there "
                                                      f"{other.target!r}"))
            seen_source.setdefault(e.source.lower(), e)
        for v in e.wrong:
            key = v.key.lower()
            if (v.key == e.target) if e.case_sensitive else (key == e.target.lower()):
                problems.append(Problem(path, e.line, f"wrong variant {v.text!r} equals the "
                                                      f"required term"))
                continue
            if key in targets and targets[key] is not e:
                problems.append(Problem(path, e.line, f"wrong variant {v.text!r} is the required "
                                                      f"term of line {targets[key].line}"))
            prev = seen_variant.get(key)
            if prev is not None and prev is not e and prev.target.lower() != e.target.lower():
                problems.append(Problem(path, e.line, f"wrong variant {v.text!r} also on line "
                                                      f"{prev.line} with another target "
                                                      f"({prev.target!r})"))
            seen_variant.setdefault(key, e)
    # A wrong variant inside a required term would match again after every fix.
    for e in res.entries:
        low = e.target.lower()
        for m in g.find_wrong(e.target, low) if len(low) == len(e.target) else []:
            problems.append(Problem(path, e.line, f"required term {e.target!r} contains the "
                                                  f"wrong variant {m.variant.text!r} of line "
                                                  f"{m.entry.line}: fixing would never stop"))
    problems.sort(key=lambda p: p.line)
    return problems
