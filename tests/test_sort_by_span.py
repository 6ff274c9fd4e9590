"""engine._sort_by_span (its key tuples made by attrgetter, and its shortcut for starts already
rising) orders exactly as the plain tuple key, ties kept in their order (a stable sort)."""

from hypothesis import given, settings, strategies as st

from mtfix.engine import _sort_by_span
from mtfix.model import Diagnostic, Edit, Fix

CODES = ["WS001", "DW001", "OR002", "GL001", "KB003", "X"]

spans = st.tuples(st.integers(0, 70), st.integers(0, 70)).map(sorted)
items = st.lists(st.tuples(spans, st.sampled_from(CODES)), max_size=40)


def _diags(raw, negative=False):
    out = []
    for k, ((s, e), code) in enumerate(raw):
        fix = Fix((Edit(e - s, e + 5, "x"),))  # spans of their own
        if negative and k % 3 == 0:
            s -= 100  # a plug-in rule's offset below 0
        out.append(Diagnostic(code, f"m{k}", s, e, fix=fix))
    return out


@settings(max_examples=300, deadline=None)
@given(items, st.booleans())
def test_same_order_as_the_tuple_key(raw, negative):
    diags = _diags(raw, negative)
    expected = sorted(diags, key=lambda d: (d.start, d.end, d.code))
    _sort_by_span(diags)
    assert [d.message for d in diags] == [d.message for d in expected]


@settings(max_examples=300, deadline=None)
@given(items)
def test_fix_spans_same_order_as_the_tuple_key(raw):
    diags = _diags(raw)
    expected = sorted(diags, key=lambda d: (d.fix.start, d.fix.end, d.code))
    _sort_by_span(diags, of_fix=True)
    assert [d.message for d in diags] == [d.message for d in expected]


def test_large_offsets_and_one_code():
    diags = [Diagnostic("A", str(k), s, s + 1) for k, s in enumerate([2**40, 3, 2**40, 0])]
    _sort_by_span(diags)
    assert [d.message for d in diags] == ["3", "1", "0", "2"]
