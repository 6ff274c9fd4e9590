"""Reliability regressions (issue 11, issue 15 "nothing lost"): one test per item."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from mtfix import textio

BROKEN = "Saya  pergi ke pasar .\n"
FIXED = "Saya pergi ke pasar.\n"


def test_in_place_follows_symlink(cli, tmp_path):
    real = tmp_path / "data" / "real.txt"
    real.parent.mkdir()
    real.write_text(BROKEN, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(os.path.relpath(real, tmp_path))
    r = cli("fix", str(link), "--in-place", "--backup", ".orig")
    assert r.returncode == 0, r.err
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    # no temporary file left in either directory
    assert [p.name for p in real.parent.iterdir()] == ["real.txt"]
    assert (tmp_path / "link.txt.orig").read_text(encoding="utf-8") == BROKEN
    # the whole-file path (write_atomic) as well as the streamed one (atomic_output)
    real.write_text(BROKEN, encoding="utf-8")
    r = cli("fix", str(link), "--in-place", "--edits", str(tmp_path / "e.jsonl"))
    assert r.returncode == 0, r.err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED
    assert not any(p.name.endswith(".mtfix-tmp") for p in tmp_path.iterdir())


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_in_place_keeps_owner(cli, tmp_path):
    f = tmp_path / "other.txt"
    f.write_text(BROKEN, encoding="utf-8")
    os.chown(f, 1000, 1000)
    f.chmod(0o664)
    r = cli("fix", str(f), "--in-place", "--backup", ".orig")
    assert r.returncode == 0, r.err
    st = f.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1000, 1000, 0o664)
    assert f.read_text(encoding="utf-8") == FIXED
    b = (tmp_path / "other.txt.orig").stat()
    assert (b.st_uid, b.st_gid) == (1000, 1000)
    # streaming output (atomic_output) keeps them too
    f.write_text(BROKEN, encoding="utf-8")
    os.chown(f, 1000, 1000)
    with textio.atomic_output(f) as fh:
        fh.write(FIXED.encode())
    assert (f.stat().st_uid, f.stat().st_gid) == (1000, 1000)


def test_output_to_fifo_is_written_not_replaced(cli, tmp_path):
    src = tmp_path / "x.txt"
    src.write_text(BROKEN, encoding="utf-8")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def reader():
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    r = cli("fix", str(src), "-o", str(fifo))
    t.join(10)
    assert r.returncode == 0, r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got == [FIXED.encode()]
    assert not any(p.name.endswith(".mtfix-tmp") for p in tmp_path.iterdir())


def test_backups_never_overwritten(cli, tmp_path):
    f = tmp_path / "f.txt"
    f.write_text(BROKEN, encoding="utf-8")
    assert cli("fix", str(f), "--in-place", "--backup", ".orig").returncode == 0
    assert (tmp_path / "f.txt.orig").read_text(encoding="utf-8") == BROKEN
    second = "Dia  datang .\n"
    f.write_text(second, encoding="utf-8")
    assert cli("fix", str(f), "--in-place", "--backup", ".orig").returncode == 0
    assert (tmp_path / "f.txt.orig").read_text(encoding="utf-8") == BROKEN
    assert (tmp_path / "f.txt.orig.1").read_text(encoding="utf-8") == second
    assert textio.backup_path(f, ".orig") == str(f) + ".orig.2"


def test_tabular_target_only_when_named(cli, tmp_path):
    csv_in = tmp_path / "a.csv"
    csv_in.write_bytes(b"id,source,text\nanda.profile,Your profile,profil anda\n")
    jsonl_in = tmp_path / "a.jsonl"
    jsonl_in.write_bytes(b'{"id": "anda.profile", "text": "profil anda"}\n')
    for f, what in ((csv_in, "the columns are: 'id', 'source', 'text'"),
                    (jsonl_in, "its members are: 'id', 'text'")):
        for extra in ((), ("--edits", str(tmp_path / "e.jsonl"))):
            out = tmp_path / ("o" + f.suffix)
            r = cli("fix", str(f), "-o", str(out), *extra)
            assert r.returncode == 2
            assert what in r.err and "--target-field" in r.err
            assert not out.exists()
    r = cli("fix", str(csv_in), "--target-field", "text")
    assert r.returncode == 0, r.err
    assert r.stdout == b"id,source,text\nanda.profile,Your profile,profil Anda\n"


@pytest.mark.parametrize("rows,expect", [
    ("word\tkata kata\tkata\n", "contains its own wrong variant 'kata'"),
    ("a\tsatu\tdua\nb\tdua\tsatu\n", "rewrite each other forever"),
    ("a\tsatu\tdua\nb\tdua\ttiga\nc\ttiga\tsatu\n", "rewrite each other forever"),
])
def test_glossary_loops_refused_at_load(cli, tmp_path, rows, expect):
    from mtfix.glossary import GlossaryFormatError, load_glossaries

    g = tmp_path / "loop.tsv"
    g.write_text("source\ttarget\twrong\n" + rows, encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match=r"loop\.tsv:2: "):
        load_glossaries([str(g)])
    t = tmp_path / "k.txt"
    t.write_text("ini kata saya satu dua\n", encoding="utf-8")
    for cmd in ("fix", "check"):
        r = cli(cmd, str(t), "--glossary", str(g))
        assert r.returncode == 2 and expect in r.err and "loop.tsv:2" in r.err
        assert r.stdout == b""
    # a chain that ends (A → B → C) and the bundled glossary still load
    ok = tmp_path / "ok.tsv"
    ok.write_text("source\ttarget\twrong\na\tsatu\tdua\nb\tdua\ttiga\n", encoding="utf-8")
    assert len(load_glossaries([str(ok)])) > 2


TMX_EN_FR = b"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="none" creationtool="t" creationtoolversion="1"/><body>
<tu tuid="1"><tuv xml:lang="en"><seg>Click here.</seg></tuv><tuv xml:lang="id"><seg>Klik disini.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="en"><seg>Report a bug</seg></tuv><tuv xml:lang="fr"><seg>Signaler</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_without_target_language(cli, tmp_path):
    from mtfix.formats import FormatOptions
    from mtfix.formats.l10n import parse_tmx

    f = tmp_path / "m.tmx"
    f.write_bytes(TMX_EN_FR)
    r = cli("fix", str(f), "--target-lang", "de", "-o", str(tmp_path / "o.tmx"))
    assert r.returncode == 2 and "no <tuv> in language 'de'" in r.err and "en, fr, id" in r.err
    only_en = TMX_EN_FR.replace(b'xml:lang="id"', b'xml:lang="en"').replace(
        b'xml:lang="fr"', b'xml:lang="en"')
    f.write_bytes(only_en)
    r = cli("fix", str(f), "-o", str(tmp_path / "o.tmx"))
    assert r.returncode == 2 and "no target language" in r.err and "--target-lang" in r.err
    # units lacking the language: skipped, and counted
    pf = parse_tmx(TMX_EN_FR, "m.tmx", FormatOptions(target_lang="id"))
    assert [u.target for u in pf.units] == ["Klik disini."]
    assert pf.warnings == ["m.tmx: 1 of 2 <tu> have no <tuv> in 'id': left as they are"]


def test_casefold_offsets_dotted_capital_i(cli, tmp_path):
    from mtfix.engine import Linter
    from mtfix.settings import Settings
    from mtfix.text import lower_aligned

    assert lower_aligned("İSTANBUL İni") == "istanbul ini"
    text = "İstanbul adalah kota.\nPemimpin sekelompok tujuh (G7) bertemu.\n"
    want = "İstanbul adalah kota.\nPemimpin Kelompok Tujuh (G7) bertemu.\n"
    for mode in ("article", "lines"):
        lin = Linter(Settings(mode=mode))
        assert any(d.code == "GL001" for d in lin.check(text)), mode
        assert lin.fix(text).text == want, mode
    f = tmp_path / "d.txt"
    f.write_text(text, encoding="utf-8")
    r = cli("check", str(f))
    assert "GL001" in r.out
    streamed = cli("fix", str(f))
    whole = cli("fix", str(f), "--edits", str(tmp_path / "e.jsonl"))
    assert streamed.returncode == whole.returncode == 0
    assert streamed.stdout == whole.stdout == want.encode()


def test_edit_next_to_url_keeps_url():
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lin = Linter(Settings(mode="lines"))
    text = ("Baca www.kompas.com / berita hari ini.\n"
            "Lihat https://x.id/a / b dan HIV / AIDS, skor 8.5 / 10.\n")
    out = lin.fix(text).text
    assert "www.kompas.com / berita" in out            # the URL is not extended
    assert "https://x.id/a / b" in out
    assert "HIV/AIDS" in out and "8.5/10" in out         # elsewhere the rule still applies
    d = [d for d in lin.check(text) if d.code == "WS005"]
    assert len(d) == 4 and sum(x.fix is not None for x in d) == 2


# -- H: encodings -----------------------------------------------------------------------------

def _repair(parsed):
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lin = Linter(Settings(mode="lines"))
    return [lin.fix(u.target).text for u in parsed.units]


XLIFF = """<?xml version="1.0" encoding="{enc}"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" \
source-language="en" target-language="id" datatype="plaintext"><body>
<trans-unit id="1"><source>Café here</source><target>Kafe café disini</target></trans-unit>
<trans-unit id="2"><source>OK</source><target>Bagus café.</target></trans-unit>
</body></file></xliff>
"""
PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset={enc}\\n"
"Language: id\\n"

msgid "Coffee"
msgstr "Kopi café disini"

msgid "Tea"
msgstr "Teh café."
"""


