#!/usr/bin/env python
"""Benchmark `mtfix fix`: in-process throughput, a sacremoses baseline, and whole-process times.

Usage:
    python bench/bench_fix.py DATA_DIR [--repeat N] [--big-copies K] [--profile]

DATA_DIR holds gnmt.id, gareng.id and ref.id (e.g. the id-en newsted dev set). Prints:

1. in-process ``Linter.fix`` throughput (MB/s = UTF-8 bytes / best-of-N wall time, Linter built
   once, one warm-up call) on each file and on the three concatenated;
2. sacremoses ``MosesPunctNormalizer(lang='id').normalize`` over every line of the same texts,
   MB/s, and the ratio mtfix/moses;
3. whole-process wall time (best of N) of ``mtfix fix gnmt.id -o TMP``, ``mtfix --help`` and
   ``mtfix --version``, and whether ``--help``/``--version`` import torch or transformers;
4. ``--jobs 1`` vs ``--jobs 2`` whole-process time on a larger input (the three files
   concatenated K times) and the speed-up.

Nothing here is used by the tests; the data directory is always an argument.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from _proc import compile_checkout  # bench/_proc.py (this script's folder is on sys.path)

FILES = ("gnmt.id", "gareng.id", "ref.id")
TARGET_MBPS = 10.0
TARGET_RATIO = 3.0
TARGET_PROCESS_S = 0.5
TARGET_HELP_S = 0.2


def best_of(fn, repeat: int, warmup: bool = True) -> float:
    if warmup:
        fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def mtfix_cmd() -> list[str]:
    """The installed `mtfix` script next to this interpreter, else `python -m mtfix`."""
    exe = Path(sys.executable).parent / "mtfix"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("mtfix")
    return [found] if found else [sys.executable, "-m", "mtfix"]


def run_proc(argv: list[str]) -> None:
    r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(argv)}\n"
                         f"{r.stderr.decode(errors='replace')}")


def time_proc(argv: list[str], repeat: int) -> float:
    # One untimed run first so the page cache and .pyc files are warm for every command alike.
    return best_of(lambda: run_proc(argv), repeat, warmup=True)


HEAVY_PROBE = r"""
import sys
sys.argv = ['mtfix'] + sys.argv[1:]
import io, contextlib
import mtfix.cli as c
with contextlib.redirect_stdout(io.StringIO()):
    try:
        c.main()
    except SystemExit:
        pass
