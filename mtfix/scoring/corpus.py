"""The metrics mtfix scores with (sacrebleu's BLEU, chrF, chrF++, TER at their default
settings), input checks, signatures, and corpus scores.

Corpus scores are sacrebleu's own (the same code path as ``Metric.corpus_score``), so they are
identical to what sacrebleu prints for the same settings. Each signature is sacrebleu's, extended
with ``|mtfix:<version>`` and any provenance items (``|rules:<hash>|glossary:<hash>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from .. import __version__
from ..textio import InputError

#: Metrics scored by default.
METRICS = ("bleu", "chrf", "ter")
#: Every metric name accepted by :func:`make_metric`.
ALL_METRICS = ("bleu", "chrf", "chrf++", "ter")
#: Display names, as sacrebleu prints them for the default settings.
DISPLAY = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}


@dataclass
class Score:
    """A corpus score. ``metric`` is the mtfix name (``bleu``, ``chrf``, ``chrf++``, ``ter``)."""

    metric: str
    value: float
    signature: str
    name: str = ""           # display name, e.g. "chrF2"
    verbose: str = ""        # sacrebleu's full score string, e.g. "BLEU = 59.49 83.5/66.9/..."


@dataclass
class Report:
    """Everything ``mtfix score`` shows: system scores, optional baseline scores, optional paired
    test results (``mtfix.scoring.significance.Comparison``, keyed by metric)."""

    scores: dict[str, Score]
    baseline: Optional[dict[str, Score]] = None
    comparison: Optional[dict[str, Any]] = None      # metric -> significance.Comparison
    n_segments: int = 0
    n_refs: int = 0


def make_metric(name: str):
    """A fresh sacrebleu metric object with sacrebleu's default settings for ``name``."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU()
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise InputError(f"unknown metric {name!r} (choose from {', '.join(ALL_METRICS)})")


def check_inputs(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                 baseline: Optional[Sequence[str]] = None) -> None:
    """Raise :class:`InputError` (one line) unless hypotheses, references and the optional
    baseline are line-aligned and the references are non-empty."""
    if not refs:
        raise InputError("no reference given")
    for i, r in enumerate(refs):
        label = "reference" if len(refs) == 1 else f"reference {i + 1}"
        if not any(x.strip() for x in r):
            raise InputError(f"the {label} is empty")
        if len(r) != len(hyps):
            raise InputError(f"line counts differ: hypothesis {len(hyps)}, {label} {len(r)}")
    if baseline is not None and len(baseline) != len(hyps):
        raise InputError(f"line counts differ: hypothesis {len(hyps)}, baseline {len(baseline)}")


def extend_signature(sig: str, provenance: Optional[Mapping[str, str]] = None) -> str:
    """sacrebleu's signature + ``|mtfix:<version>`` + provenance items."""
    out = f"{sig}|mtfix:{__version__}"
    for k, v in (provenance or {}).items():
        out += f"|{k}:{v}"
    return out


def corpus_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                  metrics: Sequence[str] = METRICS,
                  provenance: Optional[Mapping[str, str]] = None) -> list[Score]:
    """Scores of ``hyps`` against one or more reference streams, each line-aligned with it.

    The values are exactly sacrebleu's ``corpus_score`` for its default settings.
    """
    check_inputs(hyps, refs)
    out = []
    for name in metrics:
        m = make_metric(name)
        res = m.corpus_score(list(hyps), [list(r) for r in refs])  # reference streams
        sig = extend_signature(m.get_signature().format(), provenance)
        out.append(Score(name, res.score, sig, res.name, res.format()))
    return out
