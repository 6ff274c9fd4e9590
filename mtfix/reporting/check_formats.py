"""CI output formats for `mtfix check`: GitHub Actions annotations, JUnit XML, JSON, SARIF.

Every renderer takes the check records the CLI builds (dicts with path, line, column, code,
name, message, severity, text, fix; optionally end_line/end_column, unit, unit_id) and returns
the whole output as one string. Every format carries the severity: GitHub as ``::error`` /
``::warning`` / ``::notice``, JUnit as the failure's ``type`` and each line's level, SARIF as
``level`` (``error`` / ``warning`` / ``note``).
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from typing import Iterable, Mapping, Sequence

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
FORMATS = ("github", "junit", "json", "sarif")


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
    return (f"{r['path']}:{r['line']}:{r['column']}: {r.get('severity', 'warning')} "
            f"{r['code']} {r['message']}")


def render_junit(records: Iterable[Mapping], files: Sequence[str],
                 threshold: str | None = "warning") -> str:
    """A ``<testsuites>`` with one ``<testsuite name="mtfix">`` and one ``<testcase>`` per checked
    file (``files``, in order; a path only in ``records`` is added after them). A file with
    diagnostics at or above ``threshold`` (info/warning/error; None or "never": none fail)
    gets one ``<failure>`` listing them, one per line, whose ``type`` is the most severe
    level among them (``error``, ``warning`` or ``info``); milder ones go to ``<system-out>``.
    Each line reads ``path:line:col: LEVEL CODE message``.
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
            worst = max((r.get("severity", "warning") for r in failing),
                        key=lambda s: SEVERITY_RANK.get(s, 1))
            fail = ET.SubElement(case, "failure", type=worst,
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


def write_json(value, out, batch: int = 1 << 16, stream_depth: int = 1) -> None:
    """``json.dumps(value, ensure_ascii=False, indent=2) + "\\n"`` written to ``out`` piece by
    piece: the same bytes, without one string of everything (368 MB for 250,000 findings).
    ``value``: the records (as :func:`render_json` prints them) or a SARIF log. Containers
    less than ``stream_depth`` levels deep are written element by element (a SARIF log's
    results are 4 deep: log, runs, run, results); each element, where it is made of plain
    values (dicts with str keys, lists, str, int, float, bool, None: every check record and
    SARIF result), by :func:`_plain_json`, the rest by json's own encoder."""
    if not isinstance(value, (list, dict)):
        value = list(value)
    pending: list[str] = []
    size = 0
    for chunk in _stream_json(value, 0, max(1, stream_depth), {}, {}):
        pending.append(chunk)
        size += len(chunk)
        if size >= batch:
            out.write("".join(pending))
            pending.clear()
            size = 0
    pending.append("\n")
    out.write("".join(pending))


class _NotPlain(Exception):
    """A value :func:`_plain_json` leaves to json's own encoder."""


# "\n" and the indent of each level (indent=2).
_INDENTS = ["\n" + "  " * level for level in range(24)]
_PLAIN_DEPTH = len(_INDENTS) - 2  # deeper (or circular) values: json's encoder
_encode_str = json.encoder.encode_basestring  # what ensure_ascii=False encodes a str with


def _floatstr(o: float) -> str:
    """A float as json's encoder writes it (allow_nan: NaN, Infinity, -Infinity)."""
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == -float("inf"):
        return "-Infinity"
    return float.__repr__(o)


def _plain_json(value, level: int, out: list, keys: dict) -> None:
    """Append to ``out`` what ``json.JSONEncoder(ensure_ascii=False, indent=2)`` writes for
    ``value`` at indent ``level``, without its generator per container and per value (the
    pure-Python encoder json falls back to with an indent: most of a 100,000-finding run).
    Only values of the exact types dict (with str keys), list, tuple, str, int, float,
    bool and None, to a depth of _PLAIN_DEPTH; anything else raises :class:`_NotPlain`.
    ``keys``: the encoded keys, kept for the next records."""
    t = type(value)
    if t is str:
        out.append(_encode_str(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(value))
    elif t is float:
        out.append(_floatstr(value))
    elif t is dict:
        if not value:
            out.append("{}")
            return
        if level >= _PLAIN_DEPTH:
            raise _NotPlain
        inner = _INDENTS[level + 1]
        sep = "{" + inner
        append = out.append
        for k, v in value.items():
            if type(k) is not str:
                raise _NotPlain
            key = keys.get(k)
            if key is None:
                key = keys[k] = _encode_str(k) + ": "
            append(sep)
            append(key)
            tv = type(v)
            if tv is str:
                append(_encode_str(v))
            elif tv is int:
                append(int.__repr__(v))
            elif v is None:
                append("null")
            else:
                _plain_json(v, level + 1, out, keys)
            sep = "," + inner
        append(_INDENTS[level] + "}")
    elif t is list or t is tuple:
        if not value:
            out.append("[]")
            return
        if level >= _PLAIN_DEPTH:
            raise _NotPlain
        inner = _INDENTS[level + 1]
        sep = "[" + inner
        for v in value:
            out.append(sep)
            _plain_json(v, level + 1, out, keys)
            sep = "," + inner
        out.append(_INDENTS[level] + "]")
    else:
        raise _NotPlain


def _stream_json(value, level: int, depth: int, keys: dict, markers: dict):
    """The pieces of ``value`` as json's encoder writes it at indent ``level``: a list or dict
    (with str keys) less than ``depth`` levels deep element by element, anything else whole
    by :func:`_plain_json`, or where it holds something else by json's encoder (which also
    raises what json.dumps would: a value it cannot write, a circular reference; ``markers``:
    the containers being written around it). A generator there is written as the list of
    what it yields (json.dumps refuses one)."""
    t = type(value)
    if t is _GENERATOR and level < depth:
        # A list made as it is written (write_sarif's results).
        first = next(value, _EMPTY)
        if first is _EMPTY:
            yield "[]"
            return
        value, t = itertools.chain((first,), value), list
    elif not (level < depth and value
              and (t is list or (t is dict and all(type(k) is str for k in value)))):
        yield _whole_json(value, level, keys, markers)
        return
    if id(value) in markers:
        raise ValueError("Circular reference detected")
    markers[id(value)] = value
    inner = _INDENTS[level + 1]
    if t is list:
        sep, close, pairs = "[" + inner, _INDENTS[level] + "]", ((None, v) for v in value)
    else:
        sep, close, pairs = "{" + inner, _INDENTS[level] + "}", value.items()
    for k, v in pairs:
        head = sep if k is None else sep + _encode_str(k) + ": "
        if level + 1 < depth and type(v) in _STREAMED:
            yield head
            yield from _stream_json(v, level + 1, depth, keys, markers)
        else:
            yield head + _whole_json(v, level + 1, keys, markers)
        sep = "," + inner
    yield close
    del markers[id(value)]


_GENERATOR = type(_ for _ in ())
_STREAMED = (list, dict, _GENERATOR)
_EMPTY = object()


def _whole_json(value, level: int, keys: dict, markers: dict) -> str:
    """``value`` at indent ``level``, as one string: :func:`_plain_json`, or json's encoder
    where it holds something else."""
    pieces: list[str] = []
    try:
        _plain_json(value, level, pieces, keys)
    except _NotPlain:
        enc = json.JSONEncoder(ensure_ascii=False, indent=2)
        # _floatstr is json's float text with allow_nan (the encoder's default, as here).
        encode = json.encoder._make_iterencode(dict(markers), enc.default, _encode_str,
                                               enc.indent, _floatstr, enc.key_separator,
                                               enc.item_separator, enc.sort_keys,
                                               enc.skipkeys, False)
        pieces = list(encode(value, level))
    return "".join(pieces)


# -- SARIF 2.1.0 -------------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


@functools.lru_cache(maxsize=256)
def _uri(path: str) -> str:
    """A SARIF artifact URI: a relative path as a relative URI reference (``/`` separators,
    percent-encoded), an absolute one as a ``file://`` URI, standard input as ``stdin``."""
    from pathlib import Path, PureWindowsPath
    from urllib.parse import quote

    if path in ("-", "<stdin>"):
        return "stdin"
    if PureWindowsPath(path).drive or path.startswith("/"):
        return Path(path).as_uri()
    return quote(path.replace("\\", "/"), safe="/")


def _sarif_rule(code: str, rule) -> dict:
    if rule is None:  # a stage's code (PE001) or a plugin no longer installed
        return {"id": code, "defaultConfiguration": {"level": "warning"}}
    out = {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.doc.split())},
        "help": {"text": rule.doc.strip() + f"\n\n(mtfix explain {code})"},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity.value],
                                 "enabled": bool(rule.default)},
        "properties": {"fix": rule.fix_applicability.value,
                       "tags": ["translation", "indonesian"]},
    }
    return out


