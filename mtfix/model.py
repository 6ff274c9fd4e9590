"""Core value types: Segment, Edit, Fix, Diagnostic.

Offsets are character offsets (not bytes) into the text the rule saw, half-open ``[start, end)``.
"""

from __future__ import annotations

import enum
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Mapping


# How a text is segmented: every line a segment, or one article (boilerplate lines may go).
MODES = ("lines", "article")


class Applicability(str, enum.Enum):
    """How sure a fix is, in the order ruff uses: only ``safe`` fixes apply by default."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"

    def allowed(self, unsafe_fixes: bool) -> bool:
        if self is Applicability.SAFE:
            return True
        if self is Applicability.UNSAFE:
            return unsafe_fixes
        return False


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _quick_init(cls: type) -> type:
    """Give a frozen, slotted dataclass an ``__init__`` that stores each field through its
    slot's descriptor. The generated one calls ``object.__setattr__`` per field (frozen
    classes forbid ``self.x = ...``), which made building an edit, a fix, a diagnostic and an
    applied edit cost 7 µs per repair: on a text with 140,000 repairs, a third of the run.
    Same signature (names, order, defaults), same ``__post_init__`` call; the instances stay
    frozen, compared and hashed as before. Defaults must be plain values, not factories."""
    params, body, env = [], [], {}
    for f in fields(cls):
        if not f.init:
            continue
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: _quick_init takes no default_factory")
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    src = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    # Pickled as a call of the class with its init fields (a worker's results go back to the
    # parent so: --jobs, Dask). The slotted dataclass's own __getstate__/__setstate__ walk
    # fields() in Python: a diagnostic with its fix and edit took 32 µs there and back, 5 µs
    # now (with the collector paused, as the parent pauses it: run/dispatch). A
    # subclass is rebuilt as itself from these fields (one with fields of its own needs its
    # own __reduce__).
    names = [f.name for f in fields(cls) if f.init]
    src += ("def __reduce__(self):\n"
            f"    return type(self), ({''.join(f'self.{n}, ' for n in names)})\n")
    exec(src, env)  # noqa: S102 - generated from the class's own field names, as dataclasses does
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    reduce = env["__reduce__"]
    reduce.__qualname__ = f"{cls.__qualname__}.__reduce__"
    cls.__reduce__ = reduce
    return cls


@_quick_init
@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (an insertion when start == end)."""

    start: int
    end: int
    content: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")

    def overlaps(self, other: "Edit") -> bool:
        """Two edits conflict when their spans intersect, or both insert at the same point."""
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


@_quick_init
@dataclass(frozen=True, slots=True)
class Fix:
    """One logical correction: a group of edits applied together, or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    # Where the edits begin and end: computed once here (the engine asks for every fix of
    # every pass), not on each access. Not init arguments, not compared, not shown.
    start: int = field(init=False, repr=False, compare=False)
    end: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        edits = self.edits
        if len(edits) == 1:
            e = edits[0]
            _set_fix_start(self, e.start)
            _set_fix_end(self, e.end)
        elif edits:  # (no edits: start and end stay unset, as min/max of nothing failed)
            _set_fix_start(self, min(e.start for e in edits))
            _set_fix_end(self, max(e.end for e in edits))

    @classmethod
    def replace(cls, start: int, end: int, content: str,
                applicability: Applicability = Applicability.SAFE) -> "Fix":
        if cls is Fix:   # built slot by slot (_one_edit_fix): the same Fix, a rule's usual one
            return _one_edit_fix(start, end, content, applicability)
        return cls((Edit(start, end, content),), applicability)


# Fix.start and Fix.end are set through their slots' descriptors (see _quick_init).
_set_fix_start = Fix.__dict__["start"].__set__
_set_fix_end = Fix.__dict__["end"].__set__


@_quick_init
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding of one rule at one span, with an optional fix."""

    code: str
    message: str
    start: int
    end: int
    severity: Severity = Severity.WARNING
    fix: Fix | None = None

    @property
    def applicability(self) -> Applicability:
        return self.fix.applicability if self.fix else Applicability.DISPLAY_ONLY

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability is not Applicability.DISPLAY_ONLY


def slot_setters(cls: type, *names: str) -> tuple:
    """The setters of these slots of a frozen, slotted class: each stores a field without the
    frozen class's ``__setattr__`` (for building objects, or moving those no one else holds)."""
    return tuple(cls.__dict__[n].__set__ for n in names)


_edit_set = slot_setters(Edit, "start", "end", "content")
_fix_set = slot_setters(Fix, "edits", "applicability", "start", "end")
_diag_set = slot_setters(Diagnostic, "code", "message", "start", "end", "severity", "fix")


def _blank(cls: type) -> type:
    """A plain class with ``cls``'s slots (same names, same order, same base): an instance is
    filled in by plain attribute stores, then made a ``cls`` by ``__class__`` assignment, which
    Python allows between classes of one layout. The object is then a ``cls`` like any other
    (frozen, compared, hashed, pickled, shown as built by its constructor: tests/
    test_engine_fast.py). A slot's descriptor called per field took 1.07 µs for a diagnostic,
    its fix and its edit; stores and the assignment take 0.44 µs (400,000 findings in a
    megabyte of ``x  x``: a quarter of a second)."""
    return type(f"_Blank{cls.__name__}", (), {"__slots__": cls.__slots__, "__module__": __name__})


_BlankEdit, _BlankFix, _BlankDiagnostic = _blank(Edit), _blank(Fix), _blank(Diagnostic)


