"""Localisation formats: PO (gettext), XLIFF 1.2 and 2.0, TMX, read through translate-toolkit
(PO files it would read plainly: by :mod:`mtfix.formats.po`, with the same results).

Units are the non-empty targets of translatable entries: PO entries other than the header and
obsolete (``#~``) entries, one unit per plural form (fuzzy entries are included: their msgstr is
typically raw MT output); XLIFF 1.2 ``<trans-unit>`` and XLIFF 2.0 ``<segment>`` targets (not
``translate="no"``); TMX ``<tu>`` segments in the target language. Each unit's source is the
entry's source text (PO ``msgid``, ``msgid_plural`` for plural forms 1..n; XLIFF ``<source>``;
TMX: the ``<tuv>`` in the header's ``srclang``, or the first ``<tuv>``).

TMX target language: ``options.target_lang`` (matched case-insensitively; ``id`` also matches
``id-ID`` when nothing matches exactly); when None, the first language in the file that is not
the source language; a file where no ``<tu>`` has the target language (or every ``<tuv>`` is in
the source language) is an error naming the languages present. A ``<tu>`` without the target
language has no unit, and the parsed file's ``warnings`` counts them.

Inline markup (XLIFF/TMX). A target with inline elements (``<g>``, ``<x/>``, ``<bpt>``,
``<ph>``, ``<pc>``, ``<mrk>``, ``<hi>``, comments, ...) is shown to the engine as text with
*placeholder tags* in place of the elements, which the engine never edits (it protects
``<...>`` tags): containers whose content is translatable text (XLIFF ``<g>``/``<mrk>``/``<pc>``,
TMX ``<hi>``) become an opening and a closing placeholder around their repaired content
(``<g1>disini</g1>``); every other element (``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``,
``<sc/>``, ... whose content, if any, is native code) becomes one atomic placeholder
(``<x2/>``). Placeholder names are the element's local name plus its id, so a target's and its
source's placeholders correspond. On render, the repaired text is split at the placeholders and
only the text between them is written back: every inline element keeps its original bytes.
When a placeholder is missing, duplicated or moved out of order, that unit keeps its original
target.

Rendering XML: the target contents are spliced into the original bytes (byte offsets from an
expat pass that mirrors the translate-toolkit/lxml tree), so everything outside the changed
text runs (XML declaration, attribute order and quoting, entities and character references,
whitespace, namespaces, untouched text runs of the same target) stays byte-for-byte as it was.
Unchanged targets give the original bytes. Rendering PO: translate-toolkit re-serialises the
file; it keeps the original lines of untouched entries, and re-wraps (gettext style, 77
columns) only the msgstr of an entry whose target changed. A file :func:`mtfix.formats.po.read`
understands (and translate-toolkit would write back unchanged where nothing changed) gets those
same bytes without it: the changed msgstrs, quoted and wrapped as translate-toolkit does, are
spliced into the original text; with a mark (``fuzzy``/``comment``) or any other file,
translate-toolkit renders, from a store parsed then.

Encodings: a file is written back in its own encoding. XML in an ASCII-compatible encoding
(ISO-8859-1, ...) is spliced as it is; UTF-16/32 XML (BOM, or ``<`` as a wide character) and
PO files whose header declares another charset (ISO-8859-1 is valid for msgfmt; translate-toolkit
cannot read it) are parsed through a UTF-8 view of themselves (declaration/charset rewritten)
and the rendered view is turned back (:class:`_Transcoded`): byte-exact when nothing changed.

XML safety: before translate-toolkit/lxml sees a file, an expat pass rejects entity
declarations (billion laughs), external entities (XXE) and undeclared entity references with
:class:`~mtfix.textio.InputError`; lxml then parses with entity resolution and network off.
"""

from __future__ import annotations

import bisect
import codecs
import re
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from mtfix.formats import Format, FormatOptions, Unit
from mtfix.textio import InputError, decode, sniff_encoding

# ---------------------------------------------------------------------------------------------
# Files in another encoding: parsed through a UTF-8 view of themselves


@dataclass
class _Transcoded:
    """A file parsed as its UTF-8 ``view`` (the same text, its declared encoding rewritten to
    UTF-8); ``render`` gives the file's own bytes when nothing changed, else the rendered view
    turned back into the file's encoding by ``back``."""

    inner: object
    data: bytes
    view: bytes
    back: Callable[[bytes], bytes]

    @property
    def units(self) -> list[Unit]:
        return self.inner.units

    @property
    def warnings(self) -> list[str]:
        return getattr(self.inner, "warnings", [])

    def render(self, targets: Sequence[str]) -> bytes:
        out = self.inner.render(targets)
        return self.data if out == self.view else self.back(out)


def _codec_name(codec: str) -> str:
    return codec.upper().replace("-LE", " LE").replace("-BE", " BE")


def _decode_as(data: bytes, codec: str, path: str, skip: int = 0) -> str:
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid {_codec_name(codec)} at byte offset "
                         f"{skip + e.start} ({e.reason})") from None

# ---------------------------------------------------------------------------------------------
# PO


def _po_check_encoding(data: bytes, path: str) -> None:
    m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:8192])
    charset = m.group(1).decode("ascii").lower().replace("_", "-") if m else "utf-8"
    if charset in ("utf-8", "utf8", "charset", "ascii", "us-ascii"):
        decode(data, path)          # raises InputError naming the offset of bad UTF-8 / NUL
    elif b"\x00" in data:
        decode(data, path)


_PO_MSGSTR = re.compile(r"^msgstr(?:\[(\d+)\])?\s*\"")


