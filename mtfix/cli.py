"""The `mtfix` command line: thin commands over mtfix's Python API.

Heavy modules (the engine's rule tables, wordfreq, rich, and later torch) are imported inside
the commands, so `mtfix --help` and `mtfix --version` start fast.
"""

from __future__ import annotations

import difflib
import json
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
              no_default_glossary=False):
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
    if glossary:
        glossaries = tuple(glossary)
    else:  # paths in a config file are relative to it
        glossaries = tuple(str(cfg_path.parent / g) for g in cfg.get("glossaries", ()))
    default = not no_default_glossary and cfg.get("default-glossary", True)
    settings = Settings(select=sel, ignore=ign, extend_select=ext, unsafe_fixes=unsafe, mode=m,
                        glossaries=glossaries, default_glossary=default)
    rules = resolve_rules(settings.select, settings.ignore, settings.extend_select)  # validates
    if any(r.code.startswith("GL") for r in rules):
        from .engine import Linter

        Linter(settings).glossary  # a bad glossary is an input error now, not in a worker
    return settings


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
GLOSSARY = typer.Option(None, "--glossary", "-g", help="A glossary (.tsv, .csv, .tbx); repeatable; wins over the bundled one.")
NO_DEFAULT_GLOSSARY = typer.Option(False, "--no-default-glossary", help="Do not load the bundled news glossary.")


