"""A linear PO reader and a splice renderer for the catalogs translate-toolkit writes back as
they are.

:func:`read` gives exactly the units :func:`mtfix.formats.l10n.parse_po` gets from
translate-toolkit (target, source, id, line, notes, state, in the same order) for the files
it fully understands, and None for every other file, which then goes to translate-toolkit:
correctness never depends on this module. It understands a file that is valid UTF-8 (an
optional BOM), has LF or CRLF line ends throughout (no other line break characters), and is
blocks separated by empty lines (empty lines before the first and after the last are skipped,
and a run of them between two entries is written back as one, as translate-toolkit does),
each block

    comments ("#", "# ...", "#.", "#:", "#," or "#=" (flags, written back "#,", as
    translate-toolkit does), one "#|" group of previous msgctxt/msgid/msgid_plural)
    [msgctxt STRING]  msgid STRING  (msgstr STRING | msgid_plural STRING msgstr[0] STRING ...)

or an obsolete entry (comments, then every line ``#~ ``), where a keyword is followed by one
space and STRING is one or more lines ``"..."`` whose escapes are complete (``\\x`` pairs) and
end at the closing quote. The header (``msgid ""``) only as the first block; plural forms
numbered 0, 1, 2, ...; a header charset other than UTF-8, KDE ``_:`` msgid comments, a
continuation line ``""``: translate-toolkit.

:meth:`PoRead.splice` renders: the file's text with only the changed entries' msgstr blocks
replaced by what translate-toolkit writes for them (its escaping and gettext-style wrapping at
77 columns; every form of a plural entry, as its ``target`` setter re-quotes them all). That
equals translate-toolkit's re-serialisation of the whole file only where it would write every
untouched entry back as it was, so :func:`read` also says whether it would (``splice_ok``):
comments in its order (translator, extracted, references, flags, previous), no fuzzy flag on
an entry without a translation (it drops those), obsolete entries with only translator
comments and flags. Held to translate-toolkit by ``tests/test_po_fast.py``.
"""

from __future__ import annotations

import codecs
import re
from typing import Sequence

from mtfix.formats import Unit

_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_PART = _Q + r"(?:\n" + _Q + r")*"
_COMMENTS = r"(?P<com>(?:#(?:[^~\n][^\n]*)?\n)*)"
_LIVE = re.compile(
    _COMMENTS
    + r"(?:msgctxt (?P<ctx>" + _PART + r")\n)?"
    + r"msgid (?P<id>" + _PART + r")\n"
    + r"(?:msgid_plural (?P<pl>" + _PART + r")\n(?P<forms>msgstr\[0\] " + _PART
    + r"(?:\nmsgstr\[[1-9][0-9]*\] " + _PART + r")*)"
    + r"|(?P<str>msgstr " + _PART + r"))\Z")
_SIMPLE = re.compile(r'msgid ("[^"\\\n]*")\nmsgstr ("[^"\\\n]*")\Z')
_OPART = _Q + r"(?:\n#~ " + _Q + r")*"
_OBSOLETE = re.compile(
    _COMMENTS
    + r"#~ (?:msgctxt " + _OPART + r"\n#~ )?msgid (?P<id>" + _OPART + r")\n#~ "
    + r"(?:msgid_plural " + _OPART + r"\n(?P<forms>#~ msgstr\[0\] " + _OPART
    + r"(?:\n#~ msgstr\[[1-9][0-9]*\] " + _OPART + r")*)"
    + r"|(?P<str>msgstr " + _OPART + r"))\Z")
_PREV = re.compile(r"#\| (?:(msgctxt|msgid|msgid_plural) )?" + _Q)
_FORM = re.compile(r"msgstr\[([0-9]+)\] ")
_ESCAPE = re.compile(r"\\.")
_UNESCAPE = {"r": "\r", "t": "\t", '"': '"', "n": "\n", "\\": "\\"}
# str.splitlines breaks lines (l10n._po_msgstr_lines counts lines so) at these too; \r is
# handled on its own (CRLF files); NUL: left to translate-toolkit
_ODD = re.compile("[\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CHARSET = re.compile(r"charset=\s*([^\s\n]+)")      # translate-toolkit's, on the header
_GAPS = re.compile(r"(\n\n+)")                      # the separators of the blocks
_EQ_FLAGS = re.compile(r"^#=", re.MULTILINE)           # a "#=" flag line
_COMMENT_KIND = {".": 1, ":": 2, ",": 3, "|": 4}      # its output order; "#", "# ...": 0
_PREV_ORDER = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2}


