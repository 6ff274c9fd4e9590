"""The Markdown prose mark (formats.markup._md_prose) and the masking (formats.markup._mask)
agree with straightforward reference implementations: a full markdown-it parse (the block
parser without its inline pass gives the same block tokens), one character at a time.

500 examples per property in `make test-fast`; `make test` sets MTFIX_FUZZ_EXAMPLES=5000."""

from __future__ import annotations

import itertools
import os

from hypothesis import given, settings
from hypothesis import strategies as st

import re

from mtfix.formats.markup import (
    _ASCII_PUNCT, _AUTOLINK_RE, _EMAIL_LINK_RE, _ENTITY_RE, _LABEL_RE, _html_inline_re,
    _link_tail, _locate, _mask, _md, _md_blocks, _md_inline_masks, _md_lines, _md_prose,
    _md_prose_plain, _md_source, _norm_label, parse_markdown,
)

EXAMPLES = int(os.environ.get("MTFIX_FUZZ_EXAMPLES", "500"))


def reference_prose(text: str) -> bytearray:
    """The prose mark as it was first written: the full parse, a source offset per content
    character, inline masks looked for in every inline token."""
    lines, starts, front = _md_lines(text)
    mark = bytearray(len(text))
    env: dict = {}
    tokens = _md().parse(_md_source(lines, front), env)
    refs = env.get("references", {})
    cursors = [0] * len(lines)
    in_cell = 0
    for tok in tokens:
        if tok.type in ("th_open", "td_open"):
            in_cell += 1
        elif tok.type in ("th_close", "td_close"):
            in_cell -= 1
        if tok.type != "inline" or tok.map is None:
            continue
        content_lines = tok.content.split("\n")
        first = tok.map[0]
        placed: list[int] = []
        ok = True
        for j, cl in enumerate(content_lines):
            li = first + j
            if li >= len(lines) or li < front:
                ok = False
                break
            if not cl:
                placed.append(cursors[li])
                continue
            pos = _locate(lines[li], cl, cursors[li], in_cell > 0)
            if pos == -1:
                ok = False
                break
            placed.append(pos)
        if not ok:
            continue
        offsets: list[int] = []
        for j, cl in enumerate(content_lines):
            li = first + j
            base = starts[li] + placed[j]
            offsets.extend(range(base, base + len(cl)))
            offsets.append(-1)
            cursors[li] = placed[j] + len(cl)
        for off in offsets:
            if off >= 0:
                mark[off] = 1
        for a, b in _md_inline_masks(tok.content, refs):
            for k in range(a, b):
                if offsets[k] >= 0:
                    mark[offsets[k]] = 0
    for li, ln in enumerate(lines):
        stripped = len(ln.rstrip(" \t"))
        s = starts[li]
        for k in range(s + stripped, s + len(ln)):
            mark[k] = 0
    return mark


def reference_parts(text: str, is_text: bytes) -> list[tuple[list[tuple[bool, str]], str]]:
    """(parts, eol) per line: runs of one kind, found one character at a time."""
    out = []
    raw_lines = text.split("\n")
    pos = 0
    for k, raw in enumerate(raw_lines):
        eol = "" if k == len(raw_lines) - 1 else "\n"
        end = pos + len(raw)
        if eol and raw.endswith("\r"):
            end -= 1
            eol = "\r\n"
        parts: list[tuple[bool, str]] = []
        for i in range(pos, end):
            kind = bool(is_text[i])
            if parts and parts[-1][0] == kind:
                parts[-1] = (kind, parts[-1][1] + text[i])
            else:
                parts.append((kind, text[i]))
        out.append((parts, eol))
        pos += len(raw) + 1
    return out


# Every construct _md_prose deals with: block markers, tables (escaped pipes), code, front
# matter, reference definitions and links, inline HTML, autolinks, entities, escapes, multi-line
# paragraphs, trailing spaces, lone CRs.
PIECES = ["*a*", "`b`", "``c ` d``", "[c](d)", '[c](d "t")', "[x][r]", "[r]", "[r][]",
          "![i](s)", "![i][r]", "| e |", "|", "\\|", "<i>", "</i>", "<http://x.y>", "<a@b.c>",
          "&amp;", "&#12;", "&x", "\\*", "\\", "**f**", "~~g~~", "_h_", "kata", "dia", " ",
          "  ", "\t", " , ", "1.", "- ", "# ", "> ", "`", "*", "_", "<", "&", ";", "[", "]",
          "(", ")", "!", "{mtfix0}", "\r", "é"]
