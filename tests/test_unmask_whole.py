"""MarkupFile.unmask puts the placeholders of the whole target back at once when they, the
line breaks and the special characters come in the masked target's order
(MarkupFile._unmask_whole): on any document and any changed target it must give what the
line-by-line way gives (placeholders lost, moved, doubled, invented; a stray prefix; special
characters added or taken away; line breaks and their carriage returns changed)."""

import re

from hypothesis import given, settings, strategies as st

from mtfix.formats.markup import parse_html, parse_markdown

_TEXT = ["kata", " ", "  ", "x", "sela -sela", "{mtfix0}", "{mtfix", "é", ",", "<", "&", "`",
         "\\", "a < b"]
_HTML = ["<b>", "</b>", "<p>", "</p>", "&amp;", "<!-- c -->", "<code>a</code>", "<br/>",
         "\n", "\r\n", "\n\n"]
_MD = ["# ", "- ", "> ", "`a  b`", "*", "[a](u)", "<b>", "&amp;", "\\*", "|", "\n", "\r\n",
       "\n\n", "  \n"]
_CHANGES = ["", " ", "x", "<", "&", "`", "\\", "\n", "\r", "\r\n", "{mtfix", "{mtfix_0_",
            "{mtfix0}", "{mtfix1}", "{mtfix2}", "{mtfix_0_0}", "kata"]


def _change(target, data):
    """A target changed at a few places: text replaced by a piece, placeholders dropped,
    doubled, swapped or moved."""
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["replace", "replace", "drop", "double", "swap",
                                          "move"]))
        holders = [m.span() for m in re.finditer(r"\{mtfix(?:_\d+_)?\d+\}", target)]
        if kind != "replace" and holders:
            a, b = data.draw(st.sampled_from(holders))
            if kind == "drop":
                target = target[:a] + target[b:]
            elif kind == "move":   # elsewhere in the text, often in its own line
                rest = target[:a] + target[b:]
                i = data.draw(st.integers(max(0, a - 6), min(len(rest), a + 6)))
                target = rest[:i] + target[a:b] + rest[i:]
            elif kind == "double":
                target = target[:b] + target[a:b] + target[b:]
            else:
                c, d = data.draw(st.sampled_from(holders))
                if (a, b) != (c, d):
                    (a, b), (c, d) = sorted([(a, b), (c, d)])
                    target = target[:a] + target[c:d] + target[b:c] + target[a:b] + target[d:]
            continue
        i = data.draw(st.integers(0, len(target)))
        j = data.draw(st.integers(i, min(len(target), i + 3)))
        target = target[:i] + data.draw(st.sampled_from(_CHANGES)) + target[j:]
    return target


def _both(pf, target):
    whole = pf._unmask_whole(target) if target != pf.masked.target else None
    split = pf._changed_lines(target)
    if split is not None and target != pf.masked.target:   # the lines unmask splits, given
        assert pf._unmask_whole(target, split) == whole
        assert pf._unmask_lines(target, split) == pf._unmask_lines(target)
    return whole, pf._unmask_lines(target)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(["md", "html"]), st.lists(st.sampled_from(_TEXT), max_size=20),
       st.lists(st.sampled_from(_MD + _HTML), max_size=12), st.data())
def test_same_as_line_by_line(kind, text, markup, data):
    pieces = text + markup
    order = data.draw(st.permutations(pieces))
    doc = "".join(order).encode()
    pf = (parse_markdown if kind == "md" else parse_html)(doc, "doc")
    target = _change(pf.units[0].target, data)
    whole, lines = _both(pf, target)
    if whole is not None:
        assert whole == lines
    assert pf.unmask(target) == lines


def test_whole_way_taken_for_a_repaired_list():
    doc = "".join(f"- kata {k}  lain\r\n" for k in range(50)) + "- `a` kata  x"
    pf = parse_markdown(doc.encode(), "doc")
    target = pf.units[0].target.replace("  ", " ")
    whole = pf._unmask_whole(target)
    assert whole is not None and whole == pf._unmask_lines(target)
    assert whole == doc.replace("  ", " ")
    # an added backtick: line by line
    assert pf._unmask_whole(target.replace("kata 3 ", "kata` 3 ")) is None
