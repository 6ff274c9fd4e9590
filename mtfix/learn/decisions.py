"""Proposals from a review loop's decisions: a rule whose edits editors reject again and again
becomes a proposed ``ignore`` for the project config; one edit rejected again and again (a
doubled word that was meant) becomes a proposed exception. Proposals are shown, never applied.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..history import Decision

# Rules whose exceptions are word lists (mtfix/data): the word to add, from the rejected edit.
WORD_EXCEPTION_RULES = {"DW001": "legit_repeats.txt"}


@dataclass
class IgnoreProposal:
    code: str
    rejected: int
    accepted: int

    @property
    def reject_rate(self) -> float:
        return self.rejected / max(self.rejected + self.accepted, 1)


@dataclass
class ExceptionProposal:
    code: str
    before: str
    after: str
    rejected: int
    accepted: int
    word: str = ""        # for word-list rules (DW001): the word to list
    list_name: str = ""


@dataclass
class DecisionProposals:
    n: int = 0
    ignores: list[IgnoreProposal] = field(default_factory=list)
    exceptions: list[ExceptionProposal] = field(default_factory=list)
    per_code: dict = field(default_factory=dict)   # code -> (accepted, rejected)

    def format(self) -> str:
        lines = [f"review decisions: {self.n} read"]
        if self.ignores:
            codes = ", ".join(f'"{p.code}"' for p in self.ignores)
            lines.append("  proposed ignore (rules editors reject again and again):")
            for p in self.ignores:
                lines.append(f"    {p.code}: rejected {p.rejected} of "
                             f"{p.rejected + p.accepted} ({p.reject_rate:.0%})")
            lines.append(f"    in mtfix.toml: ignore = [{codes}]")
        if self.exceptions:
            lines.append("  proposed exceptions (the same edit rejected again and again):")
            for e in self.exceptions:
                where = (f"; add `{e.word}` to the {e.list_name} exceptions"
                         if e.word else "")
                lines.append(f"    {e.code}: `{e.before}` → `{e.after}` rejected {e.rejected} "
                             f"times, accepted {e.accepted}{where}")
        if not self.ignores and not self.exceptions:
            lines.append("  no proposals")
        lines.append("  (proposals only: nothing in the project config was changed)")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"decisions": self.n,
                "ignore": [vars(p) for p in self.ignores],
                "exceptions": [vars(e) for e in self.exceptions]}


def _repeat_word(before: str, after: str) -> str:
    """The doubled word of a rejected DW001 edit (``saat saat`` → ``saat``)."""
    words = before.split()
    if len(words) >= 2 and words[-1].lower() == words[-2].lower():
        return words[-1].lower()
    if len(words) == 1 and after.strip() == "":
        return words[0].lower()
    return ""


def propose(decisions: Sequence[Decision], *, min_rejects: int = 5,
            min_reject_rate: float = 0.8, min_repeat: int = 2) -> DecisionProposals:
    """``ignore`` for a code rejected at least ``min_rejects`` times and in at least
    ``min_reject_rate`` of its decisions; an exception for an edit (code, before, after)
    rejected at least ``min_repeat`` times and never more often accepted. ``note`` records
    (display-only findings) count like the others: a rejected note is a false alarm."""
    out = DecisionProposals(n=len(decisions))
    acc, rej = Counter(), Counter()
    eacc, erej = Counter(), Counter()
    for d in decisions:
        key = (d.code, d.before.strip(), d.after.strip())
        if d.decision == "reject":
            rej[d.code] += 1
            erej[key] += 1
        else:
            acc[d.code] += 1
            eacc[key] += 1
    out.per_code = {c: (acc[c], rej[c]) for c in sorted(set(acc) | set(rej))}
    ignored = set()
    for code in sorted(rej, key=lambda c: -rej[c]):
        p = IgnoreProposal(code, rej[code], acc[code])
        if p.rejected >= min_rejects and p.reject_rate >= min_reject_rate:
            out.ignores.append(p)
            ignored.add(code)
    for key, n in sorted(erej.items(), key=lambda kv: -kv[1]):
        code, before, after = key
        if n < min_repeat or eacc[key] >= n or code in ignored:
            continue
        e = ExceptionProposal(code, before, after, n, eacc[key])
        if code in WORD_EXCEPTION_RULES:
            e.word = _repeat_word(before, after)
            e.list_name = WORD_EXCEPTION_RULES[code] if e.word else ""
        out.exceptions.append(e)
    return out
