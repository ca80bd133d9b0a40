"""Select and assemble: pick the blocks one audience and format need, put them in
the layout's section order, number the citations and collect the glossary.

Returns a Document: plain data that the typesetter lays out without looking back
at content files.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

from babel import Locale
from babel.dates import format_date

from handout.calendar import Calendar, cycle_calendar
from handout.clinic import DEFAULT_LANGUAGE, Clinic
from handout.content import Block, Drug, Schedule
from handout.contexts import STAFF_SECTIONS, block_context
from handout.errors import Problems
from handout.first_use import form_pattern
from handout.layout import FIGURES, Layout
from handout.markup import plain


@dataclass(frozen=True)
class Item:
    """One block as a reader sees it, with the numbers of the sources it cites."""

    block_id: str
    file: str
    line: int
    text: str | None
    items: tuple[str, ...]
    cites: tuple[int, ...]
    facts: str = ""                    # the clinical wording this text rewrites, for reading checks
    reading_exempt: str | None = None
    fallback: bool = False             # printed in English: the locale has no translation yet
    places: tuple = ()                 # (file, line) of the text, each item, each step, in a translation
    steps: tuple[str, ...] = ()        # numbered: what to do, in order
    lang: str | None = None            # its language, when a section prints it in two (a note for staff)
    label: str = ""                    # then a label naming that language in itself ("English:")
    heading: str | None = None         # a sub-heading over the block (not in texts: it names, not tells)

    @property
    def texts(self) -> tuple[str, ...]:
        """Everything the block prints, in reading order (text, items, steps)."""
        return ((self.text,) if self.text else ()) + self.items + self.steps


@dataclass(frozen=True)
class Section:
    id: str
    place: str
    heading: str | None
    items: tuple[Item, ...]
    write_lines: int = 0
    figure: str | None = None          # a drawing in the section ("timeline", "who-to-call", ...)
    figure_cites: tuple[int, ...] = ()


@dataclass(frozen=True)
class Document:
    drug: str
    audience: str
    locale: str
    format: str
    words: dict          # the layout's words, filled in for this document
    sections: tuple      # Section, in page order (call box sections first)
    glossary: tuple      # (term, definition, cite numbers), alphabetical
    sources: tuple       # (number, Source), in order of first citation
    clinic: Clinic | None
    reviewed: _dt.date
    names: tuple = ()    # medicine names (brand, generic, others the text names): no plainer word exists
    schedule: Schedule | None = None
    calendar: Calendar | None = None
    reviewed_translation: bool = True  # False: a locale no qualified medical translator has reviewed

    @property
    def callbox(self) -> tuple:
        return tuple(s for s in self.sections if s.place == "callbox")

    @property
    def keypoints(self) -> tuple:
        return tuple(s for s in self.sections if s.place == "keypoints")

    @property
    def body(self) -> tuple:
        return tuple(s for s in self.sections if s.place == "body")


# Babel formats dates per locale; "en" prints as US English ("November 22, 2026").
CLDR_LOCALE = {"en": "en_US", "es": "es_US"}  # US clinics: es_US writes 100.4 and long dates in Spanish


def select(drug: Drug, audience: str, fmt: str) -> list[Block]:
    return [b for b in drug.blocks if audience in b.audiences and fmt in b.formats]


# Words rendered per use (they take a page or day number), not once per document.
PER_USE_WORDS = ("footer_page", "calendar_day", "timeline_week", "source_updated", "source_reviewed",
                 "source_dated", "source_revised")


def assemble(drug: Drug, audience: str, fmt: str, layout: Layout, clinic: Clinic | None,
             locale: str = "en", start_date: _dt.date | None = None, cycle: int = 1,
             hospital_days: int | None = None, fallback=frozenset(), reviewed_translation: bool = True) -> Document:
    blocks = select(drug, audience, fmt)
    problems = Problems()
    order = {s.id: i for i, s in enumerate(layout.sections)}
    for b in blocks:
        if b.section not in order:
            problems.add(b.file, b.line, f"block {b.id!r}: section {b.section!r} is not in {layout.file} "
                                         f"(sections: {', '.join(order)})")
    if not blocks:
        problems.add(f"content/{drug.id}/blocks", 0,
                     f"no block is meant for audience {audience!r} and format {fmt!r}; nothing to print")
    problems.raise_if_any()

    schedule = drug.schedule
    calendar = None
    if start_date is not None and fmt == "handout":
        if schedule is None:
            problems.add(f"content/{drug.id}", 0, "a calendar needs the drug's schedule.yaml (cycle lengths)")
            problems.raise_if_any()
        if hospital_days is not None and not 1 <= hospital_days <= schedule.infusion_days:
            problems.add(schedule.file, schedule.line, f"--hospital-days {hospital_days} should be between 1 and "
                                                       f"{schedule.infusion_days} (the days of medicine)")
            problems.raise_if_any()
        calendar = cycle_calendar(schedule, start_date, cycle, cldr(locale), hospital_days)
    reviewed = min(b.review.last for b in blocks)
    values = {"brand": drug.brand_name, "generic": drug.generic_name,
              "clinic": clinic.name if clinic else "", "pronunciation": drug.pronunciation or "",
              "version": drug.content_version, "reviewed": long_date(reviewed, locale),
              "infusion_days": schedule.infusion_days if schedule else 0,
              "break_days": schedule.break_days if schedule else 0,
              "weeks": schedule.cycle_days // 7 if schedule else 0,
              "cycle": cycle, "start": calendar.start_long if calendar else "",
              "end": calendar.end_long if calendar else "", "next": calendar.next_long if calendar else ""}
    numbers: dict = {}
    # Sources are numbered in the order a reader meets their markers; the call box and the key
    # points print none (typeset), so the body's blocks are numbered first.
    for spec in layout.sections:
        if spec.place == "body":
            for b in blocks:
                if b.section == spec.id:
                    _numbers(b.cites, numbers)
    sections = []
    for spec in layout.sections:
        chosen = [b for b in blocks if b.section == spec.id]
        if not chosen:
            continue
        items = tuple(_item(b, audience, fmt, numbers, (b.id, audience, fmt) in fallback) for b in chosen)
        if spec.id in STAFF_SECTIONS and fmt == "card":
            items = _for_staff(items, chosen, drug.id, audience, locale, clinic, problems)
        heading = layout.heading(spec, audience, **values) if spec.heading else None
        drawn_from = FIGURES.get(spec.figure)  # a timeline needs the schedule; other drawings only words
        figure = spec.figure if drawn_from and (schedule or drawn_from != "schedule") else None
        figure_cites = _numbers(schedule.cites, numbers) if figure and drawn_from == "schedule" else ()
        sections.append(Section(spec.id, spec.place, heading, items, spec.write_lines, figure, figure_cites))

    _check_required(drug, audience, fmt, layout, sections, problems)
    words = {name: layout.word(name, audience, **values) for name in layout.words if name not in PER_USE_WORDS}
    if not values["pronunciation"]:
        words["pronunciation"] = ""  # no respelling for this locale: the line is not printed
    for name in REQUIRED_NOTICES:
        if name in words and not words[name].strip():
            problems.add(*layout.place("word", name, audience, layout.word_lines.get(name, 0)),
                         f"word {name!r} prints nothing for {audience!r}; it is a notice every document must carry")
    problems.raise_if_any()
    used_text = " ".join(_plain_words(sections))
    language = locale.split("-")[0]
    stems = language != "en"  # a translated term is also found in its plural and other forms
    spaced = language not in ("zh", "ja", "ko")  # no spaces between words: match the term anywhere
    terms = sorted((t for t in drug.glossary if _uses(used_text, t.forms, stems, spaced)),
                   key=lambda t: t.term.casefold())
    glossary = tuple((t.term, t.definition, _numbers(t.cites, numbers)) for t in terms)
    sections, glossary, sources = _grouped(drug, layout, sections, glossary, numbers, problems)
    return Document(drug=drug.id, audience=audience, locale=locale, format=fmt, words=words,
                    sections=tuple(sections), glossary=glossary, sources=sources, clinic=clinic,
                    reviewed=reviewed, names=(drug.brand_name, drug.generic_name) + drug.medicine_names,
                    schedule=schedule if fmt == "handout" else None, calendar=calendar,
                    reviewed_translation=reviewed_translation)


GROUP_WORD = "sources_group_"  # a layout word per sub-list of sources: sources_group_label, ...


def source_groups(layout: Layout) -> list[str]:
    """The sub-lists the sources print in, in the order of their words in the layout."""
    return [name[len(GROUP_WORD):] for name in layout.words if name.startswith(GROUP_WORD)]


def _grouped(drug: Drug, layout: Layout, sections: list, glossary: tuple, numbers: dict, problems: Problems):
    """Renumber the sources so each group's numbers run together (1-5 the label, 6-12 the
    hospitals' line sheets, ...), in order of first citation within a group: a reader finds [8]
    under its group's heading. Sources without a group come last. A layout without groups (the
    card's) keeps the order of first citation."""
    groups = source_groups(layout)
    for key in numbers:
        src = drug.sources[key]
        if groups and src.group is not None and src.group not in groups:  # a card lists no sources
            problems.add(f"content/{drug.id}/sources.yaml", src.line,
                         f"source {key!r}: group {src.group!r} has no heading in {layout.file} (groups: "
                         f"{', '.join(groups)}); use one of them, or add the word "
                         f"{GROUP_WORD}{src.group}")
    problems.raise_if_any()
    rank = {g: i for i, g in enumerate(groups)}
    order = sorted(numbers, key=lambda k: (rank.get(drug.sources[k].group, len(groups)), numbers[k]))
    new = {numbers[k]: i for i, k in enumerate(order, 1)}

    def cites(old: tuple) -> tuple:
        return tuple(sorted(new[n] for n in old))
    sections = [replace(s, figure_cites=cites(s.figure_cites),
                        items=tuple(replace(i, cites=cites(i.cites)) for i in s.items)) for s in sections]
    glossary = tuple((term, definition, cites(c)) for term, definition, c in glossary)
    return sections, glossary, tuple((i, drug.sources[k]) for i, k in enumerate(order, 1))


