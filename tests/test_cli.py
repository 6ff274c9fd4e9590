"""The command line, run as a user runs it: real files, real exit codes. Through the shared
``cli`` fixture (tests/conftest.py): in this process, or a real process where that is the point
(the entry point, start-up imports, worker processes)."""

import json
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def test_stdin_to_stdout(cli):
    r = cli("fix", input="Saya tinggal disini  ya.\n".encode())
    assert r.returncode == 0
    assert r.stdout.decode() == "Saya tinggal di sini ya.\n"


def test_seed_article_mode(cli, fixtures, tmp_path):
    out = tmp_path / "out.txt"
    r = cli("fix", "--mode", "article", fixtures / "seed_article.txt", "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == (fixtures / "seed_article.expected.txt").read_bytes()


def test_check_text_and_exit_codes(cli, fixtures):
    r = cli("check", "--mode", "article", fixtures / "seed_article.txt")
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert any(":3:64: EN001 [info] `Key`" in l for l in lines)
    assert any("HY001" in l and l.endswith("[*]") for l in lines)
    clean = cli("check", "-", input="Ini kalimat yang bersih.\n".encode())
    assert clean.returncode == 0 and clean.stdout == b""
    # EN001 is info: it fails only with --fail-on info
    r = cli("check", "--select", "EN001", "--mode", "article", fixtures / "seed_article.txt")
    assert r.returncode == 0
    r = cli("check", "--select", "EN001", "--fail-on", "info", "--mode", "article",
            fixtures / "seed_article.txt")
    assert r.returncode == 1


def test_check_json(cli, fixtures):
    r = cli("check", "--output-format", "json", "--mode", "article", fixtures / "seed_article.txt")
    recs = json.loads(r.stdout)
    dw = [x for x in recs if x["code"] == "DW001"][0]
    assert dw["line"] == 15 and dw["text"] == "liberal liberal"
    assert dw["fix"]["applicability"] == "safe" and dw["name"] == "doubled-word"


def test_diff_writes_nothing(cli, fixtures, tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes((fixtures / "seed_article.txt").read_bytes())
    before = src.read_bytes()
    r = cli("fix", "--diff", "--mode", "article", src)
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "-Kemenangan pemilihan liberal liberal" in out and "+Kemenangan pemilihan liberal –" in out
    assert src.read_bytes() == before
    assert cli("fix", "--diff", "--exit-non-zero-on-fix", src).returncode == 1


def test_in_place_and_directory_output(cli, tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("disini\n", encoding="utf-8")
    (d / "sub" / "b.id").write_text("karir\n", encoding="utf-8")
    (d / "skip.bin").write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    r = cli("fix", d, "-o", out)
    assert r.returncode == 0, r.stderr
    assert (out / "a.txt").read_text() == "di sini\n"
    assert (out / "sub" / "b.id").read_text() == "karier\n"
    assert not (out / "skip.bin").exists()
    r = cli("fix", "--in-place", d)
    assert r.returncode == 0
    assert (d / "a.txt").read_text() == "di sini\n"
    assert not list(d.rglob("*.mtfix-tmp"))
    # several inputs without a destination is a usage error
    assert cli("fix", d).returncode == 2


def test_new_output_files_get_normal_permissions(cli, tmp_path):
    out = tmp_path / "new.txt"
    r = cli("fix", "-q", "-o", out, input=b"disini\n")
    assert r.returncode == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_output_equal_to_input_refused(cli, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("disini\n")
    r = cli("fix", f, "-o", f)
    assert r.returncode == 2 and b"--in-place" in r.stderr
    assert f.read_text() == "disini\n"


@pytest.mark.parametrize("data,needle", [
    (b"baik\n\xff\xfe rusak\n", b"byte offset 5"),
    (b"PK\x03\x04\x00\x00binary", b"binary file"),
])
def test_bad_input_exit_2_others_still_written(cli, tmp_path, data, needle):
    """A bad file is named with its problem (exit 2); the good files of the batch are still
    repaired, and the bad one is never half-written."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("disini\n")
    out = tmp_path / "out"
    r = cli("fix", good, bad, "-o", out)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert str(bad) in err and needle.decode() in err and "Traceback" not in err
    assert err.strip().splitlines()[-2:] == ["mtfix: 1 file(s) failed:",
                                             f"  {bad}: " + err.split(f"{bad}: ", 1)[1].strip()]
    assert sorted(p.name for p in out.iterdir()) == ["good.txt"]
    assert (out / "good.txt").read_text() == "di sini\n"
    r = cli("fix", "--in-place", good, bad)
    assert r.returncode == 2 and good.read_text() == "di sini\n" and bad.read_bytes() == data


def test_missing_file_and_bad_option(cli):
    r = cli("fix", "/nonexistent/x.txt")
    assert r.returncode == 2 and b"no such file" in r.stderr and b"Traceback" not in r.stderr
    r = cli("fix", "--select", "NOPE1", input=b"x")
    assert r.returncode == 2 and b"NOPE1" in r.stderr
    for args in (["fix", "--mode", "poem"], ["fix", "--bogus"], ["frob"], ["fix", "--jobs", "0"]):
        r = cli(*args, input=b"x")
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
def test_bytes_preserved(cli, tmp_path, raw):
    f = tmp_path / "x.txt"
    f.write_bytes(raw)
    r = cli("fix", "--in-place", f)
    assert r.returncode == 0
    out = f.read_bytes()
    expected = raw.replace(b"disini", b"di sini").replace(b"karir  ya", b"karier ya").replace(
        b"karir", b"karier")
    assert out == expected


def test_jobs_same_output(cli, tmp_path, fixtures):
    d = tmp_path / "in"
    d.mkdir()
    seed = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    for i in range(5):
        (d / f"f{i}.txt").write_text(seed * (i + 1), encoding="utf-8")
    o1, o2 = tmp_path / "o1", tmp_path / "o2"
    assert cli("fix", d, "-o", o1).returncode == 0
    assert cli("fix", d, "-o", o2, "--jobs", "2", subprocess=True).returncode == 0
    for i in range(5):
        assert (o1 / f"f{i}.txt").read_bytes() == (o2 / f"f{i}.txt").read_bytes()


def test_jobs_splits_a_large_file_in_order(tmp_path, monkeypatch):
    from mtfix.run import cut, dispatch
    from mtfix.run.executors import make_executor
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    monkeypatch.setattr(cut, "CHUNK_CHARS", 200)
    text = "".join(f"baris {i} disini  ya\n" for i in range(300))
    seq = Linter(Settings()).fix(text)
    executor = make_executor("local", 2)
    try:
        par = dispatch.fix_groups([[text]], Settings(), executor)[0][0]
    finally:
        executor.close()
    assert par.text == seq.text
    assert [(a.line, a.code, a.orig_start, a.orig_end) for a in par.applied] == \
        [(a.line, a.code, a.orig_start, a.orig_end) for a in seq.applied]


def test_config_file(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtfix]\nignore = ["OR001"]\n')
    r = cli("fix", input=b"disini karir\n", cwd=tmp_path)
    assert r.stdout == b"disini karier\n"
    (tmp_path / "mtfix.toml").write_text('select = ["WS"]\n')
    r = cli("fix", input=b"disini  karir\n", cwd=tmp_path)
    assert r.stdout == b"disini karir\n"
    (tmp_path / "mtfix.toml").write_text('bogus = 1\n')
    r = cli("fix", input=b"x\n", cwd=tmp_path)
    assert r.returncode == 2 and b"bogus" in r.stderr


def test_unsafe_fixes_flag(cli):
    assert cli("fix", input=b"dibalik layar\n").stdout == b"dibalik layar\n"
    assert cli("fix", "--unsafe-fixes", input=b"dibalik layar\n").stdout == b"di balik layar\n"


def test_rules_and_explain(cli):
    r = cli("rules")
    assert r.returncode == 0 and b"HY001" in r.stdout and b"QU003" in r.stdout
    r = cli("explain", "HY001")
    assert r.returncode == 0 and b"split-hyphenated-word" in r.stdout and b"Fix safety" in r.stdout
    assert cli("explain", "XX123").returncode == 2


def test_help_and_version_do_not_import_heavy_modules(cli):
    code = ("import sys\nsys.argv=['mtfix','--help']\nimport mtfix.cli as c\n"
            "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('torch','transformers','wordfreq','sacrebleu') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, env=ENV)
    assert b"HEAVY []" in r.stdout, r.stdout
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.startswith(b"mtfix ")


def test_edit_records_and_eval_edits(cli, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text("Ia tinggal disini.\nHarga $ 5 juta.\nSemua baik.\n", encoding="utf-8")
    gold = tmp_path / "gold.txt"
    gold.write_text("Ia tinggal di sini.\nHarga $5 juta.\nSemua baik sekali.\n", encoding="utf-8")
    fixed = tmp_path / "fixed.txt"
    edits = tmp_path / "edits.jsonl"
    r = cli("fix", "-q", mt, "-o", fixed, "--edits", edits)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in edits.read_text().splitlines()]
    assert [(x["line"], x["column"], x["code"], x["before"], x["after"]) for x in recs] == [
        (1, 12, "OR001", "disini", "di sini"), (2, 8, "WS004", " ", "")]
    r = cli("eval-edits", mt, fixed, gold, "--edits", edits, "--output-format", "json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert json.dumps(res)  # JSON-able
    text = cli("eval-edits", mt, fixed, gold).stdout.decode()
    assert "precision 1.0000" in text and "recall 0.6667" in text
    bad = tmp_path / "short.txt"
    bad.write_text("satu\n")
    r = cli("eval-edits", mt, fixed, bad)
    assert r.returncode == 2 and len(r.stderr.decode().strip().splitlines()) == 1


def test_fix_with_report_and_ref(cli, tmp_path, fixtures):
    mt = tmp_path / "mt.txt"
    mt.write_text("Ia tinggal disini.\nHarga $ 5 juta.\n", encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text("Ia tinggal di sini.\nHarga $5 juta.\n", encoding="utf-8")
    html = tmp_path / "r.html"
    r = cli("fix", mt, "-o", tmp_path / "out.txt", "--ref", ref, "--report", html)
    assert r.returncode == 0, r.stderr
    err = r.stderr.decode()
    assert "BLEU" in err and "TER" in err and "baseline" in err
    assert "|rules:" in err and "|glossary:" in err  # the signature names what produced it
    page = html.read_text(encoding="utf-8")
    assert "OR001" in page and "WS004" in page and "http" not in page.split("<body")[0]
    # --ref scores one input (--report alone takes several: tests/test_review_cli.py)
    assert cli("fix", mt, mt, "-o", tmp_path / "d", "--ref", ref, "--report", html).returncode == 2


def test_diff_command(cli, tmp_path, fixtures):
    after = tmp_path / "after.txt"
    assert cli("fix", "-q", "--mode", "article", fixtures / "seed_article.txt",
               "-o", after).returncode == 0
    html = tmp_path / "d.html"
    r = cli("diff", fixtures / "seed_article.txt", after, "--html", html)
    assert r.returncode == 0
    assert "liberal" in r.stdout.decode() and html.exists()
    assert cli("diff", fixtures / "seed_article.txt", tmp_path / "none.txt").returncode == 2


def _score_files(tmp_path):
    ref = tmp_path / "ref.txt"
    ref.write_text("Ia tinggal di sini sejak tahun lalu.\nHarga naik lima persen.\n"
                   "Presiden bertemu menteri luar negeri.\n", encoding="utf-8")
    before = tmp_path / "before.txt"
    before.write_text("Ia tinggal disini sejak tahun lalu.\nHarga naik lima persen.\n"
                      "Presiden bertemu menteri asing.\n", encoding="utf-8")
    after = tmp_path / "after.txt"
    after.write_text("Ia tinggal di sini sejak tahun lalu.\nHarga naik lima persen.\n"
                     "Presiden bertemu menteri asing.\n", encoding="utf-8")
    return ref, before, after


def test_score_gates_and_formats(cli, tmp_path):
    import sacrebleu

    ref, before, after = _score_files(tmp_path)
    r = cli("score", after, "--ref", ref, "--output-format", "json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    hyps = after.read_text().splitlines()
    refs = [ref.read_text().splitlines()]
    assert round(got["metrics"]["bleu"]["score"], 2) == round(sacrebleu.corpus_bleu(hyps, refs).score, 2)
    assert round(got["metrics"]["ter"]["score"], 2) == round(sacrebleu.corpus_ter(hyps, refs).score, 2)
    # gates: pass, then fail with a line naming the gate
    assert cli("score", after, "--ref", ref, "--baseline", before, "--max-drop-bleu", "0.1",
               "--resamples", "100").returncode == 0
    r = cli("score", after, "--ref", ref, "--min-bleu", "99")
    assert r.returncode == 1 and b"--min-bleu" in r.stderr
    r = cli("score", after, "--ref", ref, "--baseline", before, "--output-format", "junit",
            "--max-ter", "0", "--resamples", "100")
    assert r.returncode == 1
    import xml.etree.ElementTree as ET
    root = ET.fromstring(r.stdout)
    assert root.iter("failure") is not None and any(True for _ in root.iter("failure"))
    tsv = tmp_path / "seg.tsv"
    assert cli("score", after, "--ref", ref, "--baseline", before, "--sentence-level", tsv,
               "--resamples", "100").returncode == 0
    rows = tsv.read_text().splitlines()
    assert len(rows) == 4 and "\t" in rows[0]


@pytest.mark.parametrize("case", ["count", "empty", "missing"])
def test_score_input_errors(cli, tmp_path, case):
    ref, before, after = _score_files(tmp_path)
    if case == "count":
        ref.write_text("satu\n")
    elif case == "empty":
        ref.write_text("\n\n\n")
    else:
        ref = tmp_path / "none.txt"
    r = cli("score", after, "--ref", ref)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
