#!/usr/bin/env python
"""Benchmark the paired significance test of `mtfix score --baseline` against sacrebleu's CLI.

Usage:
    python bench/bench_significance.py DATA_DIR [--n 1000] [--repeat 3] [--write bench/SIGNIFICANCE.md]

DATA_DIR holds gnmt.id (baseline), gareng.id (system) and ref.id. Measures, each run in a fresh
wrapper process (wall time; peak RSS from resource.getrusage(RUSAGE_CHILDREN).ru_maxrss):

(a) ``mtfix.scoring.significance.compare(gnmt, gareng, [ref], ["bleu", "chrf", "ter"], n=N)``
    in a new Python process (imports included);
(b) ``sacrebleu ref.id -i gareng.id gnmt.id --paired-bs --paired-bs-n N -m bleu chrf ter -f text``.

Then checks, in-process, that the p-values / CIs equal sacrebleu's ``PairedTest`` (bootstrap
and AR) on the dev pair and on a "close" pair (half gnmt/half gareng each way, so the p-values
are not at their floor), and that the corpus scores equal sacrebleu's CLI ``-b`` output.
Nothing here is used by the tests; the data directory is always an argument.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SACREBLEU = str(Path(PY).with_name("sacrebleu"))

WRAP = r"""
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
"""

MINE = r"""
import sys
sys.path.insert(0, {root!r})
from mtfix.text import split_lines
from mtfix.scoring.significance import compare
d = {data!r}
rd = lambda f: split_lines(open(d + "/" + f, encoding="utf-8").read())
for c in compare(rd("gnmt.id"), rd("gareng.id"), [rd("ref.id")], ["bleu", "chrf", "ter"], n={n}):
    print(c.metric, c.system, c.p_value)
"""


def measure(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time (s) and largest peak RSS (MiB) over ``repeat`` fresh runs."""
    times, mems = [], []
    for _ in range(repeat):
        out = subprocess.run([PY, "-c", WRAP, *cmd], capture_output=True, text=True, check=True)
        dt, rss, rc = out.stdout.split()
        if rc != "0":
            raise SystemExit(f"failed: {' '.join(cmd)}")
        times.append(float(dt))
        mems.append(int(rss) / 1024)
    return min(times), max(mems)


def read(path: Path) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from mtfix.text import split_lines

    return split_lines(path.read_text(encoding="utf-8"))


def pvalue_check(data: Path, n: int) -> list[str]:
    from sacrebleu.metrics import BLEU, CHRF, TER
    from sacrebleu.significance import PairedTest

    from mtfix.scoring.significance import compare

    gnmt, gareng, ref = read(data / "gnmt.id"), read(data / "gareng.id"), read(data / "ref.id")
    half = len(ref) // 2
    mix_a = gnmt[:half] + gareng[half:]
    mix_b = gareng[:half] + gnmt[half:]
    rows = ["| pair | test | metric | delta | p (mtfix) | p (sacrebleu) | sys CI± (mtfix) | sys CI± (sacrebleu) |",
            "|---|---|---|---:|---:|---:|---:|---:|"]
    for label, base, sys_ in (("gnmt → gareng", gnmt, gareng), ("mix A → mix B", mix_a, mix_b)):
        for method, test, nn in (("bootstrap", "bs", n), ("ar", "ar", n)):
            metrics = {"BLEU": BLEU(), "chrF2": CHRF(), "TER": TER()}
            _, res = PairedTest([("b", base), ("s", sys_)], metrics, [ref], test_type=test,
                                n_samples=nn, n_ar_confidence=nn if test == "ar" else -1)()
            mine = compare(base, sys_, [ref], ["bleu", "chrf", "ter"], method=method, n=nn)
            for c, key in zip(mine, ("BLEU", "chrF2", "TER")):
                t = res[key][1]
                half_ci = 0.5 * (c.system_ci[1] - c.system_ci[0])
                rows.append(f"| {label} | {method} n={nn} | {c.name} | {c.delta:+.2f} | "
                            f"{c.p_value:.4f} | {t.p_value:.4f} | {half_ci:.3f} | {t.ci:.3f} |")
    return rows


def score_check(data: Path) -> list[str]:
    from mtfix.scoring.corpus import corpus_scores

    ref = read(data / "ref.id")
    rows = ["| system | metric | mtfix | sacrebleu CLI |", "|---|---|---:|---:|"]
    for sysname in ("gnmt.id", "gareng.id"):
        mine = corpus_scores(read(data / sysname), [ref], ["bleu", "chrf", "ter"])
        out = subprocess.run([SACREBLEU, str(data / "ref.id"), "-i", str(data / sysname),
                              "-m", "bleu", "chrf", "ter", "-b", "-w", "2"],
                             capture_output=True, text=True, check=True).stdout
        out = out.replace("[", " ").replace("]", " ").replace(",", " ").split()
        for s, theirs in zip(mine, out):
            flag = "" if f"{s.value:.2f}" == theirs else " **MISMATCH**"
            rows.append(f"| {sysname} | {s.name} | {s.value:.2f} | {theirs}{flag} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", type=Path, help="write the Markdown report here")
    args = ap.parse_args()
    d = args.data_dir.resolve()

    mine_cmd = [PY, "-c", MINE.format(root=str(ROOT), data=str(d), n=args.n)]
    sb_cmd = [SACREBLEU, str(d / "ref.id"), "-i", str(d / "gareng.id"), str(d / "gnmt.id"),
              "--paired-bs", "--paired-bs-n", str(args.n), "-m", "bleu", "chrf", "ter",
              "-f", "text"]
    t_sb, m_sb = measure(sb_cmd, args.repeat)
    t_me, m_me = measure(mine_cmd, args.repeat)
    perf = [
        "| what | wall s (best of %d) | peak RSS MiB (max) |" % args.repeat,
        "|---|---:|---:|",
        f"| mtfix compare(), bootstrap n={args.n}, BLEU+chrF+TER | {t_me:.2f} | {m_me:.0f} |",
        f"| sacrebleu --paired-bs --paired-bs-n {args.n} -m bleu chrf ter | {t_sb:.2f} | {m_sb:.0f} |",
        f"| ratio mtfix / sacrebleu (goal ≤ 0.50) | {t_me / t_sb:.2f} | {m_me / m_sb:.2f} |",
    ]
    pv = pvalue_check(d, args.n)
    sc = score_check(d)
    report = "\n".join([
        "# Paired significance: mtfix vs sacrebleu",
        "",
        f"Date: {datetime.date.today().isoformat()}; host: {platform.machine()}, "
        f"Python {platform.python_version()}, data: `{d.name}` (baseline gnmt.id, system "
        f"gareng.id, reference ref.id).",
        "",
        "Run: `.venv/bin/python bench/bench_significance.py /work/shared/data/id-en-newsted-dev "
        "--write bench/SIGNIFICANCE.md`",
        "",
        "## Time and memory",
        "",
        "Each figure is a fresh process (imports included) under a wrapper that reads "
        "`getrusage(RUSAGE_CHILDREN).ru_maxrss`.",
        "",
        *perf,
        "",
        "## p-values and CIs against sacrebleu's `PairedTest` (same seed 12345)",
        "",
        "mtfix draws the same resamples as sacrebleu, so the p-values are equal; CI± is "
        "sacrebleu's half-width of the 95% interval. (sacrebleu gives 1/(n+1) for an exactly zero "
        "delta; mtfix gives 1.0 there: not exercised below.)",
        "",
        *pv,
        "",
        "## Corpus scores (2 decimals) vs `sacrebleu -b -w 2`",
        "",
        *sc,
        "",
    ])
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
