"""Inputs that once took minutes (issue 11, item 15): long single lines of one repeated token,
``a.a.a…`` (the e-mail pattern), many repeats, a large Markdown table.

Nothing here asserts on time. The linear rewrites are checked against the quadratic code
they replace (kept here as reference implementations) on many small inputs; the patterns are
checked for the constructions that backtrack (two unbounded repeats that can share a
character, with only optional items between); and the pathological shapes are fixed and
checked at a moderate size with their expected results. The same shapes at 1 MB (minutes
each before the fixes) marked ``slow`` (in `make test`, not `make test-fast`); `bench/bench_pathological.py` times them.
"""

from __future__ import annotations

import random
import re

import pytest

from mtfix import protect
from mtfix.engine import Linter, Settings, _map_back, _PassMap
from mtfix.model import AppliedEdit, Applicability
from mtfix.protect import ProtectedSpans, _iter_spans
from mtfix.rules.base import Document
from mtfix.rules.english import _QUOTED, quoted_spans

try:  # Python 3.11+
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse

slow = pytest.mark.slow  # `make test` runs them; `make test-fast` leaves them out

# -- a structural check: no two unbounded repeats that can trade a character -----------------

_ALPHABET = [chr(c) for c in range(32, 127)] + list(" \t\n\r\u00a0\u2009·“”‘’«»é—…")
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT)
_SINGLE = (sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.IN, sre_parse.ANY)


def _chars(item, flags: int) -> frozenset[str]:
    """The characters one single-character item matches (over a sample alphabet)."""
    compiled = re.compile(_rebuild(item), flags)
    return frozenset(c for c in _ALPHABET if compiled.fullmatch(c))


def _rebuild(item) -> str:
    op, av = item
    if op is sre_parse.LITERAL:
        return re.escape(chr(av))
    if op is sre_parse.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is sre_parse.ANY:
        return "."
    # IN: rebuild the class from its parts
    parts, neg = [], ""
    for sop, sav in av:
        if sop is sre_parse.NEGATE:
            neg = "^"
        elif sop is sre_parse.LITERAL:
            parts.append(re.escape(chr(sav)))
        elif sop is sre_parse.RANGE:
            parts.append(re.escape(chr(sav[0])) + "-" + re.escape(chr(sav[1])))
        elif sop is sre_parse.CATEGORY:
            parts.append({
                sre_parse.CATEGORY_DIGIT: r"\d", sre_parse.CATEGORY_NOT_DIGIT: r"\D",
                sre_parse.CATEGORY_SPACE: r"\s", sre_parse.CATEGORY_NOT_SPACE: r"\S",
                sre_parse.CATEGORY_WORD: r"\w", sre_parse.CATEGORY_NOT_WORD: r"\W",
            }[sav])
    return "[" + neg + "".join(parts) + "]"


def _unbounded_single(item) -> bool:
    op, av = item
    if op not in _REPEATS:
        return False
    lo, hi, body = av
    return hi == sre_parse.MAXREPEAT and len(body) == 1 and body[0][0] in _SINGLE


def _nullable(item) -> bool:
    op, av = item
    if op in _REPEATS:
        return av[0] == 0 or all(_nullable(i) for i in av[2])
    if op is sre_parse.SUBPATTERN:
        return all(_nullable(i) for i in av[-1])
    return op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)


def _leading_repeats(seq) -> list:
    """Unbounded single-character repeats that can start ``seq`` (through nullable items)."""
    out = []
    for item in seq:
        op, av = item
        if _unbounded_single(item):
            out.append(item)
        elif op in _REPEATS:
            out += _leading_repeats(av[2])
        elif op is sre_parse.SUBPATTERN:
            out += _leading_repeats(av[-1])
        elif op is sre_parse.BRANCH:
            for alt in av[1]:
                out += _leading_repeats(alt)
        if not _nullable(item):
            break
    return out


def ambiguous_repeats(pattern: str, flags: int = 0) -> list[str]:
    """Places where an unbounded repeat of a character class is followed, through optional
    items only, by another unbounded repeat that can match one of its characters: ``\\d*\\d*``,
    ``[ \\t]*[|,]?[ \\t]*``, ``[-+0#]*\\d*``. On a failing match the engine tries every way of
    splitting the run between them (quadratic), and inside a repeat every way per iteration
    (exponential). Empty when there is none."""
    found: list[str] = []
    parsed = sre_parse.parse(pattern, flags)
    flags = parsed.state.flags

    def seq(items) -> None:
        items = list(items)
        for k, item in enumerate(items):
            op, av = item
            if _unbounded_single(item):
                mine = _chars(av[2][0], flags)
                for other in _leading_repeats(items[k + 1:]):
                    if mine & _chars(other[1][2][0], flags):
                        found.append(f"{_rebuild(av[2][0])}* then {_rebuild(other[1][2][0])}*")
            if op in _REPEATS:
                body = list(av[2])
                seq(body)
                if av[1] == sre_parse.MAXREPEAT:  # also across two iterations of the body
                    trailing = [i for i in body if _unbounded_single(i)]
                    if trailing and trailing[-1] is body[-1]:
                        seq([body[-1]] + body)
            elif op is sre_parse.SUBPATTERN:
                seq(av[-1])
            elif op is sre_parse.BRANCH:
                for alt in av[1]:
                    seq(alt)
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                seq(av[1])

    seq(parsed)
    return found


