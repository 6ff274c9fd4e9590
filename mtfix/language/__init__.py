"""Indonesian (and the English of MT sources) as mtfix's rules need it, in one place.

- :mod:`.lexicon`: the word lists of ``mtfix/data/`` (readers, and the hunspell-id lexicon).
- :mod:`.morphology`: affixes (prefixes, suffixes, clitics -nya/-ku/-mu, particles -lah/-kah/-pun),
  nasal mutation, reduplication and derived-word tests.
- :mod:`.english`: whether a word is common English and rarer in Indonesian (wordfreq), with the
  cached table of the plain a-z words that are (a file in the user's cache folder).
- :mod:`.numbers`: the number reader: the values an English or Indonesian number (digits, number
  words, scale words, times, dates) may stand for.

The data lives in ``mtfix/data/`` (``affixes_id.tsv``, ``numbers.tsv`` and the word lists), each
file with a header line saying where it comes from. Importing this package reads no data: every
list is loaded on first use.
"""