# Words that are safety notices: they may never print as nothing.
REQUIRED_NOTICES = ("callbox_title", "footer_disclaimer", "translation_unreviewed", "fallback_note", "back_title")


def _check_required(drug: Drug, audience: str, fmt: str, layout: Layout, sections: list, problems: Problems) -> None:
    """Every section the layout requires (the call box, the 911 line) has something to print."""
    placed = {s.id for s in layout.sections}
    chosen = {b.id for b in select(drug, audience, fmt)}
    for block in drug.blocks:
        if block.id in drug.safety_critical_blocks and block.section in placed and block.id not in chosen:
            problems.add(block.file, block.line, f"safety-critical block {block.id!r} is left out of the {audience} "
                                                 f"{fmt}, though {layout.file} prints its section {block.section!r}; "
                                                 f"add {fmt} to its formats")
    printed = {s.id for s in sections if any(i.texts for i in s.items)}
    for section_id, line in layout.required_sections:
        if section_id not in printed:
            problems.add(layout.file, line, f"required section {section_id!r} would be empty in the {audience} "
                                            f"{fmt} of {drug.id}: no block of content/{drug.id}/blocks with "
                                            f"section: {section_id} is meant for it; restore the blocks "
                                            "(safety content may never be left out)")


def long_date(date: _dt.date, locale: str) -> str:
    return format_date(date, format="long", locale=cldr(locale))


