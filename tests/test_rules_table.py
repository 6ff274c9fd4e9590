"""The README's rule table is generated from the rules: a stale table fails the suite."""

from pathlib import Path

import pytest

from mtfix.rules import RULE_CLASSES
from mtfix.rules import table

README = Path(__file__).resolve().parents[1] / "README.md"


def _block(text: str) -> str:
    return text.split(table.START + "\n", 1)[1].split(table.END, 1)[0]


def test_readme_rule_table_is_current():
    assert _block(README.read_text(encoding="utf-8")) == table.render(), (
        f"README.md's rule table is stale: regenerate it with `{table.REGENERATE}`")


def test_every_rule_has_a_row():
    rendered = table.render()
    for cls in RULE_CLASSES:
        assert f"| {cls.code} | {cls.name} |" in rendered


def test_check_mode_catches_a_stale_table(tmp_path, capsys):
    text = README.read_text(encoding="utf-8")
    stale = tmp_path / "README.md"
    stale.write_text(text.replace(table.render(), table.render().replace("| HY001", "| HY009")),
                     encoding="utf-8")
    assert table.main([str(stale), "--check"]) == 1
    assert table.REGENERATE in capsys.readouterr().err
    assert table.main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == text
    assert table.main([str(stale), "--check"]) == 0


def test_markers_are_required():
    with pytest.raises(ValueError, match="rules-table:start"):
        table.replace_block("no table here", table.render())
