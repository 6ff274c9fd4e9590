"""A streamed JSONL chunk's records repaired together (mtfix.run.work._stream_chunk, through
mtfix.batch.fix_many) give what a document per record gave: the bytes, the edits per rule code
(in order) and the capped flag, whatever the records hold."""

from hypothesis import given, settings as hsettings, strategies as st

from gen_util import UNIT_PIECES, UNIT_SOURCES, unit_linters

PIECES, SOURCES = UNIT_PIECES, UNIT_SOURCES
LINTERS = unit_linters()


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
