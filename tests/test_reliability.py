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
