"""EN001's cached table of common English words (``mtfix.language.english``) answers what
wordfreq answers: the table equals the live computation over wordfreq's whole English list, the
cache file is written, read back, rebuilt when it does not match, and passed over when it
cannot be written, and a check gives the same output with the cache, without it, and with the
cache file cold or warm. Every test points the cache at a folder of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gen_util import random_texts
from mtfix.engine import Linter
from mtfix.language import english as lang_english
from mtfix.language.english import (MIN_EN_ZIPF, MIN_GAP, TokenizerMismatch, build_table,
                                    cache_dir, english_forms, english_zipf, live_zipf, load_table,
                                    read_table, table_key, table_path, table_word, write_table)
from mtfix.rules import english as rule_english
from mtfix.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def table() -> dict[str, float]:
    return build_table()


def _plain(w: str) -> bool:
    return w.isascii() and w.isalpha()


def test_table_is_the_live_computation_on_wordfreqs_whole_list(table):
    """Every word of wordfreq's English list that is its own table key (plain a-z, or one
    apostrophe read as one token) asked of wordfreq (tokenizer and all): the table holds
    exactly those it calls English, with their English Zipf frequency."""
    live = {}
    for w in english_forms():
        if table_word(w) == w:
            zipf = live_zipf(w)
            if zipf is not None:
                live[w] = zipf
    assert table == live
    assert 5000 < len(table) < 50000
    assert all(z >= MIN_EN_ZIPF for z in table.values())
    assert "the" in table and "key" in table and "meeting" in table
    assert "dan" not in table and "film" not in table  # Indonesian too: the gap is too small
    assert "don't" in table and "trump's" in table and "it's" in table


def test_words_missing_from_the_list_are_no_english(table):
    """A plain a-z word wordfreq's list lacks has Zipf 0: the table's silence is the live
    answer."""
    forms = english_forms()
    for w in ("qzxv", "kemenangan", "pemasok", "aaaa", "zzzzzz", "mengatakan", "terlihat"):
        assert w not in forms or w in table or live_zipf(w) is None
        assert (w in table) == (live_zipf(w) is not None)


def test_apostrophe_words_read_from_the_table_as_wordfreq_reads_them(table):
    """A word with one apostrophe (ASCII or ’, any case) that wordfreq reads as one token is
    looked up under its ASCII form; one it splits (French elision: `l'arc`, `qu'un`) has no
    key and is asked of wordfreq. Every apostrophe word of wordfreq's list, in three
    spellings, and words it lacks: the table's answer is the live one."""
    from wordfreq import tokenize

    listed = [w for w in english_forms() if "'" in w and table_word(w) == w]
    assert len(listed) > 10000
    words = listed[::7] + ["syafi'i", "eto'o", "xyzq'zz", "qz'bx", "i'm", "o'neill", "y'all"]
    asked = 0
    for w in words:
        for v in (w, w.replace("'", "\u2019"), w.capitalize(), w.upper()):
            key = table_word(v.lower())
            if key is None:
                continue
            asked += 1
            assert tokenize(v.lower(), "en") == [v.lower()], v
            assert table.get(key) == live_zipf(v.lower()), v
    assert asked > 10000
    for w in ("l'arc", "qu'un", "d'heure", "y'all", "rock'n'roll", "café", "x1"):
        assert table_word(w) is None


