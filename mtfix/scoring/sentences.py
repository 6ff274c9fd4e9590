"""Sentence-level scores: per segment BLEU (effective order, as ``sacrebleu.sentence_bleu``),
chrF and TER, with the baseline's and the deltas (``mtfix score --sentence-level``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .corpus import check_inputs, make_metric
from .stats import segment_statistics


@dataclass
class SegmentRow:
    """Sentence-level scores of one segment (``index`` is the 1-based line number)."""

    index: int
    bleu: float
    chrf: float
    ter: float
    hyp: str = ""
    ref: str = ""
    baseline_bleu: Optional[float] = None
    baseline_chrf: Optional[float] = None
    baseline_ter: Optional[float] = None
    baseline_hyp: Optional[str] = None

    @property
    def delta_bleu(self) -> Optional[float]:
        return None if self.baseline_bleu is None else self.bleu - self.baseline_bleu

    @property
    def delta_chrf(self) -> Optional[float]:
        return None if self.baseline_chrf is None else self.chrf - self.baseline_chrf

    @property
    def delta_ter(self) -> Optional[float]:
        return None if self.baseline_ter is None else self.ter - self.baseline_ter


def _sentence_scores(systems: Sequence[Sequence[str]],
                     refs: Sequence[Sequence[str]]) -> list[list[tuple[float, float, float]]]:
    """(bleu, chrf, ter) per segment for each system: sacrebleu's sentence scores (BLEU with
    effective order, as ``sacrebleu.sentence_bleu``), from per-segment statistics."""
    from sacrebleu.metrics import BLEU

    per_metric = []
    for name in ("bleu", "chrf", "ter"):
        m = make_metric(name)
        scorer = BLEU(effective_order=True) if name == "bleu" else m
        f = scorer._compute_score_from_stats
        per_metric.append([[f(list(row)).score for row in stats]
                           for stats in segment_statistics(m, systems, refs)])
    return [list(zip(*(col[k] for col in per_metric))) for k in range(len(systems))]


def sentence_level(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                   baseline: Optional[Sequence[str]] = None) -> list[SegmentRow]:
    """Per-segment BLEU (effective order), chrF and TER, with the baseline's and deltas when
    ``baseline`` is given. Rows are in input order; see :func:`sort_worst_first` and
    :func:`mtfix.scoring.render.write_sentence_tsv`."""
    check_inputs(hyps, refs, baseline)
    systems = [hyps] if baseline is None else [hyps, baseline]
    scored = _sentence_scores(systems, refs)
    rows = []
    for i, (h, s) in enumerate(zip(hyps, scored[0])):
        row = SegmentRow(i + 1, s[0], s[1], s[2], h, refs[0][i])
        if baseline is not None:
            row.baseline_bleu, row.baseline_chrf, row.baseline_ter = scored[1][i]
            row.baseline_hyp = baseline[i]
        rows.append(row)
    return rows


def sort_worst_first(rows: Sequence[SegmentRow]) -> list[SegmentRow]:
    """Worst first: by chrF delta (then BLEU delta) when a baseline was given, else by sentence
    chrF (then BLEU); ties by line number."""
    if rows and rows[0].baseline_chrf is not None:
        return sorted(rows, key=lambda r: (r.delta_chrf, r.delta_bleu, r.index))
    return sorted(rows, key=lambda r: (r.chrf, r.bleu, r.index))
