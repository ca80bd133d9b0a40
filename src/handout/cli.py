"""The `handout` command: a thin layer, one function per subcommand.

User mistakes arrive as HandoutError and leave as one clear message and an exit
code (1 input files, 2 command line, 3 output); --debug shows the traceback.
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from handout import __version__
from handout.errors import HandoutError, UsageError

from handout.names import FORMATS, PAPERS, available_locales


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on its own; keep its wording, add the hint
        self.print_usage(sys.stderr)
        self.exit(2, f"handout: error: {message}\n(run 'handout {self.prog.split()[-1]} --help' for the options)\n"
                  if self.prog != "handout" else f"handout: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="handout", description="Build printable patient handouts from curated, cited content.")
    p.add_argument("--version", action="version", version=f"handout {__version__}")
    p.add_argument("--debug", action="store_true", help="show a Python traceback on errors")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build", help="typeset handouts as PDF files")
    b.add_argument("--audience", default="all",
                   help="who the handout is for: adult, pediatric or all (default: all)")
    b.add_argument("--format", default="all",
                   help="handout (multi-page PDF), card (wallet card and print sheet) or all (default: all)")
    b.add_argument("--paper", default="letter", help="letter, a4 or all (default: letter)")
    b.add_argument("--drug", default="all", help="which drug folder under content/ (default: all)")
    b.add_argument("--locale", default=None,
                   help="en, a translated locale (e.g. es), or all (default: English and every translated locale "
                        "that is ready to print)")
    b.add_argument("--allow-incomplete", action="store_true",
                   help="print blocks whose translation is missing in English, marked in the PDF "
                        "(never for safety-critical blocks)")
    b.add_argument("--clinic", type=Path, metavar="FILE",
                   help="clinic profile (YAML) with the clinic's name and phone numbers")
    b.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="output folder (default: build)")
    b.add_argument("--start-date", type=_date, metavar="YYYY-MM-DD",
                   help="add a calendar page for the cycle that starts on this day")
    b.add_argument("--cycle", type=_count(MAX_CYCLE), default=1, metavar="N", help="which cycle the calendar shows (default 1)")
    b.add_argument("--hospital-days", type=_count(366), metavar="N",
                   help="mark the first N days of the calendar as hospital days (when the care team knows)")
    b.add_argument("--jobs", type=_count(MAX_JOBS), default=min(_cores(), MAX_JOBS), metavar="N",
                   help="typeset in N processes (default: the number of cores); the files are the same")
    b.add_argument("--force", action="store_true", help="rebuild every file, even those that are up to date")
    b.add_argument("--allow-hard-reading", action="store_true",
                   help="typeset even when a block is above its reading-level target")
    b.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="project folder holding content/ and layouts/ (default: the current folder)")
    b.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", help="check all content, layouts and review dates without writing anything")
    c.add_argument("--clinic", type=Path, metavar="FILE", help="also check this clinic profile")
    c.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="project folder holding content/ and layouts/ (default: the current folder)")
    c.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                   help="check review dates as of this day (default: today)")
    c.add_argument("--strict", action="store_true", help="treat warnings (reviews due) as failures")
    c.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("report", help="write a review PDF for content editors: reading grades, lint, "
                                      "citations, review dates")
    r.add_argument("--out", type=Path, default=Path("build/review-report.pdf"), metavar="FILE",
                   help="where to write the report (default: build/review-report.pdf)")
    r.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="project folder holding content/ and layouts/ (default: the current folder)")
    r.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="review dates as of this day (default: today)")
    r.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_report)

    q = sub.add_parser("proof", help="write a bilingual proof PDF for a reviewing translator")
    q.add_argument("--locale", required=True, help="the translated locale, e.g. es")
    q.add_argument("--out", type=Path, metavar="FILE", help="default: build/proof-<locale>.pdf")
    q.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="project folder holding content/, layouts/ and locales/ (default: the current folder)")
    q.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    q.set_defaults(func=cmd_proof)

    t = sub.add_parser("i18n", help="translation catalogs: extract, update, status, new LOCALE, pseudo")
    t.add_argument("action", choices=("extract", "update", "status", "new", "pseudo"),
                   help="extract: write the templates from content/ and layouts/; update: merge them into every "
                        "locale; status: translated, fuzzy, missing and failing entries per locale; new: start a "
                        "locale; pseudo: build every document in an accented, longer pseudo-translation")
    t.add_argument("locale", nargs="?", help="for 'new': the locale to start, e.g. es or zh-Hans")
    t.add_argument("--strict", action="store_true",
                   help="status: exit 1 when an entry is missing, fuzzy or fails a check")
    t.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="pseudo: output folder (default: build/pseudo)")
    t.add_argument("--growth", type=_percent, default=None, metavar="PERCENT",
                   help="pseudo: how much longer than the English each entry is (default: 35)")
    t.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="project folder holding content/, layouts/ and locales/ (default: the current folder)")
    t.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    t.set_defaults(func=cmd_i18n)
    return p


def _cores() -> int:
    """The cores this process may use (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS and Windows
        return os.cpu_count() or 1


# Limits on the command line (README, "Limits").
MAX_CYCLE = 30          # the longest blinatumomab course has 9 cycles
MAX_JOBS = 64           # more processes than this only add start-up time and memory
DATE_RANGE = (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))  # calendar and review dates


