"""What a run is allowed to do (:class:`Settings`), and the project's config file that sets it.

Settings come from ``mtfix.toml`` or ``[tool.mtfix]`` in ``pyproject.toml``: the nearest file at
or above the working directory wins (``mtfix.toml`` before ``pyproject.toml`` in the same
directory). Keys: ``select``, ``ignore``, ``extend-select``, ``unsafe-fixes``, ``mode``,
``glossaries``, ``default-glossary``; for CI and teams also ``severity`` (a table: rule code,
family prefix or rule name -> ``"info"``/``"warning"``/``"error"``), ``exclude`` (path globs to
skip), ``per-file-ignores`` (a table: path glob -> codes) and ``ignore-file`` (the accepted
findings, :mod:`mtfix.suppress`). Command-line options override them.

Path globs (``exclude``, ``per-file-ignores``) are matched against the path relative to the
config file's directory, with ``/`` separators: ``*`` and ``?`` stay within one path segment,
``**`` spans any number of segments, and a glob without ``/`` matches the file name in any
directory (``*.po``) -- or any directory on the way (``vendor`` excludes ``vendor/x/a.po``).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping, Sequence

from .model import MODES, Diagnostic, Severity
from .textio import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Settings:
    """What a run is allowed to do. Built from the CLI, ``[tool.mtfix]`` or by a caller."""

    select: tuple[str, ...] | None = None   # None: the rules that are on by default
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    mode: str = "lines"
    max_iterations: int = 10
    glossaries: tuple[str, ...] = ()    # user glossaries, in precedence order
    default_glossary: bool = True       # also the bundled news glossary (lowest precedence)
    post_editor: str | None = None      # a local seq2seq checkpoint (or CTranslate2 dir)
    pe_backend: str = "transformers"    # or "ctranslate2"
    pe_device: str = "cpu"
    pe_batch_size: int = 16
    pe_beams: int = 1
    pe_max_length: int = 256
    pe_max_change: float = 0.15         # guard: highest character edit rate of a rewrite
    # (selector, level) overrides of rule severities, in order (config first, then the CLI):
    # the most specific selector wins (a code or name over a prefix, a longer prefix over a
    # shorter one, ALL last); among equals the later one. See :func:`apply_severity`.
    severity: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = ()                                   # path globs not checked
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (path glob, selectors)
    ignore_file: str | None = None      # accepted findings (mtfix.suppress), absolute path
    root: str | None = None             # the config file's directory: globs are relative to it

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; expected one of {', '.join(MODES)}")
        if self.max_iterations < 1:
            raise ValueError("max_iterations must be at least 1")


KEYS = {"select", "ignore", "extend-select", "unsafe-fixes", "mode", "glossaries",
        "default-glossary", "severity", "exclude", "per-file-ignores", "ignore-file"}
LEVELS = tuple(s.value for s in Severity)


def find_config(start: Path | None = None) -> tuple[Path | None, dict[str, Any]]:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in ("mtfix.toml", "pyproject.toml"):
            p = d / name
            if not p.is_file():
                continue
            try:
                data = tomllib.loads(p.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                raise InputError(f"{p}: invalid TOML ({e})") from None
            except OSError as e:
                raise InputError(f"{p}: cannot read the config file ({e.strerror or e})") \
                    from None
            section = data if name == "mtfix.toml" else data.get("tool", {}).get("mtfix")
            if section is None:
                continue
            return p, _validate(p, section)
    return None, {}


def _validate(path: Path, section: dict[str, Any]) -> dict[str, Any]:
    unknown = set(section) - KEYS
    if unknown:
        raise InputError(f"{path}: unknown mtfix setting(s): {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(KEYS))}")
    if "default-glossary" in section and not isinstance(section["default-glossary"], bool):
        raise InputError(f"{path}: `default-glossary` must be true or false")
    for key in ("select", "ignore", "extend-select", "glossaries"):
        if key in section and not (isinstance(section[key], list)
                                   and all(isinstance(x, str) for x in section[key])):
            raise InputError(f"{path}: `{key}` must be a list of strings")
    if "unsafe-fixes" in section and not isinstance(section["unsafe-fixes"], bool):
        raise InputError(f"{path}: `unsafe-fixes` must be true or false")
    if "mode" in section and section["mode"] not in MODES:
        raise InputError(f"{path}: `mode` must be \"lines\" or \"article\"")
    if "severity" in section:
        table = section["severity"]
        if not isinstance(table, dict):
            raise InputError(f"{path}: `severity` must be a table of CODE = \"LEVEL\" "
                             f"([tool.mtfix.severity])")
        for key, level in table.items():
            _check_override(key, level, f"{path}: `severity.{key}`")
    if "exclude" in section:
        _check_globs(path, "exclude", section["exclude"])
    if "per-file-ignores" in section:
        table = section["per-file-ignores"]
        if not isinstance(table, dict):
            raise InputError(f"{path}: `per-file-ignores` must be a table of "
                             f"\"GLOB\" = [\"CODE\", ...]")
        for glob, codes in table.items():
            where = f"{path}: `per-file-ignores.\"{glob}\"`"
            _check_glob(glob, where)
            if not (isinstance(codes, list) and all(isinstance(c, str) for c in codes)):
                raise InputError(f"{where} must be a list of rule codes")
            for c in codes:
                _check_selector(c, where)
    if "ignore-file" in section and not (isinstance(section["ignore-file"], str)
                                         and section["ignore-file"].strip()):
        raise InputError(f"{path}: `ignore-file` must be a path (a string)")
    return dict(section)


# -- CI and team settings: severities, excluded paths, per-file ignores ------------------------

def _check_selector(selector: str, where: str) -> None:
    """A rule code, family prefix, rule name or ALL that matches some rule; else InputError."""
    from .rules import UnknownRuleError, _matching

    try:
        _matching(selector)
    except UnknownRuleError as e:
        raise InputError(f"{where}: {e}") from None


def _check_override(selector: Any, level: Any, where: str) -> None:
    if not isinstance(selector, str) or not selector.strip():
        raise InputError(f"{where}: a rule code, prefix or name is needed")
    _check_selector(selector, where)
    if not isinstance(level, str) or level.strip().lower() not in LEVELS:
        raise InputError(f"{where}: unknown severity {level!r}; expected one of "
                         f"{', '.join(LEVELS)}")


def _check_glob(glob: Any, where: str) -> None:
    if not isinstance(glob, str) or not glob.strip():
        raise InputError(f"{where}: an empty path glob")
    try:
        _glob_regex(glob)
    except re.error as e:
        raise InputError(f"{where}: bad path glob {glob!r} ({e})") from None


def _check_globs(path: Path, key: str, value: Any) -> None:
    if not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
        raise InputError(f"{path}: `{key}` must be a list of strings (path globs)")
    for g in value:
        _check_glob(g, f"{path}: `{key}`")


def parse_severity_option(values: Iterable[str] | None) -> tuple[tuple[str, str], ...]:
    """``--severity CODE=LEVEL`` values (each may hold several, comma-separated:
    ``GL=error,WS001=info``) as ``Settings.severity`` pairs. A value without ``=``, an unknown
    code or an unknown level is an :class:`InputError` naming it."""
    out: list[tuple[str, str]] = []
    for value in values or ():
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            selector, eq, level = item.partition("=")
            if not eq:
                raise InputError(f"--severity {item!r}: expected CODE=LEVEL "
                                 f"(LEVEL one of {', '.join(LEVELS)})")
            _check_override(selector.strip(), level.strip(), f"--severity {item!r}")
            out.append((selector.strip(), level.strip().lower()))
    return tuple(out)


def ci_settings(cfg_path: Path | None, cfg: Mapping[str, Any],
                severity: Iterable[str] | None = None,
                exclude: Sequence[str] | None = None,
                ignore_file: str | None = None) -> dict[str, Any]:
    """The Settings keywords for severities, exclusions, per-file ignores and the ignore
    file: the config file's (``find_config()``), then the CLI's. ``severity``: raw
    ``--severity`` values, added after the config's (so a CLI value wins over an equally
    specific config one); ``exclude``: ``--exclude`` globs, added to the config's;
    ``ignore_file``: ``--ignore-file`` (relative to the working directory), replacing the
    config's (relative to the config file)."""
    root = cfg_path.parent.resolve() if cfg_path is not None else None
    sev = tuple((k, str(v).strip().lower()) for k, v in cfg.get("severity", {}).items())
    sev += parse_severity_option(severity)
    exc = tuple(cfg.get("exclude", ())) + tuple(exclude or ())
    for g in exclude or ():
        _check_glob(g, "--exclude")
    pfi = tuple((g, tuple(codes)) for g, codes in cfg.get("per-file-ignores", {}).items())
    ign = None
    if ignore_file:
        ign = os.path.abspath(ignore_file)
    elif cfg.get("ignore-file"):
        ign = os.path.abspath((root or Path.cwd()) / cfg["ignore-file"])
    return {"severity": sev, "exclude": exc, "per_file_ignores": pfi, "ignore_file": ign,
            "root": str(root) if root is not None else None}


