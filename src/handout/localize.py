"""Localize stage: swap the English of content and layouts for a locale's translations (PO
catalogs), after checking every entry. An entry is used only when it is translated, not fuzzy,
made from the current English, and keeps the English's numbers, {{ placeholders }} and
**bold** marks. A safety-critical block, or a layout word, without a usable translation
stops the locale; other blocks may fall back to English (--allow-incomplete), marked in print.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from babel.messages.catalog import Catalog

from handout.content import Drug, Term, Wording
from handout.errors import InputError, Problem
from handout.contexts import DRUG_NAMES, LAYOUT_CATALOG, OMITTED, STAFF_SECTIONS, block_context, drug_context, glossary_context, \
    heading_name, layout_context
from handout.i18n import read_catalog
from handout.names import SOURCE_LOCALE, translation_locales
from handout.i18n import reviewed as catalog_reviewed
from handout.templating import TemplateProblem, compile_text, translation_syntax_problem
from handout.yamlfile import MAX_TEXT_CHARS

# A number, and the unit symbol written right after it: units a reader acts on, written the same in
# every language. Words ("hours", "horas") differ by language and are not compared.
_NUMBER = re.compile(r"([0-9]+(?:[.,][0-9]+)*)(?:[ \u00a0\u202f]?(°F|°C|%|kg|mg|mcg|µg|μg|mL|ml|m²)(?![^\W\d_]))?")
_UNIT = {"ml": "mL", "µg": "mcg", "μg": "mcg"}


def _numbers(text: str) -> list:
    """Numbers in reading order, each with its unit symbol: 100.4 and 100,4 are the same number;
    1-800-FDA-1088 is three numbers; 38 °C (100.4 °F) is ["38 °C", "100.4 °F"]."""
    return [n.replace(",", ".") + (f" {_UNIT.get(u, u)}" if u else "") for n, u in _NUMBER.findall(text)]


def _foreign_digits(text: str) -> list[str]:
    return sorted({ch for ch in text if unicodedata.category(ch) == "Nd" and ch not in "0123456789"})


def _invisible(text: str) -> list[str]:
    return sorted({ch for ch in text if ch not in "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn")})


def entry_problems(english: str, translated: str) -> list[str]:
    """What a translation changed that it must not: numbers (in order, with their units),
    placeholders and any other template syntax, bold marks; digits of other scripts and
    invisible characters are refused outright."""
    if not translated.strip() or not translated.replace("**", "").strip():
        return ["the translation is blank: it would print nothing where the English says something"]
    if len(translated) > MAX_TEXT_CHARS:
        return [f"the translation is {len(translated):,} characters long; the limit is {MAX_TEXT_CHARS:,} "
                f"(the English has {len(english):,})"]
    out = []
    syntax = translation_syntax_problem(english, translated)
    if syntax:
        out.append(syntax)
    foreign = _foreign_digits(translated)
    if foreign:
        out.append(f"uses digits of another script ({', '.join(f'{c} U+{ord(c):04X}' for c in foreign)}); "
                   "write numbers with 0-9 as the English does")
    hidden = _invisible(translated)
    if hidden:
        out.append("contains invisible or control characters "
                   f"({', '.join(f'U+{ord(c):04X} {unicodedata.name(c, chr(32)).strip()}' for c in hidden)}); "
                   "delete them (they often come from copy and paste)")
    if _numbers(english) != _numbers(translated):
        out.append(f"the numbers differ from the English: keep the same numbers, in the same order, with the same "
                   f"units ({', '.join(_numbers(english)) or 'none'} in the English; "
                   f"{', '.join(_numbers(translated)) or 'none'} here)")
    if translated.count("**") != english.count("**"):
        out.append("the **bold** marks differ from the English: keep the same pairs")
    return out


@dataclass(frozen=True)
class Entry:
    text: str | None   # usable translation, or None
    why: str           # why it is not usable ("missing", "fuzzy", a check's finding)
    file: str
    line: int


@dataclass(frozen=True)
class Translation:
    locale: str
    catalogs: dict     # catalog name -> {context: (Message, file)}
    reviewed: bool     # a qualified medical translator signed the catalogs off
    root: Path | None = None  # the project, whose other locales a note for staff is also printed in

    def entry(self, catalog: str, context: str, english: str) -> Entry:
        found = self.catalogs.get(catalog, {}).get(context)
        if found is None:
            return Entry(None, "missing", f"locales/{self.locale}/{catalog}.po", 0)
        msg, file = found
        line = msg.lineno or 0
        if not msg.string:
            return Entry(None, "missing", file, line)
        if msg.fuzzy or msg.id != english:
            return Entry(None, "fuzzy: the English changed; check the translation and remove the fuzzy flag",
                         file, line)
        problems = entry_problems(english, msg.string)
        if problems:
            return Entry(None, "; ".join(problems), file, line)
        return Entry(msg.string, "", file, line)


def load_translation(root: Path, locale: str, names) -> Translation:
    catalogs, reviewed = {}, True
    for name in names:
        path = root / "locales" / locale / f"{name}.po"
        shown = f"locales/{locale}/{name}.po"
        cat: Catalog = read_catalog(path, shown) if path.exists() else Catalog(fuzzy=False)
        catalogs[name] = {m.context: (m, shown) for m in cat if m.id}
        reviewed = reviewed and path.exists() and catalog_reviewed(cat)
    return Translation(locale, catalogs, reviewed, root)


def staff_languages(drug: Drug, root: Path, tr: Translation | None = None) -> Drug:
    """The drug (in English: before its blocks are localized) with each note for emergency staff (contexts.STAFF_SECTIONS) in every language the
    project has a usable card translation of, and in English: a card prints it in the clinic's
    language too. A locale whose entry is missing or fails a check is left out here; its own build
    reports why, and a card that needs it stops naming the clinic profile."""
    staff = [b for b in drug.blocks if b.section in STAFF_SECTIONS]
    if not staff:
        return drug
    others = {}
    for locale in translation_locales(root):
        if tr is not None and locale == tr.locale:
            others[locale] = tr
            continue
        try:
            others[locale] = load_translation(root, locale, [drug.id])
        except InputError:  # an unreadable catalog: that locale's own build names the line
            continue
    blocks = []
    for block in drug.blocks:
        if block.section in STAFF_SECTIONS:
            found = {SOURCE_LOCALE: {aud: (w.card, block.file, block.line)
                                     for aud, w in block.wording.items() if w.card}}
            for locale, other in others.items():
                for aud, w in block.wording.items():
                    e = other.entry(drug.id, block_context(block.id, aud, "card"), w.card) if w.card else None
                    if e is not None and e.text is not None:
                        found.setdefault(locale, {})[aud] = (e.text, e.file, e.line)
            block = replace(block, languages=found)
        blocks.append(block)
    return replace(drug, blocks=tuple(blocks))


@dataclass(frozen=True)
class Localized:
    drug: Drug
    fallback: frozenset   # (block id, audience, format) printed in English
    problems: list        # entries that stop this locale


def localize_drug(drug: Drug, tr: Translation, allow_incomplete: bool) -> Localized:
    """The drug in the locale. A block's handout wording (text and items) and its card text are
    translated or fall back separately, so each entry feeds only the documents that print it
    (incremental builds rely on this: contexts.printed_in)."""
    if tr.root is not None:
        drug = staff_languages(drug, tr.root, tr)
    problems, fallback, blocks = [], set(), []
    for block in drug.blocks:
        wording, places = {}, {}
        for aud, w in block.wording.items():
            by_format = {"handout": ([("heading", w.heading)] if w.heading else [])
                         + ([("text", w.text)] if w.text else [])
                         + [(f"item{i}", t) for i, t in enumerate(w.items, 1)]
                         + [(f"step{i}", t) for i, t in enumerate(w.steps, 1)],
                         "card": [("card", w.card)] if w.card else []}
            done = {}
            for fmt, fields in by_format.items():
                got = {key: tr.entry(drug.id, block_context(block.id, aud, key), english) for key, english in fields}
                bad = {key: e for key, e in got.items() if e.text is None}
                if not bad:
                    done.update((key, e.text) for key, e in got.items())
                    places.update(((aud, key), (e.file, e.line)) for key, e in got.items())
                elif block.safety_critical or not allow_incomplete:
                    kind = "safety-critical block" if block.safety_critical else "block"
                    problems += [Problem(e.file, e.line, f"{kind} {block.id!r} ({aud}, {key}): {e.why}")
                                 for key, e in bad.items()]
                else:
                    fallback.add((block.id, aud, fmt))
            wording[aud] = Wording(done.get("text", w.text),
                                   tuple(done.get(f"item{i}", t) for i, t in enumerate(w.items, 1)),
                                   done.get("card", w.card),
                                   tuple(done.get(f"step{i}", t) for i, t in enumerate(w.steps, 1)),
                                   done.get("heading", w.heading))
        blocks.append(replace(block, wording=wording, translated_at=places))
    glossary = []
    for term in drug.glossary:
        t = tr.entry(drug.id, glossary_context(term.id, "term"), term.term)
        d = tr.entry(drug.id, glossary_context(term.id, "definition"), term.definition)
        if t.text and d.text:
            # "Leucemia linfoblástica aguda (ALL, sigla en inglés)" is found as itself, as its name
            # before the parenthesis and as the abbreviation; Chinese writes （…）
            short = re.sub(r"\s*[(（].*?[)）]\s*$", "", t.text)
            abbrev = [re.split(r"[,，;；]", a)[0].strip() for a in re.findall(r"[(（]([^)）]+)[)）]", t.text)]
            glossary.append(Term(term.id, t.text, d.text, tuple(dict.fromkeys([t.text, short, *abbrev])),
                                 term.cites, term.line))
        elif not allow_incomplete:
            e = t if not t.text else d
            problems.append(Problem(e.file, e.line, f"glossary term {term.id!r}: {e.why}"))
        else:
            glossary.append(term)
    names, name_problems = _names(drug, tr, allow_incomplete)
    problems += name_problems
    return Localized(replace(drug, blocks=tuple(blocks), glossary=tuple(glossary), **names),
                     frozenset(fallback), problems)


def _names(drug: Drug, tr: Translation, allow_incomplete: bool) -> tuple[dict, list]:
    """The drug's official names and pronunciation in the locale: ({field: value}, problems).
    A pronunciation translated as "-" is left out (""); an English respelling is never printed to
    readers of another language. The English names stay among the medicine names: translated
    text still names the medicine as its label does (reading formulas count both as names)."""
    out, problems = {}, []
    for name in DRUG_NAMES:
        english = getattr(drug, name)
        if not english:
            continue
        context = drug_context(name)
        if context not in tr.catalogs.get(drug.id, {}):
            # a catalog made before the names were entries: the names as on the label, no respelling
            out[name] = "" if name == "pronunciation" else english
            continue
        e = tr.entry(drug.id, context, english)
        if e.text is not None:
            out[name] = "" if e.text.strip() == OMITTED else " ".join(e.text.split())
        elif allow_incomplete:
            out[name] = "" if name == "pronunciation" else english
        else:
            problems.append(Problem(e.file, e.line, f"drug name {name!r}: {e.why}" + (
                f" (write {OMITTED} to leave the pronunciation out)" if name == "pronunciation" else "")))
    extra = tuple(n for n in (drug.brand_name, drug.generic_name)
                  if n not in (out.get("brand_name"), out.get("generic_name")) and n not in drug.medicine_names)
    if extra:
        out["medicine_names"] = extra + drug.medicine_names
    return out, problems


def localize_layout(layout, kind: str, tr: Translation, allow_incomplete: bool):
    """The layout with its words and headings in the locale; (layout, problems)."""
    problems, places = [], {}

    def swap(variants: dict, sources: dict, key: str, place: tuple) -> dict:
        out = dict(variants)
        for aud, english in sources.items():
            e = tr.entry(LAYOUT_CATALOG, layout_context(kind, key, aud), english)
            if e.text is None:
                if not allow_incomplete:
                    problems.append(Problem(e.file, e.line or 0, f"layout word {key!r} ({aud}): {e.why}"))
                continue
            try:  # entry() has refused any template syntax but the English's own placeholders
                out[aud] = compile_text(e.text)
            except TemplateProblem as exc:
                problems.append(Problem(e.file, e.line, f"layout word {key!r} ({aud}): {exc}"))
                continue
            places.setdefault(place, {})[aud] = (e.file, e.line)
        return out

    words = {name: swap(v, layout.word_sources[name], name, ("word", name)) for name, v in layout.words.items()}
    sections = tuple(replace(s, heading=swap(s.heading, s.heading_sources, heading_name(s.id), ("heading", s.id)))
                     for s in layout.sections)
    fonts, wrap = layout.locale_fonts.get(tr.locale, (layout.fonts, layout.word_wrap))
    return replace(layout, words=words, sections=sections, fonts=fonts, word_wrap=wrap, places=places), problems
