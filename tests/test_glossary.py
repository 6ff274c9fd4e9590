"""Glossaries: formats, matching, the bundled glossary, validation, and the CLI around them."""

from pathlib import Path

import pytest

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.glossary import (GlossaryFormatError, bundled_path, load_glossaries, restore_case,
                            validate)
from mtfix.glossary.formats import read_file

FIX = Path(__file__).parent / "fixtures"

SENTENCES = [
    "Di sela-sela sekelompok tujuh (G7) KTT di Kanada.",
    "SEKELOMPOK TUJUH (G7) BERTEMU.",
    "Sekelompok tujuh (G7) bertemu lagi.",
    "Ada sekelompok tujuh orang di sana.",                 # unsafe variant: only with the flag
    "Mereka melanjutkan diplomasi antar-jemput itu.",
    "Diplomasi antar-jemputnya berhasil.",                 # clitic kept, capital restored
    "Presiden menyatakan hukum bela diri kemarin.",
    "Kata bank indonesia dan Bank Indonesia.",             # case-sensitive entry
    "Ia belajar hukum bela dirinya sendiri.",
    "Tidak ada istilah di sini.",
]


def run(glossary: Path, text: str, unsafe: bool = False, source: str | None = None):
    s = Settings(select=("GL",), glossaries=(str(glossary),), default_glossary=False,
                 unsafe_fixes=unsafe)
    lin = Linter(s)
    return lin.fix(text).text, [(d.code, d.start, d.end, d.message, d.applicability)
                                for d in lin.check(text, source=source)]


@pytest.mark.parametrize("unsafe", [False, True])
def test_tsv_and_tbx_behave_identically(unsafe):
    for sentence in SENTENCES:
        assert run(FIX / "glossary.tsv", sentence, unsafe)[0] == \
            run(FIX / "glossary.tbx", sentence, unsafe)[0]
        # diagnostics too, apart from the origin (file name) in the message
        a = [(c, s, e, app) for c, s, e, _, app in run(FIX / "glossary.tsv", sentence, unsafe)[1]]
        b = [(c, s, e, app) for c, s, e, _, app in run(FIX / "glossary.tbx", sentence, unsafe)[1]]
        assert a == b


def test_matching_behaviour():
    g = FIX / "glossary.tsv"
    assert run(g, SENTENCES[0])[0] == "Di sela-sela Kelompok Tujuh (G7) KTT di Kanada."
    assert run(g, SENTENCES[1])[0] == "KELOMPOK TUJUH (G7) BERTEMU."
    assert run(g, SENTENCES[2])[0] == "Kelompok Tujuh (G7) bertemu lagi."
    assert run(g, SENTENCES[3])[0] == SENTENCES[3]
    assert run(g, SENTENCES[3], unsafe=True)[0] == "Ada Kelompok Tujuh orang di sana."
    assert run(g, SENTENCES[4])[0] == "Mereka melanjutkan diplomasi ulang-alik itu."
    assert run(g, SENTENCES[5])[0] == "Diplomasi ulang-aliknya berhasil."
    assert run(g, SENTENCES[7])[0] == "Kata Bank Indonesia dan Bank Indonesia."
    assert run(g, SENTENCES[8])[0] == "Ia belajar darurat militernya sendiri."
    assert run(g, "Bank indonesia") == ("Bank indonesia", [])  # sensitive: no partial case


def test_restore_case():
    assert restore_case("sekelompok tujuh", "Kelompok Tujuh") == "Kelompok Tujuh"
    assert restore_case("Diplomasi antar-jemput", "diplomasi ulang-alik") == "Diplomasi ulang-alik"
    assert restore_case("HUKUM BELA DIRI", "darurat militer") == "DARURAT MILITER"


def test_user_glossary_wins_over_bundled(tmp_path):
    user = tmp_path / "user.tsv"
    user.write_text("source\ttarget\twrong\nSouth Korea-Japan\tKorsel-Jepang\tKorea-Jepang Selatan\n")
    text = "hubungan Korea-Jepang Selatan membaik"
    both = Linter(Settings(select=("GL001",), glossaries=(str(user),)))
    assert both.fix(text).text == "hubungan Korsel-Jepang membaik"
    bundled = Linter(Settings(select=("GL001",)))
    assert bundled.fix(text).text == "hubungan Korea Selatan-Jepang membaik"


def _bundled_cases():
    for e in read_file(bundled_path()).entries:
        for v in e.wrong:
            yield pytest.param(e, v, id=f"{e.line}-{v.text}")


@pytest.mark.parametrize("entry,variant", list(_bundled_cases()))
def test_every_bundled_wrong_variant_is_replaced(entry, variant):
    sentence = f"Kemarin {variant.text}{variant.context} dibahas lagi."
    lin = Linter(Settings(select=("GL001",), unsafe_fixes=True))
    out = lin.fix(sentence).text
    expected = f"Kemarin {restore_case(variant.text, entry.target)}{variant.context} dibahas lagi."
    assert out == expected
    if variant.unsafe:
        assert Linter(Settings(select=("GL001",))).fix(sentence).text == sentence


def test_bundled_glossary_is_valid_and_large():
    assert validate(str(bundled_path())) == []
    assert len(read_file(bundled_path()).entries) >= 150


