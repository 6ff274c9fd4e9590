"""Markdown and HTML articles: only the prose is repaired, never the markup.

Design
    The whole document becomes ONE unit. Its target is the document text in which every region
    that is not prose is replaced by a placeholder ``{<prefix><n>}``: tags, attributes, comments,
    doctype, entities and character references, the content of ``<script>``, ``<style>``,
    ``<pre>``, ``<code>``, ``<textarea>`` (and a few more, plus any element marked
    ``translate="no"`` or ``class="notranslate"``); in Markdown everything that is not the text of
    an ``inline`` block token (front matter, block markers such as ``#``, ``>``, ``-``, ``1.``,
    table pipes and delimiter rows, fenced and indented code, HTML blocks, reference-link
    definitions, setext underlines), and inside inline text code spans, raw inline HTML,
    autolinks, entities, backslash escapes, link/image destinations and titles, reference labels
    and the brackets of links (link *text* and image alt text are prose and are repaired).
    Trailing whitespace of Markdown lines (a hard line break) is masked too.

    The engine protects ``{name}`` placeholders (:mod:`mtfix.protect`), so rules edit around them
    but never inside. The prefix is chosen per document so that ``{<prefix>`` never occurs in it
    (``mtfix``, else ``mtfix_0_``, ``mtfix_1_``, ...): a literal ``{mtfix0}`` in a document is just
    text. A masked region that spans several lines (a code block, a ``<script>``, a multi-line
    tag) is masked line by line, and line terminators (``\\n``, ``\\r\\n``) are never inside a
    placeholder, so the target has exactly the document's lines and line endings. The engine must
    run in ``lines`` mode (every line a segment, no line added or removed).

    ``render`` unmasks line by line. A line comes back as in the original when its placeholders
    did not all survive exactly once and in order, when a stray ``{<prefix>`` appears, or when the
    repair introduced a character with markup meaning into the prose (``<`` and ``&`` in HTML;
    ``<``, ````` and ``\\`` in Markdown). Finally the result is tokenized again and its structure
    (HTML: every tag with its attributes, comments, declarations, references and the content of
    masked elements; Markdown: the markdown-it token stream without text content, with code,
    HTML and link attributes) is compared with the original's; where it differs, changed lines
    are kept only if each alone leaves the structure intact (else the original is returned).
    So a repair can never corrupt the markup.

    The BOM, line endings and a missing final newline are preserved; a document whose target
    comes back unchanged renders to its original bytes. Invalid UTF-8 raises
    :class:`mtfix.textio.InputError`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, count, cycle
from operator import add, getitem
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Callable, Sequence

from ..gc_pause import no_gc
from ..text import changed_span
from ..textio import decode
from . import Format, FormatOptions, Unit

# ---------------------------------------------------------------------------------------------
# Masking: a document text plus a per-character "is prose" mark → target with placeholders.


def _choose_prefix(text: str) -> str:
    if "{mtfix" not in text:
        return "mtfix"
    k = 0
    while "{" + f"mtfix_{k}_" in text:
        k += 1
    return f"mtfix_{k}_"


@dataclass
class _Line:
    parts: list[tuple[bool, str]]     # (is_text, original string), line terminator excluded
    eol: str                          # "\n", "\r\n" or "" (last line)


_MARKUP_RUN = re.compile(b"(\x00+)")
# MarkupFile.unmask: the whole target at once when more than one line in this many characters
# changed.
_UNMASK_WHOLE_CHARS = 64


@dataclass
class _Masked:
    """The target and what it takes to undo it. Placeholder n stands for ``text[run_starts[n]:
    run_ends[n]]``: the masked runs in document order, none crossing a line terminator, so the
    placeholders of line k are a range of numbers."""
    prefix: str
    text: str
    run_starts: list[int]
    run_ends: list[int]
    originals: list[str]              # placeholder n → original text
    line_starts: list[int]            # offset of each line in text
    target: str

    def placeholder(self, n: int) -> str:
        return "{" + self.prefix + str(n) + "}"

    def line_bounds(self, k: int) -> tuple[int, int, str]:
        """[start, end) of line k without its terminator, and the terminator."""
        text = self.text
        start = self.line_starts[k]
        if k + 1 == len(self.line_starts):
            return start, len(text), ""
        end = self.line_starts[k + 1] - 1
        if end > start and text[end - 1] == "\r":
            return start, end - 1, "\r\n"
        return start, end, "\n"

    def line_ids(self, k: int) -> range:
        """The placeholders of line k, in order."""
        start, end, _ = self.line_bounds(k)
        return range(bisect_left(self.run_starts, start), bisect_left(self.run_starts, end))

    @property
    def lines(self) -> list[_Line]:
        """(parts, eol) of every line: runs of prose and of markup (for tests and tools)."""
        out = []
        for k in range(len(self.line_starts)):
            start, end, eol = self.line_bounds(k)
            parts: list[tuple[bool, str]] = []
            pos = start
            for n in self.line_ids(k):
                if self.run_starts[n] > pos:
                    parts.append((True, self.text[pos:self.run_starts[n]]))
                parts.append((False, self.originals[n]))
                pos = self.run_ends[n]
            if pos < end:
                parts.append((True, self.text[pos:end]))
            out.append(_Line(parts, eol))
        return out


def _mask(text: str, is_text: bytearray) -> _Masked:
    """Build the target from ``text`` and its prose mark (1 = prose, 0 = masked): each
    maximal run of masked characters within a line becomes a placeholder."""
    prefix = _choose_prefix(text)
    mark = bytearray(is_text)
    newlines = [m.start() for m in re.finditer("\n", text)]
    for nl in newlines:   # terminators are in no run: mark them 2
        mark[nl] = 2
    if "\r\n" in text:
        for m in re.finditer("\r\n", text):
            mark[m.start()] = 2
    line_starts = [0] + [nl + 1 for nl in newlines]
    # Prose, run, prose, ..., prose: their bounds at once, each a slice, the runs' placeholders
    # from one format (a match object, a tuple and a formatting each were 0.06 s of the 0.2 s
    # of 83,000 paragraphs).
    bounds = list(accumulate(map(len, _MARKUP_RUN.split(mark)), initial=0))
    run_starts = bounds[1:-1:2]
    run_ends = bounds[2:-1:2]
    pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    originals = pieces[1::2]
    pieces[1::2] = map(("{" + prefix + "%d}").__mod__, range(len(originals)))
    return _Masked(prefix, text, run_starts, run_ends, originals, line_starts, "".join(pieces))


@dataclass
class MarkupFile:
    """A parsed Markdown or HTML document: one unit (the masked text) and its render."""

    units: list[Unit]
    kind: str                         # "markdown" or "html"
    bom: bool
    text: str                         # decoded document text (no BOM)
    data: bytes
    masked: _Masked
    _signature: Callable[[str], object] = field(repr=False)
    _special: str = field(repr=False)  # characters a repair may not add to the prose
    _orig_sig: object = field(default=None, repr=False)
    encoding: str = "utf-8"           # the file's (textio.decode): written back the same way
    _prose: bytearray | None = field(default=None, repr=False)  # Markdown: the prose mark
    # HTML without masked elements: its constructs (markup._html_plain)
    _html_constructs: list[str] | None = field(default=None, repr=False)

    @property
    def prefix(self) -> str:
        return self.masked.prefix

    def render(self, targets: Sequence[str]) -> bytes:
        if len(targets) != len(self.units):
            raise ValueError(f"expected {len(self.units)} target(s), got {len(targets)}")
        new_target = targets[0]
        if new_target == self.units[0].target:
            return self.data
        text = self.unmask(new_target)
        if text != self.text:
            text = self._keep_structure(text)
        if text == self.text:
            return self.data
        return (("\ufeff" if self.bom else "") + text).encode(self.encoding)

    # -- line-by-line unmasking ---------------------------------------------------------------

    def _original_line(self, k: int) -> str:
        start, end, _ = self.masked.line_bounds(k)
        return self.text[start:end]

    def unmask(self, target: str) -> str:
        """The document text for a repaired target; lines that cannot be unmasked safely come
        back as in the original. Line terminators always come from the original."""
        if target == self.masked.target:
            return self.text
        split = self._changed_lines(target)
        if split is None:
            return self.text   # the engine never does this; never guess
        _, new_raw, changed = split
        # The whole target at once costs about 60 ns a character, a line about 5 µs: a few
        # changed lines of a long article (0.01 s) are unmasked line by line.
        if len(changed) * _UNMASK_WHOLE_CHARS > len(target):
            text = self._unmask_whole(target, split)
            if text is not None:
                return text
        return self._unmask_lines(target, split)

    def _changed_lines(self, target: str) -> tuple[list[str], list[str], list[int]] | None:
        """The masked target's lines, ``target``'s, and the indices of the lines that differ;
        None when the two have different numbers of lines."""
        old_raw = self.masked.target.split("\n")
        new_raw = target.split("\n")
        if len(new_raw) != len(old_raw):
            return None
        return old_raw, new_raw, [k for k, (a, b) in enumerate(zip(old_raw, new_raw)) if a != b]

    def _unmask_whole(self, target: str,
                      split: tuple[list[str], list[str], list[int]] | None = None) -> str | None:
        """:meth:`unmask` at once for the whole target, or None when a line may need the
        line-by-line way. Where the placeholders, line breaks (with a ``\\r`` before them) and
        the characters a repair may not add (``_special``) come in the same order as in the
        masked target, every line holds its own placeholders, in order, no stray prefix (the
        prefix is counted), and no more of any special character: each line is unmasked, or
        kept as it was when its prose did not change (a placeholder moved in it). So the
        placeholders of the whole target are put back in one join. Line by line, a list of
        143,000 lines took 0.76 s. ``split``: :meth:`_changed_lines` of ``target``, when
        :meth:`unmask` has it."""
        m = self.masked
        ph = re.compile(r"\{" + re.escape(m.prefix) + r"(\d+)\}")
        skeleton = re.compile(r"\{" + re.escape(m.prefix) + r"\d+\}|\r?\n|["
                              + re.escape(self._special) + "]")
        old = m.target
        if target.count("{" + m.prefix) != len(m.originals) \
                or skeleton.findall(target) != skeleton.findall(old):
            return None
        pieces = ph.split(target)
        pieces[1::2] = m.originals
        out = "".join(pieces)
        # A changed line whose prose is the same (a placeholder moved) is kept as it was. Its
        # placeholders being the same strings, its prose changed length where it did.
        # (the same line breaks in the same order: the two have as many lines)
        old_raw, new_raw, changed = split or self._changed_lines(target)
        kept = [k for k in changed if len(old_raw[k]) == len(new_raw[k])
                and ph.sub("", old_raw[k]) == ph.sub("", new_raw[k])]
        if kept:
            lines = out.split("\n")
            originals = self.text.split("\n")
            for k in kept:
                lines[k] = originals[k]
            out = "\n".join(lines)
        return out

    def _unmask_lines(self, target: str,
                      split: tuple[list[str], list[str], list[int]] | None = None) -> str:
        """:meth:`unmask` line by line (each changed line by :meth:`_unmask_line`); ``split``:
        :meth:`_changed_lines` of ``target``, when known."""
        m = self.masked
        if split is None:
            split = self._changed_lines(target)
            if split is None:
                return self.text   # the engine never does this; never guess
        _, new_raw, changed = split
        if not changed:
            return self.text
        ph = re.compile(r"\{" + re.escape(m.prefix) + r"(\d+)\}")
        out = self.text.split("\n")   # each line with a "\r" before its "\n"
        last = len(new_raw) - 1
        for k in changed:
            content = new_raw[k]
            if k < last and content.endswith("\r"):
                content = content[:-1]
            start, end, eol = m.line_bounds(k)
            out[k] = self._unmask_line(content, ph, start, end) + (
                "\r" if eol == "\r\n" else "")
        return "\n".join(out)

    def _unmask_line(self, content: str, ph: re.Pattern, start: int, end: int) -> str:
        """The original line ``text[start:end]`` with its prose as in ``content`` (its target
        line repaired), or as it was when that is not safe."""
        m = self.masked
        pieces = ph.split(content)   # prose, placeholder number, prose, ..., prose
        found = pieces[1::2]
        first = bisect_left(m.run_starts, start)
        last = bisect_left(m.run_starts, end, first)
        if list(map(int, found)) != list(range(first, last)) \
                or content.count("{" + m.prefix) != len(found):
            return self.text[start:end]
        new_prose = "".join(pieces[0::2])
        text = self.text
        if first == last:
            old_prose = text[start:end]
        else:
            old_prose = "".join([text[a:b] for a, b in zip(
                [start] + m.run_ends[first:last], m.run_starts[first:last] + [end])])
        if new_prose == old_prose:
            return text[start:end]
        for ch in self._special:
            if new_prose.count(ch) > old_prose.count(ch):
                return text[start:end]
        pieces[1::2] = m.originals[first:last]
        return "".join(pieces)

    # -- structure guard ----------------------------------------------------------------------

    def _sig(self, text: str) -> object:
        try:
            return self._signature(text)
        except Exception:   # noqa: BLE001 - a tokenizer failure means "not the same structure"
            return object()

    def _keep_structure(self, text: str) -> str:
        if self._prose is not None and edits_keep_markdown_structure(self.text, text,
                                                                     self._prose):
            return text   # no second parse: no edit is where Markdown syntax could be
        if self.kind == "html" and (
                _html_same_constructs(text, self._html_constructs)
                if self._html_constructs is not None
                else edits_keep_html_structure(self.text, text)):
            return text   # no second tokenization: no edit can touch a tag or reference
        if self._orig_sig is None:
            self._orig_sig = self._sig(self.text)
        orig_sig = self._orig_sig
        if self._sig(text) == orig_sig:
            return text
        old = self.text.split("\n")
        new = text.split("\n")
        changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
        state = list(old)
        budget = [64]   # re-tokenizations allowed (a few per culprit line, found by halving)

        def accept(group: list[int]) -> None:
            if not group or budget[0] <= 0:
                return
            budget[0] -= 1
            trial = list(state)
            for i in group:
                trial[i] = new[i]
            if self._sig("\n".join(trial)) == orig_sig:
                for i in group:
                    state[i] = new[i]
                return
            if len(group) > 1:
                half = len(group) // 2
                accept(group[:half])
                accept(group[half:])

        # Each accepted group was checked on top of everything accepted before it, so the
        # state always has the original structure.
        accept(changed)
        return "\n".join(state)


# ---------------------------------------------------------------------------------------------
# HTML

# Elements whose content is never prose.
_HTML_MASKED = frozenset({
    "script", "style", "pre", "code", "textarea", "kbd", "samp", "var", "svg", "math",
    "noscript", "template", "xmp", "listing", "plaintext",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})


class _HTMLEvents(HTMLParser):
    """Every tokenizer event with its raw start offset in the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.events: list[tuple[int, str, object]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._starts[line - 1] + col

    def _add(self, kind: str, payload: object) -> None:
        self.events.append((self._pos(), kind, payload))

    # The frequent events read the position from ``lineno`` and ``offset`` (what ``getpos``
    # returns) without the two calls: 0.2 s of the 0.63 s tokenization of 83,000 paragraphs
    # was this class's handlers.
    def handle_starttag(self, tag, attrs):
        self.events.append((self._starts[self.lineno - 1] + self.offset, "start",
                            (tag, tuple(attrs), self.get_starttag_text())))

    def handle_startendtag(self, tag, attrs):
        self._add("startend", (tag, tuple(attrs), self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.events.append((self._starts[self.lineno - 1] + self.offset, "end", tag))

    def handle_data(self, data):
        self.events.append((self._starts[self.lineno - 1] + self.offset, "data", data))

    def handle_entityref(self, name):
        self._add("entityref", name)

    def handle_charref(self, name):
        self._add("charref", name)

    def handle_comment(self, data):
        self._add("comment", data)

    def handle_decl(self, decl):
        self._add("decl", decl)

    def handle_pi(self, data):
        self._add("pi", data)

    def unknown_decl(self, data):
        self._add("unknown_decl", data)


def _no_translate(attrs) -> bool:
    for k, v in attrs:
        if k == "translate" and (v or "").strip().lower() == "no":
            return True
        if k == "class" and "notranslate" in (v or "").split():
            return True
    return False


# The tokenizer's common case without html.parser's per-event Python (its events were 0.5 s of
# fixing 83,000 paragraphs): one regular expression finds every construct that starts with
# "<" or "&", and the text between two of them is one data event, as html.parser makes it.
# Only a strict, well-formed subset is recognised: start and end tags with plain names and
# quoted or simple unquoted attributes, <!DOCTYPE ...>, comments with no "--" in them,
# character and entity references with their terminator, a lone "<" or "&", and <script> or
# <style> content closed by its plain end tag; each is tokenized as html.parser tokenizes it.
# At the first construct outside the subset (``other``) html.parser takes the rest of the
# text, from the state it would itself be in there (outside any tag, not in a script). A
# probe document checks once that the running html.parser still tokenizes the subset so
# (:func:`_html_fast_ok`); tests/test_html_fast.py holds the events to html.parser's.
_WS = r"[ \t\n\r\f]"
_HTML_ATTR_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"


def _html_token_pattern(value_chars: str = "") -> str:
    """The fast subset's constructs, each in a named group (``other``: a "<" or "&" that
    starts none of them); ``value_chars``: characters no attribute value may hold. A try
    that fails reads on at most to the next quote (in a quoted value), "--" (in a comment)
    or "<" (anything else; a doctype holds none), and each such try holds its own: a
    character is read by one failing try of each kind at most, so no text makes the search
    quadratic (html.parser is, on some)."""
    value = ('"[^"' + value_chars + ']*"|' + "'[^'" + value_chars + "]*'"
             + r"""|[^\s"'=<>`/""" + value_chars + r"]+(?=[ \t\n\r\f>])")
    return (
        r"<(?:(?P<tag>[a-zA-Z][-a-zA-Z0-9]*)(?P<attrs>(?:" + _WS + "+" + _HTML_ATTR_NAME
        + "(?:" + _WS + "*=" + _WS + "*(?:" + value + "))?)*)" + _WS + r"*(?P<close>/?)>"
        r"|/(?P<end>[a-zA-Z][-a-zA-Z0-9]*)" + _WS + r"*>"
        r"|!--(?P<comment>(?!-?>)(?:[^-]|-(?!-))*)-->"
        r"|!(?P<decl>[dD][oO][cC][tT][yY][pP][eE][^<>]*)>"
        r"|(?P<lt>)(?=[^a-zA-Z/!?]))"
        r"|&(?:#(?P<charref>[0-9]+|[xX][0-9a-fA-F]+)(?=[^0-9a-fA-F]);?"
        r"|(?P<entityref>[a-zA-Z][-.a-zA-Z0-9]*)(?=[^-.a-zA-Z0-9]);?"
        r"|(?P<amp>)(?=[^a-zA-Z#]))"
        r"|(?P<other>[<&])")


_HTML_TOKEN = re.compile(_html_token_pattern())
# One attribute of a start tag the token pattern took (its bare values end there).
_HTML_ATTR = re.compile("(" + _HTML_ATTR_NAME + ")(?:" + _WS + "*=" + _WS
                        + r"""*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+)))?""")
# Where <script> or <style> content may end: html.parser's end is the first "</" + name + ">"
# (any case, spaces allowed); taken only when the first "</" is that, plain, with no "<!--"
# before it (newer html.parsers read those otherwise).
_HTML_CDATA_END = re.compile(r"</|<!--")
_HTML_CDATA = ("script", "style")


def _html_attrs(raw: str) -> tuple:
    """A start tag's attributes as html.parser gives them: names lowered, values without their
    quotes and with their references replaced, None for an attribute without a value."""
    out = []
    for m in _HTML_ATTR.finditer(raw):
        name, dq, sq, bare = m.groups()
        value = dq if dq is not None else sq if sq is not None else bare
        if value:
            value = unescape(value)
        out.append((name.lower(), value))
    return tuple(out)


def _html_slow_events(text: str, start: int, events: list) -> list:
    """``events`` (those of ``text[:start]``) and html.parser's for ``text[start:]``."""
    p = _HTMLEvents(text[start:])
    p.feed(text[start:])
    p.close()
    if start:
        events.extend([(start + s, kind, payload) for s, kind, payload in p.events])
    else:
        events.extend(p.events)
    return events


def _html_raw_events(text: str) -> list[tuple[int, str, object]]:
    """The events of :class:`_HTMLEvents` fed ``text`` and closed: (start, kind, payload)."""
    if _html_fast_ok():
        return _html_fast_events(text)
    return _html_slow_events(text, 0, [])


def _html_fast_events(text: str) -> list[tuple[int, str, object]]:
    """:func:`_html_raw_events` the fast way, html.parser from the first construct outside the
    subset on."""
    events: list[tuple[int, str, object]] = []
    append = events.append
    pos = 0
    n = len(text)
    finditer = _HTML_TOKEN.finditer
    while True:
        for m in finditer(text, pos):
            a = m.start()
            if a > pos:
                append((pos, "data", text[pos:a]))
            kind = m.lastgroup
            pos = m.end()
            if kind == "close":
                tag = m.group("tag").lower()
                attrs = m.group("attrs")
                attrs = _html_attrs(attrs) if attrs else ()
                if m.group("close"):
                    append((a, "startend", (tag, attrs, m.group())))
                elif tag in _HTML_CDATA:
                    end = _HTML_CDATA_END.search(text, pos)
                    close = end.end() + len(tag) + 1 if end is not None else 0
                    if end is None or end.group() != "</" \
                            or text[end.end():close].lower() != tag + ">":
                        return _html_slow_events(text, a, events)
                    append((a, "start", (tag, attrs, m.group())))
                    if end.start() > pos:
                        append((pos, "data", text[pos:end.start()]))
                    append((end.start(), "end", tag))
                    pos = close
                    break   # on after the end tag
                else:
                    append((a, "start", (tag, attrs, m.group())))
            elif kind == "end":
                append((a, "end", m.group("end").lower()))
            elif kind == "lt" or kind == "amp":
                append((a, "data", text[a]))
            elif kind == "other":   # html.parser from here on
                return _html_slow_events(text, a, events)
            else:   # entityref, charref, comment, decl
                append((a, kind, m.group(kind)))
        else:
            if pos < n:
                append((pos, "data", text[pos:]))
            return events


# Every construct of the fast subset, and the elements newer html.parsers read otherwise.
_HTML_PROBE = (
    '<!DOCTYPE html>\n<html lang=id><head><title>a <b>&amp; c</b></title>'
    '<script type="x">if (a < b && c) {}</script><STYLE>p > b {}</Style>\n'
    '<textarea>t <i>x</i></textarea><noscript><p>n</p></noscript></head>'
    "<body class='a b' hidden data-x = \"1&amp;2\" a=b c=''><!-- c - d -->\n"
    '<p>x &lt; y &#x27;a&#39; &#12 &copy &nbsp;x & y < z &T.</p><br/><img src="i.png" />'
    '<A HREF="u">k</A ><my-el\r\n xml:lang="a\nb"\t/>&a-b;</body></html>\n')
_html_fast_checked: list[bool] = []


def _html_fast_ok() -> bool:
    """Whether the running html.parser tokenizes the probe as the fast way does (checked once)."""
    if not _html_fast_checked:
        _html_fast_checked.append(
            _html_fast_events(_HTML_PROBE) == _html_slow_events(_HTML_PROBE, 0, []))
    return _html_fast_checked[0]


def _html_events(text: str) -> list[tuple[int, str, object, bool]]:
    """(start, kind, payload, is_prose) for every event, in document order."""
    out = []
    region: list | None = None   # [tag, depth] of the masked element we are in
    for start, kind, payload in _html_raw_events(text):
        prose = False
        if kind == "data":
            data = payload
            prose = (region is None and not data.startswith("<")
                     and text.startswith(data, start))
        elif kind == "start":
            tag, attrs, _ = payload
            if region is not None:
                if tag == region[0]:
                    region[1] += 1
            elif tag not in _VOID and (tag in _HTML_MASKED or _no_translate(attrs)):
                region = [tag, 1]
        elif kind == "end":
            if region is not None and payload == region[0]:
                region[1] -= 1
                if region[1] == 0:
                    region = None
        out.append((start, kind, payload, prose))
    return out


# A document without masked elements (none of their start tags, no "translate" anywhere) has
# no regions: its prose is all the text between the fast subset's constructs, and its mark is
# made in one split and one join, with no Python per construct (0.2 s of 83,000 paragraphs
# read construct by construct). Attribute values may hold no "&" here (one could spell
# "notranslate"); a lone "&" is data, prose, and not matched at all. The one group holds the
# construct; it takes no part where a "<" or "&" starts none (None in a split, "" found).
_HTML_PLAIN_CONSTRUCTS = re.compile(
    "(" + re.sub(r"\(\?P<\w+>", "(?:", _html_token_pattern("&")
                 .replace("|(?P<amp>)(?=[^a-zA-Z#])", "")
                 .replace("|(?P<other>[<&])", ""))
    + ")|<|&(?![^a-zA-Z#])")
# Searched in the lowered text (a case-insensitive pattern took 0.07 s of a megabyte).
_HTML_MASKED_START = re.compile("<(?:" + "|".join(sorted(_HTML_MASKED)) + ")(?![-a-zA-Z0-9])")


class _Runs(dict):
    """n → ``unit * n``, each made once."""

    def __init__(self, unit: bytes) -> None:
        self.unit = unit

    def __missing__(self, n: int) -> bytes:
        run = self[n] = self.unit * n
        return run


def _html_plain(text: str) -> tuple[bytearray, list[str]] | None:
    """The prose mark of a document without masked elements and its constructs (what is not
    data), or None when ``text`` may have a masked element or holds a construct outside the
    fast subset."""
    low = text.lower()
    if "translate" in low or _HTML_MASKED_START.search(low) or not _html_fast_ok():
        return None
    pieces = _HTML_PLAIN_CONSTRUCTS.split(text)   # data, construct, data, ...
    if None in pieces:
        return None
    mark = bytearray(b"".join(map(getitem, cycle((_Runs(b"\x01"), _Runs(b"\x00"))),
                                  map(len, pieces))))
    return mark, pieces[1::2]


def _html_same_constructs(text: str, constructs: list[str]) -> bool:
    """Whether ``text`` (a repair of a document without masked elements whose constructs
    are ``constructs``) has those constructs, the same strings in the same order, and no
    other: then html.parser reads it with the same events but for data, all of it prose (the
    same tags open no masked element), so its signature is the original's. Where they differ
    the signatures decide. One pass in C, where :func:`edits_keep_html_structure` takes a few
    µs a changed line (0.2 s of 83,000 edited paragraphs)."""
    return _HTML_PLAIN_CONSTRUCTS.findall(text) == constructs


def _html_prose(text: str, events: list | None = None) -> bytearray:
    """1 for every character of prose, 0 for the rest; ``events``: the text's
    :func:`_html_events`, when the caller has them."""
    if events is None:
        plain = _html_plain(text)
        if plain is not None:
            return plain[0]
        events = _html_events(text)
    mark = bytearray(len(text))
    for start, kind, payload, prose in events:
        if prose:
            mark[start:start + len(payload)] = b"\x01" * len(payload)
    return mark


def html_signature(text: str, events: list | None = None) -> list:
    """Everything in an HTML text that is not prose: tags with attributes, comments,
    declarations, references and the content of masked elements, in order. ``events``: the
    text's :func:`_html_events`, when the caller has them."""
    sig = []
    for _, kind, payload, prose in _html_events(text) if events is None else events:
        if prose:
            continue
        if kind in ("start", "startend"):
            payload = payload[:2]      # tag and attributes (the raw text may differ in case)
        sig.append((kind, payload))
    # Adjacent masked data chunks may split differently: join them.
    joined: list = []
    for item in sig:
        if item[0] == "data" and joined and joined[-1][0] == "data":
            joined[-1] = ("data", joined[-1][1] + item[1])
        else:
            joined.append(item)
    return joined


def edits_keep_html_structure(old: str, new: str) -> bool:
    """Whether the repair ``old`` → ``new`` (same lines; its edits in prose, as unmasking
    makes them) provably keeps the HTML token structure, so the guard needs no tokenization of
    ``new``. On every changed line: no ``&`` (without one there is no character or entity
    reference, which the character after it can change: ``&T x`` → ``&Tx``); no ``<`` or
    ``>`` in the stretch where old and new differ; no ``<`` in the four characters before it
    (a data ``<`` whose next character changes can start a tag: ``a < b`` → ``a <b``). Every
    other construct starts with ``<`` and ends at its own ``>`` or ``-->`` outside the
    stretch, and data with neither ``<`` nor ``&`` is one data event wherever it is.

    A line whose one stretch holds a ``<`` or ``>`` (a line of tags with edits between
    them) is cut at its ``<`` and ``>``, the same ones in the same order on both sides, and
    each piece that differs is one stretch held to the rules above. Made one at a time, left
    to right, each keeps the structure: the four characters before a stretch are then the
    unchanged ones before it and the repaired piece before it, and they hold no ``<`` where
    the original's did not. A paragraph of 55,000 ``<b>`` elements with an edit between each
    two was tokenized again (0.75 s of fixing it)."""
    if _HTML_UNSURE_CHARREF.search(old) or _HTML_UNSURE_CHARREF.search(new):
        return False
    a_lines = old.split("\n")
    b_lines = new.split("\n")
    if len(a_lines) != len(b_lines):
        return False
    for a, b in zip(a_lines, b_lines):
        if a == b:
            continue
        if "&" in a or "&" in b:
            return False
        i, a_end, b_end = changed_span(a, b)
        if "<" in a[max(0, i - 4):i]:
            return False
        for mid in (a[i:a_end], b[i:b_end]):
            if "<" in mid or ">" in mid:
                if not _html_pieces_keep(a, b):
                    return False
                break
    return True


_LT_GT_SPLIT = re.compile("([<>])")
# A "&#" that does not begin a complete character reference (html.parser's: digits or x and
# hex digits, then a character that is neither): html.parser may read what follows it, on
# later lines too, other than line by line (`&#xg` then `<my-tag data-x="1">` on the next
# line: a space edited in the tag was let through). Such a document is tokenized again.
_HTML_UNSURE_CHARREF = re.compile(r"&#(?![0-9]+[^0-9a-fA-F]|[xX][0-9a-fA-F]+[^0-9a-fA-F])")


def _html_pieces_keep(a: str, b: str) -> bool:
    """:func:`edits_keep_html_structure` of one changed line, piece by piece: the same ``<``
    and ``>`` in the same order, and in each piece that differs, no ``<`` in the four
    characters before its stretch."""
    a_parts, b_parts = _LT_GT_SPLIT.split(a), _LT_GT_SPLIT.split(b)
    if len(a_parts) != len(b_parts) or a_parts[1::2] != b_parts[1::2]:
        return False
    off = 0
    for k in range(0, len(a_parts), 2):
        sa, sb = a_parts[k], b_parts[k]
        if sa != sb:
            i = off + changed_span(sa, sb)[0]
            if "<" in a[max(0, i - 4):i]:
                return False
        off += len(sa) + 1   # the piece, then its "<" or ">"
    return True


def parse_html(data: bytes, path: str, options: FormatOptions | None = None) -> MarkupFile:
    tf = decode(data, path)
    text = tf.text
    plain = _html_plain(text)
    if plain is not None:
        # No masked element: the guard compares constructs (_html_same_constructs), and the
        # signature is made only when they differ.
        mark, constructs = plain
        orig_sig = None
    else:
        # One tokenization for the prose mark and the structure guard's original signature
        # (it was tokenized again for the guard: a third of fixing 1 MB of inline elements).
        events = _html_events(text)
        mark, constructs = _html_prose(text, events), None
        orig_sig = html_signature(text, events)
    masked = _mask(text, mark)
    return MarkupFile([Unit(masked.target, line=1)], "html", tf.bom, text, data, masked,
                      html_signature, "<&", _orig_sig=orig_sig, encoding=tf.encoding,
                      _html_constructs=constructs)


# ---------------------------------------------------------------------------------------------
# Markdown

_md_parser = None
_md_block_parser = None


# Characters that make or break Markdown syntax inside a line (emphasis, code, links, images,
# strikethrough, tables, entities, escapes, inline HTML, headings), and the tab (indentation).
_MD_INLINE_SYNTAX = frozenset("*_`[]()!#|~&;<>\\\t\r")
_MD_SYNTAX_SPLIT = re.compile("([" + re.escape("".join(sorted(_MD_INLINE_SYNTAX))) + "])")
_MD_SYNTAX_CHAR = re.compile("[" + re.escape("".join(sorted(_MD_INLINE_SYNTAX))) + "]")


# Leading spaces and container markers (block quotes, list items: "> ", "- ", "1. "), then
# the first word: where a change may start a block ("- 1.Dari" → "- 1. Dari" nests a list;
# the first word alone, "-", let that through).
_FIRST_WORD = re.compile(r"(?: *(?:> ?|[-+*](?: +|$)|[0-9]{1,9}[.)](?: +|$)))* *\S*")


def _letter_started(a_line: str, b_line: str, pre: int, no_defs: bool = False) -> bool:
    """Whether a change at ``pre`` leaves a line that begins, after the same leading spaces,
    with a letter before and after it: no block starts with a letter (list markers are
    digits or ``-+*``; headings, quotes, fences, thematic breaks, HTML blocks, tables'
    delimiter rows, setext underlines and reference definitions begin with a mark), so
    whether the line starts a block, continues one or ends one is as it was: an edit in its
    first word (``Darimana kita`` → ``Dari mana kita``) is judged as one further on.
    ``no_defs``: the text holds no reference definition (no ``]:``), so a line may also begin
    with a quotation mark (one may begin a definition's title on the line after it)."""
    lead = len(a_line) - len(a_line.lstrip(" "))
    if pre < lead or lead >= len(a_line) or lead >= len(b_line):
        return False
    a, b = a_line[lead], b_line[lead]
    return ((a.isalpha() or (no_defs and a in _QUOTES))
            and (b.isalpha() or (no_defs and b in _QUOTES)))


_QUOTES = frozenset("\"'“‘«")


# Syntax characters that are text unless a partner makes them syntax: "!" before "[" (an
# image), "&" and ";" around an entity's name or number, "(" and ")" after "]" (a link's
# destination: its "](" is on one line, its destination or title may go on over the next
# lines of the paragraph; or a reference definition's title on a line of its own: so these
# only in a text without "]:", and in a line with no "](" since the paragraph began). In a changed line whose old and new forms hold
# no partner, they are text
# like any other character, and the line is judged with each read as a control character of
# its own ("kenyataan! '" → "kenyataan!'", "Frankie & amp;  Alice" → "Frankie & Alice"): no
# syntax, no space and no letter (a line that begins with one is not letter-started), one
# apiece (an edit from one to another stays an edit); the same length, so the prose mark's
# offsets hold.
_PARTNERED = re.compile(r"!\[|&#?[A-Za-z0-9]+;")
_INERT = str.maketrans("!&;", "\x01\x02\x03")
_INERT_WITH_PARENS = str.maketrans("!&;()", "\x01\x02\x03\x04\x05")


def _inert_as_text(a_line: str, b_line: str, parens: bool) -> tuple[str, str]:
    """The two forms of a changed line with their inert syntax characters replaced;
    ``parens``: the text holds no "]:" (before or after the repair)."""
    if _PARTNERED.search(a_line) or _PARTNERED.search(b_line):
        return a_line, b_line
    table = _INERT_WITH_PARENS if parens and "]" not in a_line and "]" not in b_line \
        else _INERT
    return a_line.translate(table), b_line.translate(table)


def edits_keep_markdown_structure(old: str, new: str, prose: bytes | bytearray) -> bool:
    """Whether the repair ``old`` → ``new`` (same lines, prose edits) provably keeps the
    Markdown token structure, so the structure guard needs no parse of ``new``.

    Each changed line must keep its inline-syntax characters (``_MD_INLINE_SYNTAX``: emphasis,
    code, links, images, strikethrough, table pipes, entities, escapes, inline HTML, headings,
    tabs) in the same order, and between two of them (or the line's ends) every changed stretch
    must leave the characters next to a syntax character alone (emphasis depends on its
    neighbours; a run of spaces between them may shrink to one space), start after the line's
    first word (block markers: ``1 . x`` → ``1. x`` would make a list), end before the line's
    trailing spaces (a hard line break), and lie in prose by the original parse (``prose``: the
    mark of :func:`_md_prose`; a line inside a code span, inline HTML or a link title is not).
    Conservative: False sends the repair to the full check.

    A changed line is compared where it changed (:func:`_md_line_keeps`): its syntax
    characters outside that stretch are the same ones at the same places, so only the parts
    around it are split and compared (a line of 250,000 ``<!--`` with one edit: 0.4 s of
    splitting, now a few slices). In a text without any syntax character no line is searched
    for one."""
    old_lines = old.split("\n")
    new_lines = new.split("\n")
    if len(old_lines) != len(new_lines) or len(prose) != len(old):
        return False
    no_syntax = _MD_SYNTAX_CHAR.search(old) is None and _MD_SYNTAX_CHAR.search(new) is None
    syntax = _MD_SYNTAX_CHAR.search
    first_word = _FIRST_WORD.match
    no_defs = "]:" not in old and "]:" not in new   # no reference definition: see below
    # A link's "](" may leave its destination or title to the lines after it, up to the
    # paragraph's end (`[a](` then `D)ari`): parens are inert in a line only where no line
    # since the last empty one holds "](" (``link_open``; hypothesis found it).
    links = "](" in old or "](" in new
    link_open = False
    seen: dict[tuple[str, str], tuple[int, int] | None] = {}
    start = 0
    for a_line, b_line in zip(old_lines, new_lines):
        line_start = start
        start += len(a_line) + 1
        was_open = link_open
        if links:
            if "](" in a_line or "](" in b_line:
                link_open = True
            elif not a_line.strip() and not b_line.strip():
                link_open = False
        if a_line == b_line:
            continue
        if not no_syntax:
            a_line, b_line = _inert_as_text(a_line, b_line, no_defs and not was_open)
        if no_syntax or (syntax(a_line) is None and syntax(b_line) is None):
            # One stretch between the line's ends: _md_line_keeps for a single part, without
            # its call (a list of 143,000 changed lines). What depends on the two lines alone
            # is worked out once per distinct pair (a list repeats its changes).
            got = seen.get((a_line, b_line), 0)
            if got == 0:
                pre, a_end, b_end = changed_span(a_line, b_line)
                got = seen[a_line, b_line] = None if (
                    (pre <= first_word(a_line).end()
                     and not _letter_started(a_line, b_line, pre, no_defs))
                    or a_end >= len(a_line.rstrip())
                    or b_end >= len(b_line.rstrip())) else (max(pre - 1, 0), a_end + 1)
            if got is None or 0 in prose[line_start + got[0]:line_start + got[1]]:
                return False
            continue
        if not _md_line_keeps(a_line, b_line, prose, line_start, no_defs):
            return False
    return True


_LAST_SYNTAX_CHAR = re.compile("(?s:.*)[" + re.escape("".join(sorted(_MD_INLINE_SYNTAX)))
                               + "]")


def _md_line_keeps(a_line: str, b_line: str, prose: bytes | bytearray,
                   line_start: int, no_defs: bool = False) -> bool:
    """:func:`edits_keep_markdown_structure` for one changed line ``a_line`` → ``b_line``
    (``a_line`` at ``line_start`` in the old text). The same answer as splitting both lines at their syntax characters and
    comparing every part (``tests/test_engine_fast.py`` holds it to that): outside the stretch
    where the lines differ (:func:`changed_span`) they are the same characters, so their syntax
    characters there are the same ones at the same places, and every part there is equal. The
    parts that may differ lie between the last syntax character before the stretch and the
    first one after it; those are split and compared, at their offsets in the line."""
    pre, a_end, b_end = changed_span(a_line, b_line)
    first_word_end = _FIRST_WORD.match(a_line).end()
    a_last, b_last = len(a_line.rstrip()), len(b_line.rstrip())
    if _MD_SYNTAX_CHAR.search(a_line) is None and _MD_SYNTAX_CHAR.search(b_line) is None:
        # One part, the whole line: the checks below for it, without the splits (a list of
        # 143,000 changed lines).
        return not ((pre <= first_word_end
                     and not _letter_started(a_line, b_line, pre, no_defs))
                    or a_end >= a_last or b_end >= b_last
                    or 0 in prose[line_start + max(pre - 1, 0):line_start + a_end + 1])
    find = _MD_SYNTAX_CHAR.findall
    # The syntax characters in the changed stretch: the same ones, in the same order.
    if find(a_line, pre, a_end) != find(b_line, pre, b_end):
        return False
    # The parts that may differ: from after the last syntax character before the stretch
    # (its first part is the line's first when there is none) to the first one at or after
    # its end (its last part is the line's last when there is none); the same characters
    # around the stretch in both lines.
    m = _LAST_SYNTAX_CHAR.match(a_line, 0, pre)
    lo_off = m.end() if m is not None else 0
    m = _MD_SYNTAX_CHAR.search(a_line, a_end)
    a_hi = m.start() if m is not None else len(a_line)
    b_hi = b_end + (a_hi - a_end)
    first_part = lo_off == 0
    last_part = m is None
    a_parts = _MD_SYNTAX_SPLIT.split(a_line[lo_off:a_hi])
    b_parts = _MD_SYNTAX_SPLIT.split(b_line[lo_off:b_hi])
    n = len(a_parts)
    a_off = b_off = lo_off
    for k in range(0, n, 2):
        sa, sb = a_parts[k], b_parts[k]
        if sa != sb:
            pre, a_end, b_end = changed_span(sa, sb)
            touches_start = pre == 0 and (k > 0 or not first_part)
            touches_end = a_end == len(sa) and (k < n - 1 or not last_part)
            if (touches_start or touches_end) and not (
                    sa and sb and sa.strip(" ") == "" and sb.strip(" ") == ""):
                # (a run of spaces between two syntax characters that stays a run of
                # spaces: each neighbour keeps a space beside it, all that emphasis and
                # the other inline constructs look at: `*a*  _b_` → `*a* _b_`)
                return False
            lo, hi = a_off + pre, a_off + a_end
            if (lo <= first_word_end and not _letter_started(a_line, b_line, lo, no_defs)) \
                    or hi >= a_last or b_off + b_end >= b_last:
                return False
            if 0 in prose[line_start + max(lo - 1, 0):line_start + hi + 1]:
                return False
        a_off += len(sa) + (len(a_parts[k + 1]) if k + 1 < n else 0)
        b_off += len(sb) + (len(b_parts[k + 1]) if k + 1 < n else 0)
    return True


class _QuietLogger:
    """Stands in for the module-level ``LOGGER`` of markdown-it's block rules in this module's
    parsers: ``debug`` is ``"".format``, a C method that takes any positional arguments and
    returns at once. markdown-it calls ``LOGGER.debug`` each time a block rule is tried (about
    20 times per line of a list: 1.9 million calls on a 1 MB list, 12-22 % of its block parse
    in two measurements, even with debug logging off)."""

    debug = "".format


def _quiet_block_rules(md):
    """Give ``md``'s block rules copies of their functions whose globals hold a
    :class:`_QuietLogger` as ``LOGGER``. Only this parser instance changes: markdown-it's
    modules, and every other parser, keep their logger."""
    import types

    copies: dict[int, dict] = {}   # id of a module's globals → the quiet copy of them

    def quiet(fn):
        if not isinstance(fn, types.FunctionType) or "LOGGER" not in fn.__globals__:
            return fn
        g = copies.get(id(fn.__globals__))
        if g is None:
            g = copies[id(fn.__globals__)] = dict(fn.__globals__)
            g["LOGGER"] = _QuietLogger
        new = types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)
        new.__kwdefaults__ = fn.__kwdefaults__
        new.__qualname__ = fn.__qualname__
        return new

    ruler = md.block.ruler
    for rule in ruler.__rules__:
        rule.fn = quiet(rule.fn)
    ruler.__cache__ = None   # getRules rebuilds its chains from the rules
    return md


def _md():
    global _md_parser
    if _md_parser is None:
        from markdown_it import MarkdownIt
        _md_parser = _quiet_block_rules(MarkdownIt("commonmark").enable(["table",
                                                                           "strikethrough"]))
    return _md_parser


def _md_blocks():
    """The same parser without its inline pass: the block tokens (types, maps, the content of
    ``inline`` tokens, reference definitions in ``env``) are the full parse's, with no
    children. All :func:`_md_prose` needs, in about half the full parse's time."""
    global _md_block_parser
    if _md_block_parser is None:
        from markdown_it import MarkdownIt
        md = _quiet_block_rules(MarkdownIt("commonmark").enable(["table", "strikethrough"])
                                .disable(["inline", "text_join"]))
        rules = md.block.ruler.__rules__
        table = next(r for r in rules if r.name == "table")
        enders = [r.name for r in rules if r.enabled and "blockquote" in r.alt]
        gate = _TABLE_ENDER_STARTS if enders == list(_TABLE_ENDERS) else None
        try:
            rows_rule = _table_rows(table.fn, gate)
        except ImportError:   # a markdown-it without the names the body loop uses: its own
            rows_rule = None
        if rows_rule is not None:
            md.block.ruler.at("table", rows_rule, {"alt": table.alt})
        _md_block_parser = md
    return _md_block_parser


# The rules that can end a table (markdown-it's "blockquote" chain), and the characters a line
# must start with (after its indentation) for one of them to match: ">", a fence, a thematic
# break, a list marker, "<", "#". Each returns False on any other line.
_TABLE_ENDERS = ("fence", "blockquote", "hr", "list", "html_block", "heading")
_TABLE_ENDER_STARTS = frozenset(">`~*-_+<#0123456789")


def _table_rows(table, gate: frozenset[str] | None = None):
    """markdown-it's table rule (``table``) for :func:`_md_blocks`, with each body row one
    ``table_row`` token (``map``: its line; ``meta["cells"]``: the content of each cell, as
    the ``inline`` tokens of the full parse have it) instead of 2 + 3 per cell tokens: a
    1.2 MB table made 194,000 tokens. The header and its checks are ``table``'s own (run with
    the body cut off); the body loop is ``table``'s, with the same ends. With ``gate``, the
    rules that can end the table are tried only on a line starting with one of its
    characters."""
    from markdown_it.common.utils import mdTrim
    from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit, getLine

    def rule(state, startLine: int, endLine: int, silent: bool) -> bool:
        if silent or startLine + 2 > endLine:
            return table(state, startLine, endLine, silent)
        first = len(state.tokens)
        if not table(state, startLine, startLine + 2, False):
            return False
        tokens = state.tokens
        if tokens[-1].type != "table_close":   # not the rule this was written for: its own
            del tokens[first:]
            return table(state, startLine, endLine, False)
        close = tokens.pop()   # table_close: pushed again after the body
        state.level += 1
        table_lines = tokens[first].map
        column_count = sum(1 for t in tokens[first:] if t.type == "th_open")
        old_parent = state.parentType
        state.parentType = "table"
        terminators = state.md.block.ruler.getRules("blockquote")
        autocompleted = 0
        tbody_lines = None
        next_line = startLine + 2
        while next_line < endLine:
            if state.sCount[next_line] < state.blkIndent:
                break
            terminate = False
            pos = state.bMarks[next_line] + state.tShift[next_line]
            if gate is None or (pos < len(state.src) and state.src[pos] in gate):
                for term in terminators:
                    if term(state, next_line, endLine, True):
                        terminate = True
                        break
            if terminate:
                break
            line_text = mdTrim(getLine(state, next_line))
            if not line_text:
                break
            if state.is_code_block(next_line):
                break
            # escapedSplit walks the row a character at a time; without a backslash it is
            # str.split
            columns = escapedSplit(line_text) if "\\" in line_text else line_text.split("|")
            if columns and columns[0] == "":
                columns.pop(0)
            if columns and columns[-1] == "":
                columns.pop()
            autocompleted += column_count - len(columns)
            if autocompleted > MAX_AUTOCOMPLETED_CELLS:
                break
            if next_line == startLine + 2:
                token = state.push("tbody_open", "tbody", 1)
                token.map = tbody_lines = [startLine + 2, 0]
            token = state.push("table_row", "", 0)
            token.map = [next_line, next_line + 1]
            token.meta = {"cells": [mdTrim(columns[i]) if i < len(columns) and columns[i]
                                    else "" for i in range(column_count)]}
            next_line += 1
        if tbody_lines:
            state.push("tbody_close", "tbody", -1)
            tbody_lines[1] = next_line
        state.level -= 1
        tokens.append(close)
        table_lines[1] = next_line
        state.parentType = old_parent
        state.line = next_line
        return True

    return rule


_FRONT_OPEN = {"---": ("---", "..."), "+++": ("+++",)}


def _front_matter_lines(lines: list[str]) -> int:
    """Number of lines of YAML (``---``) or TOML (``+++``) front matter at the top, or 0."""
    if not lines:
        return 0
    closers = _FRONT_OPEN.get(lines[0].rstrip())
    if not closers:
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return i + 1
    return 0


def _md_lines(text: str) -> tuple[list[str], list[int], int]:
    """Lines (terminator and a preceding ``\\r`` excluded), their start offsets, and the number
    of front-matter lines."""
    raws = text.split("\n")
    # line k starts after the lengths of the lines before it and k line breaks: summed in C
    starts = list(map(add, accumulate(map(len, raws[:-1]), initial=0), count()))
    lines = raws if "\r" not in text else [
        raw[:-1] if raw.endswith("\r") else raw for raw in raws]
    return lines, starts, _front_matter_lines(lines)


def _md_source(lines: list[str], front: int) -> str:
    """What markdown-it parses: front matter blanked, lone CRs made spaces (markdown-it would
    count them as line breaks), so its line numbers are ours."""
    return "\n".join("" if i < front else ln.replace("\r", " ") for i, ln in enumerate(lines))


_PREFIX_RE = re.compile(r"[ \t>*+\-.)0-9|#]*")   # block markers before an inline line
# What _md_inline_masks reacts to: content without any of these has no masked range.
_MD_INLINE_MASK_CHARS = re.compile(r"[\\`<&\[]")
_TAIL_RE = re.compile(r"[ \t]*(?:#+[ \t]*)?$")
_CELL_TAIL_RE = re.compile(r"[ \t]*(?:\||$)")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY_RE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK_RE = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>")
_EMAIL_LINK_RE = re.compile(
    r"<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>")
_BACKTICKS_RE = re.compile("`+")
# The characters _md_inline_masks acts on; it steps over every other one.
_MD_INLINE_SPECIAL_CHARS = frozenset("\\`<&![]")
_MD_INLINE_SPECIAL = re.compile(r"[\\`<&!\[\]]")
_LABEL_RE = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]", re.DOTALL)


def _html_inline_re():
    from markdown_it.common.html_re import HTML_TAG_RE
    return HTML_TAG_RE


def _html_may_close(s: str, i: int, last: dict) -> bool:
    """Whether the inline HTML pattern can match at ``s[i] == "<"``: the terminator it needs
    (``-->``, ``]]>``, ``?>`` or ``>``) occurs at or after its least offset (markdown-it's
    ``html_inline`` test). Without it the pattern's comment, processing-instruction,
    declaration and CDATA parts would scan to the end at every ``<``: quadratic on a run of
    unclosed openers. ``last`` caches ``s.rfind`` per terminator."""
    if i + 2 >= len(s):
        return False   # "<a>" is the shortest match

    def at_or_after(term: str, k: int) -> bool:
        pos = last.get(term)
        if pos is None:
            pos = last[term] = s.rfind(term)
        return pos >= i + k

    if s.startswith("<!--", i):
        return at_or_after(">", 4) and (s.startswith("<!-->", i) or s.startswith("<!--->", i)
                                        or at_or_after("-->", 4))
    if s.startswith("<![CDATA[", i):
        return at_or_after("]]>", 9)
    if s[i + 1] == "?":
        return at_or_after("?>", 2)
    if s[i + 1] == "!":
        return at_or_after(">", 3)
    return at_or_after(">", 2)


_md_trim_char = None


def _md_trim_char_re() -> re.Pattern:
    """One character of markdown-it's MD_TRIM_CHARS (what normalizeReference trims and
    collapses)."""
    global _md_trim_char
    if _md_trim_char is None:
        from markdown_it.common.utils import MD_TRIM_CHARS
        _md_trim_char = re.compile("[" + re.escape(MD_TRIM_CHARS) + "]")
    return _md_trim_char


def _norm_label(s: str) -> str:
    from markdown_it.common.utils import normalizeReference
    return normalizeReference(s)


def _skip_ws(s: str, i: int) -> int:
    newlines = 0
    while i < len(s) and s[i] in " \t\n":
        if s[i] == "\n":
            newlines += 1
            if newlines > 1:
                break
        i += 1
    return i


_PAREN_RE = re.compile(r"[()]")
_LINK_INDEX_MIN = 256   # contents at least this long get a _LinkIndex (tests set it lower)
_DEST_END_RE = re.compile(r"[\x00- ]")   # what ends a link destination (``c <= " "``)
_SLOW = -1   # _LinkIndex: the walk must be made (a backslash on the way)


class _LinkIndex:
    """Sorted positions in one inline content that let :func:`_link_tail` find where a
    destination walk and a title scan end with a bisection, not a walk: on ``[a](`` repeated,
    every ``](`` walked 33 levels of ``(`` (about 3.5 s per MB), and a title that never closes
    (``[a](b (`` repeated) was scanned to the end of the content from every ``](``."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.slashes = [m.start() for m in re.finditer(r"\\", s)]
        self.run_start: list[int] = []   # first backslash of the run holding slashes[t]
        prev = -2
        for p in self.slashes:
            self.run_start.append(self.run_start[-1] if p == prev + 1 else p)
            prev = p
        self.ends = [m.start() for m in _DEST_END_RE.finditer(s)]
        self.parens: list[int] = []
        self.level: list[int] = []       # D after each parenthesis: "(" count less ")" count
        self.at_level: dict[int, list[int]] = {}   # D → parentheses after which D is that
        d = 0
        for m in _PAREN_RE.finditer(s):
            p = m.start()
            d += 1 if s[p] == "(" else -1
            self.parens.append(p)
            self.level.append(d)
            self.at_level.setdefault(d, []).append(p)
        self.closers: dict[str, tuple[list[int], list[int]]] = {}

    def _depth(self, j: int) -> int:
        c = bisect_left(self.parens, j)
        return self.level[c - 1] if c else 0

    @staticmethod
    def _first(seq: list[int] | None, j: int, default: int) -> int:
        if not seq:
            return default
        c = bisect_left(seq, j)
        return seq[c] if c < len(seq) else default

    def dest_end(self, j: int) -> int | None:
        """The end of the destination walk of :func:`_link_tail` from ``j``; None when it
        fails; ``_SLOW`` when a backslash lies on the way. From j the depth at k is
        D(k) - D(j): the walk stops at the first character <= " ", at the first ")" that takes
        D below D(j), or fails at the first "(" that takes it to D(j) + 33."""
        n = len(self.s)
        parens = self.parens
        c = bisect_left(parens, j)
        d0 = self.level[c - 1] if c else 0
        ends = self.ends
        c = bisect_left(ends, j)
        stop = ends[c] if c < len(ends) else n
        seq = self.at_level.get(d0 - 1)
        if seq:
            c = bisect_left(seq, j)
            if c < len(seq) and seq[c] < stop:
                stop = seq[c]
        deep = n
        seq = self.at_level.get(d0 + 33)
        if seq:
            c = bisect_left(seq, j)
            if c < len(seq):
                deep = seq[c]
        slashes = self.slashes
        if slashes:
            c = bisect_left(slashes, j)
            if c < len(slashes) and slashes[c] < min(stop, deep):
                return _SLOW
        if deep < stop:
            return None
        c = bisect_left(parens, stop)
        return stop if (self.level[c - 1] if c else 0) == d0 else None

    def _run_before(self, q: int, x: int) -> int:
        """How many backslashes end at q - 1, counting from x on."""
        t = bisect_left(self.slashes, q) - 1
        if t < 0 or self.slashes[t] != q - 1:
            return 0
        return q - max(self.run_start[t], x)

    def title_end(self, x: int, close: str) -> int | None:
        """The title scan of :func:`_link_tail` from ``x``: the first ``close`` not escaped
        by an odd run of backslashes (counted from x), or None."""
        lists = self.closers.get(close)
        if lists is None:
            every = [m.start() for m in re.finditer(re.escape(close), self.s)]
            lists = self.closers[close] = (
                every, [q for q in every if self._run_before(q, 0) % 2 == 0])
        every, unescaped = lists
        n = len(self.s)
        q = self._first(every, x, n)
        if q >= n:
            return None
        if self._run_before(q, x) % 2 == 0:
            return q
        # Escaped: the next closer whose whole run of backslashes (after q) is even.
        q = self._first(unescaped, q + 1, n)
        return q if q < n else None


def _link_tail(s: str, i: int, index: _LinkIndex | None = None) -> int | None:
    """``s[i] == "("``: the index after the closing ``)`` of an inline link's destination and
    title, or None when it is not one. ``index`` (of ``s``) finds the same ends without
    walking."""
    n = len(s)
    j = _skip_ws(s, i + 1)
    if j < n and s[j] == "<":
        k = j + 1
        while k < n and s[k] not in "<>\n":
            k += 2 if s[k] == "\\" else 1
        if k >= n or s[k] != ">":
            return None
        j = k + 1
    else:
        k = _SLOW if index is None else index.dest_end(j)
        if k is None:
            return None
        if k == _SLOW:
            depth = 0
            k = j
            while k < n:
                c = s[k]
                if c == "\\" and k + 1 < n:
                    k += 2
                    continue
                if c <= " ":
                    break
                if c == "(":
                    depth += 1
                    if depth > 32:
                        return None
                elif c == ")":
                    if depth == 0:
                        break
                    depth -= 1
                k += 1
            if depth:
                return None
        j = k
    k = _skip_ws(s, j)
    had_ws = k > j
    j = k
    if had_ws and j < n and s[j] in "\"'(":
        close = ")" if s[j] == "(" else s[j]
        if index is not None:
            k = index.title_end(j + 1, close)
            if k is None:
                return None
        else:
            k = j + 1
            while k < n and s[k] != close:
                k += 2 if s[k] == "\\" else 1
            if k >= n:
                return None
        j = _skip_ws(s, k + 1)
    if j < n and s[j] == ")":
        return j + 1
    return None


def _md_inline_masks(s: str, refs: dict) -> list[tuple[int, int]]:
    """Ranges of an inline block's content that are not prose."""
    masks: list[tuple[int, int]] = []
    html_re = _html_inline_re()
    last: dict = {}   # for _html_may_close
    runs: dict[int, list[int]] | None = None   # backtick run length → run starts, in order
    brackets: list[tuple[int, int]] = []   # (start, opener length)
    link_index: _LinkIndex | None = None   # made at the first "](" of a long content
    ref_max = max(map(len, refs)) if refs else 0   # the longest reference label
    spaces: list[int] | None = None   # where s holds a character of MD_TRIM_CHARS

    def may_be_ref(a: int, b: int) -> bool:
        """False when ``_norm_label(s[a:b])`` is longer than every reference label: it keeps
        each character outside MD_TRIM_CHARS as at least one character. Found from an index
        of those characters, not by reading s[a:b]: nested brackets ``[[[…]]]`` would read
        the text once for each pair (quadratic)."""
        nonlocal spaces
        if b - a <= ref_max:
            return True
        if spaces is None:
            spaces = [m.start() for m in _md_trim_char_re().finditer(s)]
        return (b - a) - (bisect_left(spaces, b) - bisect_left(spaces, a)) <= ref_max

    i, n = 0, len(s)
    next_special = _MD_INLINE_SPECIAL.search
    while i < n:
        c = s[i]
        if c not in _MD_INLINE_SPECIAL_CHARS:   # nothing below reacts: to the next that does
            # A few steps first: on short runs ("<!--<!--", "[a[b") a search per run costs
            # more than the steps it saves.
            stop = i + 8
            i += 1
            while i < n and s[i] not in _MD_INLINE_SPECIAL_CHARS:
                if i >= stop:
                    m = next_special(s, i)
                    i = n if m is None else m.start()
                    break
                i += 1
            continue
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
            # The closer: the first run of exactly as many backticks after the opener.
            if runs is None:
                runs = {}
                for m in _BACKTICKS_RE.finditer(s):
                    runs.setdefault(m.end() - m.start(), []).append(m.start())
            starts = runs.get(run, [])
            j = bisect_left(starts, k)
            if j < len(starts):
                masks.append((i, starts[j] + run))
                i = starts[j] + run
            else:
                masks.append((i, k))
                i = k
            continue
        if c == "<":
            m = (_AUTOLINK_RE.match(s, i) or _EMAIL_LINK_RE.match(s, i)
                 or (_html_may_close(s, i, last) and html_re.match(s, i)))
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
                if link_index is None and n > _LINK_INDEX_MIN:
                    link_index = _LinkIndex(s)
                end = _link_tail(s, i + 1, link_index)
                if end is not None:
                    masks.append((start, start + olen))
                    masks.append((i, end))
                    i = end
                    continue
            if not refs:   # no reference definitions: no reference link
                i += 1
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
                elif may_be_ref(start + olen, i) and _norm_label(s[start + olen:i]) in refs:
                    masks.append((start, m.end()))               # collapsed [label][]
                    i = m.end()
                    continue
            if may_be_ref(start + olen, i) and s[start + olen:i].strip() \
                    and _norm_label(s[start + olen:i]) in refs:
                masks.append((start, i + 1))                     # shortcut [label]
            i += 1
            continue
        i += 1
    return masks


