"""Derive mtfix/data/hyphenated_hunspell_id.txt from hunspell-id's id_ID.dic.

Usage: python eval/derive_hyphenated.py /usr/share/hunspell/id_ID.dic > mtfix/data/hyphenated_hunspell_id.txt
(`apt-get download hunspell-id && dpkg-deb -x hunspell-id_*.deb x` gives the file without installing.)
"""
import sys

HEADER = """# Hyphenated words derived from hunspell-id 1:7.5.0 (Debian), id_ID.dic, LibreOffice dictionaries.
# Licence: MPL-2.0 (see LICENSE-hunspell-id.txt). One lowercase word per line; flags stripped;
# bound forms (anti-, -nya) dropped. Regenerate: python eval/derive_hyphenated.py /usr/share/hunspell/id_ID.dic"""


def main(path: str) -> None:
    words = set()
    with open(path, encoding="utf-8") as f:
        next(f)  # first line is the entry count
        for line in f:
            w = line.strip().split("/")[0]
            if "-" in w and not w.startswith("-") and not w.endswith("-"):
                words.add(w.lower())
    print(HEADER)
    for w in sorted(words):
        print(w)


if __name__ == "__main__":
    main(sys.argv[1])
