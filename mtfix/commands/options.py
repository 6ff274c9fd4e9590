"""What the commands share: option declarations and choices, the settings builder (command
line over the project's config file), and the error conventions (a user error is one line on
standard error and exit status 2)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import typer


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
    sarif = "sarif"


class FailOn(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"
    never = "never"


class PEBackend(str, Enum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


class Significance(str, Enum):
    bootstrap = "bootstrap"
    ar = "ar"


def _format_enum() -> type:
    from ..formats.registry import NAMES  # a table only: no format library is imported

    return Enum("FileFormat", {n: n for n in NAMES}, type=str)


FileFormat = _format_enum()


SELECT = typer.Option(None, "--select", help="Rule codes, family prefixes or ALL (comma-separated, repeatable).")
IGNORE = typer.Option(None, "--ignore", help="Rule codes or prefixes to switch off.")
EXTEND = typer.Option(None, "--extend-select", help="Add rules to the selection (e.g. a default-off rule).")
MODE = typer.Option(None, "--mode", help="lines: every line is a segment, lines are never added or removed (default). article: a whole article; boilerplate lines are removed.")
def _include_help() -> str:
    from ..formats.registry import include_patterns as patterns  # a table only

    return ("File name patterns taken from directories (repeatable). Default: the extensions "
            "of --format; with auto, those of every format: " + ", ".join(patterns("auto"))
            + ".")


INCLUDE = typer.Option(None, "--include", help=_include_help())
PE = typer.Option(None, "--post-editor", help="A local seq2seq checkpoint directory: its guarded rewrites become unsafe edits (PE001); needs mtfix[neural].")
PE_BACKEND = typer.Option(PEBackend.transformers, "--pe-backend", help="transformers, or ctranslate2 for a converted model.")
PE_DEVICE = typer.Option("cpu", "--pe-device", help="cpu, cuda or auto.")
PE_BATCH = typer.Option(16, "--pe-batch-size", min=1)
PE_BEAMS = typer.Option(1, "--pe-beams", min=1)
PE_MAXLEN = typer.Option(256, "--pe-max-length", min=8)
PE_CHANGE = typer.Option(0.15, "--pe-max-change", min=0.0, max=1.0, help="Reject a rewrite whose character edit rate is above this.")
GLOSSARY = typer.Option(None, "--glossary", "-g", help="A glossary (.tsv, .csv, .tbx); repeatable; wins over the bundled one.")
NO_DEFAULT_GLOSSARY = typer.Option(False, "--no-default-glossary", help="Do not load the bundled news glossary.")
FORMAT = typer.Option(FileFormat.auto, "--format", "-f", help="Input format; auto: by extension, then by content (plain text when neither says). Structured formats: only target text is repaired.")
TARGET_FIELD = typer.Option("target", "--target-field", help="JSONL key / CSV-TSV column of the target text.")
SOURCE_FIELD = typer.Option("source", "--source-field", help="JSONL key / CSV-TSV column of the source text (bilingual checks).")
ID_FIELD = typer.Option("id", "--id-field", help="JSONL key / CSV-TSV column of the segment id.")
TARGET_LANG = typer.Option(None, "--target-lang", help="TMX: the language to repair (default: the first one that is not the source language).")
ENGINE = typer.Option(Engine.local, "--engine", help="local (this machine, --jobs processes) or dask (a Dask cluster: --scheduler, or a local cluster of --jobs workers).")
SCHEDULER = typer.Option(None, "--scheduler", help="Dask scheduler address, tcp://HOST:PORT (with --engine dask).")
# CI and team options (issue 15): they add to the project's config file.
SEVERITY = typer.Option(None, "--severity", metavar="CODE=LEVEL", help="Change a rule's severity (info, warning, error); CODE may be a code, family prefix, rule name or ALL. Repeatable, or comma-separated; wins over [tool.mtfix.severity].")
EXCLUDE = typer.Option(None, "--exclude", metavar="GLOB", help="Skip paths matching this glob (repeatable; added to the config's exclude), also when named on the command line.")
IGNORE_FILE = typer.Option(None, "--ignore-file", metavar="PATH", help="Accepted findings (written by --write-ignore-file): not reported; replaces the config's ignore-file.")
WRITE_IGNORE_FILE = typer.Option(None, "--write-ignore-file", metavar="PATH", help="Record every current finding (after per-file-ignores and inline markers) as accepted in PATH, and exit 0.")
STATISTICS = typer.Option(False, "--statistics", help="Counts per rule (code, name, severity, count, fixable) instead of the findings.")


def die(message: str, code: int = 2) -> "typer.Exit":
    typer.echo(f"mtfix: error: {message}", err=True)
    return typer.Exit(code)


def guard(fn):
    """Run a command body: user errors become one line on stderr and exit status 2."""
    from ..glossary import GlossaryFormatError
    from ..rules import UnknownRuleError
    from ..textio import InputError

    try:
        return fn()
    except (InputError, UnknownRuleError, GlossaryFormatError, ValueError) as e:
        raise die(str(e)) from None
    except BrokenPipeError:  # `mtfix fix big.txt | head`
        sys.stderr.close()
        raise typer.Exit(0) from None
    except OSError as e:  # anything the run did not name itself: still one line
        where = f"{e.filename}: " if e.filename else ""
        raise die(f"{where}{e.strerror or e}") from None


def _split_codes(values: Optional[List[str]]) -> Optional[tuple[str, ...]]:
    if values is None:
        return None
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def make_settings(select, ignore, extend_select, unsafe_fixes, mode, glossary=None,
                  no_default_glossary=False, pe=None, severity=None, exclude=None,
                  ignore_file=None):
    """CLI options over the project's config file."""
    from ..rules import needs_glossary, resolve_rules
    from ..settings import Settings, ci_settings, find_config

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
                        glossaries=glossaries, default_glossary=default, **(pe or {}),
                        **ci_settings(cfg_path, cfg, severity=severity, exclude=exclude,
                                      ignore_file=ignore_file))
    rules = resolve_rules(settings.select, settings.ignore, settings.extend_select)  # validates
    if needs_glossary(rules):
        from ..engine import Linter

        Linter(settings).glossary  # a bad glossary is an input error now, not in a worker
    if settings.post_editor:
        from ..engine import Linter

        Linter(settings).post_editor  # a missing extra or a bad checkpoint: exit 2 now
    return settings


def pe_options(post_editor, backend, device, batch_size, beams, max_length, max_change):
    if post_editor is None:
        return {}
    return {"post_editor": post_editor, "pe_backend": backend.value, "pe_device": device,
            "pe_batch_size": batch_size, "pe_beams": beams, "pe_max_length": max_length,
            "pe_max_change": max_change}


def format_options(target_field, source_field, id_field, target_lang):
    from ..formats import FormatOptions

    return FormatOptions(target_field, source_field, id_field, target_lang)


def include_patterns(include, fmt):
    from ..formats.registry import include_patterns as patterns

    return tuple(include) if include else patterns(fmt.value)


def failure_summary(failures) -> None:
    if not failures:
        return
    typer.echo(f"mtfix: {len(failures)} file(s) failed:", err=True)
    for f in failures:
        typer.echo(f"  {f.message}", err=True)


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
