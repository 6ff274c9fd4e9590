"""Paired significance tests of a system against a baseline (``mtfix score --baseline``).

Per-segment sufficient statistics are extracted ONCE per system and metric
(:func:`mtfix.scoring.stats.segment_statistics`). Resampling is done with numpy:
the resampled corpus statistics of all metrics and both systems are one matrix product
``counts @ stats`` (counts: how often each segment is drawn in each resample), done in chunks
so that memory stays small; each resample's score is sacrebleu's ``_compute_score_from_stats``
on the summed statistics, so a resample that draws every segment once gives exactly the corpus
score.

p-values follow ``sacrebleu/significance.py`` (same RNG calls for the same seed, so the same
resamples and the same p-values as ``sacrebleu --paired-bs`` / ``--paired-ar``), with one
deliberate difference: when the observed delta is exactly 0 (e.g. identical systems) the
p-value is 1.0, where sacrebleu reports 1/(n+1).

- bootstrap: ``p = (#{|d_i| - mean|d| > |delta|} + 1) / (n + 1)`` over the paired resamples.
- ar (approximate randomization): per trial each segment's baseline/system statistics are
  swapped with probability 0.5; ``p = (#{|a_i - b_i| > |delta|} + 1) / (n + 1)``.

Confidence intervals (95%, percentile, sacrebleu's rule: the sorted resample scores at
``n // 40`` and ``n - n // 40 - 1``) are given for the baseline, the system and the delta
(system - baseline on the same resamples). For ``ar`` they come from a separate bootstrap of
``n_ci`` resamples drawn after the AR swaps, as sacrebleu does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import numpy as np

from ..textio import InputError
from .corpus import DISPLAY, METRICS, check_inputs, extend_signature, make_metric
from .stats import segment_statistics

#: Resamples summed per matrix product; bounds the (chunk, N) counts matrix.
CHUNK = 128


@dataclass
class Comparison:
    """Paired test result for one metric. ``delta`` = system - baseline (for TER, negative is
    better). CIs are (lower, upper) bounds of a 95% percentile interval."""

    metric: str
    name: str
    method: str                     # "bootstrap" | "ar"
    n: int                          # resamples (bootstrap) or trials (ar)
    n_ci: int                       # bootstrap resamples behind the CIs
    seed: Optional[int]
    baseline: float
    system: float
    delta: float
    p_value: float
    system_mean: float
    system_ci: tuple[float, float]
    baseline_ci: tuple[float, float]
    delta_ci: tuple[float, float]
    signature: str                  # sacrebleu's, with bs/ar/seed, + mtfix + provenance
    plain_signature: str            # sacrebleu's corpus-score signature + mtfix + provenance


# --------------------------------------------------------------------------------------------
# resampling
# --------------------------------------------------------------------------------------------

def _scores(metric, name: str, sums: np.ndarray) -> np.ndarray:
    """Corpus score of every row of summed statistics, with sacrebleu's formula."""
    rows = sums.tolist() if name == "ter" else np.rint(sums).astype(np.int64).tolist()
    f = metric._compute_score_from_stats
    return np.fromiter((f(r).score for r in rows), dtype=np.float64, count=len(rows))


def _ci(scores: np.ndarray) -> tuple[float, float]:
    s = np.sort(scores)
    lo = len(s) // 40
    return float(s[lo]), float(s[len(s) - lo - 1])


def _p_value(sample_stats: np.ndarray, observed: float) -> float:
    if observed == 0.0:
        return 1.0
    return (int(np.sum(sample_stats > observed)) + 1) / (len(sample_stats) + 1)


def _bootstrap_sums(idxs: np.ndarray, stats: np.ndarray) -> np.ndarray:
    """Summed statistics of every resample: row i = sum of stats[idxs[i]]."""
    n, N = idxs.shape
    out = np.empty((n, stats.shape[1]), dtype=np.float64)
    for a in range(0, n, CHUNK):
        b = min(n, a + CHUNK)
        flat = (idxs[a:b] + (np.arange(b - a)[:, None] * N)).ravel()
        counts = np.bincount(flat, minlength=(b - a) * N).reshape(b - a, N)
        out[a:b] = counts.astype(np.float64) @ stats
    return out


