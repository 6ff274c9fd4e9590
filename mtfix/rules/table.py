"""The README's rule table, generated from the rules themselves.

    python -m mtfix.rules.table            # rewrite the table in README.md
    python -m mtfix.rules.table --check    # exit 1 if README.md's table is stale

The table sits between ``<!-- rules-table:start -->`` and ``<!-- rules-table:end -->``. It
lists mtfix's own rules only (``RULE_CLASSES``), never plugins installed where it runs. A second
block, between ``<!-- severity-table:start -->`` and ``<!-- severity-table:end -->``, gives each
rule's default severity with the reason for it (:data:`SEVERITY_REASONS`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import RULE_CLASSES
from .base import Rule

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"
SEV_START = "<!-- severity-table:start -->"
SEV_END = "<!-- severity-table:end -->"

# Why each rule has its default severity, for a READER of the translation: error where the
# reader is told something false or misses something (a number, a link, a required term, a
# whole untranslated segment); warning for a visible mistake in spelling, words or quotes;
# info for typography and house style the reader hardly notices.
SEVERITY_REASONS = {
    "BP001": "scraped-site chrome left in the text is visible junk, but says nothing false",
    "CA001": "a visible capitalisation mistake in mid-sentence",
    "CA002": "a visible capitalisation mistake after an abbreviation",
    "CA003": "only the look of a link: it still works",
    "CA004": "a visible capitalisation mistake at the start of a speaker's words",
    "DW001": "a visible doubled word (a name written twice on purpose is info)",
    "EN001": "a hint: many English words in news are names or accepted loanwords",
    "GL001": "a known mistranslation: the reader gets the wrong term",
    "GL002": "a term the glossary requires is missing: the reader may not get the meaning",
    "GL003": "a number of the source is lost or changed: the reader is told a wrong fact",
    "GL004": "a URL, e-mail, placeholder or tag is lost or altered: a broken link or app string",
    "GL005": "the segment is not translated at all",
    "GL006": "a question or sentence that lost its final mark reads differently",
    "GL007": "a split hashtag or handle no longer works as one",
    "HY001": "a visibly split word",
    "HY002": "a visibly split compound or name",
    "KB001": "a non-standard spelling (KBBI)",
    "KB002": "a non-standard spelling (KBBI)",
    "KB003": "a non-standard spelling (KBBI)",
    "KB004": "an English abbreviation in Indonesian text",
    "NU001": "with the Indonesian decimal comma, `12,345.67` reads as another number",
    "NU002": "a decimal point where Indonesian writes a comma; usually still understood",
    "OR001": "a non-standard spelling (EYD)",
    "OR002": "a non-standard spelling (KBBI)",
    "OR003": "house style: the meaning is clear either way",
    "OR004": "a non-standard spelling (EYD)",
    "QU001": "a visibly misplaced quote",
    "QU002": "a visibly misplaced quote",
    "QU003": "house style (off by default)",
    "RG001": "typography: the range reads the same",
    "WS001": "typography: most renderings (HTML) show one space anyway",
    "WS002": "visible, and a line may break before the punctuation",
    "WS003": "visible in the rendered text",
    "WS004": "typography: the amount reads the same",
    "WS005": "typography: the words read the same",
    "WS006": "the reader sees `& amp;` instead of the character",
    "WS007": "typography: a hyphen for a dash",
    "WS008": "a time split at its colon is hard to read as a time",
    "WS009": "typography: the amount is still read right",
}
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
    return "| " + " | ".join(_cell(c) for c in (rule.code, rule.name, default,
                                                   rule.severity.value, fix,
                                                   rule.summary)) + " |"


def render(classes=RULE_CLASSES) -> str:
    """The markdown table: code, name, default, severity, fix safety, summary; by code."""
    lines = ["| code | name | default | severity | fix | summary |",
             "|---|---|---|---|---|---|"]
    lines += [_row(c) for c in sorted(classes, key=lambda c: c.code)]
    return "\n".join(lines) + "\n"


def render_severities(classes=RULE_CLASSES) -> str:
    """The markdown table of default severities, most severe first, with the reasons."""
    order = {"error": 0, "warning": 1, "info": 2}
    lines = ["| severity | code | why |", "|---|---|---|"]
    for c in sorted(classes, key=lambda c: (order[c.severity.value], c.code)):
        lines.append("| " + " | ".join(_cell(x) for x in (
            c.severity.value, c.code, SEVERITY_REASONS.get(c.code, ""))) + " |")
    return "\n".join(lines) + "\n"


def replace_block(text: str, table: str, start: str = START, end: str = END) -> str:
    """``text`` with the block between the markers replaced by ``table``."""
    try:
        head, rest = text.split(start + "\n", 1)
        _, tail = rest.split(end, 1)
    except ValueError:
        raise ValueError(f"README lacks the markers {start} … {end}") from None
    return f"{head}{start}\n{table}{end}{tail}"


def regenerate(text: str) -> str:
    """``text`` with both generated blocks (rules, severities) brought up to date."""
    text = replace_block(text, render())
    return replace_block(text, render_severities(), SEV_START, SEV_END)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate the rule table of README.md.")
    ap.add_argument("readme", nargs="?", type=Path, default=README)
    ap.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    a = ap.parse_args(argv)
    text = a.readme.read_text(encoding="utf-8")
    new = regenerate(text)
    if a.check:
        if new != text:
            print(f"{a.readme}: the rule tables are stale; regenerate them: {REGENERATE}",
                  file=sys.stderr)
            return 1
        return 0
    if new != text:
        a.readme.write_text(new, encoding="utf-8")
        print(f"{a.readme}: rule tables updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
