"""Quality gates on a score report: minimum scores, maximum TER, maximum drop against the
baseline (``mtfix score --min-bleu ... --max-drop-chrf ...``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..textio import InputError
from .corpus import DISPLAY, Report, Score


@dataclass
class Gate:
    """One quality gate and whether it passed. ``message`` is the human-readable line."""

    name: str            # e.g. "min-bleu"
    metric: str
    passed: bool
    value: float         # the score (or the drop, for max-drop gates)
    threshold: float
    message: str


def evaluate_gates(results: Report, min_bleu: Optional[float] = None,
                   min_chrf: Optional[float] = None, max_ter: Optional[float] = None,
                   max_drop_bleu: Optional[float] = None,
                   max_drop_chrf: Optional[float] = None) -> list[Gate]:
    """Every requested gate with its outcome, in a fixed order. A gate on a metric that was not
    scored, or a max-drop gate without a baseline, raises :class:`InputError`."""
    gates: list[Gate] = []

    def score_of(metric: str, option: str, scores: Optional[dict[str, Score]]) -> float:
        if scores is None:
            raise InputError(f"--{option} needs --baseline")
        if metric not in scores:
            raise InputError(f"--{option} needs {DISPLAY[metric]} to be scored")
        return scores[metric].value

    for option, metric, thr in (("min-bleu", "bleu", min_bleu), ("min-chrf", "chrf", min_chrf)):
        if thr is None:
            continue
        v = score_of(metric, option, results.scores)
        ok = v >= thr
        msg = (f"gate passed: {DISPLAY[metric]} {v:.2f} >= --{option} {thr:.2f}" if ok else
               f"gate failed: {DISPLAY[metric]} {v:.2f} < --{option} {thr:.2f}")
        gates.append(Gate(option, metric, ok, v, thr, msg))
    if max_ter is not None:
        v = score_of("ter", "max-ter", results.scores)
        ok = v <= max_ter
        msg = (f"gate passed: TER {v:.2f} <= --max-ter {max_ter:.2f}" if ok else
               f"gate failed: TER {v:.2f} > --max-ter {max_ter:.2f}")
        gates.append(Gate("max-ter", "ter", ok, v, max_ter, msg))
    for option, metric, thr in (("max-drop-bleu", "bleu", max_drop_bleu),
                                ("max-drop-chrf", "chrf", max_drop_chrf)):
        if thr is None:
            continue
        base = score_of(metric, option, results.baseline)
        sys_ = score_of(metric, option, results.scores)
        drop = base - sys_
        ok = drop <= thr
        name = DISPLAY[metric]
        msg = (f"gate passed: {name} drop {drop:.2f} ({base:.2f} -> {sys_:.2f}) "
               f"<= --{option} {thr:.2f}" if ok else
               f"gate failed: {name} dropped {drop:.2f} ({base:.2f} -> {sys_:.2f}) "
               f"> --{option} {thr:.2f}")
        gates.append(Gate(option, metric, ok, drop, thr, msg))
    return gates
