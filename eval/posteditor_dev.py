"""Train a from-scratch post-editor on the id-en-newsted-dev data and score it on a held-out slice.

    python eval/posteditor_dev.py DATA_DIR [--max-minutes 15] [--out DIR] [--held-out 500]

The last ``--held-out`` lines are never trained on (not even for the vocabulary or synthetic
damage). Training pairs: gnmt.id → ref.id of the remaining lines plus synthetic damage of
their ref.id lines. Reported on the held-out slice, against ref.id (sacrebleu defaults):
MT, MT + rules, MT + rules + post-editor (raw) and MT + rules + post-editor where each rewrite
must pass the guard (``check_rewrite(..., max_change=0.15)``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _guard():
    try:
        from mtfix.posteditor.guard import check_rewrite
        return lambda o, r: check_rewrite(o, r, max_change=0.15) is None
    except ImportError:  # fallback: character edit rate only
        import difflib

        def ok(o: str, r: str) -> bool:
            if o == r:
                return True
            sm = difflib.SequenceMatcher(None, o, r, autojunk=False)
            dist = sum(max(i2 - i1, j2 - j1) for t, i1, i2, j1, j2 in sm.get_opcodes()
                       if t != "equal")
            return dist <= 0.15 * max(len(o), 1)
        return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--max-minutes", type=float, default=15.0)
    ap.add_argument("--out", default=None, help="model directory (default: a temporary one)")
    ap.add_argument("--held-out", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from sacrebleu.metrics import CHRF, TER

    from mtfix.engine import Linter
    from mtfix.settings import Settings
    from mtfix.posteditor.train import train

    d = Path(args.data_dir)
    mt, ref = _read(d / "gnmt.id"), _read(d / "ref.id")
    assert len(mt) == len(ref), "gnmt.id and ref.id differ in length"
    k = len(mt) - args.held_out
    mt_tr, ref_tr, mt_ho, ref_ho = mt[:k], ref[:k], mt[k:], ref[k:]

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="mtfix-pe-"))
    t0 = time.monotonic()
    report = train(mt_tr, ref_tr, out, from_scratch=True, synthetic_from=ref_tr,
                   max_minutes=args.max_minutes, seed=args.seed, report_lines=200,
                   progress=lambda s: print(s, flush=True))
    t_train = time.monotonic() - t0

    linter = Linter(Settings())
    rules = [linter.fix(line).text for line in mt_ho]

    from mtfix.posteditor import PostEditor

    pe = PostEditor.load(out, batch_size=32)
    t1 = time.monotonic()
    raw = pe.rewrite(rules)
    t_rewrite = time.monotonic() - t1
    ok = _guard()
    guarded, passed, proposed = [], 0, 0
    for o, r in zip(rules, raw):
        if r != o:
            proposed += 1
            if ok(o, r):
                passed += 1
                guarded.append(r)
                continue
        guarded.append(o)

    chrf, ter = CHRF(), TER()

    def score(h):
        return (round(chrf.corpus_score(h, [ref_ho]).score, 2),
                round(ter.corpus_score(h, [ref_ho]).score, 2))

    rows = {"MT (gnmt)": score(mt_ho), "MT + rules": score(rules),
            "MT + rules + post-editor (raw)": score(raw),
            "MT + rules + post-editor (guarded)": score(guarded)}
    print(f"\nheld-out: last {len(mt_ho)} lines; trained on {k} lines "
          f"({report.n_train} pairs incl. {report.n_synthetic} synthetic, "
          f"{report.n_val} for validation)")
    print(f"training {t_train:.0f} s ({report.steps} steps, {report.epochs:.1f} epochs, "
          f"stopped: {report.stopped}, best val loss {report.best_val_loss:.3f} at step "
          f"{report.best_step}); rewriting {len(rules)} lines {t_rewrite:.0f} s")
    print(f"{'system':38s} {'chrF':>7s} {'TER':>7s}")
    for name, (c, t) in rows.items():
        print(f"{name:38s} {c:7.2f} {t:7.2f}")
    print(f"rules changed {sum(a != b for a, b in zip(mt_ho, rules))} lines; post-editor "
          f"proposed {proposed} rewrites, guard let {passed} through")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "rows": rows, "proposed": proposed, "passed": passed, "train": report.to_dict(),
            "train_s": t_train, "rewrite_s": t_rewrite,
            "examples": [(o, r) for o, r, g in zip(rules, raw, guarded) if g != o][:20],
        }, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