def _po_msgstr_lines(data: bytes) -> list[dict[int, int]]:
    """For every non-obsolete entry (header included), in order: plural form -> 1-based line
    of its ``msgstr`` / ``msgstr[n]`` keyword."""
    groups: list[dict[int, int]] = []
    for lineno, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        m = _PO_MSGSTR.match(line.lstrip())
        if not m:
            continue
        form = int(m.group(1)) if m.group(1) else 0
        if form == 0 or not groups:
            groups.append({})
        groups[-1][form] = lineno
    return groups


# The bytes of PO data whose parsed stores are kept from parse to render: parsing again cost
# as much as the parse (0.9 s of a 1 MB catalog of 40,000 entries, a third of its repair); a
# store takes 40 to 80 times its file's size, so a batch of many catalogs keeps the first
# ones' only.
KEEP_STORES_BYTES = 2 << 20
_kept_bytes = 0


def _unkeep(n: int, held: list) -> None:
    global _kept_bytes
    _kept_bytes -= n
    if held:    # the store was never rendered into: its cycle broken (_drop_store)
        _drop_store(held.pop())


@dataclass
class _PoFile:
    data: bytes
    path: str
    units: list[Unit] = field(default_factory=list)
    # (store index, form, plural) per unit; None for a file po.read understood, until a render
    # needs translate-toolkit's store
    refs: list[tuple[int, int, bool]] | None = field(default_factory=list)

    # Gives the kept store's bytes back to the budget, dropping the store if still kept.
    release: Any = field(default=None, repr=False)
    fast: Any = field(default=None, repr=False)  # po.PoRead of a file po.read understood
    # [the parse's store] for the first render: the one place it is held, shared with the
    # finalizer (release), which drops it if no render took it.
    _held: list = field(default_factory=list, repr=False)

    @property
    def kept(self):
        """The parse's store, kept for the first render; None when none is."""
        return self._held[0] if self._held else None

    def keep(self, store) -> None:
        """Keep ``store`` for the first render, within the budget; a store not kept, or
        kept and never rendered into (a check), is dropped (:func:`_drop_store`)."""
        global _kept_bytes
        if _kept_bytes + len(self.data) <= KEEP_STORES_BYTES:
            _kept_bytes += len(self.data)
            self._held.append(store)
            self.release = weakref.finalize(self, _unkeep, len(self.data), self._held)
        else:
            _drop_store(store)

    def _store(self):
        """A store of the file to write into: the one parse_po read (once: render changes
        it), else parsed again (with the refs, for a file po.read understood)."""
        if self._held:
            store = self._held.pop()   # the render's now: not dropped on release
            self.release()
            return store
        if self.refs is None:
            store, _, self.refs = _po_ttk(self.data, self.path)
            return store
        from translate.storage import pypo

        return pypo.pofile.parsestring(self.data)

    def render(self, targets: Sequence[str], mark: str | None = None,
               codes: Sequence[Sequence[str]] | None = None) -> bytes:
        """``mark``: "fuzzy" flags every changed entry fuzzy; "comment" adds the translator
        comment ``# mtfix: CODES`` (``codes[i]``: the rules that changed unit i). Without a
        mark, a file po.read understood and translate-toolkit would write back as it was gets
        its changed msgstrs spliced in (po.PoRead.splice: the same bytes, without the
        re-serialisation)."""
        if len(targets) != len(self.units):
            raise ValueError(f"{len(targets)} targets for {len(self.units)} units")
        changed = [i for i, t in enumerate(targets) if t != self.units[i].target]
        if not changed:
            return self.data
        if mark is None and self.fast is not None and self.fast.splice_ok:
            return self.fast.splice(targets, changed)
        from translate.misc.multistring import multistring

        store = self._store()
        refs = self.refs
        plural_edits: dict[int, list[str]] = {}
        noted: dict[int, list[str]] = {}
        for i in changed:
            idx, form, plural = refs[i]
            unit = store.units[idx]
            if mark == "fuzzy":
                unit.markfuzzy(True)
            elif mark == "comment":
                got = noted.setdefault(idx, [])
                got.extend(c for c in (codes[i] if codes else ()) if c not in got)
            if plural:
                forms = plural_edits.setdefault(idx, [str(s) for s in unit.target.strings])
                forms[form] = targets[i]
            else:
                unit.target = targets[i]
        for idx, forms in plural_edits.items():
            store.units[idx].target = multistring(forms)
        for idx, cs in noted.items():
            store.units[idx].addnote(f"mtfix: {', '.join(cs)}" if cs else "mtfix: changed",
                                     origin="translator")
        out = bytes(store)
        _drop_store(store)
        if not self.data.endswith(b"\n"):       # ttk adds a final newline; keep the file's
            out = out[:-2] if out.endswith(b"\r\n") else out[:-1] if out.endswith(b"\n") else out
        return out


def _drop_store(store) -> None:
    """Break the reference cycle of a store no longer needed (each unit points back at its
    store): its units are then freed at once, by reference counting, instead of waiting for a
    collection over them -- with the collector paused during a run (mtfix.gc_pause), that was
    the collection at the interpreter's exit, 0.4 s over the half a million objects of a 1 MB
    catalog."""
    store.units = []
    for name in ("locationindex", "sourceindex", "id_index"):
        index = getattr(store, name, None)
        if isinstance(index, dict):
            index.clear()


def _po_notes(u) -> tuple[str, ...]:
    """The translator comments (``# ...``) of a PO unit, one per line."""
    notes = u.getnotes("translator") or ""
    return tuple(line for line in notes.split("\n") if line.strip())


