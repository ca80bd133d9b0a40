"""Translation catalogs (gettext PO, through Babel's catalog API): extract the English from
content/ and layouts/ into templates, merge templates into every locale, report status.

Every entry's context (msgctxt) names where the text belongs, so it never changes when the
English does; contexts.py defines the names.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, read_po, unescape, write_po

from handout.errors import InputError, Problem, UsageError

from handout.contexts import LAYOUT_CATALOG, block_context, drug_name_entries, glossary_context, heading_name, \
    layout_context, printed_by
from handout.layout_notes import load_notes
from handout.names import TEMPLATES, translation_locales

PROJECT = "handout"
CARD_ROOM = 1.3  # a card text may run about this much longer than the English before it no longer fits


def _add(cat: Catalog, *args, **kw) -> None:
    # Babel guesses python-format flags from '%' and '{'; our texts are not Python formats, and
    # the flags would make Poedit check them as if they were.
    msg = cat.add(*args, **kw)
    msg.flags.discard("python-format")
    msg.flags.discard("python-brace-format")


HEADER = f"# {PROJECT} translation catalog.\n#"
# The translation's status lives in the header comment (Babel drops unknown PO header fields).
# "Medical-Review:" stays empty until a qualified medical translator has reviewed the locale;
# until then every PDF in that locale says so in its footer.
NEW_HEADER = (f"# {PROJECT} translation catalog.\n"
              "# Translation-Status: draft\n"
              "# Medical-Review:\n#")


def _catalog(locale=None, header: str = HEADER) -> Catalog:
    # Babel's Catalog() defaults to fuzzy=True, which makes compilers skip the whole catalog.
    return Catalog(locale=locale, project=PROJECT, version="1", charset="utf-8", fuzzy=False,
                   creation_date=_dt.datetime(2026, 1, 1, tzinfo=_dt.timezone.utc), header_comment=header)


def reviewed(catalog: Catalog) -> bool:
    """Whether the header names a medical review: "# Medical-Review: <who>, <date>"."""
    found = re.search(r"^#\s*Medical-Review:[ \t]*(\S.*)$", catalog.header_comment or "", re.M)
    return bool(found)


def drug_template(drug) -> Catalog:
    cat = _catalog()
    for block in drug.blocks:
        for aud, w in block.wording.items():
            notes = [f"Clinical meaning: {block.facts}"]
            if block.safety_critical:
                notes.append("SAFETY-CRITICAL: must be translated before this language can be printed.")
            notes.append("Keep every number exactly. **bold** marks stay around the same words.")
            where = [(block.file, block.line)]
            if w.heading:
                _add(cat, w.heading, locations=where, context=block_context(block.id, aud, "heading"),
                     auto_comments=notes + ["A sub-heading over this part of a section: keep it short."])
            if w.text:
                _add(cat, w.text, locations=where, auto_comments=notes, context=block_context(block.id, aud, "text"))
            for i, item in enumerate(w.items, 1):
                _add(cat, item, locations=where, auto_comments=notes, context=block_context(block.id, aud, f"item{i}"))
            for i, step in enumerate(w.steps, 1):
                _add(cat, step, locations=where, context=block_context(block.id, aud, f"step{i}"),
                     auto_comments=notes + [f"Step {i} of {len(w.steps)}: the number is printed before it."])
            if w.card:
                room = int(len(w.card) * CARD_ROOM)
                _add(cat, w.card, locations=where, context=block_context(block.id, aud, "card"),
                        auto_comments=notes + [f"Wallet card: room for about {room} characters "
                                               f"(the English has {len(w.card)})."])
    for context, english, notes in drug_name_entries(drug):  # official names per locale (issue 17 item 2)
        _add(cat, english, locations=[(f"content/{drug.id}/drug.yaml", 0)], auto_comments=notes, context=context)
    for term in drug.glossary:
        where = [(f"content/{drug.id}/glossary.yaml", term.line)]
        _add(cat, term.term, locations=where, context=glossary_context(term.id, "term"),
                auto_comments=["A medical word listed under 'Words to know'."])
        _add(cat, term.definition, locations=where, context=glossary_context(term.id, "definition"),
                auto_comments=[f"Plain definition of: {term.term}"])
    return cat


def layout_template(layouts: dict, notes: dict | None = None) -> Catalog:
    """The layouts' own words (headings, labels, footer). {{ name }} placeholders stay as they are.
    Each entry carries its own note from layouts/translator-notes.yaml (where it appears, for whom,
    its length limit); a word without one gets only the general note."""
    cat = _catalog()
    notes = notes or {}

    def comments(kind: str, name: str) -> list[str]:
        found = notes.get((kind, name))
        out = [found.text] if found else []
        if found and found.max:
            out.append(f"Room for at most {found.max} characters (a Chinese, Japanese or Korean character counts 2; "
                       "{{ names }} do not count).")
        return out + [KEEP_NAMES]

    for kind, layout in layouts.items():
        for name, variants in layout.words.items():
            for aud, template in variants.items():
                _add(cat, template_source(layout, name, aud), locations=[(layout.file, layout.word_lines[name])],
                        auto_comments=comments(kind, name), context=layout_context(kind, name, aud))
        for spec in layout.sections:
            for aud in spec.heading:
                _add(cat, heading_source(layout, spec, aud), locations=[(layout.file, spec.line)],
                        auto_comments=comments(kind, heading_name(spec.id)),
                        context=layout_context(kind, heading_name(spec.id), aud))
    return cat


KEEP_NAMES = "Keep each {{ name }} exactly as it is; it is filled in when printing."


def template_source(layout, name: str, aud: str) -> str:
    return layout.word_sources[name][aud]


def heading_source(layout, spec, aud: str) -> str:
    return spec.heading_sources[aud]


def _po_bytes(catalog: Catalog) -> bytes:
    """The catalog as PO text. Babel wraps a previous msgid ("#| msgid") inside its quotes,
    which gettext tools cannot read, so the previous English is written here instead."""
    previous = {m.context: m.previous_id for m in catalog if m.id and m.previous_id}
    for m in catalog:
        m.previous_id = ()
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, sort_output=False)
    text = buf.getvalue().decode("utf-8")
    for ctx, prev in previous.items():
        old = prev if isinstance(prev, str) else prev[0]
        lines = "".join(f"#| {line}\n" for line in f"msgid {normalize(old, width=76)}".split("\n"))
        marker = f'msgctxt "{ctx}"\n'
        text = text.replace(marker, lines + marker, 1)
    return text.encode("utf-8")


@dataclass(frozen=True)
class Templates:
    catalogs: dict  # name -> Catalog


def templates(project) -> Templates:
    cats = {drug_id: drug_template(drug) for drug_id, drug in project.library.drugs.items()}
    cats[LAYOUT_CATALOG] = layout_template({"handout": project.handout_layout, "card": project.card_layout},
                                           load_notes(project.root))
    return Templates(cats)


def extract(project) -> dict:
    """{path: bytes} of every template (locales/templates/<name>.pot)."""
    folder = project.root / "locales" / TEMPLATES
    return {folder / f"{name}.pot": _po_bytes(cat) for name, cat in templates(project).catalogs.items()}


_PREVIOUS = re.compile(r'((?:^#\| .*\n)+)msgctxt "(.*)"\n', re.M)


MAX_CATALOG_BYTES = 10_000_000
_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*charset=([^\\"\s;]+)', re.M | re.I)


def _charset_problem(data: bytes, shown: str) -> Problem | None:
    """Catalogs are UTF-8: a header naming another charset would make Babel read every accented
    letter as two wrong ones, and a file saved in another charset cannot be read at all."""
    declared = _CHARSET.search(data)
    if declared and declared.group(1).decode("ascii", "replace").lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = data[: declared.start()].count(b"\n") + 1
        return Problem(shown, line, f"the header says charset={declared.group(1).decode('ascii', 'replace')}; "
                                    "catalogs must be UTF-8: set charset=UTF-8 and save the file as UTF-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(shown, line, "this line is not UTF-8 text (the file was saved in another charset, such as "
                                    "Latin-1 or Windows-1252); save the file as UTF-8")
    return None


_CONTEXT_LINE = re.compile(rb'^msgctxt "((?:[^"\\]|\\.)*)"\r?$', re.M)


def _duplicate_contexts(data: bytes, shown: str) -> list[Problem]:
    """Two entries for one place: Babel would silently keep the last, so a translation nobody
    reviewed could print. Each place's entry must appear once."""
    seen, out = {}, []
    for found in _CONTEXT_LINE.finditer(data):
        line = data[: found.start()].count(b"\n") + 1
        ctx = found.group(1)
        if ctx in seen:
            out.append(Problem(shown, line, f"the entry for {ctx.decode('utf-8', 'replace')!r} appears twice "
                                            f"(first on line {seen[ctx]}); keep one"))
        else:
            seen[ctx] = line
    return out


