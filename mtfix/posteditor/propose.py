"""Turn accepted post-editor rewrites into minimal word-level edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..scoring.align import extract_edits
from .guard import check_rewrite


@dataclass
class LineResult:
    index: int                  # the line's index in the input
    rewrite: str                # what the model proposed ("" when not run)
    reason: str | None = None   # why the rewrite was rejected; None if accepted/unchanged
    edits: list[tuple[int, int, str, str]] = field(default_factory=list)


def _show(before: str, after: str) -> tuple[str, str]:
    """The two sides for a message: trimmed, unless only the spacing differs (then visible)."""
    b, a = before.strip(), after.strip()
    if b == a:
        return repr(before), repr(after)
    return b, a


def propose(original: str, rewrite: str, model_id: str) -> list[tuple[int, int, str, str]]:
    """Minimal word-level edits (start, end, replacement, message) turning one line
    ``original`` into ``rewrite``; offsets are into ``original``."""
    out = []
    for e in extract_edits(original, rewrite):
        b, a = _show(original[e.start:e.end], e.replacement)
        out.append((e.start, e.end, e.replacement, f"post-editor `{model_id}`: `{b}` → `{a}`"))
    return out


def _required_terms(glossary, line: str) -> list[str]:
    if glossary is None:
        return []
    low = line.lower()
    terms = []
    for e in glossary.entries:
        t = e.target
        if t and t.lower() in low and glossary.has_term(line, t, e.case_sensitive):
            terms.append(t)
    return terms


def post_edit_lines(editor, lines: Sequence[str], *, max_change: float = 0.15, glossary=None,
                    max_len_ratio: float = 1.5,
                    sources: Sequence[str | None] | None = None) -> list[LineResult]:
    """Rewrite ``lines`` (no newlines) with ``editor`` (a :class:`PostEditor`), guard each
    rewrite, and give the accepted ones as edits. One :class:`LineResult` per line, in order.
    ``sources``: the source of each line, for an editor trained with the source."""
    if getattr(editor, "expects_source", False):
        rewrites = editor.rewrite(list(lines), sources)
    else:
        rewrites = editor.rewrite(list(lines))
    model_id = getattr(editor, "model_id", None) or f"{editor.name}@{editor.weights_hash}"
    results = []
    for i, (line, new) in enumerate(zip(lines, rewrites)):
        res = LineResult(i, new)
        if new != line:
            res.reason = check_rewrite(line, new, max_change=max_change,
                                       glossary_terms=_required_terms(glossary, line),
                                       max_len_ratio=max_len_ratio)
            if res.reason is None:
                res.edits = propose(line, new, model_id)
        results.append(res)
    return results