def test_sniff_and_decode_encodings():
    assert textio.sniff_encoding(b"\xff\xfeS\x00") == ("utf-16-le", b"\xff\xfe")
    assert textio.sniff_encoding(b"\xfe\xff\x00S") == ("utf-16-be", b"\xfe\xff")
    assert textio.sniff_encoding(b"\xff\xfe\x00\x00") == ("utf-32-le", b"\xff\xfe\x00\x00")
    assert textio.sniff_encoding(b"\xef\xbb\xbfx") == ("utf-8", b"\xef\xbb\xbf")
    assert textio.sniff_encoding(b"abc") == ("utf-8", b"")
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        data = ("\ufeff" + "Dia tinggal disini.\r\n").encode(codec)
        tf = textio.decode_any(data, "x.txt")
        assert (tf.text, tf.encoding, tf.bom) == ("Dia tinggal disini.\r\n", codec, True)
        assert textio.encode_like(tf, tf.text) == data
    with pytest.raises(textio.InputError, match=r"^x\.txt: not valid UTF-16 LE at byte offset 4"):
        textio.decode(b"\xff\xfeS\x00\x00\xd8a\x00", "x.txt")     # a lone surrogate
    with pytest.raises(textio.InputError, match=r"^x\.txt: not valid UTF-8 at byte offset 1 "):
        textio.decode(b"a\xe9b", "x.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_round_trip(cli, tmp_path, codec):
    from mtfix.formats.registry import TEXT
    from mtfix.formats import FormatOptions

    broken = ("\ufeff" + "Saya  pergi ke pasar .\r\nDia tinggal disini.\r\n").encode(codec)
    clean = ("\ufeff" + "Saya pergi.\r\n").encode(codec)
    fixed = ("\ufeff" + "Saya pergi ke pasar.\r\nDia tinggal di sini.\r\n").encode(codec)
    parsed = TEXT.parse(broken, "x.txt", FormatOptions())
    assert parsed.render([u.target for u in parsed.units]) == broken
    assert parsed.render(_repair(parsed)) == fixed
    # the CLI's whole-file path (--edits)
    for data, want in ((clean, clean), (broken, fixed)):
        f = tmp_path / "x.txt"
        f.write_bytes(data)
        out = tmp_path / "o.txt"
        r = cli("fix", str(f), "-o", str(out), "--edits", str(tmp_path / "e.jsonl"))
        assert r.returncode == 0, r.err
        assert out.read_bytes() == want


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_on_the_streaming_path(cli, tmp_path, codec):
    """Plain text streams as UTF-8; a UTF-16 file is read whole on the same command line and
    written back in its own encoding and BOM: byte-exact when nothing changes, repaired
    otherwise (also in place)."""
    broken = ("\ufeff" + "Dia tinggal disini.\n").encode(codec)
    f = tmp_path / "x.txt"
    f.write_bytes(broken)
    r = cli("fix", str(f))
    assert r.returncode == 0 and r.stdout == ("\ufeff" + "Dia tinggal di sini.\n").encode(codec)
    clean = ("\ufeff" + "Dia tinggal di sini.\n").encode(codec)
    g = tmp_path / "clean.txt"
    g.write_bytes(clean)
    r = cli("fix", str(g))
    assert r.returncode == 0 and r.stdout == clean
    r = cli("fix", "--in-place", str(f))
    assert r.returncode == 0 and f.read_bytes() == clean


@pytest.mark.parametrize("codec,bom,declared", [
    ("utf-16-le", b"\xff\xfe", "UTF-16"), ("utf-16-be", b"\xfe\xff", "UTF-16"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"), ("iso-8859-1", b"", "ISO-8859-1"),
])
def test_xliff_in_its_own_encoding(cli, tmp_path, codec, bom, declared):
    from mtfix.formats import FormatOptions
    from mtfix.formats.l10n import parse_xliff

    data = bom + XLIFF.format(enc=declared).encode(codec)
    parsed = parse_xliff(data, "x.xlf", FormatOptions())
    assert [u.target for u in parsed.units] == ["Kafe café disini", "Bagus café."]
    assert parsed.render([u.target for u in parsed.units]) == data
    want = bom + XLIFF.format(enc=declared).replace("café disini", "café di sini").encode(codec)
    assert parsed.render(_repair(parsed)) == want
    f = tmp_path / "x.xlf"
    f.write_bytes(data)
    r = cli("fix", str(f), "-o", str(tmp_path / "o.xlf"))
    assert r.returncode == 0, r.err
    assert (tmp_path / "o.xlf").read_bytes() == want


def test_tmx_utf16(tmp_path):
    from mtfix.formats import FormatOptions
    from mtfix.formats.l10n import parse_tmx

    data = b"\xff\xfe" + TMX_EN_FR.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"'
                                                    ).encode("utf-16-le")
    parsed = parse_tmx(data, "m.tmx", FormatOptions(target_lang="id"))
    assert parsed.render([u.target for u in parsed.units]) == data
    text = data[2:].decode("utf-16-le")
    assert parsed.render(_repair(parsed)) == \
        b"\xff\xfe" + text.replace("Klik disini", "Klik di sini").encode("utf-16-le")


def test_csv_utf16(tmp_path):
    from mtfix.formats import FormatOptions
    from mtfix.formats.tabular import parse_csv

    csv_text = "id,source,target\r\n1,Here,Dia disini\r\n"
    data = b"\xff\xfe" + csv_text.encode("utf-16-le")
    parsed = parse_csv(data, "x.csv", FormatOptions())
    assert parsed.render([u.target for u in parsed.units]) == data
    assert parsed.render(_repair(parsed)) == \
        b"\xff\xfe" + csv_text.replace("disini", "di sini").encode("utf-16-le")


def test_po_latin1(cli, tmp_path):
    data = PO.format(enc="ISO-8859-1").encode("latin-1")
    f = tmp_path / "x.po"
    f.write_bytes(data)
    r = cli("fix", str(f), "-o", str(tmp_path / "o.po"))
    assert r.returncode == 0, r.err
    assert (tmp_path / "o.po").read_bytes() == data.replace(b"disini", b"di sini")
    clean = data.replace(b"disini", b"di sini")
    f.write_bytes(clean)
    assert cli("fix", str(f), "-o", str(tmp_path / "o2.po")).returncode == 0
    assert (tmp_path / "o2.po").read_bytes() == clean
    # undecodable: one line naming the offset and the encoding tried
    f.write_bytes(PO.format(enc="UTF-8").encode("latin-1"))
    r = cli("fix", str(f), "-o", str(tmp_path / "o3.po"))
    assert r.returncode == 2 and "not valid UTF-8 at byte offset" in r.err


def test_tmx_units_without_the_language_are_said_on_the_command_line(cli, tmp_path):
    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
        'creationtoolversion="1" o-tmf="t"/>\n<body>\n<tu tuid="1"><tuv xml:lang="en"><seg>Here'
        '</seg></tuv><tuv xml:lang="id"><seg>disini</seg></tuv></tu>\n<tu tuid="2"><tuv '
        'xml:lang="en"><seg>There</seg></tuv></tu>\n</body></tmx>\n', encoding="utf-8")
    for cmd in ("fix", "check"):
        r = cli(cmd, tmx)
        assert "1 of 2 <tu> have no <tuv> in 'id': left as they are" in r.err, cmd


