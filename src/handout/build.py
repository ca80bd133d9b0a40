"""The build: load, select and assemble, check, typeset, write. One direction, plain data between stages."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout.assemble import Document, assemble
from handout.clinic import Clinic
from handout.content import Library, load_library
from handout.errors import InputError, Problem, UsageError
from handout.glyphs import check_glyphs
from handout.layout import HANDOUT, Layout, load_layout
from handout.output import write_all
from handout.typeset import typeset_handout

LOCALES = ("en",)


@dataclass(frozen=True)
class Project:
    root: Path
    library: Library
    handout_layout: Layout


def open_project(root: Path) -> Project:
    """Load and check everything once; every later document reuses it."""
    if not (root / "content").is_dir() or not (root / "layouts").is_dir():
        raise UsageError(f"{root} has no content/ and layouts/ folders; run handout from the project folder "
                         "or pass --project DIR")
    problems: list[Problem] = []
    library = layout = None
    try:
        library = load_library(root / "content")
    except InputError as exc:
        problems += exc.problems
    try:
        layout = load_layout(root / "layouts" / "handout.yaml", "layouts/handout.yaml", HANDOUT)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    return Project(root, library, layout)


def output_path(out: Path, doc: Document, paper: str) -> Path:
    return out / doc.drug / doc.locale / f"{doc.audience}-handout-{paper}.pdf"


def build(project: Project, *, drugs, audiences, papers, out: Path, clinic: Clinic | None,
          locales=LOCALES) -> list[Path]:
    """Typeset every requested document in memory, then write them all; return the paths written."""
    docs = []
    problems: list[Problem] = []
    for drug_id in drugs:
        drug = project.library.drugs[drug_id]
        for locale, audience in ((loc, aud) for loc in locales for aud in audiences):
            try:
                doc = assemble(drug, audience, "handout", project.handout_layout, clinic, locale)
                check_glyphs(doc, project.handout_layout)
                docs.append(doc)
            except InputError as exc:
                problems += exc.problems
    if problems:
        raise InputError(problems)
    files = {}
    for doc in docs:
        for paper in papers:
            files[output_path(out, doc, paper)] = typeset_handout(doc, project.handout_layout, paper)
    return write_all(files)
