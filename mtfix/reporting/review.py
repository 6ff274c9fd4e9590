"""The review page: one self-contained HTML file in which an editor accepts or rejects every
finding of a run, then exports the decisions (JSONL) for ``mtfix apply``.

``render_review_page(files, title=..., refs=None, show_unchanged=False)`` takes the
:class:`~mtfix.review.findings.FileFindings` of one or many files. The page carries the data as
one JSON blob and builds only the segments in view (in batches, on scroll and on navigation), so
thousands of segments stay responsive. Nothing is loaded from the network; every text from the
files is put into the page as text (DOM ``textContent``), never as markup.

Per segment: the source (``--source FILE`` for plain text, else the format's: PO msgid,
XLIFF/TMX source, JSONL/CSV source field), the MT with the findings marked, the repaired text
as the current decisions make it (live, deletions struck, insertions green), the reference when
given, and every finding with accept/reject controls (``data-edit-id`` = the record id).
Applied edits start accepted, suggestions start rejected (and are marked as suggestions), notes
are notes. Keys: j/k next/previous finding, a accept, r reject (both move on), n/p next/previous
file. Export writes ``decisions.jsonl``: every record, the applied and suggested ones with their
``decision``.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from typing import Mapping, Sequence

from .html import _e, _rule_info

# record keys that are the same for every record of a file: kept once per file in the page,
# put back on export
_FILE_KEYS = ("path", "format", "sha256", "options")


def _json_for_script(obj) -> str:
    """JSON that can sit inside <script type="application/json">: no "</script>", no "<!--"."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _lines(text: str | None) -> list[str] | None:
    if text is None:
        return None
    out = text.split("\n")
    if len(out) > 1 and out[-1] == "":
        out.pop()
    return [x[:-1] if x.endswith("\r") else x for x in out]


def _ref_lines(ff, refs) -> list[str] | None:
    r = None
    if refs is not None:
        r = refs.get(ff.path) if isinstance(refs, Mapping) else None
    if r is None:
        r = ff.reference
    if r is None:
        return None
    return _lines(r) if isinstance(r, str) else list(r)


def _segments_of_file(fi: int, ff, refs, show_unchanged: bool, segs: list, recs: list) -> int:
    """Append the file's segments and records to ``segs``/``recs``; returns its segment count
    (all segments, shown or not)."""
    ref = _ref_lines(ff, refs)
    one_doc = ff.format in ("text", "markdown", "html")
    total = 0
    for u in ff.units:
        text = u.target
        src_lines = _lines(u.source) if one_doc else None
        # pieces: (start, end, line index) of the segments of this unit
        if one_doc:
            starts = [0]
            for i, ch in enumerate(text):
                if ch == "\n":
                    starts.append(i + 1)
            ends = [s - 1 for s in starts[1:]] + [len(text)]
            if len(starts) > 1 and starts[-1] == len(text):
                starts.pop()
                ends.pop()
            # records spanning a line break join those lines into one segment
            join = [False] * len(starts)   # join[i]: line i continues the segment of i-1
            for r in u.records:
                if r["end"] > r["start"]:
                    a = bisect.bisect_right(starts, r["start"]) - 1
                    b = bisect.bisect_right(starts, r["end"] - 1) - 1
                    for k in range(a + 1, b + 1):
                        join[k] = True
            pieces = []
            for i, (s, e) in enumerate(zip(starts, ends)):
                if join[i] and pieces:
                    ps, _, pl, pn = pieces[-1]
                    pieces[-1] = (ps, e, pl, pn + 1)
                else:
                    pieces.append((s, e, i, 1))
        else:
            pieces = [(0, len(text), 0, 1)]
        if not pieces:
            pieces = [(0, 0, 0, 1)]
        by_piece: dict[int, list[dict]] = {}
        bounds = [p[0] for p in pieces]
        for r in u.records:
            k = max(0, bisect.bisect_right(bounds, r["start"]) - 1)
            by_piece.setdefault(k, []).append(r)
        for k, (s, e, li, n) in enumerate(pieces):
            total += 1
            prs = by_piece.get(k, [])
            if not prs and (not show_unchanged or not text[s:e].strip()):
                continue
            if one_doc:
                line = (u.line or 1) + li
                src = "\n".join(src_lines[li:li + n]) if src_lines and li < len(src_lines) \
                    else None
                refseg = "\n".join(ref[li:li + n]) if ref and li < len(ref) else None
            else:
                line = u.line
                src = u.source
                refseg = ref[u.index - 1] if ref and u.index - 1 < len(ref) else None
            seg = {"f": fi, "u": u.index, "l": line, "b": s, "t": text[s:e], "r": []}
            if not one_doc and u.id is not None:
                seg["id"] = u.id
            if src is not None:
                seg["s"] = src
            if refseg is not None:
                seg["ref"] = refseg
            si = len(segs)
            for r in prs:
                slim = {k2: v for k2, v in r.items() if k2 not in _FILE_KEYS}
                slim["_seg"] = si
                seg["r"].append(len(recs))
                recs.append(slim)
            segs.append(seg)
    return total


