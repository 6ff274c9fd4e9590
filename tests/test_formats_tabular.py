"""JSONL, CSV and TSV: units, byte-exact rendering, repairs with the real engine, errors."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.formats import FormatOptions, Unit
from mtfix.formats.tabular import (FORMATS, fix_jsonl_lines, parse_csv, parse_jsonl, parse_tsv,
                                   sniff)
from mtfix.textio import InputError

OPTS = FormatOptions()
LINTER = Linter(Settings(mode="lines"))


def engine_fix(text: str, source: str | None = None) -> str:
    return LINTER.fix(text, source=source).text


def repaired(parsed) -> list[str]:
    return [engine_fix(u.target) for u in parsed.units]


def lines_of(data: bytes) -> list[bytes]:
    """Split into lines, keeping the endings."""
    return data.splitlines(keepends=True)


# ------------------------------------------------------------------------------------------- JSONL

JSONL_UNITS = [
    Unit("Di sela -sela kesibukannya, dia membaca.", "In between his busy schedule, he reads.", "seg-1", 1),
    Unit("Partai liberal liberal itu menang.", "The liberal party won.", "seg-2", 2),
    Unit("Dia tinggal disini sejak 2010.", "He lives here.", "seg-3", 4),
    Unit("Kafé “berita” ada disini.", "Café “news” is here.", "seg-4", 5),
    Unit("Kafé itu ada disini.", "The café is here.", "seg-5", 6),
    Unit("Baris satu\nBaris dua disini", "Line one\nLine two here", "6", 7),
    Unit("Sudah benar.", None, "seg-9", 11),
    Unit("sela -sela", "In between", "seg-10", 12),
]

JSONL_REPAIRED = [
    "Di sela-sela kesibukannya, dia membaca.",
    "Partai liberal itu menang.",
    "Dia tinggal di sini sejak 2010.",
    "Kafé “berita” ada di sini.",
    "Kafé itu ada di sini.",
    "Baris satu\nBaris dua di sini",
    "Sudah benar.",
    "sela-sela",
]

# The raw target token on each changed line, before and after (in the original token's style).
JSONL_TOKENS = {
    1: (b'"Di sela -sela kesibukannya, dia membaca."', b'"Di sela-sela kesibukannya, dia membaca."'),
    2: (b'"Partai liberal liberal itu menang."', b'"Partai liberal itu menang."'),
    4: (b'"Dia tinggal disini sejak 2010."', b'"Dia tinggal di sini sejak 2010."'),
    5: ('"Kafé “berita” ada disini."'.encode(), '"Kafé “berita” ada di sini."'.encode()),
    6: (b'"Kaf\\u00e9 itu ada disini."', b'"Kaf\\u00e9 itu ada di sini."'),
    7: (b'"Baris satu\\nBaris dua disini"', b'"Baris satu\\nBaris dua di sini"'),
    12: (b'"sela -sela"', b'"sela-sela"'),
}


@pytest.fixture
def jsonl_data(fixtures) -> bytes:
    return (fixtures / "formats" / "tab_segments.jsonl").read_bytes()


def test_jsonl_units(jsonl_data):
    parsed = parse_jsonl(jsonl_data, "tab_segments.jsonl", OPTS)
    assert parsed.units == JSONL_UNITS


def test_jsonl_render_unchanged_is_identical(jsonl_data):
    parsed = parse_jsonl(jsonl_data, "x.jsonl", OPTS)
    assert parsed.render([u.target for u in parsed.units]) == jsonl_data
    # also when a change is made and undone on another path: a no-op replacement of one token
    targets = [u.target for u in parsed.units]
    assert parsed.render(list(targets)) == jsonl_data


def test_jsonl_repair_with_engine_changes_only_target_tokens(jsonl_data):
    parsed = parse_jsonl(jsonl_data, "x.jsonl", OPTS)
    fixed = repaired(parsed)
    assert fixed == JSONL_REPAIRED
    out = parsed.render(fixed)
    assert out != jsonl_data
    assert [u.target for u in parse_jsonl(out, "x.jsonl", OPTS).units] == JSONL_REPAIRED

    before, after = lines_of(jsonl_data), lines_of(out)
    assert len(before) == len(after)
    for n, (old, new) in enumerate(zip(before, after), start=1):
        if n not in JSONL_TOKENS:
            assert new == old, f"line {n} changed"
            continue
        old_tok, new_tok = JSONL_TOKENS[n]
        assert old.count(old_tok) == 1
        assert new == old.replace(old_tok, new_tok), f"line {n}"
        a, b = json.loads(old), json.loads(new)
        assert b["target"] == engine_fix(a["target"])
        a.pop("target"), b.pop("target")
        assert a == b
    # the nested "target" keys and the "target" inside a string are untouched
    assert b'{"target": "sela -sela nested", "note": "target"}' in out
    assert b'"has \\"target\\": \\"disini\\" inside a string"' in out
    assert b'{"target": "x"}' in out
    # CRLF, blank lines and the missing final newline are kept
    assert after[1].endswith(b"\r\n") and after[10].endswith(b"\r\n")
    assert after[2] == b"\n" and after[9] == b"   \n"
    assert not out.endswith(b"\n")


def test_jsonl_escape_style_follows_the_token():
    ascii_line = b'{"target": "Kaf\\u00e9 \\u201cdisini\\u201d"}\n'
    utf8_line = '{"target": "Kafé “disini”"}\n'.encode()
    p = parse_jsonl(ascii_line + utf8_line, "x.jsonl", OPTS)
    assert [u.target for u in p.units] == ["Kafé “disini”"] * 2
    out = p.render(["Kafé “di sini”"] * 2)
    assert out == (b'{"target": "Kaf\\u00e9 \\u201cdi sini\\u201d"}\n'
                   + '{"target": "Kafé “di sini”"}\n'.encode())
    # an all-ASCII token: the line decides (escapes elsewhere on the line -> escapes)
    p = parse_jsonl(b'{"source": "caf\\u00e9", "target": "disini"}', "x.jsonl", OPTS)
    assert p.render(["di sini é"]) == b'{"source": "caf\\u00e9", "target": "di sini \\u00e9"}'
    p = parse_jsonl('{"source": "café", "target": "disini"}'.encode(), "x.jsonl", OPTS)
    assert p.render(["di sini é"]) == '{"source": "café", "target": "di sini é"}'.encode()
    # a lone surrogate (only possible escaped) stays escaped even in a UTF-8 token
    p = parse_jsonl('{"target": "é \\ud800"}'.encode(), "x.jsonl", OPTS)
    assert p.units[0].target == "é \ud800"
    out = p.render(["è \ud800"])
    assert out == '{"target": "è \\ud800"}'.encode()


def test_jsonl_bom_kept(jsonl_data):
    data = b"\xef\xbb\xbf" + jsonl_data
    parsed = parse_jsonl(data, "x.jsonl", OPTS)
    assert parsed.units == JSONL_UNITS
    assert parsed.render([u.target for u in parsed.units]) == data
    out = parsed.render(repaired(parsed))
    assert out.startswith(b"\xef\xbb\xbf{\"meta\"")
    assert out[3:] == parse_jsonl(jsonl_data, "x.jsonl", OPTS).render(JSONL_REPAIRED)


def test_jsonl_duplicate_key_last_wins_like_json_loads():
    data = b'{"target": "satu", "target": "disini"}\n'
    p = parse_jsonl(data, "x.jsonl", OPTS)
    assert [u.target for u in p.units] == [json.loads(data)["target"]] == ["disini"]
    assert p.render(["di sini"]) == b'{"target": "satu", "target": "di sini"}\n'


def test_jsonl_configurable_fields():
    data = (b'{"segid": "a1", "src": "Here", "mt": "disini", "target": "tidak disentuh"}\n'
            b'{"segid": 7, "mt": 3}\n')
    opts = FormatOptions(target_field="mt", source_field="src", id_field="segid")
    p = parse_jsonl(data, "x.jsonl", opts)
    assert p.units == [Unit("disini", "Here", "a1", 1)]
    out = p.render(["di sini"])
    assert out == data.replace(b'"mt": "disini"', b'"mt": "di sini"')
    # with the defaults the other key is the target
    assert [u.target for u in parse_jsonl(data, "x.jsonl", OPTS).units] == ["tidak disentuh"]


@pytest.mark.parametrize("line, message", [
    (b'[1, 2]', "expected a JSON object, got an array"),
    (b'"target"', "expected a JSON object, got a string"),
    (b'{"target": "a",}', "not valid JSON"),
    (b'{"target": "a"} {"target": "b"}', "not valid JSON"),
    (b'{"target": "a"', "not valid JSON"),
])
def test_jsonl_error_not_an_object(line, message):
    data = b'{"target": "ok"}\n\n' + line + b"\n"
    with pytest.raises(InputError) as e:
        parse_jsonl(data, "data/seg.jsonl", OPTS)
    assert str(e.value).startswith("data/seg.jsonl:3: ")
    assert message in str(e.value)


def test_jsonl_error_bad_utf8():
    with pytest.raises(InputError, match=r"^data/seg\.jsonl: not valid UTF-8 at byte offset 12"):
        parse_jsonl(b'{"target": "\xff"}\n', "data/seg.jsonl", OPTS)


def test_fix_jsonl_lines_keeps_unchanged_lines_and_endings(jsonl_data):
    lines = lines_of(jsonl_data)
    out = fix_jsonl_lines(lines, OPTS, engine_fix, path="x.jsonl")
    assert b"".join(out) == parse_jsonl(jsonl_data, "x.jsonl", OPTS).render(JSONL_REPAIRED)
    for n, (old, new) in enumerate(zip(lines, out), start=1):
        if n in JSONL_TOKENS:
            assert new != old
            assert new.endswith(b"\r\n") == old.endswith(b"\r\n")
            assert new.endswith(b"\n") == old.endswith(b"\n")
        else:
            assert new is old
    # identity: every line is the same object
    same = fix_jsonl_lines(lines, OPTS, lambda s, src=None: s)
    assert all(a is b for a, b in zip(same, lines))


def test_fix_jsonl_lines_chunks_bom_and_errors(jsonl_data):
    lines = lines_of(b"\xef\xbb\xbf" + jsonl_data)
    whole = fix_jsonl_lines(lines, OPTS, engine_fix)
    chunked = (fix_jsonl_lines(lines[:5], OPTS, engine_fix, first_lineno=1)
               + fix_jsonl_lines(lines[5:], OPTS, engine_fix, first_lineno=6))
    assert whole == chunked
    assert whole[0].startswith(b"\xef\xbb\xbf")
    with pytest.raises(InputError, match=r"^big\.jsonl:1002: expected a JSON object"):
        fix_jsonl_lines([b'{"target": "a"}\n', b"[]\n"], OPTS, engine_fix,
                        path="big.jsonl", first_lineno=1001)
    with pytest.raises(InputError, match=r"^big\.jsonl:41: not valid UTF-8"):
        fix_jsonl_lines([b'{"target": "\xc3"}\n'], OPTS, engine_fix, path="big.jsonl",
                        first_lineno=41)


# Random JSON objects with a random unicode target, written in random styles.
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


@st.composite
def jsonl_files(draw):
    lines = []
    for k in range(draw(st.integers(1, 5))):
        obj = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=4))
        obj.pop("target", None)
        keys = list(obj)
        if k == 0 or draw(st.booleans()):     # the first record must have the target member
            obj["target"] = draw(st.text())
            pos = draw(st.integers(0, len(keys)))
            obj = {k: obj[k] for k in keys[:pos] + ["target"] + keys[pos:]}
        text = json.dumps(obj, ensure_ascii=draw(st.booleans()),
                          separators=draw(st.sampled_from([(", ", ": "), (",", ":"),
                                                           (" , ", " : ")])))
        ending = draw(st.sampled_from(["\n", "\r\n"]))
        lines.append(text + ending)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["\n", "\r\n", "  \n"])))
    data = "".join(lines)
    if draw(st.booleans()):
        data = data.rstrip("\r\n")
    return data.encode("utf-8")


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jsonl_files())
def test_jsonl_property(data):
    parsed = parse_jsonl(data, "p.jsonl", OPTS)
    assert parsed.render([u.target for u in parsed.units]) == data
    out = parsed.render([u.target.upper() for u in parsed.units])
    before, after = lines_of(data), lines_of(out)
    assert len(before) == len(after)
    for old, new in zip(before, after):
        if not old.strip():
            assert new == old
            continue
        a, b = json.loads(old), json.loads(new)
        if isinstance(a.get("target"), str):
            a["target"] = a["target"].upper()
        assert a == b
        assert list(a) == list(b)
    assert b"".join(fix_jsonl_lines(before, OPTS, lambda s, src=None: s.upper())) == out
    assert b"".join(fix_jsonl_lines(before, OPTS, lambda s, src=None: s)) == data


# --------------------------------------------------------------------------------------------- CSV

CSV_UNITS = [
    Unit("Di sela -sela kesibukannya, dia membaca.", "In between his busy schedule, he reads.", "seg-1", 2),
    Unit('Dia berkata "partai liberal liberal itu" menang.', 'He said "the liberal party" won.', "seg-2", 3),
    Unit("Dia tinggal disini.\nBaris kedua.", "He lives here.", "seg-3", 4),
    Unit("Sudah benar.", "Already fine.", "seg-4", 7),
    Unit("Kafé “berita” ada disini", "Café “news” is here", "seg-6", 10),
]
CSV_REPAIRED = [
    "Di sela-sela kesibukannya, dia membaca.",
    'Dia berkata "partai liberal itu" menang.',
    "Dia tinggal di sini.\nBaris kedua.",
    "Sudah benar.",
    "Kafé “berita” ada di sini",
]
# raw target field text before -> after (quoted fields stay quoted, "" stays doubled)
CSV_FIELDS = [
    (b'"Di sela -sela kesibukannya, dia membaca."', b'"Di sela-sela kesibukannya, dia membaca."'),
    (b'"Dia berkata ""partai liberal liberal itu"" menang."', b'"Dia berkata ""partai liberal itu"" menang."'),
    (b'"Dia tinggal disini.\nBaris kedua."', b'"Dia tinggal di sini.\nBaris kedua."'),
    ("Kafé “berita” ada disini,".encode(), "Kafé “berita” ada di sini,".encode()),
]


@pytest.fixture
def csv_data(fixtures) -> bytes:
    return (fixtures / "formats" / "tab_segments.csv").read_bytes()


def csv_rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_csv_units(csv_data):
    parsed = parse_csv(csv_data, "tab_segments.csv", OPTS)
    assert parsed.units == CSV_UNITS
    assert parsed.header == ["key", "source", "target", "notes"]
    assert parsed.columns == (2, 1, 0)


def test_csv_render_unchanged_is_identical(csv_data):
    parsed = parse_csv(csv_data, "x.csv", OPTS)
    assert parsed.render([u.target for u in parsed.units]) == csv_data


def test_csv_repair_with_engine_changes_only_target_fields(csv_data):
    parsed = parse_csv(csv_data, "x.csv", OPTS)
    fixed = repaired(parsed)
    assert fixed == CSV_REPAIRED
    out = parsed.render(fixed)
    expected = csv_data
    for old, new in CSV_FIELDS:
        assert expected.count(old) == 1
        expected = expected.replace(old, new)
    assert out == expected
    # read back: the targets are the repaired ones, every other field as before
    assert [u.target for u in parse_csv(out, "x.csv", OPTS).units] == CSV_REPAIRED
    before, after = csv_rows(csv_data), csv_rows(out)
    assert len(before) == len(after)
    for a, b in zip(before, after):
        assert len(a) == len(b)
        assert [f for i, f in enumerate(a) if i != 2] == [f for i, f in enumerate(b) if i != 2]
    assert out.count(b"\r\n") == csv_data.count(b"\r\n")
    assert not out.endswith(b"\n")


def test_csv_quoting_of_a_changed_field():
    data = b"id,target\n1,plain\n2,\"quoted\"\n3,x\n"
    p = parse_csv(data, "x.csv", OPTS)
    out = p.render(["has, comma", "still quoted", 'with "quote"'])
    assert out == b'id,target\n1,"has, comma"\n2,"still quoted"\n3,"with ""quote"""\n'
    assert [u.target for u in parse_csv(out, "x.csv", OPTS).units] == [
        "has, comma", "still quoted", 'with "quote"']
    # a one-column row whose target becomes empty must not turn into a blank line
    p = parse_csv(b"target\nx\ny\n", "x.csv", OPTS)
    out = p.render(["", "y"])
    assert out == b'target\n""\ny\n'
    assert [u.target for u in parse_csv(out, "x.csv", OPTS).units] == ["", "y"]


