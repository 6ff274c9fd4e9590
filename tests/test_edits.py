"""Edit records, ERRANT-style edit extraction and edit-level evaluation."""

import io
import json
import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from mtfix.reporting.records import edit_records, read_jsonl, write_jsonl
from mtfix.scoring.edit_eval import evaluate, render_eval_text
from mtfix.scoring.align import extract_edits
from mtfix.text import spaced_tokens
from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.rules.base import Rule
from mtfix.textio import InputError


class ShrinkAB(Rule):
    code, name, summary, doc = "ZZ101", "ab", "ab", "What it does\nFix safety"

    def check(self, doc):
        for m in re.finditer("ab", doc.text):
            yield self.replace(m.start(), m.end(), "x", "ab")


class UpperZAfterX(Rule):
    """Only fires once ShrinkAB has made an "x": a second-pass edit on untouched text."""
    code, name, summary, doc = "ZZ102", "xz", "xz", "What it does\nFix safety"

    def check(self, doc):
        for m in re.finditer("(?<=x)z", doc.text):
            yield self.replace(m.start(), m.end(), "Z", "xz")


def _apply(src, edits):
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        src = src[:e.start] + e.replacement + src[e.end:]
    return src


def _at(text, rec):
    """The original text a record's line/column .. end_line/end_column points at."""
    lines = text.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    s = starts[rec["line"] - 1] + rec["column"] - 1
    e = starts[rec["end_line"] - 1] + rec["end_column"] - 1
    return text[s:e]


# -- edit records ------------------------------------------------------------------------------

def test_records_of_a_later_pass_point_into_the_original():
    text = "ab\nq ab abz"
    res = Linter(Settings(), rules=[ShrinkAB(), UpperZAfterX()]).fix(text)
    assert res.text == "x\nq x xZ"
    recs = edit_records("f.txt", text, res.applied)
    got = [(r["code"], r["iteration"], r["line"], r["column"], r["end_line"], r["end_column"],
            _at(text, r)) for r in recs]
    assert got == [
        ("ZZ101", 1, 1, 1, 1, 3, "ab"),
        ("ZZ101", 1, 2, 3, 2, 5, "ab"),
        ("ZZ101", 1, 2, 6, 2, 8, "ab"),
        ("ZZ102", 2, 2, 8, 2, 9, "z"),
    ]
    assert all(text[r["start"]:r["end"]] == _at(text, r) for r in recs)
    assert recs[-1]["before"] == "z" and recs[-1]["after"] == "Z"
    assert recs[0]["rule"] is None  # not a registered rule
    assert set(recs[0]) == {"path", "line", "column", "end_line", "end_column", "start", "end",
                            "code", "rule", "before", "after", "applicability", "message",
                            "iteration"}


def test_records_with_the_real_rules():
    text = 'Ia  memulai , "kata nya\nBaris dua ( ada ) sela -sela'
    res = Linter(Settings()).fix(text)
    assert res.text == 'Ia memulai," kata nya\nBaris dua (ada) sela-sela'
    recs = edit_records("a.txt", text, res.applied)
    assert max(r["iteration"] for r in recs) == 2  # QU001 only fires after WS002
    for r in recs:
        assert _at(text, r) == r["before"], r
        assert r["applicability"] == "safe" and r["path"] == "a.txt"
    by_code = {r["code"]: r for r in recs}
    assert by_code["HY001"]["rule"] == "split-hyphenated-word"
    assert (by_code["HY001"]["line"], by_code["HY001"]["column"]) == (2, 23)
    assert (by_code["QU001"]["line"], by_code["QU001"]["column"], _at(text, by_code["QU001"])) \
        == (1, 13, ', "')


def test_jsonl_round_trip():
    text = "ab\nab"
    res = Linter(Settings(), rules=[ShrinkAB()]).fix(text)
    recs = edit_records("f.txt", text, res.applied)
    buf = io.StringIO()
    assert write_jsonl(recs, buf) == 2
    lines = buf.getvalue().splitlines()
    assert [json.loads(x) for x in lines] == recs
    assert read_jsonl(io.StringIO(buf.getvalue())) == recs
    with pytest.raises(InputError, match="edits.jsonl:2"):
        read_jsonl(io.StringIO(lines[0] + "\n{oops\n"), "edits.jsonl")
    with pytest.raises(InputError, match="not an edit record"):
        read_jsonl(io.StringIO('{"a": 1}\n'))


# -- extraction --------------------------------------------------------------------------------

