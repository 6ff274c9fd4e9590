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