def test_edit_next_to_url_keeps_url_on_a_long_line():
    """The same on one 1 MB-style line: the protection is checked again around the edit only
    (Document.reshapes_protected), and still refuses to extend a URL."""
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    filler = "kata 12 , lain " * 2000                      # 30,000 characters, a fix every 15
    text = filler + "Baca www.kompas.com / berita dan HIV / AIDS. " + filler
    out = Linter(Settings(mode="lines")).fix(text).text
    assert "www.kompas.com / berita" in out and "HIV/AIDS" in out
    assert out.count("kata 12, lain") == 4000


def test_english_run_is_one_finding():
    from mtfix.engine import Linter
    from mtfix.settings import Settings

    lin = Linter(Settings(select=("EN001",)))
    text = "itu mengerikan, the end. lalu the, end"
    diags = lin.check(text)
    assert [text[d.start:d.end] for d in diags] == ["the end", "the", "end"]
    assert diags[0].message == "`the end` looks like untranslated English"
    long = "the " * 50_000
    (d,) = lin.check(long)
    assert (d.start, d.end) == (0, len(long) - 1)
    assert d.message.startswith("`the the") and "(50,000 words)" in d.message
    assert len(d.message) < 120


def test_check_context_of_a_long_line_is_bounded(cli, tmp_path):
    """A check record's context (JSON output, SARIF and ignore-file fingerprints) is the
    finding's line, or on a line over 1,000 characters the stretch around the finding: a 1 MB
    line with many findings is not written out once per finding."""
    import json

    from mtfix.suppress import CONTEXT_CHARS

    f = tmp_path / "a.txt"
    short = "Dia  pergi.\n"
    f.write_text(short + "kata  lain " * 2000 + "\n", encoding="utf-8")
    r = cli("check", "--select", "WS001", "--output-format", "json", "--fail-on", "never", f)
    recs = json.loads(r.stdout)
    assert recs[0]["context"] == "Dia  pergi."
    rest = recs[1:]
    assert len(rest) == 2000
    assert all(len(x["context"]) <= CONTEXT_CHARS + 2 for x in rest)
    assert all(x["text"] in x["context"] for x in rest)
    assert rest[0]["context"].startswith("kata  lain") and rest[0]["context"].endswith("…")
    assert rest[-1]["context"].startswith("…")