def _positive(text: str) -> int:
    try:
        value = int(text) if len(text) < 20 else 0
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} should be a whole number, 1 or more")
    return value


def _count(maximum: int):
    def parse(text: str) -> int:
        value = _positive(text)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"{text!r} is more than {maximum}, the most this option takes")
        return value
    return parse


def _percent(text: str) -> int:
    try:
        value = int(text) if len(text) < 5 else -1
    except ValueError:
        value = -1
    if not 0 <= value <= 300:
        raise argparse.ArgumentTypeError(f"{text!r} should be a whole number of percent, 0 to 300")
    return value


def _date(text: str) -> datetime.date:
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None
    if not DATE_RANGE[0] <= value <= DATE_RANGE[1]:
        raise argparse.ArgumentTypeError(f"{text} is outside the dates handout takes ({DATE_RANGE[0]} to "
                                         f"{DATE_RANGE[1]}); check the year")
    return value


def _choose(value: str, known, what: str, flag: str) -> list[str]:
    """'all' or one known name; anything else is a usage error listing the choices."""
    known = list(known)
    if value == "all":
        return known
    if value not in known:
        raise UsageError(f"{flag} {value!r} is not a known {what}; choose one of: {', '.join(known + ['all'])}")
    return [value]


def cmd_build(args) -> int:
    from handout.clinic import load_clinic
    from handout.incremental import Hasher, gone, light_names, load_manifest, plan, stale

    root = args.project.resolve()
    names, project = light_names(root), None
    if names is None:  # let the full load say exactly what is wrong
        project = _open(root)
        names = list(project.library.drugs), list(project.library.audiences)
    drugs = _choose(args.drug, names[0], "drug", "--drug")
    audiences = _choose(args.audience, names[1], "audience", "--audience")
    papers = _choose(args.paper, PAPERS, "paper size", "--paper")
    formats = _choose(args.format, FORMATS, "format", "--format")
    known = available_locales(root)
    locales = _choose(args.locale, known, "locale", "--locale") if args.locale else list(known)
    optional = [lo for lo in locales[1:]] if args.locale is None else []  # by default, skip what is not ready
    if (args.cycle != 1 or args.hospital_days) and not args.start_date:
        raise UsageError("--cycle and --hospital-days belong to the calendar: give --start-date too")
    clinic = load_clinic(args.clinic) if args.clinic else None
    calendar = ({"start_date": args.start_date, "cycle": args.cycle, "hospital_days": args.hospital_days}
                if args.start_date else None)
    targets = [(d, lo, au, fo) for d in drugs for lo in locales for au in audiences for fo in formats]
    hasher = Hasher()
    units = plan(root, args.out, targets, papers,
                 {"clinic": clinic, "calendar": calendar, "allow_incomplete": args.allow_incomplete,
                  "allow_hard_reading": args.allow_hard_reading},  # a file built past the gate is not current
                 hasher)
    from handout.output import sweep
    left = sweep(args.out)
    if left:
        print(f"handout: removed {len(left)} temporary file(s) an interrupted build left in {args.out}",
              file=sys.stderr)
    damaged = load_manifest(args.out)["damaged"]
    if damaged:
        print(f"handout: {args.out / '.handout-manifest.json'}: {damaged}; rebuilding every file from scratch",
              file=sys.stderr)
    retire = gone(args.out, names[0], known, names[1])
    todo = units if args.force else stale(units, args.out)
    if not todo:
        from handout.build import remove_outputs
        _say_removed(remove_outputs(args.out, retire))
        files = sum(len(u.outputs) for u in units)
        print(f"handout: all {files} files are up to date; nothing to build (--force rebuilds)", file=sys.stderr)
        return 0
    from handout.build import build

    catalogs, hasher = hasher.catalogs(), None  # its file digests are not needed while building
    project = project or _open(root, drugs=[])  # each drug is loaded when its turn comes
    skipped, removed = [], []
    for path in build(project, units=todo, out=args.out, clinic=clinic, jobs=args.jobs,
                      progress=_progress_bar() if sys.stderr.isatty() else None,
                      allow_hard_reading=args.allow_hard_reading, calendar=calendar,
                      allow_incomplete=args.allow_incomplete, optional_locales=optional, skipped=skipped,
                      catalogs=catalogs, remove=retire, removed=removed):
        print(path)
    _say_removed(removed)
    for locale, problems in skipped:
        print(f"handout: not printing {locale!r}: {len(problems)} translation entries are not ready "
              f"(first: {problems[0]}); see 'handout i18n status', or build it with --locale {locale} "
              "to list them all", file=sys.stderr)
    return 0


