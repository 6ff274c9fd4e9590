"""Corpus scores against references with sacrebleu (BLEU, chrF, chrF++, TER), with signatures;
gates on the scores; renderers (text, JSON, JUnit XML); sentence-level rows.

Corpus scores are sacrebleu's own (the same code path as ``Metric.corpus_score``), so they are
identical to what sacrebleu prints for the same settings. Each signature is sacrebleu's, extended
with ``|mtfix:<version>`` and any provenance items (``|rules:<hash>|glossary:<hash>``).

Paired significance tests (``--baseline``) live in :mod:`mtfix.scoring.significance`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, Mapping, Optional, Sequence
from xml.etree import ElementTree as ET

from .. import __version__
from ..text import split_lines  # noqa: F401  (cli.py imports it from here until it switches)
from ..textio import InputError

#: Metrics scored by default.
METRICS = ("bleu", "chrf", "ter")
#: Every metric name accepted by :func:`make_metric`.
ALL_METRICS = ("bleu", "chrf", "chrf++", "ter")
#: Display names, as sacrebleu prints them for the default settings.
DISPLAY = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}
#: Metrics where lower is better.
LOWER_IS_BETTER = frozenset({"ter"})


@dataclass
class Score:
    """A corpus score. ``metric`` is the mtfix name (``bleu``, ``chrf``, ``chrf++``, ``ter``)."""

    metric: str
    value: float
    signature: str
    name: str = ""           # display name, e.g. "chrF2"
    verbose: str = ""        # sacrebleu's full score string, e.g. "BLEU = 59.49 83.5/66.9/..."

    @property
    def higher_is_better(self) -> bool:
        return self.metric not in LOWER_IS_BETTER


@dataclass
class Report:
    """Everything ``mtfix score`` shows: system scores, optional baseline scores, optional paired
    test results (``mtfix.scoring.significance.Comparison``, keyed by metric)."""

    scores: dict[str, Score]
    baseline: Optional[dict[str, Score]] = None
    comparison: Optional[dict[str, Any]] = None      # metric -> significance.Comparison
    n_segments: int = 0
    n_refs: int = 0


@dataclass
class Gate:
    """One quality gate and whether it passed. ``message`` is the human-readable line."""

    name: str            # e.g. "min-bleu"
    metric: str
    passed: bool
    value: float         # the score (or the drop, for max-drop gates)
    threshold: float
    message: str


# --------------------------------------------------------------------------------------------
# metrics, inputs, signatures
# --------------------------------------------------------------------------------------------

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


def transpose_refs(refs: Sequence[Sequence[str]]) -> list[list[str]]:
    """sacrebleu wants reference *streams* (one list per reference file); this is the identity
    on that layout, copying into lists."""
    return [list(r) for r in refs]


def extend_signature(sig: str, provenance: Optional[Mapping[str, str]] = None,
                     origin: Optional[str] = None) -> str:
    """sacrebleu's signature + ``|mtfix:<version>`` (+ ``|fix:<origin>``) + provenance items."""
    out = f"{sig}|mtfix:{__version__}"
    if origin:
        out += f"|fix:{origin}"
    for k, v in (provenance or {}).items():
        out += f"|{k}:{v}"
    return out


def corpus_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                  metrics: Sequence[str] = METRICS, origin: str | None = None,
                  provenance: Optional[Mapping[str, str]] = None) -> list[Score]:
    """Scores of ``hyps`` against one or more reference streams, each line-aligned with it.

    The values are exactly sacrebleu's ``corpus_score`` for its default settings.
    """
    check_inputs(hyps, refs)
    out = []
    for name in metrics:
        m = make_metric(name)
        res = m.corpus_score(list(hyps), transpose_refs(refs))
        sig = extend_signature(m.get_signature().format(), provenance, origin)
        out.append(Score(name, res.score, sig, res.name, res.format()))
    return out


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
        from .significance import compare

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


