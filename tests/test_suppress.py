"""Accepted findings: the ignore file (matched by code, text and line content, not line number)
and inline markers (PO translator comments, XLIFF notes, Markdown/HTML comments)."""

import json

import pytest

from mtfix.engine import Linter
from mtfix.formats import FormatOptions
from mtfix.formats.l10n import parse_po, parse_xliff
from mtfix.formats.markup import parse_html, parse_markdown
from mtfix.suppress import (VERSION, IgnoreFile, InlineIgnores, comment_ignores,
                            finding_context, fingerprint, marker_codes, record_fingerprint,
                            write_ignore_file)
from mtfix.textio import InputError


def _records(path, text):
    """Check records as the CLI builds them for a plain-text file."""
    out = []
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for d in Linter().check(text):
        line = max(i for i, s in enumerate(starts) if s <= d.start)
        out.append({"path": str(path), "line": line + 1, "column": d.start - starts[line] + 1,
                    "code": d.code, "message": d.message, "severity": d.severity.value,
                    "text": text[d.start:d.end]})
    return out


TEXT = "Baris pertama.\nPartai liberal liberal itu menang.\nHarga naik  tajam.\n"


def test_accepted_findings_survive_moved_lines(tmp_path):
    doc = tmp_path / "docs" / "a.txt"
    doc.parent.mkdir()
    doc.write_text(TEXT, encoding="utf-8")
    recs = _records(doc, TEXT)
    assert {r["code"] for r in recs} == {"DW001", "WS001"}
    ign = tmp_path / ".mtfix-ignore.json"
    assert write_ignore_file(ign, recs) == 2
    data = json.loads(ign.read_text(encoding="utf-8"))
    assert data["mtfix-ignore"] == VERSION
    assert [(f["path"], f["code"], f["line"]) for f in data["findings"]] == [
        ("docs/a.txt", "DW001", 2), ("docs/a.txt", "WS001", 3)]
    assert data["findings"][0]["context"] == "Partai liberal liberal itu menang."

    # Lines added above: the findings move, and stay accepted.
    moved = "Judul baru.\n\n" + TEXT + "Kata kata  baru.\n"
    doc.write_text(moved, encoding="utf-8")
    recs2 = _records(doc, moved)
    kept, suppressed, stale = IgnoreFile.load(ign).filter(recs2)
    assert [(r["code"], r["line"]) for r in suppressed] == [("DW001", 4), ("WS001", 5)]
    assert [(r["code"], r["line"]) for r in kept] == [("DW001", 6), ("WS001", 6)]  # new line
    assert stale == []

    # The accepted line edited: its finding is new again, and the entry is stale.
    edited = moved.replace("Harga naik  tajam.", "Harga turun  tajam.")
    doc.write_text(edited, encoding="utf-8")
    kept, suppressed, stale = IgnoreFile.load(ign).filter(_records(doc, edited))
    assert [r["code"] for r in suppressed] == ["DW001"]
    assert [e.code for e in stale] == ["WS001"]
    assert stale[0].describe() == "docs/a.txt:3: WS001 `  `"


def test_context_from_the_record_beats_the_file(tmp_path):
    rec = {"path": "-", "line": 1, "code": "DW001", "text": "a a", "context": "x a a y"}
    assert record_fingerprint(rec) == fingerprint("DW001", "a a", "x  a a y ")
    assert record_fingerprint({**rec, "context": None}) == fingerprint("DW001", "a a", "")
    assert finding_context("one\ntwo three\r\nfour", 6) == "two three"


def test_count_bounds_what_one_entry_accepts(tmp_path):
    text = "ini ini.\nini ini.\n"
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    recs = [{"path": str(doc), "line": n, "code": "DW001", "text": "ini ini", "message": "m"}
            for n in (1, 2)]
    ign = tmp_path / "ign.json"
    assert write_ignore_file(ign, recs[:1] + recs[:1]) == 1
    assert json.loads(ign.read_text())["findings"][0]["count"] == 2
    write_ignore_file(ign, recs[:1])
    recs.append({**recs[0], "line": 3, "context": "ini ini."})
    kept, suppressed, stale = IgnoreFile.load(ign).filter(recs)
    assert len(suppressed) == 1 and len(kept) == 2 and stale == []


