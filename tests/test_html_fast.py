"""The HTML fast paths against html.parser (the reference they replace).

- ``_html_fast_events`` (one regular expression for a strict, well-formed subset; html.parser
  from the first construct outside it) must give exactly :class:`markup._HTMLEvents`' events;
- ``_html_plain`` (the prose mark of a document without masked elements, in one split) must
  give the mark made from those events, and ``_html_prose`` must for every document;
- ``_html_same_constructs`` (the structure guard of such a document) may say "kept" only
  where html.parser's signature is the same, and the render must not depend on it;
- ``_mask`` (shared with Markdown; its runs from one split) must mask as it did.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mtfix.formats import markup
from mtfix.formats.markup import parse_html
from gen_util import draw_prose_edits

SEED = Path(__file__).parent / "fixtures" / "formats" / "seed_article.html"

# The fast subset, and around it everything it must leave to html.parser (or read as it does).
FAST = ["<p>", "</p>", "<b>", "</b>", "<P>", "</P >", "<br/>", "<br />", "<img src=\"a.png\">",
        "<a href='x y'>", "<a href=x>", "<a href=x/>", "<td colspan = 2 nowrap>", "</a>",
        "<my-tag data-x=\"1\">", "<!DOCTYPE html>", "<!doctype x>", "<!-- c -->", "<!---->",
        "<!-- a - b -->", "&amp;", "&amp", "&#39;", "&#x27;", "&#12", "&T", "&T.", "&a-b;",
        "&", " & ", "<", " < ", "a", "kata", " ", "  ", "\n", "\r\n", "\t", "x", ".", "-",
        ">", "=", "\"", "'", "<script>a < b && c</script>", "<style>p > b {}</STYLE>",
        "<SCRIPT type=\"x\">if (a</SCRIPT>", "<pre>a  b</pre>", "<code>", "</code>",
        "<span translate=\"no\">", "<span class=\"notranslate x\">", "</span>",
        "<span class=\"no&#116;ranslate\">", "<title>", "</title>", "<textarea>", "</textarea>"]
ODD = ["<!-->", "<!--->", "<!-- a -- b -->", "<!-- x --!>", "<![CDATA[x]]>", "<?pi x?>",
       "<!x>", "<p", "<a href='x>", "<a b='1'c>", "</ p>", "</3>", "</>", "</p a>", "&#",
       "&#x;", "&#12a;", "&#xg", "<p\u00a0>", "<p\x0b>", "<a b\u00a0=1>", "<a b=c\u00a0d>",
       "<a b==c>", "<a b= >", "<a\nhref=\"1\"\n>", "<script>x</div>y</script>",
       "<script>a<!--b--></script>", "<script>a</script >", "<style>", "<a/b>", "<p/ >",
       "</script>", "<a b=`c`>", "<a ='x'>", "<x:y>", "<a b=c/>", "\x00", "<!DOCTYPE"]


def slow_events(text):
    return markup._html_slow_events(text, 0, [])


def reference_events(text, monkeypatch):
    """markup._html_events with html.parser for all of it."""
    with monkeypatch.context() as m:
        m.setattr(markup, "_html_fast_ok", lambda: False)
        return markup._html_events(text)


def reference_prose(text, monkeypatch):
    events = reference_events(text, monkeypatch)
    mark = bytearray(len(text))
    for start, kind, payload, prose in events:
        if prose:
            mark[start:start + len(payload)] = b"\x01" * len(payload)
    return mark


def test_the_probe_passes_here():
    """Else every test below would compare html.parser with itself."""
    assert markup._html_fast_ok()


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FAST), max_size=20))
def test_events_of_the_subset(pieces):
    text = "".join(pieces)
    assert markup._html_fast_events(text) == slow_events(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FAST + ODD), max_size=20))
def test_events_with_odd_constructs(pieces):
    text = "".join(pieces)
    assert markup._html_fast_events(text) == slow_events(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="<>/!-&#;=\"' \nabpx0\u00a0", max_size=40))
def test_events_of_any_text(text):
    assert markup._html_fast_events(text) == slow_events(text)


def test_the_subset_takes_no_html_parser(monkeypatch):
    """A well-formed document is tokenized without html.parser at all, a script and its
    attributes included; the first odd construct hands the rest over."""
    def refuse(text, start, events):
        raise AssertionError(f"html.parser from {start}")
    text = SEED.read_text(encoding="utf-8")
    expected = slow_events(text)
    monkeypatch.setattr(markup, "_html_slow_events", refuse)
    assert markup._html_fast_events(text) == expected
    with pytest.raises(AssertionError, match="html.parser from 9"):
        markup._html_fast_events("<p>a</p>\n<![CDATA[x]]>")


def test_seed_article(monkeypatch):
    text = SEED.read_text(encoding="utf-8")
    assert markup._html_events(text) == reference_events(text, monkeypatch)
    assert markup._html_prose(text) == reference_prose(text, monkeypatch)


def test_a_probe_that_fails_turns_the_fast_way_off(monkeypatch):
    monkeypatch.setattr(markup, "_html_fast_checked", [False])
    monkeypatch.setattr(markup, "_html_fast_events", None)   # would raise if called
    text = "<p>a &amp; b</p>\n"
    assert markup._html_raw_events(text) == slow_events(text)
    assert markup._html_plain(text) is None


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FAST + ODD), max_size=20))
def test_prose_mark(pieces):
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        expected = reference_prose(text, mp)
    plain = markup._html_plain(text)
    if plain is not None:
        assert plain[0] == expected
    assert markup._html_prose(text) == expected


def test_plain_documents_take_the_split():
    for text in ["<p>x  y</p>\n", "<p><b>a</b> &amp; b & c < d</p>", "<!DOCTYPE html><p>a",
                 "<a href=\"x\">a</a>\n<br/>", ""]:
        assert markup._html_plain(text) is not None, text
    for text in ["<pre>a</pre>", "<p translate=no>", "<a title=\"a&amp;b\">", "<p>a<!-->",
                 "<SCRIPT>x</SCRIPT>", "<p>translate</p>"]:
        assert markup._html_plain(text) is None, text


EDITS = [("  ", " "), (" ,", ","), ("a", "b"), (" ", ""), ("kata", "kata kata"), ("x", "<"),
         (" b", "b"), ("kata", "&kata"), ("-", " - "), (" ", ";"), (".", ""), ("x", "y")]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([p for p in FAST + ODD if p != "\x00"]), min_size=1,
                max_size=16), st.data())
def test_the_constructs_guard(pieces, data):
    """Edits in prose (as unmasking makes them): where the constructs guard says the
    structure is kept, html.parser's signature is the original's; the render is the one the
    tokenizing guard makes."""
    doc = "".join(pieces)
    f = parse_html(doc.encode(), "a.html")
    prose = markup._html_prose(doc)
    new = draw_prose_edits(data, doc, prose, EDITS, 4)
    if new is None:
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(markup, "_html_fast_ok", lambda: False)
        same = markup.html_signature(new) == markup.html_signature(doc)
    if f._html_constructs is not None and markup._html_same_constructs(new,
                                                                        f._html_constructs):
        assert same
    fast = f._keep_structure(new)
    f._orig_sig, f._html_constructs = None, None
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(markup, "edits_keep_html_structure", lambda old, new: False)
        mp.setattr(markup, "_html_fast_ok", lambda: False)
        assert fast == f._keep_structure(new)


def test_the_constructs_guard_by_hand():
    f = parse_html(b"<p>x  y</p>\n<p>a &amp b</p>\n<p>a & b</p>\n", "a.html")
    keep = f._html_constructs
    assert keep == ["<p>", "</p>", "<p>", "&amp", "</p>", "<p>", "</p>"]
    assert markup._html_same_constructs("<p>x y</p>\n<p>a &amp b</p>\n<p>a &  b</p>\n", keep)
    assert not markup._html_same_constructs("<p>x y</p>\n<p>a &ampb</p>\n<p>a & b</p>\n", keep)
    assert not markup._html_same_constructs("<p>x y</p>\n<p>a &amp b</p>\n<p>a &b</p>\n", keep)
    assert not markup._html_same_constructs("<p>x y</p>\n<p>a &amp b</p>\n<p>a <b</p>\n", keep)
    # a lone "&" is data wherever a character follows it; at the very end html.parser keeps
    # it back (then hands it over as data): not the subset
    keep = parse_html(b"<p>a</p> & ", "a.html")._html_constructs
    assert markup._html_same_constructs("<p>a</p>  & ", keep)
    assert not markup._html_same_constructs("<p>a</p> &", keep)


def reference_mask(text, is_text):
    """markup._mask as it was, a match object and a formatting a run."""
    import re
    from itertools import chain
    prefix = markup._choose_prefix(text)
    mark = bytearray(is_text)
    newlines = [m.start() for m in re.finditer("\n", text)]
    for nl in newlines:
        mark[nl] = 2
    if "\r\n" in text:
        for m in re.finditer("\r\n", text):
            mark[m.start()] = 2
    line_starts = [0] + [nl + 1 for nl in newlines]
    spans = [m.span() for m in re.finditer(b"\x00+", mark)]
    run_starts = [a for a, _ in spans]
    run_ends = [b for _, b in spans]
    originals = [text[a:b] for a, b in spans]
    prose = [text[b:a] for b, a in zip([0] + run_ends, run_starts + [len(text)])]
    holders = ["{%s%d}" % (prefix, n) for n in range(len(spans))]
    target = "".join(chain.from_iterable(zip(prose, holders))) + prose[-1]
    return markup._Masked(prefix, text, run_starts, run_ends, originals, line_starts, target)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "<p>", "\n", "\r\n", "\r", "{mtfix0}", " ",
                                           "é", "x y"]), st.booleans()), max_size=24))
def test_mask(parts):
    """Any text and prose mark (each part prose or not) masks as it did."""
    text = "".join(p for p, _ in parts)
    mark = bytearray(b"".join((b"\x01" if prose else b"\x00") * len(p) for p, prose in parts))
    assert markup._mask(text, mark) == reference_mask(text, mark)


def test_mask_of_documents():
    text = SEED.read_text(encoding="utf-8")
    mark = markup._html_prose(text)
    assert markup._mask(text, mark) == reference_mask(text, mark)
