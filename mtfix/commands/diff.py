"""`mtfix diff`: a word-level diff in the terminal, and the HTML report of it."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .options import guard


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def diff(
    before: str = typer.Argument(..., help="The text before repair."),
    after: str = typer.Argument(..., help="The text after repair."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML report."),
    edits: Optional[str] = typer.Option(None, "--edits", help="Edit records (`mtfix fix --edits`) to name the rule of each change (only the applied ones are read)."),
    color: Color = typer.Option(Color.auto, "--color", help="auto (colour on a terminal), always, never. Without colour changes are marked [-old-]{+new+}."),
) -> None:
    """A word-level diff, coloured in the terminal ([-old-]{+new+} elsewhere); `--html` writes
    the read-only report."""

    def body() -> int:
        from ..textio import InputError, read, write_atomic
        from ..reporting.worddiff import print_terminal_diff

        b, a = read(before).text, read(after).text
        applied = None
        if edits is not None:
            from ..reporting.records import read_jsonl

            try:
                with open(edits, encoding="utf-8") as fh:
                    applied = _records_as_edits(read_jsonl(fh, edits))
            except OSError as e:
                raise InputError(f"{edits}: cannot read ({e.strerror})") from None
        print_terminal_diff(b, a, applied, path=after, color=color.value)
        if html is not None:
            from ..reporting.html import report_from_texts

            write_atomic(html, report_from_texts(b, a, applied, title=f"mtfix diff: {after}",
                                                 meta={"before": before, "after": after})
                         .encode("utf-8"))
        return 0

    raise typer.Exit(guard(body))


def _records_as_edits(records):
    """The applied edit records read back as AppliedEdit objects (for diff and report); the
    suggestions and notes of an ``--edits`` file are not changes of the text and are left out."""
    from ..model import AppliedEdit, Applicability
    from ..reporting.records import applied_records

    return [AppliedEdit(r["code"], r.get("message", ""), Applicability(r.get("applicability", "safe")),
                        r["start"], r["end"], r.get("before", ""), r.get("after", ""),
                        r.get("iteration", 1), r["line"], r["start"], r["end"])
            for r in applied_records(records)]

