"""Score mtfix's default repair against the gold set of mechanical errors (eval/gold/).

    python eval/gold_eval.py DATA_DIR [--set tuned|heldout|both] [--source] [--unsafe-fixes]
                             [--ignore CODES] [--show]

DATA_DIR is id-en-newsted-dev (gnmt.id, src.en). Each sampled gnmt line is fixed on its own as a
one-line text through the Python API (``Linter(Settings(...)).fix(line)``; with ``--source`` the
src.en line is passed as ``source=`` when ``Linter.fix`` accepts it, otherwise the flag is
ignored with a note). The applied edits are compared with eval/gold/gold.tsv.

Matching rule (character level, on the original line's offsets):

1. The repaired line is aligned with the original (difflib, characters, no autojunk); each
   non-equal block is a *hypothesis change* with a span in the original line.
2. Gold items (rows of gold.tsv without ``doubt``) and hypothesis changes that overlap or touch
   (adjacent spans, or an insertion at either end of a span, count as touching) form connected
   groups. For a group with union span [a, b): the repair's text for that span (the repaired
   line between the images of a and b) is compared with the original span with the group's gold
   corrections applied. Equal: every gold item of the group is recalled and every change in it
   is correct.
3. Otherwise each gold item of the group is tried alone with the changes that touch it: equal
   text over their union recalls that item and makes those changes correct. (So a repair that
   fixes one of two adjacent gold errors gets credit for that one.)
4. An applied mtfix edit (``FixResult.applied``, located by ``orig_start``/``orig_end``) is
   correct when every hypothesis change it touches is correct; it is *doubtful* when the changes
   it touches lie only in groups of doubtful rows (``doubt`` column), which are left out of both
   recall and precision; otherwise it is a false positive (also when it touches no net change).

Recall = recalled gold items / gold items. Precision = correct applied edits / (applied edits -
doubtful ones). Per family: recall from the gold items of that family; precision from the applied
edits attributed to it: a correct edit gets the family of the gold item it fixed; a false
positive gets the family its rule code most often fixes in this run, else a fixed map by code.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import inspect
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "eval" / "gold"
FAMILIES = ("spacing", "hyphen", "doubled", "spelling", "morphology", "compound", "capital",
            "number", "quote", "punctuation", "range", "other")
# family of a rule code's false positives when the code fixed no gold item in this run
CODE_FAMILY = {"DW": "doubled", "HY": "hyphen", "QU": "quote", "WS": "spacing", "GL": "other",
               "OR": "spelling", "OR003": "capital", "OR004": "hyphen", "WS007": "punctuation",
               "QU002": "spacing"}


def _import_api():
    try:
        from mtfix.engine import Linter, Settings
    except ImportError:  # moved: find the classes by name
        import importlib
        import pkgutil

        import mtfix

        Linter = Settings = None
        for m in pkgutil.walk_packages(mtfix.__path__, "mtfix."):
            try:
                mod = importlib.import_module(m.name)
            except Exception:
                continue
            Linter = Linter or getattr(mod, "Linter", None)
            Settings = Settings or getattr(mod, "Settings", None)
        if Linter is None or Settings is None:
            raise
    return Linter, Settings


def read_lines(name):
    return [int(x) for x in (GOLD / name).read_text().split()]


def read_gold():
    with (GOLD / "gold.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        r["line"], r["start"], r["end"] = int(r["line"]), int(r["start"]), int(r["end"])
        r["doubt"] = bool(r.get("doubt"))
    return rows


def _touch(s1, e1, s2, e2):
    return s1 <= e2 and s2 <= e1


def _changes(orig, fixed):
    sm = difflib.SequenceMatcher(None, orig, fixed, autojunk=False)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def _image(pos, changes, end=False):
    """Position in the repaired line of original position ``pos`` (never inside a changed
    block); an insertion exactly at ``pos`` counts as before it for an end, after for a start."""
    shift = 0
    for i1, i2, j1, j2 in changes:
        if i2 < pos or (i2 == pos and (end or i1 < i2)):
            shift = j2 - i2
    return pos + shift


def _apply(orig, a, b, items):
    out, p = [], a
    for g in sorted(items, key=lambda g: g["start"]):
        out.append(orig[p:g["start"]])
        out.append(g["after"])
        p = g["end"]
    out.append(orig[p:b])
    return "".join(out)


def _groups(items, changes):
    """Connected groups of gold items (dicts) and changes (index into changes) that touch."""
    nodes = [("g", g["start"], g["end"], g) for g in items] + \
            [("c", c[0], c[1], k) for k, c in enumerate(changes)]
    parent = list(range(len(nodes)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if _touch(nodes[i][1], nodes[i][2], nodes[j][1], nodes[j][2]):
                parent[find(i)] = find(j)
    out = defaultdict(lambda: ([], []))
    for i, n in enumerate(nodes):
        out[find(i)][0 if n[0] == "g" else 1].append(n[3])
    return list(out.values())


def match_line(orig, fixed, gold):
    """-> (recalled gold ids, {change index: family or None}, changes, doubtful change ids)."""
    changes = _changes(orig, fixed)
    real = [g for g in gold if not g["doubt"]]
    doubt = [g for g in gold if g["doubt"]]
    recalled, correct = set(), {}

    def same(gs, cs):
        spans = [(g["start"], g["end"]) for g in gs] + [changes[k][:2] for k in cs]
        a, b = min(s for s, _ in spans), max(e for _, e in spans)
        return fixed[_image(a, changes):_image(b, changes, end=True)] == _apply(orig, a, b, gs)

    for gs, cs in _groups(real, changes):
        if not gs:
            continue
        if cs and same(gs, cs):
            for g in gs:
                recalled.add(id(g))
            for k in cs:
                correct[k] = gs[0]["family"] if len(gs) == 1 else _touching_family(k, gs, changes)
            continue
        for g in gs:
            near = [k for k in cs if _touch(g["start"], g["end"], *changes[k][:2])]
            if near and same([g], near):
                recalled.add(id(g))
                for k in near:
                    correct[k] = g["family"]
    doubtful = set()
    for gs, cs in _groups(doubt, [c for c in changes]):
        if gs:
            doubtful.update(k for k in cs if k not in correct)
    return recalled, correct, changes, doubtful


def _touching_family(k, gs, changes):
    for g in gs:
        if _touch(g["start"], g["end"], *changes[k][:2]):
            return g["family"]
    return gs[0]["family"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir")
    ap.add_argument("--set", choices=("tuned", "heldout", "both"), default="both")
    ap.add_argument("--source", action="store_true", help="pass the src.en line to fix()")
    ap.add_argument("--unsafe-fixes", action="store_true")
    ap.add_argument("--ignore", default="", help="comma-separated rule codes or prefixes")
    ap.add_argument("--show", action="store_true",
                    help="print false positives and missed gold items")
    args = ap.parse_args(argv)

    Linter, Settings = _import_api()
    data = Path(args.data_dir)
    mt = data.joinpath("gnmt.id").read_text(encoding="utf-8").split("\n")
    src = data.joinpath("src.en").read_text(encoding="utf-8").split("\n")
    ignore = tuple(c.strip() for c in args.ignore.split(",") if c.strip())
    linter = Linter(Settings(ignore=ignore, unsafe_fixes=args.unsafe_fixes))
    use_source = args.source and "source" in inspect.signature(linter.fix).parameters
    if args.source and not use_source:
        print("note: Linter.fix takes no source here; --source ignored")

    gold_by_line = defaultdict(list)
    for g in read_gold():
        gold_by_line[g["line"]].append(g)
    sets = ["tuned", "heldout"] if args.set == "both" else [args.set]

    # one pass over the lines: per set, per line, the edits and their verdicts
    per_set = {}
    for name in sets:
        rows = []
        for n in read_lines(f"{name}.lines"):
            orig = mt[n - 1]
            res = linter.fix(orig, source=src[n - 1]) if use_source else linter.fix(orig)
            recalled, correct, changes, doubtful = match_line(orig, res.text, gold_by_line[n])
            edits = []
            for e in res.applied:
                s, t = (e.orig_start, e.orig_end) if e.orig_start >= 0 else (e.start, e.end)
                ks = [k for k, c in enumerate(changes) if _touch(s, t, c[0], c[1])]
                if ks and all(k in correct for k in ks):
                    verdict, fam = "tp", correct[ks[0]]
                elif ks and all(k in doubtful or k in correct for k in ks):
                    verdict, fam = "doubt", None
                else:
                    verdict, fam = "fp", None
                edits.append((e, verdict, fam))
            rows.append((n, orig, res.text, gold_by_line[n], recalled, edits))
        per_set[name] = rows

    # family of each code's false positives: what the code fixes most often, else the map
    code_fams = defaultdict(Counter)
    for rows in per_set.values():
        for *_, edits in rows:
            for e, v, fam in edits:
                if v == "tp":
                    code_fams[e.code][fam] += 1

    def fp_family(code):
        if code_fams[code]:
            return code_fams[code].most_common(1)[0][0]
        return CODE_FAMILY.get(code, CODE_FAMILY.get(code[:2], "other"))

    print(f"gold_eval: mtfix default repair vs eval/gold/gold.tsv "
          f"(unsafe_fixes={args.unsafe_fixes}, ignore={','.join(ignore) or '-'}, "
          f"source={'yes' if use_source else 'no'})")
    for name in sets:
        rows = per_set[name]
        fam = {f: Counter() for f in FAMILIES}
        codes = defaultdict(Counter)
        clean_lines = sum(1 for r in rows if not [g for g in r[3] if not g["doubt"]])
        n_doubt = 0
        for n, orig, fixed, gold, recalled, edits in rows:
            for g in gold:
                if g["doubt"]:
                    continue
                fam[g["family"]]["gold"] += 1
                fam[g["family"]]["rec"] += id(g) in recalled
            for e, v, f in edits:
                codes[e.code]["edits"] += 1
                codes[e.code][v] += 1
                if v == "doubt":
                    n_doubt += 1
                    continue
                f = f if v == "tp" else fp_family(e.code)
                fam[f]["edits"] += 1
                fam[f]["tp"] += v == "tp"
        tot = sum(fam.values(), Counter())
        print(f"\n== {name}: {len(rows)} lines, {clean_lines} without a gold error, "
              f"{tot['gold']} gold items, {tot['edits'] + n_doubt} applied edits "
              f"({n_doubt} on doubtful items, left out)")
        print(f"{'family':<12} {'gold':>5} {'recalled':>8} {'recall':>7} {'edits':>6} "
              f"{'correct':>7} {'precision':>9}")
        for f in FAMILIES + ("TOTAL",):
            c = tot if f == "TOTAL" else fam[f]
            if f != "TOTAL" and not (c["gold"] or c["edits"]):
                continue
            rec = f"{c['rec'] / c['gold']:.3f}" if c["gold"] else "-"
            prec = f"{c['tp'] / c['edits']:.3f}" if c["edits"] else "-"
            print(f"{f:<12} {c['gold']:>5} {c['rec']:>8} {rec:>7} {c['edits']:>6} "
                  f"{c['tp']:>7} {prec:>9}")
        print(f"\n{'code':<8} {'edits':>6} {'matched gold':>12} {'doubtful':>8} {'false pos':>9}")
        for code in sorted(codes):
            c = codes[code]
            print(f"{code:<8} {c['edits']:>6} {c['tp']:>12} {c['doubt']:>8} {c['fp']:>9}")
        if args.show:
            print(f"\n-- {name}: false positives (edits that match no gold item)")
            for n, orig, fixed, gold, recalled, edits in rows:
                for e, v, f in edits:
                    if v == "fp":
                        print(f"{n}\t{e.code}\t{e.before!r} -> {e.after!r}\t| {orig}")
            print(f"\n-- {name}: missed gold items")
            for n, orig, fixed, gold, recalled, edits in rows:
                for g in gold:
                    if not g["doubt"] and id(g) not in recalled:
                        print(f"{n}\t{g['family']}\t{g['before']!r} -> {g['after']!r}\t| {orig}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
