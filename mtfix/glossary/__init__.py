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

from ..text import changed_span, lower_aligned
from .formats import COLUMNS, Entry, GlossaryFormatError, Problem, Variant, read_file

BUNDLED = "news-id.tsv"

__all__ = ["Entry", "Variant", "Glossary", "GlossaryFormatError", "Problem", "Match",
           "load_glossaries", "bundled_path", "validate", "find_loops", "COLUMNS", "restore_case", "term_in"]


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
    """(start, end, replacement) within ``old``: the words that differ, the common words before
    and after left alone. Whole words: ``ikatan`` → ``hubungan`` is the edit, not ``ikat`` →
    ``hubung``, which an editor reviewing it reads as a different change."""
    start, end, new_end = changed_span(old, new)
    # The common prefix and suffix are the same in both: moving into them keeps the edit.
    while start > 0 and old[start - 1].isalnum():
        start -= 1
    while end < len(old) and old[end].isalnum():
        end += 1
        new_end += 1
    return start, end, new[start:new_end]


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
        """Wrong variants in ``text`` (``lower``: ``lower_aligned(text)``, same length), longest
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
        lower = lower_aligned(source)
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
    hay, needle = (text, term) if case_sensitive else (lower_aligned(text), lower_aligned(term))
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

def _where(e: Entry) -> str:
    return f"{e.path}:{e.line}" if e.path else "glossary"


def _rewrites(g: Glossary, e: Entry) -> list[Entry]:
    """The entries whose wrong variants occur in ``e``'s required term and would change it:
    after ``e`` is applied, each of them fires on its output."""
    low = lower_aligned(e.target)
    out = []
    for m in g.find_wrong(e.target, low):
        matched = e.target[m.start:m.end]
        if restore_case(matched, m.entry.target) != matched:
            out.append(m.entry)
    return out


def find_loops(g: Glossary) -> list[list[Entry]]:
    """Rewriting cycles among the glossary's entries: a required term containing its own wrong
    variant (``kata`` → ``kata kata`` grows at every pass), two entries undoing each other
    (A → B, B → A) or a longer ring. Each cycle as the list of its entries, in order."""
    edges = {id(e): _rewrites(g, e) for e in g.entries}
    by_id = {id(e): e for e in g.entries}
    loops: list[list[Entry]] = []
    state: dict[int, int] = {}          # 1: on the current path, 2: done
    for root in g.entries:
        if id(root) in state:
            continue
        path: list[int] = []
        stack = [(id(root), iter(edges[id(root)]))]
        state[id(root)] = 1
        path.append(id(root))
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            k = id(nxt)
            if state.get(k) == 1:
                loops.append([by_id[i] for i in path[path.index(k):]])
            elif k not in state:
                state[k] = 1
                path.append(k)
                stack.append((k, iter(edges[k])))
    return loops


def _refuse_loops(g: Glossary) -> None:
    loops = find_loops(g)
    if not loops:
        return
    ring = loops[0]
    first = ring[0]
    if len(ring) == 1:
        v = next((m.variant.text for m in g.find_wrong(first.target, lower_aligned(first.target))
                  if m.entry is first), "?")
        raise GlossaryFormatError(
            f"{_where(first)}: required term {first.target!r} contains its own wrong variant "
            f"{v!r}: fixing would never stop (`mtfix glossary validate` lists all problems)")
    chain = " → ".join(f"{e.target!r} ({_where(e)})" for e in ring + [first])
    raise GlossaryFormatError(
        f"{_where(first)}: entries rewrite each other forever: {chain} "
        f"(`mtfix glossary validate` lists all problems)")


@lru_cache(maxsize=16)
def _load_cached(key: tuple[tuple[str, float, int], ...]) -> Glossary:
    entries: list[Entry] = []
    for path, _, _ in key:
        entries.extend(read_file(path).entries)
    g = Glossary(entries)
    _refuse_loops(g)    # refused at load, so fix and check cannot apply it
    return g


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
        for m in g.find_wrong(e.target, lower_aligned(e.target)):
            problems.append(Problem(path, e.line, f"required term {e.target!r} contains the "
                                                  f"wrong variant {m.variant.text!r} of line "
                                                  f"{m.entry.line}: fixing would never stop"))
    problems.sort(key=lambda p: p.line)
    return problems
