"""Simulated team history: does `mtfix learn` recover a house style, and only it?

    python eval/learn_simulated.py DATA_DIR [--style eval/house_styles/style_a.tsv ...]

DATA_DIR holds gnmt.id and ref.id (line-aligned; the id-en-newsted-dev set). The post-edits of
the simulated team are the GNMT lines with a house style applied (a style file: MT phrase, the
team's phrase, case policy; whole words, the case of the match kept, a clitic -nya/-lah/...
allowed after, like GL001) on four lines in five, and a heavy rewrite (the human reference
line) on the fifth. `learn` runs on the first half; the learned glossary ALONE (only GL001,
only that glossary, no bundled one) is applied to the MT of the second half.

Reported per style, on the held-out half:
  * restored: share of house-style lines (the style changed the line) whose repair equals the
    post-edit exactly;
  * unlike: share of the lines the glossary changed (style lines and lines the style left alone)
    whose repair differs from the post-edit;
  * on the rewritten lines (reference as post-edit): how many the glossary touched, and how
    many of its edits are edits the rewrite also made (edit-level precision).
Both with safe fixes only (what `mtfix fix -g learned.tsv` does) and with --unsafe-fixes.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtfix.engine import Linter  # noqa: E402
from mtfix.glossary import restore_case, validate  # noqa: E402
from mtfix.language.morphology import word_endings  # noqa: E402
from mtfix.learn import learn, report_text, validated, write_glossary  # noqa: E402
from mtfix.scoring.align import extract_edits  # noqa: E402
from mtfix.settings import Settings  # noqa: E402

HERE = Path(__file__).resolve().parent


def read_style(path: Path) -> list[tuple[str, str, bool]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", ""])[:3]
        if cells[0] == "mt":
            continue
        rows.append((cells[0], cells[1], cells[2].strip() == "sensitive"))
    return rows


def styler(style):
    """A function applying the style to a line: one regex, leftmost-longest, no chaining."""
    ins = {mt.lower(): pe for mt, pe, sens in style if not sens}
    sens = {mt: pe for mt, pe, s in style if s}
    alts = sorted({re.escape(m) for m in ins} | {re.escape(m) for m in sens}, key=len,
                  reverse=True)
    clit = "|".join(sorted(word_endings(), key=len, reverse=True))
    rx = re.compile(r"(?<![\w-])(" + "|".join(alts) + r")(?=(?:" + clit + r")?(?![\w-]))",
                    re.IGNORECASE)

    def repl(m):
        found = m.group(1)
        if found in sens:
            return restore_case(found, sens[found])
        if found.lower() in ins:
            if any(k.lower() == found.lower() for k in sens) and found not in sens:
                return found
            return restore_case(found, ins[found.lower()])
        return found

    return lambda line: rx.sub(repl, line)


def apply_glossary(path: str, lines: list[str], unsafe: bool) -> list[str]:
    lin = Linter(Settings(select=("GL001",), glossaries=(path,), default_glossary=False,
                          unsafe_fixes=unsafe))
    out = lin.fix("\n".join(lines)).text.split("\n")
    assert len(out) == len(lines)
    return out


def evaluate(mt, pe, rewrite, fixed):
    style = [i for i in range(len(mt)) if not rewrite[i] and pe[i] != mt[i]]
    restored = sum(fixed[i] == pe[i] for i in style)
    changed = [i for i in range(len(mt)) if not rewrite[i] and fixed[i] != mt[i]]
    unlike = [i for i in changed if fixed[i] != pe[i]]
    # edit level on the house-style lines: the glossary's edits that the post-edit also made
    e_made = e_agree = 0
    for i in changed:
        gold = {e.key for e in extract_edits(mt[i], pe[i])}
        for e in extract_edits(mt[i], fixed[i]):
            e_made += 1
            e_agree += e.key in gold
    rw = [i for i in range(len(mt)) if rewrite[i]]
    rw_changed = [i for i in rw if fixed[i] != mt[i]]
    made = agree = 0
    for i in rw_changed:
        gold = {e.key for e in extract_edits(mt[i], pe[i])}
        for e in extract_edits(mt[i], fixed[i]):
            made += 1
            agree += e.key in gold
    return dict(style_lines=len(style), restored=restored,
                restored_share=restored / max(len(style), 1), changed=len(changed),
                unlike=len(unlike), unlike_share=len(unlike) / max(len(changed), 1),
                edits=e_made, edits_agree=e_agree,
                rewrite_lines=len(rw), rewrite_changed=len(rw_changed), rewrite_edits=made,
                rewrite_edits_agree=agree, unlike_examples=[(mt[i], fixed[i], pe[i])
                                                         for i in unlike[:5]])


def run(data: Path, style_path: Path, every: int, out_dir: Path, args) -> dict:
    mt = (data / "gnmt.id").read_text(encoding="utf-8").splitlines()
    ref = (data / "ref.id").read_text(encoding="utf-8").splitlines()
    apply = styler(read_style(style_path))
    rewrite = [i % every == every - 1 for i in range(len(mt))]
    pe = [ref[i] if rewrite[i] else apply(mt[i]) for i in range(len(mt))]
    half = len(mt) // 2
    t0 = time.process_time()
    res = learn(mt[:half], pe[:half], min_support=args.min_support,
                min_consistency=args.min_consistency)
    res.candidates, dropped = validated(res.candidates)
    res.stats.dropped_invalid += dropped
    res.stats.kept = len(res.candidates)
    cpu = time.process_time() - t0
    gpath = out_dir / f"learned_{style_path.stem}.tsv"
    write_glossary(gpath, res.candidates, f"simulated: {style_path.name}")
    problems = validate(str(gpath))
    print(f"== {style_path.name}: learned on lines 1-{half}, tested on {half + 1}-{len(mt)} "
          f"({cpu:.1f} s CPU); glossary {gpath} ({len(res.candidates)} entries, "
          f"validate: {'clean' if not problems else problems})")
    print(report_text(res, top=args.top))
    out = {}
    for unsafe in (False, True):
        fixed = apply_glossary(str(gpath), mt[half:], unsafe)
        r = evaluate(mt[half:], pe[half:], rewrite[half:], fixed)
        out["unsafe" if unsafe else "safe"] = r
        label = "with --unsafe-fixes" if unsafe else "safe fixes only   "
        print(f"  {label}: restored {r['restored']}/{r['style_lines']} house-style lines "
              f"exactly ({r['restored_share']:.1%}); changed {r['changed']} lines, "
              f"{r['unlike']} unlike the post-edit ({r['unlike_share']:.1%}; edit precision "
              f"{r['edits_agree']}/{r['edits']}); rewritten lines: "
              f"{r['rewrite_changed']}/{r['rewrite_lines']} touched, "
              f"{r['rewrite_edits_agree']}/{r['rewrite_edits']} edits also in the rewrite")
        for m, f, p in r["unlike_examples"][:3] if args.verbose else []:
            print(f"      MT  {m}\n      fix {f}\n      PE  {p}")
    out["entries"] = len(res.candidates)
    out["safe_entries"] = sum(c.safe for c in res.candidates)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--style", type=Path, action="append")
    ap.add_argument("--every", type=int, default=5, help="one line in EVERY is rewritten")
    ap.add_argument("--out", type=Path, default=None, help="where the learned glossaries go")
    ap.add_argument("--min-support", type=int, default=3)
    ap.add_argument("--min-consistency", type=float, default=0.7)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    styles = args.style or [HERE / "house_styles" / "style_a.tsv",
                            HERE / "house_styles" / "style_b.tsv"]
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="mtfix-learn-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    ok = True
    for s in styles:
        r = run(args.data, s, args.every, out_dir, args)
        for mode in ("unsafe", "safe"):
            good = r[mode]["restored_share"] >= 0.90 and r[mode]["unlike_share"] <= 0.02
            if mode == "unsafe":
                ok &= good
            print(f"  target (>= 90% restored, <= 2% unlike) with "
                  f"{'every learned entry' if mode == 'unsafe' else 'safe entries only'}: "
                  f"{'met' if good else 'NOT met'}")
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