@pytest.mark.parametrize("body, match", [
    ("not json", "not JSON"),
    ("[]", 'no "mtfix-ignore" version'),
    ('{"mtfix-ignore": 2, "findings": []}', "version 2; this mtfix reads version 1"),
    ('{"mtfix-ignore": 1, "findings": {}}', "`findings` must be a list"),
    ('{"mtfix-ignore": 1, "findings": [{"path": "a"}]}', "finding 1 needs path, code"),
    ('{"mtfix-ignore": 1, "findings": [{"path": "a", "code": "X", "fingerprint": "f", '
     '"count": 0}]}', "`count` must be a positive integer"),
])
def test_bad_ignore_files(tmp_path, body, match):
    p = tmp_path / "ign.json"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        IgnoreFile.load(p)
    with pytest.raises(InputError, match="cannot read"):
        IgnoreFile.load(tmp_path / "missing.json")


def test_marker_codes():
    assert marker_codes("nothing here") is None
    assert marker_codes("mtfix: ignore DW001") == {"DW001"}
    assert marker_codes("mtfix: ignore DW001, doubled-word,WS00") >= {"DW001", "WS001", "WS008"}
    assert marker_codes("mtfix:ignore") == {"ALL"}
    assert marker_codes("MTFIX: IGNORE all") == {"ALL"}
    assert marker_codes("mtfix: ignore DW001 -- a name, repeated on purpose") == {"DW001"}
    assert marker_codes("mtfix: ignore XX999") == {"XX999"}


PO = b'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

# mtfix: ignore DW001
#. extracted: mtfix: ignore WS001 (not a translator comment)
msgid "hello hello"
msgstr "halo halo"

msgid "x"
msgstr "yang yang"
'''


def test_po_translator_comment():
    parsed = parse_po(PO, "a.po", FormatOptions())
    assert parsed.units[0].notes == ("mtfix: ignore DW001",)
    assert parsed.units[1].notes == ()
    ign = InlineIgnores.of(parsed)
    assert ign.ignored("DW001", 0) and not ign.ignored("WS001", 0)
    assert not ign.ignored("DW001", 1)


XLF12 = b'''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="id" datatype="plaintext" original="a"><body>
<trans-unit id="u1"><source>hi</source><target>yang yang</target>
  <note from="reviewer">mtfix: ignore DW001, WS</note></trans-unit>