def test_a_wordfreq_that_splits_those_words_gets_no_table(monkeypatch, tmp_path):
    """Where the installed wordfreq does not read those shapes as one token each, the table is
    not built (every word is asked of wordfreq) rather than answering for it."""
    import wordfreq

    monkeypatch.setattr(wordfreq, "tokenize", lambda text, lang: text.split("'"))
    with pytest.raises(TokenizerMismatch):
        build_table()
    assert load_table(tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def _fresh(monkeypatch, **env) -> None:
    """The module's caches emptied (and emptied again when the test ends), the environment
    set as given."""
    for name in ("MTFIX_CACHE_DIR", "MTFIX_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    lang_english.common_english.cache_clear()
    english_zipf.cache_clear()


@pytest.fixture(autouse=True)
def _restore_caches():
    yield
    lang_english.common_english.cache_clear()
    english_zipf.cache_clear()


def test_cache_dir_precedence(monkeypatch, tmp_path):
    _fresh(monkeypatch, MTFIX_CACHE_DIR=str(tmp_path / "a"), XDG_CACHE_HOME=str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "a"
    _fresh(monkeypatch, XDG_CACHE_HOME=str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "mtfix"
    _fresh(monkeypatch, HOME=str(tmp_path / "h"))
    assert cache_dir() == tmp_path / "h" / ".cache" / "mtfix"
    _fresh(monkeypatch, MTFIX_CACHE_DIR=str(tmp_path / "a"), MTFIX_NO_CACHE="1")
    assert cache_dir() is None
    assert lang_english.common_english() is None


def test_the_file_is_written_read_back_and_reused(monkeypatch, tmp_path, table):
    key = table_key()
    assert key is not None and f"{MIN_EN_ZIPF!r}" in key and f"{MIN_GAP!r}" in key
    assert load_table(tmp_path / "cache") == table
    path = table_path(tmp_path / "cache", key)
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert files == [path.name]  # no temporary file left
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == key and lines[-2] == f"end {len(table)}" and lines[-1] == ""
    assert read_table(path, key) == table
    # a second run reads the file: nothing is built
    monkeypatch.setattr(lang_english, "build_table", lambda: pytest.fail("built again"))
    assert load_table(tmp_path / "cache") == table
    # another key (another wordfreq, other thresholds) is another file
    assert table_path(tmp_path, key + "x") != table_path(tmp_path, key)
    assert read_table(path, key + "x") is None


@pytest.mark.parametrize("damage", ["empty", "truncated", "header", "count", "line", "twice",
                                    "binary"])
def test_a_file_that_does_not_match_is_rebuilt(tmp_path, table, damage):
    key = table_key()
    path = table_path(tmp_path, key)
    write_table(path, key, table)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if damage == "empty":
        path.write_text("")
    elif damage == "truncated":
        path.write_text(text[:len(text) // 2])
    elif damage == "header":
        path.write_text("\n".join(["other key"] + lines[1:]))
    elif damage == "count":
        path.write_text("\n".join(lines[:2] + lines[3:]))  # a word less, the same trailer
    elif damage == "line":
        path.write_text("\n".join(lines[:5] + ["the\tseven"] + lines[6:]))
    elif damage == "twice":
        path.write_text("\n".join(lines[:2] + lines[1:2] + lines[3:]))
    else:
        path.write_bytes(b"\xff\xfe" + text.encode("utf-8"))
    assert read_table(path, key) is None
    assert load_table(tmp_path) == table
    assert read_table(path, key) == table  # rewritten


def test_an_unwritable_folder_is_passed_over(monkeypatch, tmp_path):
    """A cache folder that cannot be made (a file stands in its way): no table, no error, no
    build; the words are looked up in wordfreq as before, with the same answers."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(lang_english, "build_table", lambda: pytest.fail("built for nothing"))
    assert load_table(blocker / "mtfix") is None
    _fresh(monkeypatch, MTFIX_CACHE_DIR=str(blocker / "mtfix"))
    assert lang_english.common_english() is None
    for w in ("the", "Key", "meeting", "dan", "qzxv", "don't", "I'm", "café"):
        assert english_zipf(w) == _live_english_zipf(w), w


def test_a_failed_write_keeps_the_table(monkeypatch, tmp_path, table):
    """The folder takes the temporary file, the rename fails: the table built is used, and no
    temporary file stays."""
    def fail(*args):
        raise OSError("no")

    monkeypatch.setattr(lang_english.os, "replace", fail)
    assert load_table(tmp_path) == table
    assert list(tmp_path.iterdir()) == []


def _live_english_zipf(word: str) -> float | None:
    """english_zipf as it was before the table: the list's test, then wordfreq."""
    w = word.lower()
    if _plain(w) and w not in english_forms():
        return None
    return live_zipf(w)


def test_english_zipf_with_and_without_the_table(monkeypatch, tmp_path, table):
    words = ["the", "The", "KEY", "Key", "meeting", "Meeting", "dan", "film", "online", "a",
             "qzxv", "don't", "I'm", "it’s", "café", "naïve", "x1", ""] + sorted(table)[::97]
    _fresh(monkeypatch, MTFIX_CACHE_DIR=str(tmp_path))
    cached = [english_zipf(w) for w in words]
    assert lang_english.common_english() == table
    _fresh(monkeypatch, MTFIX_NO_CACHE="1")
    assert [english_zipf(w) for w in words] == cached
    assert cached == [_live_english_zipf(w) for w in words]


PIECES = ["the", "The", "end", "Key", "KTT", "Trump", "meeting", "Meeting", "online", "film",
          "dan", "yang", "kata", "Transport", "for", "London", "don't", "I'm", "it’s", "café",
          "Wireless", "Mouse", "New", "qzxv", "walking", "beautiful", "Beautiful", " ", " ",
          "  ", ", ", ". ", "\n", '"', "“", "”", "-", "#", "@", "1"]


def test_en001_with_and_without_the_cache(monkeypatch, tmp_path):
    texts = list(random_texts(PIECES, 600, 60, 51))
    linter = Linter(Settings(select=("EN001",)))

    def run():
        return [[(d.code, d.message, d.start, d.end) for d in linter.check(t)] for t in texts]

    _fresh(monkeypatch, MTFIX_CACHE_DIR=str(tmp_path))
    cached = run()
    assert lang_english.common_english() is not None
    _fresh(monkeypatch, MTFIX_NO_CACHE="1")
    assert run() == cached
    assert sum(map(len, cached)) > 300


def _mtfix(args, env, cwd):
    env = {k: v for k, v in os.environ.items()
           if k not in ("MTFIX_CACHE_DIR", "MTFIX_NO_CACHE", "XDG_CACHE_HOME")} | env
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    code = ("import sys, runpy\nsys.argv = ['mtfix'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('mtfix', run_name='__main__')\n"
            "except SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
            "sys.stderr.write('WORDFREQ %s\\n' % ('wordfreq' in sys.modules))\n"
            "sys.exit(code)\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, env=env,
                          cwd=cwd)


def test_check_output_with_and_without_the_cache(tmp_path):
    """``mtfix check`` (text and JSON) without the cache, with it cold (built and written), and
    warm (read: wordfreq is not even imported where every word is a table key, plain a-z or
    with one apostrophe, `don't`, `it’s`): the same output and exit status."""
    text = "\n".join(" ".join(t.split()) for t in random_texts(PIECES, 300, 30, 52)) + "\n"
    files = {"mixed.txt": "KTT Key Trump, the end. Dia bilang meeting itu online.\n" + text,
             "plain.txt": "KTT Key Trump, the end. Dia bilang meeting itu online.\n"
                          + text.replace("é", "e")}
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    cache = tmp_path / "cache"
    runs = {}
    for run, env in (("none", {"MTFIX_NO_CACHE": "1"}), ("cold", {"MTFIX_CACHE_DIR": str(cache)}),
                     ("warm", {"MTFIX_CACHE_DIR": str(cache)})):
        for fmt, names in (("text", ["plain.txt"]), ("json", ["mixed.txt", "plain.txt"])):
            r = _mtfix(["check", *names, "--output-format", fmt, "--fail-on", "info"], env,
                       tmp_path)
            runs[run, fmt] = (r.returncode, r.stdout)
            runs[run, fmt, "wordfreq"] = r.stderr.decode().splitlines()[-1]
        if run == "cold":
            assert [p.suffix for p in cache.iterdir()] == [".tsv"]
    for fmt in ("text", "json"):
        assert runs["none", fmt] == runs["cold", fmt] == runs["warm", fmt]
        assert runs["none", fmt, "wordfreq"] == "WORDFREQ True"
    code, out = runs["none", "text"]
    assert code == 1 and out.count(b"EN001") > 50
    code, out = runs["none", "json"]
    assert code == 1 and len(json.loads(out)) > 100
    assert runs["warm", "text", "wordfreq"] == "WORDFREQ False"


def test_the_rule_reads_the_shared_table():
    """EN001 and GL005 look words up through mtfix.language.english."""
    assert rule_english.english_zipf is english_zipf
    assert rule_english.MIN_EN_ZIPF == MIN_EN_ZIPF


@pytest.mark.parametrize("walk_on_after", [0, 5, 10 ** 9])
def test_the_walk_to_english_lines_finds_what_every_line_finds(monkeypatch, walk_on_after):
    """EN001's walk to the lines holding an English-looking token, started again after each
    line's end (WALK_ON_AFTER 0), after long lines only, or never: the findings of the check
    that works out every line (tests/test_rules_speed_english.py's reference)."""
    from mtfix.rules.base import Document
    from test_rules_speed_english import PIECES as EN_PIECES, reference_check

    monkeypatch.setattr(rule_english, "WALK_ON_AFTER", walk_on_after)
    rule = rule_english.UntranslatedEnglish()
    found = 0
    for text in random_texts(EN_PIECES + ["\n", "\n", "the end\n"], 1500, 60, 53):
        want = list(reference_check(rule, Document(text)))
        assert list(rule.check(Document(text))) == want, text
        found += len(want)
    assert found > 1000


_ENGLISH_WORDS = ["the", "The", "THE", "key", "Key", "meeting", "dan", "film", "qzxv", "kemenangan",
                  "don't", "Don't", "don\u2019t", "DON'T", "Trump's", "trump\u2019s", "it's",
                  "It\u2019s", "l'arc", "qu'un", "syafi'i", "eto'o", "xyzq'zz", "o'neill",
                  "y'all", "café", "x1", "a", "I", "rock'n'roll", "McDonald's", "mary's"]


@pytest.mark.parametrize("cached", [True, False])
def test_the_rules_english_test_is_english_zipfs(monkeypatch, tmp_path, cached):
    """EN001's own look-up (``_english``, and ``_Flags``'s shortcut for a word the table lacks)
    answers as its definition: long enough, not an acronym, not Indonesian, and English by
    ``english_zipf``; with the table and without it, for plain words and words with an
    apostrophe."""
    if cached:
        _fresh(monkeypatch, MTFIX_CACHE_DIR=str(tmp_path))
        assert lang_english.common_english() is not None
    else:
        _fresh(monkeypatch, MTFIX_NO_CACHE="1")
        assert lang_english.common_english() is None
    indonesian = rule_english.words()
    want = {w: (len(w) >= rule_english.MIN_LEN and not (w.isupper() and len(w) > 1)
                and w.lower() not in indonesian and english_zipf(w) is not None)
            for w in _ENGLISH_WORDS}
    assert {w: rule_english.UntranslatedEnglish._english(w, indonesian)
            for w in _ENGLISH_WORDS} == want
    flags = rule_english._Flags(rule_english.UntranslatedEnglish._english, indonesian)
    assert {w: flags[w] for w in _ENGLISH_WORDS} == want
    assert want["Trump's"] and want["don\u2019t"] and not want["kemenangan"]
