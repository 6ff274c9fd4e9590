"""The editor's report: one self-contained HTML file of what a run changed, and why.

``report_from_texts(before_text, after_text, applied)`` is the usual entry point;
``render_html(segments, ...)`` takes segments from ``mtfix.reporting.worddiff.align`` (or plain
``(before_line, after_line)`` pairs). The file has inline CSS and JS and loads nothing from the
network. Everything from the texts is escaped: the text is untrusted.

Layout, in the order an editor reads it: a summary (segments changed, edits per rule with the
rule's name, a rule filter), the scores when given, the changed segments side by side (deleted
words struck through in red on the left, inserted ones in green on the right, each change with
its rule codes and messages on hover), then every edit in a list. Only changed segments are in
the page at first; the unchanged ones travel as JSON and are built on demand ("show unchanged"),
so a 5,000-line input stays light.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from typing import Any, Mapping, Sequence

from ..model import AppliedEdit, Applicability
from .worddiff import EditsArg, Segment, align

NO_RULE = "(none)"  # the filter key of a changed segment no edit is known for


def _e(s: object) -> str:
    return escape(str(s), quote=True)


def report_from_texts(before_text: str, after_text: str, applied: EditsArg = None, *,
                      title: str = "mtfix report", scores: Sequence[Mapping[str, Any]] | None = None,
                      meta: Mapping[str, Any] | None = None) -> str:
    """The HTML report of one text fixed by a run (``res.text``, ``res.applied``)."""
    return render_html(align(before_text, after_text, applied), title=title, scores=scores,
                       meta=meta)


def score_rows(report) -> list[dict]:
    """The scores of a :class:`mtfix.scoring.metrics.Report` (before/after) as ``scores`` rows."""
    rows = []
    for metric, sc in report.scores.items():
        base = report.baseline[metric].value if report.baseline else None
        rows.append({"metric": sc.name or metric, "baseline": base, "system": sc.value,
                     "delta": None if base is None else sc.value - base})
    return rows


def render_html(segments: Sequence[Segment] | Sequence[tuple[str, str]], *,
                title: str = "mtfix report", edits: EditsArg = None,
                scores: Sequence[Mapping[str, Any]] | None = None,
                meta: Mapping[str, Any] | None = None) -> str:
    """One self-contained HTML page.

    ``segments``: ``worddiff.Segment`` objects (with their edits attached), or
    ``(before_line, after_line)`` pairs, line-aligned; with pairs, ``edits`` (applied edits whose
    ``orig_start`` counts in the before lines joined by ``\\n``, or a mapping line → edits) are
    attached here. ``scores``: dicts with keys metric, baseline, system, delta, p, ci (any may
    be missing). ``meta``: key → value shown under the title (input path, mode, version...).
    """
    segs = _as_segments(segments, edits)
    return _Page(segs, title, scores, meta).render()


def _as_segments(segments, edits: EditsArg) -> list[Segment]:
    items = list(segments)
    if items and not isinstance(items[0], Segment):
        before = "\n".join(b for b, _ in items)
        after = "\n".join(a for _, a in items)
        segs = align(before, after, edits)
        if len(segs) != len(items):  # an empty final line lost in the join: pair one to one
            segs = [Segment(i, b, a, i + 1, i + 1) for i, (b, a) in enumerate(items)]
        return segs
    return items


def _rule_info(code: str) -> tuple[str, str]:
    try:
        from ..rules import REGISTRY
    except Exception:  # pragma: no cover - the registry always imports in a working install
        return "", ""
    r = REGISTRY.get(code)
    if r is None:
        return "", ""
    return getattr(r, "name", "") or "", getattr(r, "summary", "") or ""


def _short(s: str, n: int = 160) -> str:
    s = s.replace("\n", "↵")
    return s if len(s) <= n else s[: n - 1] + "…"


def _fmt(v: Any, kind: str = "") -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        if kind == "delta":
            return f"{v:+.2f}"
        if kind == "p":
            return "<0.001" if v < 0.001 else f"{v:.3f}"
        return f"{v:.2f}"
    if kind == "ci" and isinstance(v, (list, tuple)) and len(v) == 2:
        return f"[{_fmt(v[0], 'delta')}, {_fmt(v[1], 'delta')}]"
    return str(v)


class _Page:
    def __init__(self, segs: list[Segment], title: str,
                 scores: Sequence[Mapping[str, Any]] | None, meta: Mapping[str, Any] | None):
        self.segs = segs
        self.title = title
        self.scores = scores
        self.meta = meta or {}
        self.changed = [s for s in segs if s.changed]
        seen: set[int] = set()
        self.edits: list[tuple[AppliedEdit, Segment]] = []
        for s in self.changed + [s for s in segs if not s.changed and s.edits]:
            for e in s.edits:
                if id(e) not in seen:
                    seen.add(id(e))
                    self.edits.append((e, s))
        self.edits.sort(key=lambda es: (es[1].index, es[0].orig_start))
        self.edit_counts = Counter(e.code for e, _ in self.edits)
        self.seg_counts: Counter[str] = Counter()
        for s in self.changed:
            for c in self._seg_codes(s):
                self.seg_counts[c] += 1
        self.unsafe = sum(1 for e, _ in self.edits
                          if e.applicability == Applicability.UNSAFE)

    @staticmethod
    def _messages(s: Segment, code: str) -> str:
        return "\n".join(e.message for e in s.edits if e.code == code) or "no rule known"

    @staticmethod
    def _seg_codes(s: Segment) -> list[str]:
        return s.codes or [NO_RULE]

    # -- page -------------------------------------------------------------------------------
    def render(self) -> str:
        out: list[str] = []
        w = out.append
        w("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<meta name=\"generator\" content=\"mtfix\">")
        w(f"<title>{_e(self.title)}</title><style>{_CSS}</style></head><body>")
        w(f"<header><h1>{_e(self.title)}</h1>")
        if self.meta:
            w("<dl class=\"meta\">")
            for k, v in self.meta.items():
                w(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>")
            w("</dl>")
        w("</header>")
        self._summary(w)
        if self.scores:
            self._scores(w)
        self._segments(w)
        self._edit_list(w)
        same = [[s.index, s.line, s.before] for s in self.segs if not s.changed]
        data = json.dumps(same, ensure_ascii=False, separators=(",", ":"))
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        w(f"<script type=\"application/json\" id=\"same-data\">{data}</script>")
        w(f"<script>{_JS}</script></body></html>\n")
        return "".join(out)

    def _summary(self, w) -> None:
        n, m = len(self.changed), len(self.segs)
        k, r = len(self.edits), len(self.edit_counts)
        w("<section id=\"summary\"><h2>Summary</h2><p class=\"headline\">")
        w(f"<b id=\"n-changed\">{n:,}</b> of {m:,} segment{'s' if m != 1 else ''} changed "
          f"by <b id=\"n-edits\">{k:,}</b> edit{'s' if k != 1 else ''} from "
          f"<b id=\"n-rules\">{r}</b> rule{'s' if r != 1 else ''}")
        if self.unsafe:
            w(f"; <b class=\"unsafe\">{self.unsafe}</b> of them unsafe")
        w(".</p>")
        if not n:
            w("<p>Nothing changed.</p>")
        codes = sorted(self.seg_counts, key=lambda c: (-self.edit_counts.get(c, 0),
                                                      -self.seg_counts[c], c))
        w("<table id=\"rules\"><thead><tr><th>Show</th><th>Rule</th><th>Name</th>"
          "<th class=\"num\">Edits</th><th class=\"num\">Segments</th><th></th></tr></thead><tbody>")
        for c in codes:
            name, summary = _rule_info(c) if c != NO_RULE else ("no rule known", "")
            cid = f"rf-{c}" if c != NO_RULE else "rf-none"
            rsum = f" <span class=\"rsum\">{_e(summary)}</span>" if summary else ""
            w(f"<tr data-code=\"{_e(c)}\"><td><input type=\"checkbox\" class=\"rf\" "
              f"id=\"{_e(cid)}\" value=\"{_e(c)}\" checked></td>"
              f"<td><label for=\"{_e(cid)}\" class=\"code\">{_e(c)}</label></td>"
              f"<td><span class=\"rname\">{_e(name)}</span>"
              f"{rsum}</td>"
              f"<td class=\"num ec\">{self.edit_counts.get(c, 0):,}</td>"
              f"<td class=\"num sc\">{self.seg_counts[c]:,}</td>"
              f"<td><button type=\"button\" class=\"only\" data-code=\"{_e(c)}\">only</button></td></tr>")
        w("</tbody></table>")
        same = m - n
        w("<div class=\"controls\"><button type=\"button\" id=\"rf-all\">All rules</button> "
          "<button type=\"button\" id=\"rf-clear\">No rules</button> "
          f"<label><input type=\"checkbox\" id=\"show-same\"{' disabled' if not same else ''}> "
          f"show the {same:,} unchanged segment{'s' if same != 1 else ''}</label> "
          f"<span id=\"shown\">{n:,} segment{'s' if n != 1 else ''} shown</span></div></section>")

    def _scores(self, w) -> None:
        w("<section id=\"scores\"><h2>Scores</h2><table class=\"scores\"><thead><tr>"
          "<th>Metric</th><th class=\"num\">Baseline</th><th class=\"num\">System</th>"
          "<th class=\"num\">Δ</th><th class=\"num\">p</th><th>95% CI of Δ</th></tr></thead><tbody>")
        for row in self.scores or ():
            metric = str(row.get("metric", ""))
            delta = row.get("delta")
            cls = ""
            if isinstance(delta, (int, float)) and delta:
                better = (delta < 0) if metric.lower().startswith("ter") else (delta > 0)
                cls = " better" if better else " worse"
            w(f"<tr><td>{_e(metric)}</td><td class=\"num\">{_e(_fmt(row.get('baseline')))}</td>"
              f"<td class=\"num\">{_e(_fmt(row.get('system')))}</td>"
              f"<td class=\"num delta{cls}\">{_e(_fmt(delta, 'delta'))}</td>"
              f"<td class=\"num\">{_e(_fmt(row.get('p'), 'p'))}</td>"
              f"<td>{_e(_fmt(row.get('ci'), 'ci'))}</td></tr>")
        w("</tbody></table></section>")

    def _segments(self, w) -> None:
        w("<section id=\"changes\"><h2>Changes</h2><div class=\"seg head\"><span>Line</span>"
          "<span>Before</span><span>After</span><span>Rules</span></div><div id=\"segs\">")
        for s in self.changed:
            self._segment(w, s)
        w("</div></section>")

    def _segment(self, w, s: Segment) -> None:
        codes = self._seg_codes(s)
        ln = str(s.line)
        if s.before_count > 1 and s.before_line is not None:
            ln += f"–{s.before_line + s.before_count - 1}"
        b: list[str] = []
        a: list[str] = []
        for ch in s.chunks():
            if ch.tag == "equal":
                t = _e(s.before[ch.b0:ch.b1])
                b.append(t)
                a.append(t)
                continue
            es = s.chunk_edits(ch)
            tip = _e("\n".join(f"{e.code}: {e.message}" for e in es) or "no rule known")
            dc = _e(" ".join(sorted({e.code for e in es})) or NO_RULE)
            if ch.b1 > ch.b0:
                t = s.before[ch.b0:ch.b1]
                ws = " class=\"ws\"" if not t.strip() else ""
                b.append(f"<del{ws} title=\"{tip}\" data-codes=\"{dc}\">{_e(t)}</del>")
            if ch.a1 > ch.a0:
                t = s.after[ch.a0:ch.a1]
                ws = " class=\"ws\"" if not t.strip() else ""
                a.append(f"<ins{ws} title=\"{tip}\" data-codes=\"{dc}\">{_e(t)}</ins>")
        badges = "".join(
            f"<span class=\"code\" title=\"{_e(self._messages(s, c))}\">{_e(c)}</span>"
            for c in codes)
        cls = "seg"
        if s.before_line is None:
            cls += " added"
        elif s.after_line is None:
            cls += " removed"
        w(f"<div class=\"{cls}\" id=\"s{s.index}\" data-i=\"{s.index}\" data-codes=\"{_e(' '.join(codes))}\">"
          f"<a class=\"ln\" href=\"#s{s.index}\">{_e(ln)}</a>"
          f"<div class=\"b\">{''.join(b)}</div><div class=\"a\">{''.join(a)}</div>"
          f"<div class=\"c\">{badges}</div></div>")

    def _edit_list(self, w) -> None:
        k = len(self.edits)
        w(f"<section id=\"edits\"><h2>All edits ({k:,})</h2>")
        if not k:
            w("<p>No edits recorded.</p></section>")
            return
        w("<table class=\"edits\"><thead><tr><th>Line</th><th>Rule</th><th>Message</th>"
          "<th>Before → after</th></tr></thead><tbody>")
        for e, s in self.edits:
            name, _ = _rule_info(e.code)
            unsafe = " <span class=\"unsafe\">unsafe</span>" if (
                e.applicability == Applicability.UNSAFE) else ""
            w(f"<tr data-code=\"{_e(e.code)}\"><td><a href=\"#s{s.index}\">{s.line}</a></td>"
              f"<td><span class=\"code\" title=\"{_e(name)}\">{_e(e.code)}</span>{unsafe}</td>"
              f"<td>{_e(e.message)}</td>"
              f"<td><del>{_e(_short(e.before))}</del> → <ins>{_e(_short(e.after))}</ins></td></tr>")
        w("</tbody></table></section>")


_CSS = """
:root{--del:#ffd7d5;--delfg:#82071e;--ins:#ccffd8;--insfg:#055d20;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
 margin:0 auto;max-width:1400px;padding:16px 24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 8px}