_PO_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _po_utf8_view(data: bytes, path: str) -> tuple[bytes, Callable[[bytes], bytes]] | None:
    """A PO file whose header declares another charset (``ISO-8859-1`` is valid for msgfmt;
    translate-toolkit cannot read it): its UTF-8 view and the way back. Written back in its
    own charset; if a repair brought a character that charset lacks, as UTF-8 with the header
    saying so (what translate-toolkit itself does)."""
    m = _PO_CHARSET.search(data[:8192])
    if m is None:
        return None
    declared = m.group(1).decode("ascii")
    if declared.lower() in ("charset",):      # the template's placeholder "charset=CHARSET"
        return None
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{path}: unknown charset {declared!r} in the PO header") from None
    if codec in ("utf-8", "ascii"):
        return None
    if "16" in codec or "32" in codec or "msgid".encode(codec, "replace") != b"msgid":
        raise InputError(f"{path}: charset {declared} is not usable for PO files")
    text = _decode_as(data[:m.start(1)] + b"UTF-8" + data[m.end(1):], codec, path)
    at = len(data[:m.start(1)].decode(codec))

    def back(out: bytes) -> bytes:
        t = out.decode("utf-8")
        if t[at:at + 5] != "UTF-8":
            return out
        try:
            return (t[:at] + declared + t[at + 5:]).encode(codec)
        except UnicodeEncodeError:
            return out          # charset=UTF-8, valid: nothing lost
    return text.encode("utf-8"), back


def parse_po(data: bytes, path: str, options: FormatOptions, fast: bool = True):
    """A PO file's units. ``fast``: read by :func:`mtfix.formats.po.read` where it fully
    understands the file (the same units, without translate-toolkit's parse); every other
    file, and ``fast=False``, is read by translate-toolkit (:func:`_po_ttk`)."""
    view = _po_utf8_view(data, path)
    if view is not None:
        return _Transcoded(parse_po(view[0], path, options, fast), data, *view)
    _po_check_encoding(data, path)
    if fast:
        from mtfix.formats import po

        got = po.read(data)
        if got is not None:
            return _PoFile(data, path, got.units, None, fast=got)
    store, units, refs = _po_ttk(data, path)
    pf = _PoFile(data, path, units, refs)
    pf.keep(store)
    return pf


def _po_ttk(data: bytes, path: str) -> tuple[Any, list[Unit], list[tuple[int, int, bool]]]:
    """translate-toolkit's store of a PO file (UTF-8, checked), its units and their refs."""
    from translate.storage import pypo

    _po_ttk_trap(data, path)
    try:
        store = pypo.pofile.parsestring(data)
    except Exception as e:  # PoParseError, UnicodeDecodeError, ValueError ...
        raise InputError(f"{path}: {_one_line(e)}") from None
    lines = _po_msgstr_lines(data)
    live = [u for u in store.units if not u.isobsolete()]
    if len(lines) != len(live):
        lines = []
    line_of = {id(u): g for u, g in zip(live, lines)}
    units: list[Unit] = []
    refs: list[tuple[int, int, bool]] = []
    for idx, u in enumerate(store.units):
        if u.isheader() or u.isobsolete():
            continue
        plural = u.hasplural()
        target = u.target
        if not plural and not target:
            continue  # untranslated: no unit (what the look-ups below are not needed for)
        ctxt = u.getcontext()
        group = line_of.get(id(u), {})
        notes = _po_notes(u) if u.othercomments else ()
        state = "fuzzy" if u.isfuzzy() else "translated"
        if plural:
            sources = [str(s) for s in u.source.strings]
            msgid = sources[0]
            for form, t in enumerate(str(s) for s in u.target.strings):
                if not t:
                    continue
                src = sources[0] if form == 0 else sources[min(1, len(sources) - 1)]
                uid = f"{msgid}[{form}]"
                units.append(Unit(t, src, f"{ctxt}::{uid}" if ctxt else uid, group.get(form),
                                  notes, state))
                refs.append((idx, form, True))
        else:
            t = str(target)
            msgid = str(u.source)
            units.append(Unit(t, msgid, f"{ctxt}::{msgid}" if ctxt else msgid, group.get(0),
                              notes, state))
            refs.append((idx, 0, False))
    return store, units, refs


# ---------------------------------------------------------------------------------------------
# XML: safety pass and byte spans


def _po_ttk_trap(data: bytes, path: str) -> None:
    """An InputError for a line translate-toolkit (3.20) never leaves: a previous-msgid line
    ("#|" or "|") after leading white space. Its comment parser strips the indent to see a
    "#|" line, reads no "#|" line from the unindented one, and -- when the entry already has a
    previous msgid -- reports progress without reading a line, forever; with none it is a
    syntax error. Either way the file cannot be read, so say which line."""
    if b"|" not in data:
        return
    from translate.storage import pypo

    lines, _ = pypo.splitlines(data)            # its own split: \n, \r or \r\n
    for n, raw in enumerate(lines, 1):
        if b"|" not in raw:
            continue
        line = raw.decode("utf-8", "replace")
        bare = line.lstrip()
        if bare != line and bare.startswith(("#|", "|")):     # indented
            raise InputError(f"{path}: line {n}: an indented '{bare[:2].strip()}' "
                             "(previous msgid) line: start it at the line's beginning")


def _one_line(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg


_XML_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)")


_XML_DECL_ENCODING = re.compile(r"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)")


