"""Wall time and peak memory of `mtfix fix` and `mtfix check` on pathological inputs.

Usage:
    .venv/bin/python bench/bench_pathological.py [DATA_DIR] [--timeout S] [--only NAME,...]
                                                 [--keep DIR] [--check-format FMT]

Each input is one shape that once made a rule or the protected-span scan take minutes: long
single lines of one repeated token (``- ``, ``a ``, ``the ``, ``Key ``, ``“``, ``a.``,
``, "katanya ``), an ``a.a.a…`` line (the e-mail pattern), real-looking text on one 16 MB
line, a 1.2 MB Markdown table, line-heavy shapes (lists, a double space on every line) and one
line with an edit beside a number every 15 characters. With DATA_DIR, also ``gnmt.id`` joined by
spaces into one line and repeated to 16 MB. Last, Markdown lists and runs of link openers,
open link titles and brackets.

Every input is written to a temporary directory, then `mtfix fix FILE -o OUT -q` and
`mtfix check FILE --fail-on never` (output discarded; ``--check-format json|sarif|...``: with
that ``--output-format``, which writes every finding) run as real subprocesses
(`python -m mtfix` with this checkout first on PYTHONPATH, so the code measured is the code
next to this script, not whatever `mtfix` is installed). For each: wall time, peak RSS of the child (``os.wait4``),
CPU time (user + system: steadier than wall time on a loaded machine), and ``>T`` when it
was killed at ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from _proc import compile_checkout  # bench/_proc.py (this script's folder is on sys.path)

MB = 1_000_000

_SENTENCES = (
    'Presiden Joko Widodo mengatakan, "Kami tidak akan mundur," katanya di Jakarta pada '
    "Senin (3/5/2021). ",
    "Harga beras naik menjadi Rp 12.000 per kilogram , naik 5 % dari bulan lalu. ",
    "Para pemimpin sekelompok tujuh (G7) bertemu di sela -sela KTT di Cornwall. ",
    "Dia terlihat terlihat lelah setelah pertandingan , ujar pelatih Shin Tae-yong. ",
    "Kunjungi www.contoh.co.id atau kirim surel ke redaksi@contoh.co.id untuk info. ",
    "Pada tahun 1990an, sepakbola Indonesia berjaya di Asia Tenggara. ",
)


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode()) + 1)


def _distinct_repeats(size: int) -> str:
    """`aa aa ab ab ac ac …`: many different doubled words (DW001 once looked for each one
    in a pass of its own over the text)."""
    out, n, total = [], 0, 0
    letters = "abcdefghijklmnopqrstuvwxyz"
    while total < size:
        k, w = n, ""
        for _ in range(4):
            k, r = divmod(k, 26)
            w += letters[r]
        out.append(f"{w} {w} ")
        total += 10
        n += 1
    return "".join(out)


def _table(size: int) -> str:
    rows = ["| No | Nama | Keterangan | Nilai |", "|---|---|---|---|"]
    n = 0
    total = sum(len(r) + 1 for r in rows)
    while total < size:
        n += 1
        row = (f"| {n} | Pemain ke-{n} | dia terlihat terlihat lelah , kata pelatih | "
               f"Rp {n * 1000:,} |")
        rows.append(row)
        total += len(row.encode()) + 1
    return "\n".join(rows) + "\n"


def inputs(data_dir: Path | None) -> dict[str, tuple[str, str]]:
    """name → (suffix, text)."""
    out = {
        "dash 1MB (`- `)": (".txt", _repeat("- ", MB)),
        "a 1MB (`a `)": (".txt", _repeat("a ", MB)),
        "the 1MB (`the `)": (".txt", _repeat("the ", MB)),
        "Key 1MB (`Key `)": (".txt", _repeat("Key ", MB)),
        "quote 1MB (`“`)": (".txt", _repeat("“", MB)),
        "a. 1MB (`a.`)": (".txt", _repeat("a.", MB)),
        'katanya 1MB (`, "katanya `)': (".txt", _repeat(', "katanya ', MB)),
        "a.a 64KB (`a.a.a…`)": (".txt", _repeat("a.", 64_000) + "a"),
        "a.a 1MB (`a.a.a…`)": (".txt", _repeat("a.", MB) + "a"),
        # A line's protected spans are only looked for when a rule flags something on it:
        # `x  y` (WS001) makes them, a digit or `@` lets the scan run.
        "a.a 1MB, flagged, a digit (`x  y 1 a.a.a…`)": (".txt", "x  y 1 " + _repeat("a.", MB)),
        "a.a 1MB, flagged, then `@` (`x  y a.a.a…a@b`)": (".txt",
                                                           "x  y " + _repeat("a.", MB) + "a@b"),
        "comment openers 1MB, flagged (`x  y --><!--<!--…`)": (".txt",
                                                              "x  y -->" + _repeat("<!--", MB)),
        "printf zeros 1MB, flagged (`x  y %000…q`)": (".txt", "x  y %" + "0" * MB + "q"),
        "many repeats 1MB (`aa aa ab ab …`)": (".txt", _distinct_repeats(MB)),
        "sentences 1MB, one line": (".txt", _repeat("".join(_SENTENCES), MB)),
        "sentences 16MB, one line": (".txt", _repeat("".join(_SENTENCES), 16 * MB)),
        "markdown table 1.2MB": (".md", _table(1_200_000)),
        # Markdown inline openers with no closer (each once scanned to the end of the line).
        "markdown comment openers 1MB (`x  y --><!--<!--…`)": (
            ".md", "x  y -->" + _repeat("<!--", MB)),
        "markdown backtick runs 1MB (`` ` x `` x ``` x …``)": (
            ".md", "".join("`" * k + " x " for k in range(1, 1500))[:MB]),
        # Line-heavy shapes: a finding or a neighbour look-up on every short line (WS007 looks
        # at the lines around a `- `; a list has no safe place to cut a stream).
        "list 1MB, lines (`- x  y`)": (".txt", _repeat("- x  y\n", MB)),
        "clean list 1MB, lines (`- x y`)": (".txt", _repeat("- x y\n", MB)),
        "double spaces 1MB, lines (`x  y z`)": (".txt", _repeat("x  y z\n", MB)),
        # An edit beside a number (a protected span) every 15 characters of one line: each
        # edit's protection check once re-scanned the whole line.
        "edits beside numbers 1MB, one line (`kata 12 , lain `)": (
            ".txt", _repeat("kata 12 , lain ", MB)),
    }
    if data_dir is not None:
        lines = (data_dir / "gnmt.id").read_text(encoding="utf-8").split("\n")
        joined = " ".join(line.strip() for line in lines if line.strip()) + " "
        out["gnmt.id joined, 1MB line"] = (".txt", _repeat(joined, MB))
        out["gnmt.id joined, 16MB line"] = (".txt", _repeat(joined, 16 * MB))
    # Markdown shapes added after the others (the inputs above keep their numbers).
    out.update({
        "markdown list 1MB, lines (`- kata lain`)": (".md", _repeat("- kata lain\n", MB)),
        "markdown list 1MB, lines (`- x  y`)": (".md", _repeat("- x  y\n", MB)),
        "markdown link openers 1MB (`[a](`)": (".md", _repeat("[a](", MB)),
        "markdown open link titles 1MB (`[a](b (`)": (".md", _repeat("[a](b (", MB)),
        "markdown nested brackets 1MB, a reference defined (`[[[…]]]`)": (
            ".md", "[x]: http://e.com\n\n" + "[" * (MB // 2) + "]" * (MB // 2)),
        "markdown brackets 1MB, a reference defined (`[a[b[c…`)": (
            ".md", "[x]: http://e.com\n\n" + "".join(
                "[" + chr(97 + k % 26) for k in range(MB // 2))),
    })
    return out


REPO = Path(__file__).resolve().parent.parent


def mtfix_cmd() -> list[str]:
    """`python -m mtfix` with this checkout first on PYTHONPATH (see `child_env`): the
    installed `mtfix` script may be an editable install of another worktree."""
    return [sys.executable, "-m", "mtfix"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run(cmd: list[str], timeout: float) -> tuple[float, float, float, bool]:
    """(wall seconds, CPU seconds, peak RSS MiB, timed out) of one subprocess."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=child_env())
    deadline = t0 + timeout
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.01)
    proc.returncode = 0  # reaped above
    wall = time.perf_counter() - t0
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, timed_out