[hidden]{display:none!important}
dl.meta{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;color:var(--muted);font-size:12px}
dl.meta div{display:flex;gap:4px}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.headline{font-size:16px;margin:4px 0 10px}
table{border-collapse:collapse}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
.code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f4;
 border-radius:4px;padding:0 4px;white-space:nowrap;cursor:help}
label.code{cursor:pointer}
.rname{font-weight:600}.rsum{color:var(--muted)}
button{font:inherit;font-size:12px;padding:1px 8px;cursor:pointer}
.controls{margin:10px 0;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center}
#shown{color:var(--muted)}
.scores .better{color:var(--insfg);font-weight:600}.scores .worse{color:var(--delfg);font-weight:600}
.seg{display:grid;grid-template-columns:5em 1fr 1fr 9em;gap:0 12px;padding:4px 0;
 border-bottom:1px solid var(--line);content-visibility:auto;contain-intrinsic-size:auto 3em}
.seg.head{font-weight:600;background:#f6f8fa;position:sticky;top:0;z-index:1;padding:4px 0}
.seg .b,.seg .a{white-space:pre-wrap;overflow-wrap:anywhere}
.seg .ln{color:var(--muted);text-decoration:none;font-variant-numeric:tabular-nums;padding-left:4px}
.seg .c{display:flex;flex-wrap:wrap;gap:2px;align-content:flex-start}
.seg.same{color:var(--muted)}
.seg.removed .ln::after{content:" removed";font-size:11px}
.seg:target{background:#fff8c5}
del{background:var(--del);color:var(--delfg);text-decoration:line-through}
ins{background:var(--ins);color:var(--insfg);text-decoration:none}
del.ws{background:#ff8182;text-decoration:none}ins.ws{background:#4ac26b}
.seg del[title],.seg ins[title]{cursor:help}
#segs.hide-same .same{display:none}
.edits td:first-child a{color:var(--muted)}
.unsafe{color:#9a6700;font-weight:600}
"""

_JS = r"""
(function(){
"use strict";
var segs=document.getElementById("segs");
var boxes=Array.prototype.slice.call(document.querySelectorAll("input.rf"));
var editRows=Array.prototype.slice.call(document.querySelectorAll("#edits tbody tr"));
var showSame=document.getElementById("show-same");
var shown=document.getElementById("shown");
var built=false;
function checked(){var on=Object.create(null);boxes.forEach(function(b){on[b.value]=b.checked;});return on;}
function apply(){
  var on=checked(),n=0,rows=segs.children;
  for(var i=0;i<rows.length;i++){
    var r=rows[i];
    if(r.classList.contains("same")){if(showSame.checked)n++;continue;}
    var cs=r.getAttribute("data-codes").split(" "),vis=false;
    for(var j=0;j<cs.length;j++){if(on[cs[j]]){vis=true;break;}}
    r.hidden=!vis;if(vis)n++;
  }
  editRows.forEach(function(r){r.hidden=!on[r.getAttribute("data-code")];});
  shown.textContent=n.toLocaleString()+(n===1?" segment":" segments")+" shown";
}
function buildSame(){
  if(built)return;built=true;
  var data=JSON.parse(document.getElementById("same-data").textContent);
  var rows=Array.prototype.slice.call(segs.children),total=rows.length+data.length;
  var byIndex=new Array(total);
  rows.forEach(function(r){byIndex[+r.getAttribute("data-i")]=r;});
  data.forEach(function(d){
    var r=document.createElement("div");r.className="seg same";r.id="s"+d[0];r.setAttribute("data-i",d[0]);
    var a=document.createElement("a");a.className="ln";a.href="#s"+d[0];a.textContent=d[1];
    var b=document.createElement("div");b.className="b";b.textContent=d[2];
    var c=b.cloneNode(true);c.className="a";
    var k=document.createElement("div");k.className="c";
    r.appendChild(a);r.appendChild(b);r.appendChild(c);r.appendChild(k);byIndex[d[0]]=r;
  });
  var frag=document.createDocumentFragment();
  for(var i=0;i<byIndex.length;i++){if(byIndex[i])frag.appendChild(byIndex[i]);}
  segs.appendChild(frag);
}
boxes.forEach(function(b){b.addEventListener("change",apply);});
document.getElementById("rf-all").addEventListener("click",function(){boxes.forEach(function(b){b.checked=true;});apply();});
document.getElementById("rf-clear").addEventListener("click",function(){boxes.forEach(function(b){b.checked=false;});apply();});
Array.prototype.forEach.call(document.querySelectorAll("button.only"),function(btn){
  btn.addEventListener("click",function(){var c=btn.getAttribute("data-code");boxes.forEach(function(b){b.checked=(b.value===c);});apply();});
});
showSame.addEventListener("change",function(){
  if(showSame.checked){buildSame();segs.classList.remove("hide-same");}else{segs.classList.add("hide-same");}
  apply();
});
segs.classList.add("hide-same");
apply();
})();
"""