def _xml_utf8_view(data: bytes, path: str) -> tuple[bytes, Callable[[bytes], bytes]] | None:
    """A UTF-16/32 XML file (BOM, or ``<`` as a wide character): its UTF-8 view (declared
    encoding rewritten to UTF-8, the BOM dropped) and the way back to the file's bytes."""
    codec, bom = sniff_encoding(data)
    if codec == "utf-8":
        wide = {b"<\x00\x00\x00": "utf-32-le", b"\x00\x00\x00<": "utf-32-be",
                b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be"}
        codec = wide.get(data[:4], "")
        if not codec:
            return None
    text = _decode_as(data, codec, path, len(bom))
    m = _XML_DECL_ENCODING.match(text)
    at, n = (m.start(1), m.end(1) - m.start(1)) if m else (0, 0)
    declared = text[at:at + n]
    view = text[:at] + "UTF-8" + text[at + n:] if m else text

    def back(out: bytes) -> bytes:
        t = out.decode("utf-8")
        if m:
            t = t[:at] + declared + t[at + 5:]
        return bom + t.encode(codec)
    return view.encode("utf-8"), back


def _xml_encoding(data: bytes, path: str) -> str:
    """The document's encoding; only ASCII-compatible encodings are supported."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<"):
        raise InputError(f"{path}: UTF-16/32 XML is not supported; convert it to UTF-8 first")
    m = _XML_ENCODING.match(data)
    enc = m.group(1).decode("ascii") if m else "utf-8"
    import codecs

    try:
        name = codecs.lookup(enc).name
    except LookupError:
        raise InputError(f"{path}: unknown encoding {enc!r} in the XML declaration") from None
    if name in ("utf-8", "utf-8-sig"):
        decode(data, path)
        return "utf-8"
    if "16" in name or "32" in name:
        raise InputError(f"{path}: {enc} XML is not supported; convert it to UTF-8 first")
    try:
        data.decode(name)
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid {enc} at byte offset {e.start}") from None
    return name


@dataclass(slots=True)
class _Span:
    name: str        # local name; "#comment" / "#pi" for comments and processing instructions
    start: int       # offset of '<'
    start_end: int   # offset after the start tag's '>' (== end for comments, PIs, empty tags)
    end_start: int   # offset of the end tag's '<'
    end: int         # offset after the end tag's '>'


class _Forbidden(Exception):
    pass


_TAG_END = re.compile(rb"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")


def _tag_end(data: bytes, pos: int) -> int:
    """Offset after the '>' closing the tag that starts at ``pos`` (quotes respected)."""
    m = _TAG_END.match(data, pos)
    if not m:
        raise ValueError(f"unterminated tag at byte offset {pos}")
    return m.end()


def _new_span(data: bytes, pos: int, name: str) -> _Span:
    """The span of the element whose start tag is at ``pos`` (its end not known yet unless
    the tag is empty)."""
    se = _tag_end(data, pos)
    empty = data[se - 2:se] == b"/>"
    return _Span(name, pos, se, se if empty else -1, se if empty else -1)


def _xml_scan(data: bytes, path: str) -> tuple[str, dict[str, str], list[_Span]]:
    """Check well-formedness and safety with expat; return the root's local name and
    attributes, and the byte spans of every element, comment and PI inside the root, in
    document order.

    The element handlers do the least per element (inline.xliff: 40,000): the root's own
    handler hands over to one without the root test, local names come from a dict, an
    empty element's span is made whole, and an end tag ends at its first ``>`` (it holds no
    quotes)."""
    from xml.parsers import expat

    spans: list[_Span] = []
    stack: list[_Span] = []
    root: list[tuple[str, dict[str, str]]] = []

    p = expat.ParserCreate()
    match = _TAG_END.match
    local: dict[str, str] = {}
    add, push, pop = spans.append, stack.append, stack.pop

    def start_root(name, attrs):
        sp = _new_span(data, p.CurrentByteIndex, name.rpartition(":")[2])
        root.append((sp.name, dict(attrs)))
        push(sp)
        p.StartElementHandler = start

    def start(name, attrs):
        pos = p.CurrentByteIndex
        m = match(data, pos)
        if m is None:
            raise ValueError(f"unterminated tag at byte offset {pos}")
        se = m.end()
        ln = local.get(name)
        if ln is None:
            ln = local[name] = name.rpartition(":")[2]
        sp = _Span(ln, pos, se, se, se) if data[se - 2] == 47 else _Span(ln, pos, se, -1, -1)
        add(sp)   # 47: "/" of "/>"
        push(sp)

    def end(name):
        sp = pop()
        if sp.end < 0:
            pos = p.CurrentByteIndex
            sp.end_start = pos
            sp.end = data.index(b">", pos) + 1

    def forbid_entity(name, *args):
        raise _Forbidden(f"entity declarations are not allowed (entity {name!r}); "
                         "refusing a possible entity-expansion or external-entity attack")

    def forbid_external(*args):
        raise _Forbidden("external entities are not allowed")

    def forbid_skipped(name, is_param):
        raise _Forbidden(f"undeclared entity reference &{name};")

    def other(kind):
        def handler(*args):
            if stack:
                pos = p.CurrentByteIndex
                close = b"-->" if kind == "#comment" else b"?>"
                e = data.index(close, pos) + len(close)
                spans.append(_Span(kind, pos, e, e, e))
        return handler

    p.StartElementHandler = start_root
    p.EndElementHandler = end
    p.CommentHandler = other("#comment")
    p.ProcessingInstructionHandler = other("#pi")
    p.EntityDeclHandler = forbid_entity
    p.UnparsedEntityDeclHandler = forbid_entity
    p.ExternalEntityRefHandler = forbid_external
    p.SkippedEntityHandler = forbid_skipped
    try:
        p.Parse(data, True)
    except _Forbidden as e:
        raise InputError(f"{path}: {e}") from None
    except expat.ExpatError as e:
        raise InputError(f"{path}: {_one_line(e)}") from None
    except ValueError as e:
        raise InputError(f"{path}: {_one_line(e)}") from None
    if not root:
        raise InputError(f"{path}: no root element")
    return root[0][0], root[0][1], spans


def _localname(node) -> str:
    return _tag_localname(node.tag)


def _tag_localname(tag) -> str:
    if isinstance(tag, str):
        return tag.rpartition("}")[2]
    from lxml import etree

    if tag is etree.Comment:
        return "#comment"
    if tag is etree.ProcessingInstruction:
        return "#pi"
    return "#entity"


class _Tree:
    """The lxml document of a translate-toolkit store, each node mapped to its byte span."""

    def __init__(self, data: bytes, path: str, encoding: str, store, spans: list[_Span]):
        self.data = data
        self.path = path
        self.encoding = encoding
        nodes = list(store.document.getroot().iter())[1:]
        # the nodes' local names (one per distinct tag) against the spans' names, in C
        names = _LocalNames()
        if len(nodes) != len(spans) or list(map(names.__getitem__, [n.tag for n in nodes])) \
                != [s.name for s in spans]:
            if store.units:
                raise InputError(f"{path}: cannot map the XML tree to the file's bytes")
            # translate-toolkit added a missing <file>/<body>: there is nothing to repair
            nodes, spans = [], []
        self.span = dict(zip(nodes, spans))
        self._newlines: list[int] | None = None
        self._at = 0      # line() counts the newlines from the last offset asked, when on
        self._line = 1    # the line of _at

    def line(self, offset: int) -> int:
        """The line of ``offset``: units come in document order, so the newlines are counted
        from the last offset asked; an offset before it is looked up by bisection."""
        if offset >= self._at:
            self._line += self.data.count(b"\n", self._at, offset)
            self._at = offset
            return self._line
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer(rb"\n", self.data)]
        return bisect.bisect_left(self._newlines, offset) + 1


class _LocalNames(dict):
    """tag -> what :func:`_localname` gives for a node with that tag, made on first need."""

    def __missing__(self, tag) -> str:
        name = self[tag] = _tag_localname(tag)
        return name


# Inline elements whose content is translatable text: shown as open/close placeholders.
_CONTAINERS = {"g", "mrk", "pc", "hi"}
_ID_ATTRS = ("id", "mid", "i", "x")
_PH_CHARS = re.compile(r"[^\w.-]")


@dataclass(slots=True)
class _Target:
    """A target element's content: text runs between inline elements."""

    text: str                      # the engine's view: runs joined by placeholders
    runs: list[str]                # decoded text runs (len(placeholders) + 1)
    slots: list[tuple[int, int]]   # byte range of each run in the file
    placeholders: list[str]