def test_csv_column_names():
    # only the column named as the target is one: never guessed (issue 11 #2)
    data = b"Segment,EN,ID,Comment\ns1,Here,disini,c\n"
    with pytest.raises(InputError, match=r"^x\.csv:1: no target column 'target' .*'ID'"):
        parse_csv(data, "x.csv", OPTS)
    p = parse_csv(data, "x.csv", FormatOptions(target_field="id"))
    assert p.units == [Unit("disini", "Here", None, 2)]
    data = b"ID,Source,Target\n1,Here,disini\n"
    assert parse_csv(data, "x.csv", OPTS).units == [Unit("disini", "Here", "1", 2)]
    data = b"segid,src,mt,target\nq1,Here,disini,other\n"
    opts = FormatOptions(target_field="mt", source_field="src", id_field="segid")
    p = parse_csv(data, "x.csv", opts)
    assert p.units == [Unit("disini", "Here", "q1", 2)]
    assert p.render(["di sini"]) == b"segid,src,mt,target\nq1,Here,di sini,other\n"
    # an explicit target field that the header lacks is an error, not a silent fallback
    with pytest.raises(InputError, match=r"^x\.csv:1: no target column .*'mt'"):
        parse_csv(b"id,source,target\n1,a,b\n", "x.csv", FormatOptions(target_field="mt"))


