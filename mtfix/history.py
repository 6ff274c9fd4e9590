"""A team's post-editing history, read once for every command that learns from it
(`mtfix learn`, `mtfix train`).

Three inputs:

* two (or three) line-aligned files: MT, its post-edit, and optionally the English source;
* one JSONL file, one object a line with ``mt`` and ``pe`` (aliases: ``post_edit``/``after``
  for ``pe``), and optionally ``src`` (alias ``source``);
* a review-decisions JSONL file from a review loop (the review page's export,
  ``mtfix/review``): records with ``code``, ``before``, ``after``, ``decision``
  (``accept``/``reject``) and ``status`` (``applied``/``suggested``/``note``);
  :func:`read_decisions`. A record with no decision was not decided by anyone (the page's
  defaults are not an editor's choice): it is skipped.

Errors are :class:`~mtfix.textio.InputError` with one line that names the file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Sequence

from .text import split_lines
from .textio import InputError, json_lines, read

PE_KEYS = ("pe", "post_edit", "postedit", "after")
SRC_KEYS = ("src", "source")
DECISIONS = ("accept", "reject")
STATUSES = ("applied", "suggested", "note")


@dataclass
class History:
    """Aligned MT / post-edit lines (and the source, or None)."""

    mt: list[str]
    pe: list[str]
    src: list[str] | None = None
    origin: str = ""

    def __post_init__(self) -> None:
        if len(self.mt) != len(self.pe):
            raise InputError(f"{self.origin or 'history'}: {len(self.mt)} MT lines but "
                             f"{len(self.pe)} post-edited lines")
        if self.src is not None and len(self.src) != len(self.mt):
            raise InputError(f"{self.origin or 'history'}: {len(self.src)} source lines but "
                             f"{len(self.mt)} MT lines")

    def __len__(self) -> int:
        return len(self.mt)

    def pairs(self) -> Iterator[tuple[str, str, str | None]]:
        src = self.src if self.src is not None else [None] * len(self.mt)
        return iter(zip(self.mt, self.pe, src))

    def slice(self, start: int, stop: int | None) -> "History":
        return History(self.mt[start:stop], self.pe[start:stop],
                       self.src[start:stop] if self.src is not None else None, self.origin)


def read_lines(path: str) -> list[str]:
    return split_lines(read(path).text)


def read_aligned(mt: str, pe: str, src: str | None = None) -> History:
    """Two (three) line-aligned files."""
    return History(read_lines(mt), read_lines(pe), read_lines(src) if src else None,
                   origin=f"{mt} / {pe}")


def _records(path: str) -> Iterator[tuple[int, dict]]:
    for n, rec in json_lines(split_lines(read(path).text), path):
        if not isinstance(rec, dict):
            raise InputError(f"{path}:{n}: expected a JSON object")
        yield n, rec


def _pick(rec: dict, keys: Sequence[str]):
    for k in keys:
        if k in rec:
            return rec[k]
    return None


def read_jsonl(path: str) -> History:
    """One object a line with ``mt``, ``pe`` (or ``post_edit``/``after``), optional ``src``.
    The source is kept only when every record has one."""
    mt, pe, src = [], [], []
    for n, rec in _records(path):
        m, p, s = rec.get("mt"), _pick(rec, PE_KEYS), _pick(rec, SRC_KEYS)
        if not isinstance(m, str) or not isinstance(p, str):
            raise InputError(f"{path}:{n}: a history record needs string fields `mt` and `pe`")
        if s is not None and not isinstance(s, str):
            raise InputError(f"{path}:{n}: `src` must be a string")
        mt.append(m.replace("\n", " "))
        pe.append(p.replace("\n", " "))
        src.append(s.replace("\n", " ") if s is not None else None)
    srcs = src if src and all(s is not None for s in src) else None
    return History(mt, pe, srcs, origin=path)


def read_history(mt: str | None = None, pe: str | None = None, src: str | None = None,
                 jsonl: str | None = None) -> History:
    """Either ``jsonl`` or ``mt`` + ``pe`` (+ ``src``). A ``src`` file given with a JSONL
    history replaces the records' own sources."""
    if jsonl is not None:
        if mt is not None or pe is not None:
            raise InputError("give either a JSONL history or --mt/--pe files, not both")
        h = read_jsonl(jsonl)
        if src is not None:
            h = History(h.mt, h.pe, read_lines(src), origin=jsonl)
        return h
    if mt is None or pe is None:
        raise InputError("a history needs --mt and --pe (or a JSONL file)")
    return read_aligned(mt, pe, src)


@dataclass
class Decision:
    code: str
    before: str
    after: str
    decision: str        # accept | reject
    status: str          # applied | suggested | note
    context: str = ""    # the line, when the record has it (``line_text``/``text``)
    extra: dict = field(default_factory=dict)


def read_decisions(path: str) -> list[Decision]:
    """Review decisions: one JSON object a line with ``code``, ``before``, ``after``,
    ``decision`` (accept|reject) and ``status`` (applied|suggested|note). Records without a
    decision (undecided) are skipped."""
    out = []
    for n, rec in _records(path):
        if rec.get("decision") is None:
            continue
        if not isinstance(rec.get("code"), str) or not isinstance(rec.get("decision"), str):
            raise InputError(f"{path}:{n}: a decision needs string fields code and decision")
        d = rec["decision"].strip().lower()
        if d not in DECISIONS:
            raise InputError(f"{path}:{n}: decision must be accept or reject, not {d!r}")
        st = str(rec.get("status", "applied")).strip().lower()
        if st not in STATUSES:
            raise InputError(f"{path}:{n}: status must be one of {', '.join(STATUSES)}, "
                             f"not {st!r}")
        ctx = rec.get("line_text") or rec.get("text") or ""
        out.append(Decision(rec["code"], str(rec.get("before", "")), str(rec.get("after", "")),
                            d, st, ctx if isinstance(ctx, str) else "",
                            {k: v for k, v in rec.items()
                             if k not in ("code", "before", "after", "decision", "status")}))
    return out