def _locate(line: str, content: str, cursor: int, cell: bool) -> int:
    """Where ``content`` (one line of an inline token) lies in ``line``, at or after
    ``cursor``, preceded only by block markers; -1 when it cannot be placed."""
    tail = _CELL_TAIL_RE if cell else _TAIL_RE
    pos = line.find(content, cursor)
    while pos != -1:
        if (_PREFIX_RE.fullmatch(line, cursor, pos)
                and tail.match(line, pos + len(content))):
            return pos
        pos = line.find(content, pos + 1)
    return -1


# A document of plain lines: each empty, or an optional bullet marker and one space, then a
# letter and characters with no Markdown meaning except as emphasis (no escape, code span,
# inline HTML, entity, link bracket, table pipe, control character, and no whitespace but the
# space: markdown-it strips Unicode whitespace at the end of a paragraph and tabs indent).
# Such a line is a paragraph line, a lazy continuation or a bullet item holding one paragraph;
# its prose is everything after the marker less trailing spaces, however the lines group.
_PLAIN_CHAR = (r"[^\\`<&\[\]|\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
               r"\u205f\u3000]")
_PLAIN_LINE = r"(?:[-*+] )?[^\W\d_]" + _PLAIN_CHAR + "*"
_PLAIN_DOC_RE = re.compile(f"(?:{_PLAIN_LINE})?(?:\n(?:{_PLAIN_LINE})?)*")
_BULLETS = frozenset(("- ", "* ", "+ "))


