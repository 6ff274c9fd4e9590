"""CI output formats for `mtfix check`: GitHub annotations, JUnit XML, JSON, SARIF."""

import json
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from mtfix.reporting.check_formats import (locate_fix, render, render_github, render_json,
                                           render_junit, render_sarif)


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
      <failure type="warning" message="1 diagnostic(s): WS001">docs/a.txt:2:5: warning WS001 several spaces between words
</failure>
      <system-out>docs/a.txt:3:1: info OR003 write `Anda`
</system-out>
    </testcase>
    <testcase name="b.id" classname="mtfix">
      <failure type="error" message="1 diagnostic(s): GL003">b.id:1:7: error GL003 number 5 missing
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
    failure = info.findall("testcase")[0].find("failure")
    assert "OR003" in failure.text and failure.get("type") == "warning"  # the worst of them


def test_junit_escapes_and_drops_what_xml_cannot_hold():
    rec = _rec('a&<"b">.txt', 1, 1, "WS006", "entity", "`&amp;` <br> \x01\x0b ]]> é")
    out = render_junit([rec], [])
    root = ET.fromstring(out)  # parses
    case = root.find("testsuite/testcase")
    assert case.get("name") == 'a&<"b">.txt'
    assert case.find("failure").text == (
        'a&<"b">.txt:1:1: warning WS006 `&amp;` <br> \ufffd\ufffd ]]> é\n')
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
    assert render("sarif", RECORDS, FILES) == render_sarif(RECORDS, FILES)
    with pytest.raises(ValueError, match="unknown output format"):
        render("xml", RECORDS, FILES)


def test_pre_commit_hooks_file():
    from pathlib import Path

    yaml = pytest.importorskip("yaml")

    import re

    from mtfix.formats.registry import detect

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert len(by_id) == len(hooks)
    assert by_id["mtfix-check"]["entry"] == "mtfix check"
    assert by_id["mtfix-fix"]["entry"] == "mtfix fix --in-place"
    assert by_id["mtfix-check-article"]["entry"] == "mtfix check --mode article"
    for h in hooks:
        assert h["language"] == "python" and h["types"] == ["text"]
        assert h["entry"].split()[:2] in (["mtfix", "check"], ["mtfix", "fix"])
        if h["entry"].startswith("mtfix fix"):
            assert "--in-place" in h["entry"]
        # --mode article only where it changes something: plain text
        if "--mode article" in h["entry"]:
            assert h["files"] == r"\.(txt|id)$"
    # each hook's files are of the format it is named for
    expect = {"mtfix-check": ("a.txt", "text"), "mtfix-check-po": ("locale/id.po", "po"),
              "mtfix-check-xliff": ("x/a.xliff", "xliff"), "mtfix-check-tmx": ("m.tmx", "tmx"),
              "mtfix-check-markup": ("post.md", "markdown")}
    for hid, (name, fmt) in expect.items():
        assert re.search(by_id[hid]["files"], name)
        assert detect(name, b"x").name == fmt
    assert re.search(by_id["mtfix-check-markup"]["files"], "a.html")
    assert re.search(by_id["mtfix-check-xliff"]["files"], "a.xlf")
    assert not re.search(by_id["mtfix-check-po"]["files"], "a.pot")
    for h in hooks:  # no hook takes another format's files
        for other in ("a.txt", "a.po", "a.xlf", "a.tmx", "a.md", "a.html"):
            if re.search(h["files"], other):
                assert other.rsplit(".", 1)[1] in h["files"]


# -- SARIF -------------------------------------------------------------------------------------

SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"


def _validate_sarif(text: str) -> dict:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(text)
    # The schema declares draft-04; validate with the validator it names.
    validator = jsonschema.validators.validator_for(schema)
    assert validator is jsonschema.Draft4Validator
    validator.check_schema(schema)
    validator(schema).validate(log)
    return log