def _unescape_one(m: re.Match) -> str:
    c = m.group(0)[1]
    return _UNESCAPE.get(c, c)


def _unquote(part: str) -> str:
    """A STRING's text: its lines' contents joined, escapes resolved as translate-toolkit
    does (``\\r \\t \\" \\n \\\\``; any other ``\\x`` is ``x``)."""
    if "\n" in part:
        s = "".join(line[1:-1] for line in part.split("\n"))
    else:
        s = part[1:-1]
    return _ESCAPE.sub(_unescape_one, s) if "\\" in s else s


def _forms(forms: str, prefix: str = "") -> list[tuple[int, str]]:
    """(offset, STRING) of each ``msgstr[n]`` of a plural entry's forms (numbered 0, 1, ...;
    else ValueError); ``prefix``: ``#~ `` for obsolete entries."""
    out: list[tuple[int, str]] = []
    starts = [0]
    key = "\n" + prefix + "msgstr["
    at = forms.find(key)
    while at >= 0:
        starts.append(at + 1)
        at = forms.find(key, at + 1)
    for n, s in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(forms)
        m = _FORM.match(forms, s + len(prefix))
        if m is None or int(m.group(1)) != n or m.group(1) != str(n):
            raise ValueError
        out.append((s, forms[m.end():end]))
    return out


def _kde(part: str) -> bool:
    """Whether a msgid line starts with ``"_:`` (translate-toolkit reads it as a KDE comment)."""
    return part.startswith('"_:') or '\n"_:' in part


def _dedupes(part: str) -> bool:
    """translate-toolkit drops a continuation line ``""`` after another (its writer): a part
    with any continuation line ``""`` is left to it."""
    return '\n""' in part and any(line == '""' for line in part.split("\n")[1:])


def _obsolete_dedupes(part: str) -> bool:
    return '\n#~ ""' in part and any(line == '#~ ""' for line in part.split("\n")[1:])


class PoRead:
    """A file :func:`read` understood: its units, and what :meth:`splice` needs."""

    __slots__ = ("units", "refs", "blocks", "at", "forms", "crlf", "final_nl", "splice_ok")

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.refs: list[tuple[int, int]] = []      # unit -> (block, form; -1: not plural)
        self.blocks: list[str] = []
        self.at: dict[int, int] = {}               # block -> offset of its msgstr keyword
        self.forms: dict[int, list[str]] = {}      # plural block -> its forms' texts
        self.crlf = False
        self.final_nl = True
        self.splice_ok = True

    def splice(self, targets: Sequence[str], changed: Sequence[int]) -> bytes:
        """The file (without its BOM, as translate-toolkit writes it) with the msgstr of the
        entries holding the ``changed`` units rewritten for ``targets``."""
        blocks = self.blocks
        new: dict[int, object] = {}
        for i in changed:
            b, form = self.refs[i]
            if form < 0:
                new[b] = targets[i]
            else:
                got = new.get(b)
                if got is None:
                    got = new[b] = list(self.forms[b])
                got[form] = targets[i]
        out = list(blocks)
        for b, t in new.items():
            head = blocks[b][:self.at[b]]
            if isinstance(t, str):
                out[b] = head + _msgpart("msgstr", t)
            else:
                out[b] = head + "\n".join(_msgpart(f"msgstr[{k}]", f) for k, f in enumerate(t))
        text = "\n\n".join(out)
        if self.final_nl:
            text += "\n"
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return text.encode("utf-8")


_ESCAPES = str.maketrans({"\r": "\\r", "\t": "\\t", '"': '\\"', "\n": "\\n", "\\": "\\\\"})
_WIDTH = 77


