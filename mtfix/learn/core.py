"""Learn a team's house style from its post-edits: phrase substitutions the editors make
consistently, as glossary entries (GL001 wrong variants) with their evidence.

How (one pass of alignment, one Aho-Corasick scan):

1. Every MT / post-edit pair is aligned at token level with
   :func:`mtfix.scoring.align.extract_edits` (the tokeniser of edit-level scoring). A pair whose
   edits cover more than ``max_edit_rate`` of the MT's characters (a wholesale rewrite) is
   *noisy*: it neither seeds candidates nor counts as evidence.
2. The MT is also repaired by mtfix's default rules (unsafe fixes included); an edit the rules make
   themselves is not a seed (nothing to learn: mtfix already does it).
3. Each other edit seeds up to four candidate phrases: the edit grown to whole words (a
   deletion or insertion takes a neighbouring word, since a glossary needs text to replace),
   the same with one word of left context inside the phrase, with one token of right context
   (a glossary ``[context]``: must follow, is kept), and with both.
4. Every seeded phrase that was seeded at least ``min_support`` times is looked up, as GL001
   would match it (word boundaries, case-insensitive), in every MT line. At each occurrence the
   candidate's own minimal edits are compared with the post-edit's: all of them among the
   editor's edits → a *win* (the editor made that change there); otherwise a *loss* (the editor
   kept the phrase, or changed it some other way). support = wins, consistency = wins /
   occurrences. The last ``holdout`` share of the history is not learned from: the same count
   there gives the held-out figures.
5. Case: per surface form (``apple``, ``Apple``). An insensitive entry only when no form is
   contradicted (kept by the editors at least twice and in most of its occurrences); otherwise a case-sensitive entry for the best form that passes on its own, or
   none (``Apple`` the company stays when editors turned ``apple`` into ``apel``).
6. Greedy selection by support: a candidate must bring ``min_support`` wins not already
   explained by a stronger one (so ``telah`` → ``sudah`` does not also come back as
   ``ia telah`` → ``ia sudah``). One entry per variant; entries whose fix would fire on their
   own output, or that the glossary validator rejects, are dropped.
7. Safety: a learned variant is *safe* (fixed by ``mtfix fix`` without ``--unsafe-fixes``)
   only when the held-out check is strong: it fired at least ``safe_min_heldout`` (3) times
   there, and both its held-out precision (wins / fired) and its consistency on the learning
   part are at least ``safe_precision`` (0.8). Everything else is written with ``~`` (unsafe). A candidate
   the held-out part contradicts (fired ≥ 2, precision < 0.5) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from ..glossary import restore_case
from ..scoring.align import extract_edits

_DIGIT = re.compile(r"\d")
_BAD_CHARS = re.compile(r"[\t|\[\]\n\r]")


def _wc(c: str) -> bool:
    return c.isalnum() or c in "-_"


@lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    """What GL001 lets follow a match: clitics and particles (-nya, -ku, -mu, -lah, -kah...)."""
    from ..language.morphology import word_endings

    return tuple(word_endings())


def _bounded(text: str, start: int, end: int) -> bool:
    """GL001's word-boundary test (``mtfix.glossary._bounded``), its endings looked up once."""
    if start > 0 and _wc(text[start - 1]):
        return False
    if end >= len(text) or not _wc(text[end]):
        return True
    for c in _endings():
        if text.startswith(c, end):
            after = end + len(c)
            if after >= len(text) or not _wc(text[after]):
                return True
    return False


@dataclass
class Candidate:
    """A learned substitution: replace ``variant`` (followed by ``context``) with ``target``."""

    variant: str
    target: str
    context: str = ""            # right context: must follow, is kept
    case_sensitive: bool = False
    support: int = 0             # learning part: times the editors made this edit
    occurrences: int = 0         # learning part: times the MT phrase occurred (clean pairs)
    heldout_fired: int = 0       # held-out part: times it would fire
    heldout_wins: int = 0        # ... and its result matched the post-edit
    heldout_losses: int = 0      # ... and it contradicted the post-edit
    safe: bool = False
    example: tuple[str, str] = ("", "")   # one MT line and its post-edit where it was made

    @property
    def consistency(self) -> float:
        return self.support / self.occurrences if self.occurrences else 0.0

    @property
    def heldout_precision(self) -> float | None:
        return self.heldout_wins / self.heldout_fired if self.heldout_fired else None

    @property
    def evidence(self) -> tuple:
        return (self.safe, self.support + self.heldout_wins - 3 * self.heldout_losses,
                self.consistency, -len(self.variant))

    def note(self) -> str:
        ho = (f"held-out: fired {self.heldout_fired}, matched {self.heldout_wins}, "
              f"contradicted {self.heldout_losses}") if self.heldout_fired else \
            "held-out: never fired"
        return (f"learned from post-edits: made {self.support} of {self.occurrences} times "
                f"(consistency {self.consistency:.2f}); {ho}; "
                f"{'safe' if self.safe else 'unsafe'}")

    def wrong_cell(self) -> str:
        v = self.variant + (f"[{self.context}]" if self.context else "")
        return ("" if self.safe else "~") + v


