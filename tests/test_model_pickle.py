"""The model's objects travel between processes (--jobs workers, Dask) pickled as a call of
their class with their init fields (model._quick_init's __reduce__): they come back equal, of
their own type, checked by their constructors, and copy and deepcopy still work."""

import copy
import pickle
import random

import pytest

from mtfix.engine import Linter
from mtfix.model import AppliedEdit, Applicability, Diagnostic, Edit, Fix, Severity
from mtfix.settings import Settings


class Mine(Fix):   # a subclass with no fields of its own (picklable: module level)
    __slots__ = ()


def _objects():
    lin = Linter(Settings())
    rnd = random.Random(5)
    words = ["kata", "dia", "Dia", "disini", "sela -sela", "  ", "$ 5", "“", "Rp 5 .", "x"]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(300)]
    diags = [d for t in texts for d in lin.check(t)]
    applied = [a for t in texts for a in lin.fix(t).applied]
    assert len(diags) > 300 and len(applied) > 100
    extra = [Fix(()), Fix((Edit(0, 0, "x"), Edit(3, 5, "")), Applicability.UNSAFE),
             Diagnostic("XX001", "no fix", 1, 2, Severity.INFO),
             Mine((Edit(1, 2, "y"),)), Edit(4, 4, "")]
    return diags + applied + extra


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_model_objects_round_trip(protocol):
    objs = _objects()
    back = pickle.loads(pickle.dumps(objs, protocol=protocol))
    assert back == objs
    assert [type(o) for o in back] == [type(o) for o in objs]
    for o, b in zip(objs, back):
        if isinstance(o, Fix) and o.edits:
            assert (b.start, b.end) == (o.start, o.end)   # recomputed by __post_init__
    assert [copy.copy(o) for o in objs] == objs
    assert copy.deepcopy(objs) == objs


def test_pickled_as_a_call_of_the_class_with_its_fields():
    d = Diagnostic("DW001", "m", 3, 8, Severity.WARNING, Fix.replace(4, 8, ""))
    assert d.__reduce__() == (Diagnostic, ("DW001", "m", 3, 8, Severity.WARNING, d.fix))
    assert d.fix.__reduce__() == (Fix, (d.fix.edits, Applicability.SAFE))
    a = AppliedEdit("WS001", "m", Applicability.SAFE, 1, 3, "  ", " ", 1, 1, 1, 3)
    assert a.__reduce__() == (AppliedEdit, ("WS001", "m", Applicability.SAFE, 1, 3, "  ", " ",
                                            1, 1, 1, 3))
    assert Mine((Edit(1, 2, "y"),)).__reduce__()[0] is Mine


def test_a_bad_span_is_refused_when_unpickled_too():
    """The constructors check what they rebuild (Edit's span)."""
    e = Edit(1, 2, "x")
    data = pickle.dumps(e).replace(b"K\x01K\x02", b"K\x03K\x02")   # start 1 -> 3 (> end)
    assert data != pickle.dumps(e)
    with pytest.raises(ValueError, match="bad edit span"):
        pickle.loads(data)
