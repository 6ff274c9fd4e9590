"""English word frequencies as mtfix reads them (wordfreq), and the cached table of the common
English words that EN001 and GL005 look plain words up in.

A word is "English" (:func:`english_zipf`) when it is common in English and clearly rarer in
Indonesian: wordfreq's English Zipf frequency at least ``MIN_EN_ZIPF``, and at least ``MIN_GAP``
above its Indonesian one. For a plain a–z word, and for one with one apostrophe that wordfreq
reads as one token (``trump's``, ``don’t``: :func:`table_word`), the answer is a look-up in one
table (:func:`common_english`): the 10,670 words over the thresholds (170 with an apostrophe)
with their English Zipf frequency, worked out from wordfreq with the same calls as for any
other word and kept in a cache file, so that a run reads a small text file instead of
importing wordfreq (0.12 s) and building its 321,000-word English dict (0.15 s). (Before the
apostrophe words were in it, one ``Trump's`` in a text cost a check 0.3 s: a one-line check
took 0.66–0.72 s instead of 0.29–0.34.)

The cache file
    ``english-<hash>.tsv`` in ``$MTFIX_CACHE_DIR``, else ``$XDG_CACHE_HOME/mtfix``, else
    ``~/.cache/mtfix``. It is written on the first run that looks a word up (atomically: a
    temporary file renamed into place), keyed on wordfreq's version and location and on the
    thresholds (a new wordfreq or new thresholds make a new file), and read as plain text (one
    ``word<TAB>zipf`` line per word between a header holding the key and a trailer holding
    the count; a file that does not match is rebuilt). Where the directory cannot be written,
    or with ``MTFIX_NO_CACHE`` set to anything but the empty string, no file is used and each
    word is looked up in wordfreq as before. The answers are the same either way
    (``tests/test_rules_fast_english.py`` compares the table with wordfreq's whole list).
    Deleting the file is always safe.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

# Wordfreq's Zipf scale: 3 = once per million words ... 7 = "the". Indonesian web text is full
# of English loans (online, video, bank), so the gap matters more than the English frequency.
MIN_EN_ZIPF = 3.5
MIN_GAP = 1.0

# The table's file format; a change to it (or to what the table holds) changes this.
_FORMAT = "mtfix common-English table 2"

# A word with one apostrophe (ASCII or ’, which wordfreq reads as ASCII) between letters. Its
# tokenizer keeps it one token unless 1 or 2 letters come before the apostrophe and a vowel or
# h after it (French elision, `l'arc` → `l`, `arc`: wordfreq.tokens' INITIAL_VOWEL_EXPR).
_APOSTROPHE_WORD = re.compile(r"([a-z]+)['\u2019]([a-z]+)")
_ELIDED_BEFORE = frozenset("aehiouy")


def table_word(w: str) -> str | None:
    """The table's key for a lowercase word wordfreq reads as one token whose frequency is
    that token's in its list: the word itself when plain a-z, with its apostrophe made ASCII
    when it has one between letters and no elision splits it; None for any other word (asked
    of wordfreq: :func:`live_zipf`). ``build_table`` checks the tokenizer agrees."""
    if w.isascii() and w.isalpha():
        return w
    m = _APOSTROPHE_WORD.fullmatch(w)
    if m is None:
        return None
    before, after = m.groups()
    if len(before) <= 2 and after[0] in _ELIDED_BEFORE:
        return None
    return f"{before}'{after}"


# Words whose frequency in wordfreq's English dict is below this cannot reach MIN_EN_ZIPF (a
# word that is its own table key is its own one token, whose Zipf frequency is its dict
# frequency's, rounded to 0.01): they are left out of the build without a zipf_frequency call
# each (16,953 of 289,023 words are called for: 0.3 s instead of 3 s). The margin of 0.1 is far
# wider than the rounding.
_FLOOR = 10 ** (MIN_EN_ZIPF - 9 - 0.1)


@lru_cache(maxsize=1)
def english_forms() -> dict[str, float]:
    """wordfreq's English list (the dict ``zipf_frequency`` itself reads, built once): a word
    it lacks has Zipf 0, so most words of a text need no tokenizer run (100,000 different
    words: 2.5 s → 0.1 s). Asked for as ``zipf_frequency`` asks (``(lang, wordlist)``): the
    function's cache keys on the arguments as given, and ``get_frequency_dict("en")`` built
    the 321,000-word dict a second time."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


def live_zipf(w: str) -> float | None:
    """:func:`english_zipf` of a lowercase word, asked of wordfreq (tokenizer and all)."""
    from wordfreq import zipf_frequency  # imported on first use: check only, never fix

    en = zipf_frequency(w, "en")
    if en < MIN_EN_ZIPF or en - zipf_frequency(w, "id") < MIN_GAP:
        return None
    return en


class TokenizerMismatch(Exception):
    """This wordfreq does not read the words :func:`table_word` keys as one token each: the
    table cannot stand in for it (every word is then asked of wordfreq)."""


def _check_tokenizer() -> None:
    """That wordfreq (as installed) reads every shape :func:`table_word` keys as the one token
    it names, in English and Indonesian, and ``’`` as ``'``: probes of each prefix length and
    each letter after the apostrophe."""
    from wordfreq import tokenize, zipf_frequency

    letters = "abcdefghijklmnopqrstuvwxyz"
    probes = [("qz" * 3)[:n] + "'" + c + "x" for n in range(1, 5) for c in letters]
    probes += ["trump's", "don't", "it's", "o'neill"]
    for p in probes:
        key = table_word(p)
        if key is None:
            continue
        for lang in ("en", "id"):
            curly = p.replace("'", "\u2019")
            if tokenize(p, lang) != [p] or tokenize(curly, lang) != [curly]:
                raise TokenizerMismatch(p)
    for w in ("trump's", "don't", "it's"):
        curly = w.replace("'", "\u2019")
        if zipf_frequency(curly, "en") != zipf_frequency(w, "en"):
            raise TokenizerMismatch(curly)