def render_review_page(files: Sequence, *, title: str = "mtfix review",
                       refs: Mapping[str, str | Sequence[str]] | None = None,
                       show_unchanged: bool = False) -> str:
    """The review page of ``files`` (``FileFindings``); ``refs``: path → reference text
    (plain text: line-aligned; other formats: one line per unit), else each file's
    ``reference``. ``show_unchanged``: also carry the segments without findings (a toggle
    shows them)."""
    segs: list[dict] = []
    recs: list[dict] = []
    fdata = []
    for fi, ff in enumerate(files):
        first = len(segs)
        n = _segments_of_file(fi, ff, refs, show_unchanged, segs, recs)
        st = Counter(r["status"] for r in ff.records)
        fdata.append({"path": ff.path, "format": ff.format, "sha256": ff.sha256,
                      "options": ff.options, "nseg": n, "first": first,
                      "counts": dict(st), "src": any(u.source for u in ff.units),
                      "ph": getattr(ff, "placeholders", None)})
    codes = sorted({r["code"] for r in recs})
    rules = {c: list(_rule_info(c)) for c in codes}
    data = {"title": title, "files": fdata, "segs": segs, "recs": recs, "rules": rules,
            "unchanged": show_unchanged}
    n_st = Counter(r["status"] for r in recs)
    n_total = sum(f["nseg"] for f in fdata)
    n_with = sum(1 for s in segs if s["r"])
    summary = (f"{len(files)} file(s) · {n_total} segment(s), {n_with} with findings · "
               f"{n_st.get('applied', 0)} applied, {n_st.get('suggested', 0)} suggested, "
               f"{n_st.get('note', 0)} notes")
    return (_HTML.replace("%TITLE%", _e(title)).replace("%SUMMARY%", _e(summary))
            .replace("%CSS%", _CSS).replace("%JS%", _JS)
            .replace("%DATA%", _json_for_script(data)))


_HTML = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE%</title>
<style>%CSS%</style></head>
<body>
<header id="top">
 <h1 title="%TITLE%">%TITLE%</h1>
 <div id="summary">%SUMMARY%</div>
 <div id="bar">
  <label>File <select id="f-file"></select></label>
  <label>Rule <select id="f-rule"></select></label>
  <label>Status <select id="f-status">
   <option value="">all</option><option value="applied">applied</option>
   <option value="suggested">suggested</option><option value="note">notes</option></select></label>
  <label><input type="checkbox" id="f-pending"> only those not reviewed yet</label>
  <label id="l-same" hidden><input type="checkbox" id="f-same"> unchanged segments</label>
  <span class="acts">
   <button id="bulk-accept" title="Accept every applied edit and suggestion the filters show">Accept shown</button>
   <button id="bulk-reject" title="Reject every applied edit and suggestion the filters show">Reject shown</button>
   <button id="export" class="primary" title="Save decisions.jsonl for mtfix apply">Export decisions</button>
  </span>
 </div>
 <div id="exported" role="status"></div>
 <div id="counts"></div>
 <div id="help"><kbd>j</kbd>/<kbd>k</kbd> next/previous finding · <kbd>a</kbd> accept · <kbd>r</kbd> reject (both move on) · <kbd>n</kbd>/<kbd>p</kbd> next/previous file · click a finding to select it · <span id="shown"></span></div>
</header>
<div id="main">
 <nav id="files" hidden></nav>
 <div id="content">
  <details id="rules"><summary>Rules</summary><table><thead><tr><th>Rule</th><th>Name</th><th class="num">Applied</th><th class="num">Suggested</th><th class="num">Notes</th><th></th></tr></thead><tbody></tbody></table></details>
  <div id="segs"></div>
  <div id="more"></div>
  <p id="empty" hidden>No finding matches the filters.</p>
 </div>
</div>
<script type="application/json" id="data">%DATA%</script>
<script>%JS%</script>
</body></html>
"""

_CSS = """
:root{--del:#ffd7d5;--delfg:#82071e;--ins:#ccffd8;--insfg:#055d20;--line:#d0d7de;--muted:#57606a;
 --sugg:#9a6700;--suggbg:#fff8c5;--note:#0969da;--notebg:#ddf4ff;--cur:#fd8c73;
 scroll-padding-top:var(--head,150px)}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
 margin:0;color:#1f2328;background:#fff}
