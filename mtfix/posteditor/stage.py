"""The post-editor as one stage of the engine: which backend loads a checkpoint, and how its
guarded rewrites become edits (PE001) or rejections (PE002).

Importing this module imports no torch: the backends load lazily, when a run uses them.
"""

from __future__ import annotations

from ..model import Applicability, Diagnostic, Fix, Severity
from .propose import post_edit_lines


def load_post_editor(settings):
    """The post-editor that ``settings`` name (``post_editor``, ``pe_backend``, ...)."""
    if settings.pe_backend == "ctranslate2":
        from .ct2 import CT2PostEditor as cls
    elif settings.pe_backend == "transformers":
        from .model import PostEditor as cls
    else:
        raise ValueError(f"unknown post-editor backend {settings.pe_backend!r}; "
                         f"expected transformers or ctranslate2")
    return cls.load(settings.post_editor, device=settings.pe_device,
                    batch_size=settings.pe_batch_size, beams=settings.pe_beams,
                    max_length=settings.pe_max_length)


# Codes of the post-editor stage (not rules: they need a model, so they carry no examples).
STAGES = {
    "PE001": ("post-editor-edit", "An edit proposed by the seq2seq post-editor (unsafe)"),
    "PE002": ("post-editor-rewrite-rejected",
              "The post-editor's rewrite of a segment was rejected by the guard"),
}


class PostEditStage:
    """The post-editor as the engine sees it: one rewrite per line, guarded, cut into minimal
    unsafe edits (PE001) with the model's name and weights hash, or one rejection (PE002)."""

    code = "PE001"
    modes = ("lines", "article")

    def __init__(self, linter) -> None:
        self.linter = linter

    def check(self, doc: Document):
        lin = self.linter
        text = doc.text
        numbered = list(doc.lines())
        spans = [(s, e) for _, s, e in numbered]
        lines = [text[s:e] for s, e in spans]
        glossary = lin.glossary if lin.needs_glossary else None
        src = doc.source_lines
        sources = None if src is None else [src[i] if i < len(src) else None
                                            for i, _, _ in numbered]
        results = post_edit_lines(lin.post_editor, lines, max_change=lin.settings.pe_max_change,
                                  glossary=glossary, sources=sources)
        for (ls, le), r in zip(spans, results):
            if r.reason is not None:
                yield Diagnostic("PE002", f"post-editor rewrite rejected: {r.reason}", ls, le,
                                 Severity.INFO)
                continue
            for start, end, replacement, message in r.edits:
                yield Diagnostic("PE001", message, ls + start, ls + end, Severity.WARNING,
                                 Fix.replace(ls + start, ls + end, replacement,
                                             Applicability.UNSAFE))
