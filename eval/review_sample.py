"""A random sample of the lines `mtfix fix` changes, as a sheet for a precision review.

    python eval/review_sample.py DATA_DIR --seed S [--n 50] [--no-source] > sheet.md

From DATA_DIR's gnmt.id, gareng.id and ref.id (5,000 lines each, aligned with src.en), the
default repair (``Linter(Settings()).fix``, with src.en as the source unless --no-source) is
run on each file; N changed lines are drawn at random (seeded), a third from each file. For
each line the sheet gives the source, the line before and after, and every applied edit (rule
code, text before -> after, message), with a verdict field for the reviewer: `right`, `wrong`
(the edit makes the text worse or changes meaning) or `unsure`, plus a note.

A review is a copy of the sheet with the verdicts filled in (eval/reviews/). Nothing here is
used by the tests.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtfix.engine import Linter  # noqa: E402
from mtfix.settings import Settings  # noqa: E402

FILES = ("gnmt.id", "gareng.id", "ref.id")


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:5000]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--no-source", action="store_true")
    args = ap.parse_args()
    src = lines_of(args.data_dir / "src.en")
    source = None if args.no_source else "\n".join(src)
    rng = random.Random(args.seed)
    per_file = [args.n // 3 + (1 if i < args.n % 3 else 0) for i in range(3)]
    print(f"# Precision review sheet (seed {args.seed}, {args.n} lines, "
          f"{'no source' if source is None else 'with src.en as the source'})\n")
    print("Verdict per edit: `right` (a real correction of non-standard or broken text, "
          "meaning kept), `wrong` (worse text or changed meaning), `unsure`. Judge each "
          "edit against the source; add a note for anything not `right`.\n")
    k = 0
    for name, count in zip(FILES, per_file):
        before = lines_of(args.data_dir / name)
        linter = Linter(Settings())
        changed = []
        per_line = {}
        for i, line in enumerate(before):
            if not line.strip():
                continue
            r = linter.fix(line, None if source is None else src[i])
            if r.text != line:
                changed.append(i)
                per_line[i] = (r.text, r.applied)
        pick = sorted(rng.sample(changed, min(count, len(changed))))
        print(f"## {name}: {len(changed)} of {len(before)} lines changed; {len(pick)} drawn\n")
        for i in pick:
            k += 1
            after, applied = per_line[i]
            print(f"### {k}. {name}:{i + 1}\n")
            print(f"- source: `{src[i]}`")
            print(f"- before: `{before[i]}`")
            print(f"- after:  `{after}`")
            for e in applied:
                print(f"  - {e.code} `{e.before}` -> `{e.after}` ({e.message}) — verdict: ____ ")
            print()


if __name__ == "__main__":
    main()