def _msgpart(name: str, text: str) -> str:
    """``name`` and ``text`` quoted as translate-toolkit writes them (``pypo.quoteforpo`` with
    its default ``PoWrapper``, then ``pounit._getmsgpartstr``), lines joined by LF, no final
    line end."""
    text = text.translate(_ESCAPES)
    if not text:
        return name + ' ""'
    if len(text) <= _WIDTH - 6 and text.isascii() and text.isprintable() and "\\" not in text:
        return f'{name} "{text}"'       # what gettext_wrap keeps on one line (tests hold it)
    from unicode_segmentation_rs import gettext_wrap

    lines = gettext_wrap(text, _WIDTH)
    polines = ['""'] if len(lines) >= 2 or (lines and len(lines[0]) > _WIDTH - 6) else []
    polines.extend(f'"{line}"' for line in lines)
    if not polines:
        return name + ' ""'
    out = [f"{name} {polines[0]}"]
    previous = None
    for line in polines[1:]:
        if previous == '""' and line == '""':
            continue
        previous = line
        out.append(line)
    return "\n".join(out)


def _charset_ok(target: str) -> bool:
    """Whether translate-toolkit reads the file as UTF-8 given its first entry's target."""
    m = _CHARSET.search(target)
    if m is None or m.group(1) == "CHARSET":
        return True
    try:
        return codecs.lookup(m.group(1)).name == "utf-8"
    except LookupError:
        return False


def _comments(com: str, nl: str, obsolete: bool) -> tuple[tuple[str, ...], bool, bool] | None:
    """(notes, fuzzy, in translate-toolkit's order) of a block's comment lines; None when
    translate-toolkit would read them otherwise than this module knows."""
    lines = com[:-1].split("\n")
    last = -1
    ordered = True
    others: list[str] = []
    fuzzy = False
    prev_seen = False
    prev_state = -1
    prev_kw = False
    for line in lines:
        c = line[1:2]
        kind = _COMMENT_KIND.get(c, 0)
        if kind == 4:
            if obsolete:
                return None
            if prev_seen and last != 4:
                return None                 # a second #| group
            prev_seen = True
            m = _PREV.fullmatch(line)
            if m is None:
                return None
            kw = m.group(1)
            if kw is not None:
                k = _PREV_ORDER[kw]
                if k <= prev_state:
                    return None
                prev_state = k
                prev_kw = True
            elif not prev_kw:
                return None
        elif kind == 0:
            others.append(line)
        elif kind == 3:
            if not fuzzy:
                fuzzy = any(f.strip() == "fuzzy" for f in line.split(","))
        elif obsolete:
            ordered = False                 # translate-toolkit drops #. and #: of obsolete ones
        if kind < last:
            ordered = False
        last = kind
    notes: tuple[str, ...] = ()
    if others:
        # pounit.getnotes("translator") (each comment keeps its line end) split as
        # l10n._po_notes does
        joined = "".join((c[1:][1:] if c[1:2] == " " else c[1:]) + nl for c in others)
        joined = joined[:-len(nl)]
        notes = tuple(line for line in joined.split("\n") if line.strip())
    return notes, fuzzy, ordered


