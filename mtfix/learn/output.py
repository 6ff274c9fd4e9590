"""Writing learned candidates as a glossary (the bundled TSV schema, ``glossaries/README.md``)
and the human report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Sequence

from .core import Candidate, LearnResult

HEADER = ("source", "target", "wrong", "case", "note")


def glossary_tsv(cands: Sequence[Candidate], comment: str = "") -> str:
    lines = []
    for c in (comment.splitlines() if comment else []):
        lines.append(f"# {c}")
    lines.append("\t".join(HEADER))
    for c in cands:
        lines.append("\t".join(["", c.target, c.wrong_cell(),
                                "sensitive" if c.case_sensitive else "", c.note()]))
    return "\n".join(lines) + "\n"


def validated(cands: Sequence[Candidate], rounds: int = 200) -> tuple[list[Candidate], int]:
    """The candidates minus any that ``mtfix glossary validate`` would report (written to a
    temporary file and validated, until clean). A problem between two rows drops the weaker
    (later) one: one row a round. Returns (kept, dropped)."""
    from ..glossary import validate

    kept = list(cands)
    dropped = 0
    for _ in range(rounds):
        if not kept:
            break
        fd, tmp = tempfile.mkstemp(suffix=".tsv")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(glossary_tsv(kept))
            problems = validate(tmp)
        finally:
            os.unlink(tmp)
        if not problems:
            break
        bad = {max(p.line - 2 for p in problems)}   # line 1 is the header
        before = len(kept)
        kept = [c for i, c in enumerate(kept) if i not in bad]
        dropped += before - len(kept)
        if len(kept) == before:  # pragma: no cover - a problem not tied to a row
            break
    return kept, dropped


def report_text(res: LearnResult, top: int = 30, decisions=None) -> str:
    st = res.stats
    p = res.params
    lines = [
        f"mtfix learn: {st.pairs} pairs ({st.learn_pairs} learned from, {st.heldout_pairs} "
        f"held out for checking); {st.noisy} noisy (rewritten wholesale, edit rate > "
        f"{p.get('max_edit_rate', 0.5)}) or empty, skipped; {st.unchanged} unchanged",
        f"  {st.edits} word-level edits; {st.rule_edits} already made by mtfix's rules "
        f"(not relearned); {st.phrases_scanned} phrases seeded at least "
        f"{p.get('min_support')} times, {st.passed_thresholds} pass support >= "
        f"{p.get('min_support')} and consistency >= {p.get('min_consistency')}",
        f"  dropped: {st.dropped_redundant} redundant (explained by a stronger entry), "
        f"{st.dropped_heldout} contradicted on the held-out part, {st.dropped_case} names "
        f"(changed only in some contexts and no case-sensitive form holds), "
        f"{st.dropped_invalid} invalid as glossary entries",
        f"  kept {st.kept} entries ({sum(c.safe for c in res.candidates)} safe, "
        f"{sum(not c.safe for c in res.candidates)} unsafe `~`); {st.seconds:.1f} s CPU",
    ]
    if res.candidates:
        lines.append(f"  {'MT phrase':32} {'→ post-edit':32} support  cons  held-out")
        for c in res.candidates[:top]:
            v = c.variant + (f"[{c.context}]" if c.context else "")
            ho = f"{c.heldout_wins}/{c.heldout_fired}" if c.heldout_fired else "-"
            flags = ("" if c.safe else " ~") + (" Aa" if c.case_sensitive else "")
            lines.append(f"  {v[:32]:32} → {c.target[:30]:30} {c.support:7d} {c.consistency:5.2f}"
                         f"  {ho:>7}{flags}")
        if len(res.candidates) > top:
            lines.append(f"  ... {len(res.candidates) - top} more in the glossary")
    if decisions is not None:
        lines.append(decisions.format())
    lines.append("Nothing is applied: load the file with `--glossary PATH` (or `glossaries = "
                 "[...]` in mtfix.toml) to use it; `~` entries fix only with --unsafe-fixes.")
    return "\n".join(lines)


def write_glossary(path: str | os.PathLike, cands: Sequence[Candidate], comment: str = "") -> None:
    from ..textio import write_atomic

    write_atomic(Path(path), glossary_tsv(cands, comment).encode("utf-8"))