heavy = [m for m in ('torch', 'transformers', 'pydantic', 'wordfreq', 'rich', 'ahocorasick') if m in sys.modules]
print(','.join(heavy) or '-')
"""


def heavy_imports(args: list[str]) -> str:
    r = subprocess.run([sys.executable, "-c", HEAVY_PROBE, *args], capture_output=True, text=True)
    if r.returncode != 0:
        return f"probe failed: {r.stderr.strip().splitlines()[-1:]}"
    return r.stdout.strip().splitlines()[-1]


def mbps(nbytes: int, seconds: float) -> float:
    return nbytes / 1e6 / seconds


def ok(flag: bool) -> str:
    return "ok" if flag else "MISS"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path, help="directory with gnmt.id, gareng.id, ref.id")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (best is kept)")
    ap.add_argument("--big-copies", type=int, default=20,
                    help="times the three files are concatenated for the --jobs test")
    ap.add_argument("--profile", action="store_true",
                    help="also print a cProfile of Linter.fix on gnmt.id (top 25 by tottime)")
    ap.add_argument("--skip-process", action="store_true", help="in-process figures only")
    args = ap.parse_args()

    missing = [f for f in FILES if not (args.data_dir / f).is_file()]
    if missing:
        ap.error(f"{args.data_dir}: missing {', '.join(missing)}")
    repeat = max(1, args.repeat)

    texts = {f: (args.data_dir / f).read_text(encoding="utf-8") for f in FILES}
    # Concatenate on line boundaries so no line is joined to the next.
    texts["all three"] = "".join(t if t.endswith("\n") else t + "\n" for t in texts.values())

    from sacremoses import MosesPunctNormalizer

    import mtfix
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    t0 = time.perf_counter()
    linter = Linter(Settings())
    build_s = time.perf_counter() - t0
    mpn = MosesPunctNormalizer(lang="id")

    def moses(text: str) -> None:
        norm = mpn.normalize
        for line in text.splitlines():
            norm(line)

    print(f"mtfix {getattr(mtfix, '__version__', '?')} bench, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, repeat={repeat}")
    print(f"Linter(Settings()) built in {build_s * 1000:.0f} ms, "
          f"{len(linter.rules)} rules ({len(linter._fix_rules)} with fixes)")
    print()

    # -- 1 + 2: in-process -------------------------------------------------------------
    print("In-process throughput (best of N, after one warm-up; Linter built once)")
    hdr = f"{'input':<10} {'lines':>7} {'MB':>6} {'mtfix s':>8} {'mtfix MB/s':>10} " \
          f"{'moses s':>8} {'moses MB/s':>10} {'mtfix/moses':>11} {'changed':>8}"
    print(hdr)
    print("-" * len(hdr))
    rows = {}
    for name, text in texts.items():
        nbytes = len(text.encode("utf-8"))
        res = linter.fix(text)  # warm-up, and to report what changed
        t_fix = best_of(lambda: linter.fix(text), repeat, warmup=False)
        t_mos = best_of(lambda: moses(text), repeat)
        n_lines = text.count("\n")
        changed = sum(a != b for a, b in zip(text.splitlines(), res.text.splitlines()))
        rows[name] = (mbps(nbytes, t_fix), mbps(nbytes, t_mos))
        print(f"{name:<10} {n_lines:>7} {nbytes / 1e6:>6.3f} {t_fix:>8.3f} {rows[name][0]:>10.2f} "
              f"{t_mos:>8.3f} {rows[name][1]:>10.2f} {rows[name][0] / rows[name][1]:>10.2f}x "
              f"{changed:>8}")
    print()
    all_mbps, all_moses = rows["all three"]
    print(f"target: >= {TARGET_MBPS:g} MB/s in-process ............ "
          f"{all_mbps:6.2f} MB/s  {ok(all_mbps >= TARGET_MBPS)}")
    print(f"target: >= {TARGET_RATIO:g}x MosesPunctNormalizer ........ "
          f"{all_mbps / all_moses:6.2f}x     {ok(all_mbps / all_moses >= TARGET_RATIO)}")
    print()

    if args.profile:
        pr = cProfile.Profile()
        text = texts["gnmt.id"]
        pr.enable()
        for _ in range(repeat):
            linter.fix(text)
        pr.disable()
        buf = io.StringIO()
        pstats.Stats(pr, stream=buf).sort_stats("tottime").print_stats(25)
        print(f"cProfile of {repeat} x Linter.fix(gnmt.id) (warm Linter), by tottime")
        print(buf.getvalue())

    if args.skip_process:
        return 0

    # -- 3 + 4: whole process -------------------------------------------------------------
    cmd = mtfix_cmd()
    gnmt = str(args.data_dir / "gnmt.id")
    with tempfile.TemporaryDirectory(prefix="mtfix-bench-") as tmp:
        out = os.path.join(tmp, "out.id")
        big = os.path.join(tmp, "big.id")
        with open(big, "w", encoding="utf-8") as fh:
            for _ in range(args.big_copies):
                fh.write(texts["all three"])
        big_bytes = os.path.getsize(big)
        big_lines = texts["all three"].count("\n") * args.big_copies

        compile_checkout()  # timed as installed: see bench/_proc.py
        print(f"Whole process (wall clock, best of {repeat} after one untimed run): {' '.join(cmd)}")
        hdr = f"{'command':<44} {'seconds':>8} {'target':>8} {'':>5}"
        print(hdr)
        print("-" * len(hdr))
        t_help = time_proc(cmd + ["--help"], repeat)
        t_ver = time_proc(cmd + ["--version"], repeat)
        t_fix = time_proc(cmd + ["fix", gnmt, "-o", out, "-q"], repeat)
        print(f"{'mtfix --help':<44} {t_help:>8.3f} {'< ' + str(TARGET_HELP_S):>8} {ok(t_help < TARGET_HELP_S):>5}")
        print(f"{'mtfix --version':<44} {t_ver:>8.3f} {'< ' + str(TARGET_HELP_S):>8} {ok(t_ver < TARGET_HELP_S):>5}")
        print(f"{'mtfix fix gnmt.id -o OUT (5,000 lines)':<44} {t_fix:>8.3f} "
              f"{'<= ' + str(TARGET_PROCESS_S):>8} {ok(t_fix <= TARGET_PROCESS_S):>5}")
        t_py = time_proc([sys.executable, "-c", "pass"], repeat)
        t_imp = time_proc([sys.executable, "-c", "import mtfix.cli"], repeat)
        t_eng = time_proc([sys.executable, "-c", "import mtfix.engine as e; e.Linter(e.Settings())"], repeat)
        print(f"{'  (python -c pass)':<44} {t_py:>8.3f}")
        label = '  (python -c "import mtfix.cli")'
        print(f"{label:<44} {t_imp:>8.3f}")
        print(f"{'  (python: import engine + build Linter)':<44} {t_eng:>8.3f}")
        print()
        print("Heavy modules in sys.modules after the command "
              "(of torch, transformers, pydantic, wordfreq, rich, ahocorasick):")
        for argv in (["--help"], ["--version"], ["fix", "--help"], ["fix", gnmt, "-o", out, "-q"]):
            shown = " ".join("gnmt.id" if a == gnmt else "OUT" if a == out else a for a in argv)
            print(f"  mtfix {shown:<22} -> {heavy_imports(argv)}")
        print()

        print(f"--jobs on a larger input: the three files x {args.big_copies} = {big_lines} lines, "
              f"{big_bytes / 1e6:.1f} MB (best of {repeat})")
        outs = {}
        times = {}
        for j in (1, 2):
            o = os.path.join(tmp, f"big.j{j}.id")
            outs[j] = o
            times[j] = time_proc(cmd + ["fix", big, "-o", o, "-q", "--jobs", str(j)], repeat)
        same = Path(outs[1]).read_bytes() == Path(outs[2]).read_bytes()
        hdr = f"{'jobs':<6} {'seconds':>8} {'MB/s':>8}"
        print(hdr)
        print("-" * len(hdr))
        for j in (1, 2):
            print(f"{j:<6} {times[j]:>8.3f} {mbps(big_bytes, times[j]):>8.2f}")
        print(f"speed-up --jobs 2 vs 1: {times[1] / times[2]:.2f}x   "
              f"(outputs identical: {'yes' if same else 'NO'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
