"""Indonesian morphology for the rules: affixes, nasal mutation, reduplication, derived words.

The affix lists are data (``mtfix/data/affixes_id.tsv``), read once on first use; this module
holds the one copy the rules (HY001, DW001) and the glossary matcher share.
"""

from __future__ import annotations

from functools import lru_cache

from .lexicon import data_set, data_tsv, hyphenated

AFFIX_FILE = "affixes_id.tsv"
MIN_STEM = 2          # shortest stem left after taking an affix off (reduplication)
MIN_VERB_STEM = 3     # shortest stem of a prefixed verb form
MIN_DERIVED_NOUN = 5  # shortest word that counts as a derived noun


@lru_cache(maxsize=None)
def _affixes() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1].split()) for row in data_tsv(AFFIX_FILE)}


def affixes(kind: str) -> tuple[str, ...]:
    """One list of ``affixes_id.tsv``: ``prefix``, ``verb_prefix``, ``noun_prefix``,
    ``noun_suffix``, ``suffix``, ``verb_suffix``, ``suffix_combined``, ``clitic``,
    ``particle``, ``particle_apart``."""
    return _affixes()[kind]


@lru_cache(maxsize=None)
def _pairs(kind: str) -> dict[str, tuple[str, ...]]:
    """``nasal`` or ``nasal_back``: ``key:value,value`` items (``-`` for the empty string)."""
    out: dict[str, tuple[str, ...]] = {}
    for item in affixes(kind):
        key, _, values = item.partition(":")
        out[key] = tuple("" if v == "-" else v for v in values.split(","))
    return out


def prefixes() -> tuple[str, ...]:
    """Every prefix allomorph (ber-, me(N)-, pe(N)-, memper-, ...)."""
    return affixes("prefix")


def clitics() -> tuple[str, ...]:
    """Pronominal enclitics: -nya, -ku, -mu."""
    return affixes("clitic")


def particles(attached_only: bool = True) -> tuple[str, ...]:
    """Particles: -lah, -kah; with ``attached_only=False`` also -pun (written attached only
    in fixed words such as ``meskipun``)."""
    return affixes("particle") + (() if attached_only else affixes("particle_apart"))


def word_endings() -> tuple[str, ...]:
    """What may be written attached after any word: clitics and the particles -lah, -kah
    (``Kelompok Tujuhnya``). The glossary matcher allows them after a term."""
    return clitics() + particles()


@lru_cache(maxsize=None)
def suffixes() -> tuple[str, ...]:
    """Every ending a reduplication's pieces may carry: none, derivational suffixes, combined
    suffixes, clitics and particles (``sayur-sayuran``, ``menyia-nyiakan``)."""
    return ("",) + affixes("suffix") + affixes("suffix_combined") + clitics() + particles(False)


def stems(word: str, affix_list: tuple[str, ...], prefix: bool,
          min_stem: int = MIN_STEM) -> set[str]:
    """What is left of ``word`` with each affix of the list taken off (prefixes from the
    start, suffixes from the end), where that leaves at least ``min_stem`` letters."""
    out = set()
    for a in affix_list:
        if prefix and word.startswith(a):
            stem = word[len(a):]
        elif not prefix and word.endswith(a):
            stem = word[: len(word) - len(a)] if a else word
        else:
            continue
        if len(stem) >= min_stem:
            out.add(stem)
    return out


def melted_nasal(initial: str) -> str | None:
    """The nasal that replaces a stem's initial consonant after me(N)-/pe(N)- (pengaruh →
    memengaruhi: p → m; k → ng, t → n, s → ny), or None when that consonant does not melt."""
    values = _pairs("nasal").get(initial)
    return values[0] if values else None


def nasal_forms(stem: str) -> set[str]:
    """Forms a stem takes after a nasal prefix: pukul → mukul, tolong → nolong, sia → nyia."""
    nasal = _pairs("nasal")
    forms = {stem}
    first = stem[0]
    if first in nasal:
        forms.add(nasal[first][0] + stem[1:])
    if first in "aeiou":
        forms.add("ng" + stem)
    if first in "gh":
        forms.add("ng" + stem)
    if first in "cjdz":
        forms.add("n" + stem)
    return forms


