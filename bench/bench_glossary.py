"""Glossary speed: `fix` throughput with no glossary, the bundled one, and a generated
10,000-entry glossary, on the dev data.

Usage: python bench/bench_glossary.py DATA_DIR [--entries 10000] [--repeat 7] [--seed 1]

The generated glossary is built from the data's own vocabulary so that its variants really
occur: a share of the entries (`--hit-share`, default 1 %) take a two- or three-word phrase seen
in gnmt.id as a wrong variant (those fire: 100 entries give ~200 edits per 5,000 lines, far more
than a real term base finds in MT output), the rest take random word pairs (mostly absent, as
in a real term base). `--hit-share 0.1` is a stress case. The file is written to a temporary
directory and loaded the way `--glossary` loads it.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.glossary import load_glossaries


def generate(words: list[str], phrases: list[str], n: int, seed: int,
             hit_share: float = 0.01) -> str:
    rng = random.Random(seed)
    rows = ["source\ttarget\twrong\tcase\tnote"]
    used: set[str] = set()
    i = 0
    while len(used) < n:
        i += 1
        if phrases and rng.random() < hit_share:
            wrong = rng.choice(phrases)
        else:
            wrong = " ".join(rng.sample(words, 2))
        key = wrong.lower()
        if key in used:
            continue
        used.add(key)
        target = f"istilah{i} baku"
        rows.append(f"term {i}\t{target}\t{'~' if i % 20 == 0 else ''}{wrong}\t\tgenerated")
    return "\n".join(rows) + "\n"


def best_time(fn, repeat: int) -> float:
    fn()  # warm-up: loads the glossary, builds automata
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hit-share", type=float, default=0.01)
    args = ap.parse_args()
    data = Path(args.data_dir)
    texts = {name: (data / name).read_text(encoding="utf-8")
             for name in ("gnmt.id", "gareng.id", "ref.id")}
    allt = "".join(texts.values())
    words = sorted({w for w in allt.lower().split() if w.isalpha() and len(w) > 3})
    toks = texts["gnmt.id"].split()
    rng = random.Random(args.seed)
    phrases = []
    for _ in range(2000):
        i = rng.randrange(len(toks) - 3)
        k = rng.choice((2, 3))
        p = " ".join(toks[i:i + k])
        if all(t.isalpha() for t in toks[i:i + k]):
            phrases.append(p)

    with tempfile.TemporaryDirectory() as tmp:
        gpath = Path(tmp) / "big.tsv"
        t0 = time.perf_counter()
        gpath.write_text(generate(words, phrases, args.entries, args.seed, args.hit_share), encoding="utf-8")
        t1 = time.perf_counter()
        g = load_glossaries([str(gpath)], default=False)
        t2 = time.perf_counter()
        print(f"generated glossary: {len(g)} entries, {len(g.wrong)} wrong variants "
              f"(written in {t1 - t0:.2f} s, loaded + automaton built in {t2 - t1:.2f} s)")
        configs = [
            ("no glossary (GL off)", Settings(ignore=("GL",))),
            ("bundled news-id.tsv", Settings()),
            (f"{len(g)}-entry + bundled", Settings(glossaries=(str(gpath),))),
        ]
        nbytes = len(allt.encode("utf-8"))
        print(f"\nin-process `fix` on gnmt.id + gareng.id + ref.id ({nbytes / 1e6:.3f} MB), "
              f"best of {args.repeat}")
        print(f"{'configuration':<28} {'seconds':>8} {'MB/s':>7} {'GL001 edits':>12}")
        for name, settings in configs:
            lin = Linter(settings)

            def run():
                return [lin.fix(t) for t in texts.values()]

            secs = best_time(run, args.repeat)
            gl = sum(1 for r in run() for a in r.applied if a.code == "GL001")
            print(f"{name:<28} {secs:8.3f} {nbytes / secs / 1e6:7.2f} {gl:12d}")
        print("\ntarget: >= 5 MB/s with the 10,000-entry glossary")


if __name__ == "__main__":
    main()
