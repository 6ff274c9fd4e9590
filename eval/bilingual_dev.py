"""Run the bilingual checks (GL002–GL005) on the id-en-newsted-dev translations, for review.

Usage:
    .venv/bin/python eval/bilingual_dev.py DATA_DIR [--seed S] [--sample N] [--all] [--recall]

DATA_DIR holds src.en, gnmt.id, gareng.id and ref.id, line-aligned (see its README.md); it is
given on the command line because the project's tests never depend on it. For each translation
it runs ``Linter(Settings(select=("GL002", "GL003", "GL004", "GL005"))).check(text,
source=src)`` and prints the number of diagnostics (one per flagged segment) per check and the
time taken. Then a seeded random sample of N GL003 flags (default 30) with the source and the
translation, as a markdown table to review by hand: drawn from gnmt.id; when gnmt.id has fewer
than N flags, all of them are listed and the sample is filled from gareng.id, then from
ref.id (the human reference: a free translation, the hardest test of precision). ``--all``
lists every GL003 flag of the three instead. GL004 and GL005 flags are always all listed.

``--recall`` also measures GL003's recall on damage made on purpose: in each gnmt.id line whose
source has a number, one randomly chosen number of the translation is changed (last digits
+1), or deleted, or one scale word is swapped (juta↔miliar, triliun→miliar, ribu→juta); it
prints how many of the damaged lines GL003 flags, and the damaged lines it misses.
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.rules.bilingual import missing_numbers, source_numbers

CODES = ("GL002", "GL003", "GL004", "GL005")
SYSTEMS = ("gnmt", "gareng", "ref")   # ref: the human reference translation


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def cell(s: str) -> str:
    """A string made safe for one markdown table cell."""
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "⏎") if s else "∅"


class Flagged:
    """The diagnostics of one translation, with line numbers."""

    def __init__(self, name: str, text: str, diags) -> None:
        self.name = name
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.diags = diags

    def line_no(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def of(self, code: str) -> list[tuple[str, int, str]]:
        """(system, 1-based line, message) of each diagnostic of ``code``."""
        return [(self.name, self.line_no(d.start), d.message) for d in self.diags
                if d.code == code]


def table(rows, src_lines, flagged: dict[str, Flagged]) -> None:
    print("| # | system | line | message | source | translation |")
    print("|---:|---|---:|---|---|---|")
    for k, (name, n, msg) in enumerate(rows, 1):
        print(f"| {k} | {name} | {n} | {cell(msg)} | {cell(src_lines[n - 1])} "
              f"| {cell(flagged[name].lines[n - 1])} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=30, help="GL003 flags to sample")
    ap.add_argument("--all", action="store_true", help="list every GL003 flag")
    ap.add_argument("--recall", action="store_true", help="GL003 recall on damaged gnmt lines")
    args = ap.parse_args(argv)

    src = read(args.data_dir / "src.en")
    src_lines = src.split("\n")
    linter = Linter(Settings(select=CODES))
    flagged: dict[str, Flagged] = {}
    print("## Bilingual checks: diagnostics (= flagged segments) per check\n")
    print("| translation | lines | " + " | ".join(CODES) + " | seconds |")
    print("|---|---:|" + "---:|" * len(CODES) + "---:|")
    for name in SYSTEMS:
        text = read(args.data_dir / f"{name}.id")
        t0 = time.perf_counter()
        diags = linter.check(text, source=src)
        secs = time.perf_counter() - t0
        counts = Counter(d.code for d in diags)
        flagged[name] = Flagged(name, text, diags)
        print(f"| {name} | {text.count(chr(10))} | "
              + " | ".join(str(counts[c]) for c in CODES) + f" | {secs:.2f} |")
    print("\n(The first run includes loading wordfreq and the glossary.)")

    if args.all:
        rows = [r for name in SYSTEMS for r in flagged[name].of("GL003")]
        print(f"\n## Every GL003 flag ({len(rows)})\n")
    else:
        rng = random.Random(args.seed)
        rows = []
        for name in SYSTEMS:
            pool = flagged[name].of("GL003")
            need = args.sample - len(rows)
            if need <= 0:
                break
            rows += pool if len(pool) <= need else sorted(rng.sample(pool, need),
                                                          key=lambda r: r[1])
        n_all = {name: len(flagged[name].of("GL003")) for name in SYSTEMS}
        print(f"\n## GL003 sample: {len(rows)} flags, seed {args.seed} "
              f"(flags: {', '.join(f'{k} {v}' for k, v in n_all.items())})\n")
    table(rows, src_lines, flagged)
    for code in ("GL004", "GL005"):
        rows = [r for name in SYSTEMS for r in flagged[name].of(code)]
        print(f"\n## Every {code} flag ({len(rows)})\n")
        table(rows, src_lines, flagged)
    if args.recall:
        recall(src_lines, flagged["gnmt"].lines, args.seed)
    return 0


_SWAP = {"juta": "miliar", "miliar": "juta", "triliun": "miliar", "ribu": "juta"}
DAMAGE = {
    "number +1": (r"[0-9]+(?:[.,:][0-9]+)*",
                  lambda g: re.sub(r"[0-9]+$", lambda x: str(int(x.group()) + 1), g)),
    "number deleted": (r"[0-9]+(?:[.,:][0-9]+)*", lambda g: ""),
    "scale swapped": (r"\b(?:juta|miliar|triliun|ribu)\b", lambda g: _SWAP[g]),
}


def recall(src_lines: list[str], tgt_lines: list[str], seed: int) -> None:
    rng = random.Random(seed)
    print(f"\n## GL003 recall on damaged gnmt lines (seed {seed})\n")
    print("| damage | lines damaged | flagged | recall |")
    print("|---|---:|---:|---:|")
    missed = []
    for kind, (pattern, change) in DAMAGE.items():
        total = hit = 0
        for n, (s, t) in enumerate(zip(src_lines, tgt_lines), 1):
            if not source_numbers(s):
                continue
            spots = list(re.finditer(pattern, t))
            if not spots:
                continue
            m = rng.choice(spots)
            damaged = t[:m.start()] + change(m.group()) + t[m.end():]
            if damaged == t:
                continue
            total += 1
            if missing_numbers(s, damaged):
                hit += 1
            else:
                missed.append((kind, n, s, damaged))
        print(f"| {kind} | {total} | {hit} | {hit / max(total, 1):.1%} |")
    print("\nMissed:\n")
    print("| damage | line | source | damaged translation |")
    print("|---|---:|---|---|")
    for kind, n, s, t in missed:
        print(f"| {kind} | {n} | {cell(s)} | {cell(t)} |")


if __name__ == "__main__":
    sys.exit(main())