def test_csv_missing_target_column():
    with pytest.raises(InputError) as e:
        parse_csv(b"key,english,notes\nk,Here,n\n", "dir/strings.csv", OPTS)
    msg = str(e.value)
    assert msg.startswith("dir/strings.csv:1: no target column")
    assert "'key', 'english', 'notes'" in msg


def test_csv_malformed():
    with pytest.raises(InputError, match=r"^bad\.csv:3: malformed CSV .*unexpected end of data"):
        parse_csv(b'id,target\n1,ok\n2,"never closed\nmore\n', "bad.csv", OPTS)
    with pytest.raises(InputError, match=r"^bad\.csv:2: malformed CSV"):
        parse_csv(b'id,target\n1,"a"b\n', "bad.csv", OPTS)


def test_csv_bad_utf8_and_bom(csv_data):
    with pytest.raises(InputError, match=r"^x\.csv: not valid UTF-8 at byte offset 12"):
        parse_csv(b"id,target\n1,\xe9\n", "x.csv", OPTS)
    data = b"\xef\xbb\xbf" + csv_data
    p = parse_csv(data, "x.csv", OPTS)
    assert p.units == CSV_UNITS
    assert p.render([u.target for u in p.units]) == data
    plain = parse_csv(csv_data, "x.csv", OPTS).render(CSV_REPAIRED)
    assert p.render(CSV_REPAIRED) == b"\xef\xbb\xbf" + plain


