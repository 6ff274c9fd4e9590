"""BP001's line pattern (mtfix.rules.boilerplate._line_re) puts its plain entries behind a
look-ahead for their first characters. It must match exactly the lines the plain alternation
of every entry matches: each entry of the data, in any case and spacing, and random lines."""

from __future__ import annotations

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.language.lexicon import data_lines
from mtfix.rules.boilerplate import _doc_re, _line_re, is_boilerplate

EXAMPLES = min(int(os.environ.get("MTFIX_FUZZ_EXAMPLES", "200")), 2000)
ENTRIES = [e.strip() for e in data_lines("boilerplate.txt")]


def _plain_re() -> re.Pattern[str]:
    """The pattern without the look-ahead: every entry an alternative, tried in turn."""
    alts = [f"(?:{e[3:]})" if e.startswith("re:")
            else r"[ \t]+".join(re.escape(w) for w in e.split()) for e in ENTRIES]
    return re.compile(rf"[ \t]*(?:{'|'.join(alts)})[ \t]*", re.IGNORECASE)


PLAIN = _plain_re()
WORDS = [e for e in ENTRIES if not e.startswith("re:")]


def test_every_plain_entry_is_a_boilerplate_line():
    for e in WORDS:
        for line in (e, e.upper(), e.title(), "  " + e.replace(" ", " \t ") + "\t", e + "\r"):
            assert is_boilerplate(line), line
        assert not is_boilerplate("- " + e) and not is_boilerplate(e + " x")


pieces = st.sampled_from([*WORDS, "share on", "facebook", "twitter", "|", ",", "baca juga:",
                          "Tags:", " ", "\t", "-", "x", "SOURCE", "Link", "é", "K", "\u212a"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.lists(pieces, max_size=4).map(" ".join), max_size=8))
def test_the_look_ahead_matches_what_the_plain_alternation_matches(lines):
    for line in lines:
        assert (_line_re().fullmatch(line) is None) == (PLAIN.fullmatch(line) is None), line
    text = "\n".join(lines)
    doc_plain = re.compile(rf"(?m)^{PLAIN.pattern}\r?$", re.IGNORECASE)
    assert [m.span() for m in _doc_re().finditer(text)] == \
        [m.span() for m in doc_plain.finditer(text)]
