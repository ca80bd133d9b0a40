"""Check stage for reading level: grade before and after each block's rewrite, plain-language
lint, and the gate (a block above its audience's target fails)."""
from __future__ import annotations

from dataclasses import dataclass

from handout.assemble import Document
from handout.config import Config
from handout.content import Drug
from handout.errors import Problem
from handout.first_use import FirstUse, first_uses
from handout.plain_language import Rules, lint
from handout.readability import Result, analyse, combine, score, sentences, stats, words

GATE = "flesch_kincaid_grade"  # the formula the targets are written in


@dataclass(frozen=True)
class BlockReading:
    block_id: str
    file: str
    line: int
    before: float | None     # grade of the clinical wording (the block's facts)
    after: float | None      # grade of what the reader gets
    target: float
    exempt: str | None
    lints: tuple
    hardest: str             # the longest sentence, to show where to start

    @property
    def over(self) -> bool:  # compared as printed (one decimal), so "6.0" is never "above 6"
        return self.after is not None and round(self.after, 1) > self.target and not self.exempt


@dataclass(frozen=True)
class DocReading:
    drug: str
    audience: str
    locale: str
    format: str
    blocks: tuple
    document: Result
    target: float
    first_uses: tuple = ()   # FirstUse of each glossary term, in reading order

    @property
    def unexplained(self) -> tuple:
        return tuple(u for u in self.first_uses if not u.explained)

    @property
    def grade(self):
        return self.document.get(GATE)

    @property
    def over(self) -> bool:
        return self.grade is not None and round(self.grade, 1) > self.target


def _parts(item) -> list[str]:
    return list(item.texts)


def read_document(doc: Document, drug: Drug, rules: Rules | None, config: Config) -> DocReading:
    target = config.max_grade.get("card" if doc.format == "card" else doc.audience, config.max_document_grade)
    forms = tuple(form for term in drug.glossary for form in term.forms)
    names = frozenset(n.lower() for n in doc.names)
    blocks, counted = [], []
    for section in doc.sections:
        for item in section.items:
            parts = _parts(item)
            counts = stats(parts, doc.locale, names)
            after = score(counts, doc.locale).get(GATE)
            before = analyse([item.facts], doc.locale, doc.names).get(GATE) if item.facts else None
            # An exempt block (a note for clinicians) is written in their words: no plain-language lint.
            found = (tuple(lint(parts, max(len(item.items), len(item.steps)), rules, forms))
                     if rules and not item.reading_exempt else ())
            longest = max(sentences(parts), key=lambda s: len(words(s)), default="")
            blocks.append(BlockReading(item.block_id, item.file, item.line, before, after, target,
                                       item.reading_exempt, found, longest))
            if not item.reading_exempt:
                counted.append(counts)
    document = score(combine(counted), doc.locale)
    return DocReading(doc.drug, doc.audience, doc.locale, doc.format, tuple(blocks), document,
                      config.max_document_grade,
                      tuple(first_uses(doc.sections, drug.glossary, doc.locale, rules.explained_by if rules else ()))
                      if doc.format == "handout" else ())


def reading_problems(reading: DocReading) -> list[Problem]:
    out = []
    for b in reading.blocks:
        if b.over:
            out.append(Problem(b.file, b.line, (
                f"block {b.block_id!r} ({reading.audience}, {reading.locale}, {reading.format}): reading grade "
                f"{b.after:.1f} is above the target {b.target:g}. Use shorter sentences and shorter words; "
                f"its longest sentence has {len(words(b.hardest))} words: \"{b.hardest[:70]}\"")))
    for u in reading.unexplained:
        out.append(Problem(u.file, u.line, (
            f"block {u.block_id!r} ({reading.audience}, {reading.locale}): the term {u.form!r} is first used "
            f"here without saying what it means: \"{u.sentence[:90]}\". Explain it in the same sentence, in "
            f"plain words in parentheses (\"{u.form} (…)\"), or use it first after the sentence that explains it")))
    if reading.format == "handout" and reading.over:
        out.append(Problem(f"content/{reading.drug}", 0, (
            f"the whole {reading.audience} handout ({reading.locale}) reads at grade {reading.grade:.1f}, "
            f"above the target {reading.target:g}")))
    return out
