"""GL: terminology from the glossaries (bundled `glossaries/news-id.tsv` and the user's own)."""

from __future__ import annotations

from typing import Iterator

from ..model import Applicability, Fix, Severity
from .base import Document, Example, Rule


class GlossaryWrongVariant(Rule):
    code = "GL001"
    fix_note = 'unsafe for variants marked `~`'
    needs_glossary = True
    name = "glossary-wrong-variant"
    summary = "A known mistranslation of a glossary term"
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
        for start, end in doc.regions(self.code, self.code in doc.hits):
            lower = doc.lower(start, end)
            if lower is None:
                continue
            for m in glossary.find_wrong(text[start:end], lower, start):
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


class GlossaryTermMissing(Rule):
    code = "GL002"
    needs_glossary = True
    needs_source = True
    name = "glossary-term-missing"
    summary = "A glossary term in the source whose required translation is missing"
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
                low = line.lower()
                if len(low) == len(line) and glossary.find_wrong(line, low):
                    continue  # GL001 reports it, with a fix
                yield self.diag(start, end,
                                f"source has `{source[m.start:m.end]}`: the glossary requires "
                                f"`{e.target}` ({e.origin})", severity=Severity.WARNING)