def _one_edit_fix(start: int, end: int, content: str, applicability: Applicability) -> Fix:
    """``Fix((Edit(start, end, content),), applicability)`` built as :func:`_blank` says (the
    same ``ValueError`` for a bad span)."""
    if not 0 <= start <= end:
        raise ValueError(f"bad edit span {start}..{end}")
    e = _BlankEdit()
    e.start = start
    e.end = end
    e.content = content
    e.__class__ = Edit
    f = _BlankFix()
    f.edits = (e,)
    f.applicability = applicability
    f.start = start
    f.end = end
    f.__class__ = Fix
    return f


def diagnostic(code: str, message: str, start: int, end: int, severity: Severity,
               fix: Fix | None) -> Diagnostic:
    """``Diagnostic(code, message, start, end, severity, fix)`` built as :func:`_blank` says."""
    d = _BlankDiagnostic()
    d.code = code
    d.message = message
    d.start = start
    d.end = end
    d.severity = severity
    d.fix = fix
    d.__class__ = Diagnostic
    return d


def replacement(code: str, message: str, start: int, end: int, severity: Severity,
                content: str, applicability: Applicability) -> Diagnostic:
    """``Diagnostic(code, message, start, end, severity, Fix((Edit(start, end, content),),
    applicability))``: the same three objects (equal, same checks, same ``ValueError`` for a
    bad span), each stored slot by slot without its ``__init__`` and ``__post_init__`` calls.
    A rule's usual finding (:meth:`mtfix.rules.base.Rule.replace`): 2.0 -> 1.6 µs, on a text
    with 140,000 of them a twentieth of a second (tests/test_engine_fast.py holds it to the
    plain construction)."""
    return diagnostic(code, message, start, end, severity,
                      _one_edit_fix(start, end, content, applicability))


def replacement_within(code: str, message: str, start: int, end: int, severity: Severity,
                       edit_start: int, edit_end: int, content: str,
                       applicability: Applicability) -> Diagnostic:
    """:func:`replacement` whose edit is ``[edit_start, edit_end)``, a part of the flagged
    span: a finding that names more than its minimal edit changes (a run of spaces, of which
    the fix deletes all but the first)."""
    return diagnostic(code, message, start, end, severity,
                      _one_edit_fix(edit_start, edit_end, content, applicability))


def shifted(d: Diagnostic, offset: int) -> Diagnostic:
    """``d`` moved ``offset`` characters to the left, fix and edits too: equal to
    ``Diagnostic(d.code, d.message, d.start - offset, d.end - offset, d.severity,
    Fix(tuple(Edit(e.start - offset, e.end - offset, e.content) for e in d.fix.edits),
    d.fix.applicability))``, built slot by slot as :func:`replacement` builds. The batch
    moves every finding of a joined run of units back into its unit (a catalog of 37,000
    entries: 111,000 findings). Raises ``ValueError`` where a moved edit would start before
    0, as the constructors do."""
    fix = d.fix
    if fix is not None:
        fe = fix.edits
        if len(fe) == 1:
            e = fe[0]
            fix = _one_edit_fix(e.start - offset, e.end - offset, e.content, fix.applicability)
        else:
            fix = Fix(tuple(Edit(e.start - offset, e.end - offset, e.content) for e in fe),
                      fix.applicability)
    return diagnostic(d.code, d.message, d.start - offset, d.end - offset, d.severity, fix)


def shift_in_place(d: Diagnostic, offset: int) -> Diagnostic:
    """:func:`shifted`'s move made on ``d`` itself, its fix and edits too: no three new objects
    per finding (400,000 findings in a megabyte of one-column CSV). Only for a diagnostic,
    fix and edits no one else holds (:func:`mtfix.batch._own_findings`); the caller has
    checked that no edit starts before ``offset``."""
    d_start, d_end = _diag_set[2:4]
    d_start(d, d.start - offset)
    d_end(d, d.end - offset)
    fix = d.fix
    if fix is not None and fix.edits:  # (a fix without edits has no span)
        e_start, e_end, _ = _edit_set
        for e in fix.edits:
            e_start(e, e.start - offset)
            e_end(e, e.end - offset)
        f_start, f_end = _fix_set[2:]
        f_start(fix, fix.start - offset)
        f_end(fix, fix.end - offset)
    return d


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of translated text (a line, a paragraph, a PO/XLIFF unit)."""

    text: str
    source: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@_quick_init
@dataclass(frozen=True, slots=True)
class AppliedEdit:
    """An edit that was applied, with its provenance (for reports, diffs and edit records)."""

    code: str
    message: str
    applicability: Applicability
    start: int          # offset in the text of the pass that applied it
    end: int
    before: str
    after: str
    iteration: int
    line: int           # 1-based line of ``start`` in that pass's text
    orig_start: int = -1  # the span in the text before any pass (set by Linter.fix)
    orig_end: int = -1


_BlankAppliedEdit = _blank(AppliedEdit)


def applied_edit(code: str, message: str, applicability: Applicability, start: int, end: int,
                 before: str, after: str, iteration: int, line: int, orig_start: int = -1,
                 orig_end: int = -1) -> AppliedEdit:
    """``AppliedEdit(...)`` built as :func:`_blank` says (a repair's record of each edit:
    200,000 in a megabyte of ``x  x``)."""
    a = _BlankAppliedEdit()
    a.code = code
    a.message = message
    a.applicability = applicability
    a.start = start
    a.end = end
    a.before = before
    a.after = after
    a.iteration = iteration
    a.line = line
    a.orig_start = orig_start
    a.orig_end = orig_end
    a.__class__ = AppliedEdit
    return a
