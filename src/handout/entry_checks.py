"""Every check a translated entry must pass, entry by entry, at its PO file and line: the
build's own (numbers, placeholders, bold marks: localize.Translation.entry), the glyph check in
the locale's fonts (glyphs.text_problem), the length limits of layout words
(layouts/translator-notes.yaml) and the locale's term list (locales/<locale>/terms.yaml).

`handout i18n status`, `handout proof` and `handout check` all read from here, so none of them
can call an entry fine that another would refuse.
"""
from __future__ import annotations

from dataclasses import dataclass

from handout.contexts import LAYOUT_CATALOG, printed_by
from handout.glyphs import text_problem
from handout.layout_notes import load_notes, width
from handout.localize import Translation, load_translation
from handout.terminology import load_terms


@dataclass(frozen=True)
class EntryStatus:
    catalog: str
    context: str
    english: str
    shown: str           # the translation as written ("" when missing)
    state: str           # "translated", "fuzzy" or "missing"
    file: str
    line: int
    failures: tuple      # (check, message): what stops or flags this entry

    @property
    def ok(self) -> bool:
        return self.state == "translated" and not self.failures


def locale_fonts(layout, locale: str) -> tuple:
    """The four font files a layout prints this locale in."""
    return layout.locale_fonts.get(locale, (layout.fonts, layout.word_wrap))[0]


class Checker:
    """Checks the entries of one locale against the current templates."""

    def __init__(self, project, locale: str, catalogs: dict):
        self.project, self.locale, self.catalogs = project, locale, catalogs
        self.tr: Translation = load_translation(project.root, locale, list(catalogs))
        self.terms = load_terms(project.root, locale)
        self.notes = load_notes(project.root)
        self.fonts = {"handout": locale_fonts(project.handout_layout, locale),
                      "card": locale_fonts(project.card_layout, locale)}

    def entries(self):
        """EntryStatus for every entry of every catalog, in catalog order."""
        for name, template in self.catalogs.items():
            for msg in template:
                if msg.id:
                    yield self.check(name, msg.context, msg.id)

    def check(self, catalog: str, context: str, english: str) -> EntryStatus:
        entry = self.tr.entry(catalog, context, english)
        found = self.tr.catalogs.get(catalog, {}).get(context)
        msg = found[0] if found else None
        shown = msg.string if msg is not None and msg.string else ""
        if not shown:
            state = "missing"
        elif msg.fuzzy or msg.id != english:
            state = "fuzzy"
        else:
            state = "translated"
        failures = []
        if state == "translated" and entry.text is None:
            failures.append(("translation", entry.why))
        if shown:
            fmt = printed_by(catalog, context)[1] or "handout"
            glyphs = text_problem(shown, self.fonts.get(fmt, self.fonts["handout"]))
            if glyphs:
                failures.append(("glyphs", glyphs))
            if catalog == LAYOUT_CATALOG:
                kind, word, _ = context.split("|")
                note = self.notes.get((kind, word))
                if note and note.max and width(shown) > note.max:
                    failures.append(("length", f"length: {width(shown)} characters where {note.max} fit "
                                               f"(the English has {width(english)}; layouts/translator-notes.yaml, "
                                               f"line {note.line}); shorten it"))
            if self.terms is not None:
                failures += [("terminology", f) for f in self.terms.findings(context, shown)]
        return EntryStatus(catalog, context, english, shown, state, entry.file, entry.line, tuple(failures))
