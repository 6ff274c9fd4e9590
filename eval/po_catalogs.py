"""Run `mtfix fix` on every gettext catalog (.po) under DIR and check what it did.

    python eval/po_catalogs.py DIR [--mtfix CMD]

Each .po is fixed with the CLI (``mtfix fix FILE -o TMP/...``) into a temporary directory, the
output is checked with ``msgfmt -c`` (install Debian's ``gettext`` if it is missing), and every
changed msgstr is listed (msgid, before, after). The catalogs are human translations (Django
ships Indonesian ones: ``pip download --no-deps Django``), so each change must be a real
correction. A second pass fixes each unit through the Python API with its msgid as the source
(``Linter.fix(target, source=msgid)``: the bilingual rules, and spacing the source has kept),
and lists where it differs from the CLI's repair. Nothing is written under DIR.
"""
from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtfix.engine import Linter  # noqa: E402
from mtfix.formats import FormatOptions  # noqa: E402
from mtfix.formats.l10n import parse_po  # noqa: E402
from mtfix.settings import Settings  # noqa: E402


def units(path: Path) -> list:
    return parse_po(path.read_bytes(), str(path), FormatOptions()).units


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--mtfix", default=f"{shlex.quote(sys.executable)} -m mtfix",
                    help="the command that runs mtfix")
    args = ap.parse_args()
    files = sorted(args.dir.rglob("*.po"))
    linter = Linter(Settings())
    bad = changed_total = units_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, po in enumerate(files):
            out = Path(tmp) / f"{k}.po"
            run = subprocess.run(shlex.split(args.mtfix) + ["fix", str(po), "-o", str(out)],
                                 capture_output=True, text=True)
            if run.returncode not in (0, 1) or not out.exists():
                print(f"!! {po}: mtfix fix failed ({run.returncode}): {run.stderr.strip()[:300]}")
                bad += 1
                continue
            check = subprocess.run(["msgfmt", "-c", "-o", str(Path(tmp) / "x.mo"), str(out)],
                                   capture_output=True, text=True)
            ok = check.returncode == 0
            bad += not ok
            before, after = units(po), units(out)
            units_total += len(before)
            diffs = [(a, b) for a, b in zip(before, after) if a.target != b.target]
            changed_total += len(diffs)
            print(f"## {po.relative_to(args.dir)}: {len(before)} units, {len(diffs)} changed, "
                  f"msgfmt -c {'ok' if ok else 'FAILED: ' + check.stderr.strip()[:300]}")
            for a, b in diffs:
                print(f"- msgid  {a.source!r}\n  before {a.target!r}\n  after  {b.target!r}")
            for a, b in zip(before, after):
                if a.source is None:
                    continue
                with_src = linter.fix(a.target, source=a.source).text
                if with_src != b.target:
                    print(f"- [with source] msgid {a.source!r}\n  before {a.target!r}\n"
                          f"  cli    {b.target!r}\n  source {with_src!r}")
    print(f"\n{len(files)} catalogs, {units_total} units, {changed_total} changed; "
          f"{bad} failed msgfmt -c or mtfix")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
