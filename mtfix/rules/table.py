"""The README's rule table, generated from the rules themselves.

    python -m mtfix.rules.table            # rewrite the table in README.md
    python -m mtfix.rules.table --check    # exit 1 if README.md's table is stale

The table sits between ``<!-- rules-table:start -->`` and ``<!-- rules-table:end -->``. It
lists mtfix's own rules only (``RULE_CLASSES``), never plugins installed where it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import RULE_CLASSES
from .base import Rule

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"
README = Path(__file__).resolve().parents[2] / "README.md"
REGENERATE = "python -m mtfix.rules.table"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(rule: type[Rule]) -> str:
    default = "on" if rule.default else "**off**"
    if rule.needs_source:
        default += " (needs `--source`)"
    fix = rule.fix_applicability.value
    if rule.fix_note:
        fix += f"; {rule.fix_note}"
    return "| " + " | ".join(_cell(c) for c in (rule.code, rule.name, default, fix,
                                                   rule.summary)) + " |"


def render(classes=RULE_CLASSES) -> str:
    """The markdown table: code, name, default, fix safety, summary; sorted by code."""
    lines = ["| code | name | default | fix | summary |", "|---|---|---|---|---|"]
    lines += [_row(c) for c in sorted(classes, key=lambda c: c.code)]
    return "\n".join(lines) + "\n"


def replace_block(text: str, table: str) -> str:
    """``text`` with the block between the markers replaced by ``table``."""
    try:
        head, rest = text.split(START + "\n", 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise ValueError(f"README lacks the markers {START} … {END}") from None
    return f"{head}{START}\n{table}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate the rule table of README.md.")
    ap.add_argument("readme", nargs="?", type=Path, default=README)
    ap.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    a = ap.parse_args(argv)
    text = a.readme.read_text(encoding="utf-8")
    new = replace_block(text, render())
    if a.check:
        if new != text:
            print(f"{a.readme}: the rule table is stale; regenerate it: {REGENERATE}",
                  file=sys.stderr)
            return 1
        return 0
    if new != text:
        a.readme.write_text(new, encoding="utf-8")
        print(f"{a.readme}: rule table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
