"""Apply an editor's decisions (the JSONL the review page exports) to the ORIGINAL files.

Exactly the decided set is applied: an ``applied`` record stays unless its decision is
``reject``; a ``suggested`` record is applied only when its decision is ``accept``; notes are
ignored. A record without a decision keeps its default (applied: accept, suggested: reject).
An accepted suggestion that conflicts with a kept applied edit, or with an accepted suggestion
before it, is skipped, with the reason in the report.

Every file's sha256 must match the one in its records, else :class:`InputError` naming the file
(the CLI's exit 2): the decisions were made on other bytes. Each kept record's ``before`` must
be the unit's text at its span (checked too). Output goes through the same renderers as
``mtfix fix``: with no decision changed, the output is ``mtfix fix``'s output byte for byte.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Sequence

from ..textio import InputError, json_lines, read_bytes, write_atomic, write_backup
from .findings import conflicts, options_from_dict, replace_spans

DECISIONS = ("accept", "reject")


@dataclass
class FileApply:
    """What apply did to one file."""

    path: str                     # as in the records
    source_path: str              # the file that was read
    out_path: str | None          # where the result went (None: only in ``data``)
    applied: list[str] = field(default_factory=list)                 # record ids
    rejected: list[str] = field(default_factory=list)                # decided against
    skipped: list[tuple[str, str]] = field(default_factory=list)     # (id, reason)
    changed: bool = False          # the output differs from the input bytes
    data: bytes = b""              # the output bytes


@dataclass
class ApplyReport:
    files: list[FileApply] = field(default_factory=list)

    @property
    def n_applied(self) -> int:
        return sum(len(f.applied) for f in self.files)

    @property
    def n_skipped(self) -> int:
        return sum(len(f.skipped) for f in self.files)

    def summary(self) -> str:
        """One line per file, then skipped records with their reasons (for stderr)."""
        lines = []
        for f in self.files:
            where = f" -> {f.out_path}" if f.out_path and f.out_path != f.source_path else ""
            lines.append(f"{f.path}: applied {len(f.applied)}, rejected {len(f.rejected)}, "
                         f"skipped {len(f.skipped)}{'' if f.changed else ' (unchanged)'}{where}")
            for rid, why in f.skipped:
                lines.append(f"  skipped {rid}: {why}")
        return "\n".join(lines)


def read_decisions(fh: IO[str] | Iterable[str], name: str = "<decisions>") -> list[dict]:
    """The records of a decisions file; a malformed one is an :class:`InputError`."""
    out = []
    for i, rec in json_lines(fh, name):
        need = {"id", "status", "path", "sha256", "unit", "start", "end", "before", "after"}
        if not isinstance(rec, dict) or not need <= rec.keys():
            missing = ", ".join(sorted(need - set(rec))) if isinstance(rec, dict) else "all"
            raise InputError(f"{name}:{i}: not a review record (missing {missing})")
        if rec["status"] not in ("applied", "suggested", "note"):
            raise InputError(f"{name}:{i}: unknown status {rec['status']!r}")
        d = rec.get("decision")
        if d is not None and d not in DECISIONS:
            raise InputError(f"{name}:{i}: decision must be \"accept\" or \"reject\", not {d!r}")
        out.append(rec)
    return out


def decided_targets(targets: Sequence[str], records: Sequence[dict], fa: FileApply
                    ) -> list[str]:
    """The units' new targets: the original targets with the decided set applied. Fills
    ``fa.applied``, ``fa.rejected`` and ``fa.skipped``."""
    by_unit: dict[int, list[dict]] = {}
    for r in records:
        if r["status"] == "note":
            continue
        by_unit.setdefault(int(r["unit"]), []).append(r)
    out = list(targets)
    for unit, recs in sorted(by_unit.items()):
        if not 1 <= unit <= len(targets):
            raise InputError(f"{fa.path}: record {recs[0]['id']} names unit {unit}, but the "
                             f"file has {len(targets)}")
        text = targets[unit - 1]
        kept: list[dict] = []
        for r in recs:
            if not 0 <= r["start"] <= r["end"] <= len(text) or \
                    text[r["start"]:r["end"]] != r["before"]:
                raise InputError(f"{fa.path}: record {r['id']} does not match the file's text "
                                 f"at unit {unit} ({r['start']}..{r['end']})")
        applied = [r for r in recs if r["status"] == "applied"]
        for r in applied:
            if r.get("decision", "accept") == "accept":
                kept.append(r)
            else:
                fa.rejected.append(r["id"])
        suggested = sorted((r for r in recs if r["status"] == "suggested"),
                           key=lambda r: (r["start"], r["end"]))
        for r in suggested:
            if r.get("decision", "reject") != "accept":
                fa.rejected.append(r["id"])
                continue
            span = (r["start"], r["end"])
            clash = next((k for k in kept if conflicts(span, (k["start"], k["end"]))), None)
            if clash is not None:
                what = "kept applied edit" if clash["status"] == "applied" else \
                    "accepted suggestion"
                fa.skipped.append((r["id"], f"overlaps the {what} {clash['id']} "
                                            f"({clash['code']} {clash['before']!r} -> "
                                            f"{clash['after']!r})"))
                continue
            kept.append(r)
        kept.sort(key=lambda r: (r["start"], r["end"]))
        fa.applied.extend(r["id"] for r in kept)
        out[unit - 1] = replace_spans(text, [(r["start"], r["end"], r["after"]) for r in kept])
    return out


def _resolve(path: str, base_dir: Path | None) -> str:
    p = Path(path)
    if p.exists() or p.is_absolute() or base_dir is None:
        return path
    alt = base_dir / p
    return str(alt) if alt.exists() else path


def _out_path(output: Path, path: str, several: bool, by_name: bool) -> Path:
    """One file: ``output`` itself, or ``output/NAME`` when it is a directory. Several: each
    under ``output`` by file name, or by its recorded relative path when names collide."""
    p = Path(path)
    if not several:
        return output / p.name if output.is_dir() else output
    if by_name:
        return output / p.name
    return output.joinpath(*[x for x in p.parts if x not in (p.anchor, "..", ".")])


def apply_decisions(decisions_path: str | os.PathLike, output: str | os.PathLike | None = None,
                    in_place: bool = False, backup: str | None = None, *,
                    base_dir: str | os.PathLike | None = None,
                    records: Sequence[dict] | None = None) -> ApplyReport:
    """Apply the decisions file to the original files it names.

    ``output``: the output file (one input file; a directory: the file by its name in it) or
    directory (several: each file by its name in it, by its recorded relative path when
    two names collide; never outside it). ``in_place``: rewrite the files (atomically), keeping
    the original as FILE+``backup`` when given (only files that change are rewritten or
    backed up). Neither: nothing is written; each ``FileApply.data`` holds the output (for
    standard output). Paths that do not exist as recorded are looked up relative to
    ``base_dir`` (default: the decisions file's directory). ``records``: already read records
    (``decisions_path`` is then only used in messages).

    Raises :class:`InputError` (exit 2): unreadable or malformed decisions, a missing file, a
    sha256 that no longer matches, a record that does not match the text. Every file is
    checked before anything is written.
    """
    from ..formats.registry import get

    name = str(decisions_path)
    if records is None:
        data = read_bytes(name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8") from None
        records = read_decisions(text.splitlines(), name)
    if in_place and output is not None:
        raise InputError("use either in-place or an output, not both")
    if backup is not None and not in_place:
        raise InputError("a backup suffix goes with in-place")
    base = Path(base_dir) if base_dir is not None else Path(name).resolve().parent
    by_file: dict[str, list[dict]] = {}
    for r in records:
        by_file.setdefault(r["path"], []).append(r)
    if not by_file:
        return ApplyReport()
    several = len(by_file) > 1
    out_dir = Path(output) if output is not None else None
    if several and out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: decisions for several files need a directory")

    report = ApplyReport()
    for path, recs in by_file.items():
        shas = {r["sha256"] for r in recs}
        if len(shas) != 1:
            raise InputError(f"{name}: records of {path} disagree about its sha256")
        src = _resolve(path, base)
        data = read_bytes(src)
        sha = hashlib.sha256(data).hexdigest()
        if sha != next(iter(shas)):
            raise InputError(f"{src}: changed since it was reviewed (sha256 {sha[:12]}..., "
                             f"the decisions are for {next(iter(shas))[:12]}...); run fix and "
                             f"review it again")
        fmt_name = recs[0].get("format") or "auto"
        from ..formats.registry import detect

        fmt = detect(src, data[:4096]) if fmt_name == "auto" else get(fmt_name)
        parsed = fmt.parse(data, path, options_from_dict(recs[0].get("options")))
        targets = [u.target for u in parsed.units]
        fa = FileApply(path, src, None)
        new = decided_targets(targets, recs, fa)
        fa.data = parsed.render(new) if fa.applied else data
        fa.changed = fa.data != data
        report.files.append(fa)

    names = [Path(fa.path).name for fa in report.files]
    by_name = len(set(names)) == len(names)
    for fa in report.files:  # everything checked: now write
        if in_place:
            if fa.changed:
                if backup is not None:
                    write_backup(fa.source_path, backup)
                write_atomic(fa.source_path, fa.data)
            fa.out_path = fa.source_path
        elif out_dir is not None:
            target = _out_path(out_dir, fa.path, several, by_name)
            try:
                if target.resolve() == Path(fa.source_path).resolve():
                    raise InputError(f"{target}: the output would overwrite the input "
                                     f"{fa.source_path}; use in-place to rewrite inputs")
            except OSError:
                pass
            write_atomic(target, fa.data)
            fa.out_path = str(target)
    return report