# --------------------------------------------------------------------------------------------
# sentence level
# --------------------------------------------------------------------------------------------

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

    from .significance import segment_statistics

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
    :func:`write_sentence_tsv`."""
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


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_sentence_tsv(rows: Sequence[SegmentRow], out: IO[str], sort: bool = True) -> None:
    """TSV with a header, worst first (see :func:`sort_worst_first`) unless ``sort`` is False.
    Tabs and newlines inside texts become spaces."""
    rows = sort_worst_first(rows) if sort else list(rows)
    has_base = bool(rows) and rows[0].baseline_chrf is not None
    head = ["line", "chrf", "bleu", "ter"]
    if has_base:
        head += ["baseline_chrf", "baseline_bleu", "baseline_ter",
                 "delta_chrf", "delta_bleu", "delta_ter"]
    head += ["hyp", "ref"] + (["baseline_hyp"] if has_base else [])
    out.write("\t".join(head) + "\n")
    for r in rows:
        cells = [str(r.index), f"{r.chrf:.2f}", f"{r.bleu:.2f}", f"{r.ter:.2f}"]
        if has_base:
            cells += [f"{r.baseline_chrf:.2f}", f"{r.baseline_bleu:.2f}",
                      f"{r.baseline_ter:.2f}", f"{r.delta_chrf:+.2f}", f"{r.delta_bleu:+.2f}",
                      f"{r.delta_ter:+.2f}"]
        cells += [_cell(r.hyp), _cell(r.ref)]
        if has_base:
            cells.append(_cell(r.baseline_hyp or ""))
        out.write("\t".join(cells) + "\n")


# --------------------------------------------------------------------------------------------
# gates
# --------------------------------------------------------------------------------------------

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


def check_gates(results: Report, min_bleu: Optional[float] = None,
                min_chrf: Optional[float] = None, max_ter: Optional[float] = None,
                max_drop_bleu: Optional[float] = None,
                max_drop_chrf: Optional[float] = None) -> list[str]:
    """The failed gates as human-readable lines, e.g.
    ``gate failed: BLEU 59.10 < --min-bleu 60.00``; empty when all pass.
    Drops compare system with baseline: drop = baseline - system."""
    return [g.message for g in evaluate_gates(results, min_bleu, min_chrf, max_ter,
                                              max_drop_bleu, max_drop_chrf) if not g.passed]


# --------------------------------------------------------------------------------------------
# renderers
# --------------------------------------------------------------------------------------------

def _fmt_p(p: float) -> str:
    return f"{p:.4f}"


def render_text(results: Report, gates: Sequence[Gate] = ()) -> str:
    """A plain-text table: metric, (baseline, system, delta, p, 95% CIs when compared), then
    the signatures and the gate lines. Ends with a newline."""
    lines = []
    comp = results.comparison
    if comp:
        any_c = next(iter(comp.values()))
        head = (f"{'metric':<8} {'baseline':>9} {'system':>9} {'delta':>8} {'p':>7}  "
                f"{'system 95% CI':>15}  {'delta 95% CI':>17}")
        lines.append(head)
        for m, s in results.scores.items():
            c = comp[m]
            star = "*" if c.p_value < 0.05 else " "
            lines.append(
                f"{c.name:<8} {c.baseline:9.2f} {c.system:9.2f} {c.delta:+8.2f} "
                f"{_fmt_p(c.p_value):>7}{star} "
                f"[{c.system_ci[0]:6.2f}, {c.system_ci[1]:6.2f}]  "
                f"[{c.delta_ci[0]:+7.2f}, {c.delta_ci[1]:+7.2f}]")
        what = ("paired bootstrap resampling" if any_c.method == "bootstrap"
                else "approximate randomization")
        lines.append(f"p: {what}, {any_c.n} samples, seed {any_c.seed}; * p < 0.05. "
                     f"CIs: bootstrap percentile, {any_c.n_ci} resamples.")
    elif results.baseline:
        lines.append(f"{'metric':<8} {'baseline':>9} {'system':>9} {'delta':>8}")
        for m, s in results.scores.items():
            b = results.baseline[m]
            lines.append(f"{s.name or m:<8} {b.value:9.2f} {s.value:9.2f} "
                         f"{s.value - b.value:+8.2f}")
    else:
        lines.append(f"{'metric':<8} {'score':>9}")
        for m, s in results.scores.items():
            lines.append(f"{s.name or m:<8} {s.value:9.2f}")
    lines.append("signatures:")
    for m, s in results.scores.items():
        sig = comp[m].signature if comp else s.signature
        lines.append(f"  {s.name or m}: {sig}")
    for g in gates:
        lines.append(g.message)
    return "\n".join(lines) + "\n"


def _r(x: float) -> float:
    return round(float(x), 4)


def render_json(results: Report, gates: Sequence[Gate] = ()) -> dict:
    """A JSON-ready dict: ``{"metrics": {name: {...}}, "gates": [...], "segments": N, ...}``."""
    metrics: dict[str, Any] = {}
    for m, s in results.scores.items():
        rec: dict[str, Any] = {"name": s.name or m, "score": _r(s.value),
                               "signature": s.signature}
        if results.baseline and m in results.baseline:
            b = results.baseline[m].value
            rec["baseline"] = _r(b)
            rec["delta"] = _r(s.value - b)
        if results.comparison and m in results.comparison:
            c = results.comparison[m]
            rec.update({
                "p_value": _r(c.p_value), "method": c.method, "n": c.n, "seed": c.seed,
                "system_mean": _r(c.system_mean),
                "system_ci95": [_r(c.system_ci[0]), _r(c.system_ci[1])],
                "baseline_ci95": [_r(c.baseline_ci[0]), _r(c.baseline_ci[1])],
                "delta_ci95": [_r(c.delta_ci[0]), _r(c.delta_ci[1])],
                "signature": c.signature,
            })
        metrics[m] = rec
    return {
        "segments": results.n_segments,
        "references": results.n_refs,
        "metrics": metrics,
        "gates": [{"name": g.name, "metric": g.metric, "passed": g.passed,
                   "value": _r(g.value), "threshold": g.threshold, "message": g.message}
                  for g in gates],
        "passed": all(g.passed for g in gates),
    }


def render_junit(results: Report, gates: Sequence[Gate] = (),
                 suite_name: str = "mtfix.scoring.metrics") -> str:
    """JUnit XML: one ``<testcase>`` per gate (``<failure>`` when it failed); the scores (and
    baseline, delta, p) as ``<properties>`` of the suite. Returns the document as a string."""
    failures = sum(1 for g in gates if not g.passed)
    suite = ET.Element("testsuite", {"name": suite_name, "tests": str(len(gates)),
                                     "failures": str(failures), "errors": "0", "skipped": "0"})
    props = ET.SubElement(suite, "properties")

    def prop(name: str, value: Any) -> None:
        ET.SubElement(props, "property", {"name": name, "value": str(value)})

    prop("mtfix.version", __version__)
    for m, s in results.scores.items():
        prop(f"{m}.score", f"{s.value:.4f}")
        if results.baseline and m in results.baseline:
            prop(f"{m}.baseline", f"{results.baseline[m].value:.4f}")
            prop(f"{m}.delta", f"{s.value - results.baseline[m].value:+.4f}")
        if results.comparison and m in results.comparison:
            prop(f"{m}.p_value", f"{results.comparison[m].p_value:.4f}")
        prop(f"{m}.signature", results.comparison[m].signature
             if results.comparison and m in results.comparison else s.signature)
    for g in gates:
        case = ET.SubElement(suite, "testcase", {"classname": suite_name, "name": g.name,
                                                 "time": "0"})
        if not g.passed:
            f = ET.SubElement(case, "failure", {"message": g.message, "type": "gate"})
            f.text = g.message
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"