def test_word_lists_skip_matches_through_dotless_i_and_long_s():
    """OR001/OR002/KB002 match case-insensitively, which folds ı and ſ to i and s: such a
    match is not a word of their tables and is left alone (it raised KeyError before)."""
    from mtfix.engine import Linter

    assert Linter().fix("saya disini dan dısini").text == "saya di sini dan dısini"
    assert Linter().fix("kerjasama dan Kerjaſama").text == "kerja sama dan Kerjaſama"


def test_json_output_written_in_pieces_is_the_same_text():
    """`check --output-format json` streams the array (check_formats.write_json): the same
    text as render_json, whatever the batch size."""
    import io

    from mtfix.reporting.check_formats import render_json, write_json

    records = [{"path": "a.txt", "line": i, "message": f"`kata kata` ke-{i} “ü”"} for i in range(300)]
    for batch in (1, 7, 1 << 16):
        out = io.StringIO()
        write_json(records, out, batch=batch)
        assert out.getvalue() == render_json(records)
    out = io.StringIO()
    write_json([], out)
    assert out.getvalue() == render_json([]) == "[]\n"


def test_sarif_output_written_in_pieces_is_the_same_text():
    """`check --output-format sarif` makes and writes its results one by one
    (check_formats.write_sarif): the text json.dumps writes of the whole log (sarif_log), for
    any batch size, with files, units, fixes and no results at all."""
    import io
    import json

    from mtfix.reporting.check_formats import render_sarif, sarif_log, write_sarif

    records = [{"path": "a.txt", "line": 1, "column": 3, "end_line": 1, "end_column": 12,
                "code": "DW001", "severity": "warning", "message": "`kata kata`: doubled word",
                "fix": None}]
    for i in range(40):
        records.append({"path": f"d/ü {i % 3}.po", "line": i + 1, "column": 1, "code": "WS001",
                        "severity": "info", "message": "spasi “ganda”", "text": "  ",
                        "unit_id": f"u{i}" if i % 2 else None, "unit": i,
                        "fix": {"applicability": "safe" if i % 4 else "display-only",
                                "edits": [{"start": 0, "end": 2, "content": " ", "line": i + 1,
                                           "column": 1, "end_line": i + 1, "end_column": 3}]}})
    for recs, files in ((records[:1], ["a.txt"]), (records, ["z.txt", "a.txt"]), ([], [])):
        whole = json.dumps(sarif_log(recs, files), ensure_ascii=False, indent=2) + "\n"
        for batch in (1, 5, 1 << 16):
            out = io.StringIO()
            write_sarif(recs, out, files, batch=batch)
            assert out.getvalue() == whole
        assert render_sarif(recs, files) == whole
