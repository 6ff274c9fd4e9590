"""Review records and apply: fix -> review -> apply is byte-exact and predictable."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from mtfix.engine import FixResult, Linter
from mtfix.formats import FormatOptions
from mtfix.model import AppliedEdit, Applicability
from mtfix.review.apply import apply_decisions, read_decisions
from mtfix.review.findings import applied_groups, findings_for_file, replace_spans
from mtfix.reporting.records import review_records, write_jsonl
from mtfix.settings import Settings
from mtfix.textio import InputError

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}

# (fixture, mode, extra fix options)
ROUND_TRIP = [
    ("seed_article.txt", "article"),
    ("seed_article.txt", "lines"),
    ("formats/bilingual_news.po", "lines"),
    ("formats/l10n_sample.po", "lines"),
    ("formats/bilingual_news.xlf", "lines"),
    ("formats/l10n_sample.xlf", "lines"),
    ("formats/l10n_sample2.xlf", "lines"),
    ("formats/l10n_sample.tmx", "lines"),
    ("formats/tab_segments.jsonl", "lines"),
    ("formats/tab_segments.csv", "lines"),
    ("formats/tab_segments.tsv", "lines"),   # its target column is named "translation"
    ("formats/seed_article.md", "lines"),
    ("formats/seed_article.html", "lines"),
]


def _mtfix_fix(path: Path, mode: str, *extra) -> bytes:
    """What the command line's ``mtfix fix`` writes for this file (run in this process)."""
    r = run_cli("fix", "--mode", mode, *extra, path)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def _options(name: str) -> tuple[FormatOptions | None, tuple[str, ...]]:
    """Format options (library, command line) for a fixture whose target column is not named
    ``target``."""
    if name.endswith("tab_segments.tsv"):
        return FormatOptions(target_field="translation"), ("--target-field", "translation")
    return None, ()


def _export(records, tmp: Path, decide=None) -> Path:
    """The decisions file the page exports: every edit record with its decision."""
    out = []
    for r in records:
        r = dict(r)
        if r["status"] != "note":
            r["decision"] = "accept" if r["status"] == "applied" else "reject"
            if decide:
                r["decision"] = decide(r) or r["decision"]
        out.append(r)
    path = tmp / "decisions.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(out, fh)
    return path


@pytest.mark.parametrize("name,mode", ROUND_TRIP, ids=[f"{n}-{m}" for n, m in ROUND_TRIP])
def test_unchanged_decisions_give_fix_output(name, mode, tmp_path):
    src = FIXTURES / name
    work = tmp_path / src.name
    shutil.copy(src, work)
    options, flags = _options(name)
    ff = findings_for_file(str(work), Settings(mode=mode), options=options)
    assert ff.records, "fixture without findings"
    dec = _export(ff.records, tmp_path)
    out = tmp_path / "out" / src.name
    rep = apply_decisions(dec, output=out)
    expected = _mtfix_fix(work, mode, *flags)
    assert out.read_bytes() == expected
    # and without writing: the data
    assert apply_decisions(dec).files[0].data == expected
    assert rep.n_skipped == 0
    assert work.read_bytes() == src.read_bytes()  # the input is untouched


@pytest.mark.parametrize("name,mode", ROUND_TRIP, ids=[f"{n}-{m}" for n, m in ROUND_TRIP])
def test_groups_rebuild_fix_output(name, mode):
    """Original with every applied record replaced == the unit's fixed text."""
    ff = findings_for_file(str(FIXTURES / name), Settings(mode=mode), options=_options(name)[0])
    for u in ff.units:
        spans = [(r["start"], r["end"], r["after"]) for r in u.records if r["status"] == "applied"]
        assert replace_spans(u.target, spans) == u.fixed
        for r in u.records:
            assert u.target[r["start"]:r["end"]] == r["before"]


