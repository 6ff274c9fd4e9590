"""Issue 15 on the command line: --fail-on with severities, the README's CI snippet, the ignore
file round trip, SARIF validated against the schema, --severity, --exclude, --statistics,
`rules` severities, and the score gates (significant drop, stored baseline, several systems)."""

import json
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"
LINE = re.compile(r"^(.+):(\d+):(\d+): ([A-Z]{2}\d{3}) \[(info|warning|error)\] (.*)$")


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _parse(out: str) -> list[tuple]:
    rows = []
    for line in out.splitlines():
        m = LINE.match(line)
        assert m, f"unparseable check line: {line!r}"
        rows.append(m.groups())
    return rows


# -- --fail-on error with --source -------------------------------------------------------------

def test_fail_on_error_lost_number_fails(cli, tmp_path):
    _write(tmp_path, "src.en", "Prices rose by 5 percent.\n")
    _write(tmp_path, "t.id", "Harga naik 7 persen.\n")
    r = cli("check", "--source", "src.en", "--fail-on", "error", "t.id", cwd=tmp_path)
    assert r.returncode == 1, r.err
    rows = _parse(r.out)
    assert ("GL003", "error") in {(x[3], x[4]) for x in rows}
    assert "1 error" in r.err


def test_fail_on_error_spacing_only_passes(cli, tmp_path):
    _write(tmp_path, "src.en", "Prices rose by 5 percent.\n")
    _write(tmp_path, "t.id", "Harga naik  5 persen.\n")
    r = cli("check", "--source", "src.en", "--fail-on", "error", "t.id", cwd=tmp_path)
    assert r.returncode == 0, r.out + r.err
    assert {x[3] for x in _parse(r.out)} == {"WS001"}
    # the default --fail-on warning does not fail on info either; error does with --severity
    r = cli("check", "--source", "src.en", "--fail-on", "error", "--severity", "WS001=error",
            "t.id", cwd=tmp_path)
    assert r.returncode == 1 and "WS001 [error]" in r.out