BLOCKS = ["", "---", "+++", "...", "```", "~~~", "    code", '[r]: /u "t"', "[R]: <u>",
          "| a | b |", "|---|---|", "|:-:|--|", "a | b", "--|--", "- x", "1. y", "> q",
          "# h #", "===", "<div>", "</div>", "<!-- c -->", "* * *", "  - nested", "   > > deep"]
LINE = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.tuples(st.sampled_from(BLOCKS + ["- ", "> ", "| ", "1. ", "    "]),
              st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
              st.sampled_from(["", "", " |", "  ", "\\"])).map("".join),
)


@st.composite
def markdown_document(draw):
    lines = draw(st.lists(LINE, min_size=1, max_size=10))
    if draw(st.booleans()):
        lines = ["| a | b |", "|---|---|"] + [f"| {ln} | x |" for ln in lines]
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


def _block_view(tokens) -> list:
    return [(t.type, t.tag, t.nesting, t.map, t.content, t.markup, t.info, t.attrs, t.level)
            for t in tokens]


def _rows_collapsed(tokens) -> list:
    """The block view with each table body row (tr_open … tr_close inside tbody) as the
    ``table_row`` token of _md_blocks: its map and the content of its cells."""
    out: list = []
    i = 0
    in_body = False
    while i < len(tokens):
        t = tokens[i]
        if t.type == "tbody_open":
            in_body = True
        elif t.type == "tbody_close":
            in_body = False
        if in_body and t.type == "tr_open":
            j = i
            cells = []
            while tokens[j].type != "tr_close":
                if tokens[j].type == "inline":
                    cells.append(tokens[j].content)
                j += 1
            out.append(("table_row", t.map, cells))
            i = j + 1
            continue
        if t.type == "table_row":
            out.append(("table_row", t.map, t.meta["cells"]))
        else:
            out.append(_block_view([t])[0])
        i += 1
    return out


@settings(max_examples=EXAMPLES, deadline=None)
@given(markdown_document())
def test_block_parse_is_the_full_parse_less_children(text):
    lines, _, front = _md_lines(text)
    src = _md_source(lines, front)
    env_full: dict = {}
    env_block: dict = {}
    full = _md().parse(src, env_full)
    block = _md_blocks().parse(src, env_block)
    assert _rows_collapsed(block) == _rows_collapsed(full)
    assert env_block == env_full


# Table rows, and what can end a table or sit around one.
CELLS = ["a", " b ", "", "\\|", "\\", "`c|d`", "x\\", " ", "[r]", "&amp;", "<i>", "1"]
AROUND = ["", "> q", "- x", "```", "# h", "    code", "text", "| a |", "|---|", "a | b",
          "  - nested", "<div>", "***", "1. y", "[r]: /u"]


@st.composite
def table_document(draw):
    ncols = draw(st.integers(1, 4))
    prefix = draw(st.sampled_from(["", "> ", "- ", "  "]))
    head = "| " + " | ".join(draw(st.sampled_from(["h", "H", "k"])) for _ in range(ncols)) + " |"
    delim = draw(st.sampled_from(["|", ""])) + "|".join(
        draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(ncols)) + \
        draw(st.sampled_from(["|", ""]))
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            rows.append(draw(st.sampled_from(AROUND)))
            continue
        cells = draw(st.lists(st.sampled_from(CELLS), min_size=0, max_size=ncols + 2))
        rows.append(draw(st.sampled_from(["|", ""])) + "|".join(cells)
                    + draw(st.sampled_from(["|", "", " |", "  "])))
    lines = draw(st.lists(st.sampled_from(AROUND), max_size=2)) + [
        prefix + ln for ln in [head, delim] + rows] + draw(st.lists(st.sampled_from(AROUND),
                                                                    max_size=2))
    return "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES, deadline=None)
@given(table_document())
def test_table_rows_are_the_full_parse_and_the_mark_the_reference(text):
    lines, _, front = _md_lines(text)
    src = _md_source(lines, front)
    env_full: dict = {}
    env_block: dict = {}
    assert _rows_collapsed(_md_blocks().parse(src, env_block)) == _rows_collapsed(
        _md().parse(src, env_full))
    assert env_block == env_full
    assert _md_prose(text) == reference_prose(text)