@pytest.mark.parametrize("src,tgt,expected", [
    ("sela -sela", "sela-sela", [(4, 6, "-", "R")]),
    ('ia memulai, "katanya', 'ia memulai," katanya', [(11, 20, '" katanya', "R")]),
    ("a  b", "a b", [(1, 4, " b", "R")]),
    ("a c", "a b c", [(1, 1, " b", "M")]),
    ("a b c", "a c", [(1, 3, "", "U")]),
    ("x ", "x", [(1, 2, "", "U")]),
    ("di rumah", "dirumah", [(0, 8, "dirumah", "R")]),
    ("Wu terlihat terlihat pucat", "Wu terlihat pucat", [(11, 20, "", "U")]),  # the 2nd copy
    ("Bisakah anda datang", "Dapatkah Anda datang",
     [(0, 7, "Dapatkah", "R"), (7, 12, " Anda", "R")]),  # n-to-n: one edit per token
    ("", "abc", [(0, 0, "abc", "M")]),
])
def test_extract_edits(src, tgt, expected):
    edits = extract_edits(src, tgt)
    assert [(e.start, e.end, e.replacement, e.op) for e in edits] == expected
    assert all(e.original == src[e.start:e.end] for e in edits)
    assert _apply(src, edits) == tgt


@pytest.mark.parametrize("text", ["", "kata", "Ia  memulai , \"kata nya", " a b  "])
def test_identity_has_no_edits(text):
    assert extract_edits(text, text) == []


def test_tokens_keep_their_spacing():
    toks = spaced_tokens('sela -sela, "x" ')
    assert [(t.space, t.text) for t in toks] == [
        ("", "sela"), (" ", "-"), ("", "sela"), ("", ","), (" ", '"'), ("", "x"), ("", '"'),
        (" ", "")]


_words = st.lists(st.sampled_from(["di", "rumah", "sela", "-", ",", '"', ".", "Anda", "anda",
                                   " ", "  ", "terlihat"]), max_size=12).map("".join)


@hsettings(max_examples=300, deadline=None)
@given(_words, _words)
def test_edits_rebuild_the_target(src, tgt):
    edits = extract_edits(src, tgt)
    assert _apply(src, edits) == tgt
    spans = [(e.start, e.end) for e in edits]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert (src == tgt) == (edits == [])


# -- evaluation --------------------------------------------------------------------------------

MT = ["Ia  datang , katanya.", "Bisakah anda datang ?", "Tidak ada apa-apa."]


def test_perfect_fix_scores_one():
    res = Linter(Settings()).fix("\n".join(MT) + "\n")
    r = evaluate(MT, res.text, res.text)
    assert (r["precision"], r["recall"], r["f0.5"]) == (1.0, 1.0, 1.0)
    assert r["tp"] == 4 and r["fp"] == r["fn"] == 0
    assert r["segments"] == 3 and r["segments_changed"] == 2


def test_a_wrong_edit_lowers_precision():
    gold = ["Ia datang, katanya.", "Bisakah anda datang?", "Tidak ada apa-apa."]
    fixed = ["Ia datang, katanya.", "Bisakah Anda datang?", "Tidak ada apa-apa."]
    r = evaluate(MT, fixed, gold)
    assert (r["tp"], r["fp"], r["fn"]) == (3, 1, 0)
    assert r["precision"] == 0.75 and r["recall"] == 1.0
    assert r["f0.5"] == round(1.25 * 0.75 / (0.25 * 0.75 + 1), 4)
    missed = evaluate(MT, MT, gold)  # nothing fixed: recall 0, precision vacuously 1
    assert (missed["tp"], missed["fp"], missed["fn"]) == (0, 0, 3)
    assert missed["recall"] == 0.0 and missed["f0.5"] == 0.0


def test_per_rule_attribution():
    text = "\n".join(MT) + "\n"
    res = Linter(Settings()).fix(text)
    recs = edit_records("mt.txt", text, res.applied)
    assert {r["code"] for r in recs} == {"WS001", "WS002", "OR003"}
    gold = ["Ia datang, katanya.", "Bisakah anda datang?", "Tidak ada apa-apa."]
    r = evaluate(text, res.text, gold, records=recs)
    assert r["by_rule"] == {
        "OR003": {"tp": 0, "fp": 1, "fp_kept": 1, "precision": 0.0},
        "WS001": {"tp": 1, "fp": 0, "fp_kept": 0, "precision": 1.0},
        "WS002": {"tp": 2, "fp": 0, "fp_kept": 0, "precision": 1.0},
    }
    out = render_eval_text(r)
    assert "edits: TP 3  FP 1 (1 where the gold kept the MT text)  FN 0" in out
    assert "precision 0.7500  recall 1.0000" in out
    assert re.search(r"OR003\s+lowercase-anda\s+TP\s+0\s+FP\s+1 \(kept\s+1\)\s+P 0.0000", out)
    json.dumps(r)  # JSON-able


def test_line_counts_must_match():
    with pytest.raises(InputError, match="line counts differ: MT 3, fixed 2, gold 3"):
        evaluate(MT, MT[:2], MT)
    with pytest.raises(InputError, match="line 9"):
        evaluate(MT, MT, MT, records=[{"line": 9, "column": 1, "code": "WS001"}])
