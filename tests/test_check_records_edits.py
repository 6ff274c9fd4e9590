"""check_files(edits=False): the records the text, GitHub and JUnit outputs are made of carry
their fix's applicability only (one shared dict per applicability) and no flagged text (read
by none of them; with ``context``, for the ignore file, they carry it); every other field, and
the rendered outputs, are the same as with the edits."""

import pytest

from mtfix.reporting.check_formats import render
from mtfix.run.checkrun import check_files
from mtfix.settings import Settings

TEXT = ("Para pemimpin sekelompok tujuh (G7) bertemu di sela -sela KTT.\n"
        "Dia terlihat terlihat lelah , katanya disini.\n"
        "Harga beras naik menjadi Rp 12.000 per kilogram , naik 5 % .\n")


@pytest.fixture()
def both(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    full = check_files([str(p)], Settings(), context=False).records
    lean = check_files([str(p)], Settings(), context=False, edits=False).records
    return full, lean


def test_same_records_without_the_edits(both):
    full, lean = both
    assert len(full) == len(lean) >= 5
    assert any(r["fix"] is not None and len(r["fix"]["edits"]) >= 1 for r in full)
    for f, g in zip(full, lean):
        assert "text" in f and "text" not in g
        assert {k: v for k, v in f.items() if k not in ("fix", "text")} == \
               {k: v for k, v in g.items() if k != "fix"}
        if f["fix"] is None:
            assert g["fix"] is None
        else:
            assert g["fix"] == {"applicability": f["fix"]["applicability"]}
    shared = {id(g["fix"]) for g in lean if g["fix"] is not None}
    kinds = {g["fix"]["applicability"] for g in lean if g["fix"] is not None}
    assert len(shared) == len(kinds)  # one dict per applicability, not one per record


def test_the_flagged_text_stays_where_the_ignore_file_reads_it(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    full = check_files([str(p)], Settings(), context=False).records
    with_context = check_files([str(p)], Settings(), context=True, edits=False).records
    assert [r["text"] for r in with_context] == [r["text"] for r in full]
    assert "`terlihat terlihat`" in " ".join(r["message"] for r in full)


@pytest.mark.parametrize("fmt", ["github", "junit"])
def test_outputs_unchanged(both, fmt):
    full, lean = both
    names = [full[0]["path"]]
    assert render(fmt, lean, names) == render(fmt, full, names)


def test_a_fix_without_edits_does_not_take_the_next_findings_edits(tmp_path):
    """A finding whose fix has no edits, then one whose fix has: the second record keeps its
    edits (the loop once put the first fix's empty edits where the flag was read)."""
    from mtfix.model import Diagnostic, Edit, Fix
    from mtfix.run import checkrun
    from mtfix.run.inputs import collect
    from mtfix.run.load import load_all

    p = tmp_path / "a.txt"
    p.write_text("Dia pergi disini.\n", encoding="utf-8")
    loaded, failures = load_all(collect([str(p)]), "auto", checkrun.FormatOptions(), Settings())
    assert not failures
    diags = [Diagnostic("OR001", "a", 0, 3, fix=Fix(())),
             Diagnostic("OR001", "b", 10, 16, fix=Fix((Edit(10, 16, "di sini"),)))]
    recs: list = []
    checkrun._job_records(recs, loaded[0], [diags], edits=True, context=False)
    assert recs[0]["fix"]["edits"] == []
    assert recs[1]["fix"]["edits"] == [{"start": 10, "end": 16, "content": "di sini"}]
