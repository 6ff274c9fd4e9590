"""mtfix.batch: units repaired or checked a run at a time give exactly what they give one by
one (text, edits with their spans, iterations, diagnostics), whatever the units hold."""

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from mtfix.batch import _runs, check_many, fix_many
from mtfix.engine import Linter
from mtfix.settings import Settings

PIECES = ["di", "sini", "disini", "sela", "-sela", " ", "  ", "Key", "the", "katanya", ",",
          '"', "“", "”", "'", "Rp", "12", "$ 16,6", "–", "—", "- ", "-", "anda", "karir",
          "sekelompok tujuh (G7)", "Korea-Jepang Selatan", "İ", "Σ", "x", "yang yang",
          "Bersama", "-sama", ".", "antar -jemput", "liberal liberal", "Source link",
          "https://kompas.com/a", " / berita", "a@b.id", "<b>", "<b", ">", "{name}", "%s",
          "\t", "\u00a0", "\n", "\r", "\r\n", "\x0b", "\u2028", "Dia berkata , \"Ya\" ."]
SOURCES = ["", "the the", "Group of Seven (G7)", "South Korea-Japan", "he said.", "x\ny",
           "- a", "Bora-Bora"]

LINTERS = [Linter(Settings()), Linter(Settings(unsafe_fixes=True)),
           Linter(Settings(max_iterations=1))]


def _units():
    unit = st.lists(st.sampled_from(PIECES), min_size=0, max_size=12).map("".join)
    return st.lists(unit, min_size=1, max_size=25)


def _agree(lin, texts, sources):
    one = [lin.fix(t, source=s) for t, s in zip(texts, sources or [None] * len(texts))]
    many = fix_many(lin, texts, sources)
    for a, b in zip(one, many, strict=True):
        assert (b.text, b.applied, b.iterations, b.capped) == \
            (a.text, a.applied, a.iterations, a.capped)
    pairs = list(zip(texts, sources or [None] * len(texts)))
    assert check_many(lin, pairs) == [lin.check(t, source=s) for t, s in pairs]


def _property(examples):
    @hsettings(max_examples=examples, deadline=None)
    @given(_units(), st.data())
    def prop(texts, data):
        sources = data.draw(st.one_of(
            st.none(), st.lists(st.one_of(st.none(), st.sampled_from(SOURCES)),
                                min_size=len(texts), max_size=len(texts))))
        for lin in LINTERS:
            _agree(lin, texts, sources)

    prop()


def test_runs_give_the_unit_by_unit_results_property():
    _property(120)


@pytest.mark.slow
def test_runs_give_the_unit_by_unit_results_property_long():
    _property(1500)


def test_real_units_agree(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    texts = (root / "examples" / "dev-sample.gnmt.id").read_text(encoding="utf-8").split("\n")
    srcs = (root / "examples" / "dev-sample.src.en").read_text(encoding="utf-8").split("\n")
    n = min(len(texts), len(srcs))
    article = (root / "tests" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")
    for lin in LINTERS:
        _agree(lin, texts[:n], srcs[:n])
        _agree(lin, article.split("\n"), None)


def test_what_is_joined_and_what_goes_alone():
    lin = LINTERS[0]
    texts = ["disini  ada", "kata kata", "", "- butir", "dua\nbaris", "a", "b", "c"]
    sources = [None, None, None, None, None, "x", "y", None]
    assert _runs(lin, texts, sources) == [[0, 1], [2], [3], [4], [5, 6], [7]]
    # A unit next to a line starting with a hyphen (WS007 reads its neighbours) goes alone.
    assert _runs(lin, ["a", "- b", "c"], None) == [[0], [1], [2]]
    got = fix_many(lin, ["Saya tinggal disini.", "yang yang sama"])
    assert [r.text for r in got] == ["Saya tinggal di sini.", "yang sama"]
    assert [(a.code, a.line, a.orig_start) for r in got for a in r.applied] == \
        [("OR001", 1, 13), ("DW001", 1, 4)]


# ------------------------------------------------------------------- streamed JSONL records

def _records():
    """Raw JSONL lines: records with a target from PIECES or one that takes two passes (or a
    non-string one, or none), a source or not, in either JSON escape style, blank lines, CRLF,
    a BOM on line 1."""
    import json

    unit = st.lists(st.sampled_from(PIECES), min_size=0, max_size=8).map("".join)
    # Texts that take two passes: capped under max_iterations=1.
    unit = st.one_of(unit, st.sampled_from(["di  disini", "sini  sini", "di  ,"]))
    record = st.tuples(st.sampled_from(["str", "str", "str", "none", "int", "missing", "blank"]),
                       unit, st.one_of(st.none(), st.sampled_from(SOURCES)), st.booleans(),
                       st.sampled_from(["\n", "\r\n"]))

    def lines(recs, bom):
        out = []
        for k, (kind, target, source, ascii_, end) in enumerate(recs):
            if kind == "blank" and k:
                out.append(end.encode())
                continue
            obj = {"id": k}
            if kind != "missing" or not k:
                obj["target"] = {"none": None, "int": 7}.get(kind, target)
            if source is not None:
                obj["source"] = source
            out.append((json.dumps(obj, ensure_ascii=ascii_) + end).encode("utf-8"))
        if bom:
            out[0] = b"\xef\xbb\xbf" + out[0]
        return out

    return st.builds(lines, st.lists(record, min_size=1, max_size=20), st.booleans())


def _one_by_one(lin, lines, first_line):
    """The records path as it was: a Linter.fix document per record."""
    from mtfix.formats import FormatOptions
    from mtfix.formats.tabular import fix_jsonl_lines
    from mtfix.text import aligned_source

    edits, capped = {}, False

    def fix(t, source=None):
        nonlocal capped
        r = lin.fix(t, source=aligned_source(t, source))
        for a in r.applied:
            edits[a.code] = edits.get(a.code, 0) + 1
        capped = capped or r.capped
        return r.text

    out = fix_jsonl_lines(lines, FormatOptions(), fix, path="r.jsonl", first_lineno=first_line)
    return b"".join(out), edits, capped


@hsettings(max_examples=80, deadline=None)
@given(_records(), st.sampled_from([0, 1, 2]), st.booleans())
def test_streamed_records_give_the_record_by_record_results(lines, which, later):
    """A streamed JSONL chunk's records repaired together (mtfix.run.work._stream_chunk) give
    the bytes, edits per code (in order) and capped flag of a document per record."""
    from mtfix.formats import FormatOptions
    from mtfix.formats.registry import get
    from mtfix.run.work import _stream_chunk

    lin = LINTERS[which]
    first_line = 5 if later else 1  # a later chunk: no first-record check, no BOM
    if later:
        lines = [ln.removeprefix(b"\xef\xbb\xbf") for ln in lines]
    data = b"".join(lines)
    want = _one_by_one(lin, data.splitlines(keepends=True), first_line)
    got = _stream_chunk(data, lin.settings, get("jsonl"), FormatOptions(), 0, "r.jsonl", first_line)
    assert (got[0], list(got[1].items()), got[2]) == (want[0], list(want[1].items()), want[2])
