"""`mtfix fix` with a source: the rules that need one repair with it, through every path (one
file, line chunks over worker processes, the source inside PO units)."""

from mtfix.run.dispatch import fix_groups
from mtfix.run.executors import Processes, Serial
from mtfix.settings import Settings


def test_fix_source_option_repairs_with_the_source(cli, tmp_path):
    tgt = tmp_path / "t.id"
    src = tmp_path / "s.en"
    tgt.write_text("Apa yang kamu lakukan\nKunjungi # indonesia sekarang.\nBaik.\n",
                   encoding="utf-8")
    src.write_text("What are you doing?\nVisit #indonesia now.\nGood.\n", encoding="utf-8")
    r = cli("fix", "-q", tgt)
    assert r.out == tgt.read_text(encoding="utf-8")          # without a source: nothing to do
    r = cli("fix", "-q", "--source", src, tgt)
    assert r.returncode == 0, r.err
    assert r.out == "Apa yang kamu lakukan?\nKunjungi #indonesia sekarang.\nBaik.\n"
    bad = tmp_path / "short.en"
    bad.write_text("one line\n", encoding="utf-8")
    r = cli("fix", "-q", "--source", bad, tgt)
    assert r.returncode == 2 and "line-aligned" in r.err


def test_sources_follow_their_lines_into_chunks():
    """A text cut into line chunks for workers gets the same lines of its source."""
    words = ["kamu", "dia", "mereka", "kami"]
    lines = [f"Apa kabar {words[i % 4]} hari ini" for i in range(400)]
    srcs = [f"How are you today {i}?" if i % 3 == 0 else f"Line {i}" for i in range(400)]
    text, source = "\n".join(lines) + "\n", "\n".join(srcs) + "\n"
    s = Settings()
    whole = fix_groups([[text]], s, Serial(), sources=[[source]])[0][0]
    assert whole.text.count("?") == len([x for x in srcs if x.endswith("?")])
    import mtfix.run.cut as cut
    old = cut.CHUNK_CHARS
    cut.CHUNK_CHARS = 512            # many pieces, in this process and in two workers
    try:
        assert len(cut.plan([[text]], s, 1, [True]).items) > 10
        pieces = fix_groups([[text]], s, Serial(), sources=[[source]])[0][0]
        ex = Processes(2)
        try:
            par = fix_groups([[text]], s, ex, sources=[[source]])[0][0]
        finally:
            ex.close()
    finally:
        cut.CHUNK_CHARS = old
    assert pieces.text == whole.text == par.text


def test_po_msgid_is_the_source_of_the_repair(cli, tmp_path):
    """A catalog aligns --help columns with runs of spaces: where the msgid has the same
    spacing, the spacing rules leave the msgstr alone; elsewhere they repair it."""
    po = tmp_path / "m.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "  -h, --help     show this help"\n'
                  'msgstr "  -h, --help     tampilkan bantuan ini"\n\n'
                  'msgid "Hello world"\nmsgstr "Halo  dunia"\n', encoding="utf-8")
    r = cli("fix", "-q", po)
    assert r.returncode == 0, r.err
    assert 'msgstr "  -h, --help     tampilkan bantuan ini"' in r.out
    assert 'msgstr "Halo dunia"' in r.out


def test_a_final_line_break_more_or_less_keeps_the_lines_aligned(cli, tmp_path):
    """The same lines, one file ending with a line break and the other not: every line keeps
    its own source line (the source was made one line, and line 2 lost its `?`)."""
    src_text = "What are you doing?\nWhat did you see?"
    for tgt_text, src_end in (("Apa yang kamu lakukan\nApa yang kamu lihat\n", ""),
                              ("Apa yang kamu lakukan\nApa yang kamu lihat", "\n"),
                              ("Apa yang kamu lakukan\r\nApa yang kamu lihat", "\r\n")):
        tgt = tmp_path / "t.id"
        src = tmp_path / "s.en"
        tgt.write_bytes(tgt_text.encode())
        src.write_bytes((src_text.replace("\n", "\r\n" if "\r" in src_end else "\n")
                         + src_end).encode())
        r = cli("fix", "-q", "--source", src, tgt)
        assert r.returncode == 0, r.err
        assert r.out.replace("\r", "") == ("Apa yang kamu lakukan?\nApa yang kamu lihat?"
                                           + ("\n" if tgt_text.endswith("\n") else ""))


def test_aligned_source_final_break():
    from mtfix.text import aligned_source

    assert aligned_source("a\nb", "x\ny\n") == "x\ny"
    assert aligned_source("a\r\nb", "x\r\ny\r\n") == "x\r\ny"
    assert aligned_source("a\nb\n", "x\ny") == "x\ny\n"
    assert aligned_source("a\nb", "x\ny") == "x\ny"
    assert aligned_source("a b", "x\ny") == "x y"            # wrapped otherwise: one line
    assert aligned_source("a\nb\nc", "x\ny\n\n") == "x\ny\n"  # the same three lines
    assert aligned_source("a\nb\nc", "x\ny\n\n\n") == "x y   "  # two breaks more: one line
    assert aligned_source("a", None) is None
