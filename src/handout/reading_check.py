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
    ease: bool = False       # `after` is a reading-ease score (higher is easier), not a grade

    @property
    def over(self) -> bool:  # compared as printed (one decimal), so "6.0" is never "above 6"
        return self.after is not None and _harder(self.after, self.target, self.ease) and not self.exempt


def _harder(value: float, target: float, ease: bool) -> bool:
    return round(value, 1) < target if ease else round(value, 1) > target


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
    gate: str = GATE         # the formula the targets are written in
    ease: bool = False       # the gate is a reading-ease score (higher is easier)

    @property
    def unexplained(self) -> tuple:
        return tuple(u for u in self.first_uses if not u.explained)

    @property
    def grade(self):
        return self.document.get(self.gate)

    @property
    def over(self) -> bool:
        return self.grade is not None and _harder(self.grade, self.target, self.ease)

    @property
    def gate_name(self) -> str:
        return GATE_NAMES.get(self.gate, self.gate)


GATE_NAMES = {GATE: "reading grade (Flesch-Kincaid)", "fernandez_huerta": "Fernández-Huerta reading ease",
              "szigriszt_pazos": "Szigriszt-Pazos reading ease (INFLESZ)"}


def _gate(config: Config, doc: Document) -> tuple[str, float, float, bool]:
    """(formula, block target, document target, ease) for the document's language."""
    ease = (config.locale_gates or {}).get(doc.locale.split("-")[0])
    key = "card" if doc.format == "card" else doc.audience
    if ease is not None:
        return ease.formula, ease.min_score.get(key, ease.min_document_score), ease.min_document_score, True
    return GATE, config.max_grade.get(key, config.max_document_grade), config.max_document_grade, False


def _parts(item) -> list[str]:
    return list(item.texts)


def read_document(doc: Document, drug: Drug, rules: Rules | None, config: Config) -> DocReading:
    gate, target, doc_target, ease = _gate(config, doc)
    forms = tuple(form for term in drug.glossary for form in term.forms)
    names = frozenset(n.lower() for n in doc.names)
    blocks, counted = [], []
    for section in doc.sections:
        for item in section.items:
            parts = _parts(item)
            counts = stats(parts, doc.locale, names)
            after = score(counts, doc.locale).get(gate)
            # the facts are English: a grade before the rewrite only means something in English
            before = analyse([item.facts], doc.locale, doc.names).get(GATE) if item.facts and not ease else None
            # An exempt block (a note for clinicians) is written in their words: no plain-language lint.
            found = (tuple(lint(parts, max(len(item.items), len(item.steps)), rules, forms))
                     if rules and not item.reading_exempt else ())
            longest = max(sentences(parts), key=lambda s: len(words(s)), default="")
            # a translated block is blamed on its first PO entry: that is where a translator rewrites it
            file, line = next((p for p in item.places if p), (item.file, item.line))
            blocks.append(BlockReading(item.block_id, file, line, before, after, target,
                                       item.reading_exempt, found, longest, ease))
            if not item.reading_exempt:
                counted.append(counts)
    document = score(combine(counted), doc.locale)
    return DocReading(doc.drug, doc.audience, doc.locale, doc.format, tuple(blocks), document, doc_target,
                      tuple(first_uses(doc.sections, drug.glossary, doc.locale, rules.explained_by if rules else ()))
                      if doc.format == "handout" else (), gate, ease)


def reading_problems(reading: DocReading) -> list[Problem]:
    out = []
    where = "below" if reading.ease else "above"
    for b in reading.blocks:
        if b.over:
            out.append(Problem(b.file, b.line, (
                f"block {b.block_id!r} ({reading.audience}, {reading.locale}, {reading.format}): "
                f"{reading.gate_name} {b.after:.1f} is {where} the target {b.target:g}. Use shorter sentences "
                f"and shorter words; its longest sentence has {len(words(b.hardest))} words: "
                f"\"{b.hardest[:70]}\"")))
    for u in reading.unexplained:
        out.append(Problem(u.file, u.line, (
            f"block {u.block_id!r} ({reading.audience}, {reading.locale}): the term {u.form!r} is first used "
            f"here without saying what it means: \"{u.sentence[:90]}\". Explain it in the same sentence, in "
            f"plain words in parentheses (\"{u.form} (…)\"), or use it first after the sentence that explains it")))
    if reading.format == "handout" and reading.over:
        out.append(Problem(f"content/{reading.drug}", 0, (
            f"the whole {reading.audience} handout ({reading.locale}) reads at {reading.gate_name} "
            f"{reading.grade:.1f}, {where} the target {reading.target:g}")))
    return out
