"""MarkupFile._keep_structure skips the second tokenization of HTML when
edits_keep_html_structure proves the structure kept: on any document and prose edits it must
give what the tokenizing guard gives."""

from hypothesis import given, settings, strategies as st

from mtfix.formats import markup
from mtfix.formats.markup import edits_keep_html_structure, parse_html
from gen_util import draw_prose_edits

PIECES = ["<p>", "</p>", "<b>", "</b>", "<br/>", "<!-- c -->", "&amp;", "&T", "a", "kata", " ",
          "  ", "<", ">", "< b", "x", "\n", "<a href=\"x  y\">", "</a>", "<script>a  b</script>",
          "lain", ".", ",", "-"]
EDITS = [("  ", " "), (" ,", ","), ("a", "b"), (" ", ""), ("kata", "kata kata"), ("x", "<"),
         (" b", "b"), ("lain", "&lain"), ("-", " - ")]


def _guarded(f, text, fast):
    saved = markup.edits_keep_html_structure
    if not fast:
        markup.edits_keep_html_structure = lambda old, new: False
    try:
        f._orig_sig = None
        f._html_constructs = None   # edits_keep_html_structure, not the constructs' guard
        return f._keep_structure(text)
    finally:
        markup.edits_keep_html_structure = saved


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=16), st.data())
def test_same_as_the_tokenizing_guard(pieces, data):
    _same_as_the_tokenizing_guard("".join(pieces), data, 3)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([p for p in PIECES if "\n" not in p]), min_size=1,
                max_size=24), st.data())
def test_same_as_the_tokenizing_guard_on_one_line(pieces, data):
    """Many edits on one line of tags: the line is cut at its ``<`` and ``>``."""
    _same_as_the_tokenizing_guard("".join(pieces), data, 8)


def _same_as_the_tokenizing_guard(doc, data, most):
    f = parse_html(doc.encode(), "a.html")
    prose = markup._html_prose(doc)
    # edits in prose only, as unmasking makes them: applied right to left in the original
    new = draw_prose_edits(data, doc, prose, EDITS, most)
    if new is None:
        return
    assert _guarded(f, new, True) == _guarded(f, new, False)


def test_what_it_refuses():
    assert edits_keep_html_structure("<p>x  y</p>", "<p>x y</p>")
    assert not edits_keep_html_structure("<p>a < b</p>", "<p>a <b</p>")
    assert not edits_keep_html_structure("<p>AT&T  x</p>", "<p>AT&T x</p>")
    assert not edits_keep_html_structure("<p>x  <b>a < b</b>", "<p>x <b>a <b</b>")
    assert not edits_keep_html_structure("<p>x  <b>y</b>", "<p>x <b>y</b>>")
    # edits between tags: each piece between a "<" and a ">" alone
    assert edits_keep_html_structure("<p>x  <b>y  </b></p>", "<p>x <b>y </b></p>")


def test_a_broken_character_reference_sends_the_document_to_the_tokenizer():
    """A "&#" without a complete reference changes how html.parser reads later lines: an
    edit in a tag on the next line must not pass (hypothesis found it in `make test`)."""
    old = '&#xg\n<my-tag data-x="1">'
    new = '&#xg\n<my-tag;data-x="1">'
    assert not edits_keep_html_structure(old, new)
    f = parse_html(old.encode(), "a.html")
    assert f._keep_structure(new) == old
    assert edits_keep_html_structure("&#8217; x\n<p>a  b</p>", "&#8217; x\n<p>a b</p>")