def _placeholder_view(tree: _Tree, el) -> _Target:
    """Walk ``el``'s content: text runs, and placeholders for inline elements.

    One loop over a stack of child iterators, the run and mark bookkeeping inline, and each
    node's local name from its span (the tree's nodes and spans agree on it: :class:`_Tree`):
    a target of 40,000 ``<g>`` elements (inline.xliff) took 0.18-0.25 s here in a recursive
    walk with two helper calls per element, 0.14-0.23 s so. The walk is kept as the oracle
    in ``tests/test_xliff_placeholder_view.py``; an element without children (most targets
    and sources) is one run without the walk, an id's placeholder characters are cleaned once
    per distinct id, and the view is the runs and placeholders interleaved in one join."""
    span = tree.span
    own = span[el]
    if not len(el):
        text = el.text or ""
        return _Target(text, [text], [(own.start_end, own.end_start)], [])
    runs: list[str] = [el.text or ""]
    slots: list[tuple[int, int]] = []
    marks: list[tuple[str, str]] = []   # (kind, base name)
    run_start = own.start_end
    sub = _PH_CHARS.sub
    cleaned: dict[str, str] = {}
    # (children still to walk, the container they are in: its base name and span; None for el)
    stack: list[tuple] = [(iter(el), None, None, None)]
    while stack:
        children, node, node_base, node_sp = stack[-1]
        for c in children:
            sp = span[c]
            name = sp.name
            if name[0] == "#":
                base = "comment" if name == "#comment" else "pi" if name == "#pi" else name
            else:
                base = name
                get = c.get
                for a in _ID_ATTRS:
                    ident = get(a)
                    if ident:
                        clean = cleaned.get(ident)
                        if clean is None:
                            clean = cleaned[ident] = sub("", ident)
                        base = name + clean
                        break
            slots.append((run_start, sp.start))
            if name in _CONTAINERS:
                if not len(c):  # its text, close and tail at once (the walk's else: below)
                    marks += (("open", base), ("close", base))
                    runs += (c.text or "", c.tail or "")
                    slots.append((sp.start_end, sp.end_start))
                    run_start = sp.end
                    continue
                marks.append(("open", base))
                runs.append(c.text or "")
                run_start = sp.start_end
                stack.append((iter(c), c, base, sp))
                break
            marks.append(("atom", base))
            runs.append(c.tail or "")
            run_start = sp.end
        else:
            stack.pop()
            if node is not None:  # the container's end: its close mark, then its tail
                slots.append((run_start, node_sp.end_start))
                marks.append(("close", node_base))
                runs.append(node.tail or "")
                run_start = node_sp.end
    slots.append((run_start, own.end_start))

    placeholders = _placeholder_names(marks, "".join(runs))
    parts = runs + runs[1:]
    parts[0::2] = runs
    parts[1::2] = placeholders
    return _Target("".join(parts), runs, slots, placeholders)


