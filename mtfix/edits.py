"""Edit records and edit-level evaluation.

* :func:`edit_records`: one JSON-able record per edit ``mtfix fix`` applied, located in the
  ORIGINAL text (``mtfix fix --edits edits.jsonl``).
* :func:`extract_edits`: ERRANT-style minimal edits between two versions of one segment, at
  token level, with spacing visible.
* :func:`evaluate`: the edits MT→fixed (hypothesis) against MT→gold post-edit (reference),
  matched by identical span and replacement: TP/FP/FN, precision, recall, F0.5, overall and
  per rule code (``mtfix eval-edits MT FIXED GOLD [--edits edits.jsonl]``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import IO, Iterable, Mapping, Sequence

from .rules.base import line_starts
from .textio import InputError

# -- edit records ------------------------------------------------------------------------------


def _locate(starts: list[int], offset: int) -> tuple[int, int]:
    """(1-based line, 1-based column) of a character offset, given the line start offsets."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # last line start <= offset
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def edit_records(path: str, original: str, applied) -> list[dict]:
    """One record per applied edit (``FixResult.applied``), in the order they were applied.

    ``line``/``column`` locate ``orig_start`` in ``original`` (1-based, characters);
    ``end_line``/``end_column`` locate ``orig_end`` (exclusive, like ruff's ``end_location``).
    ``start``/``end`` are the same span as character offsets into ``original``. ``before`` is
    the text the rule replaced in the pass that applied it (for a later pass it can differ from
    ``original[start:end]`` when an earlier pass changed that text).
    """
    from .rules import REGISTRY

    starts = line_starts(original)
    out = []
    for a in applied:
        s = a.orig_start if a.orig_start >= 0 else a.start
        e = a.orig_end if a.orig_end >= 0 else a.end
        line, col = _locate(starts, s)
        end_line, end_col = _locate(starts, e)
        rule = REGISTRY.get(a.code)
        app = getattr(a.applicability, "value", a.applicability)
        out.append({
            "path": path, "line": line, "column": col, "end_line": end_line,
            "end_column": end_col, "start": s, "end": e, "code": a.code,
            "rule": rule.name if rule is not None else None,
            "before": a.before, "after": a.after, "applicability": app,
            "message": a.message, "iteration": a.iteration,
        })
    return out


def write_jsonl(records: Iterable[Mapping], fh: IO[str]) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    for r in records:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def read_jsonl(fh: IO[str], name: str = "<edits>") -> list[dict]:
    """Records written by :func:`write_jsonl`; a bad line is an :class:`InputError`."""
    out = []
    for i, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{name}:{i}: not JSON ({e.msg})") from None
        if not isinstance(rec, dict) or not {"line", "column", "code"} <= rec.keys():
            raise InputError(f"{name}:{i}: not an edit record (needs line, column, code)")
        out.append(rec)
    return out


# -- ERRANT-style edit extraction ----------------------------------------------------------------

# A word (letters/digits/underscore), or one other non-space character. Each token owns the
# whitespace before it, so a spacing change changes a token: "sela -sela" vs "sela-sela" differ
# in the "-" token ("␣-" vs "-"), and "memulai, \"katanya" vs "memulai,\" katanya" too.
_TOKEN = re.compile(r"(\s*)(\w+|[^\w\s])", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    space: str   # the whitespace before the token
    text: str    # "" for the end-of-segment token that owns trailing whitespace
    start: int   # where ``space`` starts
    end: int     # where ``text`` ends


@dataclass(frozen=True, slots=True)
class TokenEdit:
    """Replace ``src[start:end]`` with ``replacement``. ``op``: M (missing: something was
    inserted), U (unnecessary: something was deleted), R (replacement)."""

    start: int
    end: int
    replacement: str
    op: str
    original: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.replacement)


def tokenize(text: str) -> list[Token]:
    """Tokens with their preceding whitespace, then an end token ("") owning trailing space."""
    toks = []
    pos = 0
    for m in _TOKEN.finditer(text):
        toks.append(Token(m.group(1), m.group(2), m.start(), m.end()))
        pos = m.end()
    toks.append(Token(text[pos:], "", pos, len(text)))
    return toks


