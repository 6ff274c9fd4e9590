"""Batches as localization staff run them: in-place with backups, outputs that may not overwrite
inputs, bad files reported while the rest is written, large files streamed, several processes.
Real files; the CLI through the shared ``cli`` fixture, as a real process where the environment
knobs (read at import) or worker processes are involved."""

import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}

DAMAGED = "Saya tinggal disini  ya.\nsela -sela kegiatan\n\nliberal liberal di Jakarta\n"
FIXED = "Saya tinggal di sini ya.\nsela-sela kegiatan\n\nliberal di Jakarta\n"


def test_in_place_with_backup(cli, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    b.write_text("Sudah bersih.\n", encoding="utf-8")
    os.chmod(a, 0o640)
    os.utime(b, (1_000_000_000, 1_000_000_000))
    b_stat = os.stat(b)
    r = cli("fix", "--in-place", "--backup", ".orig", a, b)
    assert r.returncode == 0, r.stderr
    assert a.read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "a.txt.orig").read_text(encoding="utf-8") == DAMAGED
    assert oct(os.stat(a).st_mode & 0o777) == oct(0o640)
    assert oct(os.stat(tmp_path / "a.txt.orig").st_mode & 0o777) == oct(0o640)
    # nothing changed in b: no rewrite (same inode, same mtime), no backup
    assert not (tmp_path / "b.txt.orig").exists()
    assert (os.stat(b).st_ino, os.stat(b).st_mtime) == (b_stat.st_ino, b_stat.st_mtime)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "a.txt.orig", "b.txt"]


