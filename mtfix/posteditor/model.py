"""Load a local Hugging Face seq2seq checkpoint and rewrite segments with it, deterministically."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Sequence

from ..textio import InputError

NEURAL_EXTRA_MESSAGE = "the post-editor needs the neural extra: pip install 'mtfix[neural]'"

# Files whose bytes make up ``weights_hash`` (sorted by name, all of those present).
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack")


def _import_neural():
    try:
        import torch
        import transformers
    except ImportError:
        raise InputError(NEURAL_EXTRA_MESSAGE) from None
    return torch, transformers


def weights_hash(path: str | os.PathLike) -> str:
    """sha256 over the weight files' bytes (in name order), first 12 hex digits."""
    h = hashlib.sha256()
    files = sorted(p for p in Path(path).iterdir()
                   if p.is_file() and p.suffix in _WEIGHT_SUFFIXES
                   and not p.name.startswith(("training_args", "optimizer", "scheduler",
                                              "rng_state")))
    for p in files:
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:12]


def select_language(tokenizer, lang: str | None) -> str | None:
    """For multilingual tokenizers (NLLB/M2M/mBART): set the source and target language to
    ``lang`` or, by default, the first of ``ind_Latn``/``id_ID``/``id`` the tokenizer knows;
    return that code (None for monolingual tokenizers)."""
    if not hasattr(tokenizer, "src_lang"):
        return None
    vocab = tokenizer.get_vocab()
    for code in [lang] if lang else ["ind_Latn", "id_ID", "id"]:
        if code in vocab:
            tokenizer.src_lang = code
            if hasattr(tokenizer, "tgt_lang"):
                tokenizer.tgt_lang = code
            return code
    if lang:
        raise InputError(f"post-editor language {lang!r} not in the tokenizer")
    return None


def expects_source(path: str | os.PathLike) -> bool:
    """Whether a checkpoint trained by `mtfix train` reads the source too ("SRC </s> MT")."""
    meta = Path(path) / "mtfix_posteditor.json"
    if not meta.is_file():
        return False
    import json

    try:
        return bool(json.loads(meta.read_text(encoding="utf-8")).get("src_used"))
    except (ValueError, OSError):
        return False


class Rewriter:
    """What every post-editor backend shares: its identity, and `rewrite` (blank and too-long
    segments left alone, outer whitespace kept, longest segments batched first, input order
    kept). A backend implements ``_rewrite_batch(cores, ids)``."""

    def __init__(self, tokenizer, *, name: str, weights_hash: str, device: str,
                 batch_size: int = 16, beams: int = 1, max_length: int = 256):
        self.tokenizer = tokenizer
        self.name = name
        self.weights_hash = weights_hash
        self.device = device
        self.batch_size = batch_size
        self.beams = beams
        self.max_length = max_length
        self.skipped_too_long = 0  # segments longer than max_length tokens, left unchanged
        # trained by `mtfix train --src`: reads "SRC </s> MT" (mtfix_posteditor.json)
        self.expects_source = False

    @property
    def model_id(self) -> str:
        """``NAME@HASH``: names the model in edit messages."""
        return f"{self.name}@{self.weights_hash}"

    def output_cap(self, n_input_tokens: int) -> int:
        """Most output tokens for an input of that many: a much longer rewrite is rejected by
        the guard anyway, so it is not generated."""
        return min(self.max_length, 2 * n_input_tokens + 8)

    def _rewrite_batch(self, cores: list[str], ids: list[list[int]]) -> list[str]:
        raise NotImplementedError  # pragma: no cover

    def rewrite(self, segments: Sequence[str],
                sources: Sequence[str | None] | None = None) -> list[str]:
        """One rewrite per segment, in input order. Blank segments, and segments longer than
        ``max_length`` tokens, come back unchanged; leading/trailing whitespace is kept and not
        shown to the model. Greedy or beam search: the same input gives the same output."""
        out = list(segments)
        todo: list[tuple[int, str, str, str]] = []  # index, lead, core, trail
        for i, seg in enumerate(segments):
            core = seg.strip()
            if not core:
                continue
            lead = seg[:len(seg) - len(seg.lstrip())]
            trail = seg[len(seg.rstrip()):]
            if self.expects_source:
                src = sources[i] if sources is not None and i < len(sources) else None
                if src is None or not src.strip():
                    raise InputError(f"post-editor {self.name} was trained with the source "
                                     f"(SRC </s> MT): it needs the source text (--source) "
                                     f"for every segment it rewrites")
                core = f"{src.strip()} </s> {core}"
            todo.append((i, lead, core, trail))
        if not todo:
            return out
        # Too long for the model: would come back truncated, so leave it alone.
        keep = []
        for item, ids in zip(todo, self.tokenizer([c for _, _, c, _ in todo]).input_ids):
            if len(ids) > self.max_length:
                self.skipped_too_long += 1
            else:
                keep.append((len(ids), item, ids))
        # Longest first: similar lengths share a batch (little padding), and memory trouble
        # shows at once.
        keep.sort(key=lambda x: (-x[0], x[1][0]))
        for b in range(0, len(keep), self.batch_size):
            batch = keep[b:b + self.batch_size]
            news = self._rewrite_batch([item[2] for _, item, _ in batch],
                                       [ids for _, _, ids in batch])
            for (_, (i, lead, _, trail), _), new in zip(batch, news):
                out[i] = lead + new.strip() + trail
        return out


