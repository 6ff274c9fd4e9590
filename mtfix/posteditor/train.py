"""Train a seq2seq post-editor (MT → post-edited Indonesian).

``train(mt, pe, out_dir, ...)`` either fine-tunes a local checkpoint (``base``) or trains a small T5
from scratch with its own sentencepiece vocabulary (``from_scratch``, the default when no ``base``
is given). It holds out a seeded validation split, stops early on validation loss (``patience``
evaluations without improvement) or at the wall-clock budget (``max_minutes``), saves the best
model and tokenizer with ``save_pretrained`` to ``out_dir`` and reports chrF/TER on the held-out
split for the MT as is and for MT + post-editor.

With ``src`` (the English source, line-aligned) the model input is ``SRC </s> MT``
(:func:`model_input`), the standard post-editing setup; the saved model records it in
``mtfix_posteditor.json`` (``"src_used": true``) and :class:`~mtfix.posteditor.PostEditor`
then refuses to rewrite without a source.

Honesty: the report gives the do-nothing baseline (the MT as is) next to the model's held-out
figures, and :attr:`TrainReport.verdict` says ``worse`` when the model's held-out chrF is below
the MT's; :meth:`TrainReport.verdict_line` is the one line for the CLI and :func:`exit_code`
the exit rule (1 when worse, unless forced). The wall-clock budget ``max_minutes`` covers
everything: the loop stops early enough to leave time (measured, not guessed) for the final
validation, saving and the held-out rewriting, and that rewriting stops at the deadline.

torch / transformers / sentencepiece / sacrebleu are imported inside functions only.
"""

from __future__ import annotations

import json
import math
import os
import random
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .synthetic import synthetic_pairs

# Always in the vocabulary (the sentencepiece model has no byte fallback here, so a character
# never seen in training would decode as nothing): ASCII punctuation and common typography.
ALWAYS_SYMBOLS = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + list("“”‘’–—…€£¥°")

MAX_LEN = 128           # tokens per side; longer pairs are dropped from training
SCRATCH_CONFIG = dict(d_model=256, d_kv=32, num_heads=4, d_ff=768, num_layers=3,
                      num_decoder_layers=3, dropout_rate=0.1, feed_forward_proj="relu")


