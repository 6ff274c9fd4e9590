"""Per-segment sufficient statistics of sacrebleu's metrics, extracted with sacrebleu's own code
(``_preprocess_segment`` / ``_extract_reference_info`` / ``_compute_segment_statistics``), streaming
over segments: a segment's reference info is built once for every system and then dropped; a
segment where a system's line is identical to the first system's reuses its statistics; chrF
uses an equivalent, faster matcher (:class:`_FastCHRF`, checked against sacrebleu in the tests).

The rows are what sentence-level scores (:mod:`.sentences`) and paired tests
(:mod:`.significance`) are computed from.
"""

from __future__ import annotations

from typing import Sequence


class _FastCHRF:
    """chrF/chrF++ segment statistics identical to sacrebleu's ``CHRF._compute_segment_statistics``
    but cheaper: the matched count of an n-gram order is a C-level key intersection plus a
    correction over the reference's repeated n-grams only (min(h, r) = 1 + (min(h, r) - 1) for
    a common key)."""

    def __init__(self, metric) -> None:
        from sacrebleu.metrics.helpers import extract_all_char_ngrams, extract_word_ngrams

        self.m = metric
        self._chars = extract_all_char_ngrams
        self._words = extract_word_ngrams

    def _ngrams(self, line: str) -> list:
        m = self.m
        grams = self._chars(line, m.char_order, m.whitespace)
        if m.word_order > 0:
            words = m._remove_punctuation(line)
            grams.extend(self._words(words, n) for n in range(1, m.word_order + 1))
        return grams

    def ref_info(self, lines: list[str]) -> list:
        out = []
        for line in lines:
            per_order = []
            for r in self._ngrams(line):
                total = sum(r.values())
                dups = {k: c for k, c in r.items() if c > 1} if len(r) < total else {}
                per_order.append((r, total, dups))
            out.append(per_order)
        return out

    def seg(self, hyp: str, info: list) -> list:
        hyp_grams = self._ngrams(hyp)
        hyp_totals = [sum(h.values()) for h in hyp_grams]
        best, best_f = [], -1.0
        for per_order in info:
            stats = []
            for h, ht, (r, rt, dups) in zip(hyp_grams, hyp_totals, per_order):
                match = len(h.keys() & r.keys())
                for k, c in dups.items():
                    hc = h.get(k)
                    if hc is not None and hc > 1:
                        match += (hc if hc < c else c) - 1
                stats += (ht if r else 0, rt, match)
            if len(info) == 1:
                return stats
            f = self.m._compute_f_score(stats)
            if f > best_f:
                best_f, best = f, stats
        return best


class _Sacre:
    """sacrebleu's own per-segment path."""

    def __init__(self, metric) -> None:
        self.ref_info = lambda lines: metric._extract_reference_info(lines)
        self.seg = metric._compute_segment_statistics


def _extractor(metric):
    from sacrebleu.metrics import CHRF

    return _FastCHRF(metric) if type(metric) is CHRF else _Sacre(metric)


def segment_statistics(metric, systems: Sequence[Sequence[str]],
                       refs: Sequence[Sequence[str]]) -> list[list[list]]:
    """Per-segment sufficient statistics of each system in ``systems`` (line-aligned with the
    reference streams ``refs``), the same lists as sacrebleu's ``_extract_corpus_statistics``.

    Streams over segments (the reference info of a segment is built once, used for every
    system, then dropped), and reuses the first system's row where a later system's line is
    identical. Sets ``metric.num_refs`` as sacrebleu's reference caching does."""
    ex = _extractor(metric)
    pre = metric._preprocess_segment
    seg = ex.seg
    first = systems[0]
    outs: list[list[list]] = [[] for _ in systems]
    num_refs = set()
    for i, ref_lines in enumerate(zip(*refs)):
        lines = [x for x in ref_lines if x is not None]
        num_refs.add(len(lines))
        info = ex.ref_info([pre(x) for x in lines])
        h0 = first[i]
        row0 = seg(pre(h0), info)
        outs[0].append(row0)
        for sys_, out in zip(systems[1:], outs[1:]):
            h = sys_[i]
            out.append(row0 if h == h0 else seg(pre(h), info))
    metric.num_refs = num_refs.pop() if len(num_refs) == 1 else -1
    return outs
