"""`mtfix learn`: a team's recurring corrections (post-edit history, review decisions) as a
reviewable glossary; nothing is applied until the team loads it with `--glossary`."""

from __future__ import annotations

from typing import Optional

import typer


def learn(
    mt: Optional[str] = typer.Option(None, "--mt", help="MT output, one segment per line."),
    pe: Optional[str] = typer.Option(None, "--pe", help="Its post-edit, line-aligned with --mt."),
    src: Optional[str] = typer.Option(None, "--src", help="English source, line-aligned (optional; kept for provenance)."),
    history: Optional[str] = typer.Option(None, "--history", help="A JSONL history instead of --mt/--pe: one object a line with `mt`, `pe` and optionally `src`."),
    decisions: Optional[str] = typer.Option(None, "--decisions", help="Review decisions (the review page's export): propose `ignore` entries and exceptions in the report."),
    out: Optional[str] = typer.Option(None, "-o", "--out", help="Glossary to write (TSV, the bundled schema); `-` for stdout. Required with --mt/--pe or --history."),
    report: Optional[str] = typer.Option(None, "--report", help="Write the human report here instead of stderr."),
    min_support: int = typer.Option(3, "--min-support", help="Least number of times the editors made an edit."),
    min_consistency: float = typer.Option(0.7, "--min-consistency", help="Least share of the MT phrase's occurrences the editors changed that way."),
    max_entries: int = typer.Option(500, "--max-entries", help="Most entries written (best evidence first)."),
    holdout: float = typer.Option(0.2, "--holdout", help="Share of the history (its end) kept out of learning to check the candidates on."),
    max_edit_rate: float = typer.Option(0.5, "--max-edit-rate", help="Pairs whose edits cover more of the MT line than this are rewrites: skipped."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Also relearn edits mtfix's default rules make."),
) -> None:
    """Learn glossary entries from post-edits: support, consistency and a held-out check for
    each; exit 2 on bad input."""
    from ..learn.command import learn_command

    raise typer.Exit(learn_command(mt, pe, src, history=history, decisions=decisions, out=out,
                                   report=report, min_support=min_support,
                                   min_consistency=min_consistency, max_entries=max_entries,
                                   holdout=holdout, max_edit_rate=max_edit_rate,
                                   no_rules=no_rules))
