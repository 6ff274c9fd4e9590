"""The `mtfix` command line: thin commands over mtfix's Python API.

Heavy modules (the engine's rule tables, wordfreq, rich, and later torch) are imported inside
the commands, so `mtfix --help` and `mtfix --version` start fast.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    name="mtfix",
    help="Repair machine-translated Indonesian text: rules, glossary, scores.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Mode(str, Enum):
    lines = "lines"
    article = "article"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


class CheckOutput(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"
    never = "never"


def _die(message: str, code: int = 2) -> "typer.Exit":
    typer.echo(f"mtfix: error: {message}", err=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtfix {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """mtfix: repair machine-translated Indonesian text."""


def _split_codes(values: Optional[List[str]]) -> Optional[tuple[str, ...]]:
    if values is None:
        return None
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def _settings(select, ignore, extend_select, unsafe_fixes, mode, glossary=None,
              no_default_glossary=False, pe=None):
    """CLI options over the project's config file."""
    from .config import find_config
    from .engine import Settings
    from .rules import resolve_rules

    cfg_path, cfg = find_config()
    sel = _split_codes(select)
    if sel is None and "select" in cfg:
        sel = tuple(cfg["select"])
    ign = _split_codes(ignore)
    if ign is None:
        ign = tuple(cfg.get("ignore", ()))
    ext = _split_codes(extend_select)
    if ext is None:
        ext = tuple(cfg.get("extend-select", ()))
    unsafe = unsafe_fixes if unsafe_fixes is not None else cfg.get("unsafe-fixes", False)
    m = mode.value if mode is not None else cfg.get("mode", "lines")
    # Absolute paths: workers (other processes, other machines of a Dask cluster with a shared
    # file system) open them from their own working directory.
    if glossary:
        glossaries = tuple(os.path.abspath(g) for g in glossary)
    else:  # paths in a config file are relative to it
        glossaries = tuple(os.path.abspath(cfg_path.parent / g)
                           for g in cfg.get("glossaries", ()))
    if pe and pe.get("post_editor"):
        pe = {**pe, "post_editor": os.path.abspath(pe["post_editor"])}
    default = not no_default_glossary and cfg.get("default-glossary", True)
    settings = Settings(select=sel, ignore=ign, extend_select=ext, unsafe_fixes=unsafe, mode=m,
                        glossaries=glossaries, default_glossary=default, **(pe or {}))
    rules = resolve_rules(settings.select, settings.ignore, settings.extend_select)  # validates
    if any(r.code.startswith("GL") for r in rules):
        from .engine import Linter

        Linter(settings).glossary  # a bad glossary is an input error now, not in a worker
    if settings.post_editor:
        from .engine import Linter

        Linter(settings).post_editor  # a missing extra or a bad checkpoint: exit 2 now
    return settings


def _pe_options(post_editor, backend, device, batch_size, beams, max_length, max_change):
    if post_editor is None:
        return {}
    return {"post_editor": post_editor, "pe_backend": backend.value, "pe_device": device,
            "pe_batch_size": batch_size, "pe_beams": beams, "pe_max_length": max_length,
            "pe_max_change": max_change}


@functools.lru_cache(maxsize=None)
def _code_name(code: str) -> str:
    from .engine import STAGES
    from .rules import REGISTRY

    return REGISTRY[code].name if code in REGISTRY else STAGES[code][0]


def _guard(fn):
    """Run a command body: user errors become one line on stderr and exit status 2."""
    from .glossary import GlossaryFormatError
    from .rules import UnknownRuleError
    from .textio import InputError

    try:
        return fn()
    except (InputError, UnknownRuleError, GlossaryFormatError, ValueError) as e:
        raise _die(str(e)) from None
    except BrokenPipeError:  # `mtfix fix big.txt | head`
        sys.stderr.close()
        raise typer.Exit(0) from None