[hidden]{display:none!important}
header{position:sticky;top:0;z-index:5;background:#f6f8fa;border-bottom:1px solid var(--line);
 padding:8px 20px}
header.flat{position:static}
h1{font-size:18px;margin:0 0 2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#summary{color:var(--muted);font-size:13px}
#bar{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;margin:6px 0 4px}
#bar select{max-width:16em}
#bar .acts{margin-left:auto;display:flex;gap:6px;white-space:nowrap}
button{font:inherit;font-size:13px;padding:2px 10px;cursor:pointer;border:1px solid var(--line);
 border-radius:6px;background:#fff}
button:hover{background:#f3f4f6}
button.primary{background:#1f883d;color:#fff;border-color:#1a7f37;font-weight:600}
#counts{font-size:13px;display:flex;flex-wrap:wrap;gap:4px 18px}
#counts b{font-variant-numeric:tabular-nums}
#help{font-size:12px;color:var(--muted)}
#exported{font-size:12px;color:#1a7f37}#exported:empty{display:none}
kbd{font:11px ui-monospace,monospace;border:1px solid var(--line);border-bottom-width:2px;
 border-radius:4px;padding:0 4px;background:#fff;color:#1f2328}
#main{display:flex;align-items:flex-start}
#files{position:sticky;top:var(--head,150px);width:16em;flex:none;
 max-height:calc(100vh - var(--head,150px) - 8px);overflow:auto;
 font-size:13px;padding:8px 0 8px 12px}
#files a{display:block;padding:2px 6px;border-radius:4px;color:#1f2328;text-decoration:none;
 overflow-wrap:anywhere;cursor:pointer}
#files a.on{background:#ddf4ff;font-weight:600}
#files small{color:var(--muted)}
#files .fi{margin:0 0 6px}
#files .fc{font-size:11px;color:var(--muted);padding-left:6px;display:flex;flex-wrap:wrap;gap:2px 4px;align-items:center}
#files .fc button{font-size:11px;padding:0 5px}
#content{flex:1;min-width:0;padding:8px 20px 40vh}
#rules{margin:4px 0 10px;font-size:13px}
#rules table{border-collapse:collapse;margin-top:4px}
#rules td,#rules th{border-bottom:1px solid var(--line);padding:2px 8px;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}
.code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f4;
 border-radius:4px;padding:0 4px;white-space:nowrap}
.seg{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px 10px;
 content-visibility:auto;contain-intrinsic-size:auto 9em}
.seg .loc{font-size:12px;color:var(--muted);display:flex;gap:10px}
.seg .loc .file{font-weight:600;color:#1f2328}
.row{display:grid;grid-template-columns:6.5em 1fr;gap:0 8px;padding:1px 0}
.row .k{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding-top:2px}
.row .v{white-space:pre-wrap;overflow-wrap:anywhere}
.row.src .v,.row.ref .v{color:#424a53;font-size:13px}
.row.fix .v{font-size:15px}
.row.mt .v{font-size:15px}
mark{background:#fff1c2;color:inherit;border-bottom:2px solid #d4a72c;border-radius:2px}
mark.st-applied{background:#ffebe9;border-bottom-color:#cf222e}
mark.st-note{background:var(--notebg);border-bottom:2px dotted var(--note)}
mark.cur{outline:2px solid var(--cur)}
mark.ins-point::before{content:"‸";color:#cf222e;font-weight:700}
del{background:var(--del);color:var(--delfg);text-decoration:line-through}
ins{background:var(--ins);color:var(--insfg);text-decoration:none}
.fs{margin:4px 0 0;padding:0;list-style:none}
.fd{display:grid;grid-template-columns:auto auto 1fr;gap:0 10px;align-items:baseline;padding:3px 6px;
 border-radius:6px;border-left:4px solid transparent;cursor:pointer}
.fd:hover{background:#f6f8fa}
.fd.cur{background:#fff5e6;border-left-color:var(--cur)}
.fd .ctl{display:flex;gap:4px}
.fd .ctl button{padding:0 8px;font-size:12px}
.fd.d-accept .acc{background:#1f883d;color:#fff;border-color:#1a7f37}
.fd.d-reject .rej{background:#cf222e;color:#fff;border-color:#a40e26}
.fd .what{font-size:13px}
.fd .chg{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
.fd .msg{color:var(--muted);font-size:12px}
.badge{font-size:11px;border-radius:10px;padding:0 7px;border:1px solid;white-space:nowrap}
.b-applied{color:#1a7f37;border-color:#4ac26b}
.b-suggested{color:var(--sugg);border-color:#d4a72c;background:var(--suggbg)}
.b-note{color:var(--note);border-color:#54aeff;background:var(--notebg)}
.fd.st-suggested{border-left-style:dashed;border-left-color:#d4a72c}
.fd.st-suggested.cur{border-left-color:var(--cur)}
.fd.st-note .ctl{visibility:hidden}
.fd.touched .badge::after{content:" ✎";color:var(--muted)}
.skip{color:var(--sugg);font-size:12px}
#more{height:1px}
.mk{color:#8c959f;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;border-radius:3px}
#empty{color:var(--muted)}
"""

_JS = r"""
(function(){
"use strict";
var D = JSON.parse(document.getElementById("data").textContent);
var segs = D.segs, recs = D.recs, files = D.files;
var DEF = {applied: "accept", suggested: "reject"};
var dec = new Array(recs.length), touched = new Uint8Array(recs.length);
for (var i = 0; i < recs.length; i++) dec[i] = DEF[recs[i].status];
var $ = function(id){ return document.getElementById(id); };
function el(tag, cls, text){ var e = document.createElement(tag); if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text; return e; }

// ---- filters ------------------------------------------------------------------------------
var F = {file: "", rule: "", status: "", pending: false, same: !!D.unchanged};
function recShown(i){
  var r = recs[i];
  if (F.file !== "" && segs[r._seg].f !== +F.file) return false;
  if (F.rule && r.code !== F.rule && !(r.codes && r.codes.indexOf(F.rule) >= 0)) return false;
  if (F.status && r.status !== F.status) return false;
  if (F.pending && (touched[i] || r.status === "note")) return false;
  return true;
}
var shownSegs = [], shownRecs = [], posOfRec = {};
function computeShown(){
  shownSegs = []; shownRecs = []; posOfRec = {};
  var noRecFilter = !F.rule && !F.status && !F.pending;
  for (var s = 0; s < segs.length; s++){
    var sg = segs[s];
    if (F.file !== "" && sg.f !== +F.file) continue;
    var any = false;
    for (var j = 0; j < sg.r.length; j++){
      var i = sg.r[j];
      if (recShown(i)){ any = true; posOfRec[i] = shownRecs.length; shownRecs.push(i); }
    }
    if (any || (sg.r.length === 0 && F.same && noRecFilter)) shownSegs.push(s);
  }
}

// ---- the decided set of a segment (the same rules as mtfix apply) -------------------------
function conflicts(a, b){
  if (a[0] < b[1] && b[0] < a[1]) return true;
  if (a[0] === a[1] && b[0] <= a[0] && a[0] <= b[1]) return true;
  if (b[0] === b[1] && a[0] <= b[0] && b[0] <= a[1]) return true;
  return false;
}
function keptOf(sg){
  var kept = [], skipped = {};
  sg.r.forEach(function(i){ if (recs[i].status === "applied" && dec[i] === "accept") kept.push(i); });
  var sug = sg.r.filter(function(i){ return recs[i].status === "suggested" && dec[i] === "accept"; });
  sug.sort(function(x, y){ return recs[x].start - recs[y].start || recs[x].end - recs[y].end; });
  sug.forEach(function(i){
    var r = recs[i], c = null;
    for (var k = 0; k < kept.length; k++){
      var q = recs[kept[k]];
      if (conflicts([r.start, r.end], [q.start, q.end])){ c = kept[k]; break; }
    }
    if (c === null) kept.push(i); else skipped[i] = c;
  });
  kept.sort(function(x, y){ return recs[x].start - recs[y].start || recs[x].end - recs[y].end; });
  return {kept: kept, skipped: skipped};
}

// ---- rendering ----------------------------------------------------------------------------
var cur = -1;            // the current finding (a record index), or -1
var rendered = 0;        // how many of shownSegs are in the DOM
var segNode = {};        // segment index -> element
var BATCH = 60;

// markup formats: placeholders shown as the original markup they stand for
var PH = null;
files.forEach(function(f){ if (f.ph){ f.re = new RegExp("\\{" + f.ph.prefix.replace(/[^A-Za-z0-9_]/g, "") + "(\\d+)\\}", "g"); } });
function txt(parent, s){
  if (!PH || s.indexOf("{") < 0){ parent.appendChild(document.createTextNode(s)); return parent; }
  var re = PH.re, pos = 0, m; re.lastIndex = 0;
  while ((m = re.exec(s)) !== null){
    if (m.index > pos) parent.appendChild(document.createTextNode(s.slice(pos, m.index)));
    var o = PH.ph.originals[+m[1]];
    var sp = el("span", "mk", o === undefined ? m[0] : o); sp.title = "markup (not edited)"; parent.appendChild(sp);
    pos = m.index + m[0].length;
  }
  if (pos < s.length) parent.appendChild(document.createTextNode(s.slice(pos)));
  return parent;
}
function tel(tag, cls, s){ return txt(el(tag, cls), s); }
function row(cls, label, content){
  var r = el("div", "row " + cls); r.appendChild(el("div", "k", label));
  var v = el("div", "v"); if (typeof content === "string") v.textContent = content; else v.appendChild(content);
  r.appendChild(v); return r;
}
function mtNode(sg){
  var t = sg.t, b = sg.b, frag = document.createDocumentFragment();
  var pts = {0: 1}; pts[t.length] = 1;
  sg.r.forEach(function(i){ var r = recs[i]; pts[r.start - b] = 1; pts[r.end - b] = 1; });
  var cuts = Object.keys(pts).map(Number).filter(function(x){ return x >= 0 && x <= t.length; })
    .sort(function(x, y){ return x - y; });
  var rank = {applied: 2, suggested: 1, note: 0};
  for (var k = 0; k < cuts.length; k++){
    var s = cuts[k], e = k + 1 < cuts.length ? cuts[k + 1] : s;
    // insertions at s
    sg.r.forEach(function(i){ var r = recs[i];
      if (r.start === r.end && r.start - b === s){ var m = el("mark", "ins-point st-" + r.status); m.dataset.rec = i;
        if (i === cur) m.classList.add("cur"); m.title = r.code + ": " + r.message; frag.appendChild(m); } });
    if (e <= s) continue;
    var piece = t.slice(s, e), best = -1, ids = [];
    sg.r.forEach(function(i){ var r = recs[i];
      if (r.start - b <= s && r.end - b >= e && r.end > r.start){ ids.push(i);
        if (best < 0 || rank[r.status] > rank[recs[best].status]) best = i; } });
    if (best < 0){ txt(frag, piece); continue; }
    var m = tel("mark", "st-" + recs[best].status, piece);
    m.dataset.rec = best;
    if (ids.indexOf(cur) >= 0) m.classList.add("cur");
    m.title = ids.map(function(i){ return recs[i].code + " (" + recs[i].status + "): " + recs[i].message; }).join("\n");
    frag.appendChild(m);
  }
  return frag;
}
function fixNode(sg, kept){
  var t = sg.t, b = sg.b, frag = document.createDocumentFragment(), pos = 0;
  kept.forEach(function(i){
    var r = recs[i], s = r.start - b, e = r.end - b;
    if (s > pos) txt(frag, t.slice(pos, s));
    var title = r.code + ": " + r.message;
    if (e > s){ var d = tel("del", null, t.slice(s, e)); d.title = title; frag.appendChild(d); }
    if (r.after){ var n = tel("ins", null, r.after); n.title = title; frag.appendChild(n); }
    pos = e;
  });
  if (pos < t.length) txt(frag, t.slice(pos));
  return frag;
}
function show(s){ // line breaks and edge spaces visible in the change column
  return s.replace(/^ +| +$/g, function(m){ return "·".repeat(m.length); }).replace(/\n/g, "↵\n"); }
function clip(s, n){ return s.length > n ? s.slice(0, n - 1) + "…" : s; }
function findingNode(i, skipped){
  var r = recs[i], li = el("li", "fd st-" + r.status);
  li.dataset.editId = r.id; li.dataset.rec = i;
  if (r.status !== "note"){ li.classList.add("d-" + dec[i]); }
  if (touched[i]) li.classList.add("touched");
  if (i === cur) li.classList.add("cur");
  var ctl = el("span", "ctl");
  var a = el("button", "acc", "✓ accept"); a.dataset.editId = r.id; a.dataset.act = "accept";
  var j = el("button", "rej", "✗ reject"); j.dataset.editId = r.id; j.dataset.act = "reject";
  if (r.status !== "note"){ a.setAttribute("aria-pressed", String(dec[i] === "accept"));
    j.setAttribute("aria-pressed", String(dec[i] === "reject")); }
  ctl.appendChild(a); ctl.appendChild(j); li.appendChild(ctl);
  li.appendChild(el("span", "badge b-" + r.status, r.status === "suggested" ? "suggestion" : r.status));
  var w = el("span", "what");
  var c = el("span", "code", (r.codes || [r.code]).join("+")); var info = D.rules[r.code] || ["", ""];
  c.title = (info[0] ? info[0] + ": " : "") + (info[1] || ""); w.appendChild(c); w.appendChild(document.createTextNode(" "));
  var chg = el("span", "chg");
  if (r.status === "note"){ chg.appendChild(tel("mark", "st-note", clip(show(r.before), 60))); }
  else { if (r.before) chg.appendChild(tel("del", null, show(r.before)));
         chg.appendChild(document.createTextNode(" → "));
         if (r.after) chg.appendChild(tel("ins", null, show(r.after))); else chg.appendChild(el("i", null, "(delete)")); }
  w.appendChild(chg); w.appendChild(document.createTextNode(" "));
  w.appendChild(el("span", "msg", r.message));
  if (skipped && skipped[i] !== undefined){
    w.appendChild(el("div", "skip", "not applied: overlaps the kept " + recs[skipped[i]].code + " edit; reject that one to use this"));
  }
  li.appendChild(w);
  return li;
}
function segEl(s){
  var sg = segs[s], f = files[sg.f], box = el("div", "seg"); box.dataset.seg = s;
  PH = f.ph ? f : null;
  var loc = el("div", "loc");
  loc.appendChild(el("span", "file", f.path));
  loc.appendChild(el("span", null, (f.format === "text" || f.format === "markdown" || f.format === "html" ? "line " : "unit " + sg.u + " · line ") + (sg.l == null ? "?" : sg.l)));
  if (sg.id != null) loc.appendChild(el("span", "uid", "id " + sg.id));
  box.appendChild(loc);
  var ko = keptOf(sg);
  if (sg.s != null) box.appendChild(row("src", "source", sg.s));
  box.appendChild(row("mt", "MT", mtNode(sg)));
  box.appendChild(row("fix", "repaired", fixNode(sg, ko.kept)));
  if (sg.ref != null) box.appendChild(row("ref", "reference", sg.ref));
  if (sg.r.length){
    var ul = el("ul", "fs");
    sg.r.forEach(function(i){ if (recShown(i)) ul.appendChild(findingNode(i, ko.skipped)); });
    box.appendChild(ul);
  }
  return box;
}
function renderMore(upTo){
  var box = $("segs"), frag = document.createDocumentFragment();
  var stop = Math.min(shownSegs.length, Math.max(upTo || 0, rendered + BATCH));
  for (; rendered < stop; rendered++){
    var s = shownSegs[rendered], n = segEl(s); segNode[s] = n; frag.appendChild(n);
  }
  box.appendChild(frag);
}
function rerenderSeg(s){
  var old = segNode[s]; if (!old) return;
  var n = segEl(s); old.replaceWith(n); segNode[s] = n;
}
function rebuild(keepCur){
  computeShown();
  $("segs").textContent = ""; segNode = {}; rendered = 0;
  if (!keepCur || posOfRec[cur] === undefined) cur = shownRecs.length ? shownRecs[0] : -1;
  renderMore();
  $("empty").hidden = shownSegs.length > 0;
  $("shown").textContent = shownSegs.length + " segment(s), " + shownRecs.length + " finding(s) shown";
  document.querySelectorAll("#files a").forEach(function(a){ a.classList.toggle("on", a.dataset.f === F.file); });
  updateCounts();
}

// ---- counts -------------------------------------------------------------------------------
function updateCounts(){
  var c = {applied: [0, 0, 0], suggested: [0, 0, 0]}, notes = 0;
  for (var i = 0; i < recs.length; i++){
    var st = recs[i].status;
    if (st === "note"){ notes++; continue; }
    if (!touched[i]) c[st][2]++;
    if (dec[i] === "accept") c[st][0]++; else c[st][1]++;
  }
  var box = $("counts"); box.textContent = "";
  [["applied", "Applied edits"], ["suggested", "Suggestions"]].forEach(function(p){
    var s = el("span"); s.id = "count-" + p[0];
    s.appendChild(el("span", null, p[1] + ": "));
    s.appendChild(el("b", "n-acc", String(c[p[0]][0]))); s.appendChild(document.createTextNode(" accepted · "));
    s.appendChild(el("b", "n-rej", String(c[p[0]][1]))); s.appendChild(document.createTextNode(" rejected; "));
    s.appendChild(el("b", "n-pend", String(c[p[0]][2]))); s.appendChild(document.createTextNode(" of these not reviewed yet (default kept)"));
    box.appendChild(s);
  });
  var n = el("span"); n.id = "count-note"; n.appendChild(el("span", null, "Notes: ")); n.appendChild(el("b", null, String(notes)));
  box.appendChild(n);
}

// ---- decisions & navigation ---------------------------------------------------------------
function decide(i, d, advance){
  if (i < 0 || recs[i].status === "note") { if (advance) move(1); return; }
  dec[i] = d; touched[i] = 1;
  if (F.pending){ var s = recs[i]._seg; rerenderSeg(s); if (advance) move(1); updateCounts(); return; }
  rerenderSeg(recs[i]._seg);
  updateCounts();
  if (advance) move(1);
}
function setCur(i, scroll){
  var prev = cur; cur = i;
  if (prev >= 0) rerenderSeg(recs[prev]._seg);
  if (i < 0) return;
  var s = recs[i]._seg, k = shownSegs.indexOf(s);
  if (k >= rendered) renderMore(k + 1);
  rerenderSeg(s);
  if (scroll){
    var node = segNode[s] && segNode[s].querySelector('.fd[data-rec="' + i + '"]');
    // A segment off screen is not laid out (content-visibility:auto): its placeholder height
    // put a finding in a tall segment (the seed's boilerplate block) below the window. The
    // segment scrolled to is laid out at its real size first.
    // A finding taller than the part of the window below the header is shown from its top.
    if (node){
      segNode[s].style.contentVisibility = "visible";
      var free = window.innerHeight - (parseFloat(document.documentElement.style.getPropertyValue("--head")) || 0);
      node.scrollIntoView({block: node.getBoundingClientRect().height > free ? "start" : "center"});
    }
  }
}
function move(step){
  if (!shownRecs.length) return;
  var p = posOfRec[cur];
  p = p === undefined ? 0 : Math.max(0, Math.min(shownRecs.length - 1, p + step));
  setCur(shownRecs[p], true);
}
function bulk(d, pred){
  for (var i = 0; i < recs.length; i++){
    if (recs[i].status === "note" || !pred(i)) continue;
    dec[i] = d; touched[i] = 1;
  }
  rebuild(true);
}
function fileStep(step){
  if (files.length < 2) return;
  var f = F.file === "" ? (step > 0 ? 0 : files.length - 1) : (+F.file + step + files.length) % files.length;
  F.file = String(f); $("f-file").value = F.file; rebuild(false); window.scrollTo(0, 0);
}

// ---- export -------------------------------------------------------------------------------
function exportLines(){
  var out = [];
  for (var i = 0; i < recs.length; i++){
    var r = recs[i], f = files[segs[r._seg].f], o = {};
    Object.keys(r).forEach(function(k){ if (k !== "_seg") o[k] = r[k]; });
    o.path = f.path; o.format = f.format; o.sha256 = f.sha256;
    if (f.options) o.options = f.options;
    if (r.status !== "note") o.decision = dec[i];
    out.push(JSON.stringify(o));
  }
  return out.length ? out.join("\n") + "\n" : "";
}
window.mtfixReview = {exportLines: exportLines, decisions: function(){ return dec.slice(); },
                      decide: decide, records: recs};
function download(){
  var blob = new Blob([exportLines()], {type: "application/x-ndjson"});
  var a = document.createElement("a"); a.href = URL.createObjectURL(blob); a.download = "decisions.jsonl";
  document.body.appendChild(a); a.click();
  var n = dec.filter(function(d){ return d !== undefined; }).length;
  $("exported").textContent = "saved decisions.jsonl (" + n + " decisions, " + recs.length + " records) — run: mtfix apply decisions.jsonl -o OUT";
  setTimeout(function(){ URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// ---- wiring -------------------------------------------------------------------------------
function opt(sel, value, text){ var o = el("option", null, text); o.value = value; sel.appendChild(o); }
var fsel = $("f-file"); opt(fsel, "", "all files (" + files.length + ")");
files.forEach(function(f, k){ opt(fsel, String(k), f.path); });
var rsel = $("f-rule"); opt(rsel, "", "all rules");
var byRule = {};
recs.forEach(function(r){ var c = byRule[r.code] || (byRule[r.code] = {applied: 0, suggested: 0, note: 0}); c[r.status]++; });
Object.keys(byRule).sort().forEach(function(c){
  var n = byRule[c], name = (D.rules[c] || [""])[0];
  opt(rsel, c, c + (name ? " " + name : "") + " (" + (n.applied + n.suggested + n.note) + ")");
  var tr = el("tr"), td = el("td"); td.appendChild(el("span", "code", c)); tr.appendChild(td);
  tr.appendChild(el("td", null, name));
  ["applied", "suggested", "note"].forEach(function(s){ tr.appendChild(el("td", "num", String(n[s]))); });
  var act = el("td");
  var a = el("button", null, "accept all"); a.dataset.bulk = "accept"; a.dataset.rule = c;
  var r = el("button", null, "reject all"); r.dataset.bulk = "reject"; r.dataset.rule = c;
  var o = el("button", null, "show only"); o.dataset.only = c;
  act.appendChild(a); act.appendChild(r); act.appendChild(o); tr.appendChild(act);
  document.querySelector("#rules tbody").appendChild(tr);
});
if (files.length > 1){
  var nav = $("files"); nav.hidden = false;
  var all = el("a", null, "All files"); all.dataset.f = ""; nav.appendChild(all);
  files.forEach(function(f, k){
    var item = el("div", "fi");
    var slash = f.path.lastIndexOf("/");
    var a = el("a", null, f.path.slice(slash + 1)); a.dataset.f = String(k); a.title = f.path;
    if (slash > 0) a.appendChild(el("small", "dir", " " + f.path.slice(0, slash + 1)));
    item.appendChild(a);
    var c = f.counts || {}, line = el("div", "fc");
    var cnt = el("span", null, (c.applied || 0) + " applied · " + (c.suggested || 0) + " sugg. · " + (c.note || 0) + " notes");
    line.appendChild(cnt);
    var x = el("button", null, "accept all"); x.dataset.bulk = "accept"; x.dataset.file = String(k);
    var y = el("button", null, "reject all"); y.dataset.bulk = "reject"; y.dataset.file = String(k);
    line.appendChild(x); line.appendChild(y); item.appendChild(line);
    nav.appendChild(item);
  });
}
if (D.unchanged){ $("l-same").hidden = false; $("f-same").checked = F.same; }
function onFilter(){ F.file = fsel.value; F.rule = rsel.value; F.status = $("f-status").value;
  F.pending = $("f-pending").checked; F.same = $("f-same").checked; rebuild(false); }
["f-file", "f-rule", "f-status", "f-pending", "f-same"].forEach(function(id){ $(id).addEventListener("change", onFilter); });
$("bulk-accept").addEventListener("click", function(){ bulk("accept", function(i){ return posOfRec[i] !== undefined; }); });
$("bulk-reject").addEventListener("click", function(){ bulk("reject", function(i){ return posOfRec[i] !== undefined; }); });
$("export").addEventListener("click", download);
document.addEventListener("click", function(ev){
  var t = ev.target;
  if (!(t instanceof Element)) return;
  var b = t.closest("button");
  if (b && b.dataset.act){ ev.stopPropagation(); var li = b.closest(".fd"); var i = +li.dataset.rec;
    setCur(i, false); decide(i, b.dataset.act, false); return; }
  if (b && b.dataset.bulk){ ev.preventDefault(); ev.stopPropagation(); var d = b.dataset.bulk;
    if (b.dataset.rule){ var c = b.dataset.rule; bulk(d, function(i){ return recs[i].code === c || (recs[i].codes && recs[i].codes.indexOf(c) >= 0); }); }
    else if (b.dataset.file){ var f = +b.dataset.file; bulk(d, function(i){ return segs[recs[i]._seg].f === f; }); }
    return; }
  if (b && b.dataset.only){ rsel.value = b.dataset.only; onFilter(); return; }
  var a = t.closest("#files a");
  if (a){ F.file = a.dataset.f; fsel.value = F.file; rebuild(false); window.scrollTo(0, 0); return; }
  var fd = t.closest(".fd"); if (fd){ setCur(+fd.dataset.rec, false); return; }
  var mk = t.closest("mark[data-rec]"); if (mk && posOfRec[+mk.dataset.rec] !== undefined){ setCur(+mk.dataset.rec, false); }
});
document.addEventListener("keydown", function(ev){
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var tg = ev.target && ev.target.tagName;
  if (tg === "INPUT" || tg === "SELECT" || tg === "TEXTAREA") return;
  var k = ev.key;
  if (k === "j") move(1); else if (k === "k") move(-1);
  else if (k === "a") decide(cur, "accept", true); else if (k === "r") decide(cur, "reject", true);
  else if (k === "n") fileStep(1); else if (k === "p") fileStep(-1);
  else return;
  ev.preventDefault();
});
if ("IntersectionObserver" in window){
  new IntersectionObserver(function(es){ if (es[0].isIntersecting && rendered < shownSegs.length) renderMore(); },
                           {rootMargin: "1200px"}).observe($("more"));
} else {
  window.addEventListener("scroll", function(){ if (window.innerHeight + window.scrollY > document.body.offsetHeight - 1500) renderMore(); });
}
// The file list sticks just below the header, whose height the window's width decides (the
// bar wraps on a narrow window): --head follows the header's measured height. The root's
// scroll-padding-top is --head too: a finding scrolled to (scrollIntoView, centred) is centred
// in the part of the window the header leaves free, never under it. A header taller than
// half the window (a narrow, short one: 352 px of 377 at 480 px wide) does not stick: it
// scrolls away with the page, and --head is 0.
var head = $("top");
function headHeight(){
  var flat = head.offsetHeight > window.innerHeight / 2;
  head.classList.toggle("flat", flat);
  document.documentElement.style.setProperty("--head", (flat ? 0 : head.offsetHeight) + "px");
}
headHeight();
if ("ResizeObserver" in window) new ResizeObserver(headHeight).observe(head);
window.addEventListener("resize", headHeight);
rebuild(false);
window.mtfixReady = performance.now();
document.documentElement.dataset.ready = "1";
})();
"""
