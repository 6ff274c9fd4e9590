"""Evaluate mtfix's default fixes on the id-en-newsted-dev data (English→Indonesian MT).

Usage:
    .venv/bin/python eval/run_dev.py DATA_DIR [--sample N] [--seed S] [--en-sample M] [--out DIR]

DATA_DIR holds src.en, ref.id, gnmt.id and gareng.id, line-aligned (see its README.md); it is
given on the command line because the project's tests never depend on it. The report goes to
stdout as plain-text/markdown tables; ``--out DIR`` also writes the fixed files, the report and
the samples (TSV) there.

What it prints:
  1. sanity: line counts equal, and fix(fix(x)) == fix(x) for every file (default rules, and
     with the OR family off);
  2. sacrebleu corpus BLEU / chrF / TER (Python API, default settings) of gnmt and gareng
     against ref.id: before, after the default fix, after the default fix with OR off;
  3. lines changed per rule code (distinct lines each code touched) for gnmt, gareng, ref.id;
  4. every changed ref.id line, with each edit before→after;
  5. a seeded random sample of N changed MT lines (gnmt and gareng pooled), source shown;
  6. EN001 (untranslated English, display-only) counts on gnmt.id and a seeded random sample of
     M flags with their line text, for review.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import sacrebleu

from mtfix.engine import Linter
from mtfix.rules import REGISTRY
from mtfix.settings import Settings
from mtfix.text import split_lines

MT_SYSTEMS = ("gnmt", "gareng")
FILES = ("src.en", "ref.id", "gnmt.id", "gareng.id")


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def cell(s: str) -> str:
    """A string made safe for one markdown table cell."""
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "⏎") if s else "∅"


def show(s: str) -> str:
    """An edit's before/after text, with spaces made visible."""
    return "`" + cell(s).replace("`", "ʼ").replace(" ", "␣") + "`" if s else "∅"


def table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def scores(hyps: list[str], refs: list[str]) -> tuple[float, float, float]:
    return (sacrebleu.corpus_bleu(hyps, [refs]).score,
            sacrebleu.corpus_chrf(hyps, [refs]).score,
            sacrebleu.corpus_ter(hyps, [refs]).score)


def edits_by_line(applied) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for e in applied:
        out[e.line].append(e)
    return out


