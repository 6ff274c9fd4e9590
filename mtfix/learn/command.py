"""`mtfix learn` as a plain function (the typer command in :mod:`mtfix.commands.learn` calls it).

    mtfix learn --mt MT --pe PE [--src SRC] -o learned.tsv [--report PATH]
    mtfix learn --history pairs.jsonl -o learned.tsv
    mtfix learn --decisions review.jsonl [--report PATH]

Exit codes: 0 done (also when nothing was learned: the report says so); 2 bad input (one line
``mtfix: error: ...`` on stderr: unreadable or misaligned files, bad JSONL, bad thresholds).
"""

from __future__ import annotations

import datetime as _dt
import sys
from typing import IO

def learn_command(mt: str | None = None, pe: str | None = None, src: str | None = None, *,
                  history: str | None = None, decisions: str | None = None,
                  out: str | None = None, report: str | None = None, min_support: int = 3,
                  min_consistency: float = 0.7, max_entries: int | None = 500,
                  holdout: float = 0.2, max_edit_rate: float = 0.5, no_rules: bool = False,
                  stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run `mtfix learn`; returns the exit code."""
    from ..glossary import GlossaryFormatError
    from ..textio import InputError

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        return _run(mt, pe, src, history, decisions, out, report, min_support, min_consistency,
                    max_entries, holdout, max_edit_rate, no_rules, stdout, stderr)
    except (InputError, GlossaryFormatError, ValueError) as e:
        stderr.write(f"mtfix: error: {e}\n")
        return 2


def _run(mt, pe, src, history, decisions, out, report, min_support, min_consistency,
         max_entries, holdout, max_edit_rate, no_rules, stdout, stderr) -> int:
    from ..history import read_decisions, read_history
    from ..textio import InputError, write_atomic
    from .core import learn
    from .decisions import propose
    from .output import glossary_tsv, report_text, validated

    if min_support < 1:
        raise ValueError("--min-support must be at least 1")
    if not 0 < min_consistency <= 1:
        raise ValueError("--min-consistency must be in (0, 1]")
    if max_entries is not None and max_entries < 0:
        raise ValueError("--max-entries must not be negative")
    if not 0 <= holdout < 1:
        raise ValueError("--holdout must be in [0, 1)")
    have_history = history is not None or mt is not None or pe is not None
    if not have_history and decisions is None:
        raise InputError("nothing to learn from: give --mt and --pe, --history, or --decisions")
    if have_history and out is None:
        raise InputError("give -o PATH for the learned glossary (`-` for stdout)")

    props = propose(read_decisions(decisions)) if decisions is not None else None
    text = ""
    if have_history:
        h = read_history(mt, pe, src, jsonl=history)
        res = learn(h.mt, h.pe, h.src, min_support=min_support,
                    min_consistency=min_consistency, max_entries=max_entries, holdout=holdout,
                    max_edit_rate=max_edit_rate, use_rules=not no_rules)
        res.candidates, dropped = validated(res.candidates)
        res.stats.dropped_invalid += dropped
        res.stats.kept = len(res.candidates)
        when = _dt.date.today().isoformat()
        comment = (f"Learned by `mtfix learn` on {when} from {h.origin} ({len(h)} pairs).\n"
                   f"min-support {min_support}, min-consistency {min_consistency}, holdout "
                   f"{holdout}. Review before use; `~` = unsafe (fixed only with "
                   f"--unsafe-fixes).")
        tsv = glossary_tsv(res.candidates, comment)
        if out == "-":
            stdout.write(tsv)
        else:
            write_atomic(out, tsv.encode("utf-8"))
        text = report_text(res, decisions=props)
    elif props is not None:
        text = props.format()
    if report is not None:
        write_atomic(report, (text + "\n").encode("utf-8"))
    else:
        stderr.write(text + "\n")
    return 0
