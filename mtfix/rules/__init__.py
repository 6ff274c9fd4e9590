"""The rule registry: one table of codes, and selection by code or family prefix (as ruff does).

The registry holds mtfix's own rules (``RULE_CLASSES``) and any installed by other packages
under the entry-point group ``mtfix.rules``. An entry point names a :class:`Rule` subclass, a
list or tuple of them, or a module (its ``RULES`` sequence, else the Rule subclasses it
defines)::

    [project.entry-points."mtfix.rules"]
    myrules = "mtfix_myrules"              # a module
    xp001 = "mtfix_myrules:ReplaceFoo"     # one class

Codes and names stay unique: a plugin that reuses one is skipped (see :func:`_plugins`).
"""

from __future__ import annotations

import re
import sys
import types
from typing import Iterable, Sequence

from .base import Document, Example, Rule
from .bilingual import (DroppedFinalPunctuation, NumberMismatch, ProtectedSpanMismatch,
                        SplitHashtag, UntranslatedSegment)
from .boilerplate import SiteBoilerplate
from .doubled import DoubledWord
from .english import UntranslatedEnglish
from .hyphen import SplitHyphenatedCompound, SplitHyphenatedWord
from .orthography import (JoinedPreposition, LowercasePronounAnda, NonStandardSpelling,
                          NumeralSuffixWithoutHyphen)
from .capitals import (CapitalAfterSemicolon, CapitalisedTwitterPicLink,
                       CapitalPrepositionAfterAbbreviation, LowercaseAfterSpeakerLabel)
from .kbbi import (BoundFormApart, CompoundWrittenTogether, DottedAmerikaSerikat,
                   UnmeltedNasalPrefix)
from .numbers import DecimalPointBeforeUnit, EnglishNumberSeparators
from .ranges import SpacedRangeDash
from .quotes import DetachedClosingQuote, PunctuationOutsideQuote, SpaceBeforeFinalQuote
from .terms import GlossaryTermMissing, GlossaryWrongVariant
from .spacing import (BrokenHtmlEntity, HyphenAsLineDash, MultipleSpaces,
                      SpaceAfterOpeningParenthesis, SpaceBeforePunctuation, SpacedCurrencySymbol,
                      SpacedSlash, SpacedTimeColon, SplitUsDollar)

RULE_CLASSES: tuple[type[Rule], ...] = (
    SiteBoilerplate,
    DoubledWord,
    UntranslatedEnglish,
    SplitHyphenatedWord,
    SplitHyphenatedCompound,
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
    SplitUsDollar,
    GlossaryWrongVariant,
    GlossaryTermMissing,
    NumberMismatch,
    ProtectedSpanMismatch,
    UntranslatedSegment,
    DroppedFinalPunctuation,
    SplitHashtag,
    SpacedRangeDash,
    UnmeltedNasalPrefix,
    CompoundWrittenTogether,
    BoundFormApart,
    DottedAmerikaSerikat,
    CapitalAfterSemicolon,
    CapitalPrepositionAfterAbbreviation,
    CapitalisedTwitterPicLink,
    LowercaseAfterSpeakerLabel,
    EnglishNumberSeparators,
    DecimalPointBeforeUnit,
)


ENTRY_POINT_GROUP = "mtfix.rules"
_CODE = re.compile(r"[A-Z]+[0-9]+")


class UnknownRuleError(ValueError):
    pass


class PluginError(Exception):
    """A plugin that cannot join the registry; the message names it and says why."""


def _plugin_classes(ep) -> list[type[Rule]]:
    """The rule classes an entry point names: a Rule subclass, a sequence of them, or a module
    (its ``RULES`` sequence if it has one, else the Rule subclasses with a code it defines)."""
    try:
        obj = ep.load()
    except Exception as e:  # an import error, or anything the plugin's import raises
        raise PluginError(f"cannot be loaded ({type(e).__name__}: {e})") from None
    if isinstance(obj, types.ModuleType):
        found = getattr(obj, "RULES", None)
        if found is None:
            # Classes without a code are helpers (a shared base class), not rules.
            found = [v for v in vars(obj).values() if isinstance(v, type)
                     and issubclass(v, Rule) and v.__module__ == obj.__name__
                     and isinstance(getattr(v, "code", None), str)]
    elif isinstance(obj, type):
        found = [obj]
    elif isinstance(obj, (list, tuple)):
        found = list(obj)
    else:
        raise PluginError(f"is a {type(obj).__name__}, not a Rule subclass, a sequence of them "
                          f"or a module")
    classes = []
    for cls in found:
        if not (isinstance(cls, type) and issubclass(cls, Rule)) or cls is Rule:
            raise PluginError(f"gives {cls!r}, which is not a subclass of mtfix.rules.Rule")
        for attr in ("code", "name", "summary", "doc"):
            if not isinstance(getattr(cls, attr, None), str) or not getattr(cls, attr):
                raise PluginError(f"rule {cls.__name__} has no {attr}")
        if not _CODE.fullmatch(cls.code):
            raise PluginError(f"rule {cls.__name__} has code {cls.code!r}: expected capital "
                              f"letters and digits (XP001)")
        if cls.check is Rule.check:
            raise PluginError(f"rule {cls.code} does not implement check()")
        classes.append(cls)
    if not classes:
        raise PluginError("gives no rule")
    return classes


def _describe(ep) -> str:
    dist = getattr(ep, "dist", None)
    where = f" from {dist.name} {dist.version}" if dist is not None else ""
    return f"plugin {ep.name!r} ({ep.value}{where})"


