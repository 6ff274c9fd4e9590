"""The linear PO reader and splice renderer (mtfix/formats/po.py) held to the translate-toolkit
path they stand in for (``parse_po(..., fast=False)``): the same units (target, source, id,
line, notes, state) for every file the reader takes, the same error for every file
translate-toolkit rejects, and the same bytes from ``render`` for random target changes, with
and without a mark. Generated catalogs mix escapes, quotes, long lines with and without spaces,
unicode, empty strings, plurals, contexts, comments, flags, previous msgids, obsolete entries,
CRLF, a BOM, no final newline; perturbed ones (blank lines, comment order, odd escapes, ...)
must either be read the same or left to translate-toolkit."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from translate.storage import pypo

from mtfix.formats import FormatOptions, po
from mtfix.formats import l10n
from mtfix.textio import InputError

OPTS = FormatOptions()
# Each example parses and renders a catalog both ways (about 14 ms): `make test`'s
# MTFIX_FUZZ_EXAMPLES=5000 is capped so this file stays near a minute there.
EXAMPLES = min(int(os.environ.get("MTFIX_FUZZ_EXAMPLES", "60")), 600)

TOKENS = ["a", "kata", "Klik", " ", "  ", "\n", "\t", '"', "\\", "\r", "é", "中文", "😀", "-",
          "/", "(", ")", ">", "}", "{", "%d", "_:", "#", "msgstr ", "x" * 40, "y" * 90, ". ",
          "\\n", "'", "—", "a b c d e f g h i j k l m n o p q r s t u v w x y z"]
texts = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)
# a msgid line starting "_: is a KDE comment to translate-toolkit: test_left_to_translate_toolkit
nonempty = st.lists(st.sampled_from([t for t in TOKENS if t != "_:"]), min_size=1,
                    max_size=12).map("".join)


def _escape(text: str) -> str:
    return pypo.escapeforpo(text)


@st.composite
def quoted(draw, text: str) -> list[str]:
    """``text`` as the quoted lines of a PO string: translate-toolkit's own wrapping, one
    line, or the escaped text cut at random points (never inside an escape)."""
    mode = draw(st.sampled_from(["ttk", "one", "cut"]))
    if mode == "ttk":
        return pypo.quoteforpo(text) or ['""']
    esc = _escape(text)
    if mode == "one":
        return [f'"{esc}"']
    cuts = sorted(set(draw(st.lists(st.integers(0, len(esc)), max_size=4))))
    cuts = [c for c in cuts if not (0 < c and esc[c - 1] == "\\" and
                                    (len(esc[:c]) - len(esc[:c].rstrip("\\"))) % 2 == 1)]
    pieces, last = [], 0
    for c in cuts + [len(esc)]:
        pieces.append(esc[last:c])
        last = c
    pieces = [p for p in pieces if p] or [""]
    if draw(st.booleans()) and pieces != [""]:
        pieces.insert(0, "")        # the usual empty first line of a multi-line string
    return [f'"{p}"' for p in pieces]


COMMENTS = [
    (0, "# a translator's note"), (0, "#"), (0, "# mtfix: ignore WS001"), (0, "#  indented note"),
    (1, "#. extracted"), (2, "#: src/a.c:1 src/b.c:2"), (3, "#, fuzzy"), (3, "#, c-format"),
    (3, "#, fuzzy, python-format"), (3, "#,fuzzy"), (3, "#= fuzzy"), (3, "#=c-format"),
    (4, '#| msgid "old"'), (4, '#| msgctxt "ctx"\n#| msgid "old"\n#| "more"'),
    (4, '#| msgid "old"\n#| msgid_plural "olds"'),
]


@st.composite
def entry(draw, obsolete: bool = False) -> str:
    comments = draw(st.lists(st.sampled_from(COMMENTS), max_size=4))
    if not draw(st.integers(0, 5)) == 0:
        comments.sort(key=lambda c: c[0])
    if sum(1 for k, _ in comments if k == 4) > 1:
        comments = [c for c in comments if c[0] != 4]
    if obsolete:
        comments = [c for c in comments if c[0] in (0, 3)]
    lines = [c for _, c in comments]
    body: list[str] = []

    def part(keyword: str, text: str) -> None:
        q = draw(quoted(text))
        body.append(f"{keyword} {q[0]}")
        body.extend(q[1:])

    if draw(st.booleans()):
        part("msgctxt", draw(texts))
    part("msgid", draw(nonempty))
    if draw(st.integers(0, 3)) == 0:
        part("msgid_plural", draw(nonempty))
        for n in range(draw(st.integers(1, 3))):
            part(f"msgstr[{n}]", draw(texts))
    else:
        part("msgstr", draw(texts))
    if obsolete:
        body = ["#~ " + line for line in body]
    return "\n".join(lines + body)


HEADER = ('# Indonesian translation.\n#, fuzzy\nmsgid ""\nmsgstr ""\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=n != 1;\\n"')


@st.composite
def catalog(draw) -> str:
    entries = [HEADER] if draw(st.booleans()) else []
    entries += draw(st.lists(st.one_of(entry(), entry(obsolete=True)), min_size=1, max_size=6))
    if "\n#~ " in "\n" + entries[0]:             # ttk reads the charset from the first
        entries.insert(0, 'msgid "first"\nmsgstr "pertama"')
    gap = draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n\n\n\n"]))
    return gap.join(entries) + draw(st.sampled_from(["\n", "", "\n\n"]))


def _perturb(text: str, rnd: random.Random) -> str:
    """One change translate-toolkit reads (or rejects) but need not write back as it was."""
    lines = text.split("\n")
    i = rnd.randrange(len(lines))
    kind = rnd.randrange(10)
    if kind == 0:
        lines.insert(i, "")                        # a blank line anywhere
    elif kind == 1:
        lines[i] += " "                            # trailing space
    elif kind == 2:
        lines[i] = "  " + lines[i]                 # leading space
    elif kind == 3:
        lines[i] = lines[i].replace(" ", "  ", 1)  # two spaces after a keyword
    elif kind == 4:
        lines[i] = lines[i].replace("\\", "\\a", 1)  # an escape ttk reads as the letter
    elif kind == 5:
        lines.insert(i, "#= fuzzy")
    elif kind == 6:
        lines.insert(i, '""')
    elif kind == 7:
        lines[i] = lines[i].replace("msgstr", "msgstr[1]", 1)
    elif kind == 8:
        lines.insert(i, "# ok\u2028still")
    else:
        lines[i] = lines[i][:-1]                   # a cut string
    return "\n".join(lines)


def _variants(text: str, crlf: bool, bom: bool) -> bytes:
    data = text.replace("\n", "\r\n") if crlf else text
    return (b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8")


def compare(data: bytes, rnd: random.Random, change: list[str]) -> po.PoRead | None:
    """The fast path and translate-toolkit's agree on ``data``; the reader's result."""
    try:
        slow = l10n.parse_po(data, "t.po", OPTS, fast=False)
    except InputError as e:
        with pytest.raises(InputError) as got:
            l10n.parse_po(data, "t.po", OPTS)
        assert str(got.value) == str(e)
        return None
    fast = l10n.parse_po(data, "t.po", OPTS)
    read = getattr(fast, "fast", None)
    assert fast.units == slow.units
    if read is not None:
        assert fast.refs is None and fast.kept is None     # no store parsed
    marks = (None, None) if isinstance(fast, l10n._Transcoded) else (None, None, "fuzzy", "comment")
    for mark in marks:
        targets = [u.target for u in fast.units]
        for i in range(len(targets)):
            if rnd.random() < 0.5:
                targets[i] = rnd.choice(change)
        codes = [["WS001"] if rnd.random() < 0.5 else [] for _ in targets]
        fresh = l10n.parse_po(data, "t.po", OPTS, fast=False)
        kw = {"mark": mark, "codes": codes} if mark else {}
        assert fast.render(targets, **kw) == fresh.render(targets, **kw)
    return read


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(catalog(), st.booleans(), st.booleans(), st.randoms(use_true_random=False),
       st.lists(texts, min_size=1, max_size=4))
def test_generated_catalogs_read_and_render_as_translate_toolkit(text, crlf, bom, rnd, change):
    data = _variants(text, crlf, bom)
    read = compare(data, rnd, change)
    assert read is not None            # a catalog written the usual way is read here
    # the only ones translate-toolkit writes back otherwise: comments out of its order, a
    # fuzzy flag on an untranslated entry, obsolete entries with #. / #: comments
    if read.splice_ok is False:
        assert "\n#" in "\n" + text


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(catalog(), st.booleans(), st.randoms(use_true_random=False),
       st.lists(texts, min_size=1, max_size=4))
def test_perturbed_catalogs_are_read_the_same_or_left_to_translate_toolkit(text, crlf, rnd,
                                                                          change):
    compare(_variants(_perturb(text, rnd), crlf, False), rnd, change)


def test_repository_catalogs(fixtures):
    rnd = random.Random(7)
    paths = sorted(fixtures.rglob("*.po"))
    assert paths
    for path in paths:
        data = path.read_bytes()
        assert compare(data, rnd, ["Klik di sini.", "", "x " * 60]).splice_ok
        assert compare(data.replace(b"\n", b"\r\n"), rnd, ["y" * 100]) is not None
        assert compare(data.rstrip(b"\n"), rnd, ["a\tb\"c\\d\ne"]) is not None


PLAIN = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'


@pytest.mark.parametrize("data", [
    PLAIN + b'\nmsgid "c"\r\nmsgstr "d"\n',            # mixed line ends
    PLAIN + b'\n#, fuzzy\n\nmsgid "c"\nmsgstr "d"\n',  # an empty line inside an entry
    PLAIN + b'\nmsgid "c" \nmsgstr "d"\n',
    PLAIN + b'\nmsgid  "c"\nmsgstr "d"\n',
    PLAIN + b'\nmsgid "_: kde\\n"\n"c"\nmsgstr "d"\n',
    PLAIN + b'\nmsgid "c"\nmsgstr ""\n""\n"d"\n',       # a continuation "" (ttk may drop it)
    PLAIN + b'\nmsgid "c"\nmsgid_plural "cs"\nmsgstr[1] "d"\nmsgstr[0] "e"\n',
    PLAIN + b'\nmsgid "c"\nmsgid_plural "cs"\nmsgstr[0] "d"\nmsgstr[2] "e"\n',
    PLAIN + b'\nmsgid ""\nmsgstr "second header"\n',
    PLAIN + b'\nmsgid "c"\nmsgstr "d\\"\n',
    PLAIN + b'\nmsgid "c"\nmsgstr "d"e"\n',
    PLAIN + b'\n# ok\xe2\x80\xa8still\nmsgid "c"\nmsgstr "d"\n',
    PLAIN + b'\n#| msgid "old"\n# late note\n#| msgid "older"\nmsgid "c"\nmsgstr "d"\n',
    PLAIN + b'\n#~ msgid "c"\n#~ msgstr "d"\nmsgid "e"\nmsgstr "f"\n',
    PLAIN + b'\n# only a comment\n',
    b'msgid ""\nmsgstr "Content-Type: text/plain; charset=KOI8-R\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    b'#~ msgid "a"\n#~ msgstr "b"\n',
    b'\n\n',
])
def test_left_to_translate_toolkit(data):
    assert po.read(data) is None
    compare(data, random.Random(1), ["z", ""])


@pytest.mark.parametrize("data", [
    PLAIN + b'\n\n\nmsgid "c"\nmsgstr "d"\n',          # two blank lines: ttk writes one
    PLAIN + b'\n\n\n\n\n#: x.c:1\nmsgid "c"\nmsgstr "d"\n\n\nmsgid "e"\nmsgstr "f"\n',
    PLAIN + b'\n#= fuzzy\nmsgid "c"\nmsgstr "d"\n',     # ttk writes the flag line "#,"
    PLAIN + b'\n# note\n#=c-format\n#| msgid "b"\nmsgid "c"\nmsgstr "d"\n',
    b'#= fuzzy\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    b'#= x\n#~ msgid "a"\n#~ msgstr "b"\n\nmsgid "c"\nmsgstr "d"\n',
])
def test_read_here_and_spliced(data):
    """Deviations translate-toolkit normalises on write (a run of empty lines, "#=" flags):
    read here, and the splice writes what translate-toolkit writes."""
    read = po.read(data)
    assert read is not None and read.splice_ok
    assert compare(data, random.Random(3), ["z", "", "q " * 50]) is not None
    assert compare(data.replace(b"\n", b"\r\n"), random.Random(4), ["y"]) is not None


def test_lines_after_a_run_of_empty_lines():
    data = PLAIN + b'\n\n\n#= fuzzy\nmsgid "c"\nmsgstr "d"\n\n\n\nmsgid "e"\nmsgstr "f"\n'
    pf = l10n.parse_po(data, "t.po", OPTS)
    assert pf.fast is not None
    assert [(u.target, u.line, u.state) for u in pf.units] == [
        ("b", 5, "translated"), ("d", 11, "fuzzy"), ("f", 16, "translated")]
    assert [u.line for u in l10n.parse_po(data, "t.po", OPTS, fast=False).units] == [5, 11, 16]
    out = pf.render(["B", "d", "f"])
    assert out == PLAIN.replace(b'"b"', b'"B"') + b'\n#, fuzzy\nmsgid "c"\nmsgstr "d"\n\n' \
        b'msgid "e"\nmsgstr "f"\n'


@pytest.mark.parametrize("data", [
    PLAIN + b'\n#, fuzzy\nmsgid "c"\nmsgstr ""\n',         # ttk drops the flag when writing
    PLAIN + b'\n#: a.c:1\n#. extracted\nmsgid "c"\nmsgstr "d"\n',
    PLAIN + b'\n#. extracted\n#~ msgid "c"\n#~ msgstr "d"\n',
])
def test_read_here_rendered_by_translate_toolkit(data):
    read = po.read(data)
    assert read is not None and not read.splice_ok
    compare(data, random.Random(2), ["z", "", "q " * 50])


def test_splice_rewraps_like_translate_toolkit():
    data = PLAIN + b'\nmsgid "c"\nmsgid_plural "cs"\nmsgstr[0] ""\n"one"\nmsgstr[1] "two"\n'
    pf = l10n.parse_po(data, "t.po", OPTS)
    assert pf.fast is not None and [u.line for u in pf.units] == [5, 9, 11]
    long = "kata " * 30 + "tanpa-spasi" * 12 + ' "kutip" \\ \t\n'
    targets = [long, "one", "dua"]
    out = pf.render(targets)
    assert out == l10n.parse_po(data, "t.po", OPTS, fast=False).render(targets)
    # the unchanged form 0 is re-quoted too (as ttk's target setter does): "one" on one line
    assert b'msgstr[0] "one"\nmsgstr[1] "dua"\n' in out
    assert out.count(b"\n") > data.count(b"\n") + 3


def test_crlf_bom_and_no_final_newline_spliced():
    data = b"\xef\xbb\xbf" + PLAIN.replace(b"\n", b"\r\n").rstrip(b"\r\n")
    pf = l10n.parse_po(data, "t.po", OPTS)
    assert pf.fast is not None and pf.fast.crlf and not pf.fast.final_nl
    assert pf.render(["b"]) == data
    out = pf.render(["c d"])
    assert out == l10n.parse_po(data, "t.po", OPTS, fast=False).render(["c d"])
    assert out == data[3:].replace(b'"b"', b'"c d"')      # ttk writes no BOM


def test_transcoded_catalog():
    data = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
            '# catatan\nmsgid "cafe"\nmsgstr "café  ini"\n').encode("latin-1")
    pf = l10n.parse_po(data, "t.po", OPTS)
    assert pf.inner.fast is not None
    slow = l10n.parse_po(data, "t.po", OPTS, fast=False)
    assert pf.units == slow.units
    assert pf.render(["café ini"]) == slow.render(["café ini"]) == data.replace(
        "café  ini".encode("latin-1"), "café ini".encode("latin-1"))


@pytest.mark.slow
@settings(max_examples=min(EXAMPLES * 10, 1800), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(catalog(), st.booleans(), st.booleans(), st.randoms(use_true_random=False),
       st.lists(texts, min_size=1, max_size=4))
def test_generated_catalogs_long(text, crlf, perturb, rnd, change):
    compare(_variants(_perturb(text, rnd) if perturb else text, crlf, False), rnd, change)


@settings(max_examples=min(EXAMPLES * 5, 1200), deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                         max_size=90),
                 st.text(max_size=90), texts))
def test_msgstr_quoting_is_translate_toolkits(text):
    """po._msgpart (with its one-line shortcut for short printable ASCII) is
    pounit._getmsgpartstr of pypo.quoteforpo, without the final line end."""
    unit = pypo.pounit()
    want = unit._getmsgpartstr("msgstr", pypo.quoteforpo(text))
    assert po._msgpart("msgstr", text) + "\n" == want


# translate-toolkit 3.20 loops for ever on an indented "#|" line after a "#|" line of the same
# entry (hypothesis found it through _perturb's leading spaces; make test hung on CI): mtfix
# names the line instead, through the fast reader and translate-toolkit's path alike.
@pytest.mark.parametrize("data, line", [
    (b'#| msgid "old"\n  #| "more"\nmsgid "a"\nmsgstr "b"\n', 2),        # the loop
    (b'msgid "a"\nmsgstr "b"\n\n\t#| msgid "old"\nmsgid "c"\nmsgstr "d"\n', 4),  # an error
    (b'#| msgid "old"\r\n \xe3\x80\x80| "x"\r\nmsgid "a"\r\nmsgstr "b"\r\n', 2),
    (PLAIN + b'\n#| msgctxt "ctx"\n#| msgid "old"\n    #| "more"\nmsgid "c"\nmsgstr "d"\n', 9),
])
def test_an_indented_previous_msgid_line_is_named(data, line):
    for fast in (True, False):
        with pytest.raises(InputError, match=rf"^t\.po: line {line}: an indented '#?\|'"):
            l10n.parse_po(data, "t.po", OPTS, fast=fast)


def test_previous_msgid_lines_from_the_line_start_are_read():
    data = PLAIN + b'\n#| msgid "old"\n#| "more"\nmsgid "c"\nmsgstr "d"\n'
    pf = l10n.parse_po(data, "t.po", OPTS, fast=False)
    assert [u.target for u in pf.units] == ["b", "d"]
    assert "| x" in l10n.parse_po(PLAIN.replace(b'"b"', b'"a | x"'), "t.po", OPTS).units[0].target
