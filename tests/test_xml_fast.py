"""The XML (XLIFF/TMX) fast paths agree with the ways they replaced, kept here as oracles."""

from hypothesis import given, settings, strategies as st

from mtfix.formats import FormatOptions
from mtfix.formats import l10n

RUN = st.lists(st.sampled_from(["a", " ", "&", "<", ">", "\r", "\n", "\0", "é", "\ud800",
                               "€", "g1", "😀"]), max_size=6).map("".join)


def _escape_oracle(edits, data, encoding):
    return [(a, b, l10n._escape(x, data[a:b], encoding)) if isinstance(x, str) else (a, b, x)
            for a, b, x in edits]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(RUN, st.booleans(), st.booleans()), min_size=1, max_size=8),
       st.sampled_from(["utf-8", "iso8859-1", "cp1252"]))
def test_escape_runs_as_one_escape_per_run(runs, encoding):
    # raw bytes: one slot per run, some holding CRLF; some edits are a state attribute's bytes
    data = b""
    edits = []
    for text, crlf, state in runs:
        a = len(data)
        data += b"x\r\ny" if crlf else b"x\ny"
        edits.append((a, len(data), text))
        if state:
            edits.append((a, a, b' state="translated"'))
    assert l10n._escape_runs(edits, data, encoding) == _escape_oracle(edits, data, encoding)


def test_escape_runs_whole_file_crlf_and_nul():
    # a CRLF file: the runs whose bytes hold CRLF get CRLF, the others keep LF
    data = b"<t>a\r\nb</t><t>c</t>\r\n"
    edits = [(3, 7, "x\ny & <z>\r"), (13, 14, "p\nq")]
    got = l10n._escape_runs(edits, data, "utf-8")
    assert got == [(3, 7, b"x\r\ny &amp; &lt;z&gt;&#13;"), (13, 14, b"p\nq")]
    # a run holding a NUL takes the one-by-one way, with the same result
    edits = [(3, 7, "x\0y"), (13, 14, "\0")]
    assert l10n._escape_runs(edits, data, "utf-8") == _escape_oracle(edits, data, "utf-8")


# The expat pass as it was (one _tag_end and one root test per element), the oracle of
# l10n._xml_scan.
def _scan_oracle(data: bytes, path: str):
    """Check well-formedness and safety with expat; return the root's local name and
    attributes, and the byte spans of every element, comment and PI inside the root, in
    document order."""
    from xml.parsers import expat

    spans: list[_Span] = []
    stack: list[_Span] = []
    root: list[tuple[str, dict[str, str]]] = []

    p = expat.ParserCreate()

    def forbid_entity(name, *args):
        raise l10n._Forbidden(f"entity declarations are not allowed (entity {name!r}); "
                         "refusing a possible entity-expansion or external-entity attack")

    def forbid_external(*args):
        raise l10n._Forbidden("external entities are not allowed")

    def forbid_skipped(name, is_param):
        raise l10n._Forbidden(f"undeclared entity reference &{name};")

    def start(name, attrs):
        pos = p.CurrentByteIndex
        se = l10n._tag_end(data, pos)
        empty = data[se - 2:se] == b"/>"
        sp = l10n._Span(name.rpartition(":")[2], pos, se, se if empty else -1, se if empty else -1)
        if not root:
            root.append((sp.name, dict(attrs)))
        else:
            spans.append(sp)
        stack.append(sp)

    def end(name):
        sp = stack.pop()
        if sp.end < 0:
            pos = p.CurrentByteIndex
            sp.end_start = pos
            sp.end = l10n._tag_end(data, pos)

    def other(kind):
        def handler(*args):
            if stack:
                pos = p.CurrentByteIndex
                close = b"-->" if kind == "#comment" else b"?>"
                e = data.index(close, pos) + len(close)
                spans.append(l10n._Span(kind, pos, e, e, e))
        return handler

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CommentHandler = other("#comment")
    p.ProcessingInstructionHandler = other("#pi")
    p.EntityDeclHandler = forbid_entity
    p.UnparsedEntityDeclHandler = forbid_entity
    p.ExternalEntityRefHandler = forbid_external
    p.SkippedEntityHandler = forbid_skipped
    try:
        p.Parse(data, True)
    except l10n._Forbidden as e:
        raise l10n.InputError(f"{path}: {e}") from None
    except expat.ExpatError as e:
        raise l10n.InputError(f"{path}: {l10n._one_line(e)}") from None
    except ValueError as e:
        raise l10n.InputError(f"{path}: {l10n._one_line(e)}") from None
    if not root:
        raise l10n.InputError(f"{path}: no root element")
    return root[0][0], root[0][1], spans



def _spans(r):
    return r[0], r[1], [(s.name, s.start, s.start_end, s.end_start, s.end) for s in r[2]]


