"""Real pseudo-post-edits: learn GNMT → human reference on the first lines, test on the rest.

    python eval/learn_real.py DATA_DIR [--train 4000] [--top 30]

Prints the top entries and corpus TER (sacrebleu) of the test lines against the reference,
for the MT as is and for the MT with the learned glossary alone (only GL001, only that
glossary), safe fixes only and with --unsafe-fixes. The learned glossary must not raise TER.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sacrebleu.metrics import CHRF, TER  # noqa: E402

from mtfix.glossary import validate  # noqa: E402
from mtfix.learn import learn, report_text, validated, write_glossary  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from learn_simulated import apply_glossary  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--train", type=int, default=4000)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    mt = (args.data / "gnmt.id").read_text(encoding="utf-8").splitlines()
    ref = (args.data / "ref.id").read_text(encoding="utf-8").splitlines()
    n = args.train
    t0 = time.process_time()
    res = learn(mt[:n], ref[:n])
    res.candidates, dropped = validated(res.candidates)
    res.stats.dropped_invalid += dropped
    res.stats.kept = len(res.candidates)
    cpu = time.process_time() - t0
    out = args.out or Path(tempfile.mkdtemp(prefix="mtfix-learn-real-")) / "learned.tsv"
    write_glossary(out, res.candidates, "gnmt -> ref.id pseudo-post-edits")
    problems = validate(str(out))
    print(f"learned on lines 1-{n} ({cpu:.1f} s CPU): {out}, {len(res.candidates)} entries, "
          f"validate: {'clean' if not problems else problems}")
    print(report_text(res, top=args.top))
    test_mt, test_ref = mt[n:], ref[n:]
    ter, chrf = TER(), CHRF()
    base_ter = ter.corpus_score(test_mt, [test_ref]).score
    base_chrf = chrf.corpus_score(test_mt, [test_ref]).score
    print(f"\ntest lines {n + 1}-{len(mt)} ({len(test_mt)}), against ref.id:")
    print(f"  MT as is                       TER {base_ter:6.2f}  chrF {base_chrf:6.2f}")
    worse = False
    for unsafe in (False, True):
        fixed = apply_glossary(str(out), test_mt, unsafe)
        t = ter.corpus_score(fixed, [test_ref]).score
        c = chrf.corpus_score(fixed, [test_ref]).score
        changed = sum(a != b for a, b in zip(fixed, test_mt))
        label = "+ learned, --unsafe-fixes" if unsafe else "+ learned, safe fixes"
        print(f"  {label:30} TER {t:6.2f}  chrF {c:6.2f}  ({changed} lines changed)")
        worse |= t > base_ter + 1e-9
    print("TER " + ("ROSE: failed" if worse else "did not rise: ok"))
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
