"""`mtfix learn`: house style from post-edits, as a glossary with evidence (issue 14)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mtfix.engine import Linter
from mtfix.glossary import load_glossaries, validate
from mtfix.history import History, read_decisions, read_history, read_jsonl
from mtfix.learn import glossary_tsv, learn, validated
from mtfix.learn.command import learn_command
from mtfix.learn.decisions import propose
from mtfix.settings import Settings
from mtfix.textio import InputError

FIX = Path(__file__).parent / "fixtures" / "learn"


def lines(name: str) -> list[str]:
    return (FIX / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def fixture_result():
    return learn(lines("mt.txt"), lines("pe.txt"))


def by_variant(res):
    return {c.variant.lower(): c for c in res.candidates}


def apply(tmp_path, cands, text, unsafe=True):
    p = tmp_path / "learned.tsv"
    p.write_text(glossary_tsv(cands), encoding="utf-8")
    lin = Linter(Settings(select=("GL001",), glossaries=(str(p),), default_glossary=False,
                          unsafe_fixes=unsafe))
    return lin.fix(text).text


def test_consistent_substitution_is_learned_with_evidence(fixture_result):
    c = by_variant(fixture_result)["telah"]
    assert c.target == "sudah" and not c.case_sensitive
    assert c.support == c.occurrences >= 3 and c.consistency == 1.0
    assert c.heldout_fired >= 1 and c.heldout_wins == c.heldout_fired
    note = c.note()
    assert "made 8 of 8" in note and "held-out: fired" in note


def test_name_changed_only_in_lower_case_gets_a_case_sensitive_entry(fixture_result, tmp_path):
    cands = by_variant(fixture_result)
    c = cands["apple"]
    assert c.case_sensitive and c.variant == "apple" and c.target == "apel"
    out = apply(tmp_path, fixture_result.candidates,
                "Saham Apple naik.\nDia membeli apple dan roti.")
    assert out == "Saham Apple naik.\nDia membeli apel dan roti."


def test_insensitive_entry_would_be_refused_when_capital_form_is_kept():
    # "apple" changed 10 times; "Apple" (the company, mid-sentence) kept 5 times
    mt = ["Dia makan apple hari ini."] * 10 + ["Saham Apple naik hari ini."] * 5
    pe = ["Dia makan apel hari ini."] * 10 + ["Saham Apple naik hari ini."] * 5
    res = learn(mt, pe, holdout=0)
    assert all(c.case_sensitive for c in res.candidates if c.variant.lower() == "apple")
    assert not any(c.variant == "Apple" for c in res.candidates)


def test_inconsistent_edit_and_rule_edits_are_not_learned(fixture_result):
    cands = by_variant(fixture_result)
    assert "besar" not in cands          # changed only half of the time
    assert "roti roti" not in cands      # DW001 makes that edit already
    assert fixture_result.stats.rule_edits >= 1


def test_rewrites_make_no_junk(fixture_result):
    st = fixture_result.stats
    assert st.noisy >= 8
    for c in fixture_result.candidates:
        for junk in ("konon", "kabarnya", "peristiwa", "kota"):
            assert junk not in c.target.lower()


def test_thresholds(fixture_result):
    mt, pe = lines("mt.txt"), lines("pe.txt")
    strict = learn(mt, pe, min_support=9)
    assert not strict.candidates
    loose = learn(mt, pe, min_consistency=0.4, holdout=0)
    assert "besar" in by_variant(loose) or "beras besar" in by_variant(loose)
    assert len(learn(mt, pe, max_entries=1).candidates) == 1


def test_safe_only_with_strong_heldout_evidence():
    mt = [f"Kami telah makan {i} kali." for i in range(100)]
    pe = [m.replace("telah", "sudah") for m in mt]
    res = learn(mt, pe)
    c = by_variant(res)["telah"]
    assert c.safe and c.heldout_fired >= 3 and c.wrong_cell() == "telah"
    weak = learn(mt[:10], pe[:10])  # 2 held-out lines: not enough to be safe
    assert not by_variant(weak)["telah"].safe
    assert by_variant(weak)["telah"].wrong_cell() == "~telah"


def test_insertions_deletions_and_context():
    mt = ["Ini adalah sebuah rumah.", "Itu adalah sebuah mobil.", "Dia adalah sebuah guru.",
          "Ini adalah sebuah buku.", "Ia tidak datang."] * 2
    pe = ["Ini adalah rumah.", "Itu adalah mobil.", "Dia adalah guru.", "Ini adalah buku.",
          "Ia tidak jadi datang."] * 2
    res = learn(mt, pe, holdout=0)
    cands = by_variant(res)
    c = cands["adalah sebuah"]
    assert c.target == "adalah"
    for c in res.candidates:  # no entry whose fix fires again on its own output
        assert c.variant.lower() not in c.target.lower() or c.context


def test_output_is_a_valid_glossary_that_loads(fixture_result, tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(glossary_tsv(fixture_result.candidates, "learned"), encoding="utf-8")
    assert validate(str(p)) == []
    g = load_glossaries([str(p)], default=False)
    assert len(g) == len(fixture_result.candidates)
    out = apply(tmp_path, fixture_result.candidates, "Kami telah pergi.", unsafe=False)
    assert out == "Kami telah pergi."   # unsafe entries need --unsafe-fixes
    assert apply(tmp_path, fixture_result.candidates, "Kami telah pergi.") == "Kami sudah pergi."


def test_validated_drops_chains():
    from mtfix.learn.core import Candidate

    a = Candidate("bisa", "dapat", support=5, occurrences=5)
    b = Candidate("dapat", "mampu", support=4, occurrences=4)
    kept, dropped = validated([a, b])
    assert dropped == 1 and len(kept) == 1


# ----------------------------------------------------------------------------- history

def test_history_readers(tmp_path):
    h = read_history(str(FIX / "mt.txt"), str(FIX / "pe.txt"), str(FIX / "src.txt"))
    assert len(h) == 60 and h.src is not None
    j = read_jsonl(str(FIX / "history.jsonl"))
    assert j.mt == h.mt and j.pe == h.pe and j.src == ["en"] * 60
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"mt": "a"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1"):
        read_jsonl(str(bad))
    short = tmp_path / "short.txt"
    short.write_text("a\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 post-edited lines"):
        read_history(str(FIX / "mt.txt"), str(short))
    with pytest.raises(InputError):
        History(["a"], ["a"], ["x", "y"])


def test_decisions_proposals():
    props = propose(read_decisions(str(FIX / "decisions.jsonl")))
    assert [p.code for p in props.ignores] == ["QT002"]
    assert props.ignores[0].rejected == 6
    ex = {(e.code, e.word) for e in props.exceptions}
    assert ("DW001", "saat") in ex
    assert not any(e.before == "yang yang" for e in props.exceptions)  # accepted
    text = props.format()
    assert 'ignore = ["QT002"]' in text and "nothing in the project config was changed" in text


def test_decisions_reject_bad_records(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"code": "DW001", "decision": "maybe"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="accept or reject"):
        read_decisions(str(p))


# ----------------------------------------------------------------------------- command

def test_learn_command_end_to_end(tmp_path):
    out, rep = tmp_path / "learned.tsv", tmp_path / "report.txt"
    err = io.StringIO()
    code = learn_command(str(FIX / "mt.txt"), str(FIX / "pe.txt"), str(FIX / "src.txt"),
                         out=str(out), report=str(rep), decisions=str(FIX / "decisions.jsonl"),
                         stderr=err)
    assert code == 0 and err.getvalue() == ""
    assert validate(str(out)) == []
    text = rep.read_text(encoding="utf-8")
    assert "telah" in text and "QT002" in text and "Nothing is applied" in text
    body = [l for l in out.read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    assert body[0] == "source\ttarget\twrong\tcase\tnote"


def test_learn_command_jsonl_stdout_and_errors(tmp_path):
    so, se = io.StringIO(), io.StringIO()
    assert learn_command(history=str(FIX / "history.jsonl"), out="-", stdout=so, stderr=se) == 0
    assert "\tsudah\t" in so.getvalue() and "mtfix learn:" in se.getvalue()
    se = io.StringIO()
    assert learn_command(str(FIX / "mt.txt"), str(FIX / "pe.txt"), stderr=se) == 2
    assert se.getvalue().startswith("mtfix: error: give -o")
    se = io.StringIO()
    assert learn_command(str(FIX / "mt.txt"), str(tmp_path / "nope.txt"), out="-",
                         stderr=se) == 2
    assert se.getvalue().count("\n") == 1
    se = io.StringIO()
    assert learn_command(str(FIX / "mt.txt"), str(FIX / "pe.txt"), out="-",
                         min_consistency=2.0, stderr=se) == 2


def test_mtfix_learn_on_the_command_line(cli, tmp_path):
    """The registered command: the glossary it writes loads with --glossary as it is."""
    out = tmp_path / "learned.tsv"
    r = cli("learn", "--mt", FIX / "mt.txt", "--pe", FIX / "pe.txt", "--src", FIX / "src.txt",
            "-o", out, "--min-support", "2")
    assert r.returncode == 0, r.err
    assert "Nothing is applied" in r.err
    assert validate(str(out)) == []
    r = cli("fix", "-q", "--no-default-glossary", "--glossary", out, FIX / "mt.txt")
    assert r.returncode == 0, r.err
    r = cli("learn", "--mt", FIX / "mt.txt", "--pe", FIX / "pe.txt", "-o", out,
            "--min-consistency", "2")
    assert r.returncode == 2 and r.err.count("\n") == 1


def test_decisions_only(tmp_path):
    se = io.StringIO()
    assert learn_command(decisions=str(FIX / "decisions.jsonl"), stderr=se) == 0
    assert "proposed ignore" in se.getvalue()


def test_speed_smoke():
    import time

    mt = lines("mt.txt") * 50
    pe = lines("pe.txt") * 50
    t = time.process_time()
    res = learn(mt, pe)
    assert time.process_time() - t < 20
    assert "telah" in by_variant(res)
    json.dumps([c.note() for c in res.candidates])


def test_undecided_review_records_are_skipped(tmp_path):
    p = tmp_path / "d.jsonl"
    rec = {"id": "x", "status": "suggested", "code": "DW001", "before": "saat saat",
           "after": "saat", "path": "a.txt", "unit": 1, "start": 0, "end": 9}
    p.write_text(json.dumps(rec) + "\n" + json.dumps({**rec, "decision": "reject"}) + "\n",
                 encoding="utf-8")
    ds = read_decisions(str(p))
    assert len(ds) == 1 and ds[0].decision == "reject" and ds[0].status == "suggested"