def _region(r: Mapping) -> dict:
    region = {"startLine": int(r["line"]), "startColumn": int(r["column"])}
    text = str(r.get("text") or "")
    if r.get("end_line") is not None and r.get("end_column") is not None:
        region["endLine"] = int(r["end_line"])
        region["endColumn"] = int(r["end_column"])
    elif "\n" not in text:
        region["endLine"] = int(r["line"])
        region["endColumn"] = int(r["column"]) + len(text)
    if text:
        region["snippet"] = {"text": text}
    return region


def _sarif_fix(r: Mapping, uri: str) -> dict | None:
    """A SARIF fix from a record whose edits carry file locations (line, column, end_line,
    end_column: :func:`locate_fix` adds them); None otherwise, or when it is not safe."""
    fix = r.get("fix")
    if not fix or fix.get("applicability") == "display-only":
        return None
    edits = fix.get("edits") or []
    if not edits or not all({"line", "column", "end_line", "end_column"} <= e.keys()
                            for e in edits):
        return None
    return {
        "description": {"text": f"{r['code']}: {r['message']} ({fix['applicability']} fix)"},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri},
            "replacements": [{
                "deletedRegion": {"startLine": e["line"], "startColumn": e["column"],
                                  "endLine": e["end_line"], "endColumn": e["end_column"]},
                "insertedContent": {"text": e["content"]},
            } for e in edits],
        }],
    }


