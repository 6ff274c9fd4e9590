"""`mtfix fix`: options in, :func:`mtfix.run.fixrun.fix_files`, a summary out."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .options import (
    ENGINE, EXTEND, FORMAT, GLOSSARY, ID_FIELD, IGNORE, INCLUDE, MODE, NO_DEFAULT_GLOSSARY, PE,
    PE_BACKEND, PE_BATCH, PE_BEAMS, PE_CHANGE, PE_DEVICE, PE_MAXLEN, SCHEDULER, SELECT,
    SOURCE_FIELD, TARGET_FIELD, TARGET_LANG, Engine, FileFormat, Mode, PEBackend, die,
    failure_summary, format_options, guard, include_patterns, make_settings, pe_options,
    stderr_is_tty, _split_codes,
)
from .options import EXCLUDE, SEVERITY


class MarkChanged(str, Enum):
    fuzzy = "fuzzy"
    comment = "comment"


def fix(
    paths: Optional[List[str]] = typer.Argument(None, help="Files or directories; - or nothing for standard input."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Output file, or directory when there are several inputs or the path ends with a slash (made if missing)."),
    in_place: bool = typer.Option(False, "--in-place", "-i", help="Rewrite the input files (atomically: temporary file + rename)."),
    backup: Optional[str] = typer.Option(None, "--backup", help="With --in-place: keep each changed file's original as FILE+SUFFIX (e.g. .orig)."),
    select: Optional[List[str]] = SELECT,
    ignore: Optional[List[str]] = IGNORE,
    extend_select: Optional[List[str]] = EXTEND,
    unsafe_fixes: Optional[bool] = typer.Option(None, "--unsafe-fixes/--no-unsafe-fixes", help="Also apply unsafe fixes."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff instead of the fixed text; write nothing."),
    mode: Optional[Mode] = MODE,
    file_format: FileFormat = FORMAT,
    target_field: str = TARGET_FIELD,
    source_field: str = SOURCE_FIELD,
    id_field: str = ID_FIELD,
    target_lang: Optional[str] = TARGET_LANG,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes (with --engine dask and no --scheduler: local Dask workers)."),
    engine: Engine = ENGINE,
    scheduler: Optional[str] = SCHEDULER,
    exit_non_zero_on_fix: bool = typer.Option(False, "--exit-non-zero-on-fix", help="Exit 1 when anything was (or, with --diff, would be) changed."),
    include: Optional[List[str]] = INCLUDE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
    glossary: Optional[List[str]] = GLOSSARY,
    no_default_glossary: bool = NO_DEFAULT_GLOSSARY,
    edits: Optional[Path] = typer.Option(None, "--edits", help="Write one JSON record per finding (JSON Lines): the edits applied, the unsafe fixes not applied (suggested) and the notes, with stable ids; edit it and give it to `mtfix apply`."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write the review page: a self-contained HTML file to accept or reject every finding and export the decisions for `mtfix apply` (one or many inputs)."),
    ref: Optional[List[str]] = typer.Option(None, "--ref", help="Reference translation(s), line-aligned with the one input: score before and after (on stderr); the first one is shown in the review page."),
    source: Optional[str] = typer.Option(None, "--source", help="The source text (English), line-aligned with the one plain-text input: rules that need a source repair with it (dropped final punctuation, split hashtags; spacing the source has is left alone), it is shown in the review page, and the bilingual checks join the findings. PO, XLIFF, TMX, JSONL, CSV carry their own source."),
    show_unchanged: bool = typer.Option(False, "--show-unchanged", help="With --report: the page also carries the segments without findings (a toggle shows them)."),
    skip_state: Optional[List[str]] = typer.Option(None, "--skip-state", help="Leave alone the units in these states (comma-separated, repeatable): XLIFF 1.2 <target state> / 2.0 <segment state> values (final, signed-off, translated, reviewed, ...); PO entries are fuzzy or translated."),
    mark_changed: Optional[MarkChanged] = typer.Option(None, "--mark-changed", help="Mark the units mtfix changed for review. XLIFF: state needs-review-translation (1.2) / translated (2.0), either value; PO: fuzzy (the fuzzy flag) or comment (a translator comment `# mtfix: CODES`)."),
    post_editor: Optional[str] = PE,
    pe_backend: PEBackend = PE_BACKEND,
    pe_device: str = PE_DEVICE,
    pe_batch_size: int = PE_BATCH,
    pe_beams: int = PE_BEAMS,
    pe_max_length: int = PE_MAXLEN,
    pe_max_change: float = PE_CHANGE,
    severity: Optional[List[str]] = SEVERITY,
    exclude: Optional[List[str]] = EXCLUDE,
    statistics: bool = typer.Option(False, "--statistics", help="After the summary, the applied edits counted per rule (code, name, severity, count, fixable) on stderr."),
) -> None:
    """Apply fixes: standard input to standard output by default.

    Files that cannot be read or parsed are reported (exit 2) after the others are written."""

    def body() -> int:
        from ..run.fixrun import fix_files
        from ..run.side import SideOutputs
        from ..run.sink import Sink

        settings = make_settings(select, ignore, extend_select, unsafe_fixes, mode, glossary,
                                 no_default_glossary,
                                 pe_options(post_editor, pe_backend, pe_device, pe_batch_size,
                                            pe_beams, pe_max_length, pe_max_change),
                                 severity=severity, exclude=exclude)
        options = format_options(target_field, source_field, id_field, target_lang)
        if backup is not None and not in_place:
            raise die("--backup goes with --in-place")
        if backup is not None and (not backup or "/" in backup or backup in (".", "..")):
            raise die(f"--backup {backup!r}: give a file name suffix such as .orig")
        if scheduler is not None and engine is not Engine.dask:
            raise die("--scheduler goes with --engine dask")
        if in_place and output is not None:
            raise die("use either --in-place or -o, not both")
        if show_unchanged and report is None and edits is None:
            raise die("--show-unchanged goes with --report or --edits")
        outcome = fix_files(
            paths or ["-"], settings,
            Sink(None if output is None else Path(output), in_place, backup,
                 output_is_dir=output is not None and output.endswith(("/", os.sep))),
            fmt_name=file_format.value,
            options=options, include=include_patterns(include, file_format), diff=diff,
            side=SideOutputs(report, tuple(ref or ()), edits, source, show_unchanged),
            engine=engine.value, jobs=jobs,
            scheduler=scheduler, progress=None if quiet or not stderr_is_tty() else _Bar(),
            warn=lambda message: typer.echo(message, err=True),
            skip_states=frozenset(_split_codes(skip_state) or ()),
            mark=mark_changed.value if mark_changed is not None else None)
        if not quiet:
            verb = "would fix" if diff else "fixed"
            typer.echo(f"mtfix: {verb} {outcome.edits} edit(s) in {outcome.changed_files} of "
                       f"{outcome.inputs} file(s)", err=True)
            for line in summary_lines(outcome, settings.unsafe_fixes, report):
                typer.echo(line, err=True)
        if statistics:
            typer.echo(_statistics(outcome, settings), err=True, nl=False)
        failure_summary(outcome.failures)
        if outcome.failures:
            return 2
        return 1 if exit_non_zero_on_fix and outcome.edits else 0

    raise typer.Exit(guard(body))


def summary_lines(outcome, unsafe: bool, report) -> list[str]:
    """The lines after the summary line: the applied edits per rule (most first), and how many
    unsafe fixes were found but not applied, when the run knows (--diff, --report, --edits)."""
    from ..reporting.check_formats import rule_summary as per_rule

    out = []
    if outcome.codes:
        out.append("mtfix: by rule: " + per_rule(outcome.codes))
    if outcome.suggested and not unsafe:
        where = f"review them in {report}" if report is not None else "review them with --report"
        out.append(f"mtfix: {outcome.suggested} more with --unsafe-fixes; {where}")
    return out


def _statistics(outcome, settings) -> str:
    """The applied edits per rule, as `check --statistics` shows findings."""
    from ..reporting.check_formats import render_statistics
    from ..rules import registry
    from ..run.checkrun import code_name
    from ..settings import severity_for

    reg = registry()
    records = []
    for code, n in outcome.codes.items():   # applied edits: each one was a fix
        rule = reg.get(code)
        sev = severity_for(code, rule.severity if rule is not None else "warning",
                           settings.severity).value
        records += [{"code": code, "name": code_name(code), "severity": sev,
                     "fix": {"applicability": "safe"}}] * n
    return render_statistics(records)


class _Bar:
    """A transient progress bar on a terminal (rich is imported only when it starts)."""

    def start(self, total: int) -> None:
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=None)
        self.task = self.bar.add_task("fixing", total=total)
        self.bar.start()

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)

    def stop(self) -> None:
        self.bar.stop()
