"""`mtfix check`: options in, :func:`mtfix.run.checkrun.check_files`, diagnostics out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .options import (
    EXTEND, FORMAT, GLOSSARY, ID_FIELD, IGNORE, INCLUDE, MODE, NO_DEFAULT_GLOSSARY, PE,
    PE_BACKEND, PE_BATCH, PE_BEAMS, PE_CHANGE, PE_DEVICE, PE_MAXLEN, SELECT, SOURCE_FIELD,
    TARGET_FIELD, TARGET_LANG, CheckOutput, FailOn, FileFormat, Mode, PEBackend, die,
    failure_summary, format_options, guard, include_patterns, make_settings, pe_options,
)


def check(
    paths: Optional[List[str]] = typer.Argument(None, help="Files or directories; - or nothing for standard input."),
    select: Optional[List[str]] = SELECT,
    ignore: Optional[List[str]] = IGNORE,
    extend_select: Optional[List[str]] = EXTEND,
    mode: Optional[Mode] = MODE,
    output_format: CheckOutput = typer.Option(CheckOutput.text, "--output-format", help="text, json, github (Actions annotations) or junit (XML)."),
    fail_on: FailOn = typer.Option(FailOn.warning, "--fail-on", help="Exit 1 when a diagnostic of this severity or worse is found (info < warning < error; never)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1),
    include: Optional[List[str]] = INCLUDE,
    glossary: Optional[List[str]] = GLOSSARY,
    no_default_glossary: bool = NO_DEFAULT_GLOSSARY,
    source: Optional[str] = typer.Option(None, "--source", help="The source text (English), line-aligned with the one plain-text input: enables the bilingual checks (PO, XLIFF, TMX, JSONL, CSV carry their own source)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the review page of the findings (self-contained HTML; one or many inputs): what `mtfix fix` would apply, the suggestions and notes, to accept or reject and export for `mtfix apply`."),
    ref: Optional[str] = typer.Option(None, "--ref", help="With --report: a reference translation of the one input, shown in the page (plain text: line-aligned)."),
    show_unchanged: bool = typer.Option(False, "--show-unchanged", help="With --report: the page also carries the segments without findings."),
    file_format: FileFormat = FORMAT,
    target_field: str = TARGET_FIELD,
    source_field: str = SOURCE_FIELD,
    id_field: str = ID_FIELD,
    target_lang: Optional[str] = TARGET_LANG,
    post_editor: Optional[str] = PE,
    pe_backend: PEBackend = PE_BACKEND,
    pe_device: str = PE_DEVICE,
    pe_batch_size: int = PE_BATCH,
    pe_beams: int = PE_BEAMS,
    pe_max_length: int = PE_MAXLEN,
    pe_max_change: float = PE_CHANGE,
) -> None:
    """Report diagnostics, `path:line:col: CODE message`; fixable ones end in [*]."""

    def body() -> int:
        from ..model import Applicability, Severity
        from ..run.checkrun import check_files

        settings = make_settings(select, ignore, extend_select, None, mode, glossary,
                                 no_default_glossary,
                                 pe_options(post_editor, pe_backend, pe_device, pe_batch_size,
                                            pe_beams, pe_max_length, pe_max_change))
        if (ref is not None or show_unchanged) and report is None:
            raise die("--ref and --show-unchanged go with --report")
        options = format_options(target_field, source_field, id_field, target_lang)
        outcome = check_files(paths or ["-"], settings, fmt_name=file_format.value,
                              options=options, include=include_patterns(include, file_format),
                              source=source, jobs=jobs)
        if report is not None:
            _write_report(outcome.jobs, settings, options, report, source, ref, show_unchanged)
        threshold = None if fail_on is FailOn.never else Severity(fail_on.value).rank
        failed = threshold is not None and outcome.worst is not None \
            and outcome.worst >= threshold
        records = outcome.records
        if output_format is CheckOutput.text:
            # Echoed in batches: one write and flush per diagnostic took seconds on an input
            # with hundreds of thousands of them. Same bytes.
            pending: list[str] = []
            for r in records:
                fix = r["fix"]
                mark = ""
                if fix is not None and fix["applicability"] != Applicability.DISPLAY_ONLY.value:
                    mark = " [*]" if fix["applicability"] == "safe" else " [*unsafe]"
                where = f" [{r['unit_id']}]" if r.get("unit_id") else ""
                pending.append(f"{r['path']}:{r['line']}:{r['column']}: {r['code']} "
                               f"{r['message']}{mark}{where}")
                if len(pending) >= 4096:
                    typer.echo("\n".join(pending))
                    pending.clear()
            if pending:
                typer.echo("\n".join(pending))
            n_fix = sum(1 for r in records if r["fix"] and r["fix"]["applicability"] == "safe")
            typer.echo(f"Found {len(records)} diagnostic(s); {n_fix} fixable with `mtfix fix`.",
                       err=True)
        else:
            from ..reporting.check_formats import render

            sys.stdout.write(render(output_format.value, records, outcome.names,
                                    threshold=None if fail_on is FailOn.never else fail_on.value))
        failure_summary(outcome.failures)
        if outcome.failures:
            return 2
        return 1 if failed else 0

    raise typer.Exit(guard(body))


def _write_report(jobs, settings, options, report, source, ref, show_unchanged) -> None:
    """The review page of the checked files (each fixed here as `mtfix fix` would)."""
    from ..reporting.review import render_review_page
    from ..run.side import job_findings
    from ..textio import InputError, read, write_atomic

    if ref is not None and len(jobs) != 1:
        raise InputError("--ref goes with exactly one input")
    reference = read(ref).text if ref is not None else None
    files = [job_findings(j, settings, options, source=source if k == 0 else None,
                          reference=reference if k == 0 else None)
             for k, j in enumerate(jobs)]
    title = f"mtfix check: {jobs[0].name}" if len(jobs) == 1 else f"mtfix check: {len(jobs)} files"
    write_atomic(report, render_review_page(files, title=title, show_unchanged=show_unchanged)
                 .encode("utf-8"))
