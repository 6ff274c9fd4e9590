"""GL: terminology from the glossaries (bundled `glossaries/news-id.tsv` and the user's own)."""

from __future__ import annotations

import bisect
from typing import Iterator

from ..model import Applicability, Fix, Severity
from ..text import lower_aligned
from .base import Document, Example, Rule


class GlossaryWrongVariant(Rule):
    code = "GL001"
    fix_note = 'unsafe for variants marked `~`'
    needs_glossary = True
    name = "glossary-wrong-variant"
    summary = "A known mistranslation of a glossary term"
    severity = Severity.ERROR
    doc = """
    What it does
        Replaces a rendering the glossary lists as wrong with the required term:
        ``sekelompok tujuh (G7)`` → ``Kelompok Tujuh (G7)``, ``Korea-Jepang Selatan`` →
        ``Korea Selatan-Jepang``. Matching is one Aho-Corasick pass over the text for every
        entry, on word boundaries, case-insensitive unless the entry says ``sensitive``; the
        case of the match is restored (a sentence-initial capital, ALL CAPS), and a clitic
        after the term (``-nya``, ``-lah``, ``-kah``, ``-ku``, ``-mu``) is kept.

    Why
        Mistranslated terms are the errors readers notice most, and a localization team's
        term base is the authority on them.

    Fix safety
        Safe for variants that cannot mean anything else; a variant marked ``~`` in the
        glossary is ambiguous (``sekelompok tujuh`` alone is also "a group of seven") and its
        fix is unsafe. Glossaries: ``glossaries/README.md``.
    """
    examples = (
        Example("di sela-sela sekelompok tujuh (G7) KTT", "di sela-sela Kelompok Tujuh (G7) KTT"),
        Example("hubungan Korea-Jepang Selatan mengarah", "hubungan Korea Selatan-Jepang mengarah"),
        Example("SEKELOMPOK TUJUH (G7) BERTEMU", "KELOMPOK TUJUH (G7) BERTEMU", flagged="SEKELOMPOK TUJUH"),
        Example("para pemimpin sekelompok tujuh bertemu", "para pemimpin Kelompok Tujuh bertemu",
                unsafe=True),
    )
    silent = ("Kelompok Tujuh (G7)", "sekelompok tujuhbelas", "Korea Selatan-Jepang",
              "bersekelompok tujuh (G7)")

    def trigger_literals(self, glossary_loader=None) -> tuple[str, ...] | None:
        # Every wrong variant (lowercase) joins the run's one Aho-Corasick scan, so only lines
        # holding one are matched again here.
        if glossary_loader is None:
            return None
        glossary = glossary_loader()
        return tuple(glossary.wrong) if glossary is not None else ()

    def check(self, doc: Document) -> Iterator:
        if self.code in doc.hits and not doc.hits[self.code]:
            return  # the trigger scan found no variant: nothing to match
        glossary = doc.glossary
        if glossary is None or not glossary.wrong:
            return
        from ..glossary import minimal_edit, restore_case

        text = doc.text
        hits = doc.hits.get(self.code)
        for start, end in doc.regions(self.code, self.code in doc.hits):
            windows = _windows(text, start, end, hits, glossary)
            if windows is None:
                lower = doc.lower(start, end)
                if lower is None:
                    continue
                matches = glossary.find_wrong(text[start:end], lower, start)
            else:
                matches = (m for a, b in windows
                           for m in glossary.find_wrong(text[a:b], lower_aligned(text[a:b]), a))
            for m in matches:
                found = text[m.start:m.end]
                target = restore_case(found, m.entry.target)
                if target == found:
                    continue
                a, b, rep = minimal_edit(found, target)
                app = Applicability.UNSAFE if m.variant.unsafe else Applicability.SAFE
                note = f"; {m.entry.note}" if m.entry.note else ""
                yield self.diag(m.start, m.end,
                                f"`{found}` is a known mistranslation: write `{target}` "
                                f"({m.entry.origin}{note})",
                                Fix.replace(m.start + a, m.start + b, rep, app))