def _placeholder_names(marks: Sequence[tuple], joined: str) -> list[str]:
    """The placeholder of each mark (``<n>``, ``</n>``, ``<n/>``) of a target whose text runs
    are ``joined``; a mark is (kind, base name, ...): "open", "close" or "atom"."""
    in_text = _InText(joined)
    has = None if in_text.tails == [] else in_text.has  # None: no "<" in the text
    used: set[str] = set()
    placeholders: list[str] = []
    append = placeholders.append
    # open/close of one container share a name; pick names unique in the unit and absent
    # from its text: for each, the first of base, base-2, base-3, ... that is neither. A name
    # passed over stays taken, so the search for a base resumes where its last one ended
    # (from 1 each time, 4,000 `<g id="1">` in one target took 3 s; 40,000 took minutes):
    # after the one it took, which is taken.
    next_n: dict[str, int] = {}
    open_names: list[str] = []
    for m in marks:
        kind = m[0]
        if kind == "close":
            append(f"</{open_names.pop()}>")
            continue
        base = m[1]
        n = next_n.get(base, 1)
        name = base if n == 1 else f"{base}-{n}"
        while name in used or (has is not None and has(name)):
            n += 1
            name = f"{base}-{n}"
        next_n[base] = n + 1
        used.add(name)
        if kind == "open":
            open_names.append(name)
            append(f"<{name}>")
        else:
            append(f"<{name}/>")
    return placeholders


class _InText:
    """Whether ``<NAME`` or ``</NAME`` occurs in a text (NAME a prefix of what follows the
    ``<``), by bisection in the sorted tails after each ``<``: one search of the text per
    name was quadratic in a target with thousands of inline elements."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tails: list[str] | None = None if "<" in text else []
        self.width = 0

    def has(self, name: str) -> bool:
        if self.tails == []:
            return False
        if self.tails is None or len(name) + 1 > self.width:
            # tails cut at the longest name asked for so far (+1 for a "/"), doubled on need
            self.width = max(64, 2 * (len(name) + 1))
            t, w = self.text, self.width
            self.tails = sorted(t[i + 1:i + 1 + w] for i in _all(t, "<"))
        return self._prefix(name) or self._prefix("/" + name)

    def _prefix(self, s: str) -> bool:
        k = bisect.bisect_left(self.tails, s)
        return k < len(self.tails) and self.tails[k].startswith(s)


def _all(text: str, sub: str):
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


# A placeholder is `<`, a name without `<` or `>`, then `>`: each of its occurrences in a text
# is a match of this pattern, and the matches of one scan are all of them.
_ANGLED = re.compile(r"<[^<>]*>")
_ANGLED_SPLIT = re.compile(r"(<[^<>]*>)").split  # text, match, text, ..., text


def _split_runs(text: str, placeholders: list[str]) -> list[str] | None:
    """Split a repaired text at its placeholders, or None if they did not all survive, each
    once and in order. One scan of the text finds every occurrence (a count of the whole text
    per placeholder was quadratic)."""
    if not placeholders:
        return [text]
    # The usual repaired text: its angled matches are the placeholders, in order. Then the
    # runs are the pieces between them, cut in C (a target of 40,000 inline elements: 0.12 s
    # in the loops below, most of its render).
    parts = _ANGLED_SPLIT(text)
    if parts[1::2] == placeholders:
        return parts[0::2]
    wanted = set(placeholders)
    at: dict[str, int] = {}
    for m in _ANGLED.finditer(text):
        ph = m.group()
        if ph in wanted:
            if ph in at:
                return None  # twice
            at[ph] = m.start()
    runs: list[str] = []
    pos = 0
    for ph in placeholders:
        i = at.get(ph, -1)
        if i < pos:  # gone, or before the one before it
            return None
        runs.append(text[pos:i])
        pos = i + len(ph)
    runs.append(text[pos:])
    return runs


def _escape(text: str, raw: bytes, encoding: str) -> bytes:
    s = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if b"\r\n" in raw:
        s = s.replace("\n", "\r\n")
    return s.encode(encoding, "xmlcharrefreplace")


def _escape_runs(edits: list[tuple[int, int, Any]], data: bytes,
                 encoding: str) -> list[tuple[int, int, bytes]]:
    """``edits`` with each text run (a str; the rest are bytes already) escaped as
    :func:`_escape` does. In UTF-8 all runs at once: joined by NUL (no XML text holds one),
    escaped and encoded in one go and split again; a run whose original bytes hold CRLF gets
    its newlines as CRLF after (in UTF-8 the byte LF is only ever the newline). One call per
    run took 0.13 s of a target with 40,000 changed runs (inline.xliff)."""
    at = [k for k, e in enumerate(edits) if e[2].__class__ is str]
    texts = [edits[k][2] for k in at]
    joined = "\0".join(texts)
    if encoding != "utf-8" or joined.count("\0") != len(texts) - 1:  # a run holds a NUL
        return [(a, b, _escape(x, data[a:b], encoding)) if x.__class__ is str else (a, b, x)
                for a, b, x in edits]
    chunks = _escape(joined, b"", encoding).split(b"\0")
    crlf = b"\r\n" in data
    out = list(edits)
    for k, chunk in zip(at, chunks):
        a, b, _ = edits[k]
        if crlf and data.find(b"\r\n", a, b) >= 0:
            chunk = chunk.replace(b"\n", b"\r\n")
        out[k] = (a, b, chunk)
    return out


@dataclass
class _XmlFile:
    tree: _Tree
    units: list[Unit] = field(default_factory=list)
    targets: list[_Target] = field(default_factory=list)
    # One-line notes for the user about what was left alone (TMX: <tu> without the target
    # language); the command prints them as warnings.
    warnings: list[str] = field(default_factory=list)
    # per unit: the element whose ``state`` attribute marks a changed unit (None: TMX), and
    # the state a changed unit gets
    state_els: list = field(default_factory=list)
    changed_state: str | None = None

    def add(self, target_el, source_el, uid: str | None, notes: tuple[str, ...] = (),
            state_el=None) -> None:
        view = _placeholder_view(self.tree, target_el)
        if not view.text.strip():
            return
        # a source's view is its text only: an element without children is its own text
        source = None if source_el is None else (source_el.text or "") if not len(source_el) \
            else _placeholder_view(self.tree, source_el).text
        line = self.tree.line(self.tree.span[target_el].start)
        state = state_el.get("state") if state_el is not None else None
        self.units.append(Unit(view.text, source, uid, line, notes, state))
        self.targets.append(view)
        self.state_els.append(state_el)

    def render(self, targets: Sequence[str], mark: str | None = None,
               codes: Sequence[Sequence[str]] | None = None) -> bytes:
        """``mark`` (any value): every changed unit's state becomes the format's "needs
        review" state (XLIFF 1.2 ``needs-review-translation``, 2.0 ``translated``), spliced
        into its start tag; TMX has no state and is not marked."""
        if len(targets) != len(self.units):
            raise ValueError(f"{len(targets)} targets for {len(self.units)} units")
        data = self.tree.data
        # (start, end, text run or the state attribute's bytes): the runs escaped at the end
        edits: list[tuple[int, int, Any]] = []
        marked: set[int] = set()
        for k, (unit, view, new) in enumerate(zip(self.units, self.targets, targets)):
            if new == unit.target:
                continue
            runs = _split_runs(new, view.placeholders)
            if runs is None:
                continue        # an inline element did not survive: keep the original target
            n = len(edits)
            for (a, b), old, run in zip(view.slots, view.runs, runs):
                if run != old:
                    edits.append((a, b, run))
            el = self.state_els[k] if self.state_els else None
            if mark and len(edits) > n and el is not None and self.changed_state \
                    and id(el) not in marked:
                marked.add(id(el))
                edits.append(_state_edit(data, self.tree.span[el], self.changed_state))
        if not edits:
            return data
        edits = _escape_runs(edits, data, self.tree.encoding)
        out: list[bytes] = []
        pos = 0
        for a, b, chunk in sorted(edits):
            out.append(data[pos:a])
            out.append(chunk)
            pos = b
        out.append(data[pos:])
        return b"".join(out)


_STATE_ATTR = re.compile(rb"""(?<=\s)state\s*=\s*(?:"[^"]*"|'[^']*')""")


