"""CI output formats for `mtfix check`: GitHub Actions annotations, JUnit XML, JSON.

Every renderer takes the check records the CLI builds (dicts with path, line, column, code,
name, message, severity, text, fix) and returns the whole output as one string.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Iterable, Mapping, Sequence

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
FORMATS = ("github", "junit", "json")


# -- GitHub Actions workflow commands ----------------------------------------------------------

def _gh_data(s: str) -> str:
    """Escape a command's message, as actions/toolkit's ``escapeData`` does."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    """Escape a property value, as actions/toolkit's ``escapeProperty`` does."""
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(records: Iterable[Mapping]) -> str:
    """One ``::warning file=…,line=…,col=…,title=CODE::CODE message`` line per diagnostic
    (error → ``::error``, warning → ``::warning``, info → ``::notice``)."""
    out = []
    for r in records:
        level = _GITHUB_LEVEL.get(r.get("severity", "warning"), "warning")
        code = str(r["code"])
        props = (f"file={_gh_prop(str(r['path']))},line={int(r['line'])},"
                 f"col={int(r['column'])},title={_gh_prop(code)}")
        out.append(f"::{level} {props}::{_gh_data(code + ' ' + str(r['message']))}\n")
    return "".join(out)


# -- JUnit XML ---------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all, even escaped.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _x(s: object) -> str:
    return _XML_BAD.sub("\ufffd", str(s))


def _line(r: Mapping) -> str:
    return f"{r['path']}:{r['line']}:{r['column']}: {r['code']} {r['message']}"


def render_junit(records: Iterable[Mapping], files: Sequence[str],
                 threshold: str | None = "warning") -> str:
    """A ``<testsuites>`` with one ``<testsuite name="mtfix">`` and one ``<testcase>`` per checked
    file (``files``, in order; a path only in ``records`` is added after them). A file with
    diagnostics at or above ``threshold`` (info/warning/error; None or "never": none fail)
    gets one ``<failure>`` listing them, one per line; milder ones go to ``<system-out>``.
    """
    limit = (None if threshold in (None, "never") else SEVERITY_RANK[threshold])
    by_file: dict[str, list[Mapping]] = {str(f): [] for f in files}
    for r in records:
        by_file.setdefault(str(r["path"]), []).append(r)
    n_fail = 0
    suites = ET.Element("testsuites", name="mtfix")
    suite = ET.SubElement(suites, "testsuite", name="mtfix")
    for path, recs in by_file.items():
        case = ET.SubElement(suite, "testcase", name=_x(path), classname="mtfix")
        failing, milder = [], []
        for r in recs:
            rank = SEVERITY_RANK.get(r.get("severity", "warning"), 1)
            (failing if limit is not None and rank >= limit else milder).append(r)
        if failing:
            n_fail += 1
            codes = sorted({str(r["code"]) for r in failing})
            fail = ET.SubElement(case, "failure", type="mtfix",
                                 message=_x(f"{len(failing)} diagnostic(s): {', '.join(codes)}"))
            fail.text = _x("".join(_line(r) + "\n" for r in failing))
        if milder:
            ET.SubElement(case, "system-out").text = _x("".join(_line(r) + "\n" for r in milder))
    for el in (suites, suite):
        el.set("tests", str(len(by_file)))
        el.set("failures", str(n_fail))
        el.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# -- JSON --------------------------------------------------------------------------------------

def render_json(records: Iterable[Mapping]) -> str:
    """The records as one JSON array (as `mtfix check --output-format json` prints it)."""
    return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"


def render(fmt: str, records: Sequence[Mapping], files: Sequence[str],
           threshold: str | None = "warning") -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "github":
        return render_github(records)
    if fmt == "junit":
        return render_junit(records, files, threshold)
    if fmt == "json":
        return render_json(records)
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