def test_table_rows_stop_where_markdown_it_does():
    # More cells than the header autocompletes (MAX_AUTOCOMPLETED_CELLS) and a long table.
    from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS
    wide = "| " + " | ".join("h" * 1 for _ in range(40)) + " |\n" + "|---" * 40 + "|\n"
    text = wide + "| a |\n" * (MAX_AUTOCOMPLETED_CELLS // 39 + 5) + "after\n"
    src = _md_source(*(lambda x: (x[0], x[2]))(_md_lines(text)))
    env: dict = {}
    assert _rows_collapsed(_md_blocks().parse(src, env)) == _rows_collapsed(_md().parse(src, {}))


@settings(max_examples=EXAMPLES, deadline=None)
@given(markdown_document())
def test_prose_mark_and_mask_match_the_reference(text):
    mark = _md_prose(text)
    assert mark == reference_prose(text)
    masked = _mask(text, mark)
    assert [(ln.parts, ln.eol) for ln in masked.lines] == reference_parts(text, mark)


def test_multi_line_inline_masks_map_through_each_line():
    # a code span and a link destination across line breaks of one paragraph
    text = "kata `a\nb` dia [x](\n/u) lagi &amp;\nakhir  \n"
    mark = _md_prose(text)
    assert mark == reference_prose(text)
    prose = "".join(c for c, m in zip(text, mark) if m)
    assert prose == "kata  dia x lagi akhir"


def test_original_signature_is_made_only_when_the_fast_path_fails():
    data = b"Kata pertama.\n\nKata kedua.\n"
    pf = parse_markdown(data, "doc")
    assert pf._orig_sig is None
    t = pf.units[0].target
    assert pf.render([t.replace("pertama", "pertama baru")]) == data.replace(
        b"pertama", b"pertama baru")
    assert pf._orig_sig is None      # a prose edit: no parse for the structure guard
    assert pf.render([t.replace("Kata kedua", "# Kata")]) == data
    assert pf._orig_sig is not None


# -- the inline masks: linear on runs of unclosed openers, as the quadratic first version ------

def reference_inline_masks(s: str, refs: dict) -> list[tuple[int, int]]:
    """_md_inline_masks as first written: the inline HTML pattern tried at every ``<``, a
    regex search for each backtick run's closer, reference labels looked up with no
    reference defined."""
    masks: list[tuple[int, int]] = []
    html_re = _html_inline_re()
    brackets: list[tuple[int, int]] = []   # (start, opener length)
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and (s[i + 1] in _ASCII_PUNCT or s[i + 1] == "\n"):
            end = i + 1 if s[i + 1] == "\n" else i + 2
            masks.append((i, end))
            i = end
            continue
        if c == "`":
            k = i
            while k < n and s[k] == "`":
                k += 1
            run = k - i
            m = re.compile(r"(?<!`)`{%d}(?!`)" % run).search(s, k)
            if m:
                masks.append((i, m.end()))
                i = m.end()
            else:
                masks.append((i, k))
                i = k
            continue
        if c == "<":
            m = (_AUTOLINK_RE.match(s, i) or _EMAIL_LINK_RE.match(s, i) or html_re.match(s, i))
            if m:
                masks.append((i, m.end()))
                i = m.end()
                continue
            i += 1
            continue
        if c == "&":
            m = _ENTITY_RE.match(s, i)
            if m:
                masks.append((i, m.end()))
                i = m.end()
                continue
            i += 1
            continue
        if c == "!" and i + 1 < n and s[i + 1] == "[":
            brackets.append((i, 2))
            i += 2
            continue
        if c == "[":
            brackets.append((i, 1))
            i += 1
            continue
        if c == "]" and brackets:
            start, olen = brackets.pop()
            if i + 1 < n and s[i + 1] == "(":
                end = _link_tail(s, i + 1)
                if end is not None:
                    masks.append((start, start + olen))
                    masks.append((i, end))
                    i = end
                    continue
            m = _LABEL_RE.match(s, i + 1)
            if m:
                label = m.group(1)
                if label.strip():
                    if _norm_label(label) in refs:
                        masks.append((start, start + olen))
                        masks.append((i, m.end()))
                        i = m.end()
                        continue
                elif _norm_label(s[start + olen:i]) in refs:   # collapsed [label][]
                    masks.append((start, m.end()))
                    i = m.end()
                    continue
            if s[start + olen:i].strip() and _norm_label(s[start + olen:i]) in refs:
                masks.append((start, i + 1))                     # shortcut [label]
            i += 1
            continue
        i += 1
    return masks


INLINE = ["<", "<!--", "-->", "<!-->", "<!--->", "<?", "?>", "<![CDATA[", "]]>", "<!a", "<a",
          "</a", ">", "<a b='x'>", "<http://a.b>", "<a@b.c>", "`", "``", "```", "\\", "\\`",
          "[", "]", "![", "](", "(", ")", "[r]", "[R][]", "[x][r]", "&amp;", "&", "a", " ",
          "\n", "-", "!", "?"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(INLINE), max_size=30).map("".join),
       st.sampled_from([{}, {"R": {}}, {"X": {}, "R": {}}]))
