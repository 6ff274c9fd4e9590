"""Streaming a large plain-text (or JSONL) file through `mtfix fix`: wall time and peak RSS.

Generates the input (default 1 GiB) by repeating real MT lines (a file you pass, e.g. the dev
set's gnmt output, or the bundled examples/dev-sample.gnmt.id), runs the CLI in a fresh process
and reports wall time, throughput and the peak resident memory of the mtfix process and of its
worker processes (getrusage RUSAGE_CHILDREN of a wrapper: the largest child).

    python bench/bench_stream.py --size-mb 1024 [--lines FILE] [--jobs 1 2] [--format text|jsonl]
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
WRAP = r"""
import resource, subprocess, sys, time, json
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_mb": ru.ru_maxrss / 1024}))
"""


def generate(path: Path, size: int, lines_file: Path, fmt: str) -> int:
    lines = [ln for ln in lines_file.read_text(encoding="utf-8").splitlines()]
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
    ap.add_argument("--dir", type=Path, default=None, help="Where to put the input and output.")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(dir=args.dir))
    src = tmp / f"big.{'jsonl' if args.format == 'jsonl' else 'txt'}"
    size = generate(src, int(args.size_mb * (1 << 20)), args.lines, args.format)
    print(f"input: {size / (1 << 20):.0f} MiB ({args.format}) from {args.lines}")
    print(f"{'jobs':>4} {'wall s':>8} {'MiB/s':>7} {'peak RSS MiB':>13}  summary")
    outs = {}
    for jobs in args.jobs:
        out = tmp / f"out-{jobs}{src.suffix}"
        r = run([MTFIX, "fix", str(src), "-o", str(out), "--jobs", str(jobs)])
        if r["rc"] != 0:
            sys.exit(f"mtfix failed: {r['stderr']}")
        mib = size / (1 << 20)
        print(f"{jobs:>4} {r['wall']:>8.1f} {mib / r['wall']:>7.1f} {r['maxrss_mb']:>13.0f}  "
              f"{r['stderr'].splitlines()[-1]}")
        outs[jobs] = out
    if len(outs) > 1:
        first = next(iter(outs.values()))
        same = all(subprocess.call(["cmp", "-s", str(first), str(o)]) == 0 for o in outs.values())
        print(f"outputs identical across --jobs: {same}")
    for p in [src, *outs.values()]:
        p.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