def read_catalog(path: Path, shown: str) -> Catalog:
    from handout.yamlfile import read_bytes
    data = read_bytes(path, shown, MAX_CATALOG_BYTES)  # a regular file within the size limit
    wrong = _charset_problem(data, shown)
    if wrong:
        raise InputError([wrong])
    twice = _duplicate_contexts(data, shown)
    if twice:
        raise InputError(twice)
    try:
        cat = read_po(io.BytesIO(data), abort_invalid=True)
    except Exception as exc:  # babel's PoFileError and decoding errors carry the line in the text
        line = getattr(exc, "lineno", 0) or 0
        raise InputError([Problem(shown, line, f"this PO file cannot be read: {exc}; "
                                               "open it in Poedit or fix the line")]) from None
    # Babel does not read "#| msgid" back; keep the previous English of fuzzy entries ourselves.
    previous = {ctx: "".join(unescape(f'"{piece}"') for piece in re.findall(r'"((?:[^"\\]|\\.)*)"', block))
                for block, ctx in _PREVIOUS.findall(data.decode("utf-8", "replace"))}
    for msg in cat:
        if msg.id and msg.context in previous:
            msg.previous_id = previous[msg.context]
    return cat


def merge(template: Catalog, old: Catalog | None, locale: str) -> Catalog:
    """The template with the old translations carried over by context. A changed English keeps
    the old translation but marks it fuzzy, with the previous English beside it; entries whose
    context is gone become obsolete."""
    # Babel spells locales with "_" (zh_Hans); our folders use the BCP 47 "-" (zh-Hans)
    new = _catalog(locale.replace("-", "_"), old.header_comment if old is not None and old.header_comment
                   else NEW_HEADER)
    if old is not None:
        new.mime_headers = old.mime_headers
    previous = {m.context: m for m in (old or []) if m.id}
    for msg in template:
        if not msg.id:
            continue
        was = previous.pop(msg.context, None)
        string, flags, prev_id, comments = "", set(), (), []
        if was is not None:
            # Babel reads "#| msgid" lines as translator comments: drop them, they are rewritten below
            string, comments = was.string, [c for c in was.user_comments if not c.startswith("|")]
            flags = set(was.flags) & {"fuzzy"}
            if was.id != msg.id and was.string:
                flags.add("fuzzy")
                prev_id = was.id
            elif was.id == msg.id:
                prev_id = was.previous_id if "fuzzy" in flags else ()
        _add(new, msg.id, string, locations=msg.locations, flags=flags, auto_comments=msg.auto_comments,
                user_comments=comments, previous_id=prev_id, context=msg.context)
    for ctx, gone in previous.items():
        new.obsolete[(gone.id, ctx)] = gone
    return new


