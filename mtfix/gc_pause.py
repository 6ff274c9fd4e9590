"""The cyclic garbage collector paused around work that makes many objects, none of them in a
cycle: a dense text makes several per finding (diagnostic, fix, edit, applied edit), a 1 MB
Markdown table about 200,000 markdown-it tokens. The collector's passes over them cost a fifth
of a check or fix and over half of the table's parse."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def no_gc():
    """Pause the collector for the ``with`` block; resume it after (if it was on)."""
    was_on = gc.isenabled()
    if was_on:
        gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
