"""mtfix.scoring (corpus, stats, sentences, significance, gates, render, metrics): sacrebleu
equality, paired tests, gates, renderers."""

from __future__ import annotations

import io
import json
import random
from xml.etree import ElementTree as ET

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from mtfix import __version__
from mtfix.scoring.corpus import corpus_scores, make_metric
from mtfix.scoring.gates import evaluate_gates
from mtfix.scoring.metrics import score_report
from mtfix.scoring.render import render_json, render_junit, render_text, write_sentence_tsv
from mtfix.scoring.sentences import sentence_level, sort_worst_first
from mtfix.scoring.significance import _bootstrap_sums, _scores, compare
from mtfix.scoring.stats import _FastCHRF, segment_statistics
from mtfix.textio import InputError

SUBJ = ["Pemerintah", "Presiden", "Warga desa", "Para siswa", "Menteri keuangan", "Polisi",
        "Perusahaan itu", "Tim nasional", "Dokter", "Petani"]
VERB = ["mengumumkan", "membangun", "menolak", "membahas", "mendukung", "memperbaiki",
        "melaporkan", "menunda"]
OBJ = ["rencana baru", "jembatan desa", "anggaran tahun depan", "kebijakan impor beras",
       "jadwal pertandingan", "hasil penelitian", "jalan tol", "program vaksinasi"]
TAIL = ["pada hari Senin.", "di Jakarta.", "minggu lalu.", "kemarin sore.",
        "setelah rapat panjang.", "untuk kedua kalinya.", "tanpa penjelasan.", "di Surabaya, Jawa Timur."]