def update(project) -> dict:
    """{path: bytes} of every locale's catalogs merged with the current templates."""
    out, catalogs = {}, templates(project).catalogs
    for locale in translation_locales(project.root):
        for name, template in catalogs.items():
            path = project.root / "locales" / locale / f"{name}.po"
            old = read_catalog(path, f"locales/{locale}/{name}.po") if path.exists() else None
            out[path] = _po_bytes(merge(template, old, locale))
    return out


def new_locale(project, locale: str) -> dict:
    try:
        Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise UsageError(f"{locale!r} is not a locale Babel knows; use a code like es, zh-Hans or vi") from None
    folder = project.root / "locales" / locale
    if folder.exists():
        raise UsageError(f"locales/{locale} already exists; use 'handout i18n update' to refresh it")
    out = {folder / "plain-language.yaml": STARTER_RULES.format(locale=locale).encode()}
    for name, template in templates(project).catalogs.items():
        out[folder / f"{name}.po"] = _po_bytes(merge(template, None, locale))
    return out


STARTER_RULES = """# Plain-language rules for {locale}, used by `handout check`. Fill in the lists for this
# language (see locales/en/plain-language.yaml for the English ones).
max_sentence_words: 20
max_list_items: 7
allowed_phrases: []
jargon: {{}}
medical_terms: [CD19]
compute: []
"""


@dataclass(frozen=True)
class Count:
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    failing: int = 0   # translated, but a check flags it (numbers, placeholders, glyphs, length, terms)


@dataclass(frozen=True)
class LocaleStatus:
    locale: str
    rows: tuple        # (catalog, audience, Count)
    failures: tuple    # entry_checks.EntryStatus of every entry a check flags
    ready: bool        # a build would print it: every entry translated, current, and passing the build's checks
    reviewed: bool     # every catalog names a medical review (# Medical-Review: <who>, <date>)
    untranslated: tuple = ()  # entry_checks.EntryStatus of every fuzzy or missing entry


# Checks whose failure stops a build of the locale; the others (length, terminology) fail
# `handout check` and `handout i18n status --strict`.
BUILD_CHECKS = ("translation", "glyphs")


def status(project) -> list[LocaleStatus]:
    """Per locale: counts per catalog and audience, the entries that fail a check, and whether the
    locale is ready to print and medically reviewed."""
    from handout.entry_checks import Checker

    out, catalogs = [], templates(project).catalogs
    for locale in translation_locales(project.root):
        checker = Checker(project, locale, catalogs)
        counts: dict = {}
        failures, untranslated, ready = [], [], True
        for entry in checker.entries():
            key = (entry.catalog, printed_by(entry.catalog, entry.context)[0] or "all")
            c = counts.get(key, Count())
            failing = bool(entry.failures)
            counts[key] = Count(c.translated + (entry.state == "translated"), c.fuzzy + (entry.state == "fuzzy"),
                                c.missing + (entry.state == "missing"), c.failing + failing)
            if failing:
                failures.append(entry)
            if entry.state != "translated":
                untranslated.append(entry)
            if entry.state != "translated" or any(check in BUILD_CHECKS for check, _ in entry.failures):
                ready = False
        rows = tuple((name, aud, c) for (name, aud), c in sorted(counts.items(), key=lambda kv: (
            list(catalogs).index(kv[0][0]), kv[0][1])))
        out.append(LocaleStatus(locale, rows, tuple(failures), ready, checker.tr.reviewed, tuple(untranslated)))
    return out