def _group_may_be_declared() -> bool:
    """Whether a distribution on ``sys.path`` may declare the entry-point group: the name is
    in one of the ``entry_points.txt`` files of the ``*.dist-info`` and ``*.egg-info``
    folders there (where importlib.metadata's path finder reads them), or a path entry is not
    a folder (a zip, an egg: there importlib.metadata is asked). Every mtfix run builds the
    registry: importing importlib.metadata and parsing every distribution's entry points took
    25-30 ms of a run that checks one short file in 180 ms."""
    import os
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if not hasattr(finder, "find_distributions") or finder is PathFinder:
            continue
        kind = type(finder)
        if (kind.__module__, kind.__name__) == ("importlib_metadata", "MetadataPathFinder"):
            continue  # the importlib_metadata backport's (dask installs it): sys.path again
        return True  # another finder of distributions: importlib.metadata asks it
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as it:
                infos = [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))
                         or e.name == "EGG-INFO"]
        except NotADirectoryError:
            return True
        except OSError:
            continue  # a path entry that does not exist (python311.zip): nothing there
        for name in infos:
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as f:
                    if ENTRY_POINT_GROUP.encode() in f.read():
                        return True
            except OSError:
                continue
    return False


def _plugins(taken_codes: set[str], taken_names: set[str]) -> list[Rule]:
    """Rules installed by other packages under the entry-point group ``mtfix.rules``.

    A broken plugin (it does not import, gives something that is not a Rule, or reuses a code
    or a name) is skipped with one line on stderr naming it: mtfix's own rules and the other
    plugins keep working, ``mtfix rules`` still runs to show what loaded, and a run that
    needs the plugin's codes fails on them (``unknown rule code``) rather than on its
    traceback. All of a plugin's rules are skipped together, never half of them."""
    out: list[Rule] = []
    if not _group_may_be_declared():
        return out
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        try:
            classes = _plugin_classes(ep)
            codes = [c.code for c in classes]
            names = [c.name for c in classes]
            for code in codes:
                if code in taken_codes or codes.count(code) > 1:
                    raise PluginError(f"rule code {code} is already taken")
            for name in names:
                if name in taken_names or names.count(name) > 1:
                    raise PluginError(f"rule name {name!r} is already taken")
            rules = [c() for c in classes]
        except PluginError as e:
            print(f"mtfix: warning: {_describe(ep)} skipped: {e}", file=sys.stderr)
            continue
        except Exception as e:  # the rule's constructor failed
            print(f"mtfix: warning: {_describe(ep)} skipped: a rule cannot be created "
                  f"({type(e).__name__}: {e})", file=sys.stderr)
            continue
        taken_codes.update(codes)
        taken_names.update(names)
        out.extend(rules)
    return out


def _build() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for cls in RULE_CLASSES:
        if cls.code in rules:
            raise RuntimeError(f"duplicate rule code {cls.code}")
        rules[cls.code] = cls()
    for rule in _plugins(set(rules), {r.name for r in rules.values()}):
        rules[rule.code] = rule
    return dict(sorted(rules.items()))


_registry: dict[str, Rule] | None = None


def registry() -> dict[str, Rule]:
    """Every rule by code: mtfix's own and the installed plugins', built on first use (so
    ``mtfix --help`` neither imports the rules nor scans the installed packages)."""
    global _registry
    if _registry is None:
        _registry = _build()
    return _registry


def __getattr__(name: str):
    if name == "REGISTRY":  # ``from mtfix.rules import REGISTRY``: the registry, built now
        return registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_rule(code: str) -> Rule:
    try:
        return registry()[code.upper()]
    except KeyError:
        raise UnknownRuleError(f"unknown rule code {code!r}; `mtfix rules` lists them") from None


def _matching(selector: str) -> list[str]:
    rules = registry()
    sel = selector.strip().upper()
    if sel == "ALL":
        return list(rules)
    codes = [c for c in rules if c.startswith(sel)]
    if not codes:
        names = {r.name: c for c, r in rules.items()}
        if selector.strip().lower() in names:
            return [names[selector.strip().lower()]]
        raise UnknownRuleError(f"no rule matches {selector!r}; `mtfix rules` lists them")
    return codes


def resolve_rules(select: Sequence[str] | None = None, ignore: Iterable[str] = (),
                  extend_select: Iterable[str] = ()) -> list[Rule]:
    """Rules to run: ``select`` (codes, family prefixes, names or ALL) or the defaults,
    plus ``extend_select``, minus ``ignore``."""
    rules = registry()
    if select is None:
        chosen = {c for c, r in rules.items() if r.default}
    else:
        chosen = {c for s in select for c in _matching(s)}
    chosen |= {c for s in extend_select for c in _matching(s)}
    chosen -= {c for s in ignore for c in _matching(s)}
    return [rules[c] for c in sorted(chosen)]


def needs_glossary(rules: Iterable[Rule]) -> bool:
    """Whether any of these rules reads the glossary (so a run must load it)."""
    return any(r.needs_glossary for r in rules)


def cut_ok(rules: Iterable[Rule], before: str, after: str) -> bool:
    """Whether a text may be cut between the lines ``before`` and ``after`` without changing
    the repair of either part: every rule that looks at neighbouring lines agrees."""
    return all(r.cut_ok(before, after) for r in rules if r.neighbour_sensitive)


__all__ = ["REGISTRY", "registry", "ENTRY_POINT_GROUP", "needs_glossary", "cut_ok", "Rule", "Example", "Document", "get_rule", "resolve_rules",
           "UnknownRuleError"]