def test_csv_empty_and_header_only():
    assert parse_csv(b"", "x.csv", OPTS).units == []
    p = parse_csv(b"id,target\r\n", "x.csv", OPTS)
    assert p.units == [] and p.render([]) == b"id,target\r\n"


@st.composite
def csv_files(draw):
    ncols = draw(st.integers(2, 4))
    target_col = draw(st.integers(0, ncols - 1))
    header = [f"c{i}" for i in range(ncols)]
    header[target_col] = "target"
    field = st.text(alphabet=st.characters(blacklist_characters="\x00",
                                           blacklist_categories=("Cs",)), max_size=12)
    rows = draw(st.lists(st.lists(field, min_size=ncols, max_size=ncols), max_size=5))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    if terminator == "\n" and quoting == csv.QUOTE_MINIMAL:
        # csv.writer leaves a lone "\r" unquoted then: not a file the csv module reads back
        rows = [[f.replace("\r", "") for f in row] for row in rows]
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=quoting, lineterminator=terminator)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8"), target_col


@settings(max_examples=150, deadline=None)
@given(csv_files())
def test_csv_property(case):
    data, t = case
    parsed = parse_csv(data, "p.csv", OPTS)
    assert parsed.render([u.target for u in parsed.units]) == data
    out = parsed.render([u.target.upper() + "x" for u in parsed.units])
    before, after = csv_rows(data), csv_rows(out)
    for a in before[1:]:
        a[t] = a[t].upper() + "x"
    assert after == before


