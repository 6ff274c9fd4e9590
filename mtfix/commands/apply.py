"""`mtfix apply`: an editor's decisions (the review page's export, or an edited
``mtfix fix --edits`` file) applied to the original files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import die, guard


def apply(
    decisions: str = typer.Argument(..., help="The decisions (JSON Lines): the review page's export, or `mtfix fix --edits` output with decisions edited."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file, or directory when the decisions are for several files."),
    in_place: bool = typer.Option(False, "--in-place", "-i", help="Rewrite the reviewed files (atomically)."),
    backup: Optional[str] = typer.Option(None, "--backup", help="With --in-place: keep each changed file's original as FILE+SUFFIX (e.g. .orig)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
    exit_non_zero_on_skip: bool = typer.Option(False, "--exit-non-zero-on-skip", help="Exit 1 when an accepted record had to be skipped (it conflicts with a kept edit)."),
) -> None:
    """Apply the accepted edits of a review to the original files: one file and no -o or -i,
    to standard output. A file that changed since it was reviewed is refused (exit 2)."""

    def body() -> int:
        from ..review.apply import apply_decisions, read_decisions
        from ..textio import InputError, read_bytes

        if backup is not None and not in_place:
            raise die("--backup goes with --in-place")
        if backup is not None and (not backup or "/" in backup or backup in (".", "..")):
            raise die(f"--backup {backup!r}: give a file name suffix such as .orig")
        if in_place and output is not None:
            raise die("use either --in-place or -o, not both")
        data = read_bytes(decisions)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{decisions}: not UTF-8") from None
        records = read_decisions(text.splitlines(), decisions)
        paths = {r["path"] for r in records}
        if len(paths) > 1 and not in_place and output is None:
            raise die(f"{decisions}: decisions for {len(paths)} files: give -o DIR or --in-place")
        report = apply_decisions(decisions, output, in_place, backup, records=records)
        if not in_place and output is None:
            for fa in report.files:
                sys.stdout.buffer.write(fa.data)
            sys.stdout.flush()
        if not quiet:
            summary = report.summary()
            typer.echo(summary if summary else f"mtfix: {decisions}: no records", err=True)
        return 1 if exit_non_zero_on_skip and report.n_skipped else 0

    raise typer.Exit(guard(body))
