"""Synthetic damage for post-editor training data.

``damage(line, rng)`` injects, each with some probability, the kinds of error the rule families
repair (split reduplication, doubled word, detached closing quote, spacing, joined preposition,
lowercase ``anda``), so that clean Indonesian text yields (damaged, clean) training pairs.
``synthetic_pairs`` keeps only lines that actually changed.

Pure standard library; no model imports.
"""

from __future__ import annotations

import random
import re
from typing import Callable, Iterable

# Each damage function returns the line unchanged when it has nothing to act on.

_HYPHEN_WORD = re.compile(r"\b(\w+)-(\w+)\b")
_WORD = re.compile(r"\b[^\W\d_]{3,}\b")
_CLOSING_QUOTE = re.compile(r'([,.?!])" (\w)')
_PUNCT = re.compile(r"(?<=\w)([,.?;:!])(?=\s|$)")
_CURRENCY = re.compile(r"([$€£¥]|Rp\.?)(?=\d)")
_SLASH = re.compile(r"(?<=\w)/(?=\w)")
_PREP = re.compile(r"\b([Dd]i|[Kk]e) (sini|sana|situ|mana)\b")
_ANDA = re.compile(r"\bAnda\b")


def _pick(rng: random.Random, matches: list) -> "re.Match | None":
    return rng.choice(matches) if matches else None


def split_hyphen(line: str, rng: random.Random) -> str:
    """``sela-sela`` → ``sela -sela`` or ``sela- sela``."""
    m = _pick(rng, list(_HYPHEN_WORD.finditer(line)))
    if m is None:
        return line
    a, b = m.group(1), m.group(2)
    new = f"{a} -{b}" if rng.random() < 0.5 else f"{a}- {b}"
    return line[:m.start()] + new + line[m.end():]


def double_word(line: str, rng: random.Random) -> str:
    """``liberal`` → ``liberal liberal`` (never inside a hyphenated word)."""
    cands = [m for m in _WORD.finditer(line)
             if not (m.start() > 0 and line[m.start() - 1] == "-")
             and not (m.end() < len(line) and line[m.end()] == "-")]
    m = _pick(rng, cands)
    if m is None:
        return line
    w = m.group(0)
    return line[:m.end()] + " " + w + line[m.end():]


def detach_quote(line: str, rng: random.Random) -> str:
    """``...," katanya`` → ``..., "katanya``."""
    m = _pick(rng, list(_CLOSING_QUOTE.finditer(line)))
    if m is None:
        return line
    return line[:m.start()] + f'{m.group(1)} "{m.group(2)}' + line[m.end():]


def space_before_punct(line: str, rng: random.Random) -> str:
    """``kata, lain`` → ``kata , lain``."""
    m = _pick(rng, list(_PUNCT.finditer(line)))
    if m is None:
        return line
    return line[:m.start()] + " " + line[m.start():]


def space_currency(line: str, rng: random.Random) -> str:
    """``$16,6`` → ``$ 16,6``."""
    m = _pick(rng, list(_CURRENCY.finditer(line)))
    if m is None:
        return line
    return line[:m.end()] + " " + line[m.end():]


def space_slash(line: str, rng: random.Random) -> str:
    """``dan/atau`` → ``dan / atau``."""
    m = _pick(rng, list(_SLASH.finditer(line)))
    if m is None:
        return line
    return line[:m.start()] + " / " + line[m.end():]


def join_preposition(line: str, rng: random.Random) -> str:
    """``di sini`` → ``disini``."""
    m = _pick(rng, list(_PREP.finditer(line)))
    if m is None:
        return line
    return line[:m.start()] + m.group(1) + m.group(2) + line[m.end():]


def lowercase_anda(line: str, rng: random.Random) -> str:
    """``Anda`` → ``anda`` (not at the start of the line)."""
    cands = [m for m in _ANDA.finditer(line) if m.start() > 0]
    m = _pick(rng, cands)
    if m is None:
        return line
    return line[:m.start()] + "anda" + line[m.end():]


# name -> (function, probability of being attempted)
DAMAGES: dict[str, tuple[Callable[[str, random.Random], str], float]] = {
    "split_hyphen": (split_hyphen, 0.6),
    "double_word": (double_word, 0.15),
    "detach_quote": (detach_quote, 0.6),
    "space_before_punct": (space_before_punct, 0.2),
    "space_currency": (space_currency, 0.6),
    "space_slash": (space_slash, 0.5),
    "join_preposition": (join_preposition, 0.6),
    "lowercase_anda": (lowercase_anda, 0.5),
}


def damage(line: str, rng: random.Random, kinds: Iterable[str] | None = None,
           always: bool = False) -> str:
    """Apply each damage kind with its probability (or every applicable kind when ``always``)."""
    for name in (kinds if kinds is not None else DAMAGES):
        fn, p = DAMAGES[name]
        if always or rng.random() < p:
            line = fn(line, rng)
    return line


def synthetic_pairs(clean_lines: Iterable[str], rng: random.Random,
                    n: int | None = None) -> list[tuple[str, str]]:
    """(damaged, clean) pairs for lines where some damage applied; at most ``n`` pairs."""
    out: list[tuple[str, str]] = []
    for raw in clean_lines:
        clean = raw.rstrip("\r\n")
        if not clean.strip():
            continue
        d = damage(clean, rng)
        if d == clean:
            continue
        out.append((d, clean))
        if n is not None and len(out) >= n:
            break
    return out
