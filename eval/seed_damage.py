"""Seed-style damage made from human text, and how much of it the default fix repairs.

    python eval/seed_damage.py DATA_DIR [--seed S] [--unsafe-fixes] [--source] [--show N]

From DATA_DIR/ref.id (human Indonesian), two damaged copies are made (seeded):

* hyphen: in every line holding a hyphenated word (letters on both sides of the hyphen), one
  such hyphen, picked at random, gets a space on one side, at random: ``X -Y`` or ``X- Y``;
* doubled: in every line with a word, one word (letters only) picked at random is written
  twice (``kata kata``).

Each copy is fixed as one text (lines mode, default rules) and compared line by line. A damaged
line is *restored* when its fix equals the fix of the original line (other rules may change the
line too), and *restored exactly* when its fix equals the original line. Undamaged lines whose
fix differs from the original are counted too (the fix's changes on human text).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtfix.engine import Linter  # noqa: E402
from mtfix.settings import Settings  # noqa: E402

_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")


def damage_hyphen(line: str, rng: random.Random) -> str | None:
    spots = [m.start() for m in _HYPHEN.finditer(line)]
    if not spots:
        return None
    i = rng.choice(spots)
    return line[:i] + (" -" if rng.random() < 0.5 else "- ") + line[i + 1:]


def damage_doubled(line: str, rng: random.Random) -> str | None:
    words = list(_WORD.finditer(line))
    if not words:
        return None
    m = rng.choice(words)
    return line[:m.end()] + " " + m.group() + line[m.end():]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unsafe-fixes", action="store_true")
    ap.add_argument("--show", type=int, default=20, help="misses shown per kind")
    ap.add_argument("--source", action="store_true",
                    help="give the fix DATA_DIR/src.en as the source (as `mtfix fix --source`)")
    args = ap.parse_args()
    with open(args.data_dir / "ref.id", encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    source = None
    if args.source:
        with open(args.data_dir / "src.en", encoding="utf-8", newline="") as f:
            source = f.read()
    linter = Linter(Settings(unsafe_fixes=args.unsafe_fixes))
    fixed_orig = linter.fix("\n".join(lines), source).text.split("\n")
    print(f"ref.id: {len(lines)} lines; the fix changes {sum(a != b for a, b in zip(lines, fixed_orig))}"
          f" of them undamaged{' (--unsafe-fixes)' if args.unsafe_fixes else ''}"
          f"{' (--source src.en)' if source else ''}\n")
    for kind, damage in (("hyphen", damage_hyphen), ("doubled", damage_doubled)):
        rng = random.Random(f"{args.seed}-{kind}")
        damaged, which = [], []
        for line in lines:
            d = damage(line, rng)
            which.append(d is not None)
            damaged.append(line if d is None else d)
        out = linter.fix("\n".join(damaged), source).text.split("\n")
        n = sum(which)
        restored = [i for i in range(len(lines)) if which[i] and out[i] == fixed_orig[i]]
        exact = [i for i in range(len(lines)) if which[i] and out[i] == lines[i]]
        other = sum(1 for i in range(len(lines)) if not which[i] and out[i] != lines[i])
        print(f"## {kind}: {n} damaged lines")
        print(f"- restored (fix(damaged) == fix(original)): {len(restored)} = {len(restored) / n:.1%}")
        print(f"- restored exactly (fix(damaged) == original): {len(exact)} = {len(exact) / n:.1%}")
        print(f"- undamaged lines changed: {other}")
        misses = [i for i in range(len(lines)) if which[i] and out[i] != fixed_orig[i]]
        for i in misses[:args.show]:
            print(f"  {i + 1}: {damaged[i]!r}\n     -> {out[i]!r}")
        print()


if __name__ == "__main__":
    main()
