"""Renderers of a score report with its gates (text table, JSON-ready dict, JUnit XML), and the
sentence-level TSV writer."""

from __future__ import annotations

from typing import IO, Any, Sequence
from xml.etree import ElementTree as ET

from .. import __version__
from .corpus import Report
from .gates import Gate
from .sentences import SegmentRow, sort_worst_first


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
