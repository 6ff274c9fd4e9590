"""PO, XLIFF 1.2/2.0 and TMX through mtfix.formats.l10n: real fixture files, the real engine, and
translate-toolkit to read the results back."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import pypo, tmx, xliff, xliff2

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.formats import FormatOptions
from mtfix.formats import l10n
from mtfix.textio import InputError

FIX = Path(__file__).parent / "fixtures" / "formats"
PO = FIX / "l10n_sample.po"
XLF12 = FIX / "l10n_sample.xlf"
XLF20 = FIX / "l10n_sample2.xlf"
TMX = FIX / "l10n_sample.tmx"
OPTS = FormatOptions()


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Settings(mode="lines"))


def repaired(linter: Linter, parsed) -> list[str]:
    return [linter.fix(u.target).text for u in parsed.units]


def triples(parsed) -> list[tuple]:
    return [(u.target, u.source, u.id) for u in parsed.units]


# -------------------------------------------------------------------------------------- helpers


def xml_compare_outside_targets(before: bytes, after: bytes, targets_xpath: str,
                                ns: dict | None = None) -> list[tuple[etree._Element,
                                                                      etree._Element]]:
    """Assert that two XML documents are identical (tags, attributes, text, tails, comments)
    except for the text runs inside the elements selected by ``targets_xpath``; inline
    elements inside those targets must be identical too (tag and attributes; atomic
    elements such as <x/>, <ph>, <bpt> byte for byte). Returns the (before, after) target pairs."""
    a = etree.fromstring(before)
    b = etree.fromstring(after)
    ta = set(a.xpath(targets_xpath, namespaces=ns))
    tb = b.xpath(targets_xpath, namespaces=ns)
    assert len(ta) == len(tb)
    na, nb = list(a.iter()), list(b.iter())
    assert len(na) == len(nb)

    for x, y in zip(na, nb):
        assert type(x) is type(y)
        assert x.tag == y.tag
        assert dict(x.attrib) == dict(y.attrib)
        is_target = x in ta
        in_target = any(anc in ta for anc in x.iterancestors())
        container = (isinstance(x.tag, str)
                     and etree.QName(x).localname in ("g", "mrk", "pc", "hi"))
        if not (is_target or (in_target and container)):
            assert x.text == y.text, (x.tag, x.text, y.text)
        if not in_target:
            assert x.tail == y.tail, (x.tag, x.tail, y.tail)
        elif not container:   # an atomic inline element (or comment): identical
            assert etree.tostring(x, with_tail=False) == etree.tostring(y, with_tail=False)
    return list(zip(a.xpath(targets_xpath, namespaces=ns), tb))


def only_target_lines_changed(before: bytes, after: bytes, markers: tuple[str, ...]) -> None:
    """Every line the edit removed or added contains one of ``markers``."""
    for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                     lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        assert any(m in line for m in markers), line


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="en" target-language="id" datatype="plaintext"><body>
  <trans-unit id="1"><source>lol</source><target>&lol9;</target></trans-unit>
 </body></file>
</xliff>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="en" target-language="id" datatype="plaintext"><body>
  <trans-unit id="1"><source>x</source><target>&xxe;</target></trans-unit>
 </body></file>
</xliff>
"""

