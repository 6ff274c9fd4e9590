"""`mtfix score` (BLEU, chrF, TER, paired tests, gates) and `mtfix eval-edits` (edit-level
precision and recall against a gold post-edit)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .options import CheckFormat, ScoreFormat, Significance, guard


def score(
    hyp: List[str] = typer.Argument(..., help="Hypothesis file (one segment per line), or - for stdin; several systems: one table."),
    ref: List[str] = typer.Option(..., "--ref", "-r", help="Reference file, line-aligned (repeatable)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="The text before repair, scored the same way, with deltas."),
    significance: Optional[Significance] = typer.Option(None, "--significance", help="Paired test against --baseline: bootstrap or ar (approximate randomization). Default with --baseline: bootstrap."),
    resamples: int = typer.Option(1000, "--resamples", min=10, help="Resamples / shuffles of the paired test."),
    seed: int = typer.Option(12345, "--seed", help="Seed of the paired test."),
    metric: Optional[List[str]] = typer.Option(None, "--metric", "-m", help="bleu, chrf, chrf++, ter (repeatable; default bleu chrf ter)."),
    sentence_level: Optional[Path] = typer.Option(None, "--sentence-level", help="Write per-segment scores (and deltas) as TSV, worst first."),
    min_bleu: Optional[float] = typer.Option(None, "--min-bleu"),
    min_chrf: Optional[float] = typer.Option(None, "--min-chrf"),
    max_ter: Optional[float] = typer.Option(None, "--max-ter"),
    max_drop_bleu: Optional[float] = typer.Option(None, "--max-drop-bleu", help="Fail when BLEU falls more than this below --baseline."),
    max_drop_chrf: Optional[float] = typer.Option(None, "--max-drop-chrf"),
    output_format: ScoreFormat = typer.Option(ScoreFormat.text, "--output-format", help="text, json or junit."),
    max_drop_significant: bool = typer.Option(False, "--max-drop-significant", help="A --max-drop-* gate fails only when the paired test also says the drop is significant (p < --alpha); implies --significance bootstrap."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level of --max-drop-significant."),
    baseline_scores: Optional[str] = typer.Option(None, "--baseline-scores", help="The baseline as stored scores: the JSON of an earlier `mtfix score --output-format json` (no paired test)."),
) -> None:
    """BLEU, chrF(++) and TER with sacrebleu, signatures, paired tests and quality gates.
    Exit 1 when a gate fails (a line names each), 2 on input errors."""

    def body() -> int:
        import io

        from ..scoring.corpus import METRICS
        from ..scoring.gates import evaluate_gates
        from ..scoring.metrics import score_report
        from ..scoring.render import render_json, render_junit, render_text, write_sentence_tsv
        from ..scoring.sentences import sentence_level as seg_rows
        from ..text import split_lines
        from ..run.sink import write_file
        from ..scoring.gates import load_report, with_stored_baseline
        from ..textio import InputError, read

        def _several(names, refs, base, metrics, sig, gate_kw, stored) -> int:
            """Several systems, one table (``score_systems``)."""
            from ..scoring.metrics import score_systems
            from ..scoring.render import render_systems_json, render_systems_text

            if sentence_level is not None or output_format is ScoreFormat.junit:
                raise InputError("several systems: --sentence-level and --output-format junit "
                                 "take one system")
            systems = {n: split_lines(read(n).text) for n in names}
            if len(systems) != len(names):
                raise InputError("a system is named twice")
            reps = score_systems(systems, refs, baseline=base, metrics=metrics,
                                 significance=sig, n=resamples, seed=seed)
            label = baseline or "baseline"
            if stored is not None:
                old = load_report(Path(stored))
                reps = {n: with_stored_baseline(r, old) for n, r in reps.items()}
                label = stored
            gates = {n: evaluate_gates(r, **gate_kw) for n, r in reps.items()}
            if output_format is ScoreFormat.json:
                typer.echo(json.dumps(render_systems_json(reps, gates), ensure_ascii=False,
                                      indent=2))
            else:
                sys.stdout.write(render_systems_text(reps, gates, baseline_name=label))
            failed = [(n, g) for n, gs in gates.items() for g in gs if not g.passed]
            for n, g in failed:
                typer.echo(f"{n}: {g.message}", err=True)
            return 1 if failed else 0

        if baseline_scores is not None and baseline is not None:
            raise InputError("use either --baseline or --baseline-scores, not both")
        refs = [split_lines(read(r).text) for r in ref]
        base = split_lines(read(baseline).text) if baseline else None
        metrics = tuple(m.lower() for m in metric) if metric else METRICS
        sig = significance.value if significance else (
            "bootstrap" if base is not None else None)
        gate_kw = dict(min_bleu=min_bleu, min_chrf=min_chrf, max_ter=max_ter,
                       max_drop_bleu=max_drop_bleu, max_drop_chrf=max_drop_chrf)
        if max_drop_significant or baseline_scores is not None:
            gate_kw.update(significant=max_drop_significant, alpha=alpha)
        if baseline_scores is not None:
            gate_kw.update(baseline_label="stored baseline", baseline_source=baseline_scores)
        if len(hyp) > 1:
            return _several(hyp, refs, base, metrics, sig, gate_kw, baseline_scores)
        hyps = split_lines(read(hyp[0]).text)
        report = score_report(hyps, refs, baseline=base, metrics=metrics, significance=sig,
                              n=resamples, seed=seed)
        if baseline_scores is not None:
            report = with_stored_baseline(report, load_report(Path(baseline_scores)))
        gates = evaluate_gates(report, **gate_kw)
        if sentence_level is not None:
            buf = io.StringIO()
            write_sentence_tsv(seg_rows(hyps, refs, baseline=base), buf)
            write_file(sentence_level, buf.getvalue().encode("utf-8"))
        if output_format is ScoreFormat.json:
            typer.echo(json.dumps(render_json(report, gates), ensure_ascii=False, indent=2))
        elif output_format is ScoreFormat.junit:
            sys.stdout.write(render_junit(report, gates))
        else:
            sys.stdout.write(render_text(report, gates))
        failed = [g for g in gates if not g.passed]
        for g in failed:
            typer.echo(g.message, err=True)
        return 1 if failed else 0

    raise typer.Exit(guard(body))


def eval_edits(
    mt: str = typer.Argument(..., help="The MT output (one segment per line)."),
    fixed: str = typer.Argument(..., help="The repaired text."),
    gold: str = typer.Argument(..., help="A gold post-edit of the MT output."),
    edits: Optional[str] = typer.Option(None, "--edits", help="Edit records from `mtfix fix --edits`, for per-rule figures."),
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--output-format"),
) -> None:
    """Edit-level precision, recall and F0.5 of a repair against a gold post-edit (ERRANT-style:
    edits extracted by alignment, matched by span and replacement)."""

    def body() -> int:
        from ..scoring.edit_eval import evaluate, render_eval_text
        from ..reporting.records import applied_records, read_jsonl
        from ..textio import InputError, read

        records = None
        if edits is not None:
            try:
                with open(edits, encoding="utf-8") as fh:
                    records = [r for r in applied_records(read_jsonl(fh, edits))
                               if r.get("path") in (mt, fixed)]
            except OSError as e:
                raise InputError(f"{edits}: cannot read ({e.strerror})") from None
        result = evaluate(read(mt).text, read(fixed).text, read(gold).text, records=records,
                          names=(mt, fixed, gold))
        if output_format is CheckFormat.json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            typer.echo(render_eval_text(result))
        return 0

    raise typer.Exit(guard(body))