def test_backup_needs_in_place_and_a_suffix(cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    r = cli("fix", a, "-o", tmp_path / "o.txt", "--backup", ".orig")
    assert r.returncode == 2 and b"--backup goes with --in-place" in r.stderr
    r = cli("fix", a, "--in-place", "--backup", "../x")
    assert r.returncode == 2 and b"suffix" in r.stderr
    assert a.read_text(encoding="utf-8") == DAMAGED


def test_output_may_not_be_an_input(cli, tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    a = d / "a.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    r = cli("fix", a, "-o", a)
    assert r.returncode == 2 and b"-o would overwrite the input" in r.stderr
    r = cli("fix", d, "-o", d)  # a directory onto itself: d/a.txt is both
    assert r.returncode == 2 and b"-o would overwrite the input" in r.stderr
    r = cli("fix", "a.txt", "-o", "./a.txt", cwd=d)  # the same file, named differently
    assert r.returncode == 2
    assert a.read_text(encoding="utf-8") == DAMAGED


def test_bad_files_reported_after_the_rest_is_written(cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DAMAGED, encoding="utf-8")
    (src / "b.txt").write_bytes(b"sela -sela\n\xff\xfe broken\n")
    (src / "c.txt").write_text("liberal liberal\n", encoding="utf-8")
    (src / "d.txt").write_bytes(b"binary\x00file\n")
    out = tmp_path / "out"
    r = cli("fix", src, "-o", out)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "2 file(s) failed" in err
    assert "b.txt: not valid UTF-8 at byte offset 11" in err
    assert "d.txt: binary file (NUL byte at byte offset 6)" in err
    assert "Traceback" not in err
    assert (out / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (out / "c.txt").read_text(encoding="utf-8") == "liberal\n"
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "c.txt"]


def _big_text(n_lines: int = 6000) -> str:
    lines = []
    for i in range(n_lines):
        k = i % 5
        lines.append(["Saya tinggal disini  ya.", "sela -sela kegiatan", "",
                      "liberal liberal di Jakarta", "Harga naik $ 16,6 juta."][k])
    return "\r\n".join(lines[: n_lines // 2]) + "\r\n" + "\n".join(lines[n_lines // 2:])


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_output_equals_whole_file_output(cli, tmp_path, jobs):
    src = tmp_path / "big.txt"
    src.write_bytes(b"\xef\xbb\xbf" + _big_text().encode("utf-8"))  # BOM, mixed endings, no final NL
    whole = tmp_path / "whole.txt"
    streamed = tmp_path / "streamed.txt"
    # standard input is read whole (and --edits needs the whole text too)
    r = cli("fix", "-", input=src.read_bytes())
    assert r.returncode == 0, r.stderr
    whole.write_bytes(r.stdout)
    r = cli("fix", src, "-o", tmp_path / "w2.txt", "--edits", tmp_path / "e.jsonl")
    assert (tmp_path / "w2.txt").read_bytes() == whole.read_bytes()
    # stream in chunks of 4 KiB (env knobs are read at import)
    env = {"MTFIX_STREAM_CHUNK": "4096"}
    r = cli("fix", src, "-o", streamed, "--jobs", jobs, env=env, subprocess=True)
    assert r.returncode == 0, r.stderr
    assert streamed.read_bytes() == whole.read_bytes()
    assert whole.read_bytes() != src.read_bytes()
    assert whole.read_bytes().startswith(b"\xef\xbb\xbf")
    assert whole.read_bytes().count(b"\n") == src.read_bytes().count(b"\n")
    assert b"fixed" in r.stderr


def test_streamed_bad_utf8_leaves_no_output(cli, tmp_path):
    src = tmp_path / "big.txt"
    good = ("sela -sela kegiatan\n" * 2000).encode()
    src.write_bytes(good + b"\xc3\x28 broken\n" + good)
    out = tmp_path / "out.txt"
    r = cli("fix", src, "-o", out, env={"MTFIX_STREAM_CHUNK": "4096"}, subprocess=True)
    assert r.returncode == 2
    assert f"not valid UTF-8 at byte offset {len(good)}" in r.stderr.decode()
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]  # no temporary file left


def test_streamed_in_place_with_backup(cli, tmp_path):
    src = tmp_path / "big.txt"
    text = _big_text(3000)
    src.write_bytes(text.encode("utf-8"))
    expected = cli("fix", "-", input=text.encode()).stdout
    r = cli("fix", "-i", "--backup", ".bak", src, env={"MTFIX_STREAM_CHUNK": "4096"},
            subprocess=True)
    assert r.returncode == 0, r.stderr
    assert src.read_bytes() == expected
    assert (tmp_path / "big.txt.bak").read_bytes() == text.encode("utf-8")


def test_jobs_keep_order_across_many_files(cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"f{i:02d}.txt").write_text(f"Berkas {i}: sela -sela\n" + DAMAGED * (i % 4),
                                           encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli("fix", src, "-o", one).returncode == 0
    r = cli("fix", src, "-o", two, "--jobs", "2", env={"MTFIX_CHUNK_CHARS": "64"},
            subprocess=True)
    assert r.returncode == 0, r.stderr
    for p in sorted(one.iterdir()):
        assert (two / p.name).read_bytes() == p.read_bytes()
    assert (one / "f03.txt").read_text(encoding="utf-8") == "Berkas 3: sela-sela\n" + FIXED * 3


def test_scheduler_needs_dask_engine(cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    r = cli("fix", a, "--scheduler", "tcp://127.0.0.1:8786")
    assert r.returncode == 2 and b"--scheduler goes with --engine dask" in r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_streams_like_whole_file(cli, tmp_path, jobs):
    import json

    rows = []
    for i in range(3000):
        rows.append(json.dumps({"id": f"s{i}", "meta": {"target": "sela -sela"},
                                "src": "He lives here",
                                "mt": ["Dia tinggal disini.", "sela -sela",
                                       "Café partai liberal liberal"][i % 3]},
                               ensure_ascii=i % 2 == 0))
    src = tmp_path / "big.jsonl"
    src.write_text("\n".join(rows) + "\n\n", encoding="utf-8")
    whole, streamed = tmp_path / "whole.jsonl", tmp_path / "streamed.jsonl"
    opts = ["--target-field", "mt", "--source-field", "src"]
    r = cli("fix", src, "-o", whole, *opts, "--edits", tmp_path / "e.jsonl")  # read whole
    assert r.returncode == 0, r.stderr
    r = cli("fix", src, "-o", streamed, "--jobs", jobs, *opts,
            env={"MTFIX_STREAM_CHUNK": "4096"}, subprocess=True)
    assert r.returncode == 0, r.stderr
    assert streamed.read_bytes() == whole.read_bytes()
    out = whole.read_text(encoding="utf-8").split("\n")
    assert len(out) == len(rows) + 2
    for before, after in zip(rows, out):
        b, a = json.loads(before), json.loads(after)
        assert a["meta"] == b["meta"] and a["id"] == b["id"] and a["src"] == b["src"]
        assert a["mt"] in ("Dia tinggal di sini.", "sela-sela", "Café partai liberal")


def test_plain_text_does_not_import_the_format_libraries(tmp_path):
    """translate-toolkit, lxml, markdown-it and Dask load only for files that need them."""
    a = tmp_path / "a.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    code = (
        "import sys\n"
        f"sys.argv = ['mtfix', 'fix', {str(a)!r}, '-o', {str(tmp_path / 'o.txt')!r}, '-q']\n"
        "import mtfix.cli as c\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'translate', 'lxml', 'markdown_it', 'dask', 'distributed'}))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert r.stdout.strip() == "[]", r.stderr
    assert (tmp_path / "o.txt").read_text(encoding="utf-8") == FIXED


def _fix_piece(linter, data, _offset, _last, before, after) -> str:
    """A streamed piece repaired as the workers do: with its read-only context, dropped."""
    from mtfix.run import cut

    b, t, a = before.decode(), data.decode(), after.decode()
    kept = cut.drop_context(linter.fix(cut.with_context(b, t, a)).text, b, t, a)
    return linter.fix(t).text if kept is None else kept


def test_chunked_repair_equals_whole_repair_property():
    """Whatever the text (lists, lone hyphens, blank lines, CRLF), cutting it into chunks for
    streaming or workers gives exactly the whole-text repair (WS007 looks across lines)."""
    import io

    from hypothesis import given, settings, strategies as st

    from mtfix.run import cut
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lines = st.sampled_from([
        "- butir daftar", "-", "- ", "-Kalimat dengan tanda hubung", "", "   ", "\t",
        "sela -sela kegiatan", "liberal liberal di Jakarta", "Saya tinggal disini  ya.",
        "Dia berkata , \"Ya\" .", "Harga $ 16,6 juta", "— sudah benar", "1. butir bernomor",
    ])
    linter = Linter(Settings())

    @settings(max_examples=150, deadline=None)
    @given(st.lists(lines, min_size=1, max_size=60), st.sampled_from(["\n", "\r\n"]),
           st.integers(min_value=1, max_value=200), st.booleans())
    def prop(body, nl, size, final_nl):
        text = nl.join(body) + (nl if final_nl else "")
        whole = linter.fix(text).text
        pieces = cut.split_lines(text, size)
        assert "".join(pieces) == text
        assert "".join(linter.fix(p).text for p in pieces) == whole
        data = text.encode("utf-8")
        chunks = list(cut.chunks(io.BytesIO(data), size))
        assert b"".join(c[0] for c in chunks) == data
        assert "".join(_fix_piece(linter, *c) for c in chunks) == whole
        # a bound that forces cuts without a safe place (lists, blank lines): context
        chunks = list(cut.chunks(io.BytesIO(data), size, bound=size))
        assert b"".join(c[0] for c in chunks) == data
        assert "".join(_fix_piece(linter, *c) for c in chunks) == whole

    prop()


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_standard_input_streams(cli, tmp_path, jobs):
    """A pipe is repaired chunk by chunk (4 KiB here) exactly as the whole text would be."""
    text = _big_text(4000).encode("utf-8")
    src = tmp_path / "in.txt"
    src.write_bytes(text)
    whole = cli("fix", src, "-o", tmp_path / "whole.txt", "--edits", tmp_path / "e.jsonl")
    assert whole.returncode == 0, whole.stderr
    r = cli("fix", "-", "--jobs", jobs, input=text, env={"MTFIX_STREAM_CHUNK": "4096"},
            subprocess=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (tmp_path / "whole.txt").read_bytes() != text
    # JSONL on a pipe is recognised from its first bytes and streamed the same way
    rows = "".join('{"id": %d, "target": "sela -sela nomor %d"}\n' % (i, i) for i in range(3000))
    r = cli("fix", "-", "--jobs", jobs, input=rows.encode(), env={"MTFIX_STREAM_CHUNK": "4096"},
            subprocess=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == rows.replace("sela -sela", "sela-sela")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("whole", [False, True], ids=["streamed", "whole-text"])
def test_a_pipe_keeps_every_byte(cli, tmp_path, whole):
    """`mtfix fix <(cat big.txt) -o out`: a pipe is opened and read once, so the bytes read to
    choose its format are not lost (they were, 4 KiB of them, when it was opened twice)."""
    import threading

    text = DAMAGED * 5000  # about 300 KB: more than any head read to detect a format
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as fh:
            fh.write(text.encode("utf-8"))

    writer = threading.Thread(target=feed)
    writer.start()
    extra = ["--edits", tmp_path / "edits.jsonl"] if whole else []
    try:  # a reader that opens the pipe again would wait for ever: a timeout fails the test
        r = subprocess.run([sys.executable, "-m", "mtfix", "fix", str(fifo), "-o",
                            str(tmp_path / "out.txt"), *map(str, extra)],
                           capture_output=True, env=ENV, timeout=120)
    finally:
        if writer.is_alive():  # unblock the writer if the pipe was never read to its end
            with open(fifo, "rb") as fh:
                fh.read()
        writer.join(timeout=60)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == FIXED * 5000
    r = cli("fix", plain, "-o", tmp_path / "out2.txt", *extra)
    assert (tmp_path / "out2.txt").read_bytes() == (tmp_path / "out.txt").read_bytes()


def test_dev_stdin_keeps_every_byte(cli, tmp_path):
    if not os.path.exists("/dev/stdin"):
        pytest.skip("no /dev/stdin")
    text = DAMAGED * 5000
    # a real process: /dev/stdin is the process's own standard input
    r = cli("fix", "/dev/stdin", "-o", tmp_path / "out.txt", input=text.encode("utf-8"),
            subprocess=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == FIXED * 5000
