"""`mtfix check`: options in, :func:`mtfix.run.checkrun.check_files`, diagnostics out."""

from __future__ import annotations

import sys
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import List, Optional

import typer

from .options import (
    EXTEND, FORMAT, GLOSSARY, ID_FIELD, IGNORE, INCLUDE, MODE, NO_DEFAULT_GLOSSARY, PE,
    PE_BACKEND, PE_BATCH, PE_BEAMS, PE_CHANGE, PE_DEVICE, PE_MAXLEN, SELECT, SOURCE_FIELD,
    TARGET_FIELD, TARGET_LANG, CheckOutput, FailOn, FileFormat, Mode, PEBackend, die,
    failure_summary, format_options, guard, include_patterns, make_settings, pe_options,
)
from .options import EXCLUDE, IGNORE_FILE, SEVERITY, STATISTICS, WRITE_IGNORE_FILE


def check(
    paths: Optional[List[str]] = typer.Argument(None, help="Files or directories; - or nothing for standard input."),
    select: Optional[List[str]] = SELECT,
    ignore: Optional[List[str]] = IGNORE,
    extend_select: Optional[List[str]] = EXTEND,
    mode: Optional[Mode] = MODE,
    output_format: CheckOutput = typer.Option(CheckOutput.text, "--output-format", help="text, json, github (Actions annotations), junit (XML) or sarif (SARIF 2.1.0)."),
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
    severity: Optional[List[str]] = SEVERITY,
    exclude: Optional[List[str]] = EXCLUDE,
    ignore_file: Optional[str] = IGNORE_FILE,
    write_ignore_file: Optional[str] = WRITE_IGNORE_FILE,
    statistics: bool = STATISTICS,
) -> None:
    """Report diagnostics, `path:line:col: CODE [severity] message`; fixable ones end in [*]."""

    def body() -> int:
        from ..model import Severity
        from ..run.checkrun import check_files, text_line

        settings = make_settings(select, ignore, extend_select, None, mode, glossary,
                                 no_default_glossary,
                                 pe_options(post_editor, pe_backend, pe_device, pe_batch_size,
                                            pe_beams, pe_max_length, pe_max_change),
                                 severity=severity, exclude=exclude, ignore_file=ignore_file)
        if (ref is not None or show_unchanged) and report is None:
            raise die("--ref and --show-unchanged go with --report")
        if write_ignore_file is not None and ignore_file is not None:
            raise die("use either --ignore-file or --write-ignore-file, not both")
        options = format_options(target_field, source_field, id_field, target_lang)
        # The records carry the finding's line (``context``) where the output shows it or
        # an ignore file is written from them, and their fix's edits where the output shows
        # them; the text formats show neither.
        outcome = check_files(paths or ["-"], settings, fmt_name=file_format.value,
                              options=options, include=include_patterns(include, file_format),
                              source=source, jobs=jobs, locate=output_format is CheckOutput.sarif,
                              use_ignore_file=write_ignore_file is None,
                              context=(write_ignore_file is not None or output_format in (
                                  CheckOutput.json, CheckOutput.sarif)),
                              edits=output_format in (CheckOutput.json, CheckOutput.sarif),
                              text_lines=(output_format is CheckOutput.text and not statistics
                                          and write_ignore_file is None))
        if write_ignore_file is not None:
            return _write_ignores(write_ignore_file, outcome)
        for entry in outcome.stale:
            typer.echo(f"mtfix: stale ignore entry (no longer found; write the ignore file "
                       f"again): {entry.describe()}", err=True)
        if report is not None:
            _write_report(outcome.jobs, settings, options, report, source, ref, show_unchanged)
        threshold = None if fail_on is FailOn.never else Severity(fail_on.value).rank
        failed = threshold is not None and outcome.worst is not None \
            and outcome.worst >= threshold
        records = outcome.records
        if statistics and output_format is CheckOutput.text:
            from ..reporting.check_formats import render_statistics

            sys.stdout.write(render_statistics(records))
            typer.echo(_summary(outcome), err=True)
        elif output_format is CheckOutput.text:
            # The lines made from the diagnostics where nothing could suppress a finding
            # (outcome.lines), else from the records kept; one format (text_line). Written in
            # batches: one write and flush per diagnostic took seconds on an input with
            # hundreds of thousands of them. Written as they are, as the JSON output is: not
            # through click's echo, which searched every batch for ANSI codes to strip when
            # the output is no terminal (30 ms of a 26 MB output).
            lines = outcome.lines
            if lines is None:
                lines = [text_line(r["path"], r["line"], r["column"], r["code"], r["severity"],
                                   r["message"], None if (fix := r["fix"]) is None
                                   else fix["applicability"], r.get("unit_id"))
                         for r in records]
            write = sys.stdout.write
            for i in range(0, len(lines), 4096):
                write("\n".join(lines[i:i + 4096]))
                write("\n")
            typer.echo(_summary(outcome), err=True)
        elif output_format.value in ("json", "sarif"):
            from ..reporting.check_formats import write_json, write_sarif

            # Streamed: no one string of every record.
            if output_format.value == "json":
                write_json(list(records), sys.stdout)
            else:
                write_sarif(records, sys.stdout, outcome.names)
        else:
            from ..reporting.check_formats import render

            sys.stdout.write(render(output_format.value, records, outcome.names,
                                    threshold=None if fail_on is FailOn.never else fail_on.value))
        failure_summary(outcome.failures)
        if outcome.failures:
            return 2
        return 1 if failed else 0

    raise typer.Exit(guard(lambda: _without_gc(body)))