# --------------------------------------------------------------------------------------------- TSV

TSV_OPTS = FormatOptions(target_field="translation")   # the fixture's header names it so
TSV_UNITS = [
    Unit("Di sela -sela waktu", "In between time", "1", 2),
    Unit("Partai liberal liberal itu menang, katanya", "The liberal party won, they said", "2", 3),
    Unit("disini", "Here", "3", 4),
    Unit("Sudah benar.", "Fine", "4", 5),
]


@pytest.fixture
def tsv_data(fixtures) -> bytes:
    return (fixtures / "formats" / "tab_segments.tsv").read_bytes()


def test_tsv_units_render_and_repair(tsv_data):
    parsed = parse_tsv(tsv_data, "tab_segments.tsv", TSV_OPTS)
    assert parsed.units == TSV_UNITS
    assert parsed.render([u.target for u in parsed.units]) == tsv_data
    fixed = repaired(parsed)
    assert fixed == ["Di sela-sela waktu", "Partai liberal itu menang, katanya", "di sini",
                     "Sudah benar."]
    out = parsed.render(fixed)
    assert out == (tsv_data.replace(b"\tDi sela -sela waktu\t", b"\tDi sela-sela waktu\t")
                   .replace(b'"Partai liberal liberal itu', b'"Partai liberal itu')
                   .replace(b"\tdisini\t", b"\tdi sini\t"))
    assert [u.target for u in parse_tsv(out, "x.tsv", TSV_OPTS).units] == fixed
    before, after = csv_rows(tsv_data, "\t"), csv_rows(out, "\t")
    assert [r[:2] + r[3:] for r in before] == [r[:2] + r[3:] for r in after]


