"""Check stage: every character a document prints must exist in its font.

ReportLab silently draws an empty box for a missing glyph; a patient would
never know a word was lost, so a missing glyph stops the build instead.
"""
from __future__ import annotations

import unicodedata

from handout.assemble import PER_USE_WORDS, Document, long_date
from handout.errors import Problems
from handout.fonts import missing_glyphs, register_family
from handout.layout import Layout
from handout.names import SOURCE_LOCALE


# Words printed once per page, day or source, filled in with sample values to be checked: their
# fixed text must pass like any other (the values are digits and dates, checked on their own).
def _per_use_samples(doc: Document) -> dict:
    return {"page": 1, "pages": 2, "n": 1, "date": long_date(doc.reviewed, doc.locale), "revision": "1"}


def _strings(doc: Document, layout: Layout):
    """(file, line, what, text) for every string the document prints."""
    for name, text in doc.words.items():
        yield (*layout.place("word", name, doc.audience, layout.word_lines.get(name, 0)), f"word {name!r}", text)
    for name in PER_USE_WORDS:
        if name in layout.words:
            values = _per_use_samples(doc)
            yield (*layout.place("word", name, doc.audience, layout.word_lines.get(name, 0)), f"word {name!r}",
                   layout.word(name, doc.audience, **values))
    for section in doc.sections:
        if section.heading:
            yield (*layout.place("heading", section.id, doc.audience), f"heading of section {section.id!r}",
                   section.heading)
        for item in section.items:
            for n, text in enumerate(item.texts):
                place = item.places[n] if n < len(item.places) and item.places[n] else (item.file, item.line)
                yield (*place, f"block {item.block_id!r}", text)
    # a translated term is the translator's to fix: name its catalog (its entry is glossary|<id>|term)
    glossary = f"content/{doc.drug}/glossary.yaml" if doc.locale == SOURCE_LOCALE else \
        f"locales/{doc.locale}/{doc.drug}.po"
    for term, definition, _ in doc.glossary:
        yield glossary, 0, f"glossary term {term!r}", term + " " + definition
    for _, src in doc.sources:
        yield f"content/{doc.drug}/sources.yaml", 0, f"source {src.key!r}", f"{src.publisher} {src.title} {src.url or ''}"
    if doc.calendar:
        for week in doc.calendar.weeks:
            for day in week:
                yield "calendar", 0, f"calendar date {day.date.isoformat()}", day.label
        yield "calendar", 0, "weekday names", " ".join(doc.calendar.weekdays)
    if doc.clinic:
        for value in (doc.clinic.name, doc.clinic.daytime_phone, doc.clinic.after_hours_phone, doc.clinic.address or ""):
            yield doc.clinic.file, 0, "clinic profile", value


def _invisible(text: str) -> list[str]:
    """Control and format characters (soft hyphen, zero-width space, direction overrides):
    they print nothing, or reorder what is printed, so a reader could be shown less than was written."""
    return sorted(ch for ch in set(text) if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn"))


def text_problem(text: str, fonts: tuple) -> str | None:
    """What keeps `text` from printing whole in the font family `fonts` (four TTF file names), or
    None. One check for the build, the translator's proof and `handout i18n status`."""
    hidden = _invisible(text)
    if hidden:
        chars = ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed')})" for c in hidden)
        return f"contains invisible or control characters {chars}; delete them (they often come from copy and paste)"
    missing = unprintable(text, fonts)
    if missing:
        chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
        return (f"the font cannot draw {chars}; use another character or a font that has it ({fonts[0]} is used "
                "here; a layout's locale_fonts chooses the font of each locale)")
    return None


def unprintable(text: str, fonts: tuple) -> list[str]:
    """Characters of `text` that the regular or the bold face cannot draw."""
    family = register_family(*fonts)
    bold = fonts[1].rsplit(".", 1)[0]
    return sorted(set(missing_glyphs(text, family)) | set(missing_glyphs(text, bold)))


def check_glyphs(doc: Document, layout: Layout) -> None:
    problems = Problems()
    for file, line, what, text in _strings(doc, layout):
        found = text_problem(text, layout.fonts)
        if found:
            problems.add(file, line, f"{what} ({doc.audience}, {doc.locale}): {found}")
    problems.raise_if_any()
