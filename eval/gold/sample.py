"""Draw the gold-set line numbers reproducibly.

random.Random(20261203).sample(range(201, 5001), 600): the first 400 numbers drawn are the TUNED
set, the last 200 the HELD-OUT set. Lines 1-200 (shipped as examples/dev-sample.*) are excluded.
Each .lines file keeps the numbers in ascending order, one 1-based line number per line.

    python eval/gold/sample.py          # rewrites tuned.lines and heldout.lines next to this file
    python eval/gold/sample.py --check  # exit 1 if the files differ from a fresh draw
"""
import random
import sys
from pathlib import Path

SEED = 20261203
HERE = Path(__file__).resolve().parent


def draw():
    picked = random.Random(SEED).sample(range(201, 5001), 600)
    return sorted(picked[:400]), sorted(picked[400:])


def main():
    tuned, heldout = draw()
    assert len(set(tuned) | set(heldout)) == 600
    texts = {"tuned.lines": "".join(f"{n}\n" for n in tuned),
             "heldout.lines": "".join(f"{n}\n" for n in heldout)}
    if "--check" in sys.argv[1:]:
        bad = [name for name, t in texts.items() if (HERE / name).read_text() != t]
        print("differ: " + ", ".join(bad) if bad else "ok")
        return 1 if bad else 0
    for name, t in texts.items():
        (HERE / name).write_text(t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
