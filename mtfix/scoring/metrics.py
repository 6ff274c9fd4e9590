"""What ``mtfix score`` computes: :func:`score_report`, the corpus scores of a system (and of a
baseline), with the paired significance test when asked for. The top of :mod:`mtfix.scoring`.

Import order in the package, strictly downward (each imports only modules below it)::

    metrics          score_report
    render           text / JSON / JUnit, sentence TSV
    gates            Gate, evaluate_gates
    significance     paired bootstrap / approximate randomization
    sentences        sentence-level rows
    corpus           metric registry, inputs, signatures, Score, Report, corpus scores
    stats            per-segment sufficient statistics
    (edit_eval -> align -> mtfix.text: edit-level evaluation, apart from the above)
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from ..textio import InputError
from .corpus import METRICS, Report, Score, check_inputs, corpus_scores

def score_report(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                 baseline: Optional[Sequence[str]] = None,
                 metrics: Sequence[str] = METRICS,
                 significance: Optional[str] = None, n: int = 1000, seed: int = 12345,
                 provenance: Optional[Mapping[str, str]] = None) -> Report:
    """One call for ``mtfix score``: system scores, baseline scores and, when ``significance``
    is ``"bootstrap"`` or ``"ar"`` (needs ``baseline``), the paired test per metric.

    With a paired test the segment statistics are extracted once and the corpus scores come
    from them (identical values to :func:`corpus_scores`)."""
    check_inputs(hyps, refs, baseline)
    if significance is not None:
        if baseline is None:
            raise InputError("a significance test needs --baseline")
        from .significance import compare  # numpy only when a paired test is asked for

        comp = compare(baseline, hyps, refs, metrics, method=significance, n=n, seed=seed,
                       provenance=provenance)
        scores = {c.metric: Score(c.metric, c.system, c.plain_signature, c.name) for c in comp}
        base = {c.metric: Score(c.metric, c.baseline, c.plain_signature, c.name) for c in comp}
        return Report(scores, base, {c.metric: c for c in comp}, len(hyps), len(refs))
    scores = {s.metric: s for s in corpus_scores(hyps, refs, metrics, provenance=provenance)}
    base = None
    if baseline is not None:
        base = {s.metric: s for s in corpus_scores(baseline, refs, metrics,
                                                   provenance=provenance)}
    return Report(scores, base, None, len(hyps), len(refs))
