"""The cyclic garbage collector paused around work that makes many objects, none of them in a
cycle: a dense text makes several per finding (diagnostic, fix, edit, applied edit), a 1 MB
Markdown table about 200,000 markdown-it tokens. The collector's passes over them cost a fifth
of a check or fix and over half of the table's parse."""

from __future__ import annotations

import gc


class no_gc:
    """Pause the collector for the ``with`` block; resume it after (if it was on). A class, not
    a ``contextlib.contextmanager`` generator: the engine enters it once per unit, and the
    generator's set-up cost about 20 µs of each (40,000 PO entries: 0.8 s)."""

    __slots__ = ("was_on",)

    def __enter__(self) -> None:
        self.was_on = gc.isenabled()
        if self.was_on:
            gc.disable()

    def __exit__(self, *exc) -> None:
        if self.was_on:
            gc.enable()