def test_sarif_of_the_records():
    log = _validate_sarif(render_sarif(RECORDS, FILES))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtfix" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == ["GL003", "OR003", "WS001"]
    by_id = {r["id"]: r for r in driver["rules"]}
    assert by_id["GL003"]["defaultConfiguration"]["level"] == "error"
    assert by_id["OR003"]["defaultConfiguration"]["level"] == "note"
    assert by_id["WS001"]["name"] == "multiple-spaces"
    assert by_id["WS001"]["shortDescription"]["text"] == "Run of spaces between words"
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("WS001", "warning"), ("OR003", "note"), ("GL003", "error")]
    res = run["results"][0]
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "WS001"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/a.txt", "index": 0}
    assert loc["region"] == {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 7,
                             "snippet": {"text": "  "}}
    assert "fixes" not in res  # its edits carry no file locations
    from mtfix.suppress import record_fingerprint

    assert res["partialFingerprints"] == {"mtfix/v1": record_fingerprint(RECORDS[0])}
    assert [a["location"]["uri"] for a in run["artifacts"]] == FILES
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_uris_and_units():
    recs = [_rec("dir with space/ä.po", 4, 1, "XX001", "plugin-gone", "m", "warning", "w"),
            _rec("/abs/a.txt", 1, 1, "WS001", "multiple-spaces", "m", text="a\nb")]
    recs[0].update(unit=3, unit_id="msg.hello")
    log = _validate_sarif(render_sarif(recs, []))
    run = log["runs"][0]
    first, second = (r["locations"][0] for r in run["results"])
    assert first["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/%C3%A4.po"
    assert first["logicalLocations"] == [{"name": "msg.hello", "kind": "translationUnit"}]
    assert second["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/a.txt"
    assert "endLine" not in second["physicalLocation"]["region"]  # a span over a line break
    assert run["tool"]["driver"]["rules"][1] == {"id": "XX001",
                                                 "defaultConfiguration": {"level": "warning"}}
    assert _validate_sarif(render_sarif([], []))["runs"][0]["results"] == []


def test_sarif_of_a_real_check_run_validates(cli, fixtures, tmp_path):
    """`mtfix check` records of the seed article (plus a bilingual PO file), as SARIF, with
    fixes located in the file: valid against the bundled SARIF 2.1.0 schema."""
    article = fixtures / "seed_article.txt"
    r = cli("check", "--mode", "article", "--output-format", "json", str(article))
    assert r.returncode == 1, r.err
    records = json.loads(r.out)
    assert {"error", "warning", "info"} <= {rec["severity"] for rec in records}
    text = article.read_text(encoding="utf-8")
    for rec in records:
        locate_fix(rec, text)
    log = _validate_sarif(render_sarif(records, [str(article)]))
    results = log["runs"][0]["results"]
    assert len(results) == len(records)
    fixed = [res for res in results if "fixes" in res]
    assert fixed
    lines = text.split("\n")
    for res in fixed:
        for change in res["fixes"][0]["artifactChanges"]:
            for rep in change["replacements"]:
                reg = rep["deletedRegion"]
                if reg["startLine"] == reg["endLine"]:
                    line = lines[reg["startLine"] - 1]
                    deleted = line[reg["startColumn"] - 1:reg["endColumn"] - 1]
                    # the region is where the flagged text is
                    assert deleted in res["locations"][0]["physicalLocation"]["region"].get(
                        "snippet", {}).get("text", deleted) or deleted == ""
    # every result's snippet is the file's text at its region
    for res in results:
        reg = res["locations"][0]["physicalLocation"]["region"]
        if "endColumn" in reg:
            line = lines[reg["startLine"] - 1]
            assert line[reg["startColumn"] - 1:reg["endColumn"] - 1] == reg["snippet"]["text"]


def test_locate_fix_with_the_units_line_starts_given():
    """A caller locating many records of one unit hands over its line starts (each call
    worked them out again: a 100 KB text with 40,000 findings took 70 s as SARIF): the same
    locations as without."""
    import copy

    from mtfix.text import line_starts

    text = "x  x\nDia pergi disini.\r\nlagi  lagi\n"
    recs = [{"fix": {"edits": [{"start": s, "end": e, "content": ""}]}}
            for s, e in ((1, 3), (15, 21), (24, 26), (0, 0), (len(text), len(text)))]
    given = [locate_fix(copy.deepcopy(r), text, 3, 2, starts=line_starts(text)) for r in recs]
    assert given == [locate_fix(copy.deepcopy(r), text, 3, 2) for r in recs]
    assert given[2]["fix"]["edits"][0]["line"] == 5