def locate_fix(record: dict, unit_text: str, first_line: int = 1, first_column: int = 1,
               starts: Sequence[int] | None = None) -> dict:
    """Add file locations (``line``, ``column``, ``end_line``, ``end_column``; 1-based, end
    exclusive) to each edit of ``record["fix"]``, whose offsets are into ``unit_text``; the
    unit starts at ``first_line``/``first_column`` of the file. For plain text (a unit is the
    whole file, or a line-aligned chunk of it) the locations are exact; for a unit inside
    markup (PO, XLIFF, ...) the file's escaping can shift columns, so call it only where the
    unit's text is the file's text. ``starts``: the unit's line starts
    (:func:`mtfix.text.line_starts`), when the caller locates many records of one unit (each
    call worked them out again: a 100 KB text with 40,000 findings took 70 s as SARIF).
    Returns ``record`` (changed in place)."""
    fix = record.get("fix")
    if not fix:
        return record
    if starts is None:
        from ..text import line_starts

        starts = line_starts(unit_text)

    def where(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        col = offset - starts[i] + 1
        return first_line + i, col + (first_column - 1 if i == 0 else 0)

    for e in fix.get("edits", ()):
        e["line"], e["column"] = where(e["start"])
        e["end_line"], e["end_column"] = where(e["end"])
    return record


def sarif_log(records: Iterable[Mapping], files: Sequence[str] = (), rules=None,
              tool_version: str | None = None) -> dict:
    """A SARIF 2.1.0 log (one run) for code-scanning dashboards: the tool (``mtfix`` and its
    version) with a rule entry for each rule in ``rules`` (Rule objects; default: those the
    records name, from the registry), one result per record (ruleId, level from the record's
    severity, message, location with region and snippet, a fix where the record's edits carry
    file locations, and the finding's fingerprint -- :func:`mtfix.suppress.record_fingerprint`
    -- as ``partialFingerprints["mtfix/v1"]``) and every checked file (``files``) as an
    artifact."""
    log = _sarif_log(records, files, rules, tool_version)
    run = log["runs"][0]
    run["results"] = list(run["results"])
    return log


def write_sarif(records: Iterable[Mapping], out, files: Sequence[str] = (), rules=None,
                tool_version: str | None = None, batch: int = 1 << 16) -> None:
    """:func:`sarif_log` written to ``out`` as JSON (as :func:`render_sarif` returns it), each
    result made and written in turn: not a dict of every result (1.9 GB for 400,000)."""
    write_json(_sarif_log(records, files, rules, tool_version), out, batch=batch,
               stream_depth=_SARIF_RESULTS_DEPTH)


# How deep a SARIF log's results are (log, runs, run, results): write_json writes them one
# by one.
_SARIF_RESULTS_DEPTH = 4


def _sarif_log(records, files, rules, tool_version) -> dict:
    """:func:`sarif_log` with its results as a generator."""
    from .. import __version__

    records = records if isinstance(records, list) else list(records)
    if rules is None:
        from ..rules import registry

        reg = registry()
        codes = sorted({str(r["code"]) for r in records})
        rule_map = {c: reg.get(c) for c in codes}
    else:
        rule_map = {r.code: r for r in rules}
        for r in records:
            rule_map.setdefault(str(r["code"]), None)
    paths = [str(f) for f in files]
    seen = set(paths)
    for r in records:
        path = str(r["path"])
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mtfix",
                "version": tool_version or __version__,
                "semanticVersion": tool_version or __version__,
                "rules": [_sarif_rule(c, rule) for c, rule in rule_map.items()],
            }},
            "artifacts": [{"location": {"uri": _uri(p)}} for p in paths],
            "results": _sarif_results(records, {c: i for i, c in enumerate(rule_map)},
                                      {p: i for i, p in enumerate(paths)}),
            "columnKind": "unicodeCodePoints",
        }],
    }


