"""Build tiny seq2seq checkpoints for the post-editor tests (no network, a few seconds).

``from posteditor_util import build_tiny_t5`` (tests/ is on sys.path under pytest's rootdir
conftest). Needs the neural extra (torch, transformers, sentencepiece): callers should
``pytest.importorskip`` those first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

CORPUS = Path(__file__).parent / "fixtures" / "posteditor_corpus.txt"


def corpus_lines() -> list[str]:
    """~220 Indonesian lines from mtfix's own fixtures (dev-sample reference + seed article)."""
    return [ln for ln in CORPUS.read_text(encoding="utf-8").splitlines() if ln.strip()]


def build_tiny_t5(tmp_dir, texts: Sequence[str] | None = None, *, seed: int = 0,
                  train_steps: int = 0, vocab_size: int = 300, batch_size: int = 16,
                  lr: float = 3e-3) -> Path:
    """A tiny T5 (d_model 32, 1 layer) with a sentencepiece unigram tokenizer trained on
    ``texts`` (default: :func:`corpus_lines`), saved with ``save_pretrained`` under
    ``tmp_dir/tiny-t5``; returns that directory.

    Weights are random (``torch.manual_seed(seed)``) unless ``train_steps`` > 0: then it is
    trained that many steps as a copy model (input → the same text) on ``texts``.
    """
    import sentencepiece as spm
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    texts = [t.strip() for t in (corpus_lines() if texts is None else texts) if t.strip()]
    tmp = Path(tmp_dir)
    out = tmp / "tiny-t5"
    out.mkdir(parents=True, exist_ok=True)
    spm_dir = tmp / "tiny-t5-spm"
    spm_dir.mkdir(exist_ok=True)
    corpus = spm_dir / "corpus.txt"
    corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(spm_dir / "sp"), vocab_size=vocab_size,
        model_type="unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2,
        seed_sentencepiece_size=100000)
    sp = spm.SentencePieceProcessor(model_file=str(spm_dir / "sp.model"))
    vocab = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]
    tok = T5Tokenizer(vocab=vocab, extra_ids=0, pad_token="<pad>", eos_token="</s>",
                      unk_token="<unk>")
    assert (tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2)

    torch.manual_seed(seed)
    config = T5Config(vocab_size=len(tok), d_model=32, d_kv=16, d_ff=64, num_layers=1,
                      num_decoder_layers=1, num_heads=2, dropout_rate=0.0,
                      pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
    model = T5ForConditionalGeneration(config)
    if train_steps > 0:
        gen = torch.Generator().manual_seed(seed)
        opt = torch.optim.AdamW(model.parameters(), lr=lr)
        model.train()
        for _ in range(train_steps):
            idx = torch.randint(len(texts), (min(batch_size, len(texts)),), generator=gen)
            batch = [texts[i] for i in idx.tolist()]
            enc = tok(batch, return_tensors="pt", padding=True, truncation=True, max_length=64)
            labels = enc.input_ids.clone()
            labels[labels == tok.pad_token_id] = -100
            loss = model(input_ids=enc.input_ids, attention_mask=enc.attention_mask,
                         labels=labels).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out
