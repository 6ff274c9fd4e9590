"""The value types keep the dataclass contract with their quick __init__ (model._quick_init)."""

import dataclasses
import inspect
import pickle

import pytest

from mtfix.model import AppliedEdit, Applicability, Diagnostic, Edit, Fix, Severity


def test_signatures_and_defaults():
    assert str(inspect.signature(Edit)) == "(start, end, content)"
    assert list(inspect.signature(Diagnostic).parameters) == [
        "code", "message", "start", "end", "severity", "fix"]
    d = Diagnostic("WS001", "m", 1, 3)
    assert d.severity is Severity.WARNING and d.fix is None
    a = AppliedEdit("WS001", "m", Applicability.SAFE, 1, 3, "  ", " ", 1, 1)
    assert (a.orig_start, a.orig_end) == (-1, -1)
    assert Fix((Edit(0, 1, ""),)).applicability is Applicability.SAFE


def test_keyword_arguments_and_replace():
    d = Diagnostic(code="A", message="m", start=0, end=1, fix=Fix.replace(0, 1, "x"))
    e = dataclasses.replace(d, severity=Severity.INFO)
    assert e.severity is Severity.INFO and e.fix == d.fix and e.code == "A"


def test_frozen_equal_hashable_picklable():
    f = Fix((Edit(4, 6, "x"), Edit(0, 1, "")), Applicability.UNSAFE)
    g = Fix((Edit(4, 6, "x"), Edit(0, 1, "")), Applicability.UNSAFE)
    assert f == g and hash(f) == hash(g)
    assert pickle.loads(pickle.dumps(f)) == f
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.applicability = Applicability.SAFE  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Diagnostic("A", "m", 0, 1).code = "B"  # type: ignore[misc]


def test_post_init_still_runs():
    f = Fix((Edit(4, 6, "x"), Edit(0, 1, "")))
    assert (f.start, f.end) == (0, 6)          # worked out from the edits
    assert pickle.loads(pickle.dumps(f)).end == 6
    with pytest.raises(ValueError, match="bad edit span"):
        Edit(3, 2, "")
    with pytest.raises(ValueError):
        Edit(-1, 2, "")