def test_ids_stable_and_path_independent(tmp_path):
    a = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    moved = tmp_path / "x" / "moved.txt"
    moved.parent.mkdir()
    shutil.copy(FIXTURES / "seed_article.txt", moved)
    b = findings_for_file(str(moved), Settings(mode="article"))
    assert [r["id"] for r in a.records] == [r["id"] for r in b.records]
    assert len({r["id"] for r in a.records}) == len(a.records)
    assert {r["path"] for r in b.records} == {str(moved)}
    assert {r["sha256"] for r in a.records} == {
        hashlib.sha256((FIXTURES / "seed_article.txt").read_bytes()).hexdigest()}


def test_record_schema_seed():
    ff = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    by = {}
    for r in ff.records:
        by.setdefault(r["status"], []).append(r)
    assert set(by) == {"applied", "suggested", "note"}
    for r in ff.records:
        for k in ("id", "status", "code", "rule", "severity", "message", "path", "line",
                  "column", "before", "after", "sha256", "unit", "start", "end"):
            assert k in r, k
    sugg = {r["before"]: r for r in by["suggested"]}
    assert sugg["tugas yang lebih curam"]["after"] == "bea masuk yang lebih tinggi"
    assert sugg["tugas yang lebih curam"]["code"] == "GL001"
    # the glossary suggestion over "antar -jemput" overlaps the applied hyphen fix
    shuttle = sugg["antar -jemput"]
    hy = [r for r in by["applied"] if r["code"] == "HY001" and r["line"] == shuttle["line"]]
    assert shuttle["overlaps"] == [hy[0]["id"]]
    assert all(r["after"] == "" for r in by["note"])
    assert by["note"][0]["code"] == "EN001" and by["note"][0]["before"] == "Key"
    # line/column in the original text
    text = (FIXTURES / "seed_article.txt").read_text(encoding="utf-8")
    for r in ff.records:
        line = text.split("\n")[r["line"] - 1]
        assert line[r["column"] - 1:].startswith(r["before"].split("\n")[0])


def test_bilingual_notes_from_the_files_source():
    ff = findings_for_file(str(FORMATS / "bilingual_news.po"))
    codes = {r["code"] for r in ff.records if r["status"] == "note"}
    assert {"GL002", "GL003", "GL004"} <= codes
    assert ff.units[0].source == "The Group of Seven leaders met in Hiroshima."
    assert all("unit_id" in r for r in ff.records)


def test_plain_text_source_enables_bilingual_notes():
    text = "Harga naik 6,6 persen.\nBaik.\n"
    src = "Prices rose by 16.6 percent.\nGood.\n"
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "a.txt"
        p.write_text(text, encoding="utf-8")
        ff = findings_for_file(str(p), source=src)
        assert "GL003" in {r["code"] for r in ff.records}
        assert ff.units[0].source == src


def _seed_decisions(tmp_path, decide):
    work = tmp_path / "seed_article.txt"
    shutil.copy(FIXTURES / "seed_article.txt", work)
    ff = findings_for_file(str(work), Settings(mode="article"))
    return work, ff, _export(ff.records, tmp_path, decide)


def test_reject_applied_accept_suggestion(tmp_path):
    def decide(r):
        if r["status"] == "applied" and r["code"] == "DW001":
            return "reject"
        if r["status"] == "suggested" and r["before"] == "tugas yang lebih curam":
            return "accept"
    work, ff, dec = _seed_decisions(tmp_path, decide)
    rep = apply_decisions(dec, output=tmp_path / "out.txt")
    got = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert got == (FIXTURES / "review" / "seed_article.reviewed.txt").read_text(encoding="utf-8")
    assert "liberal liberal" in got and "bea masuk yang lebih tinggi" in got
    f = rep.files[0]
    assert not f.skipped and f.changed
    n_applied = sum(1 for r in ff.records if r["status"] == "applied")
    assert len(f.applied) == n_applied  # one rejected, one suggestion accepted


