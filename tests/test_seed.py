"""The seed article: the repair a newsroom editor expects, written by hand in fixtures/."""

from mtfix.engine import Linter
from mtfix.settings import Settings


def test_seed_article_repair(fixtures):
    bad = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    expected = (fixtures / "seed_article.expected.txt").read_text(encoding="utf-8")
    res = Linter(Settings(mode="article")).fix(bad)
    assert res.text == expected
    assert not res.capped
    assert sorted({a.code for a in res.applied}) == ["BP001", "DW001", "GL001", "HY001"]


def test_seed_check_reports_key(fixtures):
    text = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    diags = Linter(Settings(mode="article")).check(text)
    en = [text[d.start:d.end] for d in diags if d.code == "EN001"]
    assert "Key" in en


def test_seed_lines_mode_keeps_every_line(fixtures):
    bad = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    res = Linter(Settings(mode="lines")).fix(bad)
    assert res.text.count("\n") == bad.count("\n")
    assert "Source link" in res.text  # boilerplate is only reported in lines mode
    assert "antar-jemput" in res.text and "liberal liberal" not in res.text
