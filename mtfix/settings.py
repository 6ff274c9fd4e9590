"""What a run is allowed to do (:class:`Settings`), and the project's config file that sets it.

Settings come from ``mtfix.toml`` or ``[tool.mtfix]`` in ``pyproject.toml``: the nearest file at
or above the working directory wins (``mtfix.toml`` before ``pyproject.toml`` in the same
directory). Keys: ``select``, ``ignore``, ``extend-select``, ``unsafe-fixes``, ``mode``,
``glossaries``, ``default-glossary``. Command-line options override them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import MODES
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

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; expected one of {', '.join(MODES)}")
        if self.max_iterations < 1:
            raise ValueError("max_iterations must be at least 1")


KEYS = {"select", "ignore", "extend-select", "unsafe-fixes", "mode", "glossaries",
        "default-glossary"}


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
    return dict(section)
