"""`check --output-format json` writes its records with a writer of its own
(check_formats._plain_json) for speed; it must write exactly what
``json.dumps(value, ensure_ascii=False, indent=2) + "\\n"`` writes, for any value, and fall
back to json's own encoder (with its errors) for anything that is not plain JSON data.

500 examples per property in `make test-fast`; `make test` sets MTFIX_FUZZ_EXAMPLES=5000."""

import io
import json
import math
import os

import pytest
from hypothesis import given, settings, strategies as st

from mtfix.reporting.check_formats import write_json

EXAMPLES = int(os.environ.get("MTFIX_FUZZ_EXAMPLES", "500"))

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", "\n", "\"", "\\", "\u2028", "\x00", "\x7f", "é", "İ", "🙂", "\ud7ff"])
_scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30) | _text
            | st.floats(allow_nan=True, allow_infinity=True))
_values = st.recursive(
    _scalars,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(_text, inner, max_size=4)),
    max_leaves=40)


def _written(value, stream_depth: int = 1) -> str:
    out = io.StringIO()
    write_json(value, out, batch=7, stream_depth=stream_depth)   # a small batch: many flushes
    return out.getvalue()


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(_values, max_size=6))
def test_same_text_as_json_dumps(items):
    assert _written(items) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(_values, max_size=6) | st.dictionaries(_text, _values, max_size=6),
       st.integers(0, 6))
def test_same_text_whatever_is_streamed(value, stream_depth):
    """Containers less than stream_depth deep are written element by element (a SARIF log's
    results): the same text."""
    assert (_written(value, stream_depth)
            == json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@settings(max_examples=EXAMPLES // 5, deadline=None)
@given(st.lists(_values, max_size=6), st.integers(1, 3))
def test_a_generator_streamed_is_written_as_its_list(items, stream_depth):
    """write_sarif's results are a generator, made as they are written."""
    value = {"runs": [{"results": (v for v in items), "n": len(items)}]}
    expect = {"runs": [{"results": items, "n": len(items)}]}
    assert _written(value, 4) == json.dumps(expect, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=EXAMPLES // 5, deadline=None)
@given(st.lists(st.dictionaries(_text, _values, max_size=3), min_size=1, max_size=4),
       st.integers(9, 30))
def test_deep_values_fall_back_to_json(items, depth):
    deep: object = "x"
    for _ in range(depth):
        deep = {"k": [deep]}
    items = [*items, {"deep": deep}]
    assert _written(items) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


class _Str(str):
    pass


def test_subclasses_and_odd_keys_are_json_s():
    items = [{"a": _Str("b"), 1: 2.5, None: True, 2.0: [float("nan"), -math.inf]},
             {"code": "DW001", "fix": {"edits": [{"start": 1, "end": 2, "content": ""}]}}]
    assert _written(items) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("stream_depth", [1, 2, 4])
def test_what_json_refuses_is_refused(stream_depth):
    circular: list = []
    circular.append(circular)
    loop: dict = {"a": [1]}
    loop["a"].append(loop)
    for bad in ([{"a": object()}], [circular], [{"a": {1, 2}}], loop, {"b": [loop]}):
        with pytest.raises((TypeError, ValueError)) as ours:
            _written(bad, stream_depth)
        with pytest.raises(type(ours.value)):
            json.dumps(bad, ensure_ascii=False, indent=2)
