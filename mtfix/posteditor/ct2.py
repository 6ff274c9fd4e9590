"""CTranslate2 backend for the seq2seq post-editor.

``convert(model_dir, out_dir)`` turns a transformers seq2seq checkpoint (a local directory, never
the hub) into a CTranslate2 model directory and copies the tokenizer files next to ``model.bin``,
so the converted directory is all that ``CT2PostEditor.load`` needs.

``CT2PostEditor`` has the interface of :class:`mtfix.posteditor.model.PostEditor`: segments are
tokenized with the HF tokenizer (``convert_ids_to_tokens``), sorted by length, translated in
batches with ``ctranslate2.Translator.translate_batch`` (greedy when ``beams == 1``, deterministic
beam search otherwise), decoded back with the same tokenizer and returned in input order.

ctranslate2 and transformers are imported inside functions only; without ctranslate2 installed
every entry point raises :class:`mtfix.textio.InputError`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

from mtfix.textio import InputError

from .model import Rewriter, select_language, weights_hash

_MISSING = "the ctranslate2 backend needs: pip install ctranslate2"

# Files a transformers tokenizer may need; whichever exist are copied into the converted model.
# (config.json is not among them: CTranslate2 writes its own.)
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "source.spm",
    "target.spm",
    "vocab.json",
    "merges.txt",
    "vocab.txt",
    "generation_config.json",
)

MODEL_FILE = "model.bin"


def _ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(_MISSING) from exc
    return ctranslate2


def _tokenizer(path: Path) -> Any:
    from .model import NEURAL_EXTRA_MESSAGE

    try:
        from transformers import AutoTokenizer
    except ImportError:
        raise InputError(NEURAL_EXTRA_MESSAGE) from None
    try:
        return AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    except ImportError as e:
        raise InputError(f"{NEURAL_EXTRA_MESSAGE} ({e})".splitlines()[0]) from None
    except Exception as e:  # noqa: BLE001 - any loading failure is a bad input path
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"{path}: cannot load the post-editor tokenizer: {msg}") from None


def is_ct2_model(path: str | Path) -> bool:
    """True if ``path`` is a directory holding a converted CTranslate2 model."""
    return (Path(path) / MODEL_FILE).is_file()


def convert(
    model_dir: str | Path,
    out_dir: str | Path,
    quantization: str | None = None,
    force: bool = False,
) -> Path:
    """Convert the transformers checkpoint in ``model_dir`` to a CTranslate2 model in ``out_dir``.

    ``quantization`` is passed to CTranslate2 (``None`` keeps float32; ``"int8"``,
    ``"int8_float16"``, ``"float16"``, ... are accepted). The tokenizer files found in
    ``model_dir`` are copied into ``out_dir``. Returns ``out_dir``.
    """
    ct2 = _ctranslate2()
    src = Path(model_dir)
    out = Path(out_dir)
    if not (src / "config.json").is_file():
        raise InputError(f"{model_dir}: not a transformers checkpoint directory (no config.json)")
    if is_ct2_model(src):
        raise InputError(f"{model_dir}: already a CTranslate2 model")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not force)):
        raise InputError(f"{out_dir}: exists and is not an empty directory")
    copy_files = [name for name in TOKENIZER_FILES if (src / name).is_file()]
    if not {"tokenizer.json", "tokenizer_config.json"} & set(copy_files):
        raise InputError(f"{model_dir}: no tokenizer files (tokenizer.json, "
                         "tokenizer_config.json)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        converter = ct2.converters.TransformersConverter(str(src), copy_files=copy_files)
        converter.convert(str(out), quantization=quantization, force=True)
    except Exception as e:  # noqa: BLE001 - unsupported architecture, bad quantization, ...
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"{model_dir}: CTranslate2 cannot convert this model: {msg}") from None
    return out


class CT2PostEditor(Rewriter):
    """A converted seq2seq post-editor running on CTranslate2; same interface as PostEditor."""

    backend = "ctranslate2"

    def __init__(self, translator: Any, tokenizer: Any, *, target_prefix: str | None = None,
                 **kw: Any) -> None:
        super().__init__(tokenizer, **kw)
        self.translator = translator
        self.target_prefix = target_prefix

    @classmethod
    def load(cls, path: str | os.PathLike, device: str = "cpu", batch_size: int = 16,
             beams: int = 1, max_length: int = 256, lang: str | None = None,
             compute_type: str = "default", threads: int = 0) -> "CT2PostEditor":
        """Load a converted model directory (see :func:`convert`). Never touches the network.

        ``device``: "cpu", "cuda", "cuda:N" or "auto" (cuda when CTranslate2 sees one).
        ``lang``: as for PostEditor (multilingual tokenizers: source language and forced target
        prefix). ``compute_type``: CTranslate2's ("default" keeps the converted type; "int8",
        "float16", ...). ``threads``: CTranslate2's ``intra_threads`` (0: its default).
        """
        p = Path(path)
        if not p.is_dir():
            raise InputError(f"{path}: post-editor model not found (expected a converted "
                             "CTranslate2 directory)")
        if not is_ct2_model(p):
            if (p / "config.json").is_file():
                raise InputError(f"{path}: a transformers checkpoint, not a CTranslate2 model; "
                                 "convert it first: mtfix post-editor convert PATH OUT")
            raise InputError(f"{path}: no CTranslate2 model ({MODEL_FILE} missing)")
        if batch_size < 1 or beams < 1 or max_length < 1:
            raise InputError("post-editor batch size, beams and max length must be at least 1")
        ct2 = _ctranslate2()
        if device == "auto":
            device = "cuda" if ct2.get_cuda_device_count() > 0 else "cpu"
        kind, _, index = device.partition(":")
        if kind not in ("cpu", "cuda") or (index and not index.isdigit()) or \
                (kind == "cpu" and index):
            raise InputError(f"post-editor device {device!r}: use cpu, cuda or auto")
        if kind == "cuda" and ct2.get_cuda_device_count() == 0:
            raise InputError(f"post-editor device {device!r}: CUDA is not available to "
                             "ctranslate2")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        tokenizer = _tokenizer(p)
        try:
            translator = ct2.Translator(str(p), device=kind, device_index=int(index or 0),
                                        compute_type=compute_type, intra_threads=threads)
        except (RuntimeError, ValueError) as e:
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise InputError(f"{path}: cannot load the CTranslate2 model: {msg}") from None
        prefix = select_language(tokenizer, lang)

        return cls(translator, tokenizer, name=p.resolve().name or str(p),
                   weights_hash=weights_hash(p), device=device, batch_size=batch_size,
                   beams=beams, max_length=max_length, target_prefix=prefix)

    # -- inference ----------------------------------------------------------------------------

    def _translate(self, tokens: list[list[str]]) -> list[list[str]]:
        """Output tokens (no special tokens at the ends) for one batch of source tokens, each
        cut at its own cap, so that a result does not depend on what else shared the batch."""
        caps = [self.output_cap(len(t)) for t in tokens]
        kwargs: dict[str, Any] = dict(
            beam_size=self.beams, num_hypotheses=1, sampling_topk=1,
            # counts the final </s>, like transformers' max_new_tokens
            max_decoding_length=max(caps),
            return_scores=False, max_batch_size=0)
        if self.target_prefix is not None:
            kwargs["target_prefix"] = [[self.target_prefix] for _ in tokens]
        results = self.translator.translate_batch(tokens, **kwargs)
        return [list(r.hypotheses[0])[:cap] for r, cap in zip(results, caps)]

    def _decode(self, tokens: list[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(tokens)
        return self.tokenizer.decode(ids, skip_special_tokens=True,
                                     clean_up_tokenization_spaces=False)

    def rewrite_tokens(self, segments: Sequence[str]) -> list[list[str] | None]:
        """The model's output tokens per (stripped) segment, one at a time, in input order;
        ``None`` for blank and too-long segments. For comparing backends token by token."""
        out: list[list[str] | None] = [None] * len(segments)
        for i, seg in enumerate(segments):
            core = seg.strip()
            ids = self.tokenizer([core]).input_ids[0] if core else []
            if core and len(ids) > self.max_length:
                self.skipped_too_long += 1
            elif core:
                out[i] = self._translate([self.tokenizer.convert_ids_to_tokens(ids)])[0]
        return out

    def _rewrite_batch(self, cores: list[str], ids: list[list[int]]) -> list[str]:
        tokens = [self.tokenizer.convert_ids_to_tokens(x) for x in ids]
        return [self._decode(t) for t in self._translate(tokens)]

    def __repr__(self) -> str:
        return (f"CT2PostEditor({self.name!r}, device={self.device!r}, "
                f"batch_size={self.batch_size}, beams={self.beams}, "
                f"max_length={self.max_length})")