@dataclass
class LearnStats:
    pairs: int = 0
    learn_pairs: int = 0
    heldout_pairs: int = 0
    noisy: int = 0
    unchanged: int = 0
    edits: int = 0
    rule_edits: int = 0          # post-edit edits mtfix's rules make already
    seeds: int = 0
    phrases_scanned: int = 0
    passed_thresholds: int = 0
    dropped_redundant: int = 0
    dropped_heldout: int = 0
    dropped_case: int = 0
    dropped_invalid: int = 0
    kept: int = 0
    seconds: float = 0.0


@dataclass
class LearnResult:
    candidates: list[Candidate]
    stats: LearnStats
    params: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------- alignment

def _trimmed(start: int, end: int, orig: str, repl: str) -> tuple[int, int, str]:
    """An edit without the leading whitespace its two sides share."""
    i = 0
    while i < len(orig) and i < len(repl) and orig[i] == repl[i] and orig[i].isspace():
        i += 1
    return start + i, end, repl[i:]


def _line_edits(mt: str, pe: str) -> list[tuple[int, int, str]]:
    return [_trimmed(e.start, e.end, e.original, e.replacement) for e in extract_edits(mt, pe)]


def _edit_rate(mt: str, edits: list[tuple[int, int, str]]) -> float:
    changed = sum(max(e - s, len(r)) for s, e, r in edits)
    return changed / max(len(mt), 1)


def _word_start(t: str, s: int) -> int:
    while s > 0 and _wc(t[s - 1]):
        s -= 1
    return s


def _word_end(t: str, e: int) -> int:
    while e < len(t) and _wc(t[e]):
        e += 1
    return e


def _prev_word(t: str, s: int) -> int | None:
    """Start of the word before position ``s`` (separated by spaces only), or None."""
    i = s
    while i > 0 and t[i - 1] == " ":
        i -= 1
    if i == s or i == 0 or not _wc(t[i - 1]):
        return None
    return _word_start(t, i)


def _next_token(t: str, e: int) -> int | None:
    """End of the token after position ``e`` (spaces, then a word or one other character)."""
    i = e
    while i < len(t) and t[i] == " ":
        i += 1
    if i >= len(t) or t[i].isspace():
        return None
    if _wc(t[i]):
        return _word_end(t, i)
    return i + 1


def _apply(mt: str, s: int, t: str | int, edits) -> str:
    out, pos = [], s
    for es, ee, r in edits:
        out.append(mt[pos:es])
        out.append(r)
        pos = ee
    out.append(mt[pos:t])
    return "".join(out)


def _seed_window(mt: str, edits: list[tuple[int, int, str]], k: int):
    """(start, end, context_end, target) of the whole-word phrase around edit ``k``; the target
    applies every edit inside the window. None when there is no usable phrase."""
    es, ee, r = edits[k]
    insertion = es == ee
    s, t = es, ee
    while s < t and mt[s].isspace():
        s += 1
    s, t = _word_start(mt, s), _word_end(mt, t)
    if s < len(mt) and not _wc(mt[s]) and s == es:  # starts with punctuation: take the word
        p = _prev_word(mt, s) if s > 0 and mt[s - 1] == " " else \
            (_word_start(mt, s) if s > 0 and _wc(mt[s - 1]) else None)
        if p is not None:
            s = p
    ctx_end = t
    if insertion:
        # insertion at the end of a word: the next word joins the phrase, or (punctuation)
        # becomes its right context, so that the target does not contain the phrase
        n = _next_token(mt, t)
        if n is None:
            return None
        if _wc(mt[n - 1]):
            t = ctx_end = n
        else:
            ctx_end = n
    for _ in range(4):  # grow over edits that straddle the window
        inside = []
        grow = False
        for j, (a, b, rr) in enumerate(edits):
            if j == k or (a < t and b > s and a != b) or (a == b and s < a < t):
                if a < s or b > t:
                    s, t = min(s, _word_start(mt, a)), max(t, _word_end(mt, b))
                    ctx_end = max(ctx_end, t)
                    grow = True
                inside.append((a, b, rr))
        if not grow:
            break
    else:
        return None
    target = _apply(mt, s, t, sorted(inside))
    if not target.strip():  # a pure deletion: keep the word before (or after) it
        p = _prev_word(mt, s)
        if p is not None:
            target = mt[p:s] + target
            s = p
        else:
            n = _next_token(mt, t)
            if n is None or not _wc(mt[n - 1]):
                return None
            target = target + mt[t:n]
            t = ctx_end = max(ctx_end, n)
    return s, t, ctx_end, target