def _sarif_results(records: list, rule_index: dict, art_index: dict):
    """A SARIF result per record (see :func:`sarif_log`)."""
    from ..suppress import _Lines, record_fingerprint

    lines = _Lines()
    for r in records:
        path, code = str(r["path"]), str(r["code"])
        uri = _uri(path)
        loc: dict = {"physicalLocation": {
            "artifactLocation": {"uri": uri, "index": art_index[path]},
            "region": _region(r)}}
        if r.get("unit_id") is not None or r.get("unit") is not None:
            name = str(r.get("unit_id") if r.get("unit_id") is not None else r["unit"])
            loc["logicalLocations"] = [{"name": name, "kind": "translationUnit"}]
        res: dict = {
            "ruleId": code,
            "ruleIndex": rule_index[code],
            "level": _SARIF_LEVEL.get(str(r.get("severity", "warning")), "warning"),
            "message": {"text": f"{code} {r['message']}"},
            "locations": [loc],
        }
        # The ignore file's identity of a finding (code, text, line content): dashboards
        # track it across commits that move lines.
        fp = r.get("fingerprint") or record_fingerprint(r, lines)
        res["partialFingerprints"] = {"mtfix/v1": str(fp)}
        fix = _sarif_fix(r, uri)
        if fix is not None:
            res["fixes"] = [fix]
        yield res


def render_sarif(records: Iterable[Mapping], files: Sequence[str] = (), rules=None,
                 tool_version: str | None = None) -> str:
    """:func:`sarif_log` as JSON text."""
    out = io.StringIO()
    write_sarif(records, out, files, rules, tool_version)
    return out.getvalue()


def render(fmt: str, records: Sequence[Mapping], files: Sequence[str],
           threshold: str | None = "warning") -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "sarif":
        return render_sarif(records, files)
    if fmt == "github":
        return render_github(records)
    if fmt == "junit":
        return render_junit(records, files, threshold)
    if fmt == "json":
        return render_json(records)
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")


# -- counts per rule (`check --statistics`, `fix --statistics`) --------------------------------

def _fixable(r: Mapping) -> bool:
    fix = r.get("fix")
    if isinstance(fix, Mapping):
        return fix.get("applicability") in ("safe", "unsafe")
    return bool(fix)


def rule_counts(records: Iterable[Mapping]) -> list[dict]:
    """One row per rule code: code, name, severity (the most severe seen), count, fixable (a
    safe or unsafe fix); most frequent first, then by code. ``records``: check records, or
    any mappings with code, name, severity and fix."""
    rows: dict[str, dict] = {}
    for r in records:
        code = str(r["code"])
        row = rows.setdefault(code, {"code": code, "name": str(r.get("name") or ""),
                                     "severity": str(r.get("severity") or "warning"),
                                     "count": 0, "fixable": 0})
        row["count"] += 1
        row["fixable"] += _fixable(r)
        sev = str(r.get("severity") or "warning")
        if SEVERITY_RANK.get(sev, 1) > SEVERITY_RANK.get(row["severity"], 1):
            row["severity"] = sev
    return sorted(rows.values(), key=lambda x: (-x["count"], x["code"]))


def render_statistics(records: Iterable[Mapping]) -> str:
    """Counts per rule as a table, like ``ruff --statistics``::

        count  code   name                  severity  fixable
            4  HY001  split-hyphen          warning         4
    """
    rows = rule_counts(records)
    if not rows:
        return ""
    nw = max(len("name"), *(len(r["name"]) for r in rows))
    cw = max(len("count"), *(len(str(r["count"])) for r in rows))
    out = [f"{'count':>{cw}}  {'code':<6} {'name':<{nw}}  {'severity':<8}  fixable"]
    for r in rows:
        out.append(f"{r['count']:>{cw}}  {r['code']:<6} {r['name']:<{nw}}  "
                   f"{r['severity']:<8}  {r['fixable']:>7}")
    return "\n".join(out) + "\n"


def rule_summary(counts: Mapping[str, int] | Iterable[Mapping]) -> str:
    """``HY001 ×4, GL001 ×2``: counts per code (a mapping code -> count, or records), most
    frequent first, then by code."""
    if isinstance(counts, Mapping):
        pairs = [(str(c), int(n)) for c, n in counts.items()]
    else:
        pairs = [(r["code"], r["count"]) for r in rule_counts(counts)]
    pairs.sort(key=lambda p: (-p[1], p[0]))
    return ", ".join(f"{c} \u00d7{n}" for c, n in pairs)
