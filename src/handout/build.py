"""The build: load, select and assemble, check, typeset, write. One direction, plain data between stages."""
from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

from handout.assemble import Document, assemble
from handout.clinic import Clinic
from handout.config import Config, load_config
from handout.content import Library, load_library
from handout.errors import InputError, Problem, UsageError
from handout.figures import timeline_problems
from handout.glyphs import check_glyphs
from handout.i18n import LAYOUT_CATALOG
from handout.incremental import MANIFEST, Output, updated_manifest
from handout.layout import HANDOUT, Layout, load_layout
from handout.localize import Translation, load_translation, localize_drug, localize_layout
from handout.names import SOURCE_LOCALE, available_locales
from handout.output import write_all
from handout.plain_language import load_rules
from handout.reading_check import DocReading, read_document, reading_problems
from handout.typeset import typeset_handout
from handout.typeset_card import CARD, check_card_layout, fit_face, typeset_card, typeset_sheet



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
    for locale in available_locales(root):
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


@dataclass(frozen=True)
class Job:
    format: str
    doc: Document
    faces: dict | None      # fitted card faces
    reading: DocReading | None  # kept for check and report; a build drops it once gated
    layout: Layout | None = None  # the layout in the document's language


def all_targets(drugs, locales, audiences, formats) -> list[tuple]:
    """(drug, locale, audience, format) in build order."""
    return [(d, lo, au, fo) for d in drugs for lo in locales for au in audiences for fo in formats]


class _Localizer:
    """Each (drug, locale) and (layout, locale) localized once per build, with its problems."""

    def __init__(self, project: Project, allow_incomplete: bool):
        self.project, self.allow = project, allow_incomplete
        self._tr: dict = {}
        self._drugs: dict = {}
        self._layouts: dict = {}

    def translation(self, locale: str) -> Translation:
        if locale not in self._tr:
            self._tr[locale] = load_translation(self.project.root, locale,
                                                [*self.project.library.drugs, LAYOUT_CATALOG])
        return self._tr[locale]

    def drug(self, drug_id: str, locale: str):
        """(drug, fallback blocks, problems)"""
        drug = self.project.library.drugs[drug_id]
        if locale == SOURCE_LOCALE:
            return drug, frozenset(), []
        if (drug_id, locale) not in self._drugs:
            done = localize_drug(drug, self.translation(locale), self.allow)
            self._drugs[(drug_id, locale)] = (done.drug, done.fallback, done.problems)
        return self._drugs[(drug_id, locale)]

    def layout(self, fmt: str, locale: str):
        """(layout, problems)"""
        layout = self.project.handout_layout if fmt == "handout" else self.project.card_layout
        if locale == SOURCE_LOCALE:
            return layout, []
        if (fmt, locale) not in self._layouts:
            self._layouts[(fmt, locale)] = localize_layout(layout, fmt, self.translation(locale), self.allow)
        return self._layouts[(fmt, locale)]

    def reviewed(self, locale: str) -> bool:
        return locale == SOURCE_LOCALE or self.translation(locale).reviewed


