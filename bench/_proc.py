"""What the bench scripts that time whole `mtfix` processes share."""

from __future__ import annotations

import compileall
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def compile_checkout() -> None:
    """Byte-compile the checkout's package, as an installed one is (pip writes the .pyc files
    at install). Where PYTHONDONTWRITEBYTECODE is set (these machines set it) a process never
    writes them, so without this step every timed run would compile mtfix from source first:
    about 0.1 s of each run, which no user's installation pays."""
    compileall.compile_dir(str(REPO / "mtfix"), quiet=1)