@dataclass
class TrainReport:
    out_dir: str
    mode: str                      # "scratch" | "base"
    base: str | None
    src_used: bool                 # the model input is "SRC </s> MT"
    n_train: int                   # training pairs (mt/pe plus synthetic)
    n_synthetic: int
    n_val: int                     # held-out mt/pe pairs (never trained on)
    steps: int
    epochs: float
    elapsed_s: float
    stopped: str                   # "early-stop" | "time-budget" | "max-steps" | "max-epochs"
    best_step: int
    best_val_loss: float
    first_train_loss: float
    last_train_loss: float
    train_losses: list = field(default_factory=list)   # [(step, loss)] averaged between evals
    val_losses: list = field(default_factory=list)     # [(step, loss)]
    # held-out split, against PE (sacrebleu defaults)
    n_report: int = 0
    mt_chrf: float = float("nan")
    mt_ter: float = float("nan")
    pe_chrf: float = float("nan")  # MT + post-editor
    pe_ter: float = float("nan")
    n_changed: int = 0             # held-out lines the post-editor rewrote
    total_s: float = 0.0           # everything, report included (the budget's measure)
    budget_s: float = 0.0
    input_example: str = ""        # one model input, as the model saw it

    @property
    def verdict(self) -> str:
        """``worse`` (held-out chrF below the MT as is), ``better``, ``same`` or ``unknown``
        (no held-out lines were scored)."""
        if self.n_report == 0 or math.isnan(self.pe_chrf) or math.isnan(self.mt_chrf):
            return "unknown"
        if self.pe_chrf < self.mt_chrf - 1e-9:
            return "worse"
        if self.pe_chrf > self.mt_chrf + 1e-9:
            return "better"
        return "same"

    def verdict_line(self) -> str:
        if self.verdict == "worse":
            return (f"worse than doing nothing: held-out chrF {self.pe_chrf:.2f} vs "
                    f"{self.mt_chrf:.2f} for the MT as is")
        if self.verdict == "unknown":
            return "no held-out figures: the model was not checked against doing nothing"
        return (f"{self.verdict} than doing nothing: held-out chrF {self.pe_chrf:.2f} vs "
                f"{self.mt_chrf:.2f} for the MT as is")

    def to_dict(self) -> dict:
        return asdict(self)

    def format(self) -> str:
        return "\n".join([
            f"post-editor saved to {self.out_dir} ({self.mode}"
            + (f" from {self.base}" if self.base else "") + ")",
            f"  pairs: {self.n_train} train ({self.n_synthetic} synthetic), {self.n_val} held out"
            + ("; input: SRC </s> MT" if self.src_used else "; source not used"),
            f"  {self.steps} steps, {self.epochs:.2f} epochs, {self.elapsed_s:.0f} s, stopped: {self.stopped}",
            f"  train loss {self.first_train_loss:.3f} -> {self.last_train_loss:.3f}; "
            f"best val loss {self.best_val_loss:.3f} at step {self.best_step}",
            f"  held-out ({self.n_report} lines) chrF / TER vs PE:",
            f"    MT as is          {self.mt_chrf:6.2f} / {self.mt_ter:6.2f}",
            f"    MT + post-editor  {self.pe_chrf:6.2f} / {self.pe_ter:6.2f}"
            f"  ({self.n_changed} lines changed)",
            f"  {self.total_s:.0f} s in all (budget {self.budget_s:.0f} s)",
            f"  verdict: {self.verdict_line()}",
        ])


SRC_SEP = " </s> "


def model_input(mt: str, src: str | None = None) -> str:
    """What the model reads: the MT line, or ``SRC </s> MT`` when the source is used."""
    return mt if src is None else f"{src.strip()}{SRC_SEP}{mt}"


def exit_code(report: TrainReport, force: bool = False) -> int:
    """The CLI's exit rule: 1 when the model is worse than doing nothing, unless ``force``."""
    return 1 if report.verdict == "worse" and not force else 0


def train_history(history, out_dir, **kw) -> TrainReport:
    """:func:`train` on a :class:`mtfix.history.History` (the reader `mtfix learn` shares):
    its source, when it has one, is used."""
    return train(history.mt, history.pe, out_dir, src=history.src, **kw)


# ----------------------------------------------------------------------------- helpers

def _clean(lines: Sequence[str]) -> list[str]:
    return [l.rstrip("\r\n") for l in lines]


def _split(n: int, val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    n_val = int(round(n * val_fraction)) if n > 1 else 0
    if val_fraction > 0 and n >= 2:
        n_val = max(1, n_val)
    return sorted(idx[n_val:]), sorted(idx[:n_val])


def train_tokenizer(texts: Sequence[str], out_dir: str | os.PathLike, vocab_size: int = 2000,
                    seed: int = 1):
    """Train a sentencepiece unigram model on ``texts``; return a T5Tokenizer built from it.

    Identity normalisation (spacing and punctuation must survive exactly), full character
    coverage, ids: <pad>=0, </s>=1, <unk>=2, no <s>.
    """
    import sentencepiece as spm
    from transformers import T5Tokenizer

    texts = [t for t in texts if t.strip()]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
        prefix = str(Path(tmp) / "spm")
        # the unigram trainer needs vocab_size <= what the corpus supports; back off if needed
        size = vocab_size
        while True:
            try:
                spm.SentencePieceTrainer.train(
                    input=str(corpus), model_prefix=prefix, vocab_size=size, model_type="unigram",
                    character_coverage=1.0, normalization_rule_name="identity",
                    pad_id=0, eos_id=1, unk_id=2, bos_id=-1, split_digits=True,
                    user_defined_symbols=ALWAYS_SYMBOLS,
                    input_sentence_size=0, shuffle_input_sentence=False,
                    num_threads=1, minloglevel=2)
                break
            except RuntimeError as exc:
                if "Vocabulary size" in str(exc) and size > 100:
                    size = max(100, int(size * 0.7))
                    continue
                raise
        sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
        vocab = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]
    tok = T5Tokenizer(vocab=vocab, extra_ids=0, additional_special_tokens=[],
                      clean_up_tokenization_spaces=False, model_max_length=1024)
    return tok