@app.command()
def fix(
    paths: Optional[List[str]] = typer.Argument(None, help="Files or directories; - or nothing for standard input."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file, or directory when there are several inputs."),
    in_place: bool = typer.Option(False, "--in-place", "-i", help="Rewrite the input files (atomically)."),
    select: Optional[List[str]] = SELECT,
    ignore: Optional[List[str]] = IGNORE,
    extend_select: Optional[List[str]] = EXTEND,
    unsafe_fixes: Optional[bool] = typer.Option(None, "--unsafe-fixes/--no-unsafe-fixes", help="Also apply unsafe fixes."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff instead of the fixed text; write nothing."),
    mode: Optional[Mode] = MODE,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    exit_non_zero_on_fix: bool = typer.Option(False, "--exit-non-zero-on-fix", help="Exit 1 when anything was (or, with --diff, would be) changed."),
    include: Optional[List[str]] = INCLUDE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
    glossary: Optional[List[str]] = GLOSSARY,
    no_default_glossary: bool = NO_DEFAULT_GLOSSARY,
) -> None:
    """Apply fixes: standard input to standard output by default."""

    def body() -> int:
        from .batch import DEFAULT_INCLUDE, collect, count_units, fix_texts, read_all, stderr_is_tty
        from .textio import write_atomic

        settings = _settings(select, ignore, extend_select, unsafe_fixes, mode, glossary,
                             no_default_glossary)
        inputs = collect(paths or ["-"], tuple(include) if include else DEFAULT_INCLUDE)
        if not inputs:
            raise _die("no input files found")
        if in_place and output is not None:
            raise _die("use either --in-place or -o, not both")
        if in_place and any(i.path == "-" for i in inputs):
            raise _die("--in-place needs files, not standard input")
        several = len(inputs) > 1 or any(i.rel is not None for i in inputs)
        if several and not (in_place or output is not None or diff):
            raise _die("several inputs: give -o DIR, --in-place or --diff")
        if output is not None and not diff:
            outs = {str(Path(i.path).resolve()) for i in inputs if i.path != "-"}
            if str(output.resolve()) in outs:
                raise _die(f"{output}: -o names an input file; use --in-place to rewrite it")
            if several and output.exists() and not output.is_dir():
                raise _die(f"{output}: several inputs need -o to be a directory")
        files = read_all(inputs)
        texts = [f.text for f in files]

        progress = None
        bar = None
        if stderr_is_tty() and not quiet and len(texts) > 1:
            from rich.progress import Progress

            bar = Progress(transient=True, console=None)
            task = bar.add_task("fixing", total=count_units(texts, settings, jobs))
            bar.start()
            progress = lambda n: bar.advance(task, n)  # noqa: E731
        try:
            results = fix_texts(texts, settings, jobs=jobs, progress=progress)
        finally:
            if bar is not None:
                bar.stop()

        changed_files = 0
        n_edits = 0
        for inp, f, res in zip(inputs, files, results):
            name = "<stdin>" if inp.path == "-" else inp.path
            if res.capped:
                typer.echo(f"mtfix: warning: {name}: fixes still changing the text after "
                           f"{settings.max_iterations} passes; stopped there", err=True)
            if res.changed:
                changed_files += 1
                n_edits += len(res.applied)
            if diff:
                if res.text != f.text:
                    sys.stdout.write(_unified_diff(f.text, res.text, name))
                continue
            data = f.encode(res.text)
            if in_place:
                if res.text != f.text:
                    write_atomic(inp.path, data)
            elif output is not None:
                if several or output.is_dir():
                    rel = inp.rel or Path(inp.path).name
                    target = output / rel
                else:
                    target = output
                write_atomic(target, data)
            else:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
        if not quiet:
            verb = "would fix" if diff else "fixed"
            typer.echo(f"mtfix: {verb} {n_edits} edit(s) in {changed_files} of {len(inputs)} "
                       f"file(s)", err=True)
        return 1 if exit_non_zero_on_fix and n_edits else 0

    raise typer.Exit(_guard(body))


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
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--output-format", help="text or json."),
    fail_on: FailOn = typer.Option(FailOn.warning, "--fail-on", help="Exit 1 when a diagnostic of this severity or worse is found (info < warning < error; never)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1),
    include: Optional[List[str]] = INCLUDE,
    glossary: Optional[List[str]] = GLOSSARY,
    no_default_glossary: bool = NO_DEFAULT_GLOSSARY,
    source: Optional[str] = typer.Option(None, "--source", help="The source text (English), line-aligned with the one input: enables the bilingual checks."),
) -> None:
    """Report diagnostics, `path:line:col: CODE message`; fixable ones end in [*]."""

    def body() -> int:
        from .batch import DEFAULT_INCLUDE, check_texts, collect, read_all
        from .rules import REGISTRY
        from .rules.base import Document
        from .model import Severity

        from .score import split_lines
        from .textio import read

        settings = _settings(select, ignore, extend_select, None, mode, glossary,
                             no_default_glossary)
        inputs = collect(paths or ["-"], tuple(include) if include else DEFAULT_INCLUDE)
        files = read_all(inputs)
        sources = None
        if source is not None:
            if len(files) != 1:
                raise _die("--source goes with exactly one input file")
            src = read(source).text
            n_src, n_tgt = len(split_lines(src)), len(split_lines(files[0].text))
            if n_src != n_tgt:
                raise _die(f"{source}: {n_src} lines, but {inputs[0].path} has {n_tgt}; "
                           f"--source must be line-aligned")
            sources = [src]
        all_diags = check_texts([f.text for f in files], settings, jobs=jobs, sources=sources)
        threshold = None if fail_on is FailOn.never else Severity(fail_on.value).rank
        failed = False
        records = []
        for inp, f, diags in zip(inputs, files, all_diags):
            name = "<stdin>" if inp.path == "-" else inp.path
            doc = Document(f.text, settings.mode)
            for d in diags:
                line = doc.line_of(d.start)
                col = d.start - doc.line_starts[line] + 1
                if threshold is not None and d.severity.rank >= threshold:
                    failed = True
                rec = {
                    "path": name, "line": line + 1, "column": col, "code": d.code,
                    "name": REGISTRY[d.code].name, "message": d.message,
                    "severity": d.severity.value, "text": f.text[d.start:d.end],
                    "fix": None if d.fix is None else {
                        "applicability": d.fix.applicability.value,
                        "edits": [{"start": e.start, "end": e.end, "content": e.content}
                                  for e in d.fix.edits]},
                }
                records.append(rec)
                if output_format is CheckFormat.text:
                    mark = ""
                    if d.fixable:
                        mark = " [*]" if d.fix.applicability.value == "safe" else " [*unsafe]"
                    typer.echo(f"{name}:{line + 1}:{col}: {d.code} {d.message}{mark}")
        if output_format is CheckFormat.json:
            typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        else:
            n_fix = sum(1 for r in records if r["fix"] and r["fix"]["applicability"] == "safe")
            typer.echo(f"Found {len(records)} diagnostic(s); {n_fix} fixable with `mtfix fix`.",
                       err=True)
        return 1 if failed else 0

    raise typer.Exit(_guard(body))


@app.command()
def score(
    hyp: str = typer.Argument(..., help="Hypothesis file (one segment per line), or - for stdin."),
    ref: List[str] = typer.Option(..., "--ref", "-r", help="Reference file, line-aligned (repeatable)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="The text before repair, scored the same way, with deltas."),
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--output-format"),
) -> None:
    """BLEU, chrF and TER with sacrebleu; signatures carry mtfix's version."""

    def body() -> int:
        from .score import corpus_scores, split_lines
        from .textio import read

        refs = [split_lines(read(r).text) for r in ref]
        after = corpus_scores(split_lines(read(hyp).text), refs)
        before = corpus_scores(split_lines(read(baseline).text), refs) if baseline else None
        if output_format is CheckFormat.json:
            rec = {s.metric: {"score": round(s.value, 4), "signature": s.signature} for s in after}
            if before:
                for b in before:
                    rec[b.metric]["baseline"] = round(b.value, 4)
                    rec[b.metric]["delta"] = round(rec[b.metric]["score"] - b.value, 4)
            typer.echo(json.dumps(rec, indent=2))
            return 0
        if before:
            typer.echo(f"{'metric':<6} {'baseline':>9} {'hyp':>9} {'delta':>8}")
            for b, a in zip(before, after):
                typer.echo(f"{a.metric:<6} {b.value:9.2f} {a.value:9.2f} {a.value - b.value:+8.2f}")
        else:
            for a in after:
                typer.echo(f"{a.metric:<6} {a.value:9.2f}")
        for a in after:
            typer.echo(f"  {a.metric}: {a.signature}")
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