def cldr(locale: str) -> str:
    """The CLDR locale that formats dates and numbers for a handout locale."""
    return CLDR_LOCALE.get(locale, locale.replace("-", "_"))


def _numbers(keys, numbers: dict) -> tuple[int, ...]:
    """Source numbers follow the order of first citation in the document."""
    for key in keys:
        numbers.setdefault(key, len(numbers) + 1)
    return tuple(sorted(numbers[k] for k in keys))


def _item(block: Block, audience: str, fmt: str, numbers: dict, fallback: bool = False) -> Item:
    w = block.wording[audience]
    # the card prints the short variant
    text, items, steps = (w.card, (), ()) if fmt == "card" else (w.text, w.items, w.steps)
    keys = ["card"] if fmt == "card" else ((["text"] if text else []) + [f"item{i}" for i in range(1, len(items) + 1)]
                                           + [f"step{i}" for i in range(1, len(steps) + 1)])
    places = tuple(block.translated_at.get((audience, k)) for k in keys) if block.translated_at else ()
    return Item(block.id, block.file, block.line, text, items, _numbers(block.cites, numbers),
                block.facts, block.reading_exempt, fallback, places, steps,
                heading=None if fmt == "card" else w.heading)


def _for_staff(items: tuple, blocks: list, drug_id: str, audience: str, locale: str, clinic: Clinic | None,
               problems: Problems) -> tuple:
    """A note for emergency staff, in the card's language and, when it differs, in the clinic's
    (English without a clinic profile): each copy labelled with its language, in that language."""
    want = clinic.language if clinic else DEFAULT_LANGUAGE
    if want == locale:
        return items
    out = []
    for item, block in zip(items, blocks):
        found = block.languages.get(want, {}).get(audience)
        if item.fallback and want == DEFAULT_LANGUAGE:  # already printed in English
            out.append(item)
            continue
        if found is None:
            where = (clinic.file, clinic.language_line) if clinic else (block.file, block.line)
            problems.add(*where, f"the {locale} card ({audience}) prints the note to doctors and nurses "
                                 f"({block.id!r}) in the clinic's language, {want}, too, but has no usable {want} "
                                 f"text of it: translate {block_context(block.id, audience, 'card')!r} in "
                                 f"locales/{want}/{drug_id}.po, or set the clinic profile's language: to one "
                                 "that has it (en always does)")
            continue
        text, file, line = found
        out.append(replace(item, lang=locale, label=language_label(locale)))
        out.append(replace(item, text=text, places=((file, line),) if file != block.file else (), fallback=False,
                           lang=want, label=language_label(want)))
    return tuple(out)


def language_label(lang: str) -> str:
    """The language's own name for itself, as a label: "English:", "Español:", "中文："."""
    loc = Locale.parse(lang.replace("-", "_"))
    name = loc.get_language_name(loc) or lang
    return name[:1].upper() + name[1:] + ("：" if loc.language in ("zh", "ja", "ko") else ":")


def _plain_words(sections) -> list[str]:
    out = []
    for s in sections:
        out.append(s.heading or "")
        for item in s.items:
            out.extend([plain(item.heading)] if item.heading else [])
            out.extend(plain(x) for x in item.texts)
    return out


def _uses(text: str, forms, stems: bool = False, spaced: bool = True) -> bool:
    return any(form_pattern(f, spaced, stems).search(text) for f in forms)