def test_tsv_with_stray_quotes_is_read_unquoted(fixtures):
    data = (fixtures / "formats" / "tab_stray_quotes.tsv").read_bytes()
    parsed = parse_tsv(data, "q.tsv", OPTS)
    assert parsed.units == [Unit('"Halo" katanya disini', 'He said "hi" here', "1", 2),
                            Unit('Kutipan "sela -sela', 'A "quote', "2", 3)]
    assert parsed.render([u.target for u in parsed.units]) == data
    out = parsed.render(repaired(parsed))
    assert out == (data.replace(b"katanya disini", b"katanya di sini")
                   .replace(b"sela -sela", b"sela-sela"))


def test_tsv_errors():
    with pytest.raises(InputError, match=r"^t\.tsv:1: no target column"):
        parse_tsv(b"a\tb\n1\t2\n", "t.tsv", OPTS)
    with pytest.raises(InputError, match=r"^t\.tsv: not valid UTF-8"):
        parse_tsv(b"id\ttarget\n1\t\xff\n", "t.tsv", OPTS)


# ----------------------------------------------------------------------------------- sniff, FORMATS

def test_formats_and_sniff(jsonl_data):
    assert [(f.name, f.extensions, f.bilingual, f.streams) for f in FORMATS] == [
        ("jsonl", (".jsonl", ".ndjson"), True, True),
        ("csv", (".csv",), True, False),
        ("tsv", (".tsv",), True, False),
    ]
    assert FORMATS[0].parse is parse_jsonl
    assert sniff(jsonl_data) == "jsonl"
    assert sniff(b"\xef\xbb\xbf\n\r\n  {\"a\": 1}\n") == "jsonl"
    assert sniff(b"[1, 2]\n") is None
    assert sniff(b"{\n  \"a\": 1\n}\n") is None         # pretty-printed JSON, not JSONL
    assert sniff(b"{not json}\n") is None
    assert sniff(b"id\tsource\ttarget\n1\ta\tb\n") == "tsv"
    assert sniff(b"key,English,Target\n") == "csv"
    assert sniff(b"key,English,Translation\n") is None     # only a column named target
    assert sniff(b"Di sela -sela kesibukannya, dia membaca.\n") is None
    assert sniff(b"Target, kata dia, adalah ini\n") is None
    assert sniff(b"") is None
    assert sniff(b"\xff\xfe{") is None


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "target", "source", "x"]), json_values, max_size=3),
       st.text(), st.text(), st.booleans(), st.booleans())
