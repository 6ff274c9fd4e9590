"""Localization formats through the command line: detection, bilingual checks from the file's
own source text, only targets changed, bad files named while the rest of the batch is written."""

import json
import shutil
from pathlib import Path

import pytest

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def _codes(stdout: bytes) -> list[tuple[int, str, str]]:
    """(line, code, unit id) of each diagnostic in `check` text output."""
    out = []
    for line in stdout.decode().splitlines():
        where, rest = line.split(": ", 1)
        code = rest.split(" ", 1)[0]
        unit = line.rsplit(" [", 1)[1].rstrip("]")
        out.append((int(where.split(":")[1]), code, unit))
    return out


@pytest.mark.parametrize("name,ids", [
    ("bilingual_news.po", {"g7": "The Group of Seven leaders met in Hiroshima.",
                           "prices": "Prices rose by 16.6 percent in 2022.",
                           "link": "Read more at https://example.com/news.",
                           "untranslated": "Shuttle diplomacy resumed this week."}),
    ("bilingual_news.xlf", {"g7": "g7", "prices": "prices", "link": "link",
                            "untranslated": "untranslated"}),
])
def test_po_and_xliff_sources_feed_the_bilingual_checks(cli, name, ids):
    r = cli("check", FORMATS / name, "--fail-on", "never")
    assert r.returncode == 0, r.stderr
    got = {(code, unit) for _, code, unit in _codes(r.stdout) if code.startswith("GL")}
    assert got == {
        ("GL001", ids["g7"]),            # sekelompok tujuh: a glossary wrong variant (unsafe)
        ("GL003", ids["prices"]),        # 16.6 became 6,6
        ("GL004", ids["link"]),          # the URL was dropped
        ("GL002", ids["untranslated"]),  # "shuttle diplomacy" without its required term
        ("GL005", ids["untranslated"]),  # target == source
    }
    # JSON output carries the unit for CI annotations
    r = cli("check", FORMATS / name, "--fail-on", "never", "--output-format", "json")
    recs = json.loads(r.stdout)
    rec = next(x for x in (recs if isinstance(recs, list) else recs["diagnostics"])
               if x["code"] == "GL003")
    assert rec["unit_id"] == ids["prices"] and rec["path"].endswith(name)


def test_without_the_source_no_bilingual_checks_on_plain_text(cli, tmp_path):
    txt = tmp_path / "t.txt"
    txt.write_text("Harga naik 6,6 persen pada 2022.\n", encoding="utf-8")
    r = cli("check", txt, "--fail-on", "never")
    assert b"GL003" not in r.stdout
    r = cli("check", FORMATS / "bilingual_news.po", "--source", txt)
    assert r.returncode == 2 and b"carries its own source text" in r.stderr


@pytest.mark.parametrize("name", ["bilingual_news.po", "bilingual_news.xlf"])
def test_fix_changes_only_targets(cli, tmp_path, name):
    out = tmp_path / name
    r = cli("fix", FORMATS / name, "-o", out)
    assert r.returncode == 0, r.stderr
    before = (FORMATS / name).read_text(encoding="utf-8").splitlines()
    after = out.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    diff = [(b, a) for b, a in zip(before, after) if b != a]
    # one repair (sela -sela) in a target line; nothing else moved
    assert len(diff) == 1
    b, a = diff[0]
    assert "sela -sela" in b and "sela-sela" in a and a == b.replace("sela -sela", "sela-sela")