def _scratch_model(vocab_size: int, seed: int, overrides: dict | None = None):
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    cfg = dict(SCRATCH_CONFIG)
    cfg.update(overrides or {})
    config = T5Config(vocab_size=vocab_size, pad_token_id=0, eos_token_id=1,
                      decoder_start_token_id=0, tie_word_embeddings=True, **cfg)
    torch.manual_seed(seed)
    return T5ForConditionalGeneration(config)


def _encode(tok, srcs: Sequence[str], tgts: Sequence[str]):
    enc_s = tok(list(srcs), add_special_tokens=True, truncation=False)["input_ids"]
    enc_t = tok(list(tgts), add_special_tokens=True, truncation=False)["input_ids"]
    return [(s, t) for s, t in zip(enc_s, enc_t) if len(s) <= MAX_LEN and len(t) <= MAX_LEN]


def _batches(pairs, batch_size: int, rng: random.Random | None):
    """Length-bucketed batches: shuffle, sort within chunks of 50 batches, shuffle batches."""
    order = list(range(len(pairs)))
    if rng is not None:
        rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i:i + chunk], key=lambda j: len(pairs[j][0]))
        batches += [part[k:k + batch_size] for k in range(0, len(part), batch_size)]
    if rng is not None:
        rng.shuffle(batches)
    return batches


def _collate(pairs, idx, pad_id: int):
    import torch

    src = [pairs[i][0] for i in idx]
    tgt = [pairs[i][1] for i in idx]
    ls, lt = max(map(len, src)), max(map(len, tgt))
    input_ids = torch.tensor([s + [pad_id] * (ls - len(s)) for s in src])
    attn = torch.tensor([[1] * len(s) + [0] * (ls - len(s)) for s in src])
    labels = torch.tensor([t + [-100] * (lt - len(t)) for t in tgt])
    return input_ids, attn, labels


def _val_loss(model, pairs, pad_id, batch_size) -> float:
    import torch

    if not pairs:
        return float("nan")
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for idx in _batches(pairs, batch_size, None):
            ids, attn, labels = _collate(pairs, idx, pad_id)
            out = model(input_ids=ids, attention_mask=attn, labels=labels)
            n = int((labels != -100).sum())
            total += float(out.loss) * n
            count += n
    model.train()
    return total / max(count, 1)


def rewrite_lines(model, tok, lines: Sequence[str], batch_size: int = 32,
                  num_beams: int = 1, max_new: int | None = None) -> list[str]:
    """Greedy (or beam) rewrite; lines too long for the model come back unchanged."""
    import torch

    model.eval()
    out = list(lines)
    todo = [(i, l) for i, l in enumerate(lines) if l.strip()]
    ids_all = tok([l for _, l in todo], add_special_tokens=True)["input_ids"] if todo else []
    keep = [(i, l, ids) for (i, l), ids in zip(todo, ids_all) if len(ids) <= MAX_LEN]
    keep.sort(key=lambda x: len(x[2]))
    pad = tok.pad_token_id
    with torch.no_grad():
        for k in range(0, len(keep), batch_size):
            chunk = keep[k:k + batch_size]
            L = max(len(c[2]) for c in chunk)
            ids = torch.tensor([c[2] + [pad] * (L - len(c[2])) for c in chunk])
            attn = torch.tensor([[1] * len(c[2]) + [0] * (L - len(c[2])) for c in chunk])
            gen = model.generate(input_ids=ids, attention_mask=attn, num_beams=num_beams,
                                 do_sample=False,
                                 max_new_tokens=max_new or min(MAX_LEN, int(L * 1.3) + 8),
                                 min_new_tokens=max_new)
            texts = tok.batch_decode(gen, skip_special_tokens=True,
                                     clean_up_tokenization_spaces=False)
            for (i, _, _), t in zip(chunk, texts):
                out[i] = t
    return out


