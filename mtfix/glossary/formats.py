"""Reading term bases: TSV/CSV with a header row, and TBX (TermBase eXchange, ISO 30042).

Readers return entries and the problems they met. A file that cannot be read as its format at
all (bad XML, wrong columns, bad encoding) raises :class:`GlossaryFormatError`; row-level
problems (an empty target, a malformed case policy) are returned for `mtfix glossary validate`
to report, and the row is skipped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

COLUMNS = ("source", "target", "wrong", "case", "note")
REQUIRED = ("source", "target")
CASE_POLICIES = ("insensitive", "sensitive")
VARIANT_SEP = "|"
UNSAFE_MARK = "~"


class GlossaryFormatError(Exception):
    """The file is not a readable glossary: exit status 2."""


@dataclass(frozen=True)
class Variant:
    text: str
    unsafe: bool = False
    context: str = ""  # right context that must follow the variant and is kept: "[(G7)]"

    @property
    def key(self) -> str:
        return self.text + self.context


@dataclass(frozen=True)
class Entry:
    source: str                      # the source-language (English) term; may be empty
    target: str                      # the required Indonesian term
    wrong: tuple[Variant, ...] = ()  # known-wrong renderings, replaced by `target`
    case_sensitive: bool = False
    note: str = ""
    path: str = ""
    line: int = 0

    @cached_property
    def origin(self) -> str:
        return f"{Path(self.path).name}:{self.line}" if self.path else "glossary"


@dataclass
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ReadResult:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryFormatError(f"{path}: no such file") from None
    except OSError as e:
        raise GlossaryFormatError(f"{path}: cannot read ({e.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise GlossaryFormatError(f"{path}: not valid UTF-8 at byte offset {e.start}") from None
    return text.lstrip("\ufeff")


def parse_variants(cell: str) -> tuple[tuple[Variant, ...], list[str]]:
    variants, problems = [], []
    for raw in cell.split(VARIANT_SEP):
        v = raw.strip()
        if not v:
            if cell.strip():
                problems.append("empty wrong variant (two `|` in a row, or a trailing `|`)")
            continue
        unsafe = v.startswith(UNSAFE_MARK)
        v = v[1:].strip() if unsafe else v
        context = ""
        if v.endswith("]") and "[" in v:
            i = v.rindex("[")
            context, v = v[i + 1:-1], v[:i]
            if not context.strip():
                problems.append("empty context `[]` after a wrong variant")
        if not v.strip():
            problems.append(f"wrong variant {raw.strip()!r} has no text to replace")
            continue
        variants.append(Variant(v, unsafe, context))
    return tuple(variants), problems


def read_delimited(path: Path, delimiter: str) -> ReadResult:
    text = _decode(path)
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise GlossaryFormatError(f"{path}: empty glossary (no header row)")
    body = io.StringIO("\n".join(line for _, line in lines))
    if delimiter == "\t":  # TSV: no quoting at all, a tab is always a separator
        rows = list(csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE))
    else:
        rows = list(csv.reader(body, delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        what = []
        if missing:
            what.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            what.append(f"unknown column(s) {', '.join(unknown)}")
        raise GlossaryFormatError(
            f"{path}:{lines[0][0]}: bad header ({'; '.join(what)}); expected columns "
            f"{', '.join(COLUMNS)} (source and target required)")
    out = ReadResult()
    for (lineno, _), row in zip(lines[1:], rows[1:]):
        if len(row) > len(header):
            out.problems.append(Problem(str(path), lineno,
                                        f"{len(row)} fields, header has {len(header)}"))
            continue
        cells = dict(zip(header, (c.strip() for c in row)))
        entry = _entry(cells, str(path), lineno, out.problems)
        if entry is not None:
            out.entries.append(entry)
    return out


def _entry(cells: dict[str, str], path: str, line: int, problems: list[Problem],
           wrong: tuple[Variant, ...] | None = None) -> Entry | None:
    target = cells.get("target", "")
    if not target:
        problems.append(Problem(path, line, "empty target term"))
        return None
    case = (cells.get("case") or "insensitive").lower()
    if case not in CASE_POLICIES:
        problems.append(Problem(path, line, f"case policy {case!r}: expected "
                                            f"{' or '.join(CASE_POLICIES)}"))
        return None
    if wrong is None:
        wrong, vproblems = parse_variants(cells.get("wrong", ""))
        for p in vproblems:
            problems.append(Problem(path, line, p))
    if not cells.get("source") and not wrong:
        problems.append(Problem(path, line, "entry has neither a source term nor wrong variants: "
                                            "it can never fire"))
    return Entry(cells.get("source", ""), target, wrong, case == "sensitive",
                 cells.get("note", ""), path, line)


# -- TBX ---------------------------------------------------------------------------------------

_DEPRECATED = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded",
               "notrecommended"}


def read_tbx(path: Path) -> ReadResult:
    """TBX 2 (``martif``/``termEntry``/``tig``) and TBX 3 (``tbx``/``conceptEntry``/``termSec``).

    English terms are the source; Indonesian terms are the target, except those whose
    ``administrativeStatus`` is deprecated/superseded, which are wrong variants (a
    ``termNote type="mtfix:safety"`` of ``unsafe`` marks one unsafe). A
    ``descrip type="mtfix:case"`` of ``sensitive`` sets the case policy; a ``note`` or
    ``descrip type="definition"`` becomes the note. The XML is parsed with defusedxml: DTDs,
    entity declarations and external references are refused.
    """
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    raw = _decode(path)
    try:
        root = DET.fromstring(raw.encode("utf-8"), forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    except DefusedXmlException as e:
        raise GlossaryFormatError(f"{path}: refused unsafe XML ({type(e).__name__}: DTDs and "
                                  f"entity declarations are not allowed)") from None
    except ParseError as e:
        raise GlossaryFormatError(f"{path}: not well-formed XML ({e})") from None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    if local(root.tag) not in ("martif", "tbx"):
        raise GlossaryFormatError(f"{path}: not a TBX file (root element <{local(root.tag)}>)")
    out = ReadResult()
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    n = 0
    for concept in root.iter():
        if local(concept.tag) not in ("termEntry", "conceptEntry"):
            continue
        n += 1
        source, targets, wrong = "", [], []
        case, note = "insensitive", ""
        for el in concept.iter():
            name = local(el.tag)
            if name in ("descrip", "note") and el.text:
                kind = el.get("type", "")
                if kind == "mtfix:case":
                    case = el.text.strip().lower()
                elif not note and kind in ("", "definition", "context"):
                    note = el.text.strip()
        for lang_set in concept:
            if local(lang_set.tag) != "langSet":
                continue
            lang = (lang_set.get(xml_lang) or lang_set.get("lang") or "").lower().split("-")[0]
            for holder in lang_set:
                if local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term, status, unsafe = "", "", False
                for el in holder.iter():
                    name = local(el.tag)
                    if name == "term" and el.text:
                        term = el.text.strip()
                    elif name == "termNote" and el.text:
                        kind = el.get("type", "")
                        if kind == "administrativeStatus":
                            status = el.text.strip().lower()
                        elif kind == "mtfix:safety":
                            unsafe = el.text.strip().lower() == "unsafe"
                if not term:
                    continue
                if lang == "en" and not source:
                    source = term
                elif lang in ("id", "in"):
                    if status in _DEPRECATED:
                        # The same `[context]` notation as the TSV column (no `|`, no `~`).
                        for v in parse_variants(term.replace(VARIANT_SEP, " "))[0]:
                            wrong.append(Variant(v.text, unsafe, v.context))
                    else:
                        targets.append(term)
        cells = {"source": source, "target": targets[0] if targets else "",
                 "case": case, "note": note}
        line = n  # TBX has no useful line numbers through ElementTree: count concepts
        entry = _entry(cells, str(path), line, out.problems, tuple(wrong))
        if entry is not None:
            out.entries.append(entry)
    return out


def read_file(path: str | Path) -> ReadResult:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".tsv":
        return read_delimited(p, "\t")
    if suffix == ".csv":
        return read_delimited(p, ",")
    if suffix in (".tbx", ".xml"):
        return read_tbx(p)
    raise GlossaryFormatError(f"{p}: unknown glossary format (expected .tsv, .csv or .tbx)")
