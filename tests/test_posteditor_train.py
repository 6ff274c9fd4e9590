"""Post-editor training: synthetic damage, and a tiny from-scratch run (CPU, offline, fast)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from mtfix.posteditor import synthetic
from mtfix.posteditor.synthetic import DAMAGES, damage, synthetic_pairs

CORPUS = Path(__file__).parent / "fixtures" / "posteditor_corpus.txt"
FALLBACK = Path(__file__).parent.parent / "examples" / "dev-sample.ref.id"


def corpus() -> list[str]:
    path = CORPUS if CORPUS.is_file() else FALLBACK
    return [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


# ----------------------------------------------------------------------------- synthetic

@pytest.mark.parametrize("kind, line, expected", [
    ("split_hyphen", "di sela-sela acara", {"di sela -sela acara", "di sela- sela acara"}),
    ("double_word", "liberal", {"liberal liberal"}),
    ("detach_quote", 'Itu benar," katanya.', {'Itu benar, "katanya.'}),
    ("space_before_punct", "Ya, benar", {"Ya , benar"}),
    ("space_currency", "naik $16,6 juta", {"naik $ 16,6 juta"}),
    ("space_slash", "dan/atau", {"dan / atau"}),
    ("join_preposition", "Saya tinggal di sini.", {"Saya tinggal disini."}),
    ("lowercase_anda", "Terima kasih Anda.", {"Terima kasih anda."}),
])
def test_each_damage_kind(kind, line, expected):
    fn, _ = DAMAGES[kind]
    assert fn(line, random.Random(0)) in expected
    assert damage(line, random.Random(0), kinds=[kind], always=True) in expected


def test_damage_leaves_undamageable_text_alone():
    for kind, (fn, _) in DAMAGES.items():
        if kind == "double_word":
            continue
        assert fn("Ini 12", random.Random(0)) == "Ini 12", kind
    assert synthetic.lowercase_anda("Anda tahu", random.Random(0)) == "Anda tahu"  # line start


def test_synthetic_pairs_skip_unchanged_and_blank():
    lines = ["", "   ", "12 34", "Saya tinggal di sini, dan/atau Anda."]
    pairs = synthetic_pairs(lines * 20, random.Random(3))
    assert pairs, "the damageable line should be damaged at least once in 20 tries"
    for d, c in pairs:
        assert d != c
        assert c == "Saya tinggal di sini, dan/atau Anda."


def test_synthetic_pairs_deterministic_and_n():
    lines = corpus()
    a = synthetic_pairs(lines, random.Random(7))
    b = synthetic_pairs(lines, random.Random(7))
    assert a == b and len(a) > 20
    assert len(synthetic_pairs(lines, random.Random(7), n=5)) == 5


def test_every_kind_appears_on_the_corpus():
    lines = corpus() + ['Itu benar," katanya.', "naik $16,6 juta", "dan/atau",
                        "Saya di sini.", "Terima kasih Anda.", "sela-sela"]
    seen = set()
    for kind, (fn, _) in DAMAGES.items():
        rng = random.Random(1)
        if any(fn(l, rng) != l for l in lines):
            seen.add(kind)
    assert seen == set(DAMAGES)


# ----------------------------------------------------------------------------- training

@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    pytest.importorskip("sacrebleu")
    from mtfix.posteditor.train import train

    pairs = synthetic_pairs(corpus(), random.Random(0), n=110)
    assert len(pairs) >= 80
    out = tmp_path_factory.mktemp("pe") / "model"
    logs: list[str] = []
    report = train([d for d, _ in pairs], [c for _, c in pairs], out, from_scratch=True,
                   max_steps=40, eval_every=10, batch_size=16, lr=3e-3, vocab_size=250,
                   val_fraction=0.1, seed=1, report_lines=4, progress=logs.append,
                   model_config=dict(d_model=32, d_ff=64, num_layers=1, num_decoder_layers=1,
                                     num_heads=2, d_kv=16))
    return report, out, logs


@pytest.mark.neural
def test_training_lowers_the_loss(tiny_run):
    report, out, logs = tiny_run
    assert report.steps == 40 and report.stopped == "max-steps"
    assert report.last_train_loss < report.first_train_loss - 0.5
    assert report.val_losses and report.best_val_loss <= report.val_losses[0][1]
    assert report.n_val >= 1 and report.n_report >= 1
    assert any(l.startswith("step") and "val" in l for l in logs)
    assert report.mode == "scratch" and report.src_used is False
    saved = json.loads((out / "train_report.json").read_text())
    assert saved["steps"] == 40


@pytest.mark.neural
def test_saved_model_loads(tiny_run):
    _, out, _ = tiny_run
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    model = AutoModelForSeq2SeqLM.from_pretrained(str(out), local_files_only=True)
    tok = AutoTokenizer.from_pretrained(str(out), local_files_only=True)
    assert model.config.vocab_size == len(tok)
    # spacing survives the tokenizer exactly (the post-editor must see `sela -sela`, ` ,`)
    s = 'harga $ 16,6 , sela -sela "katanya'
    assert tok.decode(tok(s).input_ids, skip_special_tokens=True,
                      clean_up_tokenization_spaces=False) == s
    try:
        from mtfix.posteditor import PostEditor
    except ImportError:
        return
    pe = PostEditor.load(out)
    res = pe.rewrite(["Saya tinggal disini.", ""])
    assert len(res) == 2 and isinstance(res[0], str) and res[1] == ""


@pytest.mark.neural
def test_train_rejects_bad_input(tmp_path):
    pytest.importorskip("torch")
    from mtfix.posteditor.train import train

    with pytest.raises(ValueError):
        train(["a"], ["a", "b"], tmp_path / "x", progress=None)
    with pytest.raises(ValueError):
        train(["a"], ["a"], tmp_path / "x", base=tmp_path, from_scratch=True, progress=None)