def _scores(hyps: Sequence[str], refs: Sequence[str]) -> tuple[float, float]:
    from sacrebleu.metrics import CHRF, TER

    if not hyps:
        return float("nan"), float("nan")
    return (CHRF().corpus_score(list(hyps), [list(refs)]).score,
            TER().corpus_score(list(hyps), [list(refs)]).score)


# ----------------------------------------------------------------------------- train

def train(mt: Sequence[str], pe: Sequence[str], out_dir: str | os.PathLike, *,
          src: Sequence[str] | None = None, base: str | os.PathLike | None = None,
          from_scratch: bool = False, synthetic_from: Sequence[str] | None = None,
          max_minutes: float = 20.0, val_fraction: float = 0.1, seed: int = 1,
          batch_size: int = 32, lr: float | None = None, patience: int = 3,
          vocab_size: int = 2000, progress: Callable[[str], None] | None = print,
          max_steps: int | None = None, max_epochs: int | None = None,
          eval_every: int | None = None, model_config: dict | None = None,
          report_lines: int | None = 1000, num_threads: int | None = None) -> TrainReport:
    """Train a post-editor on aligned MT / PE lines and save it to ``out_dir``.

    ``base``: local checkpoint dir to fine-tune (tokenizer and model loaded from it).
    ``from_scratch`` (default when no ``base``): sentencepiece vocabulary of ``vocab_size``
    trained on mt+pe+synthetic, plus a small T5 (``SCRATCH_CONFIG``, overridable by
    ``model_config``). ``synthetic_from``: clean lines to damage into extra training pairs.
    ``max_minutes`` bounds the training loop (the final held-out report comes after it).
    ``eval_every``: steps between validation-loss checks (default: about half an epoch, at
    least 20). ``report_lines``: cap on held-out lines rewritten for the report (None: all).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch

    say = progress or (lambda s: None)
    if base is not None and from_scratch:
        raise ValueError("give either base or from_scratch, not both")
    mt, pe = _clean(mt), _clean(pe)
    if len(mt) != len(pe):
        raise ValueError(f"mt has {len(mt)} lines but pe has {len(pe)}")
    if src is not None:
        src = _clean(src)
        if len(src) != len(mt):
            raise ValueError("src must have as many lines as mt")
    srcs = src if src is not None else [None] * len(mt)
    # (model input, target, MT line): the source, when given, is part of the input
    pairs = [(model_input(m, s), p, m) for m, p, s in zip(mt, pe, srcs)
             if m.strip() and p.strip()]
    if not pairs and not synthetic_from:
        raise ValueError("no training pairs")
    if num_threads:
        torch.set_num_threads(num_threads)
    random.seed(seed)
    torch.manual_seed(seed)
    t0 = time.monotonic()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    tr_idx, va_idx = _split(len(pairs), val_fraction, seed)
    train_pairs = [pairs[i][:2] for i in tr_idx]
    val_full = [pairs[i] for i in va_idx]
    val_pairs = [v[:2] for v in val_full]
    syn = synthetic_pairs(synthetic_from, random.Random(seed)) if synthetic_from else []
    if src is not None:  # synthetic pairs have no source: they would teach the wrong input
        syn = []
    train_pairs += syn
    if not train_pairs:
        raise ValueError("no training pairs left after the held-out split")

    mode = "base" if base is not None else "scratch"
    if mode == "base":
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
        model = AutoModelForSeq2SeqLM.from_pretrained(str(base), local_files_only=True)
        lr = lr or 1e-4
    else:
        texts = [t for p in train_pairs for t in p]   # held-out lines stay out of the vocab
        tok = train_tokenizer(texts, out_dir, vocab_size=vocab_size, seed=seed)
        model = _scratch_model(len(tok), seed, model_config)
        lr = lr or 1e-3
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0
    n_params = sum(p.numel() for p in model.parameters())
    say(f"mode {mode}: {n_params / 1e6:.1f}M parameters, vocab {len(tok)}; "
        f"{len(train_pairs)} train pairs ({len(syn)} synthetic), {len(val_pairs)} held out"
        + ("; input: SRC </s> MT" if src is not None else ""))

    tr_enc = _encode(tok, [a for a, _ in train_pairs], [b for _, b in train_pairs])
    va_enc = _encode(tok, [a for a, _ in val_pairs], [b for _, b in val_pairs])
    val_loss_pairs = va_enc[:500]
    if not tr_enc:
        raise ValueError("every training pair is longer than the model's limit")
    steps_per_epoch = math.ceil(len(tr_enc) / batch_size)
    eval_every = eval_every or max(20, steps_per_epoch // 2)

    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = min(200, max(1, steps_per_epoch // 2)) if mode == "scratch" else 1
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup))
    rng = random.Random(seed)
    budget = max_minutes * 60.0
    deadline = t0 + budget
    rep = val_full[:report_lines] if report_lines is not None else val_full
    # What comes after the loop (final validation, saving, rewriting the held-out lines) is
    # part of the budget: measure it now on a few lines (an untrained model generates to the
    # length cap, so this over- rather than under-estimates) and stop the loop early enough.
    reserve = 0.0
    if rep:
        t1 = time.monotonic()
        # 8 decoding steps on one batch of the longest report lines, scaled to the length cap
        # (a batch costs about what its longest line costs; an untrained model would run to
        # the cap, a trained one stops near the line's length: this over-estimates)
        probe = sorted((a for a, _, _ in rep), key=len)[-batch_size:]
        rewrite_lines(model, tok, probe, batch_size=batch_size, max_new=8)
        longest = max(len(x) for x in tok(probe)["input_ids"])
        per_batch = (time.monotonic() - t1) / 8 * min(MAX_LEN, int(longest * 1.3) + 8)
        t1 = time.monotonic()
        _val_loss(model, val_loss_pairs, pad_id, batch_size)
        val_s = time.monotonic() - t1
        reserve = per_batch * math.ceil(len(rep) / batch_size) + val_s + 2.0
        if reserve > 0.4 * budget and len(rep) > batch_size:  # keep most for training
            keep = max(1, int((0.4 * budget - val_s - 2.0) / max(per_batch, 1e-6)))
            rep = rep[:keep * batch_size]
            reserve = per_batch * math.ceil(len(rep) / batch_size) + val_s + 2.0
        model.train()
    loop_deadline = deadline - reserve

    model.train()
    step, since_best, stopped = 0, 0, None
    best_loss, best_step, best_state = float("inf"), 0, None
    train_losses, val_losses = [], []
    first_loss = None
    window = []
    epoch = 0
    while stopped is None:
        for idx in _batches(tr_enc, batch_size, rng):
            if time.monotonic() > loop_deadline:
                stopped = "time-budget"
                break
            if max_steps is not None and step >= max_steps:
                stopped = "max-steps"
                break
            ids, attn, labels = _collate(tr_enc, idx, pad_id)
            loss = model(input_ids=ids, attention_mask=attn, labels=labels).loss
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            lv = float(loss.detach())
            if first_loss is None:
                first_loss = lv
                train_losses.append((step, lv))
            window.append(lv)
            if step % eval_every == 0:
                tl = sum(window) / len(window)
                window = []
                train_losses.append((step, tl))
                vl = _val_loss(model, val_loss_pairs, pad_id, batch_size) if val_loss_pairs else tl
                val_losses.append((step, vl))
                el = time.monotonic() - t0
                mark = ""
                if vl < best_loss - 1e-4:
                    best_loss, best_step, since_best = vl, step, 0
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
                    mark = " *"
                else:
                    since_best += 1
                say(f"step {step:6d}  epoch {step / steps_per_epoch:5.2f}  train {tl:.4f}  "
                    f"val {vl:.4f}  {el:6.0f}s{mark}")
                if since_best >= patience:
                    stopped = "early-stop"
                    break
        else:
            epoch += 1
            if max_epochs is not None and epoch >= max_epochs:
                stopped = "max-epochs"
    if window:
        train_losses.append((step, sum(window) / len(window)))
    # final check so the last stretch of training is not lost
    if stopped != "early-stop" and (not val_losses or val_losses[-1][0] != step) and step > 0:
        vl = _val_loss(model, val_loss_pairs, pad_id, batch_size) if val_loss_pairs \
            else train_losses[-1][1]
        val_losses.append((step, vl))
        if vl < best_loss - 1e-4 or best_state is None:
            best_loss, best_step = vl, step
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        say(f"step {step:6d}  final val {vl:.4f}  {time.monotonic() - t0:6.0f}s")
    if best_state is not None:
        model.load_state_dict(best_state)
    elapsed_train = time.monotonic() - t0

    model.generation_config.decoder_start_token_id = model.config.decoder_start_token_id
    model.generation_config.pad_token_id = pad_id
    model.generation_config.eos_token_id = tok.eos_token_id
    model.save_pretrained(str(out_dir))
    tok.save_pretrained(str(out_dir))
    meta = {"mode": mode, "base": str(base) if base else None, "src_used": src is not None,
            "input_format": "SRC </s> MT" if src is not None else "MT",
            "max_len": MAX_LEN, "seed": seed}
    (out_dir / "mtfix_posteditor.json").write_text(json.dumps(meta, indent=2) + "\n")

    report = TrainReport(
        out_dir=str(out_dir), mode=mode, base=str(base) if base else None,
        src_used=src is not None,
        n_train=len(train_pairs), n_synthetic=len(syn), n_val=len(val_pairs), steps=step,
        epochs=step / steps_per_epoch, elapsed_s=elapsed_train, stopped=stopped or "max-steps",
        best_step=best_step, best_val_loss=best_loss,
        first_train_loss=first_loss if first_loss is not None else float("nan"),
        last_train_loss=train_losses[-1][1] if train_losses else float("nan"),
        train_losses=train_losses, val_losses=val_losses, n_report=len(rep),
        budget_s=budget, input_example=train_pairs[0][0] if train_pairs else "")
    if rep:
        say(f"rewriting {len(rep)} held-out lines for the report ...")
        hyp = []
        chunk = batch_size
        for k in range(0, len(rep), chunk):  # stops at the deadline (after one chunk)
            if hyp and time.monotonic() > deadline:
                say(f"budget reached: report on the first {len(hyp)} held-out lines")
                break
            hyp += rewrite_lines(model, tok, [a for a, _, _ in rep[k:k + chunk]],
                                 batch_size=batch_size)
        done = rep[:len(hyp)]
        mts, pes = [m for _, _, m in done], [b for _, b, _ in done]
        report.n_report = len(done)
        # the do-nothing baseline: the MT line as is (without the source)
        report.mt_chrf, report.mt_ter = _scores(mts, pes)
        report.pe_chrf, report.pe_ter = _scores(hyp, pes)
        report.n_changed = sum(h != m for h, m in zip(hyp, mts))
    report.total_s = time.monotonic() - t0
    (out_dir / "train_report.json").write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    say(report.format())
    return report
