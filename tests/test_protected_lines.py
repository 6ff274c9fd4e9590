"""Protected spans of runs of lines from one scan (ProtectedSpans.find_lines, used by
Document._protect_lines) and the engine's one look-up for a fix clear of them, or touching
them only at its edges (Document.protected_near): on any text and edit they must answer what
the line-by-line spans answer, and the linter must fix and check as with the three
look-ups."""

from hypothesis import given, settings, strategies as st

from mtfix.engine import Linter
from mtfix.protect import NO_SPANS, ProtectedSpans, may_hold_protected
from mtfix.rules.base import CLEAR, NEAR, TOUCHING, Document
from mtfix.settings import Settings

PIECES = ["{mtfix1}", "{mtfix22}", "x", "y", "kata", " ", "  ", "\n", "\n", "\r\n", "1", "2.5",
          "10:30", "<b>", "</b>", "<", ">", "<a\n>", "a@b.id", "@", "-->", "<!-- c -->", "<!--",
          "www.e.com", "http://e.com/a", "%s", "%d", "{{a}}", "${a}", "{", "}", ",", ".", "di",
          "sini", "disini", " ,", "$", "Rp", "lain", "-", "(", ")"]
CONTENTS = ["", " ", "x", "<", "{", "}", "1", "a b", "{mtfix3}", ",", "@"]


class _LineByLine(Document):
    """The oracle: every line's spans from its own scan (what _line_protected did)."""

    def _protect_lines(self, i):
        starts = self.line_starts
        ls = starts[i]
        le = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        spans = ProtectedSpans.find(self.text, ls, le) if may_hold_protected(
            self.text[ls:le]) else NO_SPANS
        self._protected_lines[i] = spans
        return spans


def _own(sp, ls, le):
    return [(a, b) for a, b in zip(sp.starts, sp.ends) if ls <= a < le]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.data())
def test_runs_of_lines_give_each_line_its_own_spans(pieces, data):
    text = "".join(pieces)
    doc, ref = Document(text), _LineByLine(text)
    starts = doc.line_starts
    first = data.draw(st.integers(0, len(starts) - 1))
    for i in range(first, len(starts)):   # walking the lines, as the rules do
        ls = starts[i]
        le = starts[i + 1] if i + 1 < len(starts) else len(text)
        got, want = doc._line_protected(i), ref._line_protected(i)
        assert _own(got, ls, le) == _own(want, ls, le) == want.spans()
        # no span of the run crosses into another line
        assert all(ls <= a and b <= le for a, b in _own(got, ls, le))


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), st.data())
def test_same_answers_as_line_by_line(pieces, data):
    text = "".join(pieces)
    doc, ref = Document(text), _LineByLine(text)
    cuts = sorted({0, len(text)} | {sum(map(len, pieces[:k])) for k in range(len(pieces) + 1)})
    for i in range(len(doc.line_starts)):   # fill the runs as a walk would
        doc._line_protected(i)
    for _ in range(5):
        start = data.draw(st.sampled_from(cuts))
        end = data.draw(st.sampled_from([c for c in cuts if c >= start]))
        content = data.draw(st.sampled_from(CONTENTS))
        assert doc.is_protected(start, end) == ref.is_protected(start, end)
        assert doc.inside_protected(start, end) == ref.inside_protected(start, end)
        assert doc.reshapes_protected(start, end, content) == \
            ref.reshapes_protected(start, end, content)
        near = doc.protected_near(start, end)
        if near != NEAR:
            # then nothing within [start, end] is protected or blocked, and with no span at
            # its edges nothing is reshaped
            a = data.draw(st.integers(start, end))
            b = data.draw(st.integers(a, end))
            assert b == a or not ref.inside_protected(a, b)
            assert not ref.is_protected(a, b)
            if near == CLEAR:
                assert not ref.reshapes_protected(a, b, content)


def _without_fast_path(f):
    saved = Document.protected_near
    Document.protected_near = lambda self, start, end: NEAR
    try:
        return f()
    finally:
        Document.protected_near = saved


LIN = Linter(Settings(mode="lines"))
WORDS = ["{mtfix1}", "{mtfix2}", "x  y", "kata", " ", "  ", "\n", "di sini", "disini", " ,",
         "12", "Rp 5", "www.e.com", "a@b.id", "<b>", "%s", "{", "}", "terlihat terlihat",
         "sela -sela", "(G7)", "$ 16,6", ". ", "Key"]


def _records(diags):
    return [(d.code, d.start, d.end, d.message,
             None if d.fix is None else [(e.start, e.end, e.content) for e in d.fix.edits])
            for d in diags]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_linter_fixes_and_checks_as_with_the_three_look_ups(words):
    text = "".join(words)
    got = LIN.fix(text)
    want = _without_fast_path(lambda: LIN.fix(text))
    assert got.text == want.text
    assert [(a.code, a.start, a.end, a.after, a.iteration) for a in got.applied] == \
        [(a.code, a.start, a.end, a.after, a.iteration) for a in want.applied]
    assert _records(LIN.check(text)) == _records(_without_fast_path(lambda: LIN.check(text)))


def test_a_list_of_masked_bullets_is_scanned_in_runs():
    text = "".join("{mtfix%d}x  y\n" % k for k in range(1000))
    doc = Document(text)
    for i in range(1000):
        doc._line_protected(i)
    # far fewer scans than lines: the runs grow to _PROTECT_RUN_LINES lines
    assert len({id(sp) for sp in doc._protected_lines.values()}) < 20
    s = doc.line_starts[5]
    assert doc.protected_near(s + 9, s + 11) == CLEAR      # the double space
    assert doc.protected_near(s + 8, s + 11) == TOUCHING   # beside the placeholder
    assert doc.protected_near(s + 7, s + 9) == NEAR        # in it