def read(data: bytes) -> PoRead | None:
    """The units of a PO file (UTF-8: the caller has checked its encoding) as
    translate-toolkit reads them, or None when this reader does not fully understand it."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    r = PoRead()
    if "\r" in text:
        n = text.count("\r")
        if text.count("\r\n") != n or text.count("\n") != n:
            return None
        text = text.replace("\r\n", "\n")
        r.crlf = True
    if not text.strip() or _ODD.search(text):
        return None
    nl = "\r\n" if r.crlf else "\n"
    r.final_nl = text.endswith("\n")
    # translate-toolkit skips empty lines before the first entry and after the last one (and
    # writes none there)
    body = text.strip("\n")
    if "#=" in body:
        # translate-toolkit reads a "#=" line as flags and writes it "#,": read and spliced
        # so (a line starting "#=" is a comment; the same length, so offsets hold)
        body = _EQ_FLAGS.sub("#,", body)
    line = 1 + len(text) - len(text.lstrip("\n"))
    r.blocks = blocks = body.split("\n\n")
    # Entries apart by more than one empty line: translate-toolkit writes one, as the blocks
    # joined again do. ``gaps[b]``: the empty lines after block b.
    gaps = None
    if "\n\n\n" in body:
        pieces = _GAPS.split(body)
        r.blocks = blocks = pieces[0::2]
        gaps = [len(g) - 1 for g in pieces[1::2]]
    units = r.units
    refs = r.refs
    live_match = _LIVE.match
    at_of = r.at
    simple_match = _SIMPLE.match
    for b, block in enumerate(blocks):
        start = line
        line += block.count("\n") + (2 if gaps is None or b >= len(gaps) else 1 + gaps[b])
        m = simple_match(block)
        if m is not None and b:
            # the common entry: one-line msgid and msgstr without escapes, nothing else
            idq, sq = m.groups()
            if sq != '""' and idq != '""' and not idq.startswith('"_:'):
                msgid = idq[1:-1]
                at_of[b] = len(idq) + 7
                units.append(Unit(sq[1:-1], msgid, msgid, start + 1, (), "translated"))
                refs.append((b, -1))
                continue
        m = live_match(block)
        if m is None:
            m = _OBSOLETE.match(block)
            if m is None or b == 0:
                return None
            if _kde(m.group("id").replace("\n#~ ", "\n")):
                return None
            forms = m.group("forms")
            try:
                parts = [p for _, p in _forms(forms, "#~ ")] if forms else [m.group("str")[7:]]
            except ValueError:
                return None
            if any(_obsolete_dedupes(p) for p in parts) or _obsolete_dedupes(m.group("id")):
                return None
            com = m.group("com")
            if com:
                got = _comments(com, nl, True)
                if got is None:
                    return None
                fuzzy, ordered = got[1], got[2]
                if not ordered:
                    r.splice_ok = False
                if fuzzy and all(p.replace("\n#~ ", "") == '""' * (p.count("\n") + 1)
                                 for p in parts):
                    r.splice_ok = False     # translate-toolkit drops the flag on write
            continue
        com, ctx, idpart, pl, forms, part = m.group("com", "ctx", "id", "pl", "forms", "str")
        if ('"_:' in idpart and _kde(idpart)) or (pl is not None and _kde(pl)):
            return None
        if ('\n""' in idpart and _dedupes(idpart)) or (ctx is not None and _dedupes(ctx)) or \
                (pl is not None and _dedupes(pl)):
            return None
        notes: tuple[str, ...] = ()
        fuzzy = False
        if com:
            got = _comments(com, nl, False)
            if got is None:
                return None
            notes, fuzzy, ordered = got
            if not ordered:
                r.splice_ok = False
        if forms is None:
            part = part[7:]
            if '\n""' in part and _dedupes(part):
                return None
            if "\n" in part or "\\" in part:
                target = _unquote(part)
            else:
                target = part[1:-1]
            if b == 0 and not _charset_ok(target):
                return None
            if idpart == '""':
                if b != 0 or ctx is not None or not target:
                    return None             # not the header: left to translate-toolkit
                continue
            if not target:
                if fuzzy:
                    r.splice_ok = False
                continue
            if "\n" in idpart or "\\" in idpart:
                msgid = _unquote(idpart)
            else:
                msgid = idpart[1:-1]
            at = m.start("str")
            at_of[b] = at
            if ctx is None:
                uid = msgid
            else:
                ctxt = _unquote(ctx)
                uid = f"{ctxt}::{msgid}" if ctxt else msgid
            units.append(Unit(target, msgid, uid, start + block.count("\n", 0, at), notes,
                              "fuzzy" if fuzzy else "translated"))
            refs.append((b, -1))
            continue
        if idpart == '""':
            return None
        try:
            fparts = _forms(forms)
        except ValueError:
            return None
        if any(_dedupes(p) for _, p in fparts):
            return None
        base = m.start("forms")
        r.at[b] = base
        texts = [_unquote(p) for _, p in fparts]
        r.forms[b] = texts
        if not any(texts):
            if fuzzy:
                r.splice_ok = False
            continue
        msgid = _unquote(idpart)
        plural_src = _unquote(pl)
        ctxt = _unquote(ctx) if ctx is not None else ""
        first = start + block.count("\n", 0, base)
        for form, ((off, _), t) in enumerate(zip(fparts, texts)):
            if not t:
                continue
            uid = f"{msgid}[{form}]"
            units.append(Unit(t, msgid if form == 0 else plural_src,
                              f"{ctxt}::{uid}" if ctxt else uid,
                              first + forms.count("\n", 0, off), notes,
                              "fuzzy" if fuzzy else "translated"))
            refs.append((b, form))
    return r
