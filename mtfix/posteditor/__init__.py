"""Optional seq2seq post-editor: rewrite lines with a local Hugging Face checkpoint, keep only
rewrites a guard accepts, and turn them into minimal word-level edits.

Importing this package is cheap: torch/transformers/sentencepiece are imported only when a
model is loaded (:meth:`PostEditor.load`), and their absence is an :class:`InputError` then.
"""

from __future__ import annotations

from .guard import check_rewrite, edit_distance
from .model import NEURAL_EXTRA_MESSAGE, PostEditor
from .propose import LineResult, post_edit_lines, propose

__all__ = ["NEURAL_EXTRA_MESSAGE", "LineResult", "PostEditor", "check_rewrite", "edit_distance",
           "post_edit_lines", "propose"]
