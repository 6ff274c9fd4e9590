"""What several tests draw their texts from (each test module keeps its own pieces)."""

import random

from mtfix.engine import Linter
from mtfix.settings import Settings

# Pieces of units and sources: MT damage the rules repair, protected spans, line breaks of
# every kind, case folding that changes lengths (tests/test_batch.py, test_stream_records.py).
UNIT_PIECES = ["di", "sini", "disini", "sela", "-sela", " ", "  ", "Key", "the", "katanya", ",",
               '"', "“", "”", "'", "Rp", "12", "$ 16,6", "–", "—", "- ", "-", "anda", "karir",
               "sekelompok tujuh (G7)", "Korea-Jepang Selatan", "İ", "Σ", "x", "yang yang",
               "Bersama", "-sama", ".", "antar -jemput", "liberal liberal", "Source link",
               "https://kompas.com/a", " / berita", "a@b.id", "<b>", "<b", ">", "{name}", "%s",
               "\t", "\u00a0", "\n", "\r", "\r\n", "\x0b", "\u2028", "Dia berkata , \"Ya\" ."]
UNIT_SOURCES = ["", "the the", "Group of Seven (G7)", "South Korea-Japan", "he said.", "x\ny",
                "- a", "Bora-Bora"]


def unit_linters() -> list[Linter]:
    """The settings a unit's result depends on: default, unsafe fixes, a cap of one pass."""
    return [Linter(Settings()), Linter(Settings(unsafe_fixes=True)),
            Linter(Settings(max_iterations=1))]


def random_texts(pieces, n: int, size: int, seed: int, sep: str = ""):
    """``n`` texts of 1 to ``size`` pieces drawn with a seeded generator, joined by ``sep``."""
    rnd = random.Random(seed)
    for _ in range(n):
        yield sep.join(rnd.choice(pieces) for _ in range(rnd.randint(1, size)))
