"""Post-editor throughput: transformers vs CTranslate2, on CPU (segments per second).

    .venv/bin/python bench/bench_posteditor.py [DATA_DIR] [--lines 300] [--train-steps 40]
        [--max-length 128] [--repeat 2] [--threads 2] [--write bench/POSTEDITOR.md]

Builds a small local T5 (d_model 256, 3+3 layers, 4 heads, d_ff 1024; a sentencepiece unigram
vocabulary of 2,000 trained on ``ref.id``), copy-trains it briefly so its outputs are real-ish
text of realistic length, converts it with ``mtfix.posteditor.ct2.convert`` (float32), and
rewrites the first ``--lines`` lines of ``gnmt.id`` with ``PostEditor`` (transformers) and
``CT2PostEditor`` (CTranslate2) at batch sizes 1 and 32, greedy, same ``max_length``. Each figure
is the best of ``--repeat`` timed runs after one warm-up batch; the outputs of the two backends
must be identical (checked, reported). No network: DATA_DIR (default ``examples/`` with
``dev-sample.gnmt.id`` / ``dev-sample.ref.id``) must hold ``gnmt.id`` and ``ref.id``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def data_files(data_dir: str | None) -> tuple[Path, Path]:
    if data_dir is None:
        d = ROOT / "examples"
        return d / "dev-sample.gnmt.id", d / "dev-sample.ref.id"
    d = Path(data_dir)
    return d / "gnmt.id", d / "ref.id"


def build_model(out: Path, ref_lines: list[str], *, train_steps: int, seed: int = 0) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    corpus = out.parent / "spm-corpus.txt"
    corpus.write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(out.parent / "sp"), vocab_size=2000,
        model_type="unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=str(out.parent / "sp.model"))
    vocab = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]
    tok = T5Tokenizer(vocab=vocab, extra_ids=0)
    torch.manual_seed(seed)
    config = T5Config(vocab_size=len(tok), d_model=256, d_kv=64, d_ff=1024, num_layers=3,
                      num_decoder_layers=3, num_heads=4, dropout_rate=0.0,
                      pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
    model = T5ForConditionalGeneration(config)
    if train_steps:
        gen = torch.Generator().manual_seed(seed)
        opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
        model.train()
        for _ in range(train_steps):
            idx = torch.randint(len(ref_lines), (16,), generator=gen).tolist()
            enc = tok([ref_lines[i] for i in idx], return_tensors="pt", padding=True,
                      truncation=True, max_length=64)
            labels = enc.input_ids.clone()
            labels[labels == 0] = -100
            loss = model(input_ids=enc.input_ids, attention_mask=enc.attention_mask,
                         labels=labels).loss
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


def timed(editor, lines: list[str], repeat: int) -> tuple[float, list[str]]:
    editor.rewrite(lines[:8])  # warm-up
    best = float("inf")
    result: list[str] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = editor.rewrite(lines)
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", default=None)
    ap.add_argument("--lines", type=int, default=300)
    ap.add_argument("--train-steps", type=int, default=40)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="torch threads = ct2 intra_threads")
    ap.add_argument("--batch-sizes", default="1,32")
    ap.add_argument("--write", metavar="MD", help="write the figures to this Markdown file")
    args = ap.parse_args()

    import ctranslate2
    import torch
    import transformers

    from mtfix.posteditor import PostEditor
    from mtfix.posteditor.ct2 import CT2PostEditor, convert

    torch.set_num_threads(args.threads)
    gnmt, ref = data_files(args.data_dir)
    lines = [ln for ln in gnmt.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines = lines[:args.lines]
    ref_lines = [ln.strip() for ln in ref.read_text(encoding="utf-8").splitlines() if ln.strip()]
    sizes = [int(b) for b in args.batch_sizes.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="bench-pe-"))
    t0 = time.perf_counter()
    hf_dir = build_model(tmp / "t5-small-bench", ref_lines, train_steps=args.train_steps)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    ct2_dir = convert(hf_dir, tmp / "t5-small-bench-ct2")
    t_convert = time.perf_counter() - t0
    n_params = sum(p.numel() for p in
                   transformers.AutoModelForSeq2SeqLM.from_pretrained(hf_dir).parameters())
    print(f"model: T5 d_model 256, 3+3 layers, {n_params / 1e6:.1f} M parameters, "
          f"built+trained {args.train_steps} steps in {t_build:.1f} s, converted in "
          f"{t_convert:.1f} s", file=sys.stderr)

    rows = []
    outputs = {}
    for bs in sizes:
        for backend in ("transformers", "ctranslate2"):
            if backend == "transformers":
                ed = PostEditor.load(hf_dir, batch_size=bs, max_length=args.max_length)
            else:
                ed = CT2PostEditor.load(ct2_dir, batch_size=bs, max_length=args.max_length,
                                        threads=args.threads)
            secs, out = timed(ed, lines, args.repeat)
            outputs[backend, bs] = out
            rows.append((backend, bs, secs, len(lines) / secs))
            print(f"  {backend:12} batch {bs:3}: {secs:7.2f} s  {len(lines) / secs:8.1f} seg/s",
                  file=sys.stderr)

    ref_out = outputs["transformers", sizes[0]]
    same = {k: sum(a == b for a, b in zip(v, ref_out)) for k, v in outputs.items()}
    changed = sum(a != b for a, b in zip(ref_out, lines))
    out_tokens = sum(len(t) for t in CT2PostEditor.load(ct2_dir, max_length=args.max_length)
                     .tokenizer(ref_out).input_ids)
    speed = {(b, bs): s for b, bs, _, s in rows}

    table = ["| backend | batch | seconds | segments/s | identical to transformers b1 |",
             "|---|---:|---:|---:|---:|"]
    for backend, bs, secs, sps in rows:
        table.append(f"| {backend} | {bs} | {secs:.2f} | {sps:.1f} | "
                     f"{same[backend, bs]}/{len(lines)} |")
    ratios = [f"batch {bs}: CTranslate2 {speed['ctranslate2', bs] / speed['transformers', bs]:.1f}× "
              "transformers" for bs in sizes]
    print("\n".join(table))
    print("; ".join(ratios))
    all_same = all(v == len(lines) for v in same.values())
    print("outputs identical across backends and batch sizes:", all_same)

    if args.write:
        now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        src = "examples/dev-sample.gnmt.id" if args.data_dir is None else "DATA_DIR/gnmt.id"
        md = f"""# Post-editor throughput: transformers vs CTranslate2

