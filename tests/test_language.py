"""The language module: one copy of the affix lists, the lexicon and the number reader."""

from decimal import Decimal

from mtfix.language import lexicon, morphology, numbers


def test_affix_data_has_a_provenance_header():
    from importlib import resources

    for name in ("affixes_id.tsv", "numbers.tsv"):
        first = resources.files("mtfix.data").joinpath(name).read_text("utf-8").splitlines()[0]
        assert first.startswith("# ") and "Provenance" in first, name


def test_clitics_and_particles():
    assert set(morphology.clitics()) == {"nya", "ku", "mu"}
    assert set(morphology.word_endings()) == {"nya", "ku", "mu", "lah", "kah"}
    assert "pun" in morphology.particles(attached_only=False)
    assert {"", "an", "kan", "i", "annya", "pun"} <= set(morphology.suffixes())


def test_reduplication_kinds():
    kind = morphology.reduplication_kind
    assert kind("sela", "sela") == "full reduplication"
    assert kind("antar", "jemput") == "hyphenated dictionary word"
    assert kind("bersama", "sama") == "affixed reduplication"
    assert kind("sayur", "sayuran") == "affixed reduplication"
    assert kind("dorong", "mendorong") == "reciprocal reduplication"
    assert kind("ekonomi", "politik") is None


def test_nasal_forms_and_verb_forms():
    assert "mukul" in morphology.nasal_forms("pukul")
    assert "nyia" in morphology.nasal_forms("sia")
    words = lexicon.words()
    assert morphology.verb_form("terlihat", words)
    assert morphology.verb_form("memukul", words)
    assert not morphology.verb_form("liberal", words)
    assert morphology.derived_noun("perusahaan") and not morphology.derived_noun("dari")
    assert "orang" in morphology.reduplication_bases()


def test_lexicon_lookups():
    assert lexicon.is_word("Rumah") and not lexicon.is_word("house")
    assert "sela-sela" in lexicon.hyphenated()


def test_number_reader():
    D = Decimal
    assert {D("16600000000")} <= {v for n in numbers.source_numbers("$16.6 billion") for v in n.values}
    values = [v for vals, _ in numbers.target_numbers("dua puluh lima ribu") for v in vals]
    assert D(25000) in values
    assert numbers.missing_numbers("They arrived on March 3.", "Mereka tiba pada hari Senin.") == ["`3`"]
    assert numbers.missing_numbers("About 1.5 million people", "Sekitar satu setengah juta orang") == []


def test_number_word_gate_skips_only_lines_without_number_words():
    """target_numbers skips the word loop when no word could start a number: on lines drawn
    from the number vocabulary, its neighbours and other words (ordinals, groups, ``dari``,
    scales alone, months), the gated reader gives what the word loop itself gives."""
    import random

    vocab = sorted({*numbers._UNITS, *numbers._WHOLE, *numbers._MULT, *numbers._BIG,
                    *numbers._SE_BIG, *numbers._HALF, *numbers._SE_ONE, *numbers._MONTHS})
    others = ["dari", "a", "an", "half", "kedua", "kesepuluh", "bersebelas", "berdua",
              "kemarin", "beras", "kenapa", "rumah", "x", "y", "Juta", "RIBU", "Mei"]
    rng = random.Random(7)
    skipped = 0
    for _ in range(3000):
        pool = others if rng.random() < 0.5 else vocab + others
        words = [rng.choice(pool) for _ in range(rng.randint(1, 6))]
        line = " ".join(words)
        expected = numbers._word_values(w.lower() for w in numbers._WORD.findall(line))
        assert numbers.target_numbers(line) == expected, line
        lowered = [w.lower() for w in numbers._WORD.findall(line)]
        if numbers._WORD_TRIGGERS.isdisjoint(lowered) and not any(
                map(numbers._prefixed_number, lowered)):
            skipped += 1
    assert skipped > 300  # the gate was exercised, not only the word loop


def test_number_reader_shortcuts_equal_the_full_scans():
    """The shortcuts of the number reader give what the scans they skip give, on lines drawn
    from numbers, scale words (in odd case), URLs, addresses, tags, placeholders, dates and
    prices: the mask's hint (nothing blanked without it), the scale-word gate of
    _SRC_WORD_NUMBER, _loose_scales (look-behinds tried at scale words only) and the plain
    digit run (its values are its English reading)."""
    import random

    pool = ["12", "2013-14", "5/12/2014", "$5", "$27.04", "3.4", "1,000", "three", "half a",
            "one", "million", "Millions", "thousand", "BILLIONS", "thouſand", "bıllion",
            "MİLLİON", "trillion", "new", "www.x.id/12", "http://a.b/3", "a@b.id", "<b>",
            "{0}", "${x}", "%d", "%1$s", "/", "-", " ", "orang", "k7", "07"]
    rng = random.Random(11)
    gated = 0
    for _ in range(4000):
        line = rng.choice(["", " "]).join(rng.choice(pool) for _ in range(rng.randint(1, 7)))
        assert numbers._mask(line) == numbers._NOT_NUMBERS.sub(
            lambda m: " " * len(m.group()), line), line
        if numbers._SCALE_WORD.search(line) is None:
            gated += 1
            assert numbers._SRC_WORD_NUMBER.search(line) is None, line
            assert numbers._LOOSE_SCALE.search(line) is None, line
        full = frozenset(numbers._EN_SCALE[numbers._fold(m.group(1))]
                         for m in numbers._LOOSE_SCALE.finditer(line))
        assert numbers._loose_scales(line) == full, line
    assert gated > 500
    for digits in ("7", "07", "2019", "1000000"):
        assert numbers._plain_values(digits, True) == {numbers._en_reading(digits)}
        assert numbers._plain_values(digits, False) == {numbers._en_reading(digits),
                                                        numbers._id_reading(digits)}


def test_scale_words_in_odd_case_are_read():
    """IGNORECASE matches `ſ` for s, `ı` and `İ` for i: such a scale word was a KeyError (a
    traceback of `mtfix check --source`); it is read as its plain spelling."""
    assert numbers.missing_numbers("12 thouſand people", "12 ribu orang") == []
    assert numbers.missing_numbers("3 MİLLİON fans", "3 juta penggemar") == []
    assert numbers.missing_numbers("three bıllion", "tiga miliar") == []
    assert numbers.missing_numbers("2 bıllion", "5 mılıar") == ["`2 bıllion`"]