@lru_cache(maxsize=1 << 16)
def _phrase_ok(variant: str, target: str, context: str) -> bool:
    if not variant or not target or variant == target:
        return False
    if variant != variant.strip() or target != target.strip():
        return False
    if _DIGIT.search(variant) or _BAD_CHARS.search(variant + target + context):
        return False
    if variant[0] in "#~" or len(variant) > 60 or len(target) > 80 or variant.count(" ") > 5:
        return False
    if not (_wc(variant[0]) and (_wc(variant[-1]) or context)):
        return False
    # its fix must not fire again on its own output
    full_t, full_v = (target + context).lower(), (variant + context).lower()
    i = full_t.find(full_v)
    while i != -1:
        if _bounded(full_t, i, i + len(full_v)):
            return False
        i = full_t.find(full_v, i + 1)
    return True


def _norm_target(variant: str, target: str) -> str:
    """The target as an insensitive entry stores it: an initial capital that GL001 restores
    from a capitalised match is lowered."""
    if target[:1].isupper():
        low = target[:1].lower() + target[1:]
        if restore_case(variant, low) == target:
            return low
    return target


def _seeds(mt: str, edits, rule_keys) -> list[tuple[str, str, str]]:
    """(variant, context, target) phrases around each edit not made by the rules."""
    out = []
    for k, e in enumerate(edits):
        if e in rule_keys:
            continue
        w = _seed_window(mt, edits, k)
        if w is None:
            continue
        s, t, ce, target = w
        variants = [(s, t, ce, target)]
        p = _prev_word(mt, s)
        if p is not None:
            variants.append((p, t, ce, mt[p:s] + target))
        for vs, vt, vce, vtarget in list(variants):
            if vce == vt:  # no forced context: also with one token of right context
                n = _next_token(mt, vt)
                if n is not None:
                    variants.append((vs, vt, n, vtarget))
        for vs, vt, vce, vtarget in variants:
            variant, ctx = mt[vs:vt], mt[vt:vce]
            if ctx and ctx.strip() == "":
                continue
            if _phrase_ok(variant, vtarget, ctx):
                out.append((variant, ctx, vtarget))
    return out


# ----------------------------------------------------------------------------- learning

@dataclass
class _Key:
    variant_l: str
    ctx_l: str
    target: str                   # normalised (see _norm_target)
    seeds: int = 0
    example: int = -1
    # per part (0 learn, 1 held-out): form -> [wins, losses]
    forms: tuple = field(default_factory=lambda: ({}, {}))
    win_ids: list = field(default_factory=list)        # learn part: (line, start)
    form_win_ids: dict = field(default_factory=dict)   # form -> [(line, start)]
    first_target: dict = field(default_factory=dict)   # form -> target as the editor wrote it
    losses: int = 0
    loss_cap: int = 0
    dead: bool = False


def _default_linter():
    """The default rules, their unsafe fixes included: an edit a rule proposes at all is
    mtfix's to make, not the glossary's."""
    from ..engine import Linter
    from ..settings import Settings

    return Linter(Settings(unsafe_fixes=True))