`bench/bench_posteditor.py` (see its docstring) builds a small T5 locally, converts it with
`mtfix.posteditor.ct2.convert` and times `PostEditor.rewrite` (transformers) against
`CT2PostEditor.rewrite` (CTranslate2) on the same lines, greedy, same `max_length`. No network,
no downloaded model.

```sh
.venv/bin/python bench/bench_posteditor.py [DATA_DIR] --write bench/POSTEDITOR.md
```

## Figures measured (CPU)

{now}, 2 CPU cores (no GPU used), Python {platform.python_version()}, torch {torch.__version__},
transformers {transformers.__version__}, ctranslate2 {ctranslate2.__version__};
`torch.set_num_threads({args.threads})`, CTranslate2 `intra_threads={args.threads}`, float32
(no quantization), compute type default.

- Model: T5, d_model 256, 3 encoder + 3 decoder layers, 4 heads, d_ff 1024, sentencepiece
  unigram vocabulary {len(vocab_of(hf_dir))} trained on `ref.id`, {n_params / 1e6:.1f} M parameters,
  copy-trained {args.train_steps} steps (outputs are real-ish Indonesian, lengths realistic;
  {changed}/{len(lines)} lines come back changed). Built in {t_build:.0f} s, converted in
  {t_convert:.1f} s.
- Input: the first {len(lines)} non-blank lines of `{src}`; `max_length {args.max_length}`
  (output cap per line: min(max_length, 2·input tokens + 8)); {out_tokens} output tokens
  in all (with `</s>`). Best of {args.repeat} runs after a warm-up batch.

{chr(10).join(table)}

{"; ".join(ratios)}. Outputs identical across backends and batch sizes: **{all_same}**.

Machine noise: the two cores were shared with other work during some runs; figures are
best-of-{args.repeat}, ratios are the robust part.

## GPU

Not measured here: a GPU figure (`device="cuda"`, float16 / int8_float16 conversion) needs the
device machine; the lead decides whether to spend device time on it.
"""
        Path(args.write).write_text(md, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0 if all_same else 1


def vocab_of(model_dir: Path) -> dict:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir)).get_vocab()


if __name__ == "__main__":
    sys.exit(main())