def test_inline_masks_match_the_reference(content, refs):
    assert _md_inline_masks(content, refs) == reference_inline_masks(content, refs)


def test_inline_masks_match_the_reference_on_every_short_content():
    # Every content of up to three pieces: the shortest constructs ("<a>", "<??>", "<!a>",
    # "<!---->", "<![CDATA[]]>") with the terminator last are where a guard could be off by one.
    for a, b, c in itertools.product([""] + INLINE, repeat=3):
        content = a + b + c
        for refs in ({}, {"R": {}}):
            assert _md_inline_masks(content, refs) == reference_inline_masks(content, refs), \
                (content, refs)


def test_unclosed_openers_at_size():
    # Each of these once made every opener scan to the end of the text (minutes at 1 MB).
    n = 20_000
    assert _md_inline_masks("x <!--" * n, {}) == []
    assert _md_inline_masks("x <?" * n + "?>", {}) == [(2, 4 * n + 2)]
    assert _md_inline_masks("x <![CDATA[" * n, {}) == []
    assert _md_inline_masks("x <!a" * n, {}) == []
    ticks = "".join("`" * k + " x " for k in range(1, 200))
    assert _md_inline_masks(ticks, {}) == reference_inline_masks(ticks, {})
    assert _md_inline_masks("[" * n + "]" * n, {}) == []


# -- documents of plain lines: the mark without a parse (_md_prose_plain) --------------------

PLAIN_LINES = ["kata lain", "x  y", "Dia*kata*", "a_b_ ~~c~~", "é ü", "a (b) c! d? e: f; g.",
               "a  ", "a #", "Kata 12 , 3.", "a = b", "a > b", "a -- b", "a {mtfix0}"]
NEAR_MISSES = ["", "-  a", " a", "  - a", "1. a", "1) a", "- 1. a", "a|b", "| a |", "a\tb",
               "a\u00a0", "a\u2003b", "- [x] a", "a `b`", "a <b>", "a &amp;", "a \\", "---",
               "===", "* * *", "- - -", "-", "- ", "# a", "> a", "    a", "a\rb", "a\x00b",
               "[r]: /u", "a [r]", "_a", "*a*", "- *", "+", "a\u2028b", "ß", "-a", "+ a", "* a"]
