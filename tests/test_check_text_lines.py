"""check_files(text_lines=True): where nothing could take a finding away, the text output's
lines are made from the diagnostics without records; they are the lines the records give
(checkrun.text_line), with the same counts, on every kind of file (unit ids, multi-line units,
one-line JSONL records, masked Markdown and HTML, a source). Where per-file-ignores, an inline
marker or an ignore file could suppress one, the records are made and suppressed as before."""

from pathlib import Path

import pytest

from mtfix.run.checkrun import check_files, text_line
from mtfix.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
FILES = ["seed_article.txt", "formats/bilingual_news.po", "formats/bilingual_news.xlf",
         "formats/l10n_sample.po", "formats/l10n_sample.tmx", "formats/l10n_sample.xlf",
         "formats/seed_article.md", "formats/seed_article.html", "formats/tab_segments.csv",
         "formats/tab_segments.jsonl", "formats/tab_segments.tsv"]


def _from_records(records) -> list[str]:
    return [text_line(r["path"], r["line"], r["column"], r["code"], r["severity"], r["message"],
                      None if r["fix"] is None else r["fix"]["applicability"], r.get("unit_id"))
            for r in records]


def _both(paths, settings=Settings(), **kw):
    lines = check_files(paths, settings, context=False, edits=False, text_lines=True, **kw)
    records = check_files(paths, settings, context=False, edits=False, **kw)
    return lines, records


def test_the_lines_are_those_of_the_records():
    paths = [str(FIXTURES / f) for f in FILES]
    direct, via = _both(paths)
    assert direct.lines is not None and direct.records == []
    assert via.lines is None
    assert direct.lines == _from_records(via.records)
    assert len(direct.lines) > 80
    assert any(line.endswith("]") and not line.endswith(("[*]", "[*unsafe]"))
               for line in direct.lines)  # a unit's id
    assert dict(direct.severities) == dict(via.severities) and direct.worst == via.worst
    assert direct.safe_fixes == sum(1 for r in via.records
                                    if r["fix"] and r["fix"]["applicability"] == "safe") > 10


def test_a_multi_line_text_with_a_source(tmp_path):
    text = ("Para pemimpin sekelompok tujuh (G7) bertemu di sela -sela KTT.\r\n"
            "Dia terlihat terlihat lelah , katanya disini.\r\n\r\n"
            "Harga beras naik menjadi Rp 12.000 per kilogram , naik 5 % .")
    source = "The G7 leaders met.\nHe looked tired, he said here.\n\nRice prices rose."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "a.en").write_text(source, encoding="utf-8")
    direct, via = _both([str(tmp_path / "a.txt")], source=str(tmp_path / "a.en"))
    assert direct.lines == _from_records(via.records) and len(direct.lines) >= 5


@pytest.mark.parametrize("how", ["per-file-ignores", "ignore file", "inline marker"])
def test_records_where_a_finding_could_be_suppressed(tmp_path, how):
    from dataclasses import replace

    md = tmp_path / "a.md"
    md.write_text("Dia terlihat terlihat lelah.\n\nKata kata itu disini.\n", encoding="utf-8")
    plain = check_files([str(md)], Settings(), context=False, edits=False, text_lines=True)
    assert plain.lines is not None and len(plain.lines) >= 2
    settings = Settings()
    if how == "per-file-ignores":
        settings = replace(settings, per_file_ignores=(("*.md", ("OR",)),))
    elif how == "ignore file":
        from mtfix.suppress import write_ignore_file

        write_ignore_file(tmp_path / "ignore.json", [])
        settings = replace(settings, ignore_file=str(tmp_path / "ignore.json"))
    else:
        md.write_text("Dia terlihat terlihat lelah.\n\n<!-- mtfix: ignore OR -->\n"
                      "Kata kata itu disini.\n", encoding="utf-8")
    out = check_files([str(md)], settings, context=False, edits=False, text_lines=True)
    assert out.lines is None and out.records
    assert len(out.records) + out.suppressed == len(plain.lines)
    assert out.suppressed == (0 if how == "ignore file" else 1)  # the OR finding
