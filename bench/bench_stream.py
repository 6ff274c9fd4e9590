"""Streaming a large plain-text (or JSONL) file through `mtfix fix`: wall time and peak RSS.

Generates the input (default 1 GiB) by repeating real MT lines (a file you pass, e.g. the dev
set's gnmt output, or the bundled examples/dev-sample.gnmt.id), runs the CLI in a fresh process
and reports wall time, throughput, the peak resident memory of the largest process (mtfix or one
of its workers: getrusage RUSAGE_CHILDREN of a wrapper) and the peak of their summed PSS (sampled; shared pages counted once).

    python bench/bench_stream.py --size-mb 1024 [--lines FILE] [--jobs 1 2] [--format text|jsonl]
                                 [--repeat N] [--shape lines|blank-between|dash-list]

``--shape blank-between``: a blank line between all lines; ``dash-list``: every line ``- x  y``
(a list: no place where the text may be cut without context). Both used to defeat the safe-cut
search and grow the chunks without bound (1 GB / 4.2 GB peak); chunks are now bounded in bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MTFIX = str(Path(sys.executable).parent / "mtfix")

# Runs the command as a child and prints the children's peak RSS (the largest of mtfix and its
# workers, since ru_maxrss of RUSAGE_CHILDREN is the max over waited-for descendants).
# Also samples (every 50 ms, from /proc/PID/smaps_rollup) the summed PSS of mtfix and all its
# worker processes: proportional set size, so pages the forked workers share with the parent are
# counted once (a sum of RSS would count them in every process).
WRAP = r"""
import json, os, resource, subprocess, sys, time

def tree_rss(pid):
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return total / 1024

t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:])
peak_tree = 0.0
while proc.poll() is None:
    peak_tree = max(peak_tree, tree_rss(proc.pid))
    time.sleep(0.05)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "wall": wall, "maxrss_mb": ru.ru_maxrss / 1024,
                  "tree_mb": peak_tree}))
"""


def generate(path: Path, size: int, lines_file: Path, fmt: str, shape: str = "lines") -> int:
    lines = [ln for ln in lines_file.read_text(encoding="utf-8").splitlines()]
    if shape == "blank-between":
        lines = [x for ln in lines for x in (ln, "")]
    elif shape == "dash-list":
        lines = [f"- x  y {i}" for i in range(1000)]
    if fmt == "jsonl":
        lines = [json.dumps({"id": i, "source": "", "target": ln}, ensure_ascii=False)
                 for i, ln in enumerate(lines)]
    block = ("\n".join(lines) + "\n").encode("utf-8")
    written = 0
    with open(path, "wb") as fh:
        while written < size:
            fh.write(block)
            written += len(block)
    return written


def run(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", WRAP, *cmd], capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["stderr"] = out.stderr.strip()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--lines", type=Path, default=ROOT / "examples" / "dev-sample.gnmt.id")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--format", choices=["text", "jsonl"], default="text")
    ap.add_argument("--repeat", type=int, default=1, help="Runs per --jobs value; the best is shown.")
    ap.add_argument("--stdin", action="store_true",
                    help="Pipe the input through standard input to standard output.")
    ap.add_argument("--shape", choices=["lines", "blank-between", "dash-list"], default="lines")
    ap.add_argument("--dir", type=Path, default=None, help="Where to put the input and output.")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(dir=args.dir))
    src = tmp / f"big.{'jsonl' if args.format == 'jsonl' else 'txt'}"
    size = generate(src, int(args.size_mb * (1 << 20)), args.lines, args.format, args.shape)
    print(f"input: {size / (1 << 20):.0f} MiB ({args.format}, {args.shape}) from {args.lines}")
    print(f"{'jobs':>4} {'wall s':>8} {'MiB/s':>7} {'peak RSS MiB':>13} {'all PSS MiB':>14}"
          f"  summary")
    outs = {}
    walls = {}
    for jobs in args.jobs:
        out = tmp / f"out-{jobs}{src.suffix}"
        if args.stdin:
            cmd = ["sh", "-c", f'"{MTFIX}" fix - --jobs {jobs} < "{src}" > "{out}"']
        else:
            cmd = [MTFIX, "fix", str(src), "-o", str(out), "--jobs", str(jobs)]
        runs = [run(cmd) for _ in range(args.repeat)]
        for r in runs:
            if r["rc"] != 0:
                sys.exit(f"mtfix failed: {r['stderr']}")
        r = min(runs, key=lambda x: x["wall"])
        r["maxrss_mb"] = max(x["maxrss_mb"] for x in runs)
        r["tree_mb"] = max(x["tree_mb"] for x in runs)
        walls[jobs] = r["wall"]
        mib = size / (1 << 20)
        print(f"{jobs:>4} {r['wall']:>8.1f} {mib / r['wall']:>7.1f} {r['maxrss_mb']:>13.0f} "
              f"{r['tree_mb']:>14.0f}  {r['stderr'].splitlines()[-1]}")
        outs[jobs] = out
    if 1 in walls:
        for jobs, w in walls.items():
            if jobs != 1:
                print(f"speed-up --jobs {jobs} vs 1: {walls[1] / w:.2f}x (best of {args.repeat}; "
                      f"memory columns: the largest over the runs)")
    if len(outs) > 1:
        first = next(iter(outs.values()))
        same = all(subprocess.call(["cmp", "-s", str(first), str(o)]) == 0 for o in outs.values())
        print(f"outputs identical across --jobs: {same}")
    for p in [src, *outs.values()]:
        p.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
