"""CAT-tool friendliness of `mtfix fix`: units an editor signed off are left alone
(--skip-state), and the units mtfix changed are marked for review (--mark-changed), spliced
into the file: every other byte stays as plain `fix` writes it."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def _fix(cli, tmp_path, name, *opts) -> bytes:
    out = tmp_path / ("out-" + "-".join(o.replace(",", "_") for o in opts) + "-" + name)
    r = cli("fix", "-q", FORMATS / name, "-o", out, *opts)
    assert r.returncode == 0, r.err
    return out.read_bytes()


def _unstate(line: str) -> str:
    return re.sub(r'\sstate="[^"]*"', "", line)


@pytest.mark.parametrize("name,changed_state,tag", [
    ("l10n_sample.xlf", "needs-review-translation", "<target"),   # XLIFF 1.2: <target state>
    ("l10n_sample2.xlf", "translated", "<segment"),               # XLIFF 2.0: <segment state>
])
def test_xliff_mark_changed_sets_the_state(cli, tmp_path, name, changed_state, tag):
    plain = _fix(cli, tmp_path, name).decode("utf-8").split("\n")
    marked = _fix(cli, tmp_path, name, "--mark-changed", "comment").decode("utf-8").split("\n")
    assert _fix(cli, tmp_path, name, "--mark-changed", "fuzzy") == "\n".join(marked).encode()
    assert len(plain) == len(marked)
    differ = [(p, m) for p, m in zip(plain, marked) if p != m]
    assert differ
    for p, m in differ:  # only the state attribute of a start tag changed
        assert m.lstrip().startswith(tag) and f'state="{changed_state}"' in m
        assert _unstate(p) == _unstate(m)
    # every changed unit is marked: as many marks as units fix changed
    edits = tmp_path / "e.jsonl"
    assert cli("fix", "-q", FORMATS / name, "-o", tmp_path / "x", "--edits", edits).returncode == 0
    units = {json.loads(x)["unit"] for x in edits.read_text(encoding="utf-8").splitlines()
             if json.loads(x)["status"] == "applied"}
    n_marked = sum(f'state="{changed_state}"' in m for m in marked)
    n_before = sum(f'state="{changed_state}"' in p for p in plain)
    assert n_before < n_marked <= n_before + len(units)


def test_po_mark_changed_fuzzy_and_comment(cli, tmp_path):
    name = "l10n_sample.po"
    plain = _fix(cli, tmp_path, name).decode("utf-8").split("\n")
    fuzzy = _fix(cli, tmp_path, name, "--mark-changed", "fuzzy").decode("utf-8").split("\n")
    comment = _fix(cli, tmp_path, name, "--mark-changed", "comment").decode("utf-8").split("\n")
    # fuzzy: a "#, fuzzy" line added, or fuzzy added to the entry's flags; nothing else
    # (the entry that was fuzzy already stays as it was)
    marks = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, plain, fuzzy, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "insert":
            assert fuzzy[j1:j2] == ["#, fuzzy"] * (j2 - j1)
        else:
            assert op == "replace" and [x + ", fuzzy" for x in plain[i1:i2]] == fuzzy[j1:j2]
        marks += j2 - j1
    assert marks == 4  # OR001, HY001 (plural), OR001, QU001; DW001's entry was fuzzy already
    # comment: a translator comment naming the rules, before the entry; nothing else
    notes = [x for x in comment if x.startswith("# mtfix: ")]
    assert notes == ["# mtfix: OR001", "# mtfix: HY001", "# mtfix: DW001", "# mtfix: OR001",
                     "# mtfix: QU001"]
    assert [x for x in comment if not x.startswith("# mtfix: ")] == plain


def test_skip_state_leaves_signed_off_units_alone(cli, tmp_path):
    name = "l10n_sample.xlf"
    src = (FORMATS / name).read_text(encoding="utf-8").split("\n")
    out = _fix(cli, tmp_path, name, "--skip-state", "translated,final").decode().split("\n")
    for before, after in zip(src, out):
        if 'state="translated"' in before:
            assert after == before  # signed off: untouched
    assert out != src  # the others were repaired
    assert any("sela-sela folder &amp; drive" in x for x in out)
    # no findings for skipped units in --edits / --report
    edits = tmp_path / "e.jsonl"
    r = cli("fix", "-q", FORMATS / name, "-o", tmp_path / "x.xlf", "--skip-state", "translated",
            "--edits", edits)
    assert r.returncode == 0, r.err
    ids = {json.loads(x)["unit_id"] for x in edits.read_text(encoding="utf-8").splitlines()}
    assert ids and ids <= {"folders", "bold"}
    # PO: fuzzy entries (raw MT) only
    po = _fix(cli, tmp_path, "l10n_sample.po", "--skip-state", "translated").decode()
    src_po = (FORMATS / "l10n_sample.po").read_text(encoding="utf-8")
    assert "Kebijakan liberal diaktifkan." in po and "Klik disini untuk memulai." in po
    assert len(po.split("\n")) == len(src_po.split("\n"))
    assert _fix(cli, tmp_path, "l10n_sample.po", "--skip-state", "translated,fuzzy") == \
        (FORMATS / "l10n_sample.po").read_bytes()


def test_mark_changed_leaves_other_formats_as_they_are(cli, tmp_path):
    for name in ("l10n_sample.tmx", "tab_segments.jsonl", "seed_article.md"):
        assert _fix(cli, tmp_path, name, "--mark-changed", "fuzzy") == _fix(cli, tmp_path, name)