def _git_state() -> str:
    """The commit this report describes, and the files under mtfix/ changed since (if any)."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "mtfix"], cwd=root,
                               text=True, capture_output=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    dirty = [line[3:] for line in dirty if line.strip()]
    return head + (f" + uncommitted changes in {', '.join(dirty)}" if dirty else " (clean)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--sample", type=int, default=50, help="changed MT lines to sample (50)")
    ap.add_argument("--en-sample", type=int, default=50, help="EN001 flags to sample (50)")
    ap.add_argument("--seed", type=int, default=1, help="random seed for the samples (1)")
    ap.add_argument("--out", type=Path, help="also write fixed files, report and samples here")
    args = ap.parse_args(argv)

    report: list[str] = []

    def p(s: str = "") -> None:
        report.append(s)
        print(s)

    raw = {name: read(args.data_dir / name) for name in FILES}
    lines = {name: split_lines(t, keep_cr=True) for name, t in raw.items()}
    src, refs = lines["src.en"], lines["ref.id"]

    default = Linter(Settings(select=None, mode="lines"))
    no_or = Linter(Settings(select=None, ignore=("OR",), mode="lines"))
    fixed = {name: default.fix(raw[name]) for name in ("ref.id", "gnmt.id", "gareng.id")}
    fixed_no_or = {name: no_or.fix(raw[name]) for name in ("gnmt.id", "gareng.id")}

    p(f"# mtfix on {args.data_dir.name}")
    p()
    p(f"mtfix tree: {_git_state()}")
    p()
    p(f"sacrebleu {sacrebleu.__version__}; seed {args.seed}; default rules in lines mode: "
      + ", ".join(r.code for r in default.rules))
    p()

    # -- 1. sanity -----------------------------------------------------------------------
    p("## Sanity checks")
    p()
    rows, ok_all = [], True
    n0 = len(src)
    for name in FILES:
        n_in = len(lines[name])
        row = [name, str(n_in)]
        ok = n_in == n0
        for lin in (default, no_or):
            r1 = lin.fix(raw[name])
            r2 = lin.fix(r1.text)
            n_out = len(split_lines(r1.text, keep_cr=True))
            idem = r2.text == r1.text
            ok = ok and idem and n_out == n_in and not r1.capped
            row += [str(n_out), "yes" if idem else f"NO ({len(r2.applied)} more edits)"]
        row.append("ok" if ok else "FAIL")
        ok_all = ok_all and ok
        rows.append(row)
    p(table(["file", "lines in", "lines out (default)", "fix(fix(x)) == fix(x) (default)",
             "lines out (OR off)", "fix(fix(x)) == fix(x) (OR off)", "result"], rows))
    p()
    p(f"All sanity checks: {'PASS' if ok_all else 'FAIL'}")
    p()

    # -- 2. scores -----------------------------------------------------------------------
    p("## Scores against ref.id (sacrebleu corpus, default settings)")
    p()
    rows = []
    for sysname in MT_SYSTEMS:
        name = f"{sysname}.id"
        before = scores(lines[name], refs)
        after = scores(split_lines(fixed[name].text, keep_cr=True), refs)
        after_no_or = scores(split_lines(fixed_no_or[name].text, keep_cr=True), refs)
        for label, s in (("before", before), ("after (default)", after),
                         ("after (OR off)", after_no_or)):
            rows.append([sysname, label, f"{s[0]:.2f}", f"{s[1]:.2f}", f"{s[2]:.2f}"])
        d, d2 = [a - b for a, b in zip(after, before)], [a - b for a, b in zip(after_no_or, before)]
        rows.append([sysname, "Δ default", f"{d[0]:+.2f}", f"{d[1]:+.2f}", f"{d[2]:+.2f}"])
        rows.append([sysname, "Δ OR off", f"{d2[0]:+.2f}", f"{d2[1]:+.2f}", f"{d2[2]:+.2f}"])
    p(table(["system", "run", "BLEU", "chrF", "TER (lower is better)"], rows))
    p()

    # -- 3. lines per rule ---------------------------------------------------------------
    p("## Lines changed per rule (distinct lines each code touched; default rules)")
    p()
    per_code: dict[str, dict[str, int]] = {}
    for name in ("gnmt.id", "gareng.id", "ref.id"):
        seen: dict[str, set[int]] = defaultdict(set)
        for e in fixed[name].applied:
            seen[e.code].add(e.line)
        for code, ls in seen.items():
            per_code.setdefault(code, {})[name] = len(ls)
    rows = []
    for code in sorted(per_code):
        c = per_code[code]
        rows.append([code, REGISTRY[code].name] + [str(c.get(n, 0))
                                                   for n in ("gnmt.id", "gareng.id", "ref.id")])
    totals = ["**any**", "lines changed at all"] + [
        str(len({e.line for e in fixed[n].applied})) for n in ("gnmt.id", "gareng.id", "ref.id")]
    rows.append(totals)
    rows.append(["", "edits applied"] + [str(len(fixed[n].applied))
                                         for n in ("gnmt.id", "gareng.id", "ref.id")])
    p(table(["code", "rule", "gnmt.id", "gareng.id", "ref.id"], rows))
    p()

    # -- 4. ref.id changes ---------------------------------------------------------------
    p("## Every changed ref.id line (human reference)")
    p()
    ref_edits = edits_by_line(fixed["ref.id"].applied)
    ref_out = split_lines(fixed["ref.id"].text, keep_cr=True)
    rows = []
    for ln in sorted(ref_edits):
        es = ref_edits[ln]
        rows.append([str(ln), ", ".join(sorted({e.code for e in es})),
                     "; ".join(f"{show(e.before)}→{show(e.after)}" for e in es),
                     cell(refs[ln - 1]), cell(ref_out[ln - 1])])
    p(table(["line", "codes", "edits (before→after)", "before", "after"], rows))
    p()

    # -- 5. sample of changed MT lines ---------------------------------------------------
    rng = random.Random(args.seed)
    pool = []
    for sysname in MT_SYSTEMS:
        name = f"{sysname}.id"
        out_lines = split_lines(fixed[name].text, keep_cr=True)
        for ln, es in sorted(edits_by_line(fixed[name].applied).items()):
            pool.append((sysname, ln, es, lines[name][ln - 1], out_lines[ln - 1]))
    k = min(args.sample, len(pool))
    sample = sorted(rng.sample(pool, k), key=lambda t: (t[0], t[1]))
    p(f"## Random sample of {k} changed MT lines (of {len(pool)}; gnmt+gareng pooled; "
      f"seed {args.seed})")
    p()
    rows = []
    for i, (sysname, ln, es, before, after) in enumerate(sample, 1):
        rows.append([str(i), sysname, str(ln), ", ".join(sorted({e.code for e in es})),
                     "; ".join(f"{e.code} {show(e.before)}→{show(e.after)}" for e in es),
                     cell(src[ln - 1]), cell(before), cell(after)])
    p(table(["#", "system", "line", "codes", "edits", "source (src.en)", "before", "after"],
            rows))
    p()

    # -- 6. EN001 ------------------------------------------------------------------------
    en_flags = [d for d in default.check(raw["gnmt.id"]) if d.code == "EN001"]
    starts = [0]
    for i, ch in enumerate(raw["gnmt.id"]):
        if ch == "\n":
            starts.append(i + 1)
    import bisect
    flagged = []
    for d in en_flags:
        ln = bisect.bisect_right(starts, d.start)  # 1-based line
        flagged.append((ln, raw["gnmt.id"][d.start:d.end], d))
    words = defaultdict(int)
    for _, w, _ in flagged:
        words[w.lower()] += 1
    p("## EN001 (untranslated English, display-only) on gnmt.id")
    p()
    p(f"{len(flagged)} flags on {len({f[0] for f in flagged})} lines; "
      f"{len(words)} distinct words. Most frequent: "
      + ", ".join(f"{w} ({n})" for w, n in sorted(words.items(), key=lambda t: -t[1])[:20]))
    p()
    rng_en = random.Random(args.seed)
    k_en = min(args.en_sample, len(flagged))
    en_sample = sorted(rng_en.sample(flagged, k_en), key=lambda t: (t[0], t[2].start))
    rows = [[str(i), str(ln), f"`{cell(w)}`", cell(lines["gnmt.id"][ln - 1]), cell(src[ln - 1])]
            for i, (ln, w, d) in enumerate(en_sample, 1)]
    if k_en == len(flagged):
        p(f"All {k_en} flags (the sample size {args.en_sample} covers them all):")
    else:
        p(f"Random sample of {k_en} flags (seed {args.seed}):")
    p()
    p(table(["#", "line", "flagged", "gnmt.id line", "source (src.en)"], rows))
    p()

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, r in fixed.items():
            (args.out / f"{name}.fixed").write_text(r.text, encoding="utf-8")
        for name, r in fixed_no_or.items():
            (args.out / f"{name}.fixed-no-or").write_text(r.text, encoding="utf-8")
        (args.out / "report.md").write_text("\n".join(report) + "\n", encoding="utf-8")
        with open(args.out / "mt_sample.tsv", "w", encoding="utf-8") as f:
            f.write("n\tsystem\tline\tcodes\tedits\tsrc\tbefore\tafter\n")
            for i, (sysname, ln, es, before, after) in enumerate(sample, 1):
                f.write("\t".join([str(i), sysname, str(ln),
                                   ",".join(sorted({e.code for e in es})),
                                   "; ".join(f"{e.code} {e.before!r}->{e.after!r}" for e in es),
                                   src[ln - 1], before, after]) + "\n")
        with open(args.out / "en001_sample.tsv", "w", encoding="utf-8") as f:
            f.write("n\tline\tflagged\tgnmt\tsrc\n")
            for i, (ln, w, d) in enumerate(en_sample, 1):
                f.write("\t".join([str(i), str(ln), w, lines["gnmt.id"][ln - 1],
                                   src[ln - 1]]) + "\n")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