def test_the_structural_check_finds_the_old_patterns():
    old_placeholder_width = r"%[-+0#]*\d*(?:\.\d+)?[sd]"
    old_social = r"(?:fb|tw)(?:[ \t]*[|·,]?[ \t]*(?:fb|tw)){1,}"
    assert ambiguous_repeats(old_placeholder_width)
    assert ambiguous_repeats(old_social)
    assert ambiguous_repeats(r"\d*\d*")
    assert not ambiguous_repeats(r"%[-+0#]*(?:[1-9]\d*)?(?:\.\d+)?[sd]")
    assert not ambiguous_repeats(r"(?:fb|tw)(?:[ \t]*(?:[|·,][ \t]*)?(?:fb|tw)){1,}")
    assert not ambiguous_repeats(r"[\w-]+(?:\.[\w-]+)+")


def _all_patterns() -> list[tuple[str, re.Pattern]]:
    from mtfix.rules import REGISTRY
    from mtfix.rules.boilerplate import _line_re

    out = [("protect._SCAN_RE", protect._SCAN_RE), ("protect.PROTECTED_RE", protect.PROTECTED_RE),
           ("boilerplate", _line_re())]
    for code, rule in REGISTRY.items():
        for name in dir(rule):
            value = getattr(rule, name, None)
            if isinstance(value, re.Pattern):
                out.append((f"{code}.{name}", value))
    return out


@pytest.mark.parametrize("name,pattern", _all_patterns(), ids=lambda x: x if isinstance(x, str) else "")
def test_no_pattern_can_split_a_run_two_ways(name, pattern):
    assert ambiguous_repeats(pattern.pattern, pattern.flags & ~re.UNICODE) == []


# -- protected spans: the linear scan finds exactly what the regex finds ----------------------

# PROTECTED_RE as it was (its printf width `\d*` split a run of zeros two ways): the
# reference the scan must agree with.
_OLD_PLACEHOLDER = protect._PLACEHOLDER.replace(r"(?:[1-9]\d*)?", r"\d*")
_REFERENCE = re.compile(
    "|".join(f"(?:{p})" for p in (protect._URL, protect._EMAIL, protect._TAG, _OLD_PLACEHOLDER,
                                  protect._NUMBER)), re.DOTALL)
_PIECES = list("aZ1 0.+-@%s(x)d$w{}<>!/:,\n_é") + [
    "www.", "http://", "<!--", "-->", "%(", "@b.id", "a@b.co", "<b>", "%1$s", "{0}", "12.5",
    "%s.", "%(x)d", "..", "a.a."]


def test_scan_agrees_with_the_regex_on_random_texts():
    rng = random.Random(15)
    for _ in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        pos = rng.randint(0, len(text)) if rng.random() < 0.3 else 0
        end = rng.randint(pos, len(text)) if rng.random() < 0.3 else len(text)
        want = [m.span() for m in _REFERENCE.finditer(text, pos, end)]
        assert list(_iter_spans(text, pos, end)) == want, (text, pos, end)


def test_protected_spans_find_agrees_with_the_regex_on_random_texts():
    # ProtectedSpans.find takes _SCAN_RE's matches where no `@` and no `-->` lies in the
    # range (a Markdown line full of {mtfixN} placeholders), else _iter_spans.
    rng = random.Random(16)
    pieces = _PIECES + ["{mtfix12}", "{mtfix_0_3}", "| ", "Rp 1,000 "]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        pos = rng.randint(0, len(text)) if rng.random() < 0.3 else 0
        end = rng.randint(pos, len(text)) if rng.random() < 0.3 else len(text)
        want = [m.span() for m in _REFERENCE.finditer(text, pos, end)]
        assert ProtectedSpans.find(text, pos, end).spans() == want, (text, pos, end)


@pytest.mark.parametrize("text", [
    "%s.foo@bar.id", "%(x)d-a@b.id", "a@b.c+d@e.fg", "12.abc@d.id", "x %1$sab@x.com y",
    " ..john@x.com", "katanya...john@x.com", "www.x.id@y.id", "<!-- a --> <!-- b",
    "-->" + "<!--" * 50, "%" + "0" * 40 + "q", "%" + "0" * 40 + "d"])
def test_scan_agrees_with_the_regex_on_edge_cases(text):
    assert list(_iter_spans(text, 0, len(text))) == [
        m.span() for m in _REFERENCE.finditer(text)]


def test_protected_spans_of_long_runs():
    n = 20_000
    run = "a." * n + "a"
    assert ProtectedSpans.find(run).spans() == []
    assert ProtectedSpans.find("1 " + run).spans() == [(0, 1)]
    assert ProtectedSpans.find(run + "@b").spans() == []                 # no domain
    assert ProtectedSpans.find(run + "@b.id").spans() == [(0, len(run) + 5)]
    assert ProtectedSpans.find("-->" + "<!--" * n).spans() == []
    zeros = "%" + "0" * n
    assert ProtectedSpans.find(zeros + "d").spans() == [(0, n + 2)]
    assert ProtectedSpans.find(zeros + "x").spans() == [(0, n + 2)]     # %0…0x: hexadecimal
    assert ProtectedSpans.find(zeros + "q").spans() == [(1, n + 1)]     # the number only


