"""Shared pieces for rules: character classes, data-file loading, case restoration."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

# Horizontal whitespace only: a rule never matches across a line break.
HS = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# A run of letters (no digits, no underscore).
WORD = r"[^\W\d_]+"
HYPHENS = "\\-\u2010\u2011"  # for use inside a character class
OPEN_QUOTES = "\"'\u201c\u2018"
CLOSE_QUOTES = "\"'\u201d\u2019"


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``mtfix/data/<name>``."""
    text = resources.files("mtfix.data").joinpath(name).read_text(encoding="utf-8")
    return tuple(line.rstrip("\r\n") for line in text.splitlines()
                 if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=None)
def data_set(name: str) -> frozenset[str]:
    return frozenset(line.strip().lower() for line in data_lines(name))


@lru_cache(maxsize=None)
def data_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in data_lines(name))


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``template`` (lower, Capitalised, UPPER)."""
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