def _say_removed(removed) -> None:
    for path, why in removed:
        print(f"handout: removed {path}: {why}", file=sys.stderr)


def _open(root: Path, drugs=None):
    from handout.build import open_project
    return open_project(root, drugs)


def _progress_bar():
    """A one-line bar on a terminal (stderr), so a long build shows it is moving."""
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        print(f"\rbuilding [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)
    return show


def cmd_check(args) -> int:
    from handout.build import all_targets, open_project, prepare
    from handout.clinic import load_clinic
    from handout.errors import InputError
    from handout.reading_check import reading_problems
    from handout.review import review_findings

    project = open_project(args.project.resolve())
    clinic = load_clinic(args.clinic) if args.clinic else None
    problems = []
    locales, skipped = available_locales(project.root), []
    try:  # a translation that is not ready is reported, and the other locales are still checked
        jobs = prepare(project, all_targets(project.library.drugs, locales, project.library.audiences, FORMATS),
                       clinic=clinic, allow_hard_reading=True, optional_locales=locales[1:], skipped=skipped)
    except InputError as exc:
        problems += exc.problems
        jobs = []
    problems += [p for _, found in skipped for p in found]
    problems += _wording_findings(project)
    lints = 0
    for job in jobs:
        print(_reading_table(job.reading))
        lints += sum(len(b.lints) for b in job.reading.blocks)
        problems += reading_problems(job.reading)
    warnings, errors = review_findings(project.library, project.config.review_grace_days,
                                       args.today or datetime.date.today())
    if args.strict:
        problems += warnings
    else:
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    problems += errors
    blocks = sum(len(d.blocks) for d in project.library.drugs.values())
    over = sum(b.over for job in jobs for b in job.reading.blocks)
    print(f"summary: {blocks} blocks in {len(jobs)} documents; {over} block(s) above the reading target; "
          f"{lints} plain-language finding(s); {len(warnings)} review(s) due; {len(problems)} problem(s)")
    if problems:
        raise InputError(problems)
    print("ok")
    return 0


def _wording_findings(project) -> list:
    """Translated entries over their length limit or against the locale's term list (a build
    prints them; check does not pass them), at their PO file and line."""
    from handout.entry_checks import Checker
    from handout.errors import Problem
    from handout.i18n import templates
    from handout.names import translation_locales

    catalogs, out = templates(project).catalogs, []
    for locale in translation_locales(project.root):
        for entry in Checker(project, locale, catalogs).entries():
            out += [Problem(entry.file, entry.line, f"{entry.context}: {message}")
                    for check, message in entry.failures if check in ("length", "terminology")]
    return out


def cmd_report(args) -> int:
    from handout.build import all_targets, open_project, prepare
    from handout.output import write_all
    from handout.report import typeset_report

    project = open_project(args.project.resolve())
    locales = available_locales(project.root)
    jobs = prepare(project, all_targets(project.library.drugs, locales, project.library.audiences, FORMATS),
                   clinic=None, allow_hard_reading=True, allow_incomplete=True, optional_locales=locales[1:])
    pdf = typeset_report(project.library, [job.reading for job in jobs], project.handout_layout,
                         args.today or datetime.date.today())
    for path in write_all({args.out: pdf}):
        print(path)
    return 0


def cmd_proof(args) -> int:
    from handout.contexts import LAYOUT_CATALOG
    from handout.localize import load_translation
    from handout.names import translation_locales
    from handout.output import write_all
    from handout.proof import typeset_proof

    root = args.project.resolve()
    _choose(args.locale, translation_locales(root), "translated locale", "--locale")
    project = _open(root)
    tr = load_translation(root, args.locale, [*project.library.drugs, LAYOUT_CATALOG])
    out = args.out or Path("build") / f"proof-{args.locale}.pdf"
    for path in write_all({out: typeset_proof(project, tr)}):
        print(path)
    return 0


def cmd_i18n(args) -> int:
    from handout import i18n
    from handout.output import write_all

    project = _open(args.project.resolve())
    if args.strict and args.action != "status":
        raise UsageError("--strict belongs to 'handout i18n status'")
    if (args.out or args.growth is not None) and args.action != "pseudo":
        raise UsageError("--out and --growth belong to 'handout i18n pseudo'")
    if args.action == "new":
        if not args.locale:
            raise UsageError("say which locale to start: handout i18n new es")
        files = i18n.new_locale(project, args.locale)
    elif args.locale:
        raise UsageError(f"'handout i18n {args.action}' takes no locale")
    elif args.action == "extract":
        files = i18n.extract(project)
    elif args.action == "update":
        files = i18n.update(project)
    elif args.action == "pseudo":
        from handout.pseudo import build_pseudo
        return build_pseudo(project, args.out or Path("build") / "pseudo",
                            0.35 if args.growth is None else args.growth / 100)
    else:
        return _print_status(i18n.status(project), args.strict)
    for path in write_all(files):
        print(path)
    if args.action == "new":
        from handout.new_locale_fonts import font_advice
        for line in font_advice(project, args.locale):
            print(f"handout: {line}", file=sys.stderr)
    return 0


MAX_LISTED = 12  # fuzzy and missing entries listed per locale (a new locale has hundreds)


def _print_status(locales, strict: bool) -> int:
    """Counts per locale, catalog and audience; then each failing entry at its PO file and line;
    then whether the locale is ready to print and reviewed. --strict: exit 1 unless all is well."""
    if not locales:
        print("no translations yet: start one with 'handout i18n new es'")
    bad = False
    for st in locales:
        for catalog, audience, c in st.rows:
            total = c.translated + c.fuzzy + c.missing
            print(f"{st.locale:8} {catalog:14} {audience:10} {c.translated:4}/{total} translated, "
                  f"{c.fuzzy} fuzzy, {c.missing} missing, {c.failing} failing a check")
        for entry in st.untranslated[:MAX_LISTED]:
            print(f"  {entry.file}:{entry.line}: {entry.context}: [{entry.state}]")
        if len(st.untranslated) > MAX_LISTED:
            print(f"  ... and {len(st.untranslated) - MAX_LISTED} more fuzzy or missing entries")
        for entry in st.failures:
            for check, message in entry.failures:
                print(f"  {entry.file}:{entry.line}: {entry.context}: [{check}] {message}")
        missing = sum(c.missing for _, _, c in st.rows)
        fuzzy = sum(c.fuzzy for _, _, c in st.rows)
        why = [f"{n} {what}" for n, what in ((missing, "missing"), (fuzzy, "fuzzy"),
                                               (len(st.failures), "failing a check")) if n]
        print(f"{st.locale}: ready to print: {'yes' if st.ready else 'no'}"
              + (f" ({', '.join(why)})" if why else "")
              + f"; medically reviewed: {'yes' if st.reviewed else 'no (no # Medical-Review: line in every catalog)'}")
        bad = bad or bool(why)
    if strict and bad:
        print("handout: i18n status --strict: some entries are missing, fuzzy or fail a check (listed above)",
              file=sys.stderr)
        return 1
    return 0


def _grade(value) -> str:
    return "  n/a" if value is None else f"{value:5.1f}"


def _reading_table(reading) -> str:
    doc = reading.document
    head = (f"{reading.drug} · {reading.audience} · {reading.locale} · {reading.format}: document grade "
            f"{_grade(reading.grade).strip()} (target {reading.target:g})")
    scores = ", ".join(f"{name.replace('_', ' ')} {_grade(v).strip()}" for name, v in doc.scores.items())
    lines = [head, f"  {scores}" + (f"; {'; '.join(doc.notes)}" if doc.notes else ""),
             f"  {'block':26} {'before':>6} {'after':>6} {'target':>6}"]
    for b in reading.blocks:
        flag = "  OVER" if b.over else (f"  exempt: {b.exempt}" if b.exempt else "")
        lines.append(f"  {b.block_id:26} {_grade(b.before):>6} {_grade(b.after):>6} {b.target:>6g}{flag}")
        lines += [f"      - {finding}" for finding in b.lints]
    return "\n".join(lines)


LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: a PDF date has four year digits


def _check_environment() -> None:
    """SOURCE_DATE_EPOCH sets the date written into every PDF (reproducible builds): refuse a value
    that is not whole seconds since 1970 in PDF's range, instead of a traceback or a broken date."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None and not (value.strip().isdigit() and int(value) <= LATEST_EPOCH):
        raise UsageError(f"SOURCE_DATE_EPOCH should be whole seconds since 1970, from 0 to {LATEST_EPOCH}; "
                         f"found {value[:40]!r}: fix it or unset it")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        _check_environment()
        return args.func(args)
    except HandoutError as exc:
        if args.debug:
            raise
        print(f"handout: {exc}" if not hasattr(exc, "problems") else
              f"handout: {len(exc.problems)} problem(s) to fix:\n{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("handout: stopped; files already written are complete, nothing half-written was left", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
