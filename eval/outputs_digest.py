"""Digest of `mtfix fix` and `mtfix check` outputs on the dev data, for byte-identity checks.

Usage:
    .venv/bin/python eval/outputs_digest.py DATA_DIR [--save FILE | --compare FILE] [--keep DIR]

Runs the installed `mtfix` command (a real subprocess, as a user would) over gnmt.id, gareng.id
and ref.id, each with and without `--source src.en`, in these configurations:

  fix (default rules), fix --unsafe-fixes, fix --mode article, check --output-format json,
  check (text)

and prints one sha256 per (file, configuration, with/without source) of stdout + exit code.
`--save FILE` writes the table (JSON); `--compare FILE` compares with a saved table and exits 1
on any difference, naming it. A structural change must leave every line identical; a change
that is meant to alter behaviour is compared and the differences read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

FILES = ("gnmt.id", "gareng.id", "ref.id")
CONFIGS = {
    "fix": ["fix"],
    "fix-unsafe": ["fix", "--unsafe-fixes"],
    "fix-article": ["fix", "--mode", "article"],
    "check-json": ["check", "--output-format", "json", "--fail-on", "never"],
    "check-text": ["check", "--fail-on", "never"],
}


def mtfix_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("mtfix")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("mtfix")
    if not found:
        sys.exit("mtfix is not installed in this environment")
    return [found]


def digests(data: Path, keep: Path | None) -> dict[str, str]:
    out: dict[str, str] = {}
    base = mtfix_cmd()
    for name in FILES:
        for cfg, args in CONFIGS.items():
            for with_src in (False, True):
                cmd = base + args + ["-q"] if args[0] == "fix" else base + args
                if with_src:
                    cmd += ["--source", str(data / "src.en")]
                cmd.append(str(data / name))
                proc = subprocess.run(cmd, capture_output=True)
                blob = proc.stdout + b"\n--rc=" + str(proc.returncode).encode()
                key = f"{name}|{cfg}|{'src' if with_src else 'nosrc'}"
                out[key] = hashlib.sha256(blob).hexdigest()
                if keep:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / key.replace("|", "__")).write_bytes(blob)
                print(f"{key:40s} {out[key][:16]} rc={proc.returncode}", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--save", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--keep", type=Path, help="also write each output to this directory")
    a = ap.parse_args()
    got = digests(a.data, a.keep)
    if a.save:
        a.save.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
    if a.compare:
        want = json.loads(a.compare.read_text())
        diff = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
        for k in diff:
            print(f"DIFFERS: {k}")
        print(f"{len(got) - len(diff)} of {len(set(want) | set(got))} outputs byte-identical")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