def build_table() -> dict[str, float]:
    """The words of wordfreq's English list that are their own table key (:func:`table_word`:
    plain a-z, one apostrophe) whose :func:`live_zipf` is not None, with it: every such word
    not in it has ``live_zipf`` None. Raises :class:`TokenizerMismatch` where this wordfreq
    tokenizes such words otherwise."""
    _check_tokenizer()
    table = {}
    for w, freq in english_forms().items():
        if freq >= _FLOOR and table_word(w) == w:
            zipf = live_zipf(w)
            if zipf is not None:
                table[w] = zipf
    return table


@lru_cache(maxsize=65536)
def english_zipf(word: str) -> float | None:
    """English Zipf frequency of a word that is clearly more English than Indonesian, or None."""
    w = word.lower()
    if w.isascii() and w.isalpha():
        table = common_english()
        if table is not None:
            return table.get(w)
        if w not in english_forms():
            return None  # a plain a-z word is its own one token: not listed means Zipf 0
        return live_zipf(w)
    key = table_word(w)
    if key is not None:  # one apostrophe, one token: as a plain word, where there is a table
        table = common_english()
        if table is not None:
            return table.get(key)
    return live_zipf(w)


# -- the cache file ------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """Where mtfix keeps its cache files: ``$MTFIX_CACHE_DIR``, else ``$XDG_CACHE_HOME/mtfix``,
    else ``~/.cache/mtfix``; None with ``MTFIX_NO_CACHE`` set (non-empty)."""
    if os.environ.get("MTFIX_NO_CACHE"):
        return None
    if os.environ.get("MTFIX_CACHE_DIR"):
        return Path(os.environ["MTFIX_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "mtfix"
    try:
        return Path.home() / ".cache" / "mtfix"
    except RuntimeError:  # no home directory to be found
        return None


def _wordfreq_version() -> str | None:
    """wordfreq's version and where it is installed, without importing it (0.16 s): the name
    of its ``.dist-info`` folder next to the package, else importlib.metadata's answer. None
    when wordfreq cannot be found."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    try:
        infos = [e.name for e in os.scandir(package.parent)
                 if e.name.startswith("wordfreq-") and e.name.endswith(".dist-info")]
    except OSError:
        infos = []
    if len(infos) == 1:
        version = infos[0][len("wordfreq-"):-len(".dist-info")]
    else:
        from importlib.metadata import PackageNotFoundError, version as dist_version

        try:
            version = dist_version("wordfreq")
        except PackageNotFoundError:
            return None
    return f"{version} at {package}"


def table_key() -> str | None:
    """What the table depends on, written in its file's header."""
    version = _wordfreq_version()
    if version is None:
        return None
    return f"{_FORMAT}; wordfreq {version}; en zipf >= {MIN_EN_ZIPF!r}; gap >= {MIN_GAP!r}"


def table_path(directory: Path, key: str) -> Path:
    """The table's file for ``key`` in ``directory`` (one file per key: two wordfreqs or two
    sets of thresholds do not overwrite each other's)."""
    from hashlib import sha256

    return directory / f"english-{sha256(key.encode('utf-8')).hexdigest()[:16]}.tsv"


def read_table(path: Path, key: str) -> dict[str, float] | None:
    """The table in ``path``, or None when there is none or it is not one written for
    ``key`` in full (a wrong header, a wrong count, a line that does not parse)."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    # header, the words, the trailer, and the empty string after the last line break
    if len(lines) < 3 or lines[0] != key or lines[-1] != "" or lines[-2] != f"end {len(lines) - 3}":
        return None
    table = {}
    try:
        for line in lines[1:-2]:
            word, zipf = line.split("\t")
            table[word] = float(zipf)
    except ValueError:
        return None
    if len(table) != len(lines) - 3:
        return None  # a word twice
    return table


def write_table(path: Path, key: str, table: dict[str, float]) -> None:
    """Write ``table`` to ``path`` atomically (:func:`_publish`)."""
    _publish(path, key, lambda: table)


def _publish(path: Path, key: str, build) -> dict[str, float]:
    """Make a temporary file beside ``path`` (an OSError here, before ``build`` runs, when
    the folder cannot be written), write the table ``build()`` returns into it, rename it to
    ``path`` (a reader sees the old file, the new one, or none, never a part) and return the
    table. What fails after the build is passed over (a full disk: the table is still
    right); the temporary file never stays."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        table = build()
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                fd = -1
                f.write(key + "\n")
                f.writelines(f"{w}\t{z!r}\n" for w, z in sorted(table.items()))
                f.write(f"end {len(table)}\n")
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass
        return table
    finally:
        if fd != -1:
            os.close(fd)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def load_table(directory: Path | None) -> dict[str, float] | None:
    """The table from its file in ``directory``, built and written there when missing or
    stale; None (look words up in wordfreq) when there is no directory, wordfreq cannot be
    found, or the directory cannot be written (found out before building: a run that cannot
    keep the table does not pay for building it)."""
    if directory is None:
        return None
    key = table_key()
    if key is None:
        return None
    path = table_path(directory, key)
    table = read_table(path, key)
    if table is not None:
        return table
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return _publish(path, key, build_table)
    except (OSError, TokenizerMismatch):
        return None


@lru_cache(maxsize=1)
def common_english() -> dict[str, float] | None:
    """The words keyed by :func:`table_word` that are English (:func:`english_zipf` not
    None), with their English Zipf frequency, from the cache file (:func:`load_table`); None
    when no cache file can be used."""
    return load_table(cache_dir())