<trans-unit id="u2"><source>hi</source><target>ok</target></trans-unit>
</body></file></xliff>
'''

XLF20 = b'''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="id">
<file id="f1"><unit id="u1"><notes><note>mtfix: ignore DW001</note></notes>
<segment><source>hi</source><target>yang yang</target></segment></unit></file></xliff>
'''


def test_xliff_notes():
    p12 = parse_xliff(XLF12, "a.xlf", FormatOptions())
    assert [u.notes for u in p12.units] == [("mtfix: ignore DW001, WS",), ()]
    ign = InlineIgnores.of(p12)
    assert ign.ignored("WS005", 0) and ign.ignored("DW001", 0) and not ign.ignored("DW001", 1)
    p20 = parse_xliff(XLF20, "a.xlf", FormatOptions())
    assert p20.units[0].notes == ("mtfix: ignore DW001",)
    assert InlineIgnores.of(p20).ignored("DW001", 0)


def test_markdown_and_html_comments():
    md = ("# Judul\n\n<!-- mtfix: ignore DW001 -->\nPartai liberal liberal itu.\n\n"
          "Partai liberal liberal lagi. <!-- mtfix: ignore WS001, DW001 -->\n")
    parsed = parse_markdown(md.encode(), "a.md", FormatOptions())
    ign = InlineIgnores.of(parsed)
    assert ign.ignored("DW001", 0, 3) and ign.ignored("DW001", 0, 4)
    assert not ign.ignored("DW001", 0, 5)
    assert ign.ignored("DW001", 0, 6) and ign.ignored("WS001", 0, 6)
    assert not ign.ignored("HY001", 0, 6)
    html = "<p>a</p>\n<!--\n mtfix: ignore\n-->\n<p>yang yang</p>\n<p>b b</p>\n"
    lines = comment_ignores(html)
    assert set(lines) == {2, 3, 4, 5}
    parsed = parse_html(html.encode(), "a.html", FormatOptions())
    ign = InlineIgnores.of(parsed)
    assert ign.ignored("DW001", 0, 5) and not ign.ignored("DW001", 0, 6)


def test_apply_ignores_in_order(tmp_path):
    from mtfix.settings import Settings
    from mtfix.suppress import apply_ignores

    po = tmp_path / "legacy" / "a.po"
    po.parent.mkdir()
    po.write_bytes(PO)
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    parsed = {str(po): parse_po(PO, str(po), FormatOptions())}
    recs = [
        {"path": str(po), "line": 8, "code": "DW001", "text": "halo halo", "unit": 1},
        {"path": str(po), "line": 11, "code": "DW001", "text": "yang yang", "unit": 2},
        {"path": str(po), "line": 11, "code": "WS001", "text": "  ", "unit": 2},
    ] + _records(doc, TEXT)
    ign = tmp_path / "ign.json"
    write_ignore_file(ign, [r for r in recs if r["path"] == str(doc) and r["code"] == "DW001"]
                      + [{"path": str(doc), "line": 9, "code": "OR001", "text": "disini",
                          "context": "gone"}])
    s = Settings(per_file_ignores=(("legacy/*.po", ("WS",)),), root=str(tmp_path),
                 ignore_file=str(ign))
    res = apply_ignores(recs, s, parsed)
    assert [r["code"] for r in res.by_config] == ["WS001"]
    assert [r["text"] for r in res.by_marker] == ["halo halo"]
    assert [(r["path"], r["code"]) for r in res.by_file] == [(str(doc), "DW001")]
    assert [(r["code"], r["text"]) for r in res.kept] == [("DW001", "yang yang"), ("WS001", "  ")]
    assert [e.code for e in res.stale] == ["OR001"]
    assert apply_ignores(recs, Settings()).kept == recs


def _comment_ignores_reference(text: str) -> dict:
    """comment_ignores as first written (a search to the end from every "<!--", the line
    counted from the start for every comment)."""
    import re
    from mtfix.suppress import marker_codes
    out: dict = {}
    for m in re.finditer(r"<!--(.*?)-->", text, re.DOTALL):
        codes = marker_codes(m.group(1))
        if not codes:
            continue
        first = text.count("\n", 0, m.start()) + 1
        last = first + m.group(0).count("\n") + 1
        for n in range(first, last + 1):
            out.setdefault(n, set()).update(codes)
    return {k: frozenset(v) for k, v in out.items()}


def test_comment_ignores_matches_the_reference():
    import itertools
    pieces = ["<!--", "-->", "<!-->", " mtfix: ignore DW001 ", "mtfix: ignore WS001", "\n",
              "x", "-", ">"]
    for parts in itertools.product(pieces, repeat=4):
        text = "".join(parts)
        assert comment_ignores(text) == _comment_ignores_reference(text), text
    # unclosed openers and many markers at size (each once scanned or counted from the start)
    assert comment_ignores("x -->" + "<!--" * 100_000) == {}
    many = "<!-- mtfix: ignore DW001 -->\nkata\n" * 20_000
    lines = comment_ignores(many)
    assert len(lines) == 40_000 and lines[40_000] == frozenset({"DW001"})
