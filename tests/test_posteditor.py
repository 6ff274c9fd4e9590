"""The optional post-editor's inference side: loading, deterministic rewriting, the guard, and
turning rewrites into minimal edits."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys

import pytest

from mtfix.glossary import Glossary
from mtfix.glossary.formats import Entry
from mtfix.posteditor import (NEURAL_EXTRA_MESSAGE, PostEditor, check_rewrite, edit_distance,
                              post_edit_lines, propose)
from mtfix.textio import InputError

LINES = [
    "Itu bagian dari kehidupan Anda.",
    "",
    "Begitu pula Thailand, kenapa bisa surplus 10 juta ton.",
    "Ya.",
    "   ",
    "Kita tahu bahwa ada sekitar 106 miliar orang yang pernah hidup di bumi ini.",
    "Utang multilateral sebesar Rp229,68 triliun",
    "Dan yang terpenting, merupakan sumber yang kaya akan vitamin B12.",
]


# -- import and loading errors (no torch needed) ----------------------------------------------

def test_import_does_not_load_neural_libraries():
    code = ("import sys, mtfix.posteditor, mtfix.posteditor.model, mtfix.posteditor.guard, "
            "mtfix.posteditor.propose; "
            "print([m for m in ('torch', 'transformers', 'sentencepiece') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_bad_path_is_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        PostEditor.load(tmp_path / "nope")
    with pytest.raises(InputError, match="no config.json"):
        PostEditor.load(tmp_path)


def test_missing_neural_extra(tmp_path, monkeypatch):
    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch → ImportError
    with pytest.raises(InputError) as e:
        PostEditor.load(tmp_path)
    assert str(e.value) == NEURAL_EXTRA_MESSAGE


@pytest.mark.neural
def test_broken_checkpoint_is_one_line_input_error(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "t5"}))
    with pytest.raises(InputError) as e:
        PostEditor.load(tmp_path)
    assert "\n" not in str(e.value) and "cannot load" in str(e.value)


# -- guard ------------------------------------------------------------------------------------

def _lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def test_edit_distance_matches_full_dp():
    r = random.Random(0)
    for _ in range(500):
        a = "".join(r.choice("ab c") for _ in range(r.randint(0, 12)))
        b = "".join(r.choice("ab c") for _ in range(r.randint(0, 12)))
        d = _lev(a, b)
        assert edit_distance(a, b) == d
        for limit in range(6):
            assert edit_distance(a, b, limit) == min(d, limit + 1)
    long = "kata " * 2000
    assert edit_distance(long, long[:-1] + "!", 5) == 1


ORIG = "Presiden Joko Widodo meresmikan jalan tol sepanjang 120 km pada 2023 di https://x.id."


def test_guard_accepts_small_fix():
    assert check_rewrite(ORIG, ORIG) is None
    assert check_rewrite(ORIG, ORIG.replace("meresmikan", "meresmikan,")) is None


def test_guard_reasons():
    assert check_rewrite(ORIG, "") == "empty rewrite"
    assert check_rewrite(ORIG, "   ") == "empty rewrite"
    assert "length ratio" in check_rewrite(ORIG, ORIG + ORIG)
    assert "length ratio" in check_rewrite(ORIG, ORIG[:30])
    reworded = ORIG.replace("Presiden Joko Widodo meresmikan", "Kepala negara membuka")
    assert "15%" in check_rewrite(ORIG, reworded)
    assert check_rewrite(ORIG, reworded, max_change=0.5) is None
    assert check_rewrite(ORIG, ORIG.replace("120", "121")) \
        == "protected number `120` changed or lost"
    assert check_rewrite(ORIG, ORIG.replace("https://x.id", "https://x.io")) \
        == "protected url `https://x.id` changed or lost"
    assert "added" in check_rewrite("Ada tiga ekor kucing di rumah kami.",
                                    "Ada 3 ekor kucing di rumah kami.")
    # the same spans in another order are fine (multiset)
    assert check_rewrite("Dari 10 ke 20 orang.", "Dari 20 ke 10 orang.") is None
    assert check_rewrite(ORIG, ORIG.replace("jalan tol", "jalan bebas"),
                         glossary_terms=["jalan tol"]) == "glossary term `jalan tol` lost"
    assert check_rewrite(ORIG, ORIG.replace("jalan tol", "jalan bebas"),
                         glossary_terms=["bandara"]) is None
    # a clitic still counts as the term
    assert check_rewrite("Jalan tolnya rusak parah.", "Jalan tolnya rusak berat.",
                         glossary_terms=["jalan tol"]) is None


# -- propose ----------------------------------------------------------------------------------

def test_propose_minimal_edits():
    orig = "Dia pergi ke pasar pada hari kemarin , lalu pulang ."
    new = "Dia pergi ke pasar kemarin, lalu pulang."
    edits = propose(orig, new, "tiny@0123456789ab")
    assert [(s, e, r) for s, e, r, _ in edits] == [
        (orig.index(" pada"), orig.index(" kemarin"), ""),
        (orig.index(" ,"), orig.index(" ,") + 2, ","),
        (len(orig) - 2, len(orig), "."),
    ]
    assert all(m.startswith("post-editor `tiny@0123456789ab`: ") for *_, m in edits)
    assert edits[0][3].endswith("`pada hari` → ``")
    # applying them gives the rewrite
    out = orig
    for s, e, r, _ in sorted(edits, reverse=True):
        out = out[:s] + r + out[e:]
    assert out == new
    assert propose(orig, orig, "m@x") == []


class FakeEditor:
    name, weights_hash = "fake", "feedfacecafe"
    model_id = "fake@feedfacecafe"

    def __init__(self, table):
        self.table = table

    def rewrite(self, lines):
        return [self.table.get(x, x) for x in lines]


def test_post_edit_lines_with_glossary():
    lines = ["Jalan tol itu panjang sekali .", "Jalan tol itu dibuka tahun lalu.", "Tidak ada."]
    editor = FakeEditor({lines[0]: "Jalan tol itu panjang sekali.",
                         lines[1]: "Jalan bebas itu dibuka tahun lalu."})
    gl = Glossary([Entry("toll road", "jalan tol")])
    res = post_edit_lines(editor, lines, max_change=0.3, glossary=gl)
    assert [r.index for r in res] == [0, 1, 2]
    assert res[0].reason is None and res[0].edits[0][:3] == (28, 30, ".")
    assert "fake@feedfacecafe" in res[0].edits[0][3]
    assert res[1].reason == "glossary term `jalan tol` lost" and res[1].edits == []
    assert res[2].reason is None and res[2].edits == [] and res[2].rewrite == lines[2]
    # without the glossary the second rewrite passes
    assert post_edit_lines(editor, lines, max_change=0.3)[1].reason is None


# -- a real (tiny, random) model --------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from posteditor_util import build_tiny_t5

    return build_tiny_t5(tmp_path_factory.mktemp("pe"), seed=0)


@pytest.mark.neural
def test_load_and_rewrite_deterministic(tiny_model):
    a = PostEditor.load(tiny_model, batch_size=3, max_length=24)
    b = PostEditor.load(tiny_model, batch_size=3, max_length=24)
    assert a.name == "tiny-t5"
    assert a.weights_hash == hashlib.sha256(
        (tiny_model / "model.safetensors").read_bytes()).hexdigest()[:12]
    assert a.model_id == f"tiny-t5@{a.weights_hash}"
    out = a.rewrite(LINES)
    assert len(out) == len(LINES)
    assert out == b.rewrite(LINES)
    # blank segments come back as they were
    assert out[1] == "" and out[4] == "   "
    # batching and length sorting don't change anything, and order is kept
    one = PostEditor.load(tiny_model, batch_size=1, max_length=24)
    assert one.rewrite(LINES) == out
    assert a.rewrite(LINES[::-1]) == out[::-1]
    assert a.rewrite(["", " "]) == ["", " "]
    # too long for max_length tokens: left alone, not truncated
    short = PostEditor.load(tiny_model, max_length=8)
    assert short.rewrite([LINES[5]]) == [LINES[5]] and short.skipped_too_long == 1


@pytest.mark.neural
def test_random_model_rewrites_are_rejected(tiny_model):
    editor = PostEditor.load(tiny_model, batch_size=4, max_length=64)
    res = post_edit_lines(editor, LINES, max_change=0.15)
    assert len(res) == len(LINES)
    for line, r in zip(LINES, res):
        if line.strip():
            assert r.rewrite != line and r.reason, (line, r)
            assert r.edits == []
        else:
            assert r.rewrite == line and r.reason is None and r.edits == []
    assert any(r.reason and ("length ratio" in r.reason or "empty" in r.reason
                             or "%" in r.reason) for r in res)
