#!/usr/bin/env python
"""Benchmark `mtfix fix` over a batch: local engine (--jobs 1, --jobs 2) against the Dask engine.

Usage:
    python bench/bench_dask.py [--data DIR_OR_FILE] [--copies K] [--repeat N]
                               [--external] [--scheduler tcp://HOST:PORT] [--workers W]

The batch: every *.id / *.txt file of ``--data`` (or the one file), copied K times into a temporary
directory (so there are several files and several line chunks); without ``--data`` a synthetic
batch of damaged Indonesian MT-like text is generated. Each configuration is one whole `mtfix fix
BATCH -o OUT -q` process (wall clock, best and median of N after one untimed run):

* ``local -j1``       this process only
* ``local -jW``       W local worker processes (``--workers``, default 2)
* ``dask local W``    ``--engine dask --jobs W``: each run starts (and stops) a LocalCluster of W
                      worker processes, so its time includes cluster start-up
* ``dask external``   ``--engine dask --scheduler ADDR`` on an already running cluster: with
                      ``--external`` one is started here (``dask scheduler`` + W ``dask worker``
                      processes on 127.0.0.1, stopped at the end); or give ``--scheduler``

Every output tree is compared byte for byte with the ``local -j1`` one. Also printed: the fixed
cost of the Dask engine (a one-line input). Nothing here is used by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
MTFIX = str(BIN / "mtfix") if (BIN / "mtfix").exists() else None
SYNTH_LINES = [
    "Mereka duduk di sela -sela pohon sambil menunggu hujan reda .",
    "Partai liberal liberal itu menang di pemilihan umum tahun ini.",
    "Saya sudah tinggal disini sejak tahun lalu.",
    "Pemerintah akan  membangun jalan baru di daerah itu.",
    "Dia pergi ke pasar , lalu pulang ke rumah.",
    "Harga beras naik naik terus sejak bulan lalu.",
    "Presiden meresmikan jembatan baru di Jakarta.",
    "Hujan turun sepanjang hari di kota itu.",
]


REPO = Path(__file__).resolve().parent.parent


def mtfix_cmd() -> list[str]:
    """`python -m mtfix`, run with this checkout first on PYTHONPATH (main() sets it): the
    installed `mtfix` script may be an editable install of another worktree."""
    return [sys.executable, "-m", "mtfix"]


def build_batch(dest: Path, data: Path | None, copies: int, small: int = 0) -> None:
    dest.mkdir(parents=True)
    if small:
        # many small files (a line or three each): the per-file / per-task overhead
        for i in range(small):
            body = [SYNTH_LINES[(i + k) % len(SYNTH_LINES)] for k in range(1 + i % 3)]
            (dest / f"s{i:05d}.txt").write_text("\n".join(body) + "\n")
        return
    if data is None:
        # 30 small files and one big one, about 1 MB per copy
        for c in range(copies):
            for i in range(30):
                body = [SYNTH_LINES[(i + k) % len(SYNTH_LINES)] for k in range(40 + i)]
                (dest / f"c{c:02d}_doc{i:02d}.txt").write_text("\n".join(body) + "\n")
            big = "\n".join(SYNTH_LINES) + "\n"
            (dest / f"c{c:02d}_big.txt").write_text(big * (900_000 // len(big)))
        return
    files = [data] if data.is_file() else sorted(
        p for p in data.iterdir() if p.is_file() and p.suffix in (".id", ".txt"))
    if not files:
        sys.exit(f"{data}: no *.id or *.txt files")
    for c in range(copies):
        for f in files:
            shutil.copyfile(f, dest / f"c{c:02d}_{f.stem}{f.suffix}")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def timed(args: list[str], out: Path, repeat: int, env: dict) -> list[float]:
    times = []
    for i in range(repeat + 1):  # the first run is a warm-up
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        p = subprocess.run([*mtfix_cmd(), "fix", "-q", *args, "-o", str(out)],
                           capture_output=True, text=True, env=env)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit(f"mtfix {' '.join(args)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
        if i:
            times.append(dt)
    return times


class External:
    """``dask scheduler`` + ``workers`` × ``dask worker`` (one thread each) on 127.0.0.1."""

    def __init__(self, workers: int, tmp: Path) -> None:
        self.procs: list[subprocess.Popen] = []
        sched_file = tmp / "scheduler.json"
        dask = str(BIN / "dask")
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
        self.procs.append(subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(sched_file)], **quiet))
        deadline = time.monotonic() + 60
        while not (sched_file.exists() and sched_file.read_text().strip()):
            if time.monotonic() > deadline or self.procs[0].poll() is not None:
                self.close()
                sys.exit("dask scheduler did not start")
            time.sleep(0.1)
        time.sleep(0.1)
        self.addr = json.loads(sched_file.read_text())["address"]
        for i in range(workers):
            self.procs.append(subprocess.Popen(
                [dask, "worker", self.addr, "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--host", "127.0.0.1",
                 "--death-timeout", "60", "--local-directory", str(tmp / f"w{i}")], **quiet))
        from distributed import Client

        with Client(self.addr, timeout=30, set_as_default=False) as c:
            c.wait_for_workers(workers, timeout=60)

    def close(self) -> None:
        for group in (self.procs[1:], self.procs[:1]):  # workers, then the scheduler
            for p in group:
                if p.poll() is None:
                    p.terminate()
            for p in group:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="a directory of *.id/*.txt files, or one file")
    ap.add_argument("--copies", type=int, default=4, help="copies of the data in the batch (4)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per configuration (3)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (2)")
    ap.add_argument("--external", action="store_true",
                    help="also start a dask scheduler + workers here and use --scheduler")
    ap.add_argument("--scheduler", help="also run on this running cluster (tcp://HOST:PORT)")
    ap.add_argument("--chunk-chars", type=int, help="MTFIX_CHUNK_CHARS for every run")
    ap.add_argument("--small-files", type=int, default=0,
                    help="instead of the batch above: this many small files (1-3 lines each)")
    ap.add_argument("--only", default="", help="comma-separated configurations to run "
                    "(substrings of their names, e.g. 'j1,dask local')")
    a = ap.parse_args()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    if a.chunk_chars:
        env["MTFIX_CHUNK_CHARS"] = str(a.chunk_chars)
    tmp = Path(tempfile.mkdtemp(prefix="mtfix-bench-dask-"))
    ext = None
    try:
        batch = tmp / "batch"
        build_batch(batch, a.data, a.copies, a.small_files)
        files = tree(batch)
        mb = sum(len(b) for b in files.values()) / 1e6
        w = a.workers
        configs = [("local -j1", ["--jobs", "1"]), (f"local -j{w}", ["--jobs", str(w)]),
                   (f"dask local {w}", ["--engine", "dask", "--jobs", str(w)])]
        if a.external:
            t0 = time.perf_counter()
            ext = External(w, tmp)
            print(f"external cluster ({w} workers) up in {time.perf_counter() - t0:.1f} s")
            configs.append((f"dask external {w}", ["--engine", "dask", "--scheduler", ext.addr]))
        if a.scheduler:
            configs.append(("dask --scheduler", ["--engine", "dask", "--scheduler", a.scheduler]))
        if a.only:
            configs = [c for c in configs if any(o in c[0] for o in a.only.split(","))]

        print(f"python {platform.python_version()}, {os.cpu_count()} CPUs; batch: "
              f"{len(files)} files, {mb:.2f} MB; best/median of {a.repeat} after a warm-up")
        rows, ref = [], None
        for name, args in configs:
            out = tmp / ("out-" + name.replace(" ", "_"))
            times = timed([str(batch), *args], out, a.repeat, env)
            got = tree(out)
            ref = got if ref is None else ref
            rows.append((name, min(times), statistics.median(times), got == ref))
        base = rows[0][1]
        print(f"\n{'configuration':<20}{'best s':>9}{'median s':>10}{'MB/s':>8}{'speed-up':>10}"
              f"  identical")
        for name, best, med, same in rows:
            print(f"{name:<20}{best:>9.2f}{med:>10.2f}{mb / best:>8.2f}{base / best:>9.2f}x"
                  f"  {'yes' if same else 'NO'}")

        one = tmp / "one.txt"
        one.write_text(SYNTH_LINES[0] + "\n")
        over = [("local -j1", ["--jobs", "1"]), (f"dask local {w}", ["--engine", "dask",
                                                                       "--jobs", str(w)])]
        if ext:
            over.append((f"dask external {w}", ["--engine", "dask", "--scheduler", ext.addr]))
        print("\nfixed cost (one-line input, best of the same N):")
        for name, args in over:
            t = min(timed([str(one), *args], tmp / "one-out.txt", a.repeat, env))
            print(f"  {name:<20}{t:>7.2f} s")
        if not all(r[3] for r in rows):
            sys.exit("outputs differ")
    finally:
        if ext:
            ext.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