class PostEditor(Rewriter):
    """A seq2seq model that rewrites segments: ``PostEditor.load(path).rewrite(lines)``."""

    def __init__(self, model, tokenizer, *, forced_bos_token_id: int | None = None, **kw):
        super().__init__(tokenizer, **kw)
        self.model = model
        self.forced_bos_token_id = forced_bos_token_id

    @classmethod
    def load(cls, path: str | os.PathLike, device: str = "cpu", batch_size: int = 16,
             beams: int = 1, max_length: int = 256, lang: str | None = None) -> "PostEditor":
        """Load a local checkpoint directory (AutoModelForSeq2SeqLM + AutoTokenizer): T5/mT5,
        BART, Marian, NLLB/M2M-style. Never touches the network.

        ``device``: "cpu", "cuda" (or "cuda:N") or "auto" (cuda when available). ``lang``: the
        language code for multilingual tokenizers (NLLB/M2M/mBART: source and forced target);
        by default ``ind_Latn``/``id``/``id_ID`` when the tokenizer knows one of them.
        """
        p = Path(path)
        if not p.is_dir():
            raise InputError(f"{path}: post-editor model not found (expected a checkpoint "
                             "directory)")
        if not (p / "config.json").is_file():
            raise InputError(f"{path}: not a model checkpoint directory (no config.json)")
        if batch_size < 1 or beams < 1 or max_length < 1:
            raise InputError("post-editor batch size, beams and max length must be at least 1")
        torch, transformers = _import_neural()
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif device.startswith("cuda") and not torch.cuda.is_available():
            raise InputError(f"post-editor device {device!r}: CUDA is not available")
        elif device != "cpu" and not device.startswith("cuda"):
            raise InputError(f"post-editor device {device!r}: use cpu, cuda or auto")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:  # no progress bars on stderr from a CLI tool
            transformers.utils.logging.disable_progress_bar()
        except AttributeError:
            pass
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(str(p), local_files_only=True)
            model = transformers.AutoModelForSeq2SeqLM.from_pretrained(str(p),
                                                                       local_files_only=True)
        except ImportError as e:  # e.g. sentencepiece missing for a slow tokenizer
            raise InputError(f"{NEURAL_EXTRA_MESSAGE} ({e})".splitlines()[0]) from None
        except Exception as e:  # noqa: BLE001 - any loading failure is a bad input path
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise InputError(f"{path}: cannot load the post-editor model: {msg}") from None
        model.to(device)
        model.eval()
        code = select_language(tokenizer, lang)
        forced = tokenizer.get_vocab()[code] if code else None
        name = p.resolve().name or str(getattr(model.config, "_name_or_path", "") or p)
        editor = cls(model, tokenizer, name=name, weights_hash=weights_hash(p), device=device,
                     batch_size=batch_size, beams=beams, max_length=max_length,
                     forced_bos_token_id=forced)
        editor.expects_source = expects_source(p)
        return editor

    def _generate(self, texts: list[str]) -> list[str]:
        import torch

        enc = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                             max_length=self.max_length)
        enc = {k: v.to(self.device) for k, v in enc.items()}
        # A rewrite much longer than its input is rejected anyway: don't generate it. For an
        # encoder-decoder, ``max_length`` counts the decoder start token too; passing it (not
        # ``max_new_tokens``) also overrides a checkpoint's own generation max_length.
        cap = self.output_cap(int(enc["input_ids"].shape[1]))
        kwargs = dict(do_sample=False, num_beams=self.beams, max_length=cap + 1)
        if self.beams > 1:
            kwargs["early_stopping"] = True
        if self.forced_bos_token_id is not None:
            kwargs["forced_bos_token_id"] = self.forced_bos_token_id
        with torch.inference_mode():
            out = self.model.generate(**enc, **kwargs)
        # Cut each output at its own segment's cap, so that the result doesn't depend on what
        # else shared the batch (greedy decoding: a prefix is the same whatever the limit).
        own = enc["attention_mask"].sum(dim=1).tolist()
        start = 1 if self.model.config.is_encoder_decoder else 0
        rows = [row[:start + self.output_cap(int(n))].tolist() for row, n in zip(out, own)]
        return self.tokenizer.batch_decode(rows, skip_special_tokens=True,
                                           clean_up_tokenization_spaces=False)

    def _rewrite_batch(self, cores: list[str], ids: list[list[int]]) -> list[str]:
        return self._generate(cores)
