"""The review loop on the command line: fix --edits / --report, an editor's decisions,
`mtfix apply`; the terminal summaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = "Ia tinggal disini.\nHarga $ 5 juta karena tugas yang lebih curam.\nSemua baik.\n"


def _records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")


def test_fix_edits_holds_every_finding_with_decisions(cli, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text(TEXT, encoding="utf-8")
    edits = tmp_path / "e.jsonl"
    r = cli("fix", mt, "-o", tmp_path / "out.txt", "--edits", edits)
    assert r.returncode == 0, r.err
    recs = _records(edits)
    assert [(x["status"], x["code"], x["before"], x["after"], x.get("decision")) for x in recs] == [
        ("applied", "OR001", "disini", "di sini", "accept"),
        ("applied", "WS004", " ", "", "accept"),
        ("suggested", "GL001", "tugas yang lebih curam", "bea masuk yang lebih tinggi", "reject")]
    assert all(len(x["id"]) == 16 and len(x["sha256"]) == 64 and x["unit"] == 1 for x in recs)
    # the summary line is unchanged for scripts; the per-rule line and the hint follow it
    lines = r.err.splitlines()
    assert lines == ["mtfix: fixed 2 edit(s) in 1 of 1 file(s)",
                     "mtfix: by rule: OR001 \u00d71, WS004 \u00d71",
                     "mtfix: 1 more with --unsafe-fixes; review them with --report"]
    assert cli("fix", "-q", mt, "-o", tmp_path / "o2.txt").stderr == b""
    # the same ids on a second run (stable), and whatever the file's name
    other = tmp_path / "moved.txt"
    other.write_text(TEXT, encoding="utf-8")
    assert cli("fix", other, "-o", tmp_path / "o3.txt", "--edits", edits).returncode == 0
    assert [x["id"] for x in _records(edits)] == [x["id"] for x in recs]


def test_diff_edits_reads_only_applied_records(cli, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text(TEXT, encoding="utf-8")
    out, edits = tmp_path / "out.txt", tmp_path / "e.jsonl"
    assert cli("fix", "-q", mt, "-o", out, "--edits", edits).returncode == 0
    with_all = cli("diff", mt, out, "--edits", edits)
    applied_only = tmp_path / "applied.jsonl"
    _write(applied_only, [x for x in _records(edits) if x["status"] == "applied"])
    assert with_all.returncode == 0, with_all.err
    assert with_all.stdout == cli("diff", mt, out, "--edits", applied_only).stdout
    assert "GL001" not in with_all.out and "OR001" in with_all.out


def test_fix_review_apply_round_trip(cli, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text(TEXT, encoding="utf-8")
    edits = tmp_path / "e.jsonl"
    fixed = cli("fix", mt, "--edits", edits)
    assert fixed.returncode == 0, fixed.err
    # untouched decisions: apply reproduces fix's output byte for byte (standard output)
    r = cli("apply", edits)
    assert r.returncode == 0, r.err
    assert r.stdout == fixed.stdout
    assert "applied 2, rejected 1, skipped 0" in r.err  # the suggestion stays rejected
    # the editor rejects one edit and accepts the suggestion
    recs = _records(edits)
    recs[1]["decision"] = "reject"
    recs[2]["decision"] = "accept"
    decided = tmp_path / "decisions.jsonl"
    _write(decided, recs)
    out = tmp_path / "reviewed.txt"
    r = cli("apply", decided, "-o", out)
    assert r.returncode == 0, r.err
    assert out.read_bytes() == ("Ia tinggal di sini.\nHarga $ 5 juta karena bea masuk yang lebih "
                                "tinggi.\nSemua baik.\n").encode("utf-8")
    assert "applied 2, rejected 1, skipped 0" in r.err
    assert cli("apply", "-q", decided, "-o", out).stderr == b""
    # in place, keeping a backup
    r = cli("apply", decided, "-i", "--backup", ".orig")
    assert r.returncode == 0, r.err
    assert mt.read_bytes() == out.read_bytes()
    assert (tmp_path / "mt.txt.orig").read_text(encoding="utf-8") == TEXT
    # now the file changed since it was reviewed: refused, one line naming it
    r = cli("apply", decided, "-o", tmp_path / "again.txt")
    assert r.returncode == 2
    assert len(r.err.strip().splitlines()) == 1 and "mt.txt: changed since it was reviewed" in r.err
    assert not (tmp_path / "again.txt").exists()


def test_apply_usage_errors_and_skips(cli, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text("Ia tinggal disini.\n", encoding="utf-8")
    edits = tmp_path / "e.jsonl"
    assert cli("fix", "-q", a, b, "-o", tmp_path / "out", "--edits", edits).returncode == 0
    assert {x["path"] for x in _records(edits)} == {str(a), str(b)}
    r = cli("apply", edits)  # several files: a destination is needed
    assert r.returncode == 2 and "-o DIR or --in-place" in r.err
    assert cli("apply", edits, "--backup", ".orig").returncode == 2
    assert cli("apply", edits, "-i", "-o", tmp_path / "x").returncode == 2
    r = cli("apply", edits, "-o", tmp_path / "reviewed")
    assert r.returncode == 0, r.err
    assert (tmp_path / "reviewed" / "a.txt").read_bytes() == (tmp_path / "out" / "a.txt").read_bytes()
    assert (tmp_path / "reviewed" / "b.txt").read_bytes() == (tmp_path / "out" / "b.txt").read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    r = cli("apply", bad)
    assert r.returncode == 2 and len(r.err.strip().splitlines()) == 1
    assert cli("apply", tmp_path / "missing.jsonl").returncode == 2
    # an accepted suggestion that overlaps a kept edit is skipped: exit 1 when asked
    recs = _records(edits)
    sugg = [x for x in recs if x["status"] == "suggested"][0]
    applied = dict([x for x in recs if x["status"] == "applied" and x["path"] == sugg["path"]][0])
    clash = {**sugg, "id": "clash", "start": applied["start"], "end": applied["end"],
             "before": applied["before"], "after": "XX", "decision": "accept"}
    only_a = [x for x in recs if x["path"] == str(a)] + [clash]
    dec = tmp_path / "clash.jsonl"
    _write(dec, only_a)
    r = cli("apply", dec, "-o", tmp_path / "c.txt")
    assert r.returncode == 0 and "skipped clash" in r.err
    assert cli("apply", dec, "-o", tmp_path / "c.txt", "--exit-non-zero-on-skip").returncode == 1


def test_report_is_the_review_page_for_several_files(cli, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text("Ia tinggal disini.\nSemua baik.\n", encoding="utf-8")
    page = tmp_path / "review.html"
    r = cli("fix", "-q", a, b, "-o", tmp_path / "out", "--report", page)
    assert r.returncode == 0, r.err
    html = page.read_text(encoding="utf-8")
    assert "2 file(s) · " in html and "3 applied, 1 suggested, 0 notes" in html
    recs_ids = re.findall(r'"id":"([0-9a-f]{16})"', html)  # the records' ids travel in the page
    assert len(recs_ids) == 4
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
    # --show-unchanged carries the segments without findings too
    r = cli("fix", "-q", a, "-o", tmp_path / "o.txt", "--report", page, "--show-unchanged")
    assert r.returncode == 0 and "Semua baik." in page.read_text(encoding="utf-8")
    # --source (plain text, one input) is shown in the page
    src = tmp_path / "src.txt"
    src.write_text("He lives here.\nPrice $5 million due to steeper duties.\nAll good.\n")
    r = cli("fix", "-q", a, "-o", tmp_path / "o.txt", "--report", page, "--source", src)
    assert r.returncode == 0, r.err
    assert "steeper duties" in page.read_text(encoding="utf-8")
    assert cli("fix", a, b, "-o", tmp_path / "o", "--source", src).returncode == 2


def test_check_report_is_the_review_page(cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text("Ia tinggal di sini.\nHarganya $5 juta karena bea masuk yang lebih tinggi.\n"
                   "Semua baik sekali.\n", encoding="utf-8")
    page = tmp_path / "check.html"
    r = cli("check", a, "--report", page, "--ref", ref)
    assert r.returncode == 1  # warnings found
    html = page.read_text(encoding="utf-8")
    assert "2 applied, 1 suggested" in html and "Harganya $5 juta" in html
    assert a.read_text(encoding="utf-8") == TEXT  # check changes nothing


def test_fix_diff_ends_with_the_rule_summary(cli, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text(TEXT, encoding="utf-8")
    r = cli("fix", mt, "--diff")
    assert r.returncode == 0
    assert r.out.startswith("---") and "by rule" not in r.out  # stdout stays a patch
    assert r.err.splitlines()[-2:] == ["mtfix: by rule: OR001 \u00d71, WS004 \u00d71",
                                       "mtfix: 1 more with --unsafe-fixes; review them with --report"]
    r = cli("fix", mt, "--diff", "--unsafe-fixes")
    assert "GL001 \u00d71" in r.err and "more with --unsafe-fixes" not in r.err


def test_diff_marks_changes_without_colour(cli, tmp_path):
    mt, out = tmp_path / "mt.txt", tmp_path / "out.txt"
    mt.write_text(TEXT, encoding="utf-8")
    assert cli("fix", "-q", mt, "-o", out).returncode == 0
    r = cli("diff", mt, out)  # not a terminal: auto means no colour, changes marked
    assert r.returncode == 0
    assert "Ia tinggal [-disini-]{+di sini+}." in r.out and "\x1b[" not in r.out
    assert cli("diff", mt, out, "--color", "never").stdout == r.stdout
    r = cli("diff", mt, out, "--color", "always")
    assert "\x1b[" in r.out and "[-disini-]" not in r.out and "disini" in r.out
    assert cli("diff", mt, out, "--color", "sometimes").returncode == 2


def test_rule_summary_of_a_streamed_file_equals_the_whole_file(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 400, encoding="utf-8")
    whole = cli("fix", big, "-o", tmp_path / "w.txt", "--edits", tmp_path / "e.jsonl")
    streamed = cli("fix", big, "-o", tmp_path / "s.txt", "--jobs", "2",
                   env={"MTFIX_STREAM_CHUNK": "4096"}, subprocess=True)
    assert whole.returncode == streamed.returncode == 0
    by_rule = [x for x in whole.err.splitlines() if "by rule" in x]
    assert by_rule == ["mtfix: by rule: OR001 \u00d7400, WS004 \u00d7400"]
    assert [x for x in streamed.err.splitlines() if "by rule" in x] == by_rule
    assert "400 more with --unsafe-fixes" in whole.err  # known: --edits computed the findings
    assert "more with" not in streamed.err              # not known without them