def _scan_or_error(fn, data):
    try:
        return _spans(fn(data, "t.xml"))
    except l10n.InputError as e:
        return str(e)


@st.composite
def xml_doc(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
        kind = draw(st.sampled_from(["g", "x:y", "ph", "comment", "pi", "text", "cdata"]))
        attr = draw(st.sampled_from(["", ' id="1"', " a='>'", ' b=">\'" c="/>"', "  ",
                                     ' xmlns:x="u" x:i="2"']))
        if kind == "comment":
            parts.append("<!-- a > b -->")
        elif kind == "pi":
            parts.append("<?pi d > e?>")
        elif kind == "text":
            parts.append(draw(st.sampled_from(["t", " &amp; ", "a > b", "\r\n", "é"])))
        elif kind == "cdata":
            parts.append("<![CDATA[<g>]]>")
        else:
            inner = draw(xml_doc(depth + 1))
            tail = draw(st.sampled_from(["", " ", "\n"]))
            if inner or draw(st.booleans()):
                parts.append(f"<{kind}{attr}>{inner}</{kind}{tail}>")
            else:
                parts.append(f"<{kind}{attr}{tail}/>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(xml_doc(), st.sampled_from(["", "<!-- c -->", "<?p?>\n"]),
       st.sampled_from(["", ' xmlns:x="u"', ' version="1.2" a=">"']))
def test_xml_scan_as_the_old_pass(body, outside, root_attrs):
    data = (f'<?xml version="1.0"?>\n{outside}<x:root xmlns:x="u"{root_attrs}>{body}'
            f"</x:root >{outside}").encode("utf-8")
    assert _scan_or_error(l10n._xml_scan, data) == _scan_or_error(_scan_oracle, data)
    # and cut short (not well-formed), the same error
    cut = data[:len(data) * 2 // 3]
    assert _scan_or_error(l10n._xml_scan, cut) == _scan_or_error(_scan_oracle, cut)


def test_xml_scan_refusals_as_the_old_pass():
    for data in [b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', b"<r>&nope;</r>", b"",
                 b'<!DOCTYPE r SYSTEM "http://x/y.dtd"><r>&e;</r>', b"<r><a></r>"]:
        assert _scan_or_error(l10n._xml_scan, data) == _scan_or_error(_scan_oracle, data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "\n", "\r\n", "bc"]), max_size=30),
       st.lists(st.integers(0, 60), max_size=12))
def test_tree_line_as_bisection(pieces, offsets):
    import bisect
    import re

    data = "".join(pieces).encode()
    tree = l10n._Tree.__new__(l10n._Tree)
    tree.data, tree._newlines, tree._at, tree._line = data, None, 0, 1
    newlines = [m.start() for m in re.finditer(rb"\n", data)]
    for off in offsets:  # in any order: forward counted, backward bisected
        off = min(off, len(data))
        assert tree.line(off) == bisect.bisect_left(newlines, off) + 1


def test_child_and_local_names_as_localname():
    from lxml import etree

    root = etree.fromstring(
        b'<r xmlns:a="u"><!--c--><?p?><a:target/><target/><x:seg xmlns:x="w"/>'
        b'<notes/><note>n</note><segment/></r>')
    names = l10n._LocalNames()
    for c in root:
        assert names[c.tag] == l10n._localname(c)
    for name in ["target", "seg", "note", "notes", "segment", "v}target", "r", "comment"]:
        want = next((c for c in root if isinstance(c.tag, str) and l10n._localname(c) == name),
                    None)
        assert l10n._child(root, name) is want


def test_unit_source_is_its_placeholder_view_text():
    from translate.storage.xliff import xlifffile

    sources = ["plain &amp; x ", " ", "a <g id=\"1\">b</g> c<x id=\"2\"/>", "<!--c-->t", "<ph/>"]
    units = "".join(f'<trans-unit id="{k}"><source>{s}</source><target>t{k}</target>'
                    "</trans-unit>" for k, s in enumerate(sources))
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
            'source-language="en" target-language="id" datatype="plaintext"><body>'
            f"{units}</body></file></xliff>\n").encode("utf-8")
    xf = l10n.parse_xliff(data, "t.xlf", FormatOptions())
    encoding, _, spans = l10n._load(data, "t.xlf", "xliff", "an XLIFF")
    store = xlifffile.parsestring(data)
    tree = l10n._Tree(data, "t.xlf", encoding, store, spans)
    want = [l10n._placeholder_view(tree, l10n._child(u.xmlelement, "source")).text
            for u in store.units]
    assert [u.source for u in xf.units] == want
    assert want[0] == "plain & x " and want[1] == " " and want[2] == "a <g1>b</g1> c<x2/>"