def _state_edit(data: bytes, span: _Span, state: str) -> tuple[int, int, bytes]:
    """The splice that sets ``state`` on the element at ``span``: its value replaced, or the
    attribute added at the end of the start tag."""
    tag = data[span.start:span.start_end]
    m = _STATE_ATTR.search(tag)
    if m:
        return span.start + m.start(), span.start + m.end(), f'state="{state}"'.encode("ascii")
    end = span.start_end - (2 if tag.endswith(b"/>") else 1)
    return end, end, f' state="{state}"'.encode("ascii")


def _load(data: bytes, path: str, root_name: str, label: str):
    encoding = _xml_encoding(data, path)
    root, attrs, spans = _xml_scan(data, path)
    if root != root_name:
        raise InputError(f"{path}: not {label} file (root element <{root}>, "
                         f"expected <{root_name}>)")
    return encoding, attrs, spans


def _child(el, name: str):
    """``el``'s first child element with local name ``name`` (a name without ``}``)."""
    qualified = "}" + name
    for c in el:
        tag = c.tag
        if isinstance(tag, str) and (tag == name or tag.endswith(qualified)):
            return c
    return None


# ---------------------------------------------------------------------------------------------
# XLIFF

_XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2"


def _xml_notes(el) -> tuple[str, ...]:
    """The texts of the ``<note>`` elements of an XLIFF unit (1.2: children of
    ``<trans-unit>``; 2.0: inside the ``<unit>``'s ``<notes>``, ``el`` being its segment),
    not those of nested units."""
    if _localname(el) == "segment" and el.getparent() is not None:
        el = el.getparent()
    out = []
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or "note" not in tag:  # neither <note> nor <notes>
            continue
        name = _localname(child)
        if name == "note":
            out.append("".join(child.itertext()).strip())
        elif name == "notes":
            out.extend("".join(n.itertext()).strip() for n in child
                       if _localname(n) == "note")
    return tuple(n for n in out if n)


def _is_xliff2(root_attrs: dict[str, str]) -> bool:
    version = root_attrs.get("version", "").strip()
    if version:
        return version.startswith("2")
    return any(k.startswith("xmlns") and v.startswith(_XLIFF2_NS) for k, v in root_attrs.items())


