"""Severities: each rule's default, overrides from [tool.mtfix.severity] and --severity, applied
in one place (Linter.check); and the other CI settings (exclude, per-file-ignores, ignore-file)."""

from pathlib import Path

import pytest

from mtfix.engine import Linter
from mtfix.model import Diagnostic, Severity
from mtfix.rules import RULE_CLASSES
from mtfix.rules.table import SEVERITY_REASONS, render_severities
from mtfix.settings import (Settings, apply_severity, ci_settings, codes_ignored_for,
                            find_config, is_excluded, parse_severity_option, path_matches,
                            severity_for)
from mtfix.textio import InputError


def test_every_rule_has_a_severity_and_a_reason():
    for cls in RULE_CLASSES:
        assert isinstance(cls.severity, Severity), cls.code
        assert SEVERITY_REASONS.get(cls.code), f"{cls.code} has no severity reason"
    assert set(SEVERITY_REASONS) == {c.code for c in RULE_CLASSES}
    table = render_severities()
    assert table.index("| error | GL003 |") < table.index("| warning |") < table.index("| info |")


def test_reader_facing_defaults():
    sev = {c.code: c.severity.value for c in RULE_CLASSES}
    for code in ("GL001", "GL002", "GL003", "GL004", "GL005", "NU001"):
        assert sev[code] == "error"
    for code in ("DW001", "HY001", "OR002", "QU001", "KB001"):
        assert sev[code] == "warning"
    for code in ("WS001", "OR003", "RG001", "EN001"):
        assert sev[code] == "info"


def test_a_string_severity_is_normalised_and_a_bad_one_fails():
    from mtfix.rules.base import Rule

    class R(Rule):
        code, name, summary, doc = "XX001", "x", "x", "x"
        severity = "error"

    assert R.severity is Severity.ERROR
    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        class Bad(Rule):
            severity = "fatal"


def test_most_specific_override_wins():
    ov = (("GL", "warning"), ("GL003", "info"), ("ALL", "error"), ("doubled-word", "info"))
    assert severity_for("GL003", "error", ov) is Severity.INFO      # code over prefix
    assert severity_for("GL001", "error", ov) is Severity.WARNING   # prefix over ALL
    assert severity_for("WS001", "info", ov) is Severity.ERROR      # ALL
    assert severity_for("DW001", "warning", ov) is Severity.INFO    # name = code
    assert severity_for("WS001", "info", ()) is Severity.INFO
    # among equally specific ones the later (the CLI's, after the config's) wins
    assert severity_for("WS001", "info", (("WS001", "error"), ("WS001", "warning"))) \
        is Severity.WARNING
    assert severity_for("WS001", "info", (("WS", "error"), ("WS0", "warning"))) \
        is Severity.WARNING


def test_overrides_apply_in_linter_check():
    text = "kata  itu dan dan ini.\n"
    plain = {d.code: d.severity for d in Linter().check(text)}
    assert plain == {"WS001": Severity.INFO, "DW001": Severity.WARNING}
    s = Settings(severity=(("WS", "error"), ("DW001", "info")))
    got = {d.code: d.severity for d in Linter(s).check(text)}
    assert got == {"WS001": Severity.ERROR, "DW001": Severity.INFO}
    hash(s)  # settings stay a dict key


def test_apply_severity_keeps_untouched_diagnostics():
    d = Diagnostic("WS001", "m", 0, 1, Severity.INFO)
    assert apply_severity([d], Settings())[0] is d
    assert apply_severity([d], Settings(severity=(("OR", "error"),)))[0] is d
    assert apply_severity([d], Settings(severity=(("WS", "error"),)))[0].severity is Severity.ERROR


def test_parse_severity_option():
    assert parse_severity_option(["GL=error,WS001=Info", "doubled-word=warning"]) == (
        ("GL", "error"), ("WS001", "info"), ("doubled-word", "warning"))
    assert parse_severity_option(None) == ()
    with pytest.raises(InputError, match="'GL003'.*expected CODE=LEVEL"):
        parse_severity_option(["GL003"])
    with pytest.raises(InputError, match="'XX999=error'.*no rule matches 'XX999'"):
        parse_severity_option(["XX999=error"])
    with pytest.raises(InputError, match="'GL003=fatal'.*unknown severity 'fatal'"):
        parse_severity_option(["GL003=fatal"])


