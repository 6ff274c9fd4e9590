"""With a source, spacing the source has too is intended (one mechanism for the spacing rules)."""

from __future__ import annotations

import pytest

from mtfix.engine import Linter
from mtfix.settings import Settings

_LINTER = Linter(Settings())


@pytest.mark.parametrize("target,source", [
    ("  -h, --help       tampilkan pesan bantuan ini", "  -h, --help       show this help message"),
    ("gunakan (( expr )) atau { PERINTAH ; }", "use (( expr )) or { COMMANDS ; }"),
    ("jika a != b maka x / y", "if a != b then x / y"),
])
def test_source_spacing_kept(target, source):
    assert _LINTER.fix(target, source=source).text == target
    assert _LINTER.fix(target).text != target  # without the source the spacing rules fire


def test_spacing_not_in_source_still_fixed():
    assert _LINTER.fix("kata dia , lalu  pergi", source="he said, then went").text == (
        "kata dia, lalu pergi")


def test_a_run_of_spaces_is_compared_whole_not_as_its_fix():
    """WS001's fix deletes the spaces after the first; the source is asked about the run
    (dev gnmt:506: the source's `Margaret. (Applause)` holds ` (`, one space, not two)."""
    res = _LINTER.fix("Terima kasih, Margaret.  (Tepuk tangan)",
                      source="Thank you, Margaret. (Applause)")
    assert res.text == "Terima kasih, Margaret. (Tepuk tangan)"
    assert [(a.code, a.before, a.after) for a in res.applied] == [("WS001", " ", "")]
    assert _LINTER.fix("a  b", source="a  b").text == "a  b"  # the source's run: kept


def test_source_rules_need_source():
    assert _LINTER.fix("Apa yang kamu lakukan").text == "Apa yang kamu lakukan"
    assert _LINTER.fix("Apa yang kamu lakukan", source="What are you doing?").text == (
        "Apa yang kamu lakukan?")
    assert _LINTER.fix("Ikuti # indonesia", source="Follow #indonesia").text == "Ikuti #indonesia"