def _refs(n: int = 48, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return [f"{rnd.choice(SUBJ)} {rnd.choice(VERB)} {rnd.choice(OBJ)} {rnd.choice(TAIL)}"
            for _ in range(n)]


def _corrupt(line: str, rnd: random.Random, k: int) -> str:
    words = line.split()
    for _ in range(k):
        op = rnd.random()
        i = rnd.randrange(len(words))
        if op < 0.4:
            words[i] = "yang"
        elif op < 0.7 and len(words) > 2:
            del words[i]
        else:
            words.insert(i, "dengan")
    return " ".join(words)


def _systems(n: int = 48):
    """refs, a second reference stream, a weak baseline, a clearly better system."""
    refs = _refs(n)
    rnd = random.Random(1)
    refs2 = [_corrupt(r, rnd, 1) for r in refs]
    rnd = random.Random(2)
    weak = [_corrupt(r, rnd, 3) for r in refs]
    rnd = random.Random(3)
    good = [r if i % 4 else _corrupt(r, rnd, 1) for i, r in enumerate(refs)]
    return refs, refs2, weak, good


REFS, REFS2, WEAK, GOOD = _systems()
SACRE = {"bleu": BLEU, "chrf": CHRF, "chrf++": lambda: CHRF(word_order=2), "ter": TER}


# --------------------------------------------------------------------------------------------
# corpus scores equal sacrebleu's
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
@pytest.mark.parametrize("nrefs", [1, 2])
def test_corpus_scores_equal_sacrebleu(metric, nrefs):
    refs = [REFS, REFS2][:nrefs]
    for hyps in (WEAK, GOOD):
        (s,) = corpus_scores(hyps, refs, [metric])
        ref = SACRE[metric]().corpus_score(hyps, refs)
        assert s.value == ref.score
        m = SACRE[metric]()
        m.corpus_score(hyps, refs)
        assert s.signature == f"{m.get_signature().format()}|mtfix:{__version__}"


@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
@pytest.mark.parametrize("nrefs", [1, 2])
def test_compare_point_scores_equal_sacrebleu(metric, nrefs):
    refs = [REFS, REFS2][:nrefs]
    (c,) = compare(WEAK, GOOD, refs, [metric], n=50)
    assert c.baseline == SACRE[metric]().corpus_score(WEAK, refs).score
    assert c.system == SACRE[metric]().corpus_score(GOOD, refs).score
    assert c.delta == c.system - c.baseline
    assert f"nrefs:{nrefs}|" in c.signature


def test_signature_provenance():
    prov = {"rules": "abc123", "glossary": "def456"}
    (s,) = corpus_scores(GOOD, [REFS], ["bleu"], provenance=prov)
    assert s.signature.endswith(f"|mtfix:{__version__}|rules:abc123|glossary:def456")
    (c,) = compare(WEAK, GOOD, [REFS], ["bleu"], n=20, provenance=prov)
    assert "bs:20" in c.signature and "seed:12345" in c.signature
    assert c.signature.endswith("|rules:abc123|glossary:def456")


@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
def test_segment_statistics_equal_sacrebleu(metric):
    tricky = ["", "a a a a", "Ya, ya, ya!", "(kata) kata kata.", "tidak   ada  spasi", "x"]
    refs1 = REFS[:6]
    refs2 = ["a a", "", "ya ya", "kata, kata", "tidak ada", "xx"]
    for refs in ([refs1], [refs1, refs2], [refs2]):
        for hyps in (tricky, WEAK[:6]):
            m = make_metric(metric)
            (mine,) = segment_statistics(m, [hyps], refs)
            theirs = make_metric(metric)._extract_corpus_statistics(hyps, refs)
            assert mine == theirs
    if metric.startswith("chrf"):
        assert _FastCHRF  # the fast chrF matcher is what is being checked here


# --------------------------------------------------------------------------------------------
# resampling and paired tests
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("metric", ["bleu", "chrf", "chrf++", "ter"])
@pytest.mark.parametrize("nrefs", [1, 2])
def test_identity_resample_equals_corpus_score(metric, nrefs):
    refs = [REFS, REFS2][:nrefs]
    N = len(GOOD)
    idxs = np.vstack([np.arange(N), np.arange(N)[::-1]])
    m = make_metric(metric)  # through the same numpy path as compare()
    st = np.asarray(segment_statistics(m, [GOOD], refs)[0], dtype=np.float64)
    got = _scores(m, metric, _bootstrap_sums(idxs, st))
    want = SACRE[metric]().corpus_score(GOOD, refs).score
    assert got[0] == want
    assert got[1] == want


@pytest.mark.parametrize("method", ["bootstrap", "ar"])
def test_compare_deterministic_and_significant(method):
    a = compare(WEAK, GOOD, [REFS], ["bleu", "chrf", "ter"], method=method, n=300, seed=3)
    b = compare(WEAK, GOOD, [REFS], ["bleu", "chrf", "ter"], method=method, n=300, seed=3)
    assert a == b
    for c in a:
        assert c.p_value < 0.01, c
        assert c.system_ci[0] <= c.system <= c.system_ci[1]
        assert c.baseline_ci[0] <= c.baseline <= c.baseline_ci[1]
        assert c.delta_ci[0] <= c.delta <= c.delta_ci[1]
    bleu, chrf, ter = a
    assert bleu.delta > 0 and chrf.delta > 0 and ter.delta < 0


@pytest.mark.parametrize("method", ["bootstrap", "ar"])
def test_identical_systems_not_significant(method):
    for c in compare(GOOD, list(GOOD), [REFS], ["bleu", "chrf", "chrf++", "ter"],
                     method=method, n=200):
        assert c.delta == 0.0
        assert c.p_value == 1.0
        assert c.delta_ci == (0.0, 0.0)


def test_equal_quality_systems_large_p():
    rnd = random.Random(5)
    x = [_corrupt(r, rnd, 1) if i % 2 else r for i, r in enumerate(REFS)]
    y = [_corrupt(r, rnd, 1) if i % 2 == 0 else r for i, r in enumerate(REFS)]
    for method in ("bootstrap", "ar"):
        for c in compare(x, y, [REFS], ["chrf"], method=method, n=500):
            assert c.p_value > 0.05, c


@pytest.mark.parametrize("method", ["bootstrap", "ar"])
def test_p_values_match_sacrebleu(method):
    """Same seed, same resamples: sacrebleu's PairedTest gives the same p-values and CIs."""
    from sacrebleu.significance import PairedTest

    rnd = random.Random(5)   # two systems of about equal quality: p-values well inside (0, 1)
    base = [_corrupt(r, rnd, 1) if i % 2 else r for i, r in enumerate(REFS)]
    close = [_corrupt(r, rnd, 1) if i % 2 == 0 else r for i, r in enumerate(REFS)]
    metrics = {"BLEU": BLEU(), "chrF2": CHRF(), "TER": TER()}
    n = 200
    sigs, res = PairedTest([("base", base), ("sys", close)], metrics, [REFS],
                           test_type="bs" if method == "bootstrap" else "ar", n_samples=n,
                           n_ar_confidence=n if method == "ar" else -1)()
    mine = compare(base, close, [REFS], ["bleu", "chrf", "ter"], method=method, n=n)
    checked = 0
    for c, key in zip(mine, ("BLEU", "chrF2", "TER")):
        theirs = res[key][1]
        assert c.system == theirs.score
        if c.delta == 0:    # deliberate difference: an exactly-zero delta gets p = 1
            assert c.p_value == 1.0
            continue
        checked += 1
        assert c.p_value == pytest.approx(theirs.p_value)
        assert 0.02 < c.p_value < 0.98
        lo, hi = c.system_ci
        assert 0.5 * (hi - lo) == pytest.approx(theirs.ci, abs=1e-4)
    assert checked >= 2


def test_compare_bad_args():
    with pytest.raises(InputError):
        compare(WEAK, GOOD, [REFS], ["bleu"], method="nope")
    with pytest.raises(InputError):
        compare(WEAK[:-1], GOOD, [REFS], ["bleu"])


# --------------------------------------------------------------------------------------------
# sentence level
# --------------------------------------------------------------------------------------------

def test_sentence_level_matches_sacrebleu_sentence_scores():
    rows = sentence_level(GOOD, [REFS])
    for r, h, ref in zip(rows, GOOD, REFS):
        assert r.bleu == BLEU(effective_order=True).sentence_score(h, [ref]).score
        assert r.chrf == CHRF().sentence_score(h, [ref]).score
        assert r.ter == TER().sentence_score(h, [ref]).score
        assert r.delta_chrf is None


def test_sentence_tsv_worst_first():
    rows = sentence_level(GOOD, [REFS], baseline=WEAK)
    assert rows[0].delta_chrf == rows[0].chrf - rows[0].baseline_chrf
    out = io.StringIO()
    write_sentence_tsv(rows, out)
    lines = out.getvalue().splitlines()
    head = lines[0].split("\t")
    assert head[:4] == ["line", "chrf", "bleu", "ter"] and "delta_chrf" in head
    deltas = [float(x.split("\t")[head.index("delta_chrf")]) for x in lines[1:]]
    assert deltas == sorted(deltas) and len(deltas) == len(GOOD)
    plain = sort_worst_first(sentence_level(WEAK, [REFS]))
    assert [r.chrf for r in plain] == sorted(r.chrf for r in plain)
    out = io.StringIO()
    write_sentence_tsv(sentence_level(["a\tb"], [["a b"]]), out)
    assert out.getvalue().splitlines()[1].split("\t")[4] == "a b"


# --------------------------------------------------------------------------------------------
# gates and renderers
# --------------------------------------------------------------------------------------------

def _report(significance=None):
    return score_report(GOOD, [REFS], baseline=WEAK, significance=significance, n=100)


def _failed_gates(rep, **kw) -> list[str]:
    """The messages of the failed gates."""
    return [g.message for g in evaluate_gates(rep, **kw) if not g.passed]


def test_gates():
    rep = _report()
    bleu = rep.scores["bleu"].value
    assert _failed_gates(rep, min_bleu=bleu - 1, min_chrf=0, max_ter=100, max_drop_bleu=0) == []
    failed = _failed_gates(rep, min_bleu=bleu + 1)
    assert failed == [f"gate failed: BLEU {bleu:.2f} < --min-bleu {bleu + 1:.2f}"]
    ter = rep.scores["ter"].value
    assert _failed_gates(rep, max_ter=ter - 0.5) == [
        f"gate failed: TER {ter:.2f} > --max-ter {ter - 0.5:.2f}"]
    # the system (GOOD) vs baseline (WEAK) the other way round: a drop
    worse = score_report(WEAK, [REFS], baseline=GOOD)
    drop = worse.baseline["chrf"].value - worse.scores["chrf"].value
    assert drop > 1
    (line,) = _failed_gates(worse, max_drop_chrf=1.0)
    assert line.startswith(f"gate failed: chrF2 dropped {drop:.2f} (") and "--max-drop-chrf 1.00" in line
    assert _failed_gates(worse, max_drop_chrf=drop + 0.01) == []
    with pytest.raises(InputError):
        _failed_gates(score_report(GOOD, [REFS]), max_drop_bleu=1)
    with pytest.raises(InputError):
        _failed_gates(score_report(GOOD, [REFS], metrics=["bleu"]), min_chrf=1)


def test_render_text_and_json():
    rep = _report("bootstrap")
    gates = evaluate_gates(rep, min_bleu=0, max_ter=0)
    text = render_text(rep, gates)
    assert "baseline" in text and "system 95% CI" in text and "gate failed: TER" in text
    assert "bs:100|seed:12345" in text
    d = render_json(rep, gates)
    json.dumps(d)
    assert set(d["metrics"]) == {"bleu", "chrf", "ter"}
    m = d["metrics"]["bleu"]
    assert {"score", "baseline", "delta", "p_value", "system_ci95", "delta_ci95"} <= set(m)
    assert d["passed"] is False and [g["passed"] for g in d["gates"]] == [True, False]
    plain = render_text(score_report(GOOD, [REFS]))
    assert "BLEU" in plain and "signatures:" in plain


def test_render_junit():
    rep = _report("ar")
    gates = evaluate_gates(rep, min_bleu=0, min_chrf=100, max_ter=100, max_drop_bleu=5)
    root = ET.fromstring(render_junit(rep, gates))
    assert root.tag == "testsuite"
    cases = root.findall("testcase")
    assert [c.get("name") for c in cases] == ["min-bleu", "min-chrf", "max-ter", "max-drop-bleu"]
    assert [c.find("failure") is not None for c in cases] == [False, True, False, False]
    assert root.get("tests") == "4" and root.get("failures") == "1"
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert float(props["bleu.score"]) == pytest.approx(rep.scores["bleu"].value, abs=1e-4)
    assert "chrf.p_value" in props and "ter.delta" in props


# --------------------------------------------------------------------------------------------
# input errors
# --------------------------------------------------------------------------------------------

def test_input_errors():
    with pytest.raises(InputError, match="line counts differ: hypothesis 2, reference 3"):
        corpus_scores(["a", "b"], [["a", "b", "c"]])
    with pytest.raises(InputError, match="reference 2 3"):
        corpus_scores(["a", "b"], [["a", "b"], ["a", "b", "c"]])
    with pytest.raises(InputError, match="the reference is empty"):
        corpus_scores(["a", "b"], [["", " "]])
    with pytest.raises(InputError, match="the reference is empty"):
        corpus_scores([], [[]])
    with pytest.raises(InputError, match="no reference given"):
        corpus_scores(["a"], [])
    with pytest.raises(InputError, match="baseline 1"):
        compare(["a"], ["a", "b"], [["a", "b"]])
    with pytest.raises(InputError, match="baseline 1"):
        sentence_level(["a", "b"], [["a", "b"]], baseline=["a"])
    with pytest.raises(InputError, match="needs --baseline"):
        score_report(["a"], [["a"]], significance="bootstrap")