def prepare(project: Project, targets, *, clinic: Clinic | None, allow_hard_reading: bool = False,
            calendar: dict | None = None, keep_reading: bool = True, allow_incomplete: bool = False,
            optional_locales=(), skipped: list | None = None) -> list[Job]:
    """Localize, assemble, glyph-check, fit and reading-check every target document; collect
    every problem, then fail once. A locale in optional_locales (chosen by default, not asked
    for) that is not ready is left out instead, with its reason added to skipped."""
    localizer = _Localizer(project, allow_incomplete)
    not_ready = {}
    for locale in optional_locales:
        drug_ids = {t[0] for t in targets if t[1] == locale}
        found = [p for d in drug_ids for p in localizer.drug(d, locale)[2]]
        found += [p for f in {t[3] for t in targets if t[1] == locale} for p in localizer.layout(f, locale)[1]]
        if found:
            not_ready[locale] = found
            if skipped is not None:
                skipped.append((locale, found))
    targets = [t for t in targets if t[1] not in not_ready]
    jobs = []
    problems: list[Problem] = []
    hard: list[Problem] = []
    seen_problems: set = set()
    for drug_id, locale, audience, fmt in targets:
        drug, fallback, drug_problems = localizer.drug(drug_id, locale)
        layout, layout_problems = localizer.layout(fmt, locale)
        fresh = [p for p in drug_problems + layout_problems if p not in seen_problems]
        seen_problems.update(fresh)
        problems += fresh
        if drug_problems or layout_problems:
            continue
        try:
            doc = assemble(drug, audience, fmt, layout, clinic, locale, **(calendar or {}),
                           fallback=fallback, reviewed_translation=localizer.reviewed(locale))
            check_glyphs(doc, layout)
            if fmt == "handout":
                problems += timeline_problems(doc, layout)
            faces = {face: fit_face(doc, face, layout) for face in ("front", "back")} if fmt == "card" else None
            reading = read_document(doc, drug, project.rules.get(locale), project.config)
            if not allow_hard_reading:
                hard += reading_problems(reading)
            jobs.append(Job(fmt, doc, faces, reading if keep_reading else None, layout))
        except InputError as exc:
            problems += exc.problems
    if hard:
        problems += hard + [Problem("config.yaml", 0, "the blocks above are harder to read than the targets set "
                                                      "here; rewrite them, or build anyway with --allow-hard-reading")]
    if problems:
        raise InputError(problems)
    return jobs


def _render(project: Project, job: Job, output: Output) -> bytes:
    if output.kind == "handout":
        return typeset_handout(job.doc, job.layout, output.paper)
    if output.kind == "card":
        return typeset_card(job.doc, job.layout, job.faces)
    return typeset_sheet(job.doc, job.layout, job.faces, output.paper)


_WORK: tuple = ()  # (project, tasks), set before worker processes fork so they inherit it unpickled


def _render_task(i: int) -> bytes:
    project, tasks = _WORK
    return _render(project, *tasks[i])


def _rendered(project: Project, tasks: list, jobs: int):
    """Each task's PDF, in task order, whatever the number of worker processes."""
    global _WORK
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for job, output in tasks:
            yield _render(project, job, output)
        return
    _WORK = (project, tasks)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
            yield from pool.imap(_render_task, range(len(tasks)))
    finally:
        _WORK = ()


def build(project: Project, *, units, out: Path, clinic: Clinic | None, jobs: int = 1, progress=None,
          allow_hard_reading: bool = False, calendar: dict | None = None, allow_incomplete: bool = False,
          optional_locales=(), skipped: list | None = None) -> list[Path]:
    """Check every unit first (nothing is written if any is wrong), then typeset them, in
    parallel when jobs > 1, writing each file whole as soon as it is ready.

    units: incremental.Unit, the documents to build and their files. calendar: start_date,
    cycle and hospital_days for a personal calendar page, or None. Returns the paths written.
    """
    skipped = [] if skipped is None else skipped
    prepared = prepare(project, [u.target for u in units], clinic=clinic,
                       allow_hard_reading=allow_hard_reading, calendar=calendar, keep_reading=False,
                       allow_incomplete=allow_incomplete, optional_locales=optional_locales, skipped=skipped)
    left_out = {locale for locale, _ in skipped}
    units = [u for u in units if u.locale not in left_out]
    tasks = [(job, output) for unit, job in zip(units, prepared) for output in unit.outputs]
    fingerprint = {output.path: unit.fingerprint for unit in units for output in unit.outputs}
    written = []
    try:
        for (_, output), data in zip(tasks, _rendered(project, tasks, jobs)):
            written += write_all({output.path: data})
            if progress:
                progress(len(written), len(tasks))
    finally:  # remember what was written, even if a later file failed
        if written:
            write_all({out / MANIFEST: updated_manifest(out, {p: fingerprint[p] for p in written})})
    return written
