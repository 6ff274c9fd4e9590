"""The post-editor stage inside `fix` and `check`: a real tiny checkpoint built here (its random
rewrites must all be rejected), and the edit path with a deterministic editor object."""

import pytest

from posteditor_util import build_tiny_t5, corpus_lines

from mtfix.engine import Linter
from mtfix.settings import Settings


@pytest.fixture
def neural_extra():
    """Skip without the extra; checked when a test runs, not at collection, so that a run
    deselecting `neural` (make test-fast) does not import torch. The deterministic-editor
    tests need no extra."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    return build_tiny_t5(tmp_path_factory.mktemp("pe"), corpus_lines()[:150], seed=0)


TEXT = "Ia tinggal disini sejak 2010.\nHarga naik lima persen.\n\nPresiden bertemu menteri.\n"


@pytest.mark.neural
def test_random_model_changes_nothing_and_reports_rejections(tiny_model):
    s = Settings(post_editor=str(tiny_model), unsafe_fixes=True)
    lin = Linter(s)
    res = lin.fix(TEXT)
    rules_only = Linter(Settings(unsafe_fixes=True)).fix(TEXT).text
    assert res.text == rules_only  # the rules still apply; the post-editor adds nothing
    assert not [a for a in res.applied if a.code == "PE001"]
    diags = lin.check(TEXT)
    rejected = [d for d in diags if d.code == "PE002"]
    assert len(rejected) == 3 and all("rejected" in d.message for d in rejected)


class _Editor:
    """A deterministic stand-in for a checkpoint whose rewrites are known, to follow the
    accepted-edit path end to end (the real model path is the test above)."""

    name, weights_hash, model_id = "fixed-rewrites", "0123456789ab", "fixed-rewrites@0123456789ab"

    def __init__(self, table):
        self.table = table

    def rewrite(self, segments):
        return [self.table.get(s, s) for s in segments]


def _linter(unsafe, table):
    lin = Linter(Settings(post_editor="(in-memory)", unsafe_fixes=unsafe))
    lin._post_editor = _Editor(table)
    return lin


def test_accepted_edits_are_unsafe_with_provenance():
    text = "Harga naik lima persen kemarin.\n"
    table = {"Harga naik lima persen kemarin.": "Harga naik lima persen, kemarin."}
    check = _linter(False, table).check(text)
    pe = [d for d in check if d.code == "PE001"]
    assert pe and pe[0].applicability.value == "unsafe"
    assert "fixed-rewrites@0123456789ab" in pe[0].message
    assert _linter(False, table).fix(text).text == text          # unsafe: not by default
    res = _linter(True, table).fix(text)
    assert res.text == "Harga naik lima persen, kemarin.\n"
    assert [a.code for a in res.applied] == ["PE001"]


def test_guard_rejects_numbers_changed():
    text = "Harga naik 5 persen.\n"
    table = {"Harga naik 5 persen.": "Harga naik 6 persen."}
    res = _linter(True, table).fix(text)
    assert res.text == text
    assert any(d.code == "PE002" for d in _linter(True, table).check(text))


@pytest.mark.neural
def test_cli_post_editor(cli, tiny_model, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = cli("check", "--post-editor", tiny_model, "--fail-on", "never", f)
    assert r.returncode == 0, r.stderr
    assert b"PE002" in r.stdout
    r = cli("fix", "--post-editor", tmp_path / "nope", f)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.neural
def test_cli_train_then_use(cli, neural_extra, tmp_path):
    """`mtfix train` end to end on a few lines with a tiny time budget: it saves a directory
    that `--post-editor` loads (an untrained model's rewrites are rejected by the guard)."""
    import json

    lines = corpus_lines()[:40]
    mt = tmp_path / "mt.txt"
    mt.write_text("\n".join(l.replace("di sini", "disini") for l in lines) + "\n", encoding="utf-8")
    pe = tmp_path / "pe.txt"
    pe.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    r = cli("train", "--mt", mt, "--pe", pe, "--out", out, "--max-minutes", "0.05")
    # three seconds of training from scratch cannot beat the MT as is: one verdict line, exit 1
    assert r.returncode == 1, r.stderr[-2000:]
    verdict = [l for l in r.err.splitlines() if l.startswith("mtfix: worse than doing nothing")]
    assert len(verdict) == 1 and "for the MT as is" in verdict[0]
    rep = json.loads(r.stdout)
    assert rep["n_train"] + rep["n_val"] == 40 and (out / "config.json").exists()
    f = tmp_path / "a.txt"
    f.write_text("Harga naik lima persen.\n", encoding="utf-8")
    r = cli("fix", "--unsafe-fixes", "--post-editor", out, f)
    assert r.returncode == 0 and r.stdout == b"Harga naik lima persen.\n"
    bad = tmp_path / "short.txt"
    bad.write_text("satu\n")
    r = cli("train", "--mt", mt, "--pe", bad, "--out", tmp_path / "m2")
    assert r.returncode == 2 and b"Traceback" not in r.stderr