def _without_gc(body) -> int:
    """Run the command's body with the cyclic garbage collector paused
    (:func:`mtfix.engine.no_gc`): the records of a dense text (several dicts per finding,
    none in a cycle) live until their output is written, and every pass of the collector
    over them is wasted. They are freed with the body's frame, before it resumes."""
    from ..engine import no_gc

    with no_gc():
        return body()


def _write_report(jobs, settings, options, report, source, ref, show_unchanged) -> None:
    """The review page of the checked files (each fixed here as `mtfix fix` would)."""
    from ..reporting.review import render_review_page
    from ..review.findings import findings_for_file
    from ..run.load import read_source
    from ..run.sink import write_file
    from ..textio import InputError, read

    if ref is not None and len(jobs) != 1:
        raise InputError("--ref goes with exactly one input")
    reference = read(ref).text if ref is not None else None
    files = [findings_for_file(j.inp.path, settings, file_format=j.fmt.name, options=options,
                               data=j.data, name=j.name,
                               source=read_source(j, source) if source and k == 0 else None,
                               reference=reference if k == 0 else None)
             for k, j in enumerate(jobs)]
    title = f"mtfix check: {jobs[0].name}" if len(jobs) == 1 else f"mtfix check: {len(jobs)} files"
    write_file(report, render_review_page(files, title=title, show_unchanged=show_unchanged)
               .encode("utf-8"))


# -- CI and teams: the summary per severity, the ignore file ----------------------------------

def _summary(outcome) -> str:
    """``Found 5 diagnostic(s) (1 error, 3 warning, 1 info); 3 fixable with `mtfix fix`.``"""
    counts = {"error": 0, "warning": 0, "info": 0}
    counts.update(outcome.severities)   # (counted once: CheckOutcome.severities)
    levels = ", ".join(f"{n} {lvl}" for lvl, n in counts.items() if n)
    if outcome.lines is not None:
        n, n_fix = len(outcome.lines), outcome.safe_fixes
    else:  # counted in C (map, itemgetter, Counter), not a loop per record
        n = len(outcome.records)
        n_fix = Counter(map(itemgetter("applicability"),
                            filter(None, map(itemgetter("fix"), outcome.records))))["safe"]
    quiet = f"; {outcome.suppressed} ignored" if outcome.suppressed else ""
    return (f"Found {n} diagnostic(s){f' ({levels})' if levels else ''}; {n_fix} "
            f"fixable with `mtfix fix`{quiet}.")


def _write_ignores(path: str, outcome) -> int:
    from ..suppress import write_ignore_file

    n = write_ignore_file(path, outcome.records)
    typer.echo(f"mtfix: wrote {n} accepted finding(s) ({len(outcome.records)} diagnostic(s)) "
               f"to {path}", err=True)
    failure_summary(outcome.failures)
    return 2 if outcome.failures else 0
