"""Document.reshapes_protected answers without the rescan when every touching span is a tag
or a {name} placeholder (Document._tags_stay): on any line and edit it must answer what the rescan answers."""

from hypothesis import given, settings, strategies as st

from mtfix.rules.base import Document

PIECES = ["<b>", "</b>", '<g id="1">', "</g>", "<br/>", "<!-- c -->", "{{x}}", "${y}", "{n}",
          "{mtfix1}", "{mtfix2}", "kata", " ", "  ", "12", "www.e.com", "a@b.id", "-->", "<!",
          "<", ">", "!", "{", "}", "$", "}}", "x.y", "%s", "\n"]
CONTENTS = ["", " ", "x", "<", "!", "{", "{{", "<!--", "-->", "}}", ">", "a b", "<i>", "$", "}",
            "{mtfix3}"]


def _rescan(doc, start, end, content):
    saved = Document._tags_stay
    Document._tags_stay = lambda *a: False
    try:
        return Document(doc.text).reshapes_protected(start, end, content)
    finally:
        Document._tags_stay = saved


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14), st.data())
def test_same_answer_as_the_rescan(pieces, data):
    text = "".join(pieces)
    doc = Document(text)
    # edits at span edges are the ones the fast path answers: pick such points often
    cuts = sorted({0, len(text)} | {sum(map(len, pieces[:k])) for k in range(len(pieces) + 1)})
    start = data.draw(st.sampled_from(cuts))
    end = data.draw(st.sampled_from([c for c in cuts if c >= start]))
    if "\n" in text[start:end]:
        end = start
    content = data.draw(st.sampled_from(CONTENTS))
    assert doc.reshapes_protected(start, end, content) == _rescan(doc, start, end, content)


def test_a_tag_beside_an_edit_needs_no_rescan_and_a_placeholder_does():
    doc = Document('<g id="1">kata</g>  lain')
    assert doc._tags_stay([(14, 18)], 0, 0, 18, 20, " ") is True
    assert doc.reshapes_protected(18, 20, " ") is False
    doc = Document("{{ a <b>kata</b>  }}")
    assert doc._tags_stay([(12, 16)], 0, 0, 16, 18, " ") is False
    doc = Document("kata {mtfix1}  lain")
    assert doc._tags_stay([(5, 13)], 0, 0, 13, 15, " ") is True
    doc = Document("kata $ {mtfix1} lain")  # deleting the space makes ${mtfix1}
    assert doc._tags_stay([(7, 15)], 0, 0, 6, 7, "") is False
    assert doc.reshapes_protected(6, 7, "") is True
