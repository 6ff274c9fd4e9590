"""An XLIFF/TMX target's placeholder view (text runs, their byte slots, the placeholders) from
the one-loop walk is what the recursive walk it replaced gave (kept here as the oracle), on
generated inline content: nested containers, atoms, comments, PIs, ids in every attribute."""

from hypothesis import given, settings, strategies as st

from mtfix.formats import FormatOptions
from mtfix.formats import l10n
from mtfix.formats.l10n import _CONTAINERS, _ID_ATTRS, _PH_CHARS, _Target, _localname


def _view_oracle(tree, el):
    runs, slots, marks = [], [], []
    run_start = [tree.span[el].start_end if el in tree.span else -1]

    def text(t, begin):
        runs.append(t or "")
        run_start[0] = begin

    def mark(kind, base, start, end):
        slots.append((run_start[0], start))
        marks.append((kind, base, start, end))

    def walk(node):
        for c in node:
            sp = tree.span[c]
            name = _localname(c)
            base = "comment" if name == "#comment" else "pi" if name == "#pi" else name
            ident = next((c.get(a) for a in _ID_ATTRS if name[0] != "#" and c.get(a)), "")
            base += _PH_CHARS.sub("", ident)
            if name in _CONTAINERS:
                mark("open", base, sp.start, sp.start_end)
                text(c.text, sp.start_end)
                walk(c)
                mark("close", base, sp.end_start, sp.end)
            else:
                mark("atom", base, sp.start, sp.end)
            text(c.tail, sp.end)

    text(el.text, tree.span[el].start_end)
    walk(el)
    slots.append((run_start[0], tree.span[el].end_start))
    placeholders = l10n._placeholder_names(marks, "".join(runs))
    view = runs[0] + "".join(p + r for p, r in zip(placeholders, runs[1:]))
    return _Target(view, runs, slots, placeholders)


WORDS = ["", "kata", "  lain ", "a &amp; b", "x&lt;g1&gt;", "<![CDATA[c]]>", " "]


@st.composite
def content(draw, depth=0):
    parts = [draw(st.sampled_from(WORDS))]
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        kind = draw(st.sampled_from(["g", "mrk", "x", "ph", "bpt", "comment", "pi"]))
        attr = draw(st.sampled_from(["", ' id="1"', ' id="a b/2"', ' mid="m"', ' x="3"',
                                     ' id=""', ' i="7" id="2"', ' ctype="bold"']))
        if kind == "comment":
            parts.append("<!-- note -->")
        elif kind == "pi":
            parts.append("<?pi data?>")
        elif kind in ("g", "mrk"):
            inner = draw(content(depth + 1))
            parts.append(f"<{kind}{attr}>{inner}</{kind}>" if inner or draw(st.booleans())
                         else f"<{kind}{attr}/>")
        elif kind == "bpt":
            parts.append(f"<bpt{attr}>&lt;b&gt;</bpt>")
        else:
            parts.append(f"<{kind}{attr}/>")
        parts.append(draw(st.sampled_from(WORDS)))
    return "".join(parts)


def _targets(data):
    from translate.storage.xliff import xlifffile

    encoding, _, spans = l10n._load(data, "t.xlf", "xliff", "an XLIFF")
    store = xlifffile.parsestring(data)
    tree = l10n._Tree(data, "t.xlf", encoding, store, spans)
    for u in store.units:
        for name in ("target", "source"):
            el = l10n._child(u.xmlelement, name)
            if el is not None:
                yield tree, el


@settings(max_examples=200, deadline=None)
@given(st.lists(content(), min_size=1, max_size=3))
def test_view_as_the_recursive_walk(targets):
    units = "".join(f'<trans-unit id="{k}"><source>s <g id="1">t</g></source>'
                    f"<target>{t}</target></trans-unit>" for k, t in enumerate(targets))
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
            'source-language="en" target-language="id" datatype="plaintext"><body>'
            f"{units}</body></file></xliff>\n").encode("utf-8")
    n = 0
    for tree, el in _targets(data):
        assert l10n._placeholder_view(tree, el) == _view_oracle(tree, el)
        n += 1
    assert n == 2 * len(targets)
    # and the parse as a whole still reads it
    assert len(l10n.parse_xliff(data, "t.xlf", FormatOptions()).units) <= len(targets)
