"""Core value types: Segment, Edit, Fix, Diagnostic.

Offsets are character offsets (not bytes) into the text the rule saw, half-open ``[start, end)``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
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
            object.__setattr__(self, "start", e.start)
            object.__setattr__(self, "end", e.end)
        elif edits:  # (no edits: start and end stay unset, as min/max of nothing failed)
            object.__setattr__(self, "start", min(e.start for e in edits))
            object.__setattr__(self, "end", max(e.end for e in edits))

    @classmethod
    def replace(cls, start: int, end: int, content: str,
                applicability: Applicability = Applicability.SAFE) -> "Fix":
        return cls((Edit(start, end, content),), applicability)


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


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of translated text (a line, a paragraph, a PO/XLIFF unit)."""

    text: str
    source: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


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
