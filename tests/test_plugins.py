"""Plugin rules: installed by another package under the entry-point group ``mtfix.rules``.

Each test writes a tiny plugin (a module with a Rule subclass) and a fake ``*.dist-info``
directory (METADATA + entry_points.txt) into a temporary directory, puts it on PYTHONPATH and
runs mtfix in a subprocess, where ``importlib.metadata`` finds it as if it were installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PLUGIN = '''
import re

from mtfix.model import Applicability
from mtfix.rules import Example, Rule


class FooToBar(Rule):
    code = "XP001"
    name = "foo-instead-of-bar"
    summary = "`foo` written for `bar`"
    doc = """
    What it does
        Replaces the word ``foo`` by ``bar``.

    Fix safety
        Safe.
    """
    fix_applicability = Applicability.SAFE
    examples = (Example("ada foo di sini", "ada bar di sini"),)
    silent = ("ada food di sini", "bar")
    triggers = ("foo",)
    _re = re.compile(r"\\bfoo\\b")

    def check(self, doc):
        for m in self.scan(doc, self._re):
            yield self.replace(m.start(), m.end(), "bar", "`foo`: write `bar`")
'''


def _install(root: Path, dist: str, entry_points: str, modules: dict[str, str]) -> None:
    """A fake installed distribution: modules, and a dist-info with its entry points."""
    for name, code in modules.items():
        (root / f"{name}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = root / f"{dist}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[mtfix.rules]\n" + entry_points, encoding="utf-8")


def _mtfix(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(REPO)])
    return subprocess.run([sys.executable, "-m", "mtfix", *args], input=stdin, env=env,
                          capture_output=True, text=True, cwd=root, timeout=120)


@pytest.fixture
def plugin(tmp_path) -> Path:
    _install(tmp_path, "mtfix_xp", "xp = mtfix_xp:FooToBar\n", {"mtfix_xp": PLUGIN})
    return tmp_path


def test_plugin_rule_is_listed_checked_and_fixed(plugin):
    r = _mtfix(plugin, "rules", "--output-format", "json")
    assert r.returncode == 0, r.stderr
    rows = {row["code"]: row for row in json.loads(r.stdout)}
    assert rows["XP001"]["name"] == "foo-instead-of-bar" and "HY001" in rows
    assert r.stderr == ""

    (plugin / "in.txt").write_text("ada foo di sini\n", encoding="utf-8")
    r = _mtfix(plugin, "check", "--fail-on", "never", "in.txt")
    assert "in.txt:1:5: XP001 [warning] `foo`: write `bar`" in r.stdout, r.stdout + r.stderr

    r = _mtfix(plugin, "fix", "-q", "in.txt")
    assert r.stdout == "ada bar di sini\n", r.stderr

    # Selection by code and family, as for mtfix's own rules.
    r = _mtfix(plugin, "fix", "-q", "--select", "XP", "-", stdin="foo  foo\n")
    assert r.stdout == "bar  bar\n", r.stderr


def test_a_module_entry_point_gives_every_rule_it_defines(tmp_path):
    helper = "\n\nclass SharedBase(Rule):  # no code: a helper, not a rule\n    pass\n"
    _install(tmp_path, "mtfix_xp", "xp = mtfix_xp\n", {"mtfix_xp": PLUGIN + helper})
    r = _mtfix(tmp_path, "rules")
    assert r.returncode == 0 and "XP001" in r.stdout and r.stderr == "", r.stderr


def test_plugin_rules_pass_their_own_examples(plugin):
    """The LanguageTool-style example test runs over plugin rules too."""
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(REPO / "tests" / "test_rule_examples.py"), "-k", "XP001"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), str(REPO)])},
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:]
    assert " passed" in r.stdout and "XP001" not in r.stdout.split("passed")[-1]


BROKEN = {
    "import error": ("bad = mtfix_bad:Rule1\n", {"mtfix_bad": "import no_such_module_xq\n"},
                     "cannot be loaded (ModuleNotFoundError: No module named 'no_such_module_xq')"),
    "duplicate code": ("bad = mtfix_bad:Dup\n", {"mtfix_bad": PLUGIN.replace("FooToBar", "Dup")
                                                  .replace('"XP001"', '"HY001"')},
                       "rule code HY001 is already taken"),
    "not a rule": ("bad = mtfix_bad:thing\n", {"mtfix_bad": "thing = 42\n"},
                   "is a int, not a Rule subclass"),
    "not a subclass": ("bad = mtfix_bad:things\n", {"mtfix_bad": "things = [object]\n"},
                       "which is not a subclass of mtfix.rules.Rule"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_plugin_is_skipped_with_one_line(tmp_path, case):
    entry, modules, why = BROKEN[case]
    _install(tmp_path, "mtfix_bad", entry, modules)
    _install(tmp_path, "mtfix_xp", "xp = mtfix_xp:FooToBar\n", {"mtfix_xp": PLUGIN})
    r = _mtfix(tmp_path, "rules")
    assert r.returncode == 0
    assert "XP001" in r.stdout and "HY001" in r.stdout  # the good plugin and mtfix's own rules
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert lines[0].startswith("mtfix: warning: plugin 'bad' (mtfix_bad:"), lines[0]
    assert "from mtfix_bad 0.1) skipped: " in lines[0] and why in lines[0], lines[0]
    # The skipped plugin's own fix does not happen; mtfix's rules still work.
    r = _mtfix(tmp_path, "fix", "-q", "-", stdin="sela -sela\n")
    assert r.stdout == "sela-sela\n"


def test_help_does_not_load_plugins(tmp_path):
    _install(tmp_path, "mtfix_bad", "bad = mtfix_bad:Rule1\n",
             {"mtfix_bad": "raise SystemExit('plugin imported')\n"})
    r = _mtfix(tmp_path, "--help")
    assert r.returncode == 0 and r.stderr == "" and "Usage" in r.stdout


def test_the_group_is_looked_for_where_importlib_metadata_finds_it(tmp_path, monkeypatch):
    """The registry asks importlib.metadata for plugins only when an ``entry_points.txt``
    on sys.path names the group, or a path entry is no folder (a zip): with none, it is not
    even imported (a run without plugins, 25-30 ms)."""
    from importlib.machinery import PathFinder

    from mtfix.rules import _group_may_be_declared

    try:  # (imported before sys.meta_path is replaced: it adds its finder on import)
        from importlib_metadata import MetadataPathFinder
    except ImportError:
        MetadataPathFinder = None

    class Finder:  # another importer that lists distributions
        @staticmethod
        def find_spec(name, path=None, target=None):
            return None

        @staticmethod
        def find_distributions(context=None):
            return iter(())

    # the finders of a plain interpreter (the suite's other tests import dask, whose
    # importlib_metadata adds its own path finder: passed over as well, see below)
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path
                                           if not hasattr(f, "find_distributions")
                                           or f is PathFinder])
    _install(tmp_path, "other", "", {})
    (tmp_path / "other-0.1.dist-info" / "entry_points.txt").write_text(
        "[console_scripts]\nother = other:main\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "missing")])
    assert not _group_may_be_declared()
    plugin = tmp_path / "plugged"
    plugin.mkdir()
    _install(plugin, "plugged", "foo = fooplugin\n", {})
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(plugin)])
    assert _group_may_be_declared()
    archive = tmp_path / "rules.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(archive)])
    assert _group_may_be_declared()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert not _group_may_be_declared()
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert _group_may_be_declared()
    if MetadataPathFinder is not None:  # the backport's reads sys.path as PathFinder does
        monkeypatch.setattr(sys, "meta_path", [*sys.meta_path[:-1], MetadataPathFinder()])
        assert not _group_may_be_declared()
    out = subprocess.run([sys.executable, "-c", "import sys; from mtfix.rules import REGISTRY; "
                          "print(len(REGISTRY), 'importlib.metadata' in sys.modules)"],
                         capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.split()[1] == "False", out.stdout