_PLAIN_BULLET = re.compile("(?m)^[-*+] ")
_PLAIN_TRAIL = re.compile("(?m) +$")
_PLAIN_MARK = bytes(0 if b == 0x0a else 1 for b in range(256))   # a line break: 0, else 1


def _md_prose_plain(lines: list[str], starts: list[int], size: int,
                    text: str | None = None) -> bytearray | None:
    """:func:`_md_prose` of a document of plain lines (``_PLAIN_DOC_RE``) without a parse,
    or None for any other document (about 50 µs a line for markdown-it on a list). Given the
    ``text`` and no ``\r`` in it, the mark is made in C: each bullet marker and run of trailing
    spaces turned into line breaks (the same length), then every character but a line break
    marked (a list of 143,000 lines: 0.1 s of slice assignments)."""
    if text is not None and "\r" not in text:
        if _PLAIN_DOC_RE.fullmatch(text) is None:
            return None
        t = _PLAIN_BULLET.sub("\n\n", text)
        if " \n" in t or t.endswith(" "):
            t = _PLAIN_TRAIL.sub(lambda m: "\n" * len(m.group()), t)
        # One byte a character (ASCII, or "?" for any other: no line break either).
        return bytearray(t.encode("ascii", "replace").translate(_PLAIN_MARK))
    if _PLAIN_DOC_RE.fullmatch("\n".join(lines)) is None:
        return None
    mark = bytearray(size)
    for ln, s in zip(lines, starts):
        if ln:
            a = 2 if ln[:2] in _BULLETS else 0
            b = len(ln.rstrip(" "))
            mark[s + a:s + b] = b"\x01" * (b - a)
    return mark