def extract_edits(src: str, tgt: str) -> list[TokenEdit]:
    """Minimal token edits turning ``src`` into ``tgt`` (one segment each).

    Tokens compare by (preceding whitespace, text), so spacing is significant. Spans are in
    ``src``; a changed token's span includes the whitespace before it; an insertion sits at the
    end of the preceding token. From difflib's opcodes: adjacent changes are merged; a pure
    insertion or deletion inside a run of repeats ("terlihat terlihat") is placed on the last
    copy, so the same change always gets the same span; an n-to-n replacement is split into
    one edit per changed token, except where whitespace moved from a token to the next
    (``, "katanya`` → ``," katanya`` stays one edit).
    """
    if src == tgt:
        return []
    a, b = tokenize(src), tokenize(tgt)
    ka = [(t.space, t.text) for t in a]
    kb = [(t.space, t.text) for t in b]
    ops = [op for op in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    merged: list[list[int]] = []
    for _, i1, i2, j1, j2 in ops:
        if merged and merged[-1][1] == i1 and merged[-1][3] == j1:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    groups: list[tuple[int, int, int, int]] = []
    for n, (i1, i2, j1, j2) in enumerate(merged):
        bound_a, bound_b = (merged[n + 1][0], merged[n + 1][2]) if n + 1 < len(merged) \
            else (len(a), len(b))
        if j1 == j2:  # deletion: slide right over repeats
            while i2 < bound_a and ka[i1] == ka[i2]:
                i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        elif i1 == i2:  # insertion: likewise
            while j2 < bound_b and i1 < bound_a and kb[j1] == kb[j2]:
                i1, i2, j1, j2 = i1 + 1, i2 + 1, j1 + 1, j2 + 1
        if i2 - i1 == j2 - j1 > 1:
            prev = 0  # how the previous pair's spacing changed: -1 lost, +1 gained, 0 same
            for k in range(i2 - i1):
                x, y = a[i1 + k], b[j1 + k]
                if ka[i1 + k] == kb[j1 + k]:
                    prev = 0
                    continue
                d = (len(y.space) > len(x.space)) - (len(y.space) < len(x.space))
                if d and prev == -d and groups:  # whitespace moved from one token to the next
                    gi1, _, gj1, _ = groups[-1]
                    groups[-1] = (gi1, i1 + k + 1, gj1, j1 + k + 1)
                    prev = 0
                else:
                    groups.append((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1))
                    prev = d
        else:
            groups.append((i1, i2, j1, j2))
    out = []
    for i1, i2, j1, j2 in groups:
        start = a[i1].start if i1 < i2 else (a[i1 - 1].end if i1 > 0 else 0)
        end = a[i2 - 1].end if i1 < i2 else start
        repl = tgt[b[j1].start:b[j2 - 1].end] if j1 < j2 else ""
        orig = src[start:end]
        op = "M" if not orig else "U" if not repl else "R"
        out.append(TokenEdit(start, end, repl, op, orig))
    return out


# -- evaluation --------------------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int, beta: float = 0.5) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
            "f0.5": round(f, 4)}


def _split(text_or_lines) -> list[str]:
    if isinstance(text_or_lines, str):
        from .score import split_lines

        return split_lines(text_or_lines)
    return list(text_or_lines)


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
    mt, fx, gd = _split(mt_lines), _split(fixed_lines), _split(gold_lines)
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
        from .rules import REGISTRY

        lines.append("by rule (a hypothesis edit counts for every rule that touched it):")
        for code, d in result["by_rule"].items():
            name = REGISTRY[code].name if code in REGISTRY else "(no rule)"
            lines.append(f"  {code:<6} {name:<36} TP {d['tp']:>5}  FP {d['fp']:>5} "
                         f"(kept {d['fp_kept']:>4})  P {d['precision']:.4f}")
    return "\n".join(lines) + "\n"