def test_replace_token_with_the_parsed_value_as_decoding_it_again(obj, target, new, ascii_, bom):
    """The rewrite takes the target's value from the parse (_members) instead of decoding its
    token again: the same value, so the same line (the token's escape style kept)."""
    from mtfix.formats.tabular import _encode_string, _members, _replace_token, _wants_ascii

    obj["target"] = target
    line = json.dumps(obj, ensure_ascii=ascii_) + "\n"
    start, end, value = _members(line, "p.jsonl", 1)["target"]
    token = line[start:end]
    assert value == json.loads(token)
    want = line[:start] + _encode_string(new, _wants_ascii(token, json.loads(token), line)) \
        + line[end:]
    assert _replace_token(line, start, end, new, value) == want
    if any("\ud800" <= c <= "\udfff" for c in line):
        return  # a lone surrogate written raw is not UTF-8: not a line a file can hold
    raw = (b"\xef\xbb\xbf" if bom else b"") + line.encode("utf-8")
    got = fix_jsonl_lines([raw], OPTS, lambda s, src=None: new)
    assert got[0] == (raw if new == target else
                      (b"\xef\xbb\xbf" if bom else b"") + want.encode("utf-8"))


def _encode_oracle(new, ascii_style):
    if ascii_style:
        return json.dumps(new, ensure_ascii=True)
    out = json.dumps(new, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", out)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(st.sampled_from(['"', "\\", "\n", "\x00", "\x7f", "é", "\u2028",
                                            "\ud800", "\udfff", "😀", "a"])), st.booleans())
def test_encode_string_as_json_dumps(new, ascii_style):
    """The C string encoders json.dumps ends in, called directly: the same token."""
    from mtfix.formats.tabular import _encode_string

    assert _encode_string(new, ascii_style) == _encode_oracle(new, ascii_style)
