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


def draw_prose_edits(data, doc: str, prose, edits, most: int) -> str | None:
    """Up to ``most`` edits ``(a, b)`` drawn from ``edits``, each where ``a`` occurs in prose
    (``prose``: a document's prose mark) apart from the others, applied right to left (as
    unmasking makes them); None when nothing changed or a line break came or went."""
    from hypothesis import strategies as st

    spots: list[tuple[int, str, str]] = []
    for _ in range(data.draw(st.integers(1, most))):
        a, b = data.draw(st.sampled_from(edits))
        k = doc.find(a, data.draw(st.integers(0, max(0, len(doc) - 1))))
        if k >= 0 and all(prose[k:k + len(a)]) and all(
                k + len(a) <= s0 or k >= s0 + len(a0) for s0, a0, _ in spots):
            spots.append((k, a, b))
    new = doc
    for k, a, b in sorted(spots, reverse=True):
        new = new[:k] + b + new[k + len(a):]
    if new.count("\n") != doc.count("\n") or new == doc:
        return None
    return new