def _md_prose(text: str) -> bytearray:
    """The prose mark of each character (1 = prose, 0 = markup), from a block-level parse:
    the text of each ``inline`` token placed in its source lines, less the ranges
    :func:`_md_inline_masks` finds in it, less trailing whitespace."""
    lines, starts, front = _md_lines(text)
    if not front:
        plain = _md_prose_plain(lines, starts, len(text), text)
        if plain is not None:
            return plain
    mark = bytearray(len(text))
    env: dict = {}
    tokens = _md_blocks().parse(_md_source(lines, front), env)
    refs = env.get("references", {})
    cursors = [0] * len(lines)
    n_lines = len(lines)

    def place_line(li: int, content: str, cell: bool) -> None:
        """Mark the one-line content of an inline token placed in line li."""
        pos = _locate(lines[li], content, cursors[li], cell)
        if pos == -1:
            return
        base = starts[li] + pos
        size = len(content)
        mark[base:base + size] = b"\x01" * size
        cursors[li] = pos + size
        if _MD_INLINE_MASK_CHARS.search(content) is not None:
            for a, b in _md_inline_masks(content, refs):
                b = min(b, size)
                if a < b:
                    mark[base + a:base + b] = bytes(b - a)

    in_cell = 0
    for tok in tokens:
        ttype = tok.type
        if ttype != "inline":
            if ttype == "table_row":   # _table_rows: the inline tokens of a row's cells
                first = tok.map[0]
                if front <= first < n_lines:
                    for content in tok.meta["cells"]:
                        if content:
                            place_line(first, content, True)
            elif ttype == "th_open" or ttype == "td_open":
                in_cell += 1
            elif ttype == "th_close" or ttype == "td_close":
                in_cell -= 1
            continue
        if tok.map is None:
            continue
        content = tok.content
        first = tok.map[0]
        if "\n" not in content:   # one line: the same as below, without the lists
            if front <= first < n_lines and content:
                place_line(first, content, in_cell > 0)
            continue   # (empty or not placeable: nothing marked, the cursor stays)
        content_lines = content.split("\n")
        placed: list[int] = []
        for j, cl in enumerate(content_lines):
            li = first + j
            if li >= len(lines) or li < front:
                break
            if not cl:
                placed.append(cursors[li])
                continue
            pos = _locate(lines[li], cl, cursors[li], in_cell > 0)
            if pos == -1:
                break
            placed.append(pos)
        else:   # every line placed (else the token's lines stay masked)
            # Content line j is text[bases[j]:bases[j] + len]; it begins at content index
            # cstarts[j] (the "\n" between content lines is in no source place).
            bases: list[int] = []
            cstarts: list[int] = []
            c = 0
            for j, cl in enumerate(content_lines):
                li = first + j
                base = starts[li] + placed[j]
                n = len(cl)
                mark[base:base + n] = b"\x01" * n
                bases.append(base)
                cstarts.append(c)
                c += n + 1
                cursors[li] = placed[j] + n
            if _MD_INLINE_MASK_CHARS.search(content) is None:
                continue   # nothing _md_inline_masks reacts to
            for a, b in _md_inline_masks(content, refs):
                j = bisect_right(cstarts, a) - 1
                while j < len(cstarts) and cstarts[j] < b:
                    cs = cstarts[j]
                    lo = max(a, cs) - cs
                    hi = min(b, cs + len(content_lines[j])) - cs
                    if lo < hi:
                        mark[bases[j] + lo:bases[j] + hi] = bytes(hi - lo)
                    j += 1
    # Trailing whitespace of a line (a hard line break) is markup.
    for li, ln in enumerate(lines):
        stripped = len(ln.rstrip(" \t"))
        if stripped < len(ln):
            s = starts[li]
            mark[s + stripped:s + len(ln)] = bytes(len(ln) - stripped)
    return mark


