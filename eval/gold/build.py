"""Build eval/gold/gold.tsv from eval/gold/annotations.txt and verify every span.

    python eval/gold/build.py DATA_DIR          # DATA_DIR holds gnmt.id (id-en-newsted-dev)

annotations.txt has one item a line: ``line|before|after|family|note|doubt|occurrence``.
``before`` is located in gnmt line ``line`` (whole-word matches preferred when it starts and ends
with a word character); ``occurrence`` (1-based) picks one of several matches, and a match that is
ambiguous without it is an error. The output has 0-based character offsets such that
``line_text[start:end] == before`` (checked again after writing). Exit status 1 on any problem.
"""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAMILIES = ("spacing", "hyphen", "doubled", "spelling", "morphology", "compound", "capital",
            "number", "quote", "punctuation", "range", "other")
HEADER = ["set", "line", "start", "end", "before", "after", "family", "note", "doubt"]


def read_sets():
    sets = {}
    for name, tag in (("tuned.lines", "tuned"), ("heldout.lines", "heldout")):
        for x in (HERE / name).read_text().split():
            sets[int(x)] = tag
    return sets


def locate(text, before, occ):
    spans = [m.start() for m in re.finditer(re.escape(before), text)]
    if before and before[0].isalnum() and before[-1].isalnum():
        whole = [s for s in spans
                 if (s == 0 or not text[s - 1].isalnum())
                 and (s + len(before) == len(text) or not text[s + len(before)].isalnum())]
        spans = whole or spans
    if not spans:
        raise ValueError(f"{before!r} not found")
    if occ:
        return spans[occ - 1]
    if len(spans) > 1:
        raise ValueError(f"{before!r} occurs {len(spans)} times; give an occurrence")
    return spans[0]


def main(argv):
    if len(argv) != 1:
        print(__doc__)
        return 2
    mt = Path(argv[0], "gnmt.id").read_text(encoding="utf-8").split("\n")
    sets = read_sets()
    rows, errors = [], []
    for k, raw in enumerate((HERE / "annotations.txt").read_text(encoding="utf-8").split("\n"), 1):
        if not raw or raw.startswith("#"):
            continue
        f = raw.split("|")
        f += [""] * (7 - len(f))
        line, before, after, family, note, doubt, occ = f[:7]
        n = int(line)
        try:
            if n not in sets:
                raise ValueError(f"line {n} is not in the sampled sets")
            if family not in FAMILIES:
                raise ValueError(f"unknown family {family!r}")
            if doubt not in ("", "doubt"):
                raise ValueError(f"doubt column must be empty or 'doubt', not {doubt!r}")
            start = locate(mt[n - 1], before, int(occ) if occ else 0)
        except ValueError as e:
            errors.append(f"annotations.txt:{k}: {e}")
            continue
        rows.append((sets[n], n, start, start + len(before), before, after, family, note, doubt))
    rows.sort(key=lambda r: (r[0] != "tuned", r[1], r[2]))
    seen = set()
    for r in rows:
        if (r[1], r[2], r[3]) in seen:
            errors.append(f"duplicate span: line {r[1]} {r[2]}..{r[3]}")
        seen.add((r[1], r[2], r[3]))
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    out = HERE / "gold.tsv"
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for r in rows:
            fh.write("\t".join(str(x) for x in r) + "\n")
    # verify what was written
    for rec in out.read_text(encoding="utf-8").split("\n")[1:]:
        if not rec:
            continue
        c = rec.split("\t")
        assert len(c) == len(HEADER), rec
        text = mt[int(c[1]) - 1]
        assert text[int(c[2]):int(c[3])] == c[4], rec
        assert c[4] != c[5], rec
    n_gold = sum(1 for r in rows if not r[8])
    print(f"wrote {out} ({n_gold} gold items, {len(rows) - n_gold} doubtful); all spans verified")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