def test_readme_ci_snippet_runs(cli, tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- ci-snippet -->\s*```sh\n(.*?)```", text, re.S)
    assert m, "README.md has no ```sh block after <!-- ci-snippet -->"
    cmd = next(l for l in m.group(1).splitlines() if l.startswith("mtfix check"))
    words = shlex.split(cmd)
    assert words[:2] == ["mtfix", "check"]
    redirect = words.index(">") if ">" in words else None
    args = words[2:redirect]
    out_name = words[redirect + 1] if redirect is not None else None
    src = next(args[i + 1] for i, a in enumerate(args) if a == "--source")
    target = args[-1]
    _write(tmp_path, src, "Prices rose by 5 percent.\nThe talks ended.\n")
    _write(tmp_path, target, "Harga naik  5 persen.\nPerundingan berakhir.\n")
    r = cli("check", *args, cwd=tmp_path)
    assert r.returncode == 0, r.err            # spacing only: the build passes
    if out_name is not None:
        log = json.loads(r.out)
        assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    _write(tmp_path, target, "Harga naik  7 persen.\nPerundingan berakhir.\n")
    r = cli("check", *args, cwd=tmp_path)
    assert r.returncode == 1, r.err            # a lost number fails it


# -- the ignore file ---------------------------------------------------------------------------

def test_ignore_file_round_trip(cli, tmp_path):
    doc = _write(tmp_path, "a.txt", "Ini antar -jemput.\nKota kota besar.\nBaris biasa.\n")
    r = cli("check", "--write-ignore-file", "ign.json", "a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.err
    assert r.out == ""
    assert re.search(r"wrote \d+ accepted finding", r.err)
    data = json.loads((tmp_path / "ign.json").read_text(encoding="utf-8"))
    assert data["mtfix-ignore"] == 1 and data["findings"]
    r = cli("check", "--ignore-file", "ign.json", "a.txt", cwd=tmp_path)
    assert (r.returncode, r.out) == (0, ""), r.out + r.err
    assert "ignored" in r.err
    # lines move, and one new problem appears: exactly that one is reported
    doc.write_text("Baris biasa.\nBaris baru.\nKota kota besar.\nIni antar -jemput.\n"
                   "Lalu sela -sela.\n", encoding="utf-8")
    r = cli("check", "--ignore-file", "ign.json", "--fail-on", "warning", "a.txt", cwd=tmp_path)
    rows = _parse(r.out)
    assert [(x[1], x[3]) for x in rows] == [("5", "HY001")], r.out
    assert r.returncode == 1
    assert "stale" not in r.err


def test_ignore_file_only_new_finding_and_stale(cli, tmp_path):
    doc = _write(tmp_path, "a.txt", "Ini antar -jemput.\nBaris biasa.\n")
    assert cli("check", "--write-ignore-file", "ign.json", "a.txt", cwd=tmp_path).returncode == 0
    doc.write_text("Ini antar-jemput.\nBaris biasa.\nSela -sela.\n", encoding="utf-8")
    r = cli("check", "--ignore-file", "ign.json", "a.txt", cwd=tmp_path)
    assert r.returncode == 1
    assert [x[3] for x in _parse(r.out)] == ["HY001"] and ":3:" in r.out
    stale = [l for l in r.err.splitlines() if "stale" in l]
    assert len(stale) == 1 and "HY001 `antar -jemput`" in stale[0]


def test_ignore_file_from_config_and_both_options(cli, tmp_path):
    _write(tmp_path, "a.txt", "Ini antar -jemput.\n")
    _write(tmp_path, "mtfix.toml", 'ignore-file = "ign.json"\n')
    assert cli("check", "--write-ignore-file", "ign.json", "a.txt", cwd=tmp_path).returncode == 0
    r = cli("check", "a.txt", cwd=tmp_path)
    assert (r.returncode, r.out) == (0, "")
    r = cli("check", "--ignore-file", "x.json", "--write-ignore-file", "y.json", "a.txt",
            cwd=tmp_path)
    assert r.returncode == 2 and "not both" in r.err


def test_missing_ignore_file_is_an_input_error(cli, tmp_path):
    _write(tmp_path, "a.txt", "Ini antar -jemput.\n")
    r = cli("check", "--ignore-file", "nope.json", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and "nope.json" in r.err


# -- SARIF -------------------------------------------------------------------------------------

def test_sarif_from_cli_validates(cli, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    _write(tmp_path, "src.en", "Prices rose by 5 percent.\nIt is a split word.\n")
    _write(tmp_path, "t.id", "Harga naik 7 persen.\nIni antar -jemput.\n")
    r = cli("check", "--source", "src.en", "--output-format", "sarif", "t.id", cwd=tmp_path)
    assert r.returncode == 1, r.err
    log = json.loads(r.out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    by_rule = {x["ruleId"]: x for x in results}
    assert by_rule["GL003"]["level"] == "error"
    fix = by_rule["HY001"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["deletedRegion"]["startLine"] == 2
    assert fix["insertedContent"]["text"] == "" or fix["insertedContent"]["text"] is not None
    assert all(x["partialFingerprints"]["mtfix/v1"] for x in results)


# -- severities, exclusions, statistics, rules -------------------------------------------------

def test_severity_option_and_config(cli, tmp_path):
    _write(tmp_path, "a.txt", "Ini antar -jemput.\n")
    r = cli("check", "--severity", "HY=info", "a.txt", cwd=tmp_path)
    assert r.returncode == 0 and "HY001 [info]" in r.out
    _write(tmp_path, "mtfix.toml", '[severity]\nHY001 = "error"\n')
    r = cli("check", "--fail-on", "error", "a.txt", cwd=tmp_path)
    assert r.returncode == 1 and "HY001 [error]" in r.out
    r = cli("check", "--fail-on", "error", "--severity", "HY001=warning", "a.txt",
            cwd=tmp_path)
    assert r.returncode == 0
    r = cli("check", "--severity", "HY001", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and "CODE=LEVEL" in r.err
    r = cli("check", "--severity", "HY001=fatal", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and "fatal" in r.err


def test_exclude_named_and_walked(cli, tmp_path):
    _write(tmp_path, "a.txt", "Ini antar -jemput.\n")
    (tmp_path / "vendor").mkdir()
    _write(tmp_path, "vendor/b.txt", "Sela -sela.\n")
    r = cli("check", "--exclude", "vendor", ".", cwd=tmp_path)
    assert "a.txt" in r.out and "vendor" not in r.out
    r = cli("check", "--exclude", "a.txt", "a.txt", cwd=tmp_path)
    assert (r.returncode, r.out) == (0, "")
    _write(tmp_path, "mtfix.toml", 'exclude = ["*.txt"]\n')
    r = cli("fix", "--in-place", "a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Ini antar -jemput.\n"


def test_per_file_ignores_and_markers(cli, tmp_path):
    (tmp_path / "legacy").mkdir()
    _write(tmp_path, "legacy/a.txt", "Ini antar -jemput.\n")
    _write(tmp_path, "mtfix.toml", '[per-file-ignores]\n"legacy/**" = ["HY"]\n')
    r = cli("check", "legacy/a.txt", cwd=tmp_path)
    assert (r.returncode, r.out) == (0, "")
    _write(tmp_path, "b.md", "<!-- mtfix: ignore HY001 -->\nIni antar -jemput.\n\nSela -sela.\n")
    r = cli("check", "b.md", cwd=tmp_path)
    assert [x[1] for x in _parse(r.out)] == ["4"], r.out


def test_check_statistics(cli, tmp_path):
    _write(tmp_path, "a.txt", "Ini antar -jemput.\nSela -sela  lagi.\n")
    r = cli("check", "--statistics", "a.txt", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.out.splitlines()
    assert lines[0].split() == ["count", "code", "name", "severity", "fixable"]
    rows = {l.split()[1]: l.split() for l in lines[1:]}
    assert rows["HY001"][0] == "2" and rows["HY001"][3] == "warning" and rows["HY001"][4] == "2"
    assert rows["WS001"][3] == "info"
    assert "Found 3 diagnostic(s) (2 warning, 1 info)" in r.err


def test_fix_statistics(cli, tmp_path):
    _write(tmp_path, "a.txt", "Ini antar -jemput.\nSela -sela  lagi.\n")
    r = cli("fix", "--statistics", "a.txt", cwd=tmp_path)
    assert r.returncode == 0
    assert r.out == "Ini antar-jemput.\nSela-sela lagi.\n"
    err = r.err.splitlines()
    assert err[0].startswith("mtfix: fixed 3 edit(s)")
    assert err[1].startswith("mtfix: by rule: HY001 \u00d72")
    assert err[2].split() == ["count", "code", "name", "severity", "fixable"]
    assert err[3].split()[:2] == ["2", "HY001"]
    r = cli("fix", "a.txt", cwd=tmp_path)
    assert "count" not in r.err


def test_rule_summary_and_statistics_render():
    from mtfix.reporting.check_formats import render_statistics, rule_summary

    assert rule_summary({"GL001": 2, "HY001": 4}) == "HY001 \u00d74, GL001 \u00d72"
    assert render_statistics([]) == ""


def test_rules_severity_column(cli):
    r = cli("rules")
    head = r.out.splitlines()[0].split()
    assert head[:5] == ["code", "name", "default", "severity", "fix"]
    gl3 = next(l for l in r.out.splitlines() if l.startswith("GL003"))
    assert gl3.split()[3] == "error"
    rows = json.loads(cli("rules", "--output-format", "json").out)
    assert {x["code"]: x["severity"] for x in rows}["WS001"] == "info"


def test_include_help_names_the_walk(cli):
    r = cli("check", "--help")
    assert "*.po" in r.out and "(default *.txt, *.id)" not in r.out


# -- score -------------------------------------------------------------------------------------

REF = ["the cat sat on the mat", "a dog barks loudly today", "rain falls in the city",
       "the sun is bright now", "we walked to the old market", "the children play outside"]
BASE = ["the cat sat on mat", "a dog barks loud today", "rain fall in the city",
        "the sun bright now", "we walk to old market", "the child play outside"]
SYS = ["the cat sat on the mat", "a dog barks loud today", "rain falls in the city",
       "the sun is bright", "we walked to the old market", "the children play outside"]


def _score_files(tmp_path):
    for name, lines in (("ref.txt", REF), ("base.txt", BASE), ("sys.txt", SYS)):
        _write(tmp_path, name, "\n".join(lines) + "\n")


def test_score_single_system_unchanged_and_significant_gate(cli, tmp_path):
    _score_files(tmp_path)
    r = cli("score", "base.txt", "--ref", "ref.txt", "--baseline", "sys.txt",
            "--max-drop-bleu", "1", "--resamples", "200", cwd=tmp_path)
    assert r.returncode == 1 and "gate failed: BLEU dropped" in r.err
    r = cli("score", "base.txt", "--ref", "ref.txt", "--baseline", "sys.txt",
            "--max-drop-bleu", "1", "--max-drop-significant", "--alpha", "0.000001",
            "--resamples", "200", cwd=tmp_path)
    assert r.returncode == 0, r.err
    assert "within noise" in r.out


def test_score_stored_baseline(cli, tmp_path):
    _score_files(tmp_path)
    r = cli("score", "sys.txt", "--ref", "ref.txt", "--output-format", "json", cwd=tmp_path)
    _write(tmp_path, "scores.json", r.out)
    r = cli("score", "base.txt", "--ref", "ref.txt", "--baseline-scores", "scores.json",
            "--max-drop-bleu", "1", cwd=tmp_path)
    assert r.returncode == 1
    assert "below the stored baseline" in r.err and "scores.json" in r.err
    r = cli("score", "base.txt", "--ref", "ref.txt", "--baseline-scores", "scores.json",
            "--baseline", "sys.txt", cwd=tmp_path)
    assert r.returncode == 2 and "not both" in r.err


def test_score_several_systems(cli, tmp_path):
    _score_files(tmp_path)
    r = cli("score", "sys.txt", "base.txt", "--ref", "ref.txt", "--baseline", "base.txt",
            "--resamples", "100", "--max-drop-chrf", "1", cwd=tmp_path)
    assert r.returncode == 0, r.err
    rows = [l.split()[0] for l in r.out.splitlines()[:4]]
    assert rows == ["system", "base.txt", "sys.txt", "base.txt"]
    assert "sys.txt: gate passed" in r.out
    r = cli("score", "sys.txt", "base.txt", "--ref", "ref.txt", "--output-format", "json",
            cwd=tmp_path)
    assert set(json.loads(r.out)["systems"]) == {"sys.txt", "base.txt"}


# -- a progress bar for one large file ---------------------------------------------------------

class _Progress:
    def __init__(self):
        self.total, self.done, self.stopped = None, 0, False

    def start(self, total):
        self.total = total

    def advance(self, n):
        self.done += n

    def stop(self):
        self.stopped = True


@pytest.mark.parametrize("diff", [False, True])   # streamed, and loaded whole (--diff)
def test_progress_for_one_large_file(tmp_path, monkeypatch, diff):
    from mtfix.run import fixrun
    from mtfix.run.fixrun import fix_files
    from mtfix.run.sink import Sink
    from mtfix.settings import Settings

    monkeypatch.setattr(fixrun, "PROGRESS_MIN", 1000)
    p = tmp_path / "big.txt"
    p.write_text("Ini antar -jemput di kota.\n" * 200, encoding="utf-8")
    bar = _Progress()
    out = tmp_path / "out.txt"
    fix_files([str(p)], Settings(), Sink(None if diff else out, False, None), diff=diff,
              progress=bar)
    assert bar.total and bar.done >= bar.total * 0.9 and bar.stopped
    small = tmp_path / "small.txt"
    small.write_text("Ini antar -jemput.\n", encoding="utf-8")
    bar = _Progress()
    fix_files([str(small)], Settings(), Sink(None if diff else tmp_path / "o2.txt", False, None),
              diff=diff, progress=bar)
    assert bar.total is None