PLAIN_LINE = st.one_of(
    st.just(""),
    st.tuples(st.sampled_from(["", "- ", "* ", "+ "]), st.sampled_from(PLAIN_LINES),
              st.sampled_from(["", " ", "  "])).map("".join),
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(PLAIN_LINE, min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from(["", "\n"]))
def test_plain_documents_take_the_fast_path_and_match_the_reference(lines, eol, end):
    text = eol.join(lines) + (eol if end else "")
    ls, starts, front = _md_lines(text)
    assert _md_prose_plain(ls, starts, len(text)) is not None
    assert _md_prose(text) == reference_prose(text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.one_of(PLAIN_LINE, st.sampled_from(NEAR_MISSES), LINE), min_size=1,
                max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_plain_documents_among_others_match_the_reference(lines, eol):
    text = eol.join(lines)
    assert _md_prose(text) == reference_prose(text)


def test_each_near_miss_next_to_plain_lines_matches_the_reference():
    for miss in NEAR_MISSES:
        for text in (miss, f"kata\n{miss}\n", f"- kata\n{miss}", f"{miss}\nkata\n",
                     f"{miss}\n- kata\n", f"kata  \n{miss}\n\nlain"):
            assert _md_prose(text) == reference_prose(text), repr(text)


def test_plain_excludes_every_whitespace_but_the_space():
    # markdown-it strips Unicode whitespace (str.strip) at a paragraph's end, where the fast
    # path keeps everything before trailing spaces: no other whitespace may pass.
    import sys
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if c.isspace() and c not in " \n":
            assert _md_prose_plain([f"a{c}"], [0], 2) is None, hex(cp)


# -- reference labels: nested brackets in a text with reference definitions -----------------

LABEL_PIECES = ["[", "]", "![", "](", "[]", "[R]", "a", "b", " ", "  ", "\n", "\t", "\u2003",
                "\u00a0", "\u2028", "ß", "İ", "\\]", "(", ")"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(LABEL_PIECES), max_size=40).map("".join),
       st.sampled_from([{"R": {}}, {"A B": {}}, {"SS": {}, "İ": {}}, {"A\u00a0B": {}},
                        {"R": {}, "A B": {}, "AB": {}}]))
def test_inline_masks_with_long_and_spaced_labels_match_the_reference(content, refs):
    # may_be_ref skips a label with more characters outside MD_TRIM_CHARS than the longest
    # reference label: spaces (collapsed), case changes that grow (ß → SS, İ → i̇) and
    # non-trim spaces (U+00A0) are where that bound could be wrong.
    assert _md_inline_masks(content, refs) == reference_inline_masks(content, refs)


def test_nested_brackets_with_references_read_each_label_once(monkeypatch):
    # `[[[…]]]` with a reference defined: each `]` once normalized the whole text between
    # it and its opener (quadratic: 1 MB took hours). Now only labels short enough to be a
    # reference are read.
    import mtfix.formats.markup as markup

    read = [0]
    real = markup._norm_label

    def counting(label):
        read[0] += len(label)
        return real(label)

    shapes = [lambda k: "[" * k + "]" * k, lambda k: "[a" * k + "]" * k,
              lambda k: "[" * k + "](" * k, lambda k: "[ " * k + " ]" * k]
    for shape in shapes:
        small = shape(300)
        assert _md_inline_masks(small, {"X": {}}) == reference_inline_masks(small, {"X": {}})
    monkeypatch.setattr(markup, "_norm_label", counting)
    n = 20_000
    for shape in shapes:
        read[0] = 0
        _md_inline_masks(shape(n), {"X": {}})
        assert read[0] <= 10 * n


# -- link destinations and titles: _LinkIndex against the walk --------------------------------

LINK_PIECES = ["(", ")", "((", "))", "\\", "\\\\", "\\(", "\\)", " ", "\n", "\t", '"', "'",
               '\\"', "a", "b", "[a](", "](", "[", "]", "<", ">", "x" * 40, "(" * 33, "\x00"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=60).map("".join))
def test_link_index_finds_the_ends_the_walk_finds(s):
    from mtfix.formats.markup import _LinkIndex
    index = _LinkIndex(s)
    for i, c in enumerate(s):
        if c == "(":
            assert _link_tail(s, i, index) == _link_tail(s, i), (s, i)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES + INLINE), min_size=60, max_size=200).map("".join),
       st.sampled_from([{}, {"R": {}}]))
def test_inline_masks_of_long_contents_match_the_reference(content, refs):
    # contents over _LINK_INDEX_MIN characters use the index
    assert _md_inline_masks(content, refs) == reference_inline_masks(content, refs)


def test_link_openers_and_open_titles_at_size():
    # `[a](` repeated: every `](` walked 33 levels of `(`; `[a](b (` repeated: every title
    # was scanned to the end of the content. Both against the walk on a shorter text.
    from mtfix.formats.markup import _LinkIndex
    for unit in ("[a](", "[a](b (", '[a](b "', "[a](\\(", "[a](()"):
        small = unit * 300
        assert _md_inline_masks(small, {}) == reference_inline_masks(small, {})
        index = _LinkIndex(small)
        assert all(_link_tail(small, i, index) == _link_tail(small, i)
                   for i, c in enumerate(small) if c == "(")


# -- this module's markdown-it parsers: quiet block rules, the same tokens --------------------

@settings(max_examples=EXAMPLES, deadline=None)
@given(markdown_document())
def test_our_parsers_give_a_plain_parsers_tokens(text):
    from markdown_it import MarkdownIt
    plain = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    lines, _, front = _md_lines(text)
    src = _md_source(lines, front)
    env_ours: dict = {}
    env_plain: dict = {}
    ours = _md().parse(src, env_ours)
    theirs = plain.parse(src, env_plain)
    assert _block_view(ours) == _block_view(theirs)
    assert [[_block_view(t.children or [])] for t in ours] == [
        [_block_view(t.children or [])] for t in theirs]
    assert env_ours == env_plain


def test_only_our_parsers_are_quiet(caplog):
    import logging
    from markdown_it import MarkdownIt
    text = "- a\n\n```\nx\n```\n\n| a |\n|---|\n| b |\n"
    with caplog.at_level(logging.DEBUG, logger="markdown_it"):
        _md().parse(text)
        _md_blocks().parse(text)
        assert not [r for r in caplog.records if r.name.startswith("markdown_it")]
        MarkdownIt("commonmark").enable(["table"]).parse(text)
        assert [r for r in caplog.records if r.name.startswith("markdown_it")]


