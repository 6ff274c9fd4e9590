"""The CTranslate2 post-editor backend gives the transformers backend's greedy outputs."""

from __future__ import annotations

import sys

import pytest

from mtfix.textio import InputError

from posteditor_util import build_tiny_t5, corpus_lines

from mtfix.posteditor import PostEditor
from mtfix.posteditor import ct2 as ct2_backend
from mtfix.posteditor.ct2 import CT2PostEditor, convert

pytestmark = pytest.mark.neural


@pytest.fixture(scope="module", autouse=True)
def _neural_extra():
    """Skip without the extra; checked when the tests run, not at collection, so that a run
    deselecting `neural` (make test-fast) does not import torch."""
    pytest.importorskip("torch", reason="needs the neural extra (torch)")
    pytest.importorskip("transformers", reason="needs the neural extra (transformers)")
    pytest.importorskip("sentencepiece", reason="needs the neural extra (sentencepiece)")
    pytest.importorskip("ctranslate2", reason="ctranslate2 not installed (pip install ctranslate2)")

MAX_LENGTH = 48


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ct2")
    # A few copy-training steps: outputs vary and hold real words, not one token repeated.
    hf_dir = build_tiny_t5(tmp, seed=0, train_steps=200, lr=1e-2)
    ct2_dir = convert(hf_dir, tmp / "tiny-t5-ct2")
    return hf_dir, ct2_dir


@pytest.fixture(scope="module")
def sentences():
    lines = corpus_lines()
    picked = lines[::max(1, len(lines) // 20)][:20]
    # Variety: whitespace to keep, a blank, very short and mixed-case lines.
    return picked + ["  Saya pergi ke pasar.  ", "", "   ", "Anda", "di mana?"]


def test_converted_dir_is_self_contained(models):
    _, ct2_dir = models
    names = {p.name for p in ct2_dir.iterdir()}
    assert {"model.bin", "config.json", "tokenizer.json", "tokenizer_config.json"} <= names
    assert ct2_backend.is_ct2_model(ct2_dir)


def test_greedy_tokens_match_transformers(models, sentences):
    import torch

    hf_dir, ct2_dir = models
    hf = PostEditor.load(hf_dir, max_length=MAX_LENGTH, batch_size=8)
    ct = CT2PostEditor.load(ct2_dir, max_length=MAX_LENGTH, batch_size=8)
    live = [s.strip() for s in sentences if s.strip()]
    tok = hf.tokenizer
    expected = []
    for s in live:  # one at a time: no padding anywhere
        enc = tok([s], return_tensors="pt")
        if enc.input_ids.shape[1] > MAX_LENGTH:
            expected.append(None)  # too long: both backends leave it alone
            continue
        with torch.inference_mode():
            cap = ct.output_cap(enc.input_ids.shape[1])
            ids = hf.model.generate(**enc, do_sample=False, num_beams=1,
                                    max_new_tokens=cap)[0].tolist()
        ids = [i for i in ids[1:] if i != tok.pad_token_id]  # drop decoder start
        if ids and ids[-1] == tok.eos_token_id:
            ids = ids[:-1]
        expected.append(tok.convert_ids_to_tokens(ids))
    got = ct.rewrite_tokens(live)
    assert got == expected
    assert None in got and sum(t is not None for t in got) >= 15
    # Non-trivial model: outputs differ from each other and hold several distinct tokens.
    outs = [tuple(t) for t in got if t is not None]
    assert len(set(outs)) >= 10 and max(len(set(t)) for t in outs) >= 5
    assert ct.skipped_too_long == got.count(None)


def test_rewrite_matches_transformers(models, sentences):
    hf_dir, ct2_dir = models
    hf = PostEditor.load(hf_dir, max_length=MAX_LENGTH, batch_size=8).rewrite(sentences)
    for bs in (1, 5, 32):
        ct = CT2PostEditor.load(ct2_dir, max_length=MAX_LENGTH, batch_size=bs)
        assert ct.rewrite(sentences) == hf, bs
    assert hf[sentences.index("")] == "" and hf[sentences.index("   ")] == "   "
    assert len({*hf} - {*sentences}) > 0  # the model does rewrite some lines


def test_identity_and_errors(models, tmp_path, monkeypatch):
    hf_dir, ct2_dir = models
    ct = CT2PostEditor.load(ct2_dir)
    assert ct.name == ct2_dir.name
    assert len(ct.weights_hash) == 12 and ct.model_id == f"{ct.name}@{ct.weights_hash}"
    assert ct.rewrite([]) == []
    with pytest.raises(InputError, match="convert it first"):
        CT2PostEditor.load(hf_dir)
    with pytest.raises(InputError, match="not found"):
        CT2PostEditor.load(tmp_path / "nope")
    with pytest.raises(InputError, match="device"):
        CT2PostEditor.load(ct2_dir, device="tpu")
    with pytest.raises(InputError, match="not an empty directory"):
        convert(hf_dir, ct2_dir)
    with pytest.raises(InputError, match="already a CTranslate2 model"):
        convert(ct2_dir, tmp_path / "again")
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(InputError, match=r"^the ctranslate2 backend needs: pip install "
                                         r"ctranslate2$"):
        CT2PostEditor.load(ct2_dir)
    with pytest.raises(InputError, match="pip install ctranslate2"):
        convert(hf_dir, tmp_path / "out")


def test_int8_conversion_loads(models, tmp_path, sentences):
    hf_dir, _ = models
    out = convert(hf_dir, tmp_path / "int8", quantization="int8")
    ct = CT2PostEditor.load(out, max_length=MAX_LENGTH)
    res = ct.rewrite(sentences)
    assert len(res) == len(sentences) and res[sentences.index("")] == ""
