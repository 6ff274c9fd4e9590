"""XLIFF/TMX inline elements as placeholders: the naming and the split of a repaired text are
linear (a target with thousands of `<g id="1">` took minutes) and give exactly what the
plain versions they replaced gave (kept here as oracles)."""

import re

from hypothesis import given, settings, strategies as st

from mtfix.formats.l10n import _placeholder_names, _split_runs


def _names_oracle(marks, joined):
    used, placeholders, names, stack = set(), [], {}, []
    for k, (kind, base, _, _) in enumerate(marks):
        if kind == "close":
            placeholders.append(f"</{names[stack.pop()]}>")
            continue
        name, n = base, 1
        while name in used or f"<{name}" in joined or f"</{name}" in joined:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        names[k] = name
        if kind == "open":
            stack.append(k)
            placeholders.append(f"<{name}>")
        else:
            placeholders.append(f"<{name}/>")
    return placeholders


def _split_oracle(text, placeholders):
    runs, pos = [], 0
    for ph in placeholders:
        if text.count(ph) != 1:
            return None
        i = text.find(ph, pos)
        if i < 0:
            return None
        runs.append(text[pos:i])
        pos = i + len(ph)
    runs.append(text[pos:])
    return runs


BASES = ["g1", "g1-2", "g", "x1", "bpt2", "ph", "g11"]


@st.composite
def marks_and_text(draw):
    marks, depth = [], 0
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["open", "close", "atom"] if depth else ["open", "atom"]))
        depth += {"open": 1, "close": -1, "atom": 0}[kind]
        marks.append((kind, draw(st.sampled_from(BASES)), 0, 0))
    marks += [("close", "g", 0, 0)] * depth
    joined = draw(st.text(st.sampled_from(list("ab </>-g12x")), max_size=60))
    return marks, joined


@settings(max_examples=400, deadline=None)
@given(marks_and_text())
def test_names_as_the_plain_search(mt):
    marks, joined = mt
    assert _placeholder_names(marks, joined) == _names_oracle(marks, joined)


def test_long_names_past_the_first_tail_width():
    base = "g" + "1" * 80
    joined = f"x <{base}-2 y </{base}-3 z"
    marks = [("atom", base, 0, 0)] * 4
    assert _placeholder_names(marks, joined) == _names_oracle(marks, joined)
    # `<BASE` is in the text (as the start of `<BASE-2`), and so are -2 and -3
    assert _placeholder_names(marks, joined)[:3] == [f"<{base}-4/>", f"<{base}-5/>",
                                                     f"<{base}-6/>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["<g1>", "</g1>", "<x2/>", "<g1-2>", "<<", ">", "a", " ", "<g"]),
                max_size=14),
       st.lists(st.sampled_from(["<g1>", "</g1>", "<x2/>", "<g1-2>"]), unique=True))
def test_split_as_the_plain_counts(parts, placeholders):
    text = "".join(parts)
    assert _split_runs(text, placeholders) == _split_oracle(text, placeholders)


def test_thousands_of_inline_elements_are_named_and_split():
    n = 20_000
    marks = [m for _ in range(n) for m in (("open", "g1", 0, 0), ("close", "g1", 0, 0))]
    names = _placeholder_names(marks, "kata lain " * n)
    assert names[:4] == ["<g1>", "</g1>", "<g1-2>", "</g1-2>"] and len(set(names)) == 2 * n
    text = "".join(f"{p}kata  lain " for p in names)
    runs = _split_runs(text, names)
    assert runs is not None and len(runs) == 2 * n + 1 and runs[1] == "kata  lain "
    assert _split_runs(text.replace("<g1-7>", "", 1), names) is None
    assert re.search("<g1-7>", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("ab <>/g1-")), max_size=6), min_size=1, max_size=8),
       st.sampled_from(["keep", "drop", "twice", "swap", "literal"]), st.data())
def test_split_of_a_repaired_text_as_the_plain_counts(runs, change, data):
    """Runs joined by their placeholders (the usual repaired text, split by one re.split), and
    the same with a placeholder lost, doubled, moved or a literal tag in a run: as the oracle."""
    placeholders = [f"<g1-{k}>" if k % 2 else f"</g1-{k}>" for k in range(len(runs) - 1)]
    parts = [runs[0]]
    for ph, run in zip(placeholders, runs[1:]):
        parts += [ph, run]
    if placeholders and change != "keep":
        k = 2 * data.draw(st.integers(0, len(placeholders) - 1)) + 1
        if change == "drop":
            parts[k] = ""
        elif change == "twice":
            parts[k] *= 2
        elif change == "swap":
            parts[k], parts[-2] = parts[-2], parts[k]
        else:
            parts[k - 1] += "<b>"
    text = "".join(parts)
    assert _split_runs(text, placeholders) == _split_oracle(text, placeholders)