# -- unmasking: only the changed lines, as the per-line original ------------------------------

def reference_unmask(pf, target: str) -> str:
    """MarkupFile.unmask as first written: every line of the target unmasked in turn."""
    m = pf.masked
    raw = target.split("\n")
    new_lines = []
    for k, r in enumerate(raw):
        eol = "" if k == len(raw) - 1 else "\n"
        if eol and r.endswith("\r"):
            r, eol = r[:-1], "\r\n"
        new_lines.append(r)
    lines = m.lines
    if len(new_lines) != len(lines):
        return pf.text
    ph = re.compile(r"\{" + re.escape(m.prefix) + r"(\d+)\}")
    old_raw = pf.units[0].target.split("\n")
    out = []
    for k, (content, ln) in enumerate(zip(new_lines, lines)):
        original = "".join(s for _, s in ln.parts)
        pieces = ph.split(content)
        found = pieces[1::2]
        ids = [int(x) for x in ph.findall(old_raw[k])]   # the placeholders masking made
        old_prose = "".join(s for is_t, s in ln.parts if is_t)
        new_prose = "".join(pieces[0::2])
        if ([int(x) for x in found] != ids or content.count("{" + m.prefix) != len(found)
                or new_prose == old_prose
                or any(new_prose.count(ch) > old_prose.count(ch) for ch in pf._special)):
            out.append(original + ln.eol)
            continue
        pieces[1::2] = [m.originals[int(x)] for x in found]
        out.append("".join(pieces) + ln.eol)
    return "".join(out)


EDITS = ["", "x", " ", "  ", "\r", "\n", "{mtfix", "{mtfix0}", "{mtfix1}", "<", "`", "\\", "é"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(markdown_document(), st.lists(st.tuples(st.integers(0, 400), st.integers(0, 3),
                                               st.sampled_from(EDITS)), max_size=6))
def test_unmask_matches_the_per_line_reference(text, edits):
    pf = parse_markdown(text.encode(), "doc.md")
    target = pf.units[0].target
    for pos, length, new in edits:
        pos = min(pos, len(target))
        target = target[:pos] + new + target[pos + length:]
    assert pf.unmask(target) == reference_unmask(pf, target)


def _changed_span_walk(old, new):
    """text.changed_span as it was: a character at a time (the oracle of the bisection)."""
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return p, len(old) - s, len(new) - s


def test_changed_span_by_bisection_is_the_walk():
    from mtfix.text import changed_span
    pieces = ["a", "b", "ab", " ", "é", "aa"]
    for x in itertools.product(pieces + [""], repeat=3):
        for y in itertools.product(pieces + [""], repeat=2):
            old, new = "".join(x), "".join(y) + "".join(x[1:])
            assert changed_span(old, new) == _changed_span_walk(old, new), (old, new)
            assert changed_span(new, old) == _changed_span_walk(new, old), (new, old)


def test_first_word_is_the_walk():
    from mtfix.formats.markup import _FIRST_WORD
    for line in ["", " ", "  a b", "ab", "a\tb", " \u00a0a", "a\u2003b", "   ", "\tx", "a\nb"]:
        end = len(line) - len(line.lstrip(" "))
        while end < len(line) and not line[end].isspace():
            end += 1
        assert _FIRST_WORD.match(line).end() == end, repr(line)


def test_table_rows_fall_back_to_a_table_rule_they_do_not_know():
    # A table rule whose last token is not table_close: _table_rows leaves the table to it.
    from markdown_it import MarkdownIt
    from markdown_it.rules_block.table import table
    from mtfix.formats.markup import _table_rows

    def other(state, start, end, silent):
        ok = table(state, start, end, silent)
        if ok and not silent:
            state.push("extra", "", 0)
        return ok

    text = "| a | b |\n|---|---|\n| c | d |\n| e | f |\n\nafter\n"
    theirs = MarkdownIt("commonmark").enable("table")
    theirs.block.ruler.at("table", other, {"alt": ["paragraph", "reference"]})
    ours = MarkdownIt("commonmark").enable("table")
    ours.block.ruler.at("table", _table_rows(other), {"alt": ["paragraph", "reference"]})
    assert _block_view(ours.parse(text)) == _block_view(theirs.parse(text))
