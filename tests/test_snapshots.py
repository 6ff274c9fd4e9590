"""Snapshots of every output format on the seed article: text and JSON diagnostics, the diff,
and the rule list. Regenerate after an intended change with MTFIX_UPDATE_SNAPSHOTS=1 and read
the diff before committing it."""

import os
from pathlib import Path

import pytest

SNAP = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("MTFIX_UPDATE_SNAPSHOTS") == "1"

CASES = {
    "check_text.txt": ["check", "--mode", "article", "fixtures/seed_article.txt"],
    "check_json.json": ["check", "--mode", "article", "--output-format", "json",
                        "fixtures/seed_article.txt"],
    "check_github.txt": ["check", "--mode", "article", "--output-format", "github",
                         "fixtures/seed_article.txt"],
    "check_junit.xml": ["check", "--mode", "article", "--output-format", "junit",
                        "fixtures/seed_article.txt"],
    "fix_diff.diff": ["fix", "--mode", "article", "--diff", "-q", "fixtures/seed_article.txt"],
    "rules.txt": ["rules"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(cli, name):
    r = cli(*CASES[name], cwd=Path(__file__).parent)
    assert r.returncode in (0, 1), r.stderr
    path = SNAP / name
    if UPDATE:
        path.write_bytes(r.stdout)
    assert r.stdout.decode() == path.read_text(encoding="utf-8")
