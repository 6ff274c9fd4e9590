"""`mtfix train` (a post-editor from a team's post-edits) and `mtfix post-editor convert`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .options import die, guard


def train(
    mt: Optional[str] = typer.Option(None, "--mt", help="MT output, one segment per line."),
    pe: Optional[str] = typer.Option(None, "--pe", help="Its post-edit, line-aligned."),
    out: Path = typer.Option(..., "--out", help="Directory for the trained post-editor."),
    src: Optional[str] = typer.Option(None, "--src", help="Source text, line-aligned: the model reads SRC </s> MT; fixing with it then needs `--source`."),
    history: Optional[str] = typer.Option(None, "--history", help="A JSONL history instead of --mt/--pe: one object a line with `mt`, `pe` and optionally `src` (the reader `mtfix learn` uses)."),
    base: Optional[str] = typer.Option(None, "--base", help="A local checkpoint to fine-tune."),
    from_scratch: bool = typer.Option(False, "--from-scratch", help="Train a small T5 and a sentencepiece vocabulary from the data (the default without --base)."),
    synthetic_from: Optional[str] = typer.Option(None, "--synthetic-from", help="Clean Indonesian text to damage into extra training pairs."),
    max_minutes: float = typer.Option(20.0, "--max-minutes", min=0.01, help="Wall-clock budget for the whole run, held-out report included."),
    seed: int = typer.Option(1, "--seed"),
    force: bool = typer.Option(False, "--force", help="Exit 0 even when the model is worse than doing nothing."),
) -> None:
    """Train a post-editor on a team's own post-edits; report held-out chrF/TER of the MT as is
    (doing nothing) and of MT + post-editor. Exit 1 with one line when the model is worse than
    doing nothing (unless --force). The result loads with `--post-editor OUT`."""

    def body() -> int:
        from ..history import read_history
        from ..text import split_lines
        from ..textio import read

        try:
            from ..posteditor.train import exit_code, train_history
        except ImportError as e:  # pragma: no cover - depends on the install
            raise die(f"the post-editor needs the neural extra: pip install 'mtfix[neural]' ({e})")
        if base and from_scratch:
            raise die("use either --base or --from-scratch")
        if history is None and (mt is None or pe is None):
            raise die("give --mt and --pe, or --history")
        h = read_history(mt, pe, src, jsonl=history)
        report = train_history(h, str(out), base=base, from_scratch=from_scratch or base is None,
                               synthetic_from=split_lines(read(synthetic_from).text)
                               if synthetic_from else None,
                               max_minutes=max_minutes, seed=seed,
                               progress=lambda msg: typer.echo(msg, err=True))
        typer.echo(json.dumps(report.to_dict(), default=str))  # the summary went to stderr
        code = exit_code(report, force)
        if code:
            typer.echo(f"mtfix: {report.verdict_line()}", err=True)
        return code

    raise typer.Exit(guard(body))


def pe_convert(
    path: str = typer.Argument(..., help="A local Hugging Face seq2seq checkpoint directory."),
    out: str = typer.Argument(..., help="Directory for the CTranslate2 model (made self-contained)."),
    quantization: Optional[str] = typer.Option(None, "--quantization", help="e.g. int8, float16."),
    force: bool = typer.Option(False, "--force", help="Overwrite a non-empty OUT."),
) -> None:
    """Convert a checkpoint for `--pe-backend ctranslate2`."""

    def body() -> int:
        from ..posteditor.ct2 import convert

        convert(path, out, quantization=quantization, force=force)
        typer.echo(f"converted {path} -> {out}", err=True)
        return 0

    raise typer.Exit(guard(body))