def test_gl002_missing_term_with_source():
    g = FIX / "glossary.tsv"
    _, diags = run(g, "Para pemimpin tujuh negara bertemu.", source="The Group of Seven leaders met.")
    assert [d[0] for d in diags] == ["GL002"]
    _, diags = run(g, "Para pemimpin Kelompok Tujuh bertemu.", source="The Group of Seven leaders met.")
    assert diags == []
    # A capitalised source term is a name: "a group of seven" is not the Group of Seven.
    _, diags = run(g, "Sekelompok tujuh pencari suaka tiba.", source="A group of seven asylum seekers arrived.")
    assert "GL002" not in [d[0] for d in diags]


# -- safety: XML -------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<tbx><text><body><conceptEntry><langSet xml:lang="en"><termSec><term>&lol3;</term></termSec>
</langSet></conceptEntry></body></text></tbx>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry><langSet xml:lang="en"><termSec><term>&xxe;</term></termSec>
</langSet></conceptEntry></body></text></tbx>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_expansion_refused(cli, tmp_path, xml):
    p = tmp_path / "evil.tbx"
    p.write_text(xml)
    with pytest.raises(GlossaryFormatError, match="refused unsafe XML"):
        read_file(p)
    r = cli("glossary", "validate", p)
    assert r.returncode == 2 and b"refused unsafe XML" in r.stderr and b"root:" not in r.stdout
    r = cli("fix", "--glossary", p, input=b"x\n")
    assert r.returncode == 2 and b"refused unsafe XML" in r.stderr


# -- validation: each malformed case, its message and exit code --------------------------------

HEADER = "source\ttarget\twrong\tcase\tnote\n"
ROW_CASES = [
    ("empty target", "A\t\t\t\t\n", "empty target term"),
    ("bad case policy", "A\tB\t\tupper\t\n", "case policy 'upper'"),
    ("duplicate", "A\tB\t\t\t\nA\tB\t\t\t\n", "duplicate of line 2"),
    ("conflict", "A\tB\t\t\t\nA\tC\t\t\t\n", "conflicts with line 2"),
    ("variant is a required term", "A\tB\tC\t\t\nD\tC\t\t\t\n", "is the required term of line 3"),
    ("variant equals own target", "A\tB\tb\t\t\n", "equals the required term"),
    ("variant inside a target", "A\tB C\tC\t\t\n", "fixing would never stop"),
    ("same variant, two targets", "A\tB\tX\t\t\nD\tE\tX\t\t\n", "also on line 2"),
    ("empty variant", "A\tB\tX | | Y\t\t\n", "empty wrong variant"),
    ("too many fields", "A\tB\t\t\t\textra\n", "6 fields, header has 5"),
    ("never fires", "\tB\t\t\t\n", "can never fire"),
]


@pytest.mark.parametrize("name,rows,needle", ROW_CASES, ids=[c[0] for c in ROW_CASES])
def test_validate_row_problems(cli, tmp_path, name, rows, needle):
    p = tmp_path / "g.tsv"
    p.write_text(HEADER + rows, encoding="utf-8")
    r = cli("glossary", "validate", p)
    assert r.returncode == 1, r.stderr
    out = r.stdout.decode()
    assert needle in out
    assert all(line.startswith(f"{p}:") for line in out.splitlines())


FILE_CASES = [
    ("wrong columns", "g.tsv", b"src\ttarget\nA\tB\n", "bad header"),
    ("bad encoding", "g.tsv", HEADER.encode() + b"A\t\xff\n", "not valid UTF-8 at byte offset"),
    ("bad xml", "g.tbx", b"<tbx><text>", "not well-formed XML"),
    ("not tbx", "g.tbx", b"<html/>", "not a TBX file"),
    ("unknown format", "g.txt", b"x", "unknown glossary format"),
    ("empty", "g.csv", b"", "empty glossary"),
]


@pytest.mark.parametrize("name,fname,data,needle", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_validate_malformed_files_exit_2(cli, tmp_path, name, fname, data, needle):
    p = tmp_path / fname
    p.write_bytes(data)
    r = cli("glossary", "validate", p)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_validate_missing_file_and_clean_file(cli, tmp_path):
    r = cli("glossary", "validate", tmp_path / "none.tsv")
    assert r.returncode == 2 and b"no such file" in r.stderr
    r = cli("glossary", "validate", FIX / "glossary.tsv", FIX / "glossary.tbx")
    assert r.returncode == 0 and r.stdout == b""


def test_csv_format(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text('source,target,wrong\n"martial law",darurat militer,"hukum bela diri | ~hukum militer"\n')
    e = read_file(p).entries[0]
    assert e.target == "darurat militer" and [v.text for v in e.wrong] == ["hukum bela diri", "hukum militer"]
    assert [v.unsafe for v in e.wrong] == [False, True]


def test_cli_glossary_options_and_source(cli, tmp_path):
    text = "Mereka melanjutkan diplomasi antar-jemput.\n"
    r = cli("fix", "-q", "--glossary", FIX / "glossary.tsv", input=text.encode())
    assert r.stdout.decode() == "Mereka melanjutkan diplomasi ulang-alik.\n"
    src = tmp_path / "src.en"
    src.write_text("one\ntwo\n")
    r = cli("check", "--source", src, "-", input=text.encode())
    assert r.returncode == 2 and b"line-aligned" in r.stderr


def test_load_glossaries_caches_and_sees_changes(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("source\ttarget\twrong\nA\tbaik\tburuk\n")
    g1 = load_glossaries([str(p)], default=False)
    assert load_glossaries([str(p)], default=False) is g1
    p.write_text("source\ttarget\twrong\nA\tbaik\tjelek sekali\n")
    g2 = load_glossaries([str(p)], default=False)
    assert "jelek sekali" in g2.wrong
