"""`mtfix glossary validate`."""

from __future__ import annotations

from typing import List

import typer


def glossary_validate(
    paths: List[str] = typer.Argument(..., help="Glossary files (.tsv, .csv, .tbx)."),
) -> None:
    """Check glossaries: duplicates, conflicts, empty fields, wrong variants that are required
    terms; `path:line: message` each. Exit 1 on problems, 2 on an unreadable file."""
    from ..glossary import GlossaryFormatError, validate

    status = 0
    for p in paths:
        try:
            problems = validate(p)
        except GlossaryFormatError as e:
            typer.echo(f"mtfix: error: {e}", err=True)
            status = 2
            continue
        for prob in problems:
            typer.echo(str(prob))
        if problems and status == 0:
            status = 1
        if not problems:
            typer.echo(f"{p}: ok", err=True)
    raise typer.Exit(status)

