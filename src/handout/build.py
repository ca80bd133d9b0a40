"""The build: load, select and assemble, check, typeset, write. One direction, plain data between stages."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout.assemble import Document, assemble
from handout.clinic import Clinic
from handout.config import Config, load_config
from handout.content import Library, load_library
from handout.errors import InputError, Problem, UsageError
from handout.glyphs import check_glyphs
from handout.layout import HANDOUT, Layout, load_layout
from handout.output import write_all
from handout.plain_language import load_rules
from handout.reading_check import DocReading, read_document, reading_problems
from handout.typeset import typeset_handout
from handout.typeset_card import CARD, check_card_layout, fit_face, typeset_card, typeset_sheet

LOCALES = ("en",)
FORMATS = ("handout", "card")


@dataclass(frozen=True)
class Project:
    root: Path
    library: Library
    handout_layout: Layout
    card_layout: Layout
    config: Config
    rules: dict  # locale -> plain-language Rules


def open_project(root: Path) -> Project:
    """Load and check everything once; every later document reuses it."""
    if not (root / "content").is_dir() or not (root / "layouts").is_dir():
        raise UsageError(f"{root} has no content/ and layouts/ folders; run handout from the project folder "
                         "or pass --project DIR")
    problems: list[Problem] = []
    loaded = []
    for load in (lambda: load_library(root / "content"),
                 lambda: load_layout(root / "layouts" / "handout.yaml", "layouts/handout.yaml", HANDOUT),
                 lambda: _card_layout(root),
                 lambda: load_config(root / "config.yaml", "config.yaml")):
        try:
            loaded.append(load())
        except InputError as exc:
            problems += exc.problems
    rules = {}
    for locale in LOCALES:
        try:  # every locale has its plain-language rules: a missing file is an error, not silence
            rules[locale] = load_rules(root / "locales" / locale / "plain-language.yaml",
                                       f"locales/{locale}/plain-language.yaml")
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return Project(root, *loaded, rules)


def _card_layout(root: Path) -> Layout:
    layout = load_layout(root / "layouts" / "card.yaml", "layouts/card.yaml", CARD)
    check_card_layout(layout)
    return layout


def _folder(out: Path, doc: Document) -> Path:
    return out / doc.drug / doc.locale


@dataclass(frozen=True)
class Job:
    format: str
    doc: Document
    faces: dict | None      # fitted card faces
    reading: DocReading


def prepare(project: Project, *, drugs, audiences, locales, formats, clinic: Clinic | None,
            allow_hard_reading: bool = False, calendar: dict | None = None) -> list[Job]:
    """Assemble, glyph-check, fit and reading-check every requested document; collect every
    problem, then fail once."""
    jobs = []
    problems: list[Problem] = []
    hard: list[Problem] = []
    for drug_id in drugs:
        drug = project.library.drugs[drug_id]
        for locale, audience, fmt in ((lo, au, fo) for lo in locales for au in audiences for fo in formats):
            layout = project.handout_layout if fmt == "handout" else project.card_layout
            try:
                doc = assemble(drug, audience, fmt, layout, clinic, locale, **(calendar or {}))
                check_glyphs(doc, layout)
                faces = {face: fit_face(doc, face, layout) for face in ("front", "back")} if fmt == "card" else None
                reading = read_document(doc, drug, project.rules.get(locale), project.config)
                if not allow_hard_reading:
                    hard += reading_problems(reading)
                jobs.append(Job(fmt, doc, faces, reading))
            except InputError as exc:
                problems += exc.problems
    if hard:
        problems += hard + [Problem("config.yaml", 0, "the blocks above are harder to read than the targets set "
                                                      "here; rewrite them, or build anyway with --allow-hard-reading")]
    if problems:
        raise InputError(problems)
    return jobs


def build(project: Project, *, drugs, audiences, papers, out: Path, clinic: Clinic | None,
          locales=LOCALES, formats=FORMATS, allow_hard_reading: bool = False,
          calendar: dict | None = None) -> list[Path]:
    """Prepare everything first, then typeset and write; nothing is written unless all is right.

    calendar: start_date, cycle and hospital_days for a personal calendar page, or None.
    """
    jobs = prepare(project, drugs=drugs, audiences=audiences, locales=locales, formats=formats, clinic=clinic,
                   allow_hard_reading=allow_hard_reading, calendar=calendar)
    files = {}
    for job in jobs:
        fmt, doc, faces = job.format, job.doc, job.faces
        folder = _folder(out, doc)
        if fmt == "handout":
            for paper in papers:
                files[folder / f"{doc.audience}-handout-{paper}.pdf"] = typeset_handout(
                    doc, project.handout_layout, paper)
        else:
            files[folder / f"{doc.audience}-card.pdf"] = typeset_card(doc, project.card_layout, faces)
            for paper in papers:
                files[folder / f"{doc.audience}-card-sheet-{paper}.pdf"] = typeset_sheet(
                    doc, project.card_layout, faces, paper)
    return write_all(files)
