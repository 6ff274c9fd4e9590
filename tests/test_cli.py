"""The command line, run as a user runs it: a real process, real files, real exit codes."""

import json
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def mtfix(*args, input=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "mtfix", *map(str, args)], input=input,
                          capture_output=True, cwd=cwd, env=ENV)


def test_stdin_to_stdout():
    r = mtfix("fix", input="Saya tinggal disini  ya.\n".encode())
    assert r.returncode == 0
    assert r.stdout.decode() == "Saya tinggal di sini ya.\n"


def test_seed_article_mode(fixtures, tmp_path):
    out = tmp_path / "out.txt"
    r = mtfix("fix", "--mode", "article", fixtures / "seed_article.txt", "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == (fixtures / "seed_article.expected.txt").read_bytes()


def test_check_text_and_exit_codes(fixtures):
    r = mtfix("check", "--mode", "article", fixtures / "seed_article.txt")
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert any(":3:64: EN001 `Key`" in l for l in lines)
    assert any("HY001" in l and l.endswith("[*]") for l in lines)
    clean = mtfix("check", "-", input="Ini kalimat yang bersih.\n".encode())
    assert clean.returncode == 0 and clean.stdout == b""
    # EN001 is info: it fails only with --fail-on info
    r = mtfix("check", "--select", "EN001", "--mode", "article", fixtures / "seed_article.txt")
    assert r.returncode == 0
    r = mtfix("check", "--select", "EN001", "--fail-on", "info", "--mode", "article",
              fixtures / "seed_article.txt")
    assert r.returncode == 1


def test_check_json(fixtures):
    r = mtfix("check", "--output-format", "json", "--mode", "article", fixtures / "seed_article.txt")
    recs = json.loads(r.stdout)
    dw = [x for x in recs if x["code"] == "DW001"][0]
    assert dw["line"] == 15 and dw["text"] == "liberal liberal"
    assert dw["fix"]["applicability"] == "safe" and dw["name"] == "doubled-word"


def test_diff_writes_nothing(fixtures, tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes((fixtures / "seed_article.txt").read_bytes())
    before = src.read_bytes()
    r = mtfix("fix", "--diff", "--mode", "article", src)
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "-Kemenangan pemilihan liberal liberal" in out and "+Kemenangan pemilihan liberal –" in out
    assert src.read_bytes() == before
    assert mtfix("fix", "--diff", "--exit-non-zero-on-fix", src).returncode == 1


def test_in_place_and_directory_output(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("disini\n", encoding="utf-8")
    (d / "sub" / "b.id").write_text("karir\n", encoding="utf-8")
    (d / "skip.bin").write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    r = mtfix("fix", d, "-o", out)
    assert r.returncode == 0, r.stderr
    assert (out / "a.txt").read_text() == "di sini\n"
    assert (out / "sub" / "b.id").read_text() == "karier\n"
    assert not (out / "skip.bin").exists()
    r = mtfix("fix", "--in-place", d)
    assert r.returncode == 0
    assert (d / "a.txt").read_text() == "di sini\n"
    assert not list(d.rglob("*.mtfix-tmp"))
    # several inputs without a destination is a usage error
    assert mtfix("fix", d).returncode == 2


def test_output_equal_to_input_refused(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("disini\n")
    r = mtfix("fix", f, "-o", f)
    assert r.returncode == 2 and b"--in-place" in r.stderr
    assert f.read_text() == "disini\n"


@pytest.mark.parametrize("data,needle", [
    (b"baik\n\xff\xfe rusak\n", b"byte offset 5"),
    (b"PK\x03\x04\x00\x00binary", b"binary file"),
])
def test_bad_input_exit_2_nothing_written(tmp_path, data, needle):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("disini\n")
    out = tmp_path / "out"
    r = mtfix("fix", good, bad, "-o", out)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert str(bad) in err and needle.decode() in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    r = mtfix("fix", "--in-place", good, bad)
    assert r.returncode == 2 and good.read_text() == "disini\n"


def test_missing_file_and_bad_option():
    r = mtfix("fix", "/nonexistent/x.txt")
    assert r.returncode == 2 and b"no such file" in r.stderr and b"Traceback" not in r.stderr
    r = mtfix("fix", "--select", "NOPE1", input=b"x")
    assert r.returncode == 2 and b"NOPE1" in r.stderr
    for args in (["fix", "--mode", "poem"], ["fix", "--bogus"], ["frob"], ["fix", "--jobs", "0"]):
        r = mtfix(*args, input=b"x")
        assert r.returncode == 2
        assert len(r.stderr.decode().strip().splitlines()) == 1 and b"Traceback" not in r.stderr


@pytest.mark.parametrize("raw", [
    b"disini\r\nkarir  ya\r\n",            # CRLF
    b"\xef\xbb\xbfdisini\nkarir\n",        # BOM
    b"disini\nkarir",                      # no final newline
    b"",                                   # empty
    b"\n\n\n",                             # blank lines only
    b"a\r\n\r\nb\rc\n",                    # mixed endings
])
def test_bytes_preserved(tmp_path, raw):
    f = tmp_path / "x.txt"
    f.write_bytes(raw)
    r = mtfix("fix", "--in-place", f)
    assert r.returncode == 0
    out = f.read_bytes()
    expected = raw.replace(b"disini", b"di sini").replace(b"karir  ya", b"karier ya").replace(
        b"karir", b"karier")
    assert out == expected


def test_jobs_same_output(tmp_path, fixtures):
    d = tmp_path / "in"
    d.mkdir()
    seed = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    for i in range(5):
        (d / f"f{i}.txt").write_text(seed * (i + 1), encoding="utf-8")
    o1, o2 = tmp_path / "o1", tmp_path / "o2"
    assert mtfix("fix", d, "-o", o1).returncode == 0
    assert mtfix("fix", d, "-o", o2, "--jobs", "2").returncode == 0
    for i in range(5):
        assert (o1 / f"f{i}.txt").read_bytes() == (o2 / f"f{i}.txt").read_bytes()


def test_jobs_splits_a_large_file_in_order(tmp_path, monkeypatch):
    from mtfix import batch
    from mtfix.engine import Linter, Settings

    monkeypatch.setattr(batch, "CHUNK_CHARS", 200)
    text = "".join(f"baris {i} disini  ya\n" for i in range(300))
    seq = Linter(Settings()).fix(text)
    par = batch.fix_texts([text], Settings(), jobs=2)[0]
    assert par.text == seq.text
    assert [(a.line, a.code, a.orig_start, a.orig_end) for a in par.applied] == \
        [(a.line, a.code, a.orig_start, a.orig_end) for a in seq.applied]


def test_config_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtfix]\nignore = ["OR001"]\n')
    r = mtfix("fix", input=b"disini karir\n", cwd=tmp_path)
    assert r.stdout == b"disini karier\n"
    (tmp_path / "mtfix.toml").write_text('select = ["WS"]\n')
    r = mtfix("fix", input=b"disini  karir\n", cwd=tmp_path)
    assert r.stdout == b"disini karir\n"
    (tmp_path / "mtfix.toml").write_text('bogus = 1\n')
    r = mtfix("fix", input=b"x\n", cwd=tmp_path)
    assert r.returncode == 2 and b"bogus" in r.stderr


def test_unsafe_fixes_flag():
    assert mtfix("fix", input=b"dibalik layar\n").stdout == b"dibalik layar\n"
    assert mtfix("fix", "--unsafe-fixes", input=b"dibalik layar\n").stdout == b"di balik layar\n"


def test_rules_and_explain():
    r = mtfix("rules")
    assert r.returncode == 0 and b"HY001" in r.stdout and b"QU003" in r.stdout
    r = mtfix("explain", "HY001")
    assert r.returncode == 0 and b"split-hyphenated-word" in r.stdout and b"Fix safety" in r.stdout
    assert mtfix("explain", "XX123").returncode == 2


def test_help_and_version_do_not_import_heavy_modules():
    code = ("import sys\nsys.argv=['mtfix','--help']\nimport mtfix.cli as c\n"
            "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('torch','transformers','wordfreq','sacrebleu') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, env=ENV)
    assert b"HEAVY []" in r.stdout, r.stdout
    r = mtfix("--version")
    assert r.returncode == 0 and r.stdout.startswith(b"mtfix ")