# -- the rules' helpers: linear versions against the quadratic ones they replace -------------

def test_quoted_spans_agree_with_the_regex():
    rng = random.Random(3)
    for _ in range(3000):
        line = "".join(rng.choice('ab "“”‘’«»\n') for _ in range(rng.randint(0, 25)))
        assert quoted_spans(line) == [m.span() for m in _QUOTED.finditer(line)], line


def test_line_bounds_agree_with_find():
    rng = random.Random(4)
    for _ in range(300):
        text = "".join(rng.choice("ab\n\r") for _ in range(rng.randint(0, 20)))
        doc = Document(text)
        for offset in range(len(text) + 1):
            start = text.rfind("\n", 0, offset) + 1
            end = text.find("\n", offset)
            end = len(text) if end == -1 else end
            if end > start and text[end - 1] == "\r":
                end -= 1
            assert doc.line_bounds(offset) == (start, end), (text, offset)


def test_pass_map_agrees_with_the_walk():
    rng = random.Random(5)
    for _ in range(500):
        edits, pos = [], 0
        for _ in range(rng.randint(0, 8)):
            start = pos + rng.randint(0, 3)
            end = start + rng.randint(0, 3)
            after = "x" * rng.randint(0 if end > start else 1, 3)
            edits.append(AppliedEdit("WS001", "", Applicability.SAFE, start, end, "?", after, 1,
                                     1))
            pos = end
        pm = _PassMap(edits)
        for p in range(pos + 10):
            assert pm(p) == _map_back(edits, p)


# -- the pathological shapes, fixed and checked ------------------------------------------------

@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Settings())


def _codes(diags) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in diags:
        out[d.code] = out.get(d.code, 0) + 1
    return out


N = 1000  # repetitions: the old code took seconds on some of these; the new one milliseconds


@pytest.mark.parametrize("unit", ["- ", "“", "a.", "a ) ", "( a "])
def test_shapes_left_alone(linter, unit):
    text = unit * N
    assert linter.fix(text).text == text
    assert linter.check(text) == []


@pytest.mark.parametrize("unit,codes,fixed", [
    ("a ", {"DW001": 1}, "a "),                  # a run of copies is one finding; removed
    ("the ", {"DW001": 1, "EN001": 1}, "the "),  # one run of English words: one finding
    ("Key ", {"DW001": 1}, "Key " * N),          # a capitalised run, no source: unsafe
])
def test_repeated_words(linter, unit, codes, fixed):
    text = unit * N
    assert linter.fix(text).text == fixed
    assert _codes(linter.check(text)) == codes


def test_detached_quotes_on_one_line(linter):
    text = ', "katanya ' * N
    result = linter.fix(text)
    # Every second quote closes (an odd number precede it): `," katanya`; the space before
    # each following comma goes.
    assert result.text == ', "katanya," katanya' * (N // 2) + " "
    assert not result.capped
    assert linter.fix(result.text).text == result.text


def test_many_different_repeats(linter):
    words = [a + b for a in "abcdefghij" for b in "abcdefghij"]
    text = " ".join(f"{w} {w}" for w in words) + "\nx y"
    diags = linter.check(text)
    assert _codes(diags) == {"DW001": len(words)}
    assert [text[d.start:d.end] for d in diags] == [f"{w} {w}" for w in words]


def test_markdown_table_structure_digest():
    from mtfix.formats.markup import _md, _md_lines, _md_signature, markdown_signature

    rows = ["| a | b |", "|---|---|"] + [f"| x{i} | dia , kata |" for i in range(200)]
    text = "\n".join(rows) + "\n"
    lines, _, front = _md_lines(text)
    env: dict = {}
    assert markdown_signature(text) == _md_signature(_md().parse(text, env), env, lines, front)
    assert markdown_signature(text) != markdown_signature(text.replace("|---|---|", "|---|"))
    assert markdown_signature(text) == markdown_signature(text.replace("dia ,", "dia,"))


# -- the same at 1 MB (minutes each before): marked slow ------------------------------------------

MB = 1_000_000


@slow
@pytest.mark.parametrize("unit", ["- ", "a ", "the ", "Key ", "“", "a.", ', "katanya ',
                                  "( a ", "a ) "])
def test_one_megabyte_lines(linter, unit):
    text = unit * (MB // len(unit.encode()))
    fixed = linter.fix(text)
    assert len(fixed.text) <= len(text)
    linter.check(text)


@slow
def test_one_megabyte_protected_runs():
    run = "a." * (MB // 2)
    assert ProtectedSpans.find("1 " + run + "a@b").spans() == [(0, 1)]
    assert ProtectedSpans.find("-->" + "<!--" * (MB // 4)).spans() == []
    assert ProtectedSpans.find("%" + "0" * MB + "q").spans() == [(1, MB + 1)]