def _config(tmp_path, body: str):
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    return find_config(tmp_path)


def test_config_keys_validate(tmp_path):
    path, cfg = _config(tmp_path, """\
[tool.mtfix]
exclude = ["vendor", "docs/old/**"]
ignore-file = ".mtfix-ignore.json"

[tool.mtfix.severity]
GL = "error"
WS001 = "warning"

[tool.mtfix.per-file-ignores]
"legacy/*.po" = ["WS", "DW001"]
""")
    extra = ci_settings(path, cfg, severity=["GL002=warning"], exclude=["*.tmp.txt"])
    s = Settings(**extra)
    assert s.severity == (("GL", "error"), ("WS001", "warning"), ("GL002", "warning"))
    assert s.exclude == ("vendor", "docs/old/**", "*.tmp.txt")
    assert s.ignore_file == str(tmp_path.resolve() / ".mtfix-ignore.json")
    root = tmp_path.resolve()
    assert is_excluded(root / "vendor/x/a.po", s)
    assert is_excluded(root / "docs/old/2019/a.md", s)
    assert is_excluded(root / "notes.tmp.txt", s)
    assert not is_excluded(root / "docs/new/a.md", s)
    ignored = codes_ignored_for(root / "legacy/app.po", s)
    assert "DW001" in ignored and "WS001" in ignored and "WS008" in ignored
    assert "GL003" not in ignored
    assert codes_ignored_for(root / "legacy/sub/app.po", s) == frozenset()
    # --ignore-file on the command line is relative to the working directory
    assert ci_settings(path, cfg, ignore_file="x.json")["ignore_file"] == str(Path("x.json").resolve())


@pytest.mark.parametrize("body, match", [
    ('[tool.mtfix.severity]\nXX999 = "error"\n', r"`severity.XX999`: no rule matches 'XX999'"),
    ('[tool.mtfix.severity]\nGL003 = "fatal"\n', r"`severity.GL003`: unknown severity 'fatal'"),
    ('[tool.mtfix.severity]\nGL003 = 2\n', r"`severity.GL003`: unknown severity 2"),
    ('[tool.mtfix]\nseverity = "error"\n', r"`severity` must be a table"),
    ('[tool.mtfix]\nexclude = "vendor"\n', r"`exclude` must be a list of strings"),
    ('[tool.mtfix]\nexclude = ["a[b"]\n', r"`exclude`: bad path glob 'a\[b'"),
    ('[tool.mtfix.per-file-ignores]\n"*.po" = "WS"\n',
     r'`per-file-ignores."\*.po"` must be a list of rule codes'),
    ('[tool.mtfix.per-file-ignores]\n"*.po" = ["QQ"]\n',
     r'`per-file-ignores."\*.po"`: no rule matches \'QQ\''),
    ('[tool.mtfix]\nignore-file = 3\n', r"`ignore-file` must be a path"),
])
def test_config_errors_name_the_key(tmp_path, body, match):
    with pytest.raises(InputError, match=match):
        _config(tmp_path, body)


@pytest.mark.parametrize("glob, path, ok", [
    ("*.po", "a/b/x.po", True),
    ("*.po", "x.pot", False),
    ("vendor", "vendor/x/a.po", True),
    ("vendor", "src/vendor/a.po", True),
    ("docs/*.md", "docs/a.md", True),
    ("docs/*.md", "docs/x/a.md", False),
    ("docs/**/*.md", "docs/a.md", True),
    ("docs/**/*.md", "docs/x/y/a.md", True),
    ("./docs/", "docs/a.md", True),
    ("locale/[a-c]?/*.po", "locale/id/x.po", False),
    ("locale/[a-c]?/*.po", "locale/bd/x.po", True),
])
def test_path_globs(glob, path, ok, tmp_path):
    assert path_matches(path, glob, str(tmp_path)) is ok