def test_accepted_suggestion_overlapping_kept_edit_is_skipped(tmp_path):
    def decide(r):
        if r["status"] == "suggested" and r["before"] == "antar -jemput":
            return "accept"
    work, ff, dec = _seed_decisions(tmp_path, decide)
    rep = apply_decisions(dec)
    assert rep.files[0].data == _mtfix_fix(work, "article")
    (rid, why), = rep.files[0].skipped
    assert "overlaps the kept applied edit" in why and "HY001" in why
    assert "skipped" in rep.summary()

    # rejecting the hyphen fix lets the suggestion through
    def decide2(r):
        if r["status"] == "suggested" and r["before"] == "antar -jemput":
            return "accept"
        if r["id"] in ff.records[[x["id"] for x in ff.records].index(rid)]["overlaps"]:
            return "reject"
    _, _, dec2 = _seed_decisions(tmp_path, decide2)
    rep2 = apply_decisions(dec2)
    assert "diplomasi ulang-alik" in rep2.files[0].data.decode()
    assert not rep2.files[0].skipped


def test_everything_rejected_gives_the_original(tmp_path):
    work, ff, dec = _seed_decisions(tmp_path, lambda r: "reject")
    rep = apply_decisions(dec)
    assert rep.files[0].data == work.read_bytes() and not rep.files[0].changed


def test_sha_mismatch_refuses(tmp_path):
    work, ff, dec = _seed_decisions(tmp_path, None)
    work.write_text(work.read_text(encoding="utf-8") + "x", encoding="utf-8")
    with pytest.raises(InputError, match="seed_article.txt: changed since it was reviewed"):
        apply_decisions(dec, output=tmp_path / "o.txt")
    assert not (tmp_path / "o.txt").exists()


def test_in_place_with_backup(tmp_path):
    work, ff, dec = _seed_decisions(tmp_path, None)
    original = work.read_bytes()
    rep = apply_decisions(dec, in_place=True, backup=".orig")
    assert (tmp_path / "seed_article.txt.orig").read_bytes() == original
    assert work.read_bytes() == _mtfix_fix(tmp_path / "seed_article.txt.orig", "article")
    assert rep.files[0].out_path == str(work)


def test_moved_decisions_resolve_relative_to_decisions_file(tmp_path, monkeypatch):
    d = tmp_path / "proj"
    d.mkdir()
    shutil.copy(FORMATS / "bilingual_news.po", d / "news.po")
    monkeypatch.chdir(d)
    ff = findings_for_file("news.po")
    dec = _export(ff.records, d)
    monkeypatch.chdir(tmp_path)
    rep = apply_decisions(dec)
    assert rep.files[0].source_path == str(d / "news.po")


def test_several_files_to_a_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for n in ("bilingual_news.po", "tab_segments.csv"):
        shutil.copy(FORMATS / n, tmp_path / n)
    recs = [r for n in ("bilingual_news.po", "tab_segments.csv")
            for r in findings_for_file(n).records]
    dec = _export(recs, tmp_path)
    rep = apply_decisions(dec, output=tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bilingual_news.po",
                                                                     "tab_segments.csv"]
    for n in ("bilingual_news.po", "tab_segments.csv"):
        assert (tmp_path / "out" / n).read_bytes() == _mtfix_fix(tmp_path / n, "lines")
    assert len(rep.files) == 2