_MD_TEXT_TYPES = frozenset({"text", "inline"})


def markdown_signature(text: str) -> str:
    """A digest of the markdown-it token stream of a text without its prose: types, tags,
    nesting, markup, attributes (link and image destinations and titles), code, HTML, and front
    matter. Two texts have the same structure when their digests are equal."""
    lines, _, front = _md_lines(text)
    env: dict = {}
    with no_gc():
        return _md_signature(_md().parse(_md_source(lines, front), env), env, lines, front)


def _md_signature(tokens, env: dict, lines: list[str], front: int) -> str:
    # One tuple per token, fed to a hash as it is made: a list of them (kept for the original
    # and built for the repair) took hundreds of MB on a large table.
    h = hashlib.blake2b(digest_size=32)
    update = h.update

    def add(item) -> None:
        update(repr(item).encode("utf-8", "surrogatepass"))
        update(b"\0")

    add(("front", tuple(lines[:front])))

    def walk(tokens):
        for t in tokens:
            attrs = t.attrs
            attrs = tuple(sorted((k, v) for k, v in attrs.items() if k != "alt")) if attrs else ()
            ttype = t.type
            prose = ttype in _MD_TEXT_TYPES or ttype == "image"
            content = "" if prose else t.content
            markup = "" if ttype == "text" else t.markup   # an escape's markup is its text
            add((ttype, t.tag, t.nesting, markup, t.info, attrs,
                 tuple(t.map) if t.map else None, content))
            if t.children and ttype != "image":
                walk(t.children)

    walk(tokens)
    add(("refs", tuple(sorted((k, v.get("href"), v.get("title"))
                              for k, v in env.get("references", {}).items()))))
    return h.hexdigest()