SELECT = typer.Option(None, "--select", help="Rule codes, family prefixes or ALL (comma-separated, repeatable).")
IGNORE = typer.Option(None, "--ignore", help="Rule codes or prefixes to switch off.")
EXTEND = typer.Option(None, "--extend-select", help="Add rules to the selection (e.g. a default-off rule).")
MODE = typer.Option(None, "--mode", help="lines: every line is a segment, lines are never added or removed (default). article: a whole article; boilerplate lines are removed.")
INCLUDE = typer.Option(None, "--include", help="File name patterns taken from directories (default *.txt, *.id).")
class PEBackend(str, Enum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


PE = typer.Option(None, "--post-editor", help="A local seq2seq checkpoint directory: its guarded rewrites become unsafe edits (PE001); needs mtfix[neural].")
PE_BACKEND = typer.Option(PEBackend.transformers, "--pe-backend", help="transformers, or ctranslate2 for a converted model.")
PE_DEVICE = typer.Option("cpu", "--pe-device", help="cpu, cuda or auto.")
PE_BATCH = typer.Option(16, "--pe-batch-size", min=1)
PE_BEAMS = typer.Option(1, "--pe-beams", min=1)
PE_MAXLEN = typer.Option(256, "--pe-max-length", min=8)
PE_CHANGE = typer.Option(0.15, "--pe-max-change", min=0.0, max=1.0, help="Reject a rewrite whose character edit rate is above this.")
GLOSSARY = typer.Option(None, "--glossary", "-g", help="A glossary (.tsv, .csv, .tbx); repeatable; wins over the bundled one.")
NO_DEFAULT_GLOSSARY = typer.Option(False, "--no-default-glossary", help="Do not load the bundled news glossary.")


def _format_enum() -> type:
    from .formats.registry import NAMES  # a table only: no format library is imported

    return Enum("FileFormat", {n: n for n in NAMES}, type=str)


FileFormat = _format_enum()


class Engine(str, Enum):
    local = "local"
    dask = "dask"


FORMAT = typer.Option(FileFormat.auto, "--format", "-f", help="Input format; auto: by extension, then by content (plain text when neither says). Structured formats: only target text is repaired.")
TARGET_FIELD = typer.Option("target", "--target-field", help="JSONL key / CSV-TSV column of the target text.")
SOURCE_FIELD = typer.Option("source", "--source-field", help="JSONL key / CSV-TSV column of the source text (bilingual checks).")
ID_FIELD = typer.Option("id", "--id-field", help="JSONL key / CSV-TSV column of the segment id.")
TARGET_LANG = typer.Option(None, "--target-lang", help="TMX: the language to repair (default: the first one that is not the source language).")
ENGINE = typer.Option(Engine.local, "--engine", help="local (this machine, --jobs processes) or dask (a Dask cluster: --scheduler, or a local cluster of --jobs workers).")
SCHEDULER = typer.Option(None, "--scheduler", help="Dask scheduler address, tcp://HOST:PORT (with --engine dask).")


def _format_options(target_field, source_field, id_field, target_lang):
    from .formats import FormatOptions

    return FormatOptions(target_field, source_field, id_field, target_lang)


def _include(include, fmt):
    from .formats.registry import include_patterns

    return tuple(include) if include else include_patterns(fmt.value)


def _failure_summary(failures) -> None:
    if not failures:
        return
    typer.echo(f"mtfix: {len(failures)} file(s) failed:", err=True)
    for f in failures:
        typer.echo(f"  {f.message}", err=True)


@app.command()
def fix(
    paths: Optional[List[str]] = typer.Argument(None, help="Files or directories; - or nothing for standard input."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file, or directory when there are several inputs."),
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
    edits: Optional[Path] = typer.Option(None, "--edits", help="Write one JSON record per applied edit (JSON Lines)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write a self-contained HTML report of the changes (one input)."),
    ref: Optional[List[str]] = typer.Option(None, "--ref", help="Reference translation(s), line-aligned with the one input: score before and after (on stderr)."),
    post_editor: Optional[str] = PE,
    pe_backend: PEBackend = PE_BACKEND,
    pe_device: str = PE_DEVICE,
    pe_batch_size: int = PE_BATCH,
    pe_beams: int = PE_BEAMS,
    pe_max_length: int = PE_MAXLEN,
    pe_max_change: float = PE_CHANGE,
) -> None:
    """Apply fixes: standard input to standard output by default.

    Files that cannot be read or parsed are reported (exit 2) after the others are written."""

    def body() -> int:
        from .batch import collect, stderr_is_tty
        from .executors import make_executor
        from .pipeline import Failure, check_output_paths, fix_jobs, load_all, unit_settings
        from .textio import InputError, write_atomic, write_backup

        settings = _settings(select, ignore, extend_select, unsafe_fixes, mode, glossary,
                             no_default_glossary,
                             _pe_options(post_editor, pe_backend, pe_device, pe_batch_size,
                                         pe_beams, pe_max_length, pe_max_change))
        options = _format_options(target_field, source_field, id_field, target_lang)
        if backup is not None and not in_place:
            raise _die("--backup goes with --in-place")
        if backup is not None and (not backup or "/" in backup or backup in (".", "..")):
            raise _die(f"--backup {backup!r}: give a file name suffix such as .orig")
        if scheduler is not None and engine is not Engine.dask:
            raise _die("--scheduler goes with --engine dask")
        if in_place and output is not None:
            raise _die("use either --in-place or -o, not both")
        inputs = collect(paths or ["-"], _include(include, file_format))
        if not inputs:
            raise _die("no input files found")
        if in_place and any(i.path == "-" for i in inputs):
            raise _die("--in-place needs files, not standard input")
        several = len(inputs) > 1 or any(i.rel is not None for i in inputs)
        if several and not (in_place or output is not None or diff):
            raise _die("several inputs: give -o DIR, --in-place or --diff")
        if (report is not None or ref) and len(inputs) != 1:
            raise _die("--report and --ref go with exactly one input")

        def target_of(inp) -> Path:
            if several or output.is_dir():
                return output / (inp.rel or Path(inp.path).name)
            return output

        if output is not None and not diff:
            if several and output.exists() and not output.is_dir():
                raise _die(f"{output}: several inputs need -o to be a directory")
            check_output_paths(inputs, [target_of(i) for i in inputs])

        whole = bool(diff or report is not None or ref or edits is not None)
        loaded, failures = load_all(inputs, file_format.value, options, settings, whole)
        if ref and loaded and not loaded[0].is_text:
            raise _die("--ref scores plain-text files (one segment per line)")

        if engine is Engine.local and jobs > 1:
            from .batch import warm_linters

            # Worker processes are forked on first use: built here, the linters (rule tables,
            # glossary automaton) are inherited ready instead of being rebuilt in every worker.
            warm_linters({unit_settings(settings, j.fmt) for j in loaded})
        executor = make_executor(engine.value, jobs, scheduler)
        try:
            batch_jobs = [j for j in loaded if j.parsed is not None]
            progress = bar = None
            if stderr_is_tty() and not quiet and len(batch_jobs) > 1:
                from rich.progress import Progress

                bar = Progress(transient=True, console=None)
                task = bar.add_task("fixing", total=sum(len(j.texts) for j in batch_jobs))
                bar.start()
                progress = lambda n: bar.advance(task, n)  # noqa: E731
            try:
                fix_jobs(batch_jobs, settings, executor, progress=progress)
            finally:
                if bar is not None:
                    bar.stop()

            if batch_jobs and (report is not None or ref or edits is not None):
                _fix_side_outputs(batch_jobs, settings, report, ref, edits)

            changed_files = n_edits = 0
            streamed = [j for j in loaded if j.parsed is None]
            if streamed:
                st_files, st_edits = _write_streamed(streamed, settings, executor, options,
                                                     in_place, backup, output, target_of,
                                                     failures)
                changed_files += st_files
                n_edits += st_edits
            for job in batch_jobs:
                name = job.name
                try:
                    if any(r.capped for r in job.results):
                        _warn_capped(name, settings)
                    if job.changed():
                        changed_files += 1
                        n_edits += job.n_edits()
                    if diff:
                        if job.changed():
                            data = job.output()
                            if data != job.data:
                                from .textio import decode

                                sys.stdout.write(_unified_diff(job.original_text(),
                                                               decode(data, name).text, name))
                        continue
                    data = job.output()
                    if in_place:
                        if data != job.data:
                            if backup is not None:
                                write_backup(job.inp.path, backup)
                            write_atomic(job.inp.path, data)
                    elif output is not None:
                        write_atomic(target_of(job.inp), data)
                    else:
                        sys.stdout.buffer.write(data)
                        sys.stdout.flush()
                except InputError as e:
                    failures.append(Failure(name, str(e)))
                except OSError as e:
                    failures.append(Failure(name, f"{name}: cannot write ({e.strerror or e})"))
        finally:
            executor.close()
        if not quiet:
            verb = "would fix" if diff else "fixed"
            typer.echo(f"mtfix: {verb} {n_edits} edit(s) in {changed_files} of {len(inputs)} "
                       f"file(s)", err=True)
        _failure_summary(failures)
        if failures:
            return 2
        return 1 if exit_non_zero_on_fix and n_edits else 0

    raise typer.Exit(_guard(body))


def _warn_capped(name: str, settings) -> None:
    typer.echo(f"mtfix: warning: {name}: fixes still changing the text after "
               f"{settings.max_iterations} passes; stopped there", err=True)


def _write_streamed(jobs, settings, executor, options, in_place, backup, output, target_of,
                    failures) -> tuple[int, int]:
    """Stream these files through the executor (all their chunks in one ordered flow) and write
    each one: a temporary file renamed into place when the file is done, discarded on error.
    In place, an unchanged file is left untouched (no rewrite, no backup)."""
    from .batch import StreamSpec, stream_files
    from .pipeline import Failure
    from .textio import atomic_output, write_backup

    by_key = {k: j for k, j in enumerate(jobs)}
    open_outs: dict[int, atomic_output] = {}
    changed_files = n_edits = 0

    def close(k: int, ok: bool) -> None:
        w = open_outs.pop(k, None)
        if w is not None:
            exc = None if ok else InterruptedError
            w.__exit__(exc, None, None)

    specs = [StreamSpec(k, j.inp.path, j.fmt.name, j.name, j.head) for k, j in by_key.items()]
    try:
        for kind, k, payload in stream_files(specs, settings, executor, options):
            job = by_key[k]
            if kind == "data":
                if output is None and not in_place:
                    sys.stdout.buffer.write(payload)
                    continue
                w = open_outs.get(k)
                if w is None:
                    w = atomic_output(job.inp.path if in_place else target_of(job.inp))
                    w.__enter__()
                    open_outs[k] = w
                w.fh.write(payload)
            elif kind == "error":
                close(k, False)
                failures.append(Failure(job.name, payload))
            else:  # end of a file
                st = payload
                if st.capped:
                    _warn_capped(job.name, settings)
                if st.edits:
                    changed_files += 1
                    n_edits += st.edits
                if output is None and not in_place:
                    sys.stdout.flush()
                    continue
                try:
                    if in_place and not st.edits:
                        close(k, False)  # unchanged: keep the original as it is
                        continue
                    if in_place and backup is not None:
                        write_backup(job.inp.path, backup)
                    close(k, True)
                except OSError as e:
                    close(k, False)
                    failures.append(Failure(job.name, f"{job.name}: cannot write "
                                                      f"({e.strerror or e})"))
    finally:
        for k in list(open_outs):
            close(k, False)
    return changed_files, n_edits


def _fix_side_outputs(jobs, settings, report, ref, edits) -> None:
    """--report, --ref and --edits of a fix run."""
    from .textio import write_atomic

    job = jobs[0]
    score_rep = None
    if ref:
        score_rep = _fix_score_report(job.results[0].text, job.texts[0], ref, settings)
    if report is not None:
        from .pipeline import edits_by_line, report_pairs
        from .report import render_html, report_from_texts

        scores_rows = _score_rows(score_rep) if score_rep is not None else None
        meta = {"input": job.name, "mode": settings.mode if job.is_text else "lines",
                "format": job.fmt.name}
        if job.is_text:
            html = report_from_texts(job.texts[0], job.results[0].text, job.results[0].applied,
                                     title=f"mtfix: {job.name}", scores=scores_rows, meta=meta)
        else:
            html = render_html(report_pairs(job), title=f"mtfix: {job.name}",
                               edits=edits_by_line(job), scores=scores_rows, meta=meta)
        write_atomic(report, html.encode("utf-8"))
    if ref:
        from .score import render_text

        sys.stderr.write(render_text(score_rep))
    if edits is not None:
        import io

        from .edits import edit_records, write_jsonl

        buf = io.StringIO()
        for job in jobs:
            for k, (unit, res) in enumerate(zip(job.parsed.units, job.results)):
                recs = edit_records(job.name, unit.target, res.applied)
                if not job.is_text:
                    for r in recs:
                        r["unit"] = k + 1
                        if unit.id is not None:
                            r["unit_id"] = unit.id
                        if unit.line is not None and job.fmt.name not in ("markdown", "html"):
                            r["line"] += unit.line - 1
                            r["end_line"] += unit.line - 1
                write_jsonl(recs, buf)
        write_atomic(edits, buf.getvalue().encode("utf-8"))


def _fix_score_report(fixed: str, original: str, refs: List[str], settings):
    """Before/after scores of one repaired file against its references, signed with the rule
    selection and glossaries that produced it."""
    from .engine import Linter
    from .score import score_report, split_lines
    from .textio import read

    return score_report(split_lines(fixed), [split_lines(read(r).text) for r in refs],
                        baseline=split_lines(original),
                        provenance=Linter(settings).provenance())


def _score_rows(report) -> list[dict]:
    """The report's scores as rows for the HTML report."""
    rows = []
    for metric, sc in report.scores.items():
        base = report.baseline[metric].value if report.baseline else None
        rows.append({"metric": sc.name or metric, "baseline": base, "system": sc.value,
                     "delta": None if base is None else sc.value - base})
    return rows


def _unified_diff(before: str, after: str, name: str) -> str:
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@app.command()
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
        from .batch import collect
        from .executors import make_executor
        from .model import Severity
        from .pipeline import check_jobs, load_all
        from .rules.base import Document
        from .score import split_lines
        from .textio import read

        settings = _settings(select, ignore, extend_select, None, mode, glossary,
                             no_default_glossary,
                             _pe_options(post_editor, pe_backend, pe_device, pe_batch_size,
                                         pe_beams, pe_max_length, pe_max_change))
        options = _format_options(target_field, source_field, id_field, target_lang)
        inputs = collect(paths or ["-"], _include(include, file_format))
        jobs_, failures = load_all(inputs, file_format.value, options, settings)
        sources = None
        if source is not None:
            if len(inputs) != 1:
                raise _die("--source goes with exactly one input file")
            if jobs_ and not jobs_[0].is_text:
                raise _die(f"--source is for plain text; {jobs_[0].name} ({jobs_[0].fmt.name}) "
                           f"carries its own source text")
            if jobs_:
                src = read(source).text
                n_src, n_tgt = len(split_lines(src)), len(split_lines(jobs_[0].texts[0]))
                if n_src != n_tgt:
                    raise _die(f"{source}: {n_src} lines, but {inputs[0].path} has {n_tgt}; "
                               f"--source must be line-aligned")
                sources = {0: src}
        executor = make_executor("local", jobs if len(jobs_) > 1 else 1)
        try:
            all_diags = check_jobs(jobs_, settings, executor, sources)
        finally:
            executor.close()
        threshold = None if fail_on is FailOn.never else Severity(fail_on.value).rank
        failed = False
        records = []
        # Text lines are echoed in batches: one echo (a write and a flush) per diagnostic
        # took seconds on an input with hundreds of thousands of them. Same bytes.
        pending: list[str] = []
        for job, per_unit in zip(jobs_, all_diags):
            name = job.name
            for k, (unit, diags) in enumerate(zip(job.parsed.units, per_unit)):
                doc = Document(unit.target, settings.mode if job.is_text else "lines")
                for d in diags:
                    line = doc.line_of(d.start)
                    col = d.start - doc.line_starts[line] + 1
                    # a JSONL unit is one physical line whatever its escaped \n
                    file_line = (unit.line or 1) + (0 if job.fmt.name == "jsonl" else line)
                    if threshold is not None and d.severity.rank >= threshold:
                        failed = True
                    rec = {
                        "path": name, "line": file_line, "column": col, "code": d.code,
                        "name": _code_name(d.code), "message": d.message,
                        "severity": d.severity.value, "text": unit.target[d.start:d.end],
                        "fix": None if d.fix is None else {
                            "applicability": d.fix.applicability.value,
                            "edits": [{"start": e.start, "end": e.end, "content": e.content}
                                      for e in d.fix.edits]},
                    }
                    if not job.is_text:
                        rec["unit"] = k + 1
                        if unit.id is not None:
                            rec["unit_id"] = unit.id
                    records.append(rec)
                    if output_format is CheckOutput.text:
                        mark = ""
                        if d.fixable:
                            mark = " [*]" if d.fix.applicability.value == "safe" else " [*unsafe]"
                        where = f" [{unit.id}]" if not job.is_text and unit.id else ""
                        pending.append(f"{name}:{file_line}:{col}: {d.code} {d.message}{mark}{where}")
                        if len(pending) >= 4096:
                            typer.echo("\n".join(pending))
                            pending.clear()
        if pending:
            typer.echo("\n".join(pending))
        if output_format is not CheckOutput.text:
            from .outformats import render

            names = [j.name for j in jobs_]
            sys.stdout.write(render(output_format.value, records, names,
                                    threshold=None if fail_on is FailOn.never else fail_on.value))
        else:
            n_fix = sum(1 for r in records if r["fix"] and r["fix"]["applicability"] == "safe")
            typer.echo(f"Found {len(records)} diagnostic(s); {n_fix} fixable with `mtfix fix`.",
                       err=True)
        _failure_summary(failures)
        if failures:
            return 2
        return 1 if failed else 0

    raise typer.Exit(_guard(body))


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


class Significance(str, Enum):
    bootstrap = "bootstrap"
    ar = "ar"


@app.command()
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

        from .score import (METRICS, evaluate_gates, render_json, render_junit, render_text,
                            score_report, sentence_level as seg_rows, split_lines,
                            write_sentence_tsv)
        from .textio import read, write_atomic

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
            write_atomic(sentence_level, buf.getvalue().encode("utf-8"))
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

    raise typer.Exit(_guard(body))


pe_app = typer.Typer(help="Post-editor tools.", no_args_is_help=True)
app.add_typer(pe_app, name="post-editor")


@pe_app.command("convert")
def pe_convert(
    path: str = typer.Argument(..., help="A local Hugging Face seq2seq checkpoint directory."),
    out: str = typer.Argument(..., help="Directory for the CTranslate2 model (made self-contained)."),
    quantization: Optional[str] = typer.Option(None, "--quantization", help="e.g. int8, float16."),
    force: bool = typer.Option(False, "--force", help="Overwrite a non-empty OUT."),
) -> None:
    """Convert a checkpoint for `--pe-backend ctranslate2`."""

    def body() -> int:
        from .posteditor.ct2 import convert

        convert(path, out, quantization=quantization, force=force)
        typer.echo(f"converted {path} -> {out}", err=True)
        return 0

    raise typer.Exit(_guard(body))


glossary_app = typer.Typer(help="Glossary tools.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("validate")
def glossary_validate(
    paths: List[str] = typer.Argument(..., help="Glossary files (.tsv, .csv, .tbx)."),
) -> None:
    """Check glossaries: duplicates, conflicts, empty fields, wrong variants that are required
    terms; `path:line: message` each. Exit 1 on problems, 2 on an unreadable file."""
    from .glossary import GlossaryFormatError, validate

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


@app.command()
def diff(
    before: str = typer.Argument(..., help="The text before repair."),
    after: str = typer.Argument(..., help="The text after repair."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML report."),
    edits: Optional[str] = typer.Option(None, "--edits", help="Edit records (`mtfix fix --edits`) to name the rule of each change."),
) -> None:
    """A word-level diff, coloured in the terminal; `--html` writes the editor's report."""

    def body() -> int:
        from .textio import InputError, read, write_atomic
        from .worddiff import print_terminal_diff

        b, a = read(before).text, read(after).text
        applied = None
        if edits is not None:
            from .edits import read_jsonl

            try:
                with open(edits, encoding="utf-8") as fh:
                    applied = _records_as_edits(read_jsonl(fh, edits))
            except OSError as e:
                raise InputError(f"{edits}: cannot read ({e.strerror})") from None
        print_terminal_diff(b, a, applied, path=after)
        if html is not None:
            from .report import report_from_texts

            write_atomic(html, report_from_texts(b, a, applied, title=f"mtfix diff: {after}",
                                                 meta={"before": before, "after": after})
                         .encode("utf-8"))
        return 0

    raise typer.Exit(_guard(body))


def _records_as_edits(records):
    """Edit records read back as AppliedEdit objects (for diff and report)."""
    from .model import AppliedEdit, Applicability

    return [AppliedEdit(r["code"], r.get("message", ""), Applicability(r.get("applicability", "safe")),
                        r["start"], r["end"], r.get("before", ""), r.get("after", ""),
                        r.get("iteration", 1), r["line"], r["start"], r["end"])
            for r in records]


@app.command()
def train(
    mt: str = typer.Option(..., "--mt", help="MT output, one segment per line."),
    pe: str = typer.Option(..., "--pe", help="Its post-edit, line-aligned."),
    out: Path = typer.Option(..., "--out", help="Directory for the trained post-editor."),
    src: Optional[str] = typer.Option(None, "--src", help="Source text, line-aligned (checked; not yet used by the model)."),
    base: Optional[str] = typer.Option(None, "--base", help="A local checkpoint to fine-tune."),
    from_scratch: bool = typer.Option(False, "--from-scratch", help="Train a small T5 and a sentencepiece vocabulary from the data (the default without --base)."),
    synthetic_from: Optional[str] = typer.Option(None, "--synthetic-from", help="Clean Indonesian text to damage into extra training pairs."),
    max_minutes: float = typer.Option(20.0, "--max-minutes", min=0.01, help="Wall-clock budget for the training loop."),
    seed: int = typer.Option(1, "--seed"),
) -> None:
    """Train a post-editor on a team's own post-edits; report held-out chrF/TER of the MT as is
    and of MT + post-editor. The result loads with `--post-editor OUT`."""

    def body() -> int:
        from .score import split_lines
        from .textio import read

        try:
            from .posteditor.train import train as run_train
        except ImportError as e:  # pragma: no cover - depends on the install
            raise _die(f"the post-editor needs the neural extra: pip install 'mtfix[neural]' ({e})")
        if base and from_scratch:
            raise _die("use either --base or --from-scratch")
        lines = {k: split_lines(read(p).text) for k, p in (("mt", mt), ("pe", pe)) if p}
        report = run_train(lines["mt"], lines["pe"], str(out),
                           src=split_lines(read(src).text) if src else None, base=base,
                           from_scratch=from_scratch or base is None,
                           synthetic_from=split_lines(read(synthetic_from).text)
                           if synthetic_from else None,
                           max_minutes=max_minutes, seed=seed,
                           progress=lambda msg: typer.echo(msg, err=True))
        typer.echo(json.dumps(report.to_dict(), default=str))  # the summary went to stderr
        return 0

    raise typer.Exit(_guard(body))


@app.command("eval-edits")
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
        from .edits import evaluate, read_jsonl, render_eval_text
        from .textio import InputError, read

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

    raise typer.Exit(_guard(body))


@app.command("rules")
def rules_cmd(
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--output-format"),
) -> None:
    """List every rule: code, name, on by default, fix safety."""
    from .rules import REGISTRY

    rows = [{"code": r.code, "name": r.name, "default": r.default,
             "fix": r.fix_applicability.value, "modes": list(r.modes), "summary": r.summary}
            for r in REGISTRY.values()]
    if output_format is CheckFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{'code':<6} {'name':<34} {'default':<7} {'fix':<12} summary")
    for r in rows:
        typer.echo(f"{r['code']:<6} {r['name']:<34} {'on' if r['default'] else 'off':<7} "
                   f"{r['fix']:<12} {r['summary']}")


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code, e.g. HY001, or a rule name.")) -> None:
    """Print a rule's documentation."""
    from .rules import REGISTRY, UnknownRuleError, get_rule

    from .engine import STAGES

    if code.upper() in STAGES:
        name, summary = STAGES[code.upper()]
        typer.echo(f"{code.upper()} ({name})\n  stage: post-editor (--post-editor PATH); "
                   f"fix: {'unsafe' if code.upper() == 'PE001' else 'display-only'}\n\n"
                   f"{summary}. Rewrites come from a local seq2seq checkpoint; a guard rejects "
                   f"any whose character edit rate exceeds --pe-max-change, that alters "
                   f"protected spans, numbers or glossary terms, or whose length ratio is "
                   f"implausible; accepted ones are cut into minimal word edits, each naming "
                   f"the model and its weights hash.")
        return
    try:
        rule = get_rule(code)
    except UnknownRuleError:
        by_name = {r.name: r for r in REGISTRY.values()}
        rule = by_name.get(code)
        if rule is None:
            raise _die(f"unknown rule {code!r}; `mtfix rules` lists them") from None
    typer.echo(f"{rule.code} ({rule.name})")
    typer.echo(f"  default: {'on' if rule.default else 'off'}; fix: {rule.fix_applicability.value}; "
               f"modes: {', '.join(rule.modes)}")
    import textwrap

    typer.echo(textwrap.dedent(rule.doc).rstrip())
    if rule.examples:
        typer.echo("\nExamples")
        for ex in rule.examples:
            if ex.good is not None:
                tag = " (unsafe fix)" if ex.unsafe else ""
                typer.echo(f"  {ex.bad!r}\n    → {ex.good!r}{tag}")
            else:
                typer.echo(f"  {ex.bad!r}  (reports {ex.flagged!r})")


def main() -> None:
    """Entry point. Usage errors are one line on stderr and exit status 2, like input errors."""
    try:
        rv = app(standalone_mode=False)
    except KeyboardInterrupt:  # pragma: no cover
        typer.echo("mtfix: interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # typer vendors click: match its exceptions by class name
        kinds = {c.__name__ for c in type(e).__mro__}
        if "NoArgsIsHelpError" in kinds:
            typer.echo(e.ctx.get_help())
            sys.exit(0)
        if "UsageError" in kinds:
            where = f" (see `{e.ctx.command_path} --help`)" if getattr(e, "ctx", None) else ""
            typer.echo(f"mtfix: error: {e.format_message()}{where}", err=True)
            sys.exit(2)
        if "ClickException" in kinds:
            typer.echo(f"mtfix: error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        if "Abort" in kinds:  # pragma: no cover
            typer.echo("mtfix: interrupted", err=True)
            sys.exit(130)
        raise
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
