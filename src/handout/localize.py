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
from handout.errors import Problem
from handout.contexts import LAYOUT_CATALOG, block_context, glossary_context, heading_name, layout_context
from handout.i18n import read_catalog
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
    return Translation(locale, catalogs, reviewed)


@dataclass(frozen=True)
class Localized:
    drug: Drug
    fallback: frozenset   # (block id, audience, format) printed in English
    problems: list        # entries that stop this locale


def localize_drug(drug: Drug, tr: Translation, allow_incomplete: bool) -> Localized:
    """The drug in the locale. A block's handout wording (text and items) and its card text are
    translated or fall back separately, so each entry feeds only the documents that print it
    (incremental builds rely on this: contexts.printed_in)."""
    problems, fallback, blocks = [], set(), []
    for block in drug.blocks:
        wording, places = {}, {}
        for aud, w in block.wording.items():
            by_format = {"handout": ([("text", w.text)] if w.text else [])
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
                                   tuple(done.get(f"step{i}", t) for i, t in enumerate(w.steps, 1)))
        blocks.append(replace(block, wording=wording, translated_at=places))
    glossary = []
    for term in drug.glossary:
        t = tr.entry(drug.id, glossary_context(term.id, "term"), term.term)
        d = tr.entry(drug.id, glossary_context(term.id, "definition"), term.definition)
        if t.text and d.text:
            short = re.sub(r"\s*\(.*?\)\s*$", "", t.text)
            abbrev = re.findall(r"\(([^)]+)\)", t.text)
            glossary.append(Term(term.id, t.text, d.text, tuple(dict.fromkeys([t.text, short, *abbrev])),
                                 term.cites, term.line))
        elif not allow_incomplete:
            e = t if not t.text else d
            problems.append(Problem(e.file, e.line, f"glossary term {term.id!r}: {e.why}"))
        else:
            glossary.append(term)
    return Localized(replace(drug, blocks=tuple(blocks), glossary=tuple(glossary)), frozenset(fallback), problems)


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