def parse_markdown(data: bytes, path: str, options: FormatOptions | None = None) -> MarkupFile:
    tf = decode(data, path)
    text = tf.text
    with no_gc():
        mark = _md_prose(text)
        masked = _mask(text, mark)
    # The original's signature is made only if the structure guard's fast path fails.
    return MarkupFile([Unit(masked.target, line=1)], "markdown", tf.bom, text, data, masked,
                      markdown_signature, "<`\\", encoding=tf.encoding, _prose=mark)


# ---------------------------------------------------------------------------------------------

_HTML_START_RE = re.compile(rb"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_HTML_STRUCT_RE = re.compile(rb"<(?:body|head|p|div|table|article|section)(?:\s[^<>]*)?>",
                             re.IGNORECASE)
_HTML_CLOSE_RE = re.compile(rb"</(?:body|head|p|div|table|article|section|a|span|li)>",
                            re.IGNORECASE)
_MD_HEADING_RE = re.compile(rb"(?m)^#{1,6} \S")
_MD_FENCE_RE = re.compile(rb"(?m)^ {0,3}(?:```|~~~)")
_MD_LINK_RE = re.compile(rb"!?\[[^\[\]\n]+\]\([^()\s]+(?: \"[^\"\n]*\")?\)")


def sniff(data: bytes) -> str | None:
    """``"html"`` for a text that looks like HTML, ``"markdown"`` when it obviously is
    Markdown (at least two of: ATX heading, fenced code, inline link), else None."""
    head = data[:8192]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _HTML_START_RE.match(head):
        return "html"
    if _HTML_STRUCT_RE.search(head) and _HTML_CLOSE_RE.search(head):
        return "html"
    score = sum(bool(r.search(head)) for r in (_MD_HEADING_RE, _MD_FENCE_RE, _MD_LINK_RE))
    if score >= 2:
        return "markdown"
    return None


FORMATS = [
    Format("markdown", parse_markdown, (".md", ".markdown"), one_document=True),
    Format("html", parse_html, (".html", ".htm", ".xhtml"), one_document=True),
]