def _swap_sums(pos: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """Row i = sum of diff over segments where pos[i] is False (the swapped ones)."""
    n = pos.shape[0]
    out = np.empty((n, diff.shape[1]), dtype=np.float64)
    for a in range(0, n, CHUNK):
        b = min(n, a + CHUNK)
        out[a:b] = (~pos[a:b]).astype(np.float64) @ diff
    return out


# --------------------------------------------------------------------------------------------
# the test
# --------------------------------------------------------------------------------------------

def compare(baseline_hyps: Sequence[str], hyps: Sequence[str], refs: Sequence[Sequence[str]],
            metrics: Sequence[str] = METRICS, method: str = "bootstrap", n: int = 1000,
            seed: Optional[int] = 12345, n_ci: Optional[int] = None,
            provenance: Optional[Mapping[str, str]] = None) -> list[Comparison]:
    """Paired test of ``hyps`` (system) against ``baseline_hyps`` on each metric.

    ``method``: ``"bootstrap"`` (paired bootstrap resampling, ``n`` resamples) or ``"ar"``
    (approximate randomization, ``n`` trials, CIs from ``n_ci`` bootstrap resamples, default
    ``n``). ``seed`` seeds ``numpy.random.default_rng``; ``None`` draws from the OS.
    Scores equal sacrebleu's corpus scores. Raises :class:`InputError` on misaligned input."""
    if method not in ("bootstrap", "ar"):
        raise InputError(f"unknown significance method {method!r} (bootstrap or ar)")
    if n < 1:
        raise InputError(f"the number of resamples must be positive, not {n}")
    check_inputs(hyps, refs, baseline_hyps)
    N = len(hyps)
    n_ci = n if n_ci is None else n_ci

    # the same RNG calls, in the same order, as sacrebleu's _paired_ar_test / _paired_bs_test
    rng = np.random.default_rng(seed)
    pos = None
    if method == "ar":
        pos = rng.integers(2, size=(n, N), dtype=bool)
    idxs = rng.choice(N, size=(n_ci if method == "ar" else n, N), replace=True)

    mets, names, widths, bl_cols, sys_cols, points = [], [], [], [], [], []
    for name in metrics:
        m = make_metric(name)
        bl, sy = segment_statistics(m, [baseline_hyps, hyps], refs)
        points.append((m._aggregate_and_compute(bl).score, m._aggregate_and_compute(sy).score))
        mets.append(m)
        names.append(name)
        bl_cols.append(np.asarray(bl, dtype=np.float64))
        sys_cols.append(np.asarray(sy, dtype=np.float64))
        widths.append(bl_cols[-1].shape[1])
    B = np.hstack(bl_cols)
    S = np.hstack(sys_cols)
    K = B.shape[1]

    bs = _bootstrap_sums(idxs, np.hstack([B, S]))
    if method == "ar":
        swapped = _swap_sums(pos, S - B)
        ar_a = B.sum(0) + swapped
        ar_b = S.sum(0) - swapped

    out = []
    off = 0
    for m, name, w, (bl_score, sys_score) in zip(mets, names, widths, points):
        sl = slice(off, off + w)
        off += w
        bl_bs = _scores(m, name, bs[:, sl])
        sys_bs = _scores(m, name, bs[:, K + sl.start:K + sl.stop])
        observed = abs(bl_score - sys_score)
        if method == "bootstrap":
            d = np.abs(sys_bs - bl_bs)
            p = _p_value(d - d.mean(), observed)
        else:
            a = _scores(m, name, ar_a[:, sl])
            b = _scores(m, name, ar_b[:, sl])
            p = _p_value(np.abs(a - b), observed)
        sig = m.get_signature()
        plain = extend_signature(sig.format(), provenance)
        sig.update("seed", str(seed).lower())
        if method == "bootstrap":
            sig.update("bs", n)
        else:
            sig.update("ar", n)
            sig.update("bs", n_ci)
        out.append(Comparison(
            metric=name, name=DISPLAY.get(name, name), method=method, n=n, n_ci=n_ci,
            seed=seed, baseline=bl_score, system=sys_score, delta=sys_score - bl_score,
            p_value=p, system_mean=float(sys_bs.mean()), system_ci=_ci(sys_bs),
            baseline_ci=_ci(bl_bs), delta_ci=_ci(sys_bs - bl_bs),
            signature=extend_signature(sig.format(), provenance), plain_signature=plain))
    return out
