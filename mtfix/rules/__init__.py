"""The rule registry: one table of codes, and selection by code or family prefix (as ruff does)."""

from __future__ import annotations

from typing import Iterable, Sequence

from .base import Document, Example, Rule
from .bilingual import NumberMismatch, ProtectedSpanMismatch, UntranslatedSegment
from .boilerplate import SiteBoilerplate
from .doubled import DoubledWord
from .english import UntranslatedEnglish
from .hyphen import SplitHyphenatedWord
from .orthography import (JoinedPreposition, LowercasePronounAnda, NonStandardSpelling,
                          NumeralSuffixWithoutHyphen)
from .capitals import (CapitalAfterSemicolon, CapitalisedTwitterPicLink,
                       CapitalPrepositionAfterAbbreviation)
from .kbbi import (BoundFormApart, CompoundWrittenTogether, DottedAmerikaSerikat,
                   UnmeltedNasalPrefix)
from .numbers import DecimalPointBeforeUnit, EnglishNumberSeparators
from .ranges import SpacedRangeDash
from .quotes import DetachedClosingQuote, PunctuationOutsideQuote, SpaceBeforeFinalQuote
from .terms import GlossaryTermMissing, GlossaryWrongVariant
from .spacing import (BrokenHtmlEntity, HyphenAsLineDash, MultipleSpaces,
                      SpaceAfterOpeningParenthesis, SpaceBeforePunctuation, SpacedCurrencySymbol,
                      SpacedSlash, SpacedTimeColon)

RULE_CLASSES: tuple[type[Rule], ...] = (
    SiteBoilerplate,
    DoubledWord,
    UntranslatedEnglish,
    SplitHyphenatedWord,
    JoinedPreposition,
    NonStandardSpelling,
    LowercasePronounAnda,
    NumeralSuffixWithoutHyphen,
    DetachedClosingQuote,
    SpaceBeforeFinalQuote,
    PunctuationOutsideQuote,
    MultipleSpaces,
    SpaceBeforePunctuation,
    SpaceAfterOpeningParenthesis,
    SpacedCurrencySymbol,
    SpacedSlash,
    BrokenHtmlEntity,
    HyphenAsLineDash,
    SpacedTimeColon,
    GlossaryWrongVariant,
    GlossaryTermMissing,
    NumberMismatch,
    ProtectedSpanMismatch,
    UntranslatedSegment,
    SpacedRangeDash,
    UnmeltedNasalPrefix,
    CompoundWrittenTogether,
    BoundFormApart,
    DottedAmerikaSerikat,
    CapitalAfterSemicolon,
    CapitalPrepositionAfterAbbreviation,
    CapitalisedTwitterPicLink,
    EnglishNumberSeparators,
    DecimalPointBeforeUnit,
)


class UnknownRuleError(ValueError):
    pass


def _build() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for cls in RULE_CLASSES:
        if cls.code in rules:
            raise RuntimeError(f"duplicate rule code {cls.code}")
        rules[cls.code] = cls()
    return dict(sorted(rules.items()))


REGISTRY: dict[str, Rule] = _build()


def get_rule(code: str) -> Rule:
    try:
        return REGISTRY[code.upper()]
    except KeyError:
        raise UnknownRuleError(f"unknown rule code {code!r}; `mtfix rules` lists them") from None


def _matching(selector: str) -> list[str]:
    sel = selector.strip().upper()
    if sel == "ALL":
        return list(REGISTRY)
    codes = [c for c in REGISTRY if c.startswith(sel)]
    if not codes:
        names = {r.name: c for c, r in REGISTRY.items()}
        if selector.strip().lower() in names:
            return [names[selector.strip().lower()]]
        raise UnknownRuleError(f"no rule matches {selector!r}; `mtfix rules` lists them")
    return codes


def resolve_rules(select: Sequence[str] | None = None, ignore: Iterable[str] = (),
                  extend_select: Iterable[str] = ()) -> list[Rule]:
    """Rules to run: ``select`` (codes, family prefixes, names or ALL) or the defaults,
    plus ``extend_select``, minus ``ignore``."""
    if select is None:
        chosen = {c for c, r in REGISTRY.items() if r.default}
    else:
        chosen = {c for s in select for c in _matching(s)}
    chosen |= {c for s in extend_select for c in _matching(s)}
    chosen -= {c for s in ignore for c in _matching(s)}
    return [REGISTRY[c] for c in sorted(chosen)]


def needs_glossary(rules: Iterable[Rule]) -> bool:
    """Whether any of these rules reads the glossary (so a run must load it)."""
    return any(r.needs_glossary for r in rules)


def cut_ok(rules: Iterable[Rule], before: str, after: str) -> bool:
    """Whether a text may be cut between the lines ``before`` and ``after`` without changing
    the repair of either part: every rule that looks at neighbouring lines agrees."""
    return all(r.cut_ok(before, after) for r in rules if r.neighbour_sensitive)


__all__ = ["REGISTRY", "needs_glossary", "cut_ok", "Rule", "Example", "Document", "get_rule", "resolve_rules",
           "UnknownRuleError"]
