"""Derive mtfix's word lists from hunspell-id's id_ID.dic (LibreOffice dictionaries, MPL-2.0).

Usage: python eval/derive_hunspell.py /usr/share/hunspell/id_ID.dic mtfix/data
(`apt-get download hunspell-id && dpkg-deb -x hunspell-id_*.deb x` gives the file without
installing it.) Writes:
  hyphenated_hunspell_id.txt   hyphenated entries (sela-sela, bolak-balik): HY001, DW001
  words_hunspell_id.txt        every lowercase stem: DW001, EN001 (an Indonesian word?)
  flagged_hunspell_id.txt      stems with affix flags other than o0, i.e. known non-nouns: DW001
  possessable_hunspell_id.txt  stems that take -ku/-mu/-nya (flag o0), i.e. nouns: DW001
"""
import sys
from pathlib import Path

HEADER = """# {what}, derived from hunspell-id 1:7.5.0 (Debian), id_ID.dic, LibreOffice dictionaries.
# Licence: MPL-2.0 (see LICENSE-hunspell-id.txt). One lowercase word per line.
# Regenerate: python eval/derive_hunspell.py /usr/share/hunspell/id_ID.dic mtfix/data"""


def main(dic: str, outdir: str) -> None:
    hyphenated, words, possessable, flagged = set(), set(), set(), set()
    with open(dic, encoding="utf-8") as f:
        next(f)  # the entry count
        for line in f:
            entry = line.strip()
            if not entry:
                continue
            word, _, flags = entry.partition("/")
            if word.startswith("-") or word.endswith("-") or not word[:1].islower():
                continue  # bound forms (anti-, -nya) and names (Bosnia-Herzegovina)
            w = word.lower()
            if "-" in w:
                hyphenated.add(w)
            else:
                words.add(w)
                pairs = [flags[i:i + 2] for i in range(0, len(flags), 2)]
                if "o0" in pairs:
                    possessable.add(w)
                elif pairs:
                    flagged.add(w)
    out = Path(outdir)
    for name, what, items in (
        ("hyphenated_hunspell_id.txt", "Hyphenated words", hyphenated),
        ("words_hunspell_id.txt", "Indonesian word stems", words),
        ("possessable_hunspell_id.txt", "Stems taking possessive -ku/-mu/-nya (flag o0)", possessable),
        ("flagged_hunspell_id.txt", "Stems with affix flags but no possessive (o0)",
         flagged - possessable),
    ):
        (out / name).write_text(HEADER.format(what=what) + "\n" + "\n".join(sorted(items)) + "\n",
                                encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