def _specificity(selector: str, code: str) -> int | None:
    """How specifically ``selector`` names ``code`` (None: it does not)."""
    from .rules import registry

    sel = selector.strip()
    if sel.upper() == code:
        return 10_000
    rule = registry().get(code)
    if rule is not None and sel.lower() == rule.name:
        return 10_000
    if sel.upper() == "ALL":
        return 0
    if code.startswith(sel.upper()):
        return len(sel)
    return None


@lru_cache(maxsize=64)
def _severity_of(overrides: tuple[tuple[str, str], ...], code: str) -> Severity | None:
    best: tuple[int, int] | None = None
    level = None
    for i, (sel, lvl) in enumerate(overrides):
        spec = _specificity(sel, code)
        if spec is not None and (best is None or (spec, i) >= best):
            best, level = (spec, i), lvl
    return Severity(level) if level is not None else None


def severity_for(code: str, default: Severity | str,
                 overrides: tuple[tuple[str, str], ...] = ()) -> Severity:
    """The severity a diagnostic of ``code`` gets: the most specific override, else
    ``default`` (the rule's, or the diagnostic's own)."""
    found = _severity_of(tuple(overrides), code) if overrides else None
    return found if found is not None else Severity(default)


def apply_severity(diags: Iterable[Diagnostic], settings: "Settings") -> list[Diagnostic]:
    """``diags`` with ``settings.severity`` applied (the one place overrides take effect;
    ``Linter.check`` calls it). Unchanged diagnostics are returned as they are."""
    out = list(diags)
    if not settings.severity:
        return out
    for i, d in enumerate(out):
        s = severity_for(d.code, d.severity, settings.severity)
        if s is not d.severity:
            out[i] = replace(d, severity=s)
    return out