def learn(mt: Sequence[str], pe: Sequence[str], src: Sequence[str] | None = None, *,
          min_support: int = 3, min_consistency: float = 0.7, max_entries: int | None = 500,
          holdout: float = 0.2, max_edit_rate: float = 0.5, use_rules: bool = True,
          linter=None, safe_min_heldout: int = 3, safe_precision: float = 0.8,
          _debug: list | None = None) -> LearnResult:
    """Learn glossary candidates from aligned MT / post-edit lines (``src`` is accepted for
    symmetry with ``train`` and not needed: the substitutions are monolingual).

    Returns the kept candidates, best evidence first, and the counts behind them."""
    import time

    import ahocorasick

    t0 = time.process_time()
    mt, pe = [m.rstrip("\r\n") for m in mt], [p.rstrip("\r\n") for p in pe]
    if len(mt) != len(pe):
        raise ValueError(f"{len(mt)} MT lines but {len(pe)} post-edited lines")
    st = LearnStats(pairs=len(mt))
    n = len(mt)
    n_ho = int(round(n * holdout)) if n >= 10 and holdout > 0 else 0
    n_learn = n - n_ho
    st.learn_pairs, st.heldout_pairs = n_learn, n_ho

    # rules' own repair of the MT: those edits are not relearned
    fixed = mt
    if use_rules:
        lin = linter or _default_linter()
        if not any("\n" in m or "\r" in m for m in mt):
            out = lin.fix("\n".join(mt)).text.split("\n")
            if len(out) == n:
                fixed = out

    line_edits: list[list[tuple[int, int, str]] | None] = []
    seeds: dict[tuple[str, str, str], _Key] = {}
    for i, (m, p) in enumerate(zip(mt, pe)):
        if not m.strip() or not p.strip():
            line_edits.append(None)
            st.noisy += 1
            continue
        if m == p:
            line_edits.append([])
            st.unchanged += 1
            continue
        edits = _line_edits(m, p)
        if _edit_rate(m, edits) > max_edit_rate:
            line_edits.append(None)
            st.noisy += 1
            continue
        line_edits.append(edits)
        if i >= n_learn:
            continue
        st.edits += len(edits)
        rule_keys = set()
        if fixed[i] != m:
            rule_keys = set(_line_edits(m, fixed[i])) & set(edits)
            st.rule_edits += len(rule_keys)
        for variant, ctx, target in _seeds(m, edits, rule_keys):
            key = (variant.lower(), ctx.lower(), _norm_target(variant, target))
            k = seeds.get(key)
            if k is None:
                k = seeds[key] = _Key(*key, example=i)
            k.seeds += 1
            st.seeds += 1

    keys = [k for k in seeds.values() if k.seeds >= min_support]
    for k in keys:
        # wins cannot much exceed the seeds (a win is an edit that seeded this phrase, or
        # one the rules make): past this many losses the consistency is below 1/4
        k.loss_cap = 3 * k.seeds + 10
    if _debug is not None:
        _debug.extend(keys)
    st.phrases_scanned = len(keys)
    by_phrase: dict[str, list[_Key]] = {}
    for k in keys:
        by_phrase.setdefault(k.variant_l + k.ctx_l, []).append(k)
    if by_phrase:
        ac = ahocorasick.Automaton()
        for phrase, ks in by_phrase.items():
            ac.add_word(phrase, (phrase, ks))
        ac.make_automaton()
        own_cache: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        for i, m in enumerate(mt):
            edits = line_edits[i]
            if edits is None:
                continue
            low = m.lower()
            if len(low) != len(m):
                continue
            part = 0 if i < n_learn else 1
            eset = set(edits) if edits else ()
            for last, (phrase, ks) in ac.iter(low):
                start = last - len(phrase) + 1
                end = last + 1
                if not _bounded(low, start, end):
                    continue
                form = m[start:end]
                # a clitic after the match (GL001 keeps it): compare whole tokens
                clitic = m[end:_word_end(m, end)] if end < len(m) and _wc(m[end]) else ""
                for k in ks:
                    if k.dead:
                        continue
                    found = form[:len(k.variant_l)]
                    ck = (found, k.target, "" if k.ctx_l else clitic)
                    hit = own_cache.get(ck)
                    if hit is None:
                        tgt = restore_case(found, k.target)
                        hit = own_cache[ck] = (tgt, _line_edits(found + ck[2], tgt + ck[2]))
                    tgt, own = hit
                    if not own:
                        continue
                    win = bool(eset) and all((start + a, start + b, r) in eset
                                             for a, b, r in own)
                    cell = k.forms[part].get(form)
                    if cell is None:
                        cell = k.forms[part][form] = [0, 0]
                    if win:
                        cell[0] += 1
                        if part == 0:
                            wid = (i, start + own[0][0])   # the edit, whatever the context
                            k.win_ids.append(wid)
                            k.form_win_ids.setdefault(form, []).append(wid)
                            k.first_target.setdefault(form, tgt)
                    else:
                        cell[1] += 1
                        if part == 0:
                            k.losses += 1
                            if k.losses > k.loss_cap:  # can no longer pass: stop counting
                                k.dead = True

    # selection
    scored = []
    for k in keys:
        if k.dead:
            continue
        fl = k.forms[0]
        wins = sum(v[0] for v in fl.values())
        occ = sum(v[0] + v[1] for v in fl.values())
        if wins < min_support or occ == 0:
            continue
        # a surface form the editors mostly keep (``Apple`` the company) blocks an
        # insensitive entry; noise in a form they mostly change does not
        contradicted = [f for f, (w, l) in fl.items() if l >= 2 and w / (w + l) < 0.5]
        case_only = k.variant_l == k.target.lower()
        if not contradicted and not case_only and wins / occ >= min_consistency:
            scored.append((wins, wins / occ, k, None))
            continue
        # case-sensitive: the best surface form on its own
        best = None
        for f, (w, l) in fl.items():
            if w >= min_support and w / (w + l) >= min_consistency and \
                    (best is None or w > fl[best][0]):
                best = f
        if best is None:
            if wins / occ >= min_consistency and wins >= min_support:
                st.dropped_case += 1
            continue
        w, l = fl[best]
        scored.append((w, w / (w + l), k, best))
    st.passed_thresholds = len(scored)
    scored.sort(key=lambda x: (-x[0], -x[1], len(x[2].variant_l), x[2].variant_l))

    explained: set = set()
    taken_phrases: set = set()
    targets_l: set = set()
    variants_l: set = set()
    out: list[Candidate] = []
    for wins, cons, k, form in scored:
        ids = k.win_ids if form is None else k.form_win_ids[form]
        fresh = [x for x in ids if x not in explained]
        if len(fresh) < min_support:
            st.dropped_redundant += 1
            continue
        phrase = k.variant_l + k.ctx_l
        # one entry per phrase; no chains (a variant that is a stronger entry's target, or
        # a target that is a stronger entry's variant)
        if phrase in taken_phrases or k.variant_l in targets_l or \
                k.target.lower() in variants_l:
            st.dropped_redundant += 1
            continue
        ho = k.forms[1]
        if form is None:
            hw = sum(v[0] for v in ho.values())
            hl = sum(v[1] for v in ho.values())
            occ = sum(v[0] + v[1] for v in k.forms[0].values())
            # spelled as the editors' most frequent form, the target as they wrote it
            f0 = max(k.forms[0].items(), key=lambda kv: kv[1][0])[0]
            variant, ctx = f0[:len(k.variant_l)], f0[len(k.variant_l):]
            if any(f[:1].islower() for f in k.forms[0]):
                target = k.target
            else:
                target = k.first_target.get(f0, k.target)
        else:
            hw, hl = ho.get(form, [0, 0])
            occ = sum(k.forms[0][form])
            variant, ctx = form[:len(k.variant_l)], form[len(k.variant_l):]
            target = k.first_target.get(form, k.target)
        fired = hw + hl
        if fired >= 2 and hw / fired < 0.5:
            st.dropped_heldout += 1
            continue
        c = Candidate(variant=variant, target=target, context=ctx,
                      case_sensitive=form is not None, support=wins, occurrences=occ,
                      heldout_fired=fired, heldout_wins=hw, heldout_losses=hl)
        c.safe = (fired >= safe_min_heldout and hw / fired >= safe_precision
                  and c.consistency >= safe_precision)
        if 0 <= k.example < n:
            c.example = (mt[k.example], pe[k.example])
        explained.update(fresh)
        taken_phrases.add(phrase)
        targets_l.add(target.lower())
        variants_l.add(k.variant_l)
        out.append(c)
    # a variant that is another entry's target would be undone by it: drop the weaker
    tl = {c.target.lower() for c in out}
    kept = [c for c in out if c.variant.lower() not in tl]
    st.dropped_invalid += len(out) - len(kept)
    kept.sort(key=lambda c: c.evidence, reverse=True)
    if max_entries is not None:
        kept = kept[:max_entries]
    st.kept = len(kept)
    st.seconds = time.process_time() - t0
    params = dict(min_support=min_support, min_consistency=min_consistency,
                  max_entries=max_entries, holdout=holdout, max_edit_rate=max_edit_rate,
                  safe_min_heldout=safe_min_heldout, safe_precision=safe_precision)
    return LearnResult(kept, st, params)
