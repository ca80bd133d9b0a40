"""The build: load, select and assemble, check, typeset, write. One direction, plain data between stages."""
from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from handout.assemble import Document, assemble
from handout.clinic import Clinic
from handout.config import Config, load_config
from handout.content import Drug, Library, load_library
from handout.errors import InputError, OutputError, Problem, UsageError
from handout.pictures import figure_problems
from handout.glyphs import check_glyphs
from handout.contexts import LAYOUT_CATALOG
from handout.incremental import MANIFEST, Output, updated_manifest
from handout.layout import HANDOUT, Layout, load_layout
from handout.localize import Translation, load_translation, localize_drug, localize_layout, staff_languages
from handout.names import SOURCE_LOCALE, available_locales
from handout.output import commit_all, discard, stage, write_all
from handout.plain_language import load_rules
from handout.reading_check import DocReading, read_document, reading_problems
from handout.typeset import keypoint_problems, typeset_handout
from handout.typeset_card import CARD, check_card_layout, fit_face, typeset_card, typeset_sheet



@dataclass(frozen=True)
class Project:
    root: Path
    library: Library
    handout_layout: Layout
    card_layout: Layout
    config: Config
    rules: dict  # locale -> plain-language Rules


def open_project(root: Path, drugs=None) -> Project:
    """Load and check everything once; every later document reuses it. drugs: load only these
    drug ids (a build loads each drug when it comes to it, so memory does not grow with the library)."""
    if not (root / "content").is_dir() or not (root / "layouts").is_dir():
        raise UsageError(f"{root} has no content/ and layouts/ folders; run handout from the project folder "
                         "or pass --project DIR")
    problems: list[Problem] = []
    loaded = []
    for load in (lambda: load_library(root / "content", drugs),
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
    """Each (drug, locale) and (layout, locale) localized once, with its problems. Layouts are kept
    for the whole run; drugs one at a time (targets come drug by drug), so memory stays flat."""

    def __init__(self, project: Project, allow_incomplete: bool):
        self.project, self.allow = project, allow_incomplete
        self._layout_tr: dict = {}
        self._layouts: dict = {}
        self._drug_id = None
        self._drugs: dict = {}  # locale -> (Translation, localized drug, fallback, problems), for _drug_id
        self._staff: dict = {}  # drug id -> the English drug with its staff notes in every language

    def _layout_translation(self, locale: str) -> Translation:
        if locale not in self._layout_tr:
            self._layout_tr[locale] = load_translation(self.project.root, locale, [LAYOUT_CATALOG])
        return self._layout_tr[locale]

    def _drug(self, drug: Drug, locale: str) -> tuple:
        if drug.id != self._drug_id:
            self._drug_id, self._drugs = drug.id, {}
        if locale not in self._drugs:
            tr = load_translation(self.project.root, locale, [drug.id])
            done = localize_drug(drug, tr, self.allow)
            self._drugs[locale] = (tr, done.drug, done.fallback, done.problems)
        return self._drugs[locale]

    def drug(self, drug: Drug, locale: str):
        """(drug, fallback blocks, problems)"""
        if locale == SOURCE_LOCALE:
            # English text, but the note for emergency staff in every language: an English card
            # for a clinic that works in another language prints that copy too
            if drug.id not in self._staff:
                self._staff = {drug.id: staff_languages(drug, self.project.root)}
            return self._staff[drug.id], frozenset(), []
        return self._drug(drug, locale)[1:]

    def layout(self, fmt: str, locale: str):
        """(layout, problems)"""
        layout = self.project.handout_layout if fmt == "handout" else self.project.card_layout
        if locale == SOURCE_LOCALE:
            return layout, []
        if (fmt, locale) not in self._layouts:
            self._layouts[(fmt, locale)] = localize_layout(layout, fmt, self._layout_translation(locale), self.allow)
        return self._layouts[(fmt, locale)]

    def reviewed(self, drug: Drug, locale: str) -> bool:
        """A medical translator signed off every catalog this document's words come from."""
        return locale == SOURCE_LOCALE or (self._drug(drug, locale)[0].reviewed
                                           and self._layout_translation(locale).reviewed)


@dataclass(frozen=True)
class Options:
    """What every document of one run shares, besides the project."""
    clinic: Clinic | None = None
    calendar: dict | None = None  # start_date, cycle and hospital_days for a calendar page
    allow_hard_reading: bool = False
    allow_incomplete: bool = False
    keep_reading: bool = True


def _prepare_one(project: Project, localizer: _Localizer, target: tuple, opts: Options):
    """Localize, assemble, glyph-check, fit and reading-check one document:
    (Job or None, problems, reading problems)."""
    drug_id, locale, audience, fmt = target
    drug = project.library.drugs[drug_id]
    drug_l10n, fallback, drug_problems = localizer.drug(drug, locale)
    layout, layout_problems = localizer.layout(fmt, locale)
    if drug_problems or layout_problems:
        return None, drug_problems + layout_problems, []
    try:
        doc = assemble(drug_l10n, audience, fmt, layout, opts.clinic, locale, **(opts.calendar or {}),
                       fallback=fallback, reviewed_translation=localizer.reviewed(drug, locale))
        check_glyphs(doc, layout)
        problems = figure_problems(doc, layout) + keypoint_problems(doc, layout) if fmt == "handout" else []
        faces = _fit_card(doc, layout) if fmt == "card" else None
        reading = read_document(doc, drug_l10n, project.rules.get(locale), project.config)
    except InputError as exc:
        return None, exc.problems, []
    hard = [] if opts.allow_hard_reading else reading_problems(reading)
    return Job(fmt, doc, faces, reading if opts.keep_reading else None, layout), problems, hard


def _fit_card(doc: Document, layout: Layout) -> dict:
    """Both faces of the wallet card, fitted. When a face does not fit only because of the clinic
    profile (a long name or numbers), the message names the clinic profile, not the blocks."""
    faces = {}
    for face in ("front", "back"):
        try:
            faces[face] = fit_face(doc, face, layout)
        except InputError as overflow:
            overflow = InputError([_at_translation(doc, p) for p in overflow.problems])
            if doc.clinic is None:
                raise overflow from None
            try:
                fit_face(replace(doc, clinic=None), face, layout)
            except InputError:
                raise overflow from None
            clinic = doc.clinic
            raise InputError([Problem(
                clinic.file, clinic.name_line,
                f"wallet card {face} ({doc.audience}, {doc.locale}): the clinic's name and phone numbers leave no "
                f"room for the safety text (it fits without them); shorten the clinic name ({len(clinic.name)} "
                "characters) or the phone numbers")]) from None
    return faces


def _at_translation(doc: Document, problem: Problem) -> Problem:
    """A card text that does not fit, in a translated document, is the translator's to shorten:
    point at its PO entry rather than at the English's block."""
    for section in doc.sections:
        for item in section.items:
            if (item.file, item.line) == (problem.file, problem.line) and item.places and item.places[0]:
                return Problem(*item.places[0], problem.message)
    return problem


def _hard_reading_note() -> Problem:
    return Problem("config.yaml", 0, "the blocks above are harder to read than the targets set here; "
                                     "rewrite them, or build anyway with --allow-hard-reading")


def _not_ready(localizer: _Localizer, drug: Drug, locale: str, fmt: str) -> list:
    """Why a translation cannot print this document (empty when it can)."""
    return localizer.drug(drug, locale)[2] + localizer.layout(fmt, locale)[1]


def prepare(project: Project, targets, *, clinic: Clinic | None, allow_hard_reading: bool = False,
            calendar: dict | None = None, keep_reading: bool = True, allow_incomplete: bool = False,
            optional_locales=(), skipped: list | None = None) -> list[Job]:
    """Prepare every target document of a loaded project (for check and report); collect every
    problem, then fail once. A locale in optional_locales (chosen by default, not asked for) that
    is not ready is left out instead, with its reason added to skipped."""
    opts = Options(clinic, calendar, allow_hard_reading, allow_incomplete, keep_reading)
    localizer = _Localizer(project, allow_incomplete)
    not_ready: dict = {}
    for drug_id, locale, _, fmt in targets:
        if locale in optional_locales:
            for p in _not_ready(localizer, project.library.drugs[drug_id], locale, fmt):
                not_ready.setdefault(locale, {})[p] = None
    for locale, found in not_ready.items():
        if skipped is not None:
            skipped.append((locale, list(found)))
    jobs, problems, hard = [], {}, []
    for target in targets:
        if target[1] in not_ready:
            continue
        job, found, found_hard = _prepare_one(project, localizer, target, opts)
        problems.update(dict.fromkeys(found))  # a layout's problem once, not once per document
        hard += found_hard
        if job:
            jobs.append(job)
    if problems or hard:
        raise InputError(list(problems) + hard + ([_hard_reading_note()] if hard else []))
    return jobs


def _render(project: Project, job: Job, output: Output) -> bytes:
    try:
        if output.kind == "handout":
            return typeset_handout(job.doc, job.layout, output.paper)
        if output.kind == "card":
            return typeset_card(job.doc, job.layout, job.faces)
        return typeset_sheet(job.doc, job.layout, job.faces, output.paper)
    except LayoutError as exc:
        raise InputError([_too_long(job.doc, job.layout, output, str(exc))]) from None


def _too_long(doc: Document, layout: Layout, output: Output, message: str) -> Problem:
    """ReportLab found something taller than a page: name the block to shorten. The call box is
    one piece on page 1 (a table); anything else is the longest paragraph of the document."""
    in_box = message.startswith("Flowable <Table")
    sections = doc.callbox if in_box and doc.callbox else doc.sections
    items = [i for s in sections for i in s.items]
    if not items:
        return Problem("layouts/handout.yaml", 0, f"the {output.kind} does not fit its page; check the layout's "
                                                  "sizes and margins")
    longest = max(items, key=lambda i: max([len(x) for x in i.texts], default=0))
    where = "the call box, which must fit on one page" if in_box else "one page"
    words = [(name, text) for name, text in doc.words.items() if isinstance(text, str)]
    word, text = max(words, key=lambda nt: len(nt[1]), default=("", ""))
    if len(text) > max([len(x) for x in longest.texts], default=0):  # a heading or label, not a block
        return Problem(*layout.place("word", word, doc.audience, layout.word_lines.get(word, 0)), f"layout word {word!r} ({doc.audience}, {doc.locale}): it is too "
                                                f"long for {where}; shorten it")
    # a translated block is shortened in its PO entry, an English one in its content file
    file, line = next((p for p in longest.places if p), (longest.file, longest.line))
    return Problem(file, line,
                   f"block {longest.block_id!r} ({doc.audience}, {doc.locale}, {output.paper or output.kind}): the text "
                   f"is too long for {where}; shorten this block, the longest there")


class _Worker:
    """One process's state for a build: the project without drugs, the drug in hand, and the
    localized layouts. Forked workers inherit it (nothing pickled); each loads one drug at a time."""

    def __init__(self, project: Project, units: list, opts: Options, optional_locales, stop):
        self.base, self.units, self.opts = project, units, opts
        self.optional, self.stop = frozenset(optional_locales), stop
        self.project, self.localizer = project, _Localizer(project, opts.allow_incomplete)

    def _load(self, drug_id: str) -> Project:
        if drug_id not in self.project.library.drugs:
            library = load_library(self.base.root / "content", [drug_id])
            self.project = replace(self.base, library=library)
            self.localizer.project = self.project
        return self.project

    def run(self, i: int) -> tuple:
        """(problems, reading problems, not-ready problems, PDFs, typesetting problems) for unit
        i; no PDFs once the build has stopped (a problem was found): the rest is only checked."""
        unit = self.units[i]
        try:
            project = self._load(unit.drug)
        except InputError as exc:
            return exc.problems, [], [], [], []
        if unit.locale in self.optional:
            found = _not_ready(self.localizer, project.library.drugs[unit.drug], unit.locale, unit.format)
            if found:
                return [], [], found, [], []
        job, problems, hard = _prepare_one(project, self.localizer, unit.target, self.opts)
        if problems or hard or self.stop.value:
            return problems, hard, [], [], []
        try:
            return [], [], [], [_render(project, job, output) for output in unit.outputs], []
        except InputError as exc:  # returned as data, so a worker process reports it as one would
            return [], [], [], [], exc.problems


_WORKER: _Worker | None = None  # set before worker processes fork, so they inherit it


def _run_unit(i: int) -> tuple:
    return _WORKER.run(i)


def _results(worker: _Worker, jobs: int):
    """Each unit's result, in unit order, whatever the number of worker processes."""
    global _WORKER
    n = len(worker.units)
    if jobs <= 1 or n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for i in range(n):
            yield worker.run(i)
        return
    _WORKER = worker
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, n)) as pool:
            yield from pool.imap(_run_unit, range(n))
    finally:
        _WORKER = None