XXE_PARAM = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
<tmx version="1.4"><header srclang="en"/><body/></tmx>
"""


# ------------------------------------------------------------------------------------------ PO


PO_UNITS = [
    ("Klik disini untuk memulai.", "Click here to start.", "Click here to start."),
    ("Buka", "Open", "menu::Open"),
    ("Satu berkas ditemukan di sela -sela folder.",
     "One file was found in between the folders.",
     "One file was found in between the folders.[0]"),
    ("%d berkas ditemukan di sela -sela folder.",
     "%d files were found in between the folders.",
     "One file was found in between the folders.[1]"),
    ("Kebijakan liberal liberal diaktifkan.", "The liberal policy is enabled.",
     "The liberal policy is enabled."),
    ("Program ini adalah perangkat lunak bebas. Anda dapat mendistribusikannya dan "
     "memodifikasinya disini sesuai ketentuan lisensi yang diterbitkan oleh yayasan.",
     "This program is free software. You can redistribute it and modify it under the terms "
     "of the license published by the foundation.",
     "This program is free software. You can redistribute it and modify it under the terms "
     "of the license published by the foundation."),
    ('"Mari kita memulai, "katanya.', '"Let\'s begin," he said.',
     'dialog::"Let\'s begin," he said.'),
]

PO_FIXED = [
    "Klik di sini untuk memulai.",
    "Buka",
    "Satu berkas ditemukan di sela-sela folder.",
    "%d berkas ditemukan di sela-sela folder.",
    "Kebijakan liberal diaktifkan.",
    "Program ini adalah perangkat lunak bebas. Anda dapat mendistribusikannya dan "
    "memodifikasinya di sini sesuai ketentuan lisensi yang diterbitkan oleh yayasan.",
    '"Mari kita memulai," katanya.',
]


def test_po_parse():
    pf = l10n.parse_po(PO.read_bytes(), str(PO), OPTS)
    # header, the untranslated entry and the obsolete entry give no unit; the fuzzy one does
    assert triples(pf) == PO_UNITS
    assert [u.line for u in pf.units] == [23, 28, 34, 35, 40, 47, 59]


def test_po_no_edit_is_byte_identical():
    data = PO.read_bytes()
    pf = l10n.parse_po(data, str(PO), OPTS)
    assert pf.render([u.target for u in pf.units]) == data
    # measured: translate-toolkit's own re-serialisation of this file is byte-identical too
    assert bytes(pypo.pofile.parsestring(data)) == data


def test_po_renders_from_the_kept_store_once_then_from_a_new_parse(linter):
    """The first render writes into the store parse_po read (no second parse); a later render
    parses again, so the first one's changes cannot leak into it. (The translate-toolkit path:
    a file formats/po.read understands keeps no store, test_po_fast.py.)"""
    data = PO.read_bytes()
    fixed = repaired(linter, l10n.parse_po(data, str(PO), OPTS, fast=False))
    kept = l10n.parse_po(data, str(PO), OPTS, fast=False)
    assert kept.kept is not None
    fresh = l10n.parse_po(data, str(PO), OPTS, fast=False)
    fresh.release()  # its store dropped: renders from a new parse each time
    assert fresh.kept is None
    assert kept.render(fixed) == fresh.render(fixed)
    assert kept.kept is None
    originals = [u.target for u in kept.units]
    assert kept.render(originals) == data
    marked = fixed[:1] + originals[1:]
    assert kept.render(marked, mark="fuzzy") == fresh.render(marked, mark="fuzzy")
    saved = l10n.KEEP_STORES_BYTES
    l10n.KEEP_STORES_BYTES = 0  # over the budget: nothing kept
    try:
        assert l10n.parse_po(data, str(PO), OPTS, fast=False).kept is None
        before = l10n._kept_bytes
        l10n.KEEP_STORES_BYTES = saved
        unrendered = l10n.parse_po(data, str(PO), OPTS, fast=False)
        assert unrendered.kept is not None and l10n._kept_bytes == before + len(data)
        del unrendered  # never rendered: its bytes go back to the budget with it
        assert l10n._kept_bytes == before
    finally:
        l10n.KEEP_STORES_BYTES = saved


def test_po_edits_change_only_targets(linter):
    data = PO.read_bytes()
    pf = l10n.parse_po(data, str(PO), OPTS)
    fixed = repaired(linter, pf)
    assert fixed == PO_FIXED
    out = pf.render(fixed)
    assert out != data

    again = l10n.parse_po(out, "out.po", OPTS)
    assert [u.target for u in again.units] == PO_FIXED
    assert [(u.source, u.id, u.line) for u in again.units][:5] == \
        [(u.source, u.id, u.line) for u in pf.units][:5]   # the wrapped msgstr moves lines

    before, after = pypo.pofile.parsestring(data), pypo.pofile.parsestring(out)
    assert len(before.units) == len(after.units)
    assert before.header().target == after.header().target
    assert before.units[0].getnotes() == after.units[0].getnotes()
    for b, a in zip(before.units, after.units):
        assert b.source == a.source
        assert b.getcontext() == a.getcontext()
        assert b.getnotes() == a.getnotes()
        assert b.getlocations() == a.getlocations()
        assert b.typecomments == a.typecomments
        assert (b.isfuzzy(), b.isobsolete(), b.isheader(), b.hasplural()) == \
            (a.isfuzzy(), a.isobsolete(), a.isheader(), a.hasplural())
        if b.isobsolete() or b.isheader() or not b.target:
            assert b.target == a.target      # header, obsolete and untranslated untouched
    assert after.units[-1].isobsolete() and after.units[-1].target == "Teks lama disini"
    # only msgstr lines (ttk re-wraps the edited multi-line msgstr) differ
    only_target_lines_changed(data, out, ("msgstr", "Program ini", "memodifikasinya",
                                          "yayasan", "mendistribusikannya"))


def test_po_plural_single_form_edit():
    data = PO.read_bytes()
    pf = l10n.parse_po(data, str(PO), OPTS)
    targets = [u.target for u in pf.units]
    targets[3] = "%d berkas ditemukan di sela-sela folder."
    out = pf.render(targets)
    unit = [u for u in pypo.pofile.parsestring(out).units if u.hasplural()][0]
    assert [str(s) for s in unit.target.strings] == [
        "Satu berkas ditemukan di sela -sela folder.",
        "%d berkas ditemukan di sela-sela folder."]
    only_target_lines_changed(data, out, ("msgstr[1]",))


def test_po_crlf_and_no_final_newline():
    data = PO.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n")
    pf = l10n.parse_po(data, "crlf.po", OPTS)
    assert [u.line for u in pf.units] == [23, 28, 34, 35, 40, 47, 59]
    targets = [u.target for u in pf.units]
    targets[0] = "Klik di sini untuk memulai."
    out = pf.render(targets)
    assert out == data.replace(b"Klik disini", b"Klik di sini")


@pytest.mark.parametrize("data, fragment", [
    (b'msgid "a"\nmsgstr "b\n', "on line 2"),
    (b'msgid "a"\nmsgstr "b"\nnot po at all\n', "on line 3"),
    (b'msgid "a"\nmsgstr "caf\xe9"\n', "not valid UTF-8 at byte offset"),
])
def test_po_malformed(data, fragment):
    with pytest.raises(InputError) as e:
        l10n.parse_po(data, "broken.po", OPTS)
    msg = str(e.value)
    assert msg.startswith("broken.po: ") and fragment in msg and "\n" not in msg


# -------------------------------------------------------------------------------- XLIFF 1.2

XLF12_UNITS = [
    ("Klik disini untuk memulai.", "Click here to start.", "welcome"),
    ("Berkas di sela -sela folder & drive.", "Files in between the folders & drives.",
     "folders"),
    ("Kebijakan liberal liberal diaktifkan.", "The liberal policy is enabled.", "policy"),
    ("Klik <g1>disini</g1> untuk membuka<x2/>pengaturan di sela -sela menu.",
     "Click <g1>here</g1> to open<x2/>the settings.", "link"),
    ("Opsi <bpt1/>liberal liberal<ept1/> disini.", "The <bpt1/>liberal<ept1/> option.",
     "bold"),
    ('"Mari kita memulai, "katanya.', '"Let\'s begin," he said.', "quote"),
]
XLF12_FIXED = [
    "Klik di sini untuk memulai.",
    "Berkas di sela-sela folder & drive.",
    "Kebijakan liberal diaktifkan.",
    "Klik <g1>di sini</g1> untuk membuka<x2/>pengaturan di sela-sela menu.",
    "Opsi <bpt1/>liberal<ept1/> di sini.",  # the repeat between the tags (issue 12)
    '"Mari kita memulai," katanya.',
]
NS12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
NS20 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def test_xliff12_parse():
    pf = l10n.parse_xliff(XLF12.read_bytes(), str(XLF12), OPTS)
    # the unit without a target and the one with an empty <target/> give no unit
    assert triples(pf) == XLF12_UNITS
    assert [u.line for u in pf.units] == [10, 15, 19, 23, 27, 31]


def test_xliff12_no_edit_is_byte_identical():
    data = XLF12.read_bytes()
    pf = l10n.parse_xliff(data, str(XLF12), OPTS)
    assert pf.render([u.target for u in pf.units]) == data


def test_xliff12_edits_change_only_targets(linter):
    data = XLF12.read_bytes()
    pf = l10n.parse_xliff(data, str(XLF12), OPTS)
    fixed = repaired(linter, pf)
    assert fixed == XLF12_FIXED
    out = pf.render(fixed)
    assert l10n.parse_xliff(out, "out.xlf", OPTS).units == [
        type(u)(f, u.source, u.id, u.line, u.notes, u.state) for u, f in zip(pf.units, fixed)]

    before, after = xliff.xlifffile.parsestring(data), xliff.xlifffile.parsestring(out)
    assert len(before.units) == len(after.units)
    for b, a in zip(before.units, after.units):
        assert b.getid() == a.getid()
        assert b.source == a.source
        assert b.getnotes() == a.getnotes()
        assert b.get_state_n() == a.get_state_n()
        assert b.isapproved() == a.isapproved()
        assert dict(b.xmlelement.attrib) == dict(a.xmlelement.attrib)
        if not b.target:
            assert b.target == a.target
    assert after.units[0].target == "Klik di sini untuk memulai."
    assert after.units[3].target == "Klik di sini untuk membukapengaturan di sela-sela menu."
    assert after.getsourcelanguage() == "en" and after.gettargetlanguage() == "id"

    pairs = xml_compare_outside_targets(data, out, "//x:trans-unit/x:target", NS12)
    link = dict((a.getparent().get("id"), b) for a, b in pairs)["link"]
    assert etree.tostring(link, encoding="unicode", with_tail=False) == (
        '<target xmlns="urn:oasis:names:tc:xliff:document:1.2" state="translated">Klik '
        '<g id="1" ctype="x-html-a">di sini</g> untuk membuka<x id="2" ctype="lb"/>'
        "pengaturan di sela-sela menu.</target>")
    # byte level: the inline elements are there exactly as written
    assert b'<g id="1" ctype="x-html-a">di sini</g>' in out
    assert b'<bpt id="1">&lt;b&gt;</bpt>liberal<ept id="1">&lt;/b&gt;</ept> di sini.' in out
    only_target_lines_changed(data, out, ("<target",))


def test_xliff_lost_placeholder_keeps_original_target():
    data = XLF12.read_bytes()
    pf = l10n.parse_xliff(data, str(XLF12), OPTS)
    targets = [u.target for u in pf.units]
    targets[3] = "Klik <g1>di sini</g1> untuk membuka pengaturan."        # <x2/> lost
    assert pf.render(targets) == data
    targets[3] = "Klik <x2/><g1>di sini</g1> untuk membuka pengaturan."   # order changed
    assert pf.render(targets) == data
    targets[3] = "Klik <g1>di sini</g1><g1></g1> untuk<x2/>."              # duplicated
    assert pf.render(targets) == data


def test_xliff_inline_edge_cases(linter):
    """CRLF, CDATA, comments, <mrk>, character references, and a literal "<g1>" in the text."""
    data = (b"<?xml version='1.0' encoding='utf-8'?>\r\n"
            b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            b'<file original="a" source-language="en" target-language="id" datatype="plaintext">'
            b"<body>\r\n"
            b'<trans-unit id="a"><source>x</source><target>Teks &lt;g1&gt; disini '
            b'<g id="1">sela -sela<!-- c --> <x id="1"/> disini</g><![CDATA[ & disini]]>'
            b' &#233; <mrk mtype="seg" mid="3">disini</mrk></target></trans-unit>\r\n'
            b'<trans-unit id="b" translate="no"><source>x</source><target>disini</target>'
            b"</trans-unit>\r\n</body></file></xliff>")
    pf = l10n.parse_xliff(data, "edge.xlf", OPTS)
    assert [u.id for u in pf.units] == ["a"]          # translate="no" is left alone
    assert pf.units[0].line == 3
    assert pf.units[0].target == ("Teks <g1> disini <g1-2>sela -sela<comment/> <x1/> disini"
                                  "</g1-2> & disini é <mrk3>disini</mrk3>")
    assert pf.render([pf.units[0].target]) == data
    out = pf.render(repaired(linter, pf))
    assert out == data.replace(b"disini <g", b"di sini <g").replace(b"sela -sela", b"sela-sela") \
        .replace(b" disini</g><![CDATA[ & disini]]> &#233; ", b" di sini</g> &amp; di sini \xc3\xa9 ") \
        .replace(b'"3">disini', b'"3">di sini')
    assert l10n.parse_xliff(out, "out.xlf", OPTS).units[0].target == (
        "Teks <g1> di sini <g1-2>sela-sela<comment/> <x1/> di sini</g1-2> & di sini é "
        "<mrk3>di sini</mrk3>")


# -------------------------------------------------------------------------------- XLIFF 2.0

XLF20_UNITS = [
    ("Klik disini untuk memulai.", "Click here to start.", "intro::s1"),
    ("Berkas disimpan di sela -sela folder.", "Files are kept in between the folders.",
     "intro::s2"),
    ("Kebijakan <pc1>liberal liberal</pc1> itu<ph2/>ada disini.",
     "The <pc1>liberal</pc1> policy<ph2/>is here.", "markup::s1"),
    ('"Mari kita memulai, "katanya.', '"Let\'s begin," he said.', "quote"),
]
XLF20_FIXED = [
    "Klik di sini untuk memulai.",
    "Berkas disimpan di sela-sela folder.",
    "Kebijakan <pc1>liberal</pc1> itu<ph2/>ada di sini.",
    '"Mari kita memulai," katanya.',
]


def test_xliff20_parse():
    pf = l10n.parse_xliff(XLF20.read_bytes(), str(XLF20), OPTS)
    assert triples(pf) == XLF20_UNITS
    assert [u.line for u in pf.units] == [13, 20, 31, 37]


def test_xliff20_no_edit_is_byte_identical():
    data = XLF20.read_bytes()
    pf = l10n.parse_xliff(data, str(XLF20), OPTS)
    assert pf.render([u.target for u in pf.units]) == data


def test_xliff20_edits_change_only_targets(linter):
    data = XLF20.read_bytes()
    pf = l10n.parse_xliff(data, str(XLF20), OPTS)
    fixed = repaired(linter, pf)
    assert fixed == XLF20_FIXED
    out = pf.render(fixed)
    assert [u.target for u in l10n.parse_xliff(out, "o.xlf", OPTS).units] == XLF20_FIXED

    before, after = xliff2.Xliff2File.parsestring(data), xliff2.Xliff2File.parsestring(out)
    assert len(before.units) == len(after.units) == 5
    for b, a in zip(before.units, after.units):
        assert b.getid() == a.getid()
        assert b.source == a.source
        assert b.getnotes() == a.getnotes()
        assert dict(b.xmlelement.attrib) == dict(a.xmlelement.attrib)   # segment state, id
        assert b.isfuzzy() == a.isfuzzy()
    assert after.units[-1].target is None                  # the untranslated segment
    assert after.units[2].target == "Kebijakan liberal ituada di sini."
    pairs = xml_compare_outside_targets(data, out, "//x:segment/x:target", NS20)
    assert len(pairs) == 4
    assert (b'<pc id="1" dataRefStart="d1" dataRefEnd="d2">liberal</pc> itu'
            b'<ph id="2" dataRef="d3"/>ada di sini.</target>') in out
    assert b'<ignorable>\n        <source> </source>\n      </ignorable>' in out
    only_target_lines_changed(data, out, ("<target>",))


def test_xliff_wrong_root_and_malformed():
    with pytest.raises(InputError, match=r"^notes\.xlf: not an XLIFF file"):
        l10n.parse_xliff(b"<?xml version='1.0'?><html><body/></html>", "notes.xlf", OPTS)
    with pytest.raises(InputError) as e:
        l10n.parse_xliff(XLF12.read_bytes()[:-30], "cut.xlf", OPTS)
    assert str(e.value).startswith("cut.xlf: ") and "line" in str(e.value)
    assert "\n" not in str(e.value)
    with pytest.raises(InputError, match=r"^bad\.xlf: not valid UTF-8 at byte offset"):
        l10n.parse_xliff(XLF12.read_bytes().replace(b"Buka", b"Buk\xe1")
                         .replace(b"memulai", b"memula\xed"), "bad.xlf", OPTS)


def test_xml_billion_laughs_rejected_quickly():
    # Refused at the entity declarations, before anything is expanded (expanded, the file
    # would be gigabytes: no timing is needed to see that it was not).
    with pytest.raises(InputError, match=r"^bomb\.xlf: .*entity"):
        l10n.parse_xliff(BILLION_LAUGHS, "bomb.xlf", OPTS)
    with pytest.raises(InputError, match=r"^bomb\.tmx: "):
        l10n.parse_tmx(BILLION_LAUGHS.replace(b"xliff", b"tmx"), "bomb.tmx", OPTS)


@pytest.mark.parametrize("data, fmt", [(XXE, "xliff"), (XXE_PARAM, "tmx")])
def test_xml_external_entity_rejected(data, fmt):
    parse = l10n.parse_xliff if fmt == "xliff" else l10n.parse_tmx
    with pytest.raises(InputError, match=r"^xxe\.x: .*entit") as e:
        parse(data, "xxe.x", OPTS)
    assert "root:" not in str(e.value)


# ---------------------------------------------------------------------------------------- TMX

TMX_UNITS = [
    ("Klik disini untuk memulai.", "Click here to start.", "1"),
    ("Berkas di sela -sela folder.", "Files in between the folders.", "2"),
    ("Kebijakan <bpt1/>liberal liberal<ept1/> disini<ph2/>.",
     "The <bpt1/>liberal<ept1/> policy.", "3"),
    ('"Mari kita memulai, "katanya.', '"Let\'s begin," he said.', "5"),
]
TMX_FIXED = [
    "Klik di sini untuk memulai.",
    "Berkas di sela-sela folder.",
    "Kebijakan <bpt1/>liberal<ept1/> di sini<ph2/>.",
    '"Mari kita memulai," katanya.',
]


def test_tmx_parse_languages():
    data = TMX.read_bytes()
    # target_lang None: the first language that is not the source (id); tu 4 has no id
    pf = l10n.parse_tmx(data, str(TMX), OPTS)
    assert triples(pf) == TMX_UNITS
    assert [u.line for u in pf.units] == [9, 15, 19, 27]
    assert triples(l10n.parse_tmx(data, str(TMX), FormatOptions(target_lang="id"))) == TMX_UNITS
    assert triples(l10n.parse_tmx(data, str(TMX), FormatOptions(target_lang="ID-id"))) == \
        TMX_UNITS
    fr = l10n.parse_tmx(data, str(TMX), FormatOptions(target_lang="fr"))
    assert triples(fr) == [("Cliquez ici pour commencer.", "Click here to start.", "1"),
                           ("Signaler un bogue", "Report a bug", "4")]
    with pytest.raises(InputError, match=r"no <tuv> in language 'de'"):
        l10n.parse_tmx(data, str(TMX), FormatOptions(target_lang="de"))


def test_tmx_no_edit_is_byte_identical():
    data = TMX.read_bytes()
    pf = l10n.parse_tmx(data, str(TMX), OPTS)
    assert pf.render([u.target for u in pf.units]) == data


def test_tmx_edits_change_only_targets(linter):
    data = TMX.read_bytes()
    pf = l10n.parse_tmx(data, str(TMX), OPTS)
    fixed = repaired(linter, pf)
    assert fixed == TMX_FIXED
    out = pf.render(fixed)
    assert [u.target for u in l10n.parse_tmx(out, "o.tmx", OPTS).units] == TMX_FIXED

    before, after = tmx.tmxfile.parsestring(data), tmx.tmxfile.parsestring(out)
    assert len(before.units) == len(after.units)
    for b, a in zip(before.units, after.units):
        assert b.getid() == a.getid()
        assert b.source == a.source
        assert b.getnotes() == a.getnotes()
        assert b.getcontext() == a.getcontext()
        for lang in ("en", "fr"):                          # the other languages: untouched
            assert [t.text for t in b.xmlelement.iter("tuv") if t.get(l10n._XML_LANG) == lang] \
                == [t.text for t in a.xmlelement.iter("tuv") if t.get(l10n._XML_LANG) == lang]
            assert [etree.tostring(t) for t in b.xmlelement.iter("tuv")
                    if t.get(l10n._XML_LANG) == lang] == \
                [etree.tostring(t) for t in a.xmlelement.iter("tuv")
                 if t.get(l10n._XML_LANG) == lang]
    header_b = etree.fromstring(data).find("header")
    header_a = etree.fromstring(out).find("header")
    assert dict(header_b.attrib) == dict(header_a.attrib)
    xml_compare_outside_targets(data, out, "//tuv[@xml:lang='id']/seg")
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM '
                          b'"tmx14.dtd">\n')
    assert (b'<seg>Kebijakan <bpt i="1" x="1">&lt;b&gt;</bpt>liberal<ept i="1">'
            b'&lt;/b&gt;</ept> di sini<ph x="2">&lt;br/&gt;</ph>.</seg>') in out
    only_target_lines_changed(data, out, ('<tuv xml:lang="id">',))


def test_tmx_malformed():
    with pytest.raises(InputError, match=r"^m\.tmx: .*line 1"):
        l10n.parse_tmx(b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>a</tuv>',
                       "m.tmx", OPTS)
    with pytest.raises(InputError, match=r"^m\.tmx: not a TMX file"):
        l10n.parse_tmx(XLF12.read_bytes(), "m.tmx", OPTS)


# -------------------------------------------------------------------------------- detection


def test_sniff_fixtures():
    assert l10n.sniff(PO.read_bytes()) == "po"
    assert l10n.sniff(XLF12.read_bytes()) == "xliff"
    assert l10n.sniff(XLF20.read_bytes()) == "xliff"
    assert l10n.sniff(TMX.read_bytes()) == "tmx"
    assert l10n.sniff(b'\xef\xbb\xbf<!-- x --><xliff version="2.0"/>') == "xliff"
    assert l10n.sniff(b"<html><body>msgid \"a\"</body></html>") is None
    assert l10n.sniff(b"Klik disini.\nmsgid nothing\n") is None
    assert l10n.sniff(b'{"target": "x"}\n') is None


def test_formats_list():
    assert [(f.name, f.extensions, f.bilingual) for f in l10n.FORMATS] == [
        ("po", (".po", ".pot"), True),
        ("xliff", (".xlf", ".xliff"), True),
        ("tmx", (".tmx",), True),
    ]


def test_tmx_unknown_target_language_is_an_error():
    """A mistyped --target-lang must not silently repair nothing."""
    import pytest as _pytest

    from mtfix.formats import FormatOptions as _Opts
    from mtfix.formats.l10n import parse_tmx as _parse
    from mtfix.textio import InputError as _InputError

    data = (Path(__file__).parent / "fixtures" / "formats" / "l10n_sample.tmx").read_bytes()
    with _pytest.raises(_InputError, match=r"no <tuv> in language 'xx' \(the file has .*id"):
        _parse(data, "memory.tmx", _Opts(target_lang="xx"))
    assert _parse(data, "memory.tmx", _Opts(target_lang="ID")).units
