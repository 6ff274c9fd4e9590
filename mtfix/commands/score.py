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
    hyp: str = typer.Argument(..., help="Hypothesis file (one segment per line), or - for stdin."),
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
        from ..textio import read

        refs = [split_lines(read(r).text) for r in ref]
        hyps = split_lines(read(hyp).text)
        base = split_lines(read(baseline).text) if baseline else None
        metrics = tuple(m.lower() for m in metric) if metric else METRICS
        sig = significance.value if significance else ("bootstrap" if base is not None else None)
        report = score_report(hyps, refs, baseline=base, metrics=metrics, significance=sig,
                              n=resamples, seed=seed)
        gates = evaluate_gates(report, min_bleu=min_bleu, min_chrf=min_chrf, max_ter=max_ter,
                               max_drop_bleu=max_drop_bleu, max_drop_chrf=max_drop_chrf)
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
        from ..reporting.records import read_jsonl
        from ..textio import InputError, read

        records = None
        if edits is not None:
            try:
                with open(edits, encoding="utf-8") as fh:
                    records = [r for r in read_jsonl(fh, edits) if r.get("path") in (mt, fixed)]
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