def test_bad_decisions(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"d.jsonl:1: not a review record"):
        apply_decisions(p)
    p.write_text("nope\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"d.jsonl:1: not JSON"):
        apply_decisions(p)
    work, ff, dec = _seed_decisions(tmp_path, lambda r: "maybe")
    with pytest.raises(InputError, match="decision must be"):
        apply_decisions(dec)


def test_tampered_record_refused(tmp_path):
    work, ff, dec = _seed_decisions(tmp_path, None)
    recs = read_decisions(dec.read_text(encoding="utf-8").splitlines())
    recs[1]["before"] = "zzz"
    with pytest.raises(InputError, match="does not match the file's text"):
        apply_decisions(dec, records=recs)


def _ae(code, s, e, before, after, it, os_, oe):
    return AppliedEdit(code, "m", Applicability.SAFE, s, e, before, after, it, 1, os_, oe)


def test_multi_pass_edits_group_into_one_record():
    # pass 1: "a  b" -> "a b" (delete a space at 1..2); pass 2 edits the same place again
    original = "xx a  b yy"
    res = FixResult("xx A-b yy", [
        _ae("SP001", 4, 5, " ", "", 1, 4, 5),
        _ae("HY001", 4, 5, " ", "-", 2, 5, 6),
        _ae("CA001", 3, 4, "a", "A", 2, 3, 4),
    ])
    groups = applied_groups(original, res)
    assert len(groups) == 1
    g = groups[0]
    assert (original[g.start:g.end], g.after) == ("a  ", "A-")
    assert replace_spans(original, [(g.start, g.end, g.after)]) == res.text


def test_review_records_writer_matches_findings():
    ff = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    buf = io.StringIO()
    write_jsonl(review_records([ff], decisions=True), buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert [r["id"] for r in lines] == [r["id"] for r in ff.records]
    assert all(("decision" in r) == (r["status"] != "note") for r in lines)


def test_options_recorded_and_used(tmp_path, monkeypatch):
    from mtfix.formats import FormatOptions

    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.jsonl").write_text(
        '{"key": "a", "en": "Between.", "tgt": "Di sela -sela."}\n'
        '{"key": "b", "en": "x", "tgt": "baik"}\n', encoding="utf-8")
    opts = FormatOptions(target_field="tgt", source_field="en", id_field="key")
    ff = findings_for_file("t.jsonl", options=opts)
    (r,) = [r for r in ff.records if r["status"] == "applied"]
    assert r["options"] == {"target_field": "tgt", "source_field": "en", "id_field": "key"}
    assert r["unit_id"] == "a" and ff.units[0].source == "Between."
    dec = _export(ff.records, tmp_path)
    rep = apply_decisions(dec)
    expected = subprocess.run([sys.executable, "-m", "mtfix", "fix", "--target-field", "tgt",
                               "--source-field", "en", "--id-field", "key", "t.jsonl"],
                              capture_output=True, env=ENV).stdout
    assert rep.files[0].data == expected and b"sela-sela" in expected


def test_review_jsonl_and_applied_filter():
    from mtfix.reporting.records import applied_records, review_jsonl

    ff = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    recs = [json.loads(x) for x in review_jsonl([ff]).decode().splitlines()]
    app = applied_records(recs)
    assert app and all(r["status"] == "applied" and r["iteration"] >= 1 for r in app)
    assert applied_records([{"line": 1, "column": 1, "code": "X"}])  # old records kept


def test_colliding_names_keep_their_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(FORMATS / "bilingual_news.po", tmp_path / d / "news.po")
    recs = [r for d in ("a", "b") for r in findings_for_file(f"{d}/news.po").records]
    dec = _export(recs, tmp_path)
    apply_decisions(dec, output=tmp_path / "out")
    assert (tmp_path / "out" / "a" / "news.po").exists() and (tmp_path / "out" / "b" / "news.po").exists()
    # one file into an existing directory: by its name
    (tmp_path / "one").mkdir()
    dec1 = _export(findings_for_file("a/news.po").records, tmp_path)
    apply_decisions(dec1, output=tmp_path / "one")
    assert (tmp_path / "one" / "news.po").read_bytes() == _mtfix_fix(tmp_path / "a" / "news.po", "lines")


def test_overlaps_found_by_bisection_are_every_conflicting_applied_group():
    """unit_records' overlaps: the stretch found by bisection gives exactly the applied groups
    a brute-force comparison finds (touching insertions included), in their order."""
    import random

    from mtfix.review.findings import _overlaps_finder, conflicts

    rng = random.Random(11)
    for _ in range(400):
        recs, pos = [], 0
        for k in range(rng.randint(0, 12)):
            s = pos + rng.randint(0 if k == 0 else 1, 3)
            e = s + rng.choice([0, 0, 1, 2, 4])
            recs.append({"id": f"r{k}", "start": s, "end": e})
            pos = e
        find = _overlaps_finder(recs)
        for _ in range(20):
            s = rng.randint(0, pos + 2)
            e = s + rng.choice([0, 1, 2, 5])
            assert find(s, e) == [r["id"] for r in recs
                                  if conflicts((s, e), (r["start"], r["end"]))], (recs, s, e)
