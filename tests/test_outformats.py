"""CI output formats for `mtfix check`: GitHub annotations, JUnit XML, JSON."""

import json
import xml.etree.ElementTree as ET

import pytest

from mtfix.reporting.check_formats import render, render_github, render_json, render_junit


def _rec(path, line, col, code, name, message, severity="warning", text="x", fix=None):
    return {"path": path, "line": line, "column": col, "code": code, "name": name,
            "message": message, "severity": severity, "text": text, "fix": fix}


RECORDS = [
    _rec("docs/a.txt", 2, 5, "WS001", "multiple-spaces", "several spaces between words",
         text="  ", fix={"applicability": "safe",
                         "edits": [{"start": 12, "end": 14, "content": " "}]}),
    _rec("docs/a.txt", 3, 1, "OR003", "lowercase-anda", "write `Anda`", "info", "anda"),
    _rec("b.id", 1, 7, "GL003", "number-mismatch", "number 5 missing", "error", "lima"),
]
FILES = ["docs/a.txt", "b.id", "clean.txt"]

GITHUB = (
    "::warning file=docs/a.txt,line=2,col=5,title=WS001::WS001 several spaces between words\n"
    "::notice file=docs/a.txt,line=3,col=1,title=OR003::OR003 write `Anda`\n"
    "::error file=b.id,line=1,col=7,title=GL003::GL003 number 5 missing\n"
)

JUNIT = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mtfix" tests="3" failures="2" errors="0">
  <testsuite name="mtfix" tests="3" failures="2" errors="0" skipped="0">
    <testcase name="docs/a.txt" classname="mtfix">
      <failure type="mtfix" message="1 diagnostic(s): WS001">docs/a.txt:2:5: WS001 several spaces between words
</failure>
      <system-out>docs/a.txt:3:1: OR003 write `Anda`
</system-out>
    </testcase>
    <testcase name="b.id" classname="mtfix">
      <failure type="mtfix" message="1 diagnostic(s): GL003">b.id:1:7: GL003 number 5 missing
</failure>
    </testcase>
    <testcase name="clean.txt" classname="mtfix" />
  </testsuite>
</testsuites>
"""


def test_github_snapshot():
    assert render_github(RECORDS) == GITHUB
    assert render_github([]) == ""


def test_github_escaping():
    rec = _rec("dir,x/a:b%.txt", 1, 2, "QU001", "q", 'kata "x"\r\n50% :: a,b')
    assert render_github([rec]) == (
        "::warning file=dir%2Cx/a%3Ab%25.txt,line=1,col=2,title=QU001::"
        'QU001 kata "x"%0D%0A50%25 :: a,b\n')


def test_junit_snapshot():
    assert render_junit(RECORDS, FILES) == JUNIT


def test_junit_parses_with_the_right_counts():
    root = ET.fromstring(render_junit(RECORDS, FILES))
    suite = root.find("testsuite")
    assert suite.get("name") == "mtfix"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == FILES
    assert [c.find("failure") is not None for c in cases] == [True, True, False]

    # threshold error: only b.id fails; never: nothing fails, all diagnostics in system-out
    err = ET.fromstring(render_junit(RECORDS, FILES, threshold="error")).find("testsuite")
    assert err.get("failures") == "1"
    assert "WS001" in err.findall("testcase")[0].find("system-out").text
    never = ET.fromstring(render_junit(RECORDS, FILES, threshold=None)).find("testsuite")
    assert never.get("failures") == "0" and never.find(".//failure") is None
    info = ET.fromstring(render_junit(RECORDS, FILES, threshold="info")).find("testsuite")
    assert "OR003" in info.findall("testcase")[0].find("failure").text


def test_junit_escapes_and_drops_what_xml_cannot_hold():
    rec = _rec('a&<"b">.txt', 1, 1, "WS006", "entity", "`&amp;` <br> \x01\x0b ]]> é")
    out = render_junit([rec], [])
    root = ET.fromstring(out)  # parses
    case = root.find("testsuite/testcase")
    assert case.get("name") == 'a&<"b">.txt'
    assert case.find("failure").text == 'a&<"b">.txt:1:1: WS006 `&amp;` <br> \ufffd\ufffd ]]> é\n'
    assert render_junit([], []).count("<testcase") == 0


def test_json_round_trips():
    out = render_json(RECORDS)
    assert json.loads(out) == RECORDS
    assert out.startswith('[\n  {\n    "path": "docs/a.txt",')
    assert render_json([]) == "[]\n"


def test_render_dispatch():
    assert render("github", RECORDS, FILES) == GITHUB
    assert render("junit", RECORDS, FILES) == JUNIT
    assert render("json", RECORDS, FILES) == render_json(RECORDS)
    with pytest.raises(ValueError, match="unknown output format"):
        render("sarif", RECORDS, FILES)


def test_pre_commit_hooks_file():
    from pathlib import Path

    yaml = pytest.importorskip("yaml")

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["mtfix-check"]["entry"] == "mtfix check"
    assert by_id["mtfix-fix"]["entry"] == "mtfix fix --in-place"
    for h in hooks:
        assert h["language"] == "python" and h["types"] == ["text"]
        assert h["files"] == r"\.(txt|id)$"
