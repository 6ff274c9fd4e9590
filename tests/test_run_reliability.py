"""Run-path reliability (issue 11): output collisions, counts from what was written, standard
output held per file, one line per write error, Dask cluster loss, worker processes that die
with the parent, bounded streaming chunks, and the same bytes whatever the run path."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtfix.run import cut

REPO = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}


def _one_line_errors(err: str) -> None:
    assert "Traceback" not in err, err


# -- 1. two inputs, one output path ---------------------------------------------------------

def test_output_collision_is_refused_before_any_write(cli, tmp_path):
    for d, word in (("d1", "a"), ("d2", "b")):
        (tmp_path / d / "x").mkdir(parents=True)
        (tmp_path / d / "x" / "f.txt").write_text(f"disini  {word}\n", encoding="utf-8")
    r = cli("fix", tmp_path / "d1", tmp_path / "d2", "-o", tmp_path / "out")
    assert r.returncode == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "d1/x/f.txt" in lines[0] and "d2/x/f.txt" in lines[0], r.err
    assert not (tmp_path / "out").exists()


# -- 2. counts from what was written ----------------------------------------------------------

def test_markup_edit_the_guard_rejects_is_not_counted(cli, tmp_path):
    kept = tmp_path / "kept.html"
    kept.write_bytes(b"<p>& amp;antar -jemput</p>\n")  # the structure guard keeps the line
    r = cli("fix", kept, "--exit-non-zero-on-fix")
    assert r.stdout == kept.read_bytes()
    assert r.returncode == 0 and "fixed 0 edit(s) in 0 of 1" in r.err, r.err
    mixed = tmp_path / "mixed.html"
    mixed.write_bytes(b"<p>& amp;antar -jemput</p>\n<p>Bersama -sama</p>\n")
    edits = tmp_path / "e.jsonl"
    r = cli("fix", mixed, "--exit-non-zero-on-fix", "--edits", edits)
    assert r.stdout == b"<p>& amp;antar -jemput</p>\n<p>Bersama-sama</p>\n"
    assert r.returncode == 1 and "fixed 1 edit(s)" in r.err, r.err
    assert len(edits.read_text().splitlines()) == 1


# -- 3. standard output committed per file ------------------------------------------------------

def _bad_utf8(n: int = 3000) -> bytes:
    data = "".join(f"disini  baris {i}\n" for i in range(n)).encode()
    k = len(data) * 6 // 10
    return data[:k] + b"\xff" + data[k:]


def test_invalid_utf8_mid_file_prints_nothing_of_it(cli, tmp_path):
    src = tmp_path / "bad.txt"
    src.write_bytes(_bad_utf8())
    r = cli("fix", src, env={"MTFIX_STREAM_CHUNK": "4096"}, subprocess=True)
    assert r.returncode == 2
    assert r.stdout == b""
    assert "not valid UTF-8" in r.err and "bad.txt" in r.err
    r = cli("fix", "-", input=_bad_utf8(), env={"MTFIX_STREAM_CHUNK": "4096"}, subprocess=True)
    assert r.returncode == 2 and r.stdout == b"", r.err


def test_stdout_spills_large_outputs_to_a_temporary_file(monkeypatch, cli, tmp_path):
    from mtfix.run import sink

    monkeypatch.setattr(sink, "STDOUT_SPOOL_BYTES", 1024)
    text = "".join(f"disini  {i}\n" for i in range(2000))
    r = cli("fix", "-", input=text)
    assert r.returncode == 0 and r.out == text.replace("disini  ", "di sini ")


# -- 4. one line per error, the rest of the batch written --------------------------------------

def test_unwritable_streamed_output_fails_that_file_only(cli, tmp_path):
    (tmp_path / "in" / "x").mkdir(parents=True)
    (tmp_path / "in" / "x" / "f.txt").write_text("disini  a\n", encoding="utf-8")
    (tmp_path / "in" / "y.txt").write_text("disini  b\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x").write_text("a file where a directory should be")
    r = cli("fix", tmp_path / "in", "-o", tmp_path / "out")
    _one_line_errors(r.err)
    assert r.returncode == 2
    assert "out/x/f.txt: cannot write" in r.err
    assert (tmp_path / "out" / "y.txt").read_text() == "di sini b\n"
    assert "in 1 of 2 file(s)" in r.err  # the failed file is not counted


def test_full_disk_is_one_line(monkeypatch, cli, tmp_path):
    import errno

    from mtfix.run import sink

    class Full:
        def __init__(self, path):
            self.target = path

        def __enter__(self):
            class FH:
                def write(self, data):
                    raise OSError(errno.ENOSPC, "No space left on device")
            self.fh = FH()
            return self.fh

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(sink, "atomic_output", Full)
    src = tmp_path / "a.txt"
    src.write_text("disini  a\n", encoding="utf-8")
    r = cli("fix", src, "-o", tmp_path / "o.txt")
    _one_line_errors(r.err)
    assert r.returncode == 2 and "o.txt: cannot write (No space left on device)" in r.err


@pytest.mark.parametrize("option", ["--report", "--edits"])
def test_unwritable_side_output_is_one_line_and_the_file_is_written(cli, tmp_path, option):
    src = tmp_path / "a.txt"
    src.write_text("disini  a\n", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    r = cli("fix", src, "-o", tmp_path / "o.txt", option, blocker / "side.out")
    _one_line_errors(r.err)
    assert r.returncode == 2 and "blocker/side.out: cannot write" in r.err, r.err
    assert (tmp_path / "o.txt").read_text() == "di sini a\n"


def test_side_output_directory_is_not_created(cli, tmp_path):
    hyp = tmp_path / "h.txt"
    hyp.write_text("satu dua\n", encoding="utf-8")
    target = tmp_path / "nonexistent" / "d" / "x.tsv"
    r = cli("score", hyp, "--ref", hyp, "--sentence-level", target)
    _one_line_errors(r.err)
    assert r.returncode == 2 and "x.tsv: cannot write (no such directory" in r.err, r.err
    assert not (tmp_path / "nonexistent").exists()


def test_unreadable_config_is_one_line(monkeypatch, cli, tmp_path):
    cfg = tmp_path / "mtfix.toml"
    cfg.write_text('select = ["ALL"]\n')
    real = Path.read_text

    def read_text(self, *a, **k):
        if self.name == "mtfix.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "read_text", read_text)
    r = cli("fix", "-", input="disini  a\n", cwd=tmp_path)
    _one_line_errors(r.err)
    assert r.returncode == 2 and "mtfix.toml: cannot read the config file" in r.err, r.err


def test_unparseable_streamed_records_fail_their_file_only(cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "deep.jsonl").write_text('{"a":' * 100_000 + "1" + "}" * 100_000 + "\n")
    (tmp_path / "in" / "num.jsonl").write_text('{"target": "x", "n": ' + "1" * 5000 + "}\n")
    (tmp_path / "in" / "ok.jsonl").write_text('{"target": "disini  a"}\n')
    r = cli("fix", tmp_path / "in", "-o", tmp_path / "out", "--include", "*.jsonl")
    _one_line_errors(r.err)
    assert r.returncode == 2
    assert "deep.jsonl: nested too deeply" in r.err and "num.jsonl: cannot parse" in r.err
    assert json.loads((tmp_path / "out" / "ok.jsonl").read_text())["target"] == "di sini a"
    assert not (tmp_path / "out" / "deep.jsonl").exists()


@pytest.mark.dask
def test_tls_scheduler_is_one_line(cli, tmp_path):
    pytest.importorskip("distributed")
    t0 = time.monotonic()
    r = cli("fix", "-", "--engine", "dask", "--scheduler", "tls://127.0.0.1:1", input="x\n")
    _one_line_errors(r.err)
    assert r.returncode == 2 and "only tcp://" in r.err
    assert time.monotonic() - t0 < 10


# -- 5. Dask: a lost cluster fails in bounded time; small files share a task -------------------

def test_small_streamed_files_are_packed_into_few_items():
    from mtfix.formats.registry import get
    from mtfix.run.dispatch import StreamSpec, stream_files
    from mtfix.settings import Settings

    class Counting:
        workers = 1
        calls = 0

        def map(self, fn, items):
            for it in items:
                Counting.calls += 1
                yield fn(it)

    specs = [StreamSpec(i, (lambda i=i: io.BytesIO(f"disini  {i}\n".encode())), get("text"),
                        f"f{i}.txt") for i in range(200)]
    events = list(stream_files(specs, Settings(), Counting()))
    assert Counting.calls == 1
    assert [p for kind, _, p in events if kind == "data"][:2] == [b"di sini 0\n", b"di sini 1\n"]
    assert sum(1 for kind, _, _ in events if kind == "end") == 200


def _dask_cluster(tmp: Path, env: dict):
    bin_ = Path(sys.executable).parent
    sf = tmp / "s.json"
    procs = [subprocess.Popen([str(bin_ / "dask"), "scheduler", "--host", "127.0.0.1",
                               "--port", "0", "--no-dashboard", "--dashboard-address",
                               "127.0.0.1:0", "--scheduler-file", str(sf)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=tmp)]
    deadline = time.monotonic() + 60
    while not sf.exists() or not sf.read_text().strip():
        assert time.monotonic() < deadline, "no Dask scheduler"
        time.sleep(0.1)
    time.sleep(0.2)
    addr = json.loads(sf.read_text())["address"]
    procs.append(subprocess.Popen([str(bin_ / "dask"), "worker", addr, "--nthreads", "1",
                                   "--no-nanny", "--host", "127.0.0.1", "--no-dashboard",
                                   "--dashboard-address", "127.0.0.1:0",
                                   "--local-directory", str(tmp / "w")],
                                  env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, cwd=tmp))
    return addr, procs


@pytest.mark.dask
@pytest.mark.slow
@pytest.mark.parametrize("victim", ["worker", "scheduler"])
def test_dask_cluster_lost_mid_run_fails_in_bounded_time(tmp_path, victim):
    pytest.importorskip("distributed")
    env = {**os.environ, **ENV, "MTFIX_DASK_LOST_TIMEOUT": "5", "HF_HUB_OFFLINE": "1"}
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"f{i:02}.txt").write_text("disini  ada kata kata yang yang sama . \n" * 3000)
    addr, procs = _dask_cluster(tmp_path, env)
    out = tmp_path / "out"
    try:
        p = subprocess.Popen([sys.executable, "-m", "mtfix", "fix", str(src), "-o", str(out),
                              "--engine", "dask", "--scheduler", addr], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
        deadline = time.monotonic() + 120
        while not out.exists() or not any(out.iterdir()):
            assert p.poll() is None, p.communicate()[1].decode()
            assert time.monotonic() < deadline, "no output from the Dask run"
            time.sleep(0.05)
        t0 = time.monotonic()
        (procs[1] if victim == "worker" else procs[0]).kill()
        _, err = p.communicate(timeout=90)
        took = time.monotonic() - t0
    finally:
        for q in procs:
            q.kill()
            q.wait()
    err = err.decode()
    _one_line_errors(err)
    assert p.returncode == 2, err
    assert "Dask" in err and len([ln for ln in err.splitlines() if "error" in ln]) == 1, err
    assert took < 60, took


# -- 6. worker processes die with the parent; --jobs capped -------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_pool_workers_die_with_the_parent(tmp_path, sig):
    psutil = pytest.importorskip("psutil")
    big = tmp_path / "big.txt"
    big.write_text("disini  ada kata kata yang yang sama . \n" * 200_000)
    p = subprocess.Popen([sys.executable, "-m", "mtfix", "fix", "--jobs", "2", str(big), "-o",
                          str(tmp_path / "o.txt")], env={**os.environ, **ENV}, cwd=REPO,
                         stderr=subprocess.DEVNULL)
    parent = psutil.Process(p.pid)
    deadline = time.monotonic() + 60
    while len(parent.children()) < 2:
        assert p.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    kids = parent.children(recursive=True)
    os.kill(p.pid, sig)
    p.wait()
    _, alive = psutil.wait_procs(kids, timeout=5)
    for a in alive:
        a.kill()
    assert not alive, [a.pid for a in alive]


def test_jobs_capped_at_the_cpus(cli):
    r = cli("fix", "-", "--jobs", "100000", input="disini  a\n", subprocess=True)
    assert r.returncode == 0 and r.out == "di sini a\n"
    assert r.err.count("--jobs 100000 is more than the") == 1


# -- 7. streaming chunks bounded in bytes ------------------------------------------------------

@pytest.mark.parametrize("shape", [
    lambda i: f"- x  y {i}\n",                       # a list: no safe cut anywhere
    lambda i: f"Kalimat ke {i} disini  ya.\n\n",     # blank lines between all lines
    lambda i: "\n" if i % 50 else "- lone\n",        # mostly blank lines
])
def test_chunks_are_bounded_whatever_the_line_structure(shape):
    data = "".join(shape(i) for i in range(20_000)).encode()
    size = 4096
    pieces = list(cut.chunks(io.BytesIO(data), size))
    assert b"".join(c[0] for c in pieces) == data
    assert max(len(c[0]) for c in pieces) <= 3 * size


# -- 8. the same bytes whatever the run path ---------------------------------------------------

LINES = ["- butir daftar", "-", "- x  y", "-Kalimat dengan tanda hubung", "", "   ",
         "Dia berkata , \"Ya\" .", "“kata kata” yang yang sama",
         "liberal liberal di Jakarta", "sela -sela kegiatan", "Harga $ 16,6 juta",
         "— sudah benar", "'dia dia' katanya", "yang yang", "Saya tinggal disini  ya."]
DOTTED = ["İstanbul disini  ya.", "İ", "İİ yang yang"]


def _body(lines: list[str]) -> list[str]:
    return lines or ["x"]


def _text_strategy():
    from hypothesis import strategies as st

    return st.builds(lambda body, nl, final: nl.join(_body(body)) + (nl if final else ""),
                     st.lists(st.sampled_from(LINES + DOTTED), min_size=1, max_size=50),
                     st.sampled_from(["\n", "\r\n"]), st.booleans())


def test_dotted_capital_i_does_not_change_a_later_repair():
    """A dotted capital I anywhere in a text (lowercased to two characters by str.lower) once
    changed whether a doubled word in single quotes was fixed; offsets now stay aligned."""
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lin = Linter(Settings())
    alone = lin.fix("'dia dia' katanya\n").text
    assert lin.fix("İ\n'dia dia' katanya\n").text == "İ\n" + alone


def _paths_agree(examples: int) -> None:
    from hypothesis import given, settings as hsettings

    from mtfix.engine import Linter
    from mtfix.formats.registry import get
    from mtfix.run import cut as cutmod
    from mtfix.run.dispatch import StreamSpec, fix_groups, stream_files
    from mtfix.run.executors import Processes, Serial
    from mtfix.settings import Settings

    s = Settings()
    linter = Linter(s)
    pool = Processes(2)
    saved = cutmod.CHUNK_CHARS, cutmod.STREAM_CHUNK
    cutmod.CHUNK_CHARS = cutmod.STREAM_CHUNK = 64  # many pieces, forced cuts included
    try:
        @hsettings(max_examples=examples, deadline=None)
        @given(_text_strategy())
        def prop(text):
            whole = linter.fix(text).text
            for ex in (Serial(), pool):
                got = fix_groups([[text]], s, ex, split=[True])[0][0]
                assert got.text == whole
                spec = StreamSpec(0, lambda: io.BytesIO(text.encode()), get("text"), "t.txt")
                out = b"".join(p for kind, _, p in stream_files([spec], s, ex) if kind == "data")
                assert out.decode() == whole

        prop()
    finally:
        cutmod.CHUNK_CHARS, cutmod.STREAM_CHUNK = saved
        pool.close()


def test_run_paths_give_the_same_bytes_property():
    _paths_agree(40)


@pytest.mark.slow
def test_run_paths_give_the_same_bytes_property_long():
    _paths_agree(400)


@pytest.mark.slow
def test_cli_run_paths_give_the_same_bytes(cli, tmp_path):
    text = "\r\n".join(LINES * 40) + "\n" + "\n".join(LINES * 200) + "\n"
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8", newline="")
    env = {"MTFIX_STREAM_CHUNK": "4096", "MTFIX_CHUNK_CHARS": "4096"}
    outs = {}
    for jobs in ("1", "2"):
        outs[f"stdin-{jobs}"] = cli("fix", "-", "--jobs", jobs, input=src.read_bytes(), env=env,
                                    subprocess=True).stdout
        for edits in (False, True):
            o = tmp_path / f"o-{jobs}-{edits}.txt"
            extra = ("--edits", tmp_path / f"e-{jobs}.jsonl") if edits else ()
            r = cli("fix", src, "-o", o, "--jobs", jobs, *extra, env=env, subprocess=True)
            assert r.returncode == 0, r.err
            outs[f"file-{jobs}-{edits}"] = o.read_bytes()
    assert len(set(outs.values())) == 1, {k: len(v) for k, v in outs.items()}
    assert outs["stdin-1"] != src.read_bytes()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_whole_file_that_cannot_be_written_is_not_counted(cli, tmp_path):
    src = tmp_path / "a.html"
    src.write_bytes(b"<p>Bersama -sama</p>\n")
    r = cli("fix", src, "-o", "/dev/full")   # every write fails: no space left
    _one_line_errors(r.err)
    assert r.returncode == 2 and "fixed 0 edit(s) in 0 of 1" in r.err, r.err
    assert "/dev/full: cannot write" in r.err, r.err


def test_forced_cuts_in_a_short_search_window_repair_as_the_whole(monkeypatch):
    """A streamed chunk's safe cut is looked for only near its end (cut.SAFE_CUT_WINDOW);
    where there is none the cut is forced with context, and the repair is still that of the
    whole text (a list, lone hyphens, blank lines; WS007 looks across lines)."""
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    monkeypatch.setattr(cut, "SAFE_CUT_WINDOW", 24)
    lines = ["- butir daftar", "-", "- x  y", "", "Saya tinggal disini  ya.", "— sudah benar",
             "-Kalimat", "sela -sela kegiatan", "1. butir"]
    text = "\n".join(lines[(i * 7) % len(lines)] for i in range(400)) + "\n"
    lin = Linter(Settings())
    whole = lin.fix(text).text
    data = text.encode()
    for size in (16, 64, 300):
        chunks = list(cut.chunks(io.BytesIO(data), size))
        assert b"".join(c[0] for c in chunks) == data
        got = []
        for piece, _off, _last, before, after in chunks:
            b, t, a = before.decode(), piece.decode(), after.decode()
            kept = cut.drop_context(lin.fix(cut.with_context(b, t, a)).text, b, t, a)
            got.append(lin.fix(t).text if kept is None else kept)
        assert "".join(got) == whole


def test_split_lines_of_a_list_without_safe_boundaries():
    """A long list has no safe boundary: one piece (each stretch is looked at once); after
    it, a safe boundary past the list is where it is cut."""
    listing = "- x  y\n" * 5000
    assert cut.split_lines(listing, 1000) == [listing]
    text = listing + "akhir kalimat.\nlagi.\n" + "kalimat biasa.\n" * 200
    pieces = cut.split_lines(text, 1000)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and pieces[0].startswith(listing + "akhir kalimat.\n")


def test_output_file_directory_is_not_created(cli, tmp_path):
    """`-o` naming one file writes into an existing directory, as the side outputs do; an
    output directory for several inputs is made, with the inputs' folders inside it."""
    src = tmp_path / "in" / "a.txt"
    src.parent.mkdir()
    src.write_text("di sini  a\n", encoding="utf-8")
    r = cli("fix", src, "-o", tmp_path / "nonexistent" / "d" / "x.txt")
    _one_line_errors(r.err)
    assert r.returncode == 2 and "x.txt: cannot write (no such directory" in r.err, r.err
    assert not (tmp_path / "nonexistent").exists()
    r = cli("fix", src.parent, "-o", tmp_path / "out")
    assert r.returncode == 0, r.err
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "di sini a\n"


def test_output_with_a_trailing_slash_is_a_directory(cli, tmp_path):
    """`-o fixed/` for one input: the slash names a directory (made if missing) and the file
    goes into it by its name; a file already named so is an error, nothing written."""
    src = tmp_path / "a.txt"
    src.write_text("di sini  a\n", encoding="utf-8")
    r = cli("fix", src, "-o", f"{tmp_path / 'fixed' / 'sub'}/")
    assert r.returncode == 0, r.err
    assert (tmp_path / "fixed" / "sub" / "a.txt").read_text(encoding="utf-8") == "di sini a\n"
    (tmp_path / "plain").write_text("keep\n", encoding="utf-8")
    r = cli("fix", src, "-o", f"{tmp_path / 'plain'}/")
    _one_line_errors(r.err)
    assert r.returncode == 2 and "plain/: not a directory" in r.err, r.err
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "keep\n"
    r = cli("fix", src, "-o", tmp_path / "plain.txt")  # no slash: still one file
    assert r.returncode == 0 and (tmp_path / "plain.txt").is_file(), r.err
