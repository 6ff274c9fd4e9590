"""Quality gates on a score report: minimum scores, maximum TER, maximum drop against the
baseline (``mtfix score --min-bleu ... --max-drop-chrf ...``).

A max-drop gate can ask for a *significant* drop (``significant=True``): it then fails only when
the drop exceeds the threshold AND the report's paired test (``--significance``) gives
p < ``alpha``, so noise on a small test set does not fail a build. The baseline can be a stored
earlier run (:func:`load_report` reads ``render_json`` output back; :func:`with_stored_baseline`
puts its scores in as the baseline). With either, the gate messages say plainly what happened:
``gate failed: BLEU 41.20 is 1.30 below the baseline 42.50 (allowed drop 1.00 by
--max-drop-bleu, p=0.0030)``.
Without them, the messages are as they always were."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Optional

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


def _plain_drop(name: str, base: float, sys_: float, thr: float, option: str,
                p: Optional[float], alpha: float, significant: bool,
                baseline_label: str, source: Optional[str] = None) -> tuple[bool, str]:
    """(passed, message) of a max-drop gate, in plain words."""
    drop = base - sys_
    if round(drop, 2) > 0:
        where = f"{name} {sys_:.2f} is {drop:.2f} below the {baseline_label} {base:.2f}"
    elif round(drop, 2) < 0:
        where = f"{name} {sys_:.2f} is {-drop:.2f} above the {baseline_label} {base:.2f}"
    else:
        where = f"{name} {sys_:.2f} equals the {baseline_label} {base:.2f}"
    allowed = f"allowed drop {thr:.2f} by --{option}"
    if source:
        allowed = f"{source}; {allowed}"
    p_txt = f", p={p:.4f}" if p is not None else ""
    if drop <= thr:
        return True, f"gate passed: {where} ({allowed}{p_txt})"
    if significant and p is not None and p >= alpha:
        return True, (f"gate passed: {where}, more than the {allowed}, but the drop is within "
                      f"noise (p={p:.4f}; it fails at p < {alpha:g})")
    return False, f"gate failed: {where} ({allowed}{p_txt})"


def evaluate_gates(results: Report, min_bleu: Optional[float] = None,
                   min_chrf: Optional[float] = None, max_ter: Optional[float] = None,
                   max_drop_bleu: Optional[float] = None,
                   max_drop_chrf: Optional[float] = None, significant: bool = False,
                   alpha: float = 0.05, baseline_label: Optional[str] = None,
                   baseline_source: Optional[str] = None) -> list[Gate]:
    """Every requested gate with its outcome, in a fixed order. A gate on a metric that was not
    scored, or a max-drop gate without a baseline, raises :class:`InputError`.

    ``significant``: a max-drop gate fails only when the drop is also significant (the
    report's paired test gives p < ``alpha``); it needs ``results.comparison``
    (``--significance``). ``baseline_label`` names the baseline in the messages ("stored
    baseline"), ``baseline_source`` says where it is from ("scores.json"); with either, or
    ``significant``, the max-drop messages are the plain ones (:func:`_plain_drop`)."""
    if significant and not 0 < alpha < 1:
        raise InputError(f"the significance level must be between 0 and 1, not {alpha}")
    plain = significant or baseline_label is not None or baseline_source is not None
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
        name = DISPLAY[metric]
        if plain:
            comp = (results.comparison or {}).get(metric)
            if significant and comp is None:
                raise InputError(f"--{option} on a significant drop needs a paired test "
                                 f"(--significance bootstrap|ar, with --baseline)")
            p = comp.p_value if comp is not None else None
            ok, msg = _plain_drop(name, base, sys_, thr, option, p, alpha, significant,
                                  baseline_label or "baseline", baseline_source)
            gates.append(Gate(option, metric, ok, drop, thr, msg))
            continue
        ok = drop <= thr
        msg = (f"gate passed: {name} drop {drop:.2f} ({base:.2f} -> {sys_:.2f}) "
               f"<= --{option} {thr:.2f}" if ok else
               f"gate failed: {name} dropped {drop:.2f} ({base:.2f} -> {sys_:.2f}) "
               f"> --{option} {thr:.2f}")
        gates.append(Gate(option, metric, ok, drop, thr, msg))
    return gates


# -- a stored earlier run as the baseline -------------------------------------------------------

# Signature items that say who scored, not how: a stored run from another mtfix version, rule
# set or glossary, or another resampling, is still comparable.
_PROVENANCE_KEYS = {"mtfix", "rules", "glossary", "bs", "ar", "seed"}


def _how_scored(signature: str) -> str:
    items = [i for i in signature.split("|")
             if i.partition(":")[0] not in _PROVENANCE_KEYS]
    return "|".join(items)


def load_report(data: Mapping[str, Any] | str | Path, name: str = "<scores>") -> Report:
    """A :class:`Report` from ``render_json`` output (a dict, JSON text, or a path to it):
    its metrics' scores and signatures (and its baseline scores when it had one). A missing
    or malformed file is an :class:`InputError` naming it."""
    if isinstance(data, Path) or (isinstance(data, str) and not data.lstrip().startswith("{")):
        path = Path(data)
        name = str(path)
        try:
            data = path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"{name}: cannot read the stored scores ({e.strerror})") from None
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as e:
            raise InputError(f"{name}: stored scores are not JSON ({e.msg})") from None
    metrics = data.get("metrics") if isinstance(data, Mapping) else None
    if not isinstance(metrics, Mapping) or not metrics:
        raise InputError(f"{name}: not the JSON of `mtfix score --output-format json` "
                         f"(no metrics)")
    scores: dict[str, Score] = {}
    base: dict[str, Score] = {}
    for m, rec in metrics.items():
        if not isinstance(rec, Mapping) or not isinstance(rec.get("score"), (int, float)):
            raise InputError(f"{name}: metric {m!r} has no score")
        sig = str(rec.get("signature", ""))
        scores[m] = Score(m, float(rec["score"]), sig, str(rec.get("name") or DISPLAY.get(m, m)))
        if isinstance(rec.get("baseline"), (int, float)):
            base[m] = Score(m, float(rec["baseline"]), sig, scores[m].name)
    return Report(scores, base or None, None, int(data.get("segments", 0) or 0),
                  int(data.get("references", 0) or 0))


def with_stored_baseline(results: Report, stored: Report, strict: bool = True) -> Report:
    """``results`` with the stored run's system scores as its baseline (no paired test: the
    stored run has no per-segment data). With ``strict``, a metric scored differently
    (another tokenizer, number of references, ... in the signature) or a different number
    of segments is an :class:`InputError`: the numbers would not be comparable."""
    base: dict[str, Score] = {}
    for m, s in results.scores.items():
        if m not in stored.scores:
            continue
        old = stored.scores[m]
        if strict and old.signature and _how_scored(old.signature) != _how_scored(s.signature):
            raise InputError(f"the stored {s.name or m} was scored differently: "
                             f"{_how_scored(old.signature)} vs {_how_scored(s.signature)}")
        base[m] = Score(m, old.value, old.signature, old.name or s.name)
    if strict and stored.n_segments and results.n_segments and \
            stored.n_segments != results.n_segments:
        raise InputError(f"the stored scores are of {stored.n_segments} segments, these of "
                         f"{results.n_segments}: not the same test set")
    return replace(results, baseline=base or None, comparison=None)