# GL001 matches a region longer than this only in windows around its trigger hits (_windows).
LONG_REGION = 1 << 16
# Windows closer than this are one window (fewer, longer matcher calls; the same matches).
WINDOW_GAP = 1 << 12


def _windows(text: str, start: int, end: int, hits: list[int] | None,
             glossary) -> list[tuple[int, int]] | None:
    """Disjoint windows of [start, end) that give GL001 the same matches as the whole region,
    or None where the region is to be matched whole (short, or no exact hits to go by).

    Every wrong variant found starts where the trigger scan found one of the glossary's
    (lowercase) variants: at a hit. A window holds each hit's variant (at most the longest
    variant long) and a margin on both sides for the word-boundary and clitic tests, so that
    what the matcher reads around a match is what it reads in the region; matches of two
    windows cannot overlap, so the leftmost-longest choice per window is the region's. A
    window of a 16 MB line is lowercased and scanned instead of the line (whose
    lowercase and pyahocorasick's UCS-4 copy of it cost 32 + 64 MB); a region holding Σ
    (whose lowercase depends on the letters around it) is matched whole."""
    if end - start <= LONG_REGION or not hits or text.find("\u03a3", start, end) != -1:
        return None
    longest, margin = _extent(glossary)
    if longest is None:
        return None
    out: list[tuple[int, int]] = []
    for k in range(bisect.bisect_left(hits, start), bisect.bisect_left(hits, end)):
        p = hits[k]
        a, b = max(start, p - margin), min(end, p + longest + margin)
        if out and a <= out[-1][1] + WINDOW_GAP:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _extent(glossary) -> tuple[int | None, int]:
    """The longest wrong variant of the glossary, and the margin a window keeps around a hit
    (the longest clitic and the character after it, the character before); None when a
    variant is not its own lowercase (then the trigger scan's literals are not the
    matcher's, and a hit need not be where a match starts)."""
    from ..language.morphology import word_endings

    keys = glossary.wrong
    if not keys or any(k.lower() != k for k in keys):
        return None, 0
    return max(map(len, keys)), max(map(len, word_endings()), default=0) + 2


class GlossaryTermMissing(Rule):
    code = "GL002"
    needs_glossary = True
    needs_source = True
    name = "glossary-term-missing"
    summary = "A glossary term in the source whose required translation is missing"
    severity = Severity.ERROR
    fix_applicability = Applicability.DISPLAY_ONLY
    doc = """
    What it does
        With the source text (``--source FILE``, line-aligned): when a segment's source holds a
        glossary source term (``Group of Seven``), its required target term (``Kelompok
        Tujuh``) must appear in the translation; if it does not, the segment is reported.

    Why
        Terminology consistency is what a term base is for; a missing term is either a
        mistranslation GL001 does not know yet or an omission.

    Fix safety
        Display-only: where the term belongs in the sentence is the editor's call. A segment
        that holds a known wrong variant is left to GL001.
    """
    examples = (
        Example("Para pemimpin tujuh negara industri bertemu.",
                flagged="Para pemimpin tujuh negara industri bertemu.",
                source="The Group of Seven leaders met."),
    )
    silent = (Example("Para pemimpin Kelompok Tujuh bertemu.", source="The Group of Seven leaders met."),
              Example("Pemimpin Kelompok Tujuhnya bertemu.", source="Its Group of Seven leaders met."),
              Example("Tujuh pemimpin bertemu.", source="Seven leaders met as a group."))

    def check(self, doc: Document) -> Iterator:
        glossary = doc.glossary if doc.source_lines is not None else None
        if glossary is None or not glossary.by_source:
            return
        text = doc.text
        for start, end, source in doc.aligned_lines():
            line = text[start:end]
            for m in glossary.find_sources(source):
                e = m.entry
                if glossary.has_term(line, e.target, e.case_sensitive):
                    continue
                if glossary.find_wrong(line, lower_aligned(line)):
                    continue  # GL001 reports it, with a fix
                yield self.diag(start, end,
                                f"source has `{source[m.start:m.end]}`: the glossary requires "
                                f"`{e.target}` ({e.origin})")
