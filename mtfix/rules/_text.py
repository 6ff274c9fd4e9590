"""Shared pieces for rules: character classes, case restoration. (Data files: mtfix.language.)"""

from __future__ import annotations

# Horizontal whitespace only: a rule never matches across a line break.
HS = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# A run of letters (no digits, no underscore).
WORD = r"[^\W\d_]+"
HYPHENS = "\\-\u2010\u2011"  # for use inside a character class
OPEN_QUOTES = "\"'\u201c\u2018"
CLOSE_QUOTES = "\"'\u201d\u2019"


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``template`` (lower, Capitalised, UPPER)."""
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
