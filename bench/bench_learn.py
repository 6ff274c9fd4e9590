"""`mtfix learn` speed and memory on 100,000 MT / post-edit pairs.

Usage: python bench/bench_learn.py DATA_DIR [--n 100000]

DATA_DIR holds gnmt.id, gareng.id and ref.id (the 5,000-line dev set). The pairs are both MT
systems against the human reference (10,000 distinct pairs), repeated until --n: repeats make
the same seeds recur, so the scan has more candidates than distinct data would give (a harsh
case). Prints wall time, CPU time (this process: user + system) and peak RSS of the whole run
(reading included), and the learn-only figures; target: learn on 100,000 pairs <= 60 s.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args(argv)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from mtfix.learn import learn, validated

    read = lambda name: (args.data / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    ref = read("ref.id")
    mt, pe = [], []
    while len(mt) < args.n:
        for sysname in ("gnmt.id", "gareng.id"):
            mt += read(sysname)
            pe += ref
    mt, pe = mt[:args.n], pe[:args.n]
    rss_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    w0, c0 = time.perf_counter(), cpu()
    res = learn(mt, pe)
    kept, _ = validated(res.candidates)
    wall, used = time.perf_counter() - w0, cpu() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    st = res.stats
    print(f"learn on {len(mt):,} pairs: {wall:.1f} s wall, {used:.1f} s CPU "
          f"({len(mt) / wall:,.0f} pairs/s); peak RSS {rss / 1024:.0f} MiB "
          f"(after reading the data {rss_data / 1024:.0f} MiB, at start {rss0 / 1024:.0f} MiB)")
    import os

    load = os.getloadavg()[0]
    print(f"  {st.edits:,} edits, {st.phrases_scanned:,} phrases scanned, {len(kept)} entries")
    print(f"  target <= 60 s: wall {'met' if wall <= 60 else 'NOT met'}, CPU "
          f"{'met' if used <= 60 else 'NOT met'} (load average {load:.1f} on {os.cpu_count()} "
          f"cores: wall ~ CPU on an idle machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
