"""BLEU, chrF and TER of the MT outputs against the human reference, before and after the
default repair, with and without the source and with and without the KBBI family.

    python eval/score_dev.py DATA_DIR [--per-rule]

For gnmt.id and gareng.id (5,000 lines each, DATA_DIR of id-en-newsted-dev), the default
repair (``Linter(Settings()).fix`` over the whole file, lines mode) is scored with sacrebleu's
corpus BLEU / chrF / TER (default settings: BLEU 13a mixed case, TER case-insensitive) against
ref.id, in four configurations: no source / src.en as the source (as ``mtfix fix --source``),
each with every default rule, with the KB family (KBBI morphology and spelling) ignored, and
with RG001 ignored (this reference copies the source's spaced dashes in scores and spans).
``--per-rule`` also prints, for each rule that changed a line, its own effect (only that rule
selected). Nothing here is used by the tests.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sacrebleu

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtfix.engine import Linter  # noqa: E402
from mtfix.settings import Settings  # noqa: E402


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:5000]


def score(hyp: list[str], ref: list[str]) -> tuple[float, float, float]:
    return (sacrebleu.corpus_bleu(hyp, [ref]).score, sacrebleu.corpus_chrf(hyp, [ref]).score,
            sacrebleu.corpus_ter(hyp, [ref]).score)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--per-rule", action="store_true")
    args = ap.parse_args()
    ref = lines_of(args.data_dir / "ref.id")
    src = "\n".join(lines_of(args.data_dir / "src.en"))
    print("system  source  rules          lines   BLEU   dBLEU    chrF   dchrF     TER    dTER")
    for name in ("gnmt.id", "gareng.id"):
        hyp = lines_of(args.data_dir / name)
        b0 = score(hyp, ref)
        print(f"{name:8}   -     (unrepaired)       0  {b0[0]:6.2f}          {b0[1]:6.2f}"
              f"          {b0[2]:6.2f}")
        for source in (None, src):
            for label, settings in (("default", Settings()), ("KB ignored", Settings(ignore=("KB",))),
                                    ("RG001 ignored", Settings(ignore=("RG001",)))):
                out = Linter(settings).fix("\n".join(hyp), source).text.split("\n")
                s = score(out, ref)
                n = sum(a != b for a, b in zip(out, hyp))
                print(f"{name:8} {'src.en' if source else 'none':>6}  {label:13} {n:5}  "
                      f"{s[0]:6.2f} {s[0] - b0[0]:+7.2f}  {s[1]:6.2f} {s[1] - b0[1]:+7.2f}  "
                      f"{s[2]:6.2f} {s[2] - b0[2]:+7.2f}")
                if args.per_rule and label == "default":
                    full = Linter(settings).fix("\n".join(hyp), source)
                    for code in sorted({e.code for e in full.applied}):
                        one = Linter(Settings(select=(code,))).fix("\n".join(hyp), source)
                        o = one.text.split("\n")
                        r = score(o, ref)
                        k = sum(a != b for a, b in zip(o, hyp))
                        print(f"    {code:8} lines {k:4}  dBLEU {r[0] - b0[0]:+.3f}  "
                              f"dchrF {r[1] - b0[1]:+.3f}  dTER {r[2] - b0[2]:+.3f}")


if __name__ == "__main__":
    main()
