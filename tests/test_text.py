"""mtfix.text: lines split on \\n only, line starts, the two tokenisers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mtfix.text import line_starts, spaced_tokens, split_lines, split_lines_with_starts, word_tokens


def test_split_lines():
    assert split_lines("a\r\nb\n") == ["a", "b"]
    assert split_lines("") == []
    assert split_lines("\n") == [""]
    assert split_lines("a\n\nb") == ["a", "", "b"]
    # only \n splits: \x0b, \x1c, \u2028, \x85 stay inside the segment
    assert split_lines("a\x0bb\u2028c\x85d\x1ce\n") == ["a\x0bb\u2028c\x85d\x1ce"]
    assert split_lines("a\r\nb\r\n", keep_cr=True) == ["a\r", "b\r"]


def test_line_starts_count_a_final_empty_line():
    assert line_starts("") == [0]
    assert line_starts("ab\ncd") == [0, 3]
    assert line_starts("ab\ncd\n") == [0, 3, 6]


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "ab\r\ncd\n\nef", "x\u2028y\nz\r\n"])
def test_split_lines_with_starts(text):
    lines, starts = split_lines_with_starts(text)
    assert lines == split_lines(text)
    assert len(starts) == len(lines)
    for ln, s in zip(lines, starts):
        assert text[s:s + len(ln)] == ln and (s == 0 or text[s - 1] == "\n")


def test_word_tokens_round_trip():
    s = "antar -jemput, “Kami”  sepakat"
    assert "".join(word_tokens(s)) == s
    assert word_tokens(s)[:4] == ["antar", " ", "-", "jemput"]


def test_spaced_tokens_own_their_spacing():
    s = ' sela -sela, "x" '
    toks = spaced_tokens(s)
    assert "".join(t.space + t.text for t in toks) == s
    assert all(s[t.start:t.end] == t.space + t.text for t in toks)
    assert toks[-1].text == "" and toks[-1].space == " "


def test_text_imports_only_the_standard_library():
    code = ("import sys; before = set(sys.modules); import mtfix.text; "
            "print(sorted(m for m in set(sys.modules) - before "
            "if m.split('.')[0] not in sys.stdlib_module_names))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "['mtfix', 'mtfix.text']"