def reduplication_kind(left: str, right: str) -> str | None:
    """Why ``left-right`` is one word, or None. Both arguments lowercase."""
    if left == right:
        return "full reduplication"
    if f"{left}-{right}" in hyphenated():
        return "hyphenated dictionary word"
    if len(left) < MIN_STEM or len(right) < MIN_STEM:
        return None
    # Affixed reduplication: the same stem on both sides once affixes are taken off
    # (bersama-sama, sayur-sayuran, menyia-nyiakan, tolong-menolong, kebarat-baratan).
    right_stems = stems(right, suffixes(), prefix=False)
    for stem in stems(left, ("",) + prefixes(), prefix=True):
        if stem in right_stems:
            return "affixed reduplication"
    # Reciprocal: tolong-menolong, pukul-memukul (prefix and nasal on the right).
    for stem in stems(right, prefixes(), prefix=True):
        if stem in nasal_forms(left) or stem == left:
            return "reciprocal reduplication"
    return None


@lru_cache(maxsize=None)
def reduplication_bases() -> frozenset[str]:
    """Words whose full reduplication is a dictionary entry (orang-orang, sama-sama, sia-sia)."""
    return frozenset(w.split("-")[0] for w in data_set("hyphenated_hunspell_id.txt")
                     if w.count("-") == 1 and w.split("-")[0] == w.split("-")[1])


@lru_cache(maxsize=None)
def _noun_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return affixes("noun_prefix"), affixes("noun_suffix")


def derived_noun(word: str) -> bool:
    """A derived noun by its shape: prefix pe(N)-/ke- or suffix -an/-si/-isme/-tas/-wan/-wati
    (``perusahaan``, ``pemasok``, ``distribusi``). Such nouns plural by reduplication."""
    if len(word) < MIN_DERIVED_NOUN:
        return False
    prefixes_, suffixes_ = _noun_affixes()
    return word.startswith(prefixes_) or word.endswith(suffixes_)


@lru_cache(maxsize=None)
def _verb_prefixes() -> tuple[tuple[str, ...], tuple, tuple[str, ...]]:
    """What :func:`verb_form` tries, worked out once from ``affixes_id.tsv``: every verb
    prefix (for a first test of the word's start); per prefix, its length, the nasals it ends
    in (how many letters of the rest the nasal is, and the stem initials it stands for) and
    those it stands for when the rest starts with ``m`` (``me`` + ``mukul``); the verb
    suffixes."""
    nasal_back = _pairs("nasal_back")
    rules = []
    for p in affixes("verb_prefix"):
        ending, before_m = [], []
        for nasal, first in nasal_back.items():
            # The letters of the rest the nasal stands for (``me`` + ``m``: the rest's m).
            cut = len(nasal) if nasal != "m" or p != "me" else 1
            if p.endswith(nasal):
                ending.append((cut, first))
            elif nasal == "m" and p == "me":
                before_m.append((cut, first))
        rules.append((p, len(p), tuple(ending), tuple(before_m)))
    return affixes("verb_prefix"), tuple(rules), affixes("verb_suffix")


def verb_form(word: str, lexicon: frozenset[str]) -> bool:
    """A prefixed verb whose stem is a ``lexicon`` word: terlihat, menjadi, memukul, berada."""
    all_prefixes, rules, verb_suffixes = _verb_prefixes()
    if not word.startswith(all_prefixes):
        return False
    for p, n, ending, before_m in rules:
        if not word.startswith(p) or len(word) - n < MIN_VERB_STEM:
            continue
        rest = word[n:]
        forms = {rest}
        for cut, first in ending:
            forms.update(f + rest[cut:] for f in first)
        if before_m and rest[:1] == "m":
            for cut, first in before_m:
                forms.update(f + rest[cut:] for f in first)
        for stem in list(forms):
            for suffix in verb_suffixes:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_VERB_STEM:
                    forms.add(stem[: -len(suffix)])
        if not forms.isdisjoint(lexicon):
            return True
    return False