def remove_outputs(out: Path, remove: dict, written=(), fingerprints=None, catalogs=None) -> list:
    """Take out of the output folder the files that must not sit beside current ones ({path: why}),
    and record that, with the files just written ({path: (fingerprint, inputs)} in fingerprints), in the
    manifest: [(path, why)] removed. A file that cannot be removed does not stop the others; all
    such files are named together once the manifest is written."""
    removed, stuck = [], []
    for path, why in remove.items():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            stuck.append(f"{path} ({why}): {exc.strerror or exc}")
            continue
        removed.append((path, why))
    if written or removed:
        write_all({out / MANIFEST: updated_manifest(out, {p: fingerprints[p] for p in written} if written else {},
                                                    catalogs, [p for p, _ in removed])})
    if stuck:
        gone = f" (removed: {', '.join(str(p) for p, _ in removed)})" if removed else ""
        raise OutputError("cannot remove these out-of-date files; delete them by hand: " + "; ".join(stuck) + gone)
    return removed


def build(project: Project, *, units, out: Path, clinic: Clinic | None, jobs: int = 1, progress=None,
          allow_hard_reading: bool = False, calendar: dict | None = None, allow_incomplete: bool = False,
          optional_locales=(), skipped: list | None = None, catalogs: dict | None = None,
          remove: dict | None = None, removed: list | None = None) -> list[Path]:
    """Check and typeset every unit, drug by drug, in parallel when jobs > 1. Each PDF is staged
    beside its place as soon as it is ready; only when every unit has passed do they all take
    their places. A problem anywhere stops the typesetting (the rest is still checked, so every
    problem is listed), removes what was staged, and writes nothing.

    project: opened with the drugs to build or none (they are loaded one at a time).
    units: incremental.Unit, the documents to build and their files. Returns the paths written.
    catalogs: the catalog digests the planner read (Hasher.catalogs()), kept in the manifest.
    remove: {path: why} of old outputs to take away once the build has passed (their drug, locale or
    audience is gone); the outputs of documents whose locale turns out not to be ready are added
    (an old translation must not sit beside the current English). removed: gets [(path, why)].
    """
    opts = Options(clinic, calendar, allow_hard_reading, allow_incomplete, keep_reading=False)
    stop = multiprocessing.Value("b", 0, lock=False)
    worker = _Worker(replace(project, library=replace(project.library, drugs={})), list(units), opts,
                     optional_locales, stop)
    problems, hard, not_ready = {}, [], {}
    retire = dict(remove or {})
    staged: list = []  # (temporary file, final path, (fingerprint, project inputs))
    total, done = sum(len(u.outputs) for u in units), 0
    written, recorded = [], False
    try:
        for unit, (found, found_hard, unready, pdfs, typesetting) in zip(units, _results(worker, jobs)):
            if typesetting and not (problems or hard):
                # only typesetting finds these, and one process stops typesetting at the first
                # problem: later units' (typeset ahead by other workers) are left out alike
                found = list(found) + typesetting
            problems.update(dict.fromkeys(found))
            hard += found_hard
            for p in unready:
                not_ready.setdefault(unit.locale, {})[p] = None
            if unready:
                retire.update((o.path, f"locale {unit.locale!r} is not ready to print, so its old file would "
                                       "print out-of-date text") for o in unit.outputs)
            if problems or hard:
                stop.value = 1
            else:
                for o, data in zip(unit.outputs, pdfs):  # one by one: a full disk mid-unit leaves none unlisted
                    staged.append((stage(o.path, data), o.path, (unit.fingerprint, unit.inputs)))
            done += len(unit.outputs)
            if progress:
                progress(done, total)
        if problems or hard:
            raise InputError(list(problems) + hard + ([_hard_reading_note()] if hard else []))
        manifest = out / MANIFEST
        if manifest.is_dir():  # found before any PDF is replaced: all or nothing
            raise OutputError(f"cannot write {manifest}: a folder has that name; move it away (nothing was "
                              "replaced)")
        written += commit_all([(tmp, path) for tmp, path, _ in staged])
        try:
            gone = remove_outputs(out, retire, written, {path: fp for _, path, fp in staged}, catalogs)
        except OutputError as exc:  # the new PDFs are in place: say so, the next build checks them again
            recorded = True
            raise OutputError(f"{exc}. The new files were written: {', '.join(str(p) for p in written)}") from None
        recorded = True
        if removed is not None:
            removed += gone
    finally:
        discard([tmp for tmp, path, _ in staged if path not in written])
        if written and not recorded:  # remember what was written, even if a later file failed
            fingerprints = {path: fp for _, path, fp in staged}
            write_all({out / MANIFEST: updated_manifest(out, {p: fingerprints[p] for p in written}, catalogs)})
    if skipped is not None:
        skipped += [(locale, list(found)) for locale, found in not_ready.items()]
    return written