@lru_cache(maxsize=256)
def _glob_regex(glob: str) -> re.Pattern:
    g = glob.strip().replace("\\", "/")
    if g.startswith("./"):
        g = g[2:]
    anchored = "/" in g.rstrip("/")
    g = g.rstrip("/")
    parts, i = [], 0
    while i < len(g):
        c = g[i]
        if g.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
            continue
        if g.startswith("**", i):
            parts.append(".*")
            i += 2
            continue
        if c == "*":
            parts.append("[^/]*")
        elif c == "?":
            parts.append("[^/]")
        elif c == "[":
            j = g.find("]", i + 1)
            if j == -1:
                raise re.error("unclosed [")
            body = g[i + 1:j]
            if body.startswith("!"):
                body = "^" + body[1:]
            parts.append(f"[{body}]")
            i = j + 1
            continue
        else:
            parts.append(re.escape(c))
        i += 1
    body = "".join(parts)
    # A glob also matches everything below a matching directory.
    head = "" if anchored else "(?:.*/)?"
    return re.compile(f"{head}{body}(?:/.*)?")


def relative_path(path: str | os.PathLike, root: str | None = None) -> str:
    """``path`` as globs see it: relative to ``root`` (default: the working directory) when it
    lies below it, with ``/`` separators and no leading ``./``."""
    p = Path(path)
    base = Path(root) if root else Path.cwd()
    try:
        p = p.resolve().relative_to(base.resolve())
    except (ValueError, OSError):
        pass
    s = PurePosixPath(*p.parts).as_posix() if p.parts else str(p)
    return s[2:] if s.startswith("./") else s


def path_matches(path: str | os.PathLike, glob: str, root: str | None = None) -> bool:
    """Whether ``path`` matches the path glob (see the module doc)."""
    return _glob_regex(glob).fullmatch(relative_path(path, root)) is not None


def is_excluded(path: str | os.PathLike, settings: "Settings") -> bool:
    """Whether ``settings.exclude`` skips ``path`` (call it on every collected input; a path
    named on the command line is skipped too, as ruff's ``--force-exclude`` does)."""
    return any(path_matches(path, g, settings.root) for g in settings.exclude)


def codes_ignored_for(path: str | os.PathLike, settings: "Settings") -> frozenset[str]:
    """The rule codes ``per-file-ignores`` turns off for ``path`` (expanded from prefixes and
    names; ALL gives every code)."""
    from .rules import _matching

    out: set[str] = set()
    for glob, selectors in settings.per_file_ignores:
        if path_matches(path, glob, settings.root):
            for s in selectors:
                out.update(_matching(s))
    return frozenset(out)
