"""The review page as HTML (no browser): self-contained, escaped, data complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mtfix.reporting.review import render_review_page
from mtfix.review.findings import findings_for_file
from mtfix.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_self_contained_and_complete():
    ff = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    html = render_review_page([ff], title="seed")
    assert "http://" not in html and "https://" not in html.replace("https://example", "")
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    d = _data(html)
    assert [r["id"] for r in d["recs"]] == [r["id"] for r in ff.records]
    assert d["files"][0]["sha256"] == ff.sha256
    # records travel without the per-file keys; everything else is there
    full = {r["id"]: r for r in ff.records}
    for r in d["recs"]:
        assert {k: v for k, v in full[r["id"]].items()
                if k not in ("path", "format", "sha256", "options")} == \
            {k: v for k, v in r.items() if k != "_seg"}
    # segments hold their records' spans
    for s in d["segs"]:
        for i in s["r"]:
            r = d["recs"][i]
            assert s["t"][r["start"] - s["b"]:r["end"] - s["b"]] == r["before"]
    # the help line names the keys
    assert "next/previous finding" in html and "Export decisions" in html


def test_untrusted_text_cannot_close_the_script(tmp_path):
    p = tmp_path / "evil.txt"
    p.write_text("a </script><script>alert(1)</script> <!-- b b\n\u2028x x\n", encoding="utf-8")
    ff = findings_for_file(str(p))
    html = render_review_page([ff], title="</title><script>alert(2)</script>")
    assert html.count("</script>") == 2  # the data block and the page's own script
    assert "<script>alert" not in html
    assert "&lt;/title&gt;&lt;script&gt;" in html
    d = _data(html)
    assert "</script><script>alert(1)</script>" in d["segs"][0]["t"]


def test_unchanged_segments_only_on_request():
    ff = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    few = _data(render_review_page([ff]))
    many = _data(render_review_page([ff], show_unchanged=True))
    assert all(s["r"] for s in few["segs"])
    assert len(many["segs"]) > len(few["segs"]) and many["unchanged"] is True


def test_sources_and_references(tmp_path):
    tgt = "Harga naik 6,6 persen.\nDia pergi ke ke pasar.\n"
    src = "Prices rose by 16.6 percent.\nHe went to the market.\n"
    ref = "Harga naik 16,6 persen.\nDia pergi ke pasar.\n"
    p = tmp_path / "t.txt"
    p.write_text(tgt, encoding="utf-8")
    ff = findings_for_file(str(p), source=src, reference=ref)
    d = _data(render_review_page([ff]))
    by_line = {s["l"]: s for s in d["segs"]}
    assert by_line[1]["s"] == "Prices rose by 16.6 percent." and by_line[1]["ref"] == ref.split("\n")[0]
    assert by_line[2]["s"] == "He went to the market."
    po = findings_for_file(str(FIXTURES / "formats" / "bilingual_news.po"))
    d = _data(render_review_page([po]))
    assert d["segs"][0]["s"] == "The Group of Seven leaders met in Hiroshima."


def test_multi_line_record_is_one_segment():
    ff = findings_for_file(str(FIXTURES / "seed_article.txt"), Settings(mode="article"))
    d = _data(render_review_page([ff]))
    bp = next(r for r in d["recs"] if r["code"] == "BP001")
    seg = d["segs"][bp["_seg"]]
    assert "Source link" in seg["t"] and seg["t"].startswith("Kunjungan Lee")


def test_markup_placeholders_travel_with_the_file():
    ff = findings_for_file(str(FIXTURES / "formats" / "seed_article.html"))
    d = _data(render_review_page([ff]))
    ph = d["files"][0]["ph"]
    assert ph and ph["prefix"] and any("<" in o for o in ph["originals"])
