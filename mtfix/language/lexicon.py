"""The word lists of ``mtfix/data/``: generic readers, and lookups in the Indonesian lexicon
derived from hunspell-id (``eval/derive_hunspell.py``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``mtfix/data/<name>``."""
    text = resources.files("mtfix.data").joinpath(name).read_text(encoding="utf-8")
    # A line starting with a letter or digit is neither blank nor a comment: kept without
    # the longer test (most lines of the word lists). splitlines leaves no line break.
    return tuple([line for line in text.splitlines()
                  if line[:1].isalnum() or line.strip() and not line.lstrip().startswith("#")])


@lru_cache(maxsize=None)
def data_set(name: str) -> frozenset[str]:
    """The lines of a one-word-per-line list, lowercased."""
    return frozenset(map(str.lower, map(str.strip, data_lines(name))))


@lru_cache(maxsize=None)
def data_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated list, each cell stripped."""
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in data_lines(name))


def words() -> frozenset[str]:
    """Indonesian word stems (hunspell-id's ``id_ID.dic``), lowercase."""
    return data_set("words_hunspell_id.txt")


def possessable() -> frozenset[str]:
    """Stems that take the possessive -ku/-mu/-nya (hunspell flag o0): nouns, mostly."""
    return data_set("possessable_hunspell_id.txt")


def flagged_non_possessable() -> frozenset[str]:
    """Stems with affix flags but no possessive: adjectives, verbs, not nouns."""
    return data_set("flagged_hunspell_id.txt")


@lru_cache(maxsize=None)
def hyphenated() -> frozenset[str]:
    """Hyphenated words: hunspell-id's, plus mtfix's own list (``hyphenated_extra.txt``)."""
    return data_set("hyphenated_hunspell_id.txt") | data_set("hyphenated_extra.txt")


def is_word(word: str) -> bool:
    """Whether ``word`` (any case) is an Indonesian stem of the lexicon."""
    return word.lower() in words()