def fix_and_check(base: list[str], path: Path, out: Path, timeout: float,
                  check_format: str = "text") -> list[str]:
    """`mtfix fix PATH -o OUT -q`, then `mtfix check PATH --fail-on never --output-format
    CHECK_FORMAT`: the table cells of each (wall s, or ``>T`` when killed at ``timeout``;
    CPU s; peak MiB)."""
    cells = []
    for cmd in (base + ["fix", str(path), "-o", str(out), "-q"],
                base + ["check", str(path), "--fail-on", "never",
                        "--output-format", check_format]):
        wall, cpu, rss, timed_out = run(cmd, timeout)
        cells += [f">{timeout:.0f}" if timed_out else f"{wall:.2f}", f"{cpu:.2f}", f"{rss:.0f}"]
    return cells


def _write_inputs(args) -> None:
    """Write the selected inputs into ``args.write_inputs``; print [k, name, suffix, path,
    bytes] of each as JSON."""
    todo = []
    for k, (name, (suffix, text)) in enumerate(inputs(args.data_dir).items()):
        if args.only and not any(s in name for s in args.only.split(",")):
            continue
        path = args.write_inputs / f"input{k}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        todo.append((k, name, suffix, str(path), len(text.encode())))
    print(json.dumps(todo))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", type=Path)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--only", default="", help="comma-separated substrings of input names")
    ap.add_argument("--keep", type=Path, help="write the inputs to this directory and keep them")
    ap.add_argument("--check-format", default="text",
                    help="check's --output-format (text, json, github, junit, sarif)")
    ap.add_argument("--write-inputs", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write_inputs is not None:
        _write_inputs(args)
        return
    compile_checkout()  # timed as installed: see bench/_proc.py
    base = mtfix_cmd()
    tmp = Path(tempfile.mkdtemp(prefix="mtfix-patho-"))
    try:
        check = "check" if args.check_format == "text" else f"check ({args.check_format})"
        print(f"| input | MB | fix s | fix CPU s | fix MiB | {check} s | {check} CPU s "
              f"| {check} MiB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        # The inputs are made and written by a child process: a child's peak RSS (os.wait4)
        # starts from its parent's peak, so a parent that held the texts (about 130 MB) set
        # a floor under every MiB figure.
        out = subprocess.run([sys.executable, __file__, "--write-inputs", str(args.keep or tmp),
                              "--only", args.only]
                             + ([str(args.data_dir)] if args.data_dir else []),
                             check=True, capture_output=True, text=True).stdout
        todo = [(k, name, suffix, Path(path), size) for k, name, suffix, path, size
                in json.loads(out)]
        for k, name, suffix, path, size in todo:
            cells = fix_and_check(base, path, tmp / f"out{k}{suffix}", args.timeout,
                                  args.check_format)
            print(f"| {name} | {size / MB:.2f} | " + " | ".join(cells) + " |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