def parse_xliff(data: bytes, path: str, options: FormatOptions):
    view = _xml_utf8_view(data, path)
    if view is not None:
        return _Transcoded(parse_xliff(view[0], path, options), data, *view)
    encoding, attrs, spans = _load(data, path, "xliff", "an XLIFF")
    v2 = _is_xliff2(attrs)
    try:
        if v2:
            from translate.storage.xliff2 import Xliff2File as cls
        else:
            from translate.storage.xliff import xlifffile as cls
        store = cls.parsestring(data)
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"{path}: {_one_line(e)}") from None
    xf = _XmlFile(_Tree(data, path, encoding, store, spans))
    xf.changed_state = "translated" if v2 else "needs-review-translation"
    for u in store.units:
        el = u.xmlelement
        if not u.istranslatable():
            continue
        target = _child(el, "target")
        if target is None:
            continue
        uid = u.getid() if v2 else el.get("id")
        # 1.2: <target state>; 2.0: <segment state> (the target's parent)
        state_el = target if not v2 else target.getparent()
        if state_el is not None and state_el not in xf.tree.span:
            state_el = None
        xf.add(target, _child(el, "source"), uid, _xml_notes(el), state_el)
    return xf


# ---------------------------------------------------------------------------------------------
# TMX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str:
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _norm(lang: str | None) -> str:
    return (lang or "").lower().replace("_", "-")


def _primary(lang: str) -> str:
    return lang.split("-")[0]


def _pick(tuvs: list, lang: str):
    """The tuv in ``lang``; failing that, the only one with the same primary language."""
    exact = [tuv for tuv, lg in tuvs if lg == lang]
    if exact:
        return exact[0]
    close = [tuv for tuv, lg in tuvs if _primary(lg) == _primary(lang)]
    return close[0] if len(close) == 1 else None


def parse_tmx(data: bytes, path: str, options: FormatOptions):
    view = _xml_utf8_view(data, path)
    if view is not None:
        return _Transcoded(parse_tmx(view[0], path, options), data, *view)
    encoding, _, spans = _load(data, path, "tmx", "a TMX")
    from translate.storage import tmx

    try:
        store = tmx.tmxfile.parsestring(data)
    except Exception as e:
        raise InputError(f"{path}: {_one_line(e)}") from None
    xf = _XmlFile(_Tree(data, path, encoding, store, spans))
    header = _child(store.document.getroot(), "header")
    srclang = _norm(header.get("srclang") if header is not None else None)
    if srclang in ("", "*all*"):
        srclang = ""

    tus = []
    for n, u in enumerate(store.units, 1):
        tuvs = [(c, _norm(_lang(c))) for c in u.xmlelement if isinstance(c.tag, str)
                and _localname(c) == "tuv"]
        tus.append((n, u.xmlelement, tuvs))

    wanted = _norm(options.target_lang)
    langs = sorted({lg for _, _, tuvs in tus for _, lg in tuvs if lg})
    if not wanted:  # the first language in the file that is not the source language
        wanted = next((lg for _, _, tuvs in tus for _, lg in tuvs
                       if lg and _primary(lg) != _primary(srclang or tuvs[0][1])), "")
        if not wanted and any(tuvs for _, _, tuvs in tus):
            raise InputError(f"{path}: no target language: every <tuv> is in the source "
                             f"language ({', '.join(langs) or 'none'}); give --target-lang")
    if wanted and tus:
        having = sum(1 for _, _, tuvs in tus if _pick(tuvs, wanted) is not None)
        if not having:
            raise InputError(f"{path}: no <tuv> in language {options.target_lang!r} "
                             f"(the file has {', '.join(langs) or 'none'}); check --target-lang")
        if having < len(tus):
            xf.warnings.append(f"{path}: {len(tus) - having} of {len(tus)} <tu> have no <tuv> "
                               f"in {wanted!r}: left as they are")

    for n, tu, tuvs in tus:
        if not tuvs or not wanted:
            continue
        source = _pick(tuvs, srclang) if srclang else tuvs[0][0]
        if source is None:
            source = tuvs[0][0]
        target = _pick(tuvs, wanted)
        if target is None or target is source:
            continue
        seg, src_seg = _child(target, "seg"), _child(source, "seg")
        if seg is None:
            continue
        xf.add(seg, src_seg, tu.get("tuid") or f"tu{n}")
    return xf


# ---------------------------------------------------------------------------------------------
# Detection

_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^<>\[]|\[.*?\])*>\s*)", re.S)
_ROOT = re.compile(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")
_PO_ENTRY = re.compile(rb"^(?:msgctxt|msgid)\s+\"", re.M)
_PO_MSGSTR_B = re.compile(rb"^msgstr(?:\[\d+\])?\s+\"", re.M)


def sniff(data: bytes) -> str | None:
    """'xliff', 'tmx' or 'po' when the content looks like one of them, else None."""
    head = data[:65536]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    pos = 0
    while True:
        m = _PROLOG.match(head, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    rest = head[pos:].lstrip()
    if rest.startswith(b"<"):
        m = _ROOT.match(rest)
        if m:
            name = m.group(1).lower()
            if name == b"xliff":
                return "xliff"
            if name == b"tmx":
                return "tmx"
        return None
    if _PO_ENTRY.search(head) and _PO_MSGSTR_B.search(head):
        return "po"
    return None


FORMATS = [
    Format("po", parse_po, (".po", ".pot"), bilingual=True, marks_for_review=True),
    Format("xliff", parse_xliff, (".xlf", ".xliff"), bilingual=True, marks_for_review=True),
    Format("tmx", parse_tmx, (".tmx",), bilingual=True),
]
