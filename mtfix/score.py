"""Corpus scores against references with sacrebleu (BLEU, chrF, TER), with signatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import __version__
from .textio import InputError

METRICS = ("bleu", "chrf", "ter")


@dataclass
class Score:
    metric: str
    value: float
    signature: str


def _metric(name: str):
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU, "chrf": CHRF, "ter": TER}[name]()


def split_lines(text: str) -> list[str]:
    """Segments of a line-aligned file: one per line, the final newline not making one more."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def corpus_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                  metrics: Sequence[str] = METRICS, origin: str | None = None) -> list[Score]:
    """Scores of ``hyps`` against one or more reference streams, each line-aligned with it."""
    if not refs:
        raise InputError("no reference given")
    for r in refs:
        if len(r) != len(hyps):
            raise InputError(f"line counts differ: hypothesis {len(hyps)}, reference {len(r)}")
        if not any(x.strip() for x in r):
            raise InputError("the reference is empty")
    out = []
    for name in metrics:
        m = _metric(name)
        res = m.corpus_score(list(hyps), [list(r) for r in refs])
        sig = f"{m.get_signature()}|mtfix:{__version__}"
        if origin:
            sig += f"|fix:{origin}"
        out.append(Score(name, res.score, sig))
    return out
