"""Edit-level evaluation: the edits MT→fixed (hypothesis) against MT→gold post-edit (reference),
matched by identical span and replacement: TP/FP/FN, precision, recall, F0.5, overall and per
rule code (``mtfix eval-edits MT FIXED GOLD [--edits edits.jsonl]``)."""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from ..text import split_lines
from ..textio import InputError
from .align import extract_edits


def _prf(tp: int, fp: int, fn: int, beta: float = 0.5) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
            "f0.5": round(f, 4)}


def _segments(text_or_lines) -> list[str]:
    """A whole text as its lines (:func:`mtfix.text.split_lines`), or a list of segments."""
    return split_lines(text_or_lines) if isinstance(text_or_lines, str) else list(text_or_lines)


def _rule_spans(records: Sequence[Mapping], mt_lines: list[str]) -> dict[int, list]:
    """Line index → [(start, end, code)] spans in that line, from edit records."""
    out: dict[int, list] = {}
    for r in records:
        li = int(r["line"]) - 1
        if not 0 <= li < len(mt_lines):
            raise InputError(f"edit record of {r.get('code')} at line {r['line']}: the MT text "
                             f"has {len(mt_lines)} lines")
        s = int(r["column"]) - 1
        if r.get("end_line", r["line"]) == r["line"] and "end_column" in r:
            e = int(r["end_column"]) - 1
        else:  # runs past the line end (or unknown): clip to the line
            e = len(mt_lines[li])
        out.setdefault(li, []).append((s, max(s, e), r["code"]))
    return out


def _touches(s: int, e: int, rs: int, re_: int) -> bool:
    if rs == re_ or s == e:  # an insertion touches what it is next to or inside
        return s <= re_ and rs <= e
    return s < re_ and rs < e


def evaluate(mt_lines, fixed_lines, gold_lines, records: Sequence[Mapping] | None = None,
             names: Sequence[str] = ("MT", "fixed", "gold")) -> dict:
    """Edit-level scores of a repair against a gold post-edit of the same MT.

    Each argument is a list of segments or a whole text (split into lines). Hypothesis edits
    are ``extract_edits(mt, fixed)``, gold edits ``extract_edits(mt, gold)``, per line; an edit
    matches when span and replacement are identical. With ``records`` (edit records of the fix,
    from :func:`edit_records`, for this one MT text), each hypothesis edit is attributed to
    every rule whose applied edit overlaps it ("-" when none does), giving TP/FP/precision
    per rule; a gold edit no rule made has no rule, so per rule there is no recall.
    ``fp_kept`` counts the false positives where the gold left that MT text unchanged (the
    gold disagrees), as opposed to changing it in some other way.
    """
    mt, fx, gd = _segments(mt_lines), _segments(fixed_lines), _segments(gold_lines)
    if not len(mt) == len(fx) == len(gd):
        raise InputError(f"line counts differ: {names[0]} {len(mt)}, {names[1]} {len(fx)}, "
                         f"{names[2]} {len(gd)}; the three must be line-aligned")
    spans = _rule_spans(records, mt) if records is not None else None
    tp = fp = fn = fp_kept = 0
    per_rule: dict[str, Counter] = {}
    ops = {op: Counter() for op in "MUR"}
    changed = 0
    for i, (m, f, g) in enumerate(zip(mt, fx, gd)):
        hyp = extract_edits(m, f)
        if not hyp:
            fn += len(extract_edits(m, g))
            continue
        changed += 1
        gold_edits = extract_edits(m, g)
        left = Counter(e.key for e in gold_edits)
        for e in hyp:
            hit = left[e.key] > 0
            if hit:
                left[e.key] -= 1
                tp += 1
            else:
                fp += 1
            # a false positive where the gold left the MT text as it was (the gold "disagrees"),
            # rather than changing it some other way
            kept = not hit and not any(_touches(e.start, e.end, x.start, x.end)
                                       for x in gold_edits)
            fp_kept += kept
            ops[e.op]["tp" if hit else "fp"] += 1
            if spans is not None:
                codes = sorted({c for rs, re_, c in spans.get(i, ())
                                if _touches(e.start, e.end, rs, re_)}) or ["-"]
                for c in codes:
                    per_rule.setdefault(c, Counter())["tp" if hit else "fp"] += 1
                    per_rule[c]["fp_kept"] += kept
        fn += sum(left.values())
    result = {"segments": len(mt), "segments_changed": changed, **_prf(tp, fp, fn),
              "fp_kept": fp_kept,
              "by_operation": {op: _prf(c["tp"], c["fp"], 0)
                               for op, c in ops.items() if c}}
    for op in result["by_operation"].values():
        del op["fn"], op["recall"], op["f0.5"]
    if spans is not None:
        rules = {}
        for code in sorted(per_rule):
            c = per_rule[code]
            d = _prf(c["tp"], c["fp"], 0)
            rules[code] = {"tp": d["tp"], "fp": d["fp"], "fp_kept": c["fp_kept"],
                           "precision": d["precision"]}
        result["by_rule"] = rules
    return result


def render_eval_text(result: Mapping) -> str:
    """A short table of :func:`evaluate`'s result."""
    lines = [
        f"segments: {result['segments']} ({result['segments_changed']} changed by the fix)",
        f"edits: TP {result['tp']}  FP {result['fp']} ({result['fp_kept']} where the gold kept "
        f"the MT text)  FN {result['fn']}",
        f"precision {result['precision']:.4f}  recall {result['recall']:.4f}  "
        f"F0.5 {result['f0.5']:.4f}",
    ]
    if result.get("by_operation"):
        lines.append("by operation (M missing, U unnecessary, R replacement):")
        for op, d in result["by_operation"].items():
            lines.append(f"  {op}  TP {d['tp']:>5}  FP {d['fp']:>5}  P {d['precision']:.4f}")
    if "by_rule" in result:
        from ..rules import REGISTRY

        lines.append("by rule (a hypothesis edit counts for every rule that touched it):")
        for code, d in result["by_rule"].items():
            name = REGISTRY[code].name if code in REGISTRY else "(no rule)"
            lines.append(f"  {code:<6} {name:<36} TP {d['tp']:>5}  FP {d['fp']:>5} "
                         f"(kept {d['fp_kept']:>4})  P {d['precision']:.4f}")
    return "\n".join(lines) + "\n"
