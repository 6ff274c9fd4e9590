"""The word diff, the terminal diff and the HTML report (structure; the browser test clicks)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.model import AppliedEdit, Applicability
from mtfix.reporting.html import NO_RULE, render_html, report_from_texts
from mtfix.rules import REGISTRY
from mtfix.reporting.worddiff import align, terminal_diff, word_diff
from mtfix.text import word_tokens

LINES = [
    "Para pemimpin sepakat untuk melanjutkan diplomasi antar -jemput.",
    "Kemenangan pemilihan liberal liberal – setelah pemakzulan.",
    "Baris ini sudah benar.",
    "Dia bertemu di sela -sela KTT.",
]


def _fix(text: str, mode: str = "lines"):
    return Linter(Settings(mode=mode)).fix(text)


class _Collect(HTMLParser):
    """Tags with their attributes, and the text inside elements by id (a small DOM stand-in)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(doc: str) -> _Collect:
    p = _Collect()
    p.feed(doc)
    p.close()
    return p


def _text(doc: str) -> str:
    """The visible text, tags stripped and entities decoded (scripts and styles dropped)."""
    doc = re.sub(r"<(script|style)\b.*?</\1>", "", doc, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", doc))


# -- word diff ------------------------------------------------------------------------------

def test_tokenize_round_trips_and_splits_punctuation():
    s = "antar -jemput, “Kami”  sepakat"
    toks = word_tokens(s)
    assert "".join(toks) == s
    assert toks[:4] == ["antar", " ", "-", "jemput"]
    assert "“" in toks and "”" in toks and "  " in toks


def test_word_diff_shows_a_joined_hyphen_as_a_removed_space():
    b, a = "diplomasi antar -jemput.", "diplomasi antar-jemput."
    changes = [(c.tag, b[c.b0:c.b1], a[c.a0:c.a1]) for c in word_diff(b, a) if c.tag != "equal"]
    assert changes == [("delete", " ", "")]


def test_word_diff_reads_neighbouring_changes_as_one():
    b, a = "di sekelompok tujuh (G7)", "di Kelompok Tujuh (G7)"
    changes = [(b[c.b0:c.b1], a[c.a0:c.a1]) for c in word_diff(b, a) if c.tag != "equal"]
    assert changes == [("sekelompok tujuh", "Kelompok Tujuh")]


def test_align_one_to_one_in_lines_mode_with_edits_on_their_lines():
    text = "\n".join(LINES) + "\n"
    res = _fix(text)
    segs = align(text, res.text, res.applied)
    assert len(segs) == len(LINES)
    assert [s.changed for s in segs] == [True, True, False, True]
    assert segs[0].codes == ["HY001"] and segs[1].codes == ["DW001"] and segs[2].codes == []
    assert sum(len(s.edits) for s in segs) == len(res.applied)


def test_align_article_mode_removed_lines(fixtures):
    text = (fixtures / "seed_article.txt").read_text(encoding="utf-8")
    res = _fix(text, "article")
    assert len(res.text.splitlines()) < len(text.splitlines())
    segs = align(text, res.text, res.applied)
    removed = [s for s in segs if s.after_line is None]
    assert removed and removed[0].codes == ["BP001"]
    assert "Source link" in removed[0].before
    # every edit lands on a changed segment, and each line of the original is in one segment
    assert {id(e) for s in segs if s.changed for e in s.edits} == {id(e) for e in res.applied}
    assert sum(s.before_count for s in segs) == len(text.split("\n")) - (text.endswith("\n"))


def test_terminal_diff_styles_and_headers():
    text = "\n".join(LINES) + "\n"
    res = _fix(text)
    out = terminal_diff(text, res.text, res.applied, path="in.txt")
    assert len(out) == 3
    plain = [t.plain for t in out]
    assert plain[0].startswith("in.txt:1  HY001\n") and "antar·-jemput" in plain[0]
    assert plain[1].startswith("in.txt:2  DW001\n")
    assert plain[2].startswith("in.txt:4  HY001\n")
    styles = {str(sp.style) for t in out for sp in t.spans}
    assert "red strike" in styles
    # an insertion is green
    ins = terminal_diff("a b\n", "a x b\n")
    assert any(str(sp.style) == "green" and ins[0].plain[sp.start:sp.end] == "x "
               for sp in ins[0].spans)


def test_worddiff_and_report_do_not_import_rich():
    code = ("import sys, mtfix.reporting.worddiff, mtfix.reporting.html; "
            "sys.exit(1 if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# -- HTML report -----------------------------------------------------------------------------

@pytest.fixture
def small():
    text = "\n".join(LINES) + "\n"
    res = _fix(text)
    return text, res


def test_report_has_every_edit_with_code_and_message(small):
    text, res = small
    doc = report_from_texts(text, res.text, res.applied, title="t")
    p = _parse(doc)
    rows = [a for t, a in p.tags if t == "tr" and "data-code" in a and a.get("data-code")]
    edit_rows = [a["data-code"] for t, a in p.tags if t == "tr" and "data-code" in a]
    assert sorted(edit_rows) == sorted([a.code for a in res.applied] + sorted({a.code for a in res.applied}))
    assert rows
    titles = [a["title"] for t, a in p.tags if t in ("del", "ins") and "title" in a]
    for e in res.applied:
        assert f"{e.code}: {e.message}" in titles
    segs = [a for t, a in p.tags if t == "div" and "seg" in a.get("class", "").split()
            and "data-i" in a]
    assert [s["data-codes"] for s in segs] == ["HY001", "DW001", "HY001"]
    assert "<link" not in doc and "http://" not in doc and "https://" not in doc
    assert "@import" not in doc and "url(" not in doc


def test_report_escapes_untrusted_text():
    evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)> antar -jemput'
    text = evil + "\nbaris dua\n"
    res = _fix(text)
    assert res.applied
    doc = report_from_texts(text, res.text, res.applied, title="<b>judul</b>",
                            meta={"input": "<i>f</i>"},
                            scores=[{"metric": "<u>m</u>", "system": 1.0}])
    assert "<script>alert" not in doc and "<img" not in doc
    assert "<b>judul</b>" not in doc and "<i>f</i>" not in doc and "<u>m</u>" not in doc
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in doc
    p = _parse(doc)
    assert [t for t, _ in p.tags if t == "script"] == ["script", "script"]
    # the unchanged segments travel as JSON that cannot close its script element
    data = json.loads(p.scripts[0])
    assert data == [[1, 2, "baris dua"]]
    assert "</" not in p.scripts[0]
    text2 = "ok\n</script><script>alert(1)</script>\n"
    doc2 = render_html([("ok", "ok!"), ("</script><script>alert(1)</script>",) * 2], title="t")
    assert doc2.count("<script") == 2
    assert json.loads(_parse(doc2).scripts[0]) == [[1, 2, text2.split("\n")[1]]]


def test_report_counts_per_rule_and_summary_first(small):
    text, res = small
    doc = report_from_texts(text, res.text, res.applied, title="dev")
    text_only = _text(doc)
    # the summary is the first section, and says it plainly
    assert doc.index('id="summary"') < doc.index('id="changes"') < doc.index('id="edits"')
    assert "3 of 4 segments changed by 3 edits from 2 rules." in " ".join(text_only.split())
    rules = re.search(r'<table id="rules">.*?</table>', doc, re.S).group(0)
    rows = re.findall(r'<tr data-code="(\w+)">(.*?)</tr>', rules, re.S)
    assert [c for c, _ in rows] == ["HY001", "DW001"]   # most edits first
    counts = {c: re.findall(r'class="num \w+">(\d+)<', body) for c, body in rows}
    assert counts == {"HY001": ["2", "2"], "DW001": ["1", "1"]}
    for c, body in rows:
        assert html.escape(REGISTRY[c].name) in body and html.escape(REGISTRY[c].summary) in body
        assert f'class="rf" id="rf-{c}" value="{c}" checked' in body
    assert "show the 1 unchanged segment" in text_only


def test_report_scores_table():
    scores = [
        {"metric": "BLEU", "baseline": 20.123, "system": 20.6, "delta": 0.477, "p": 0.0004,
         "ci": (0.12, 0.81)},
        {"metric": "TER", "baseline": 61.0, "system": 60.5, "delta": -0.5, "p": 0.21,
         "ci": "[-1.1, 0.2]"},
    ]
    doc = render_html([("a", "b")], title="s", scores=scores)
    table = re.search(r'<section id="scores">.*?</section>', doc, re.S).group(0)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", table)]
    cells = [c for c in cells if c]  # the header row has <th> only
    assert cells[0] == ["BLEU", "20.12", "20.60", "+0.48", "&lt;0.001", "[+0.12, +0.81]"]
    assert cells[1] == ["TER", "61.00", "60.50", "-0.50", "0.210", "[-1.1, 0.2]"]
    assert 'delta better">-0.50' in table and 'delta better">+0.48' in table  # TER: lower is better
    assert 'id="scores"' not in render_html([("a", "b")], title="s")


def test_render_html_from_pairs_without_edits():
    doc = render_html([("x antar -jemput", "x antar-jemput"), ("sama", "sama")], title="diff")
    assert "1 of 2 segments changed by 0 edits from 0 rules" in " ".join(_text(doc).split())
    assert f'data-codes="{NO_RULE}"' in doc and 'value="(none)"' in doc
    assert '<del class="ws" title="no rule known"' in doc


def test_report_nothing_changed():
    doc = report_from_texts("sama\n", "sama\n", [], title="t")
    assert "Nothing changed." in doc and "0 of 1 segment changed" in " ".join(_text(doc).split())


def test_report_unsafe_edit_flagged():
    e = AppliedEdit("OR001", "m", Applicability.UNSAFE, 0, 1, "a", "b", 1, 1, 0, 1)
    doc = report_from_texts("a\n", "b\n", [e], title="t")
    assert '<b class="unsafe">1</b> of them unsafe' in doc


def test_report_5000_lines():
    """Large input: 5,000 lines, one in three changed; only changed segments are in the DOM."""
    lines = [f"Baris {i} antar -jemput dan liberal liberal di sini." if i % 3 == 0
             else f"Baris {i} sudah benar." for i in range(5000)]
    text = "\n".join(lines) + "\n"
    res = _fix(text)
    doc = report_from_texts(text, res.text, res.applied, title="big")
    n_changed = sum(1 for i in range(5000) if i % 3 == 0)
    assert doc.count('<div class="seg" id="s') == n_changed
    assert f"{n_changed:,} of 5,000 segments changed" in doc.replace("</b>", "").replace('<b id="n-changed">', "")
    data = json.loads(re.search(r'<script type="application/json" id="same-data">(.*?)</script>',
                                doc, re.S).group(1))
    assert len(data) == 5000 - n_changed
    assert len(doc) < 1000 * 5000  # about a kilobyte a changed segment (two edits each) at most