def test_clean_structured_files_come_back_byte_identical(cli, tmp_path):
    """No edits: the same bytes, whatever the format library would have re-serialised."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.po").write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                               b'\n#, fuzzy\nmsgid  "Hello"\nmsgstr  "Halo"\n')
    (src / "b.xlf").write_bytes(
        b"<?xml version='1.0' encoding='utf-8'?>\n<xliff xmlns='urn:oasis:names:tc:xliff:"
        b"document:1.2' version='1.2'  ><file original='x' source-language='en' "
        b"datatype='plaintext'><body><trans-unit id='1'><source>Hi</source>"
        b"<target>Hai</target></trans-unit></body></file></xliff>")
    (src / "c.jsonl").write_bytes(b'{"target" : "Halo",  "id":1}\r\n')
    (src / "d.csv").write_bytes(b'id,source,target\r\n1,"Hi","Halo"\r\n')
    out = tmp_path / "out"
    r = cli("fix", src, "-o", out)
    assert r.returncode == 0, r.stderr
    for p in src.iterdir():
        assert (out / p.name).read_bytes() == p.read_bytes(), p.name


def test_format_detection_by_content_and_forced(cli, tmp_path):
    tmx = tmp_path / "memory.dat"  # an extension that says nothing
    shutil.copy(FORMATS / "l10n_sample.tmx", tmx)
    auto = cli("fix", tmx)
    forced = cli("fix", "--format", "tmx", tmx)
    assert auto.returncode == 0 and forced.returncode == 0
    assert auto.stdout == forced.stdout and b"<tmx" in auto.stdout
    assert b"sela-sela" in auto.stdout
    # forcing the wrong format is a parse error naming the file, not a traceback
    r = cli("fix", "--format", "po", tmx)
    assert r.returncode == 2 and str(tmx).encode() in r.stderr and b"Traceback" not in r.stderr


def test_malformed_files_in_a_batch(cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FORMATS / "bilingual_news.po", src / "good.po")
    (src / "broken.xlf").write_text("<xliff version='1.2'><file><body><trans-unit id='1'>"
                                    "<source>x</source><target>sela -sela</target>",
                                    encoding="utf-8")
    (src / "broken.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    (src / "laughs.xlf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                  for i in range(1, 10))
        + ']>\n<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source>'
        '<target>&lol9;</target></trans-unit></body></file></xliff>\n', encoding="utf-8")
    (src / "bad.jsonl").write_text('{"target": "disini"}\n[1, 2]\n', encoding="utf-8")
    (src / "ok.jsonl").write_text('{"target": "disini"}\n', encoding="utf-8")
    out = tmp_path / "out"
    r = cli("fix", src, "-o", out)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert "4 file(s) failed" in err
    for name in ("broken.xlf", "broken.po", "laughs.xlf", "bad.jsonl"):
        assert str(src / name) in err
    assert "bad.jsonl:2" in err
    assert "entit" in err.lower()  # the billion-laughs file is refused for its entities
    assert sorted(p.name for p in out.iterdir()) == ["good.po", "ok.jsonl"]
    assert (out / "ok.jsonl").read_text(encoding="utf-8") == '{"target": "di sini"}\n'
    assert "sela-sela" in (out / "good.po").read_text(encoding="utf-8")


def test_jobs_and_in_place_on_structured_files(cli, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(FORMATS, src)
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = cli("fix", src, "-o", one)
    r2 = cli("fix", src, "-o", two, "--jobs", "2", env={"MTFIX_CHUNK_CHARS": "100"},
             subprocess=True)
    assert r1.returncode == r2.returncode
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert len(names) >= 8
    for n in names:
        assert (one / n).read_bytes() == (two / n).read_bytes(), n
    # --in-place rewrites the changed ones only, keeping backups
    r = cli("fix", "--in-place", "--backup", "~", src / "bilingual_news.po")
    assert r.returncode == 0, r.stderr
    assert (src / "bilingual_news.po").read_bytes() == (one / "bilingual_news.po").read_bytes()
    assert (src / "bilingual_news.po~").read_bytes() == (FORMATS / "bilingual_news.po").read_bytes()


@pytest.mark.parametrize("name", ["seed_article.md", "seed_article.html"])
def test_seed_article_as_markup_through_the_cli(cli, tmp_path, name):
    """The seed article as Markdown and as HTML: its repairs made, its markup intact (the
    expected files were read line by line; tests/test_formats_markup.py compares the tag and
    token streams)."""
    out = tmp_path / name
    r = cli("fix", FORMATS / name, "-o", out, "--mode", "article")  # markup: always lines
    assert r.returncode == 0, r.stderr
    expected = FORMATS / name.replace("seed_article.", "seed_article.expected.")
    assert out.read_bytes() == expected.read_bytes()
    text = out.read_text(encoding="utf-8")
    for repaired in ("antar-jemput", "sela-sela", "Bersama-sama", "barang-barang",
                     "Kelompok Tujuh (G7)", "Korea Selatan-Jepang"):
        assert repaired in text
    before = (FORMATS / name).read_text(encoding="utf-8")
    assert text.count("liberal liberal") == before.count("liberal liberal") - 1  # code untouched
    # check reports on the file's own lines
    r = cli("check", FORMATS / name, "--fail-on", "never")
    lines = before.splitlines()
    hy = [ln for ln in r.stdout.decode().splitlines() if " HY001 " in ln]
    assert hy and all("sela -sela" in lines[int(h.split(":")[1]) - 1]
                      or "-jemput" in lines[int(h.split(":")[1]) - 1]
                      or "-sama" in lines[int(h.split(":")[1]) - 1]
                      or "-barang" in lines[int(h.split(":")[1]) - 1] for h in hy)


@pytest.mark.parametrize("name,summary", [
    # the review page's summary: every finding (edits applied, suggestions, notes)
    ("l10n_sample.po", "1 file(s) · 7 segment(s), 6 with findings · 6 applied, 0 suggested, 0 notes"),
    ("seed_article.html", "1 file(s) · 43 segment(s), 9 with findings · 7 applied, 4 suggested, 1 notes"),
])
def test_report_and_edit_records_of_structured_files(cli, tmp_path, name, summary):
    import re

    report, edits = tmp_path / "r.html", tmp_path / "e.jsonl"
    r = cli("fix", FORMATS / name, "-o", tmp_path / name, "--report", report, "--edits", edits)
    assert r.returncode == 0, r.stderr
    assert summary in re.sub(r"<[^>]+>", "", report.read_text(encoding="utf-8"))
    recs = [json.loads(x) for x in edits.read_text(encoding="utf-8").splitlines()]
    assert recs and all(x["unit"] >= 1 for x in recs)
    # one record per finding; the applied ones are the run's edits ("fixed N edit(s)")
    n_applied = int(re.search(r"fixed (\d+) edit", r.err).group(1))
    assert sum(x["status"] == "applied" for x in recs) == n_applied
    assert summary.endswith(f"{n_applied} applied, {sum(x['status'] == 'suggested' for x in recs)} "
                            f"suggested, {sum(x['status'] == 'note' for x in recs)} notes")
    lines = (FORMATS / name).read_text(encoding="utf-8").splitlines()
    for x in recs:  # each record points at the line of the unit holding the text it replaced
        word = x["before"].split()[0] if x["before"].strip() else None
        if word:  # (a wrapped PO msgstr continues on the next lines)
            assert any(word in ln for ln in lines[x["line"] - 1:x["line"] + 4]), x
