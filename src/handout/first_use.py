"""Check stage for glossary terms: each medical term is explained in plain words where the
reader first meets it (PEMAT-P item 4; CDC Clear Communication Index 3.2). Handouts only:
the wallet card is a reminder that goes with a handout and has no room for explanations.

Reading order is the document's: the call box, the key points, then the sections, each
block's text, items and steps in turn (headings only name what follows and are not
checked). A first use counts as explained when, in the same sentence, a parenthesis
explains it, in either order, in any script:

    "a strong immune reaction (CRS)"          the term inside the parenthesis
    "an IV line (a thin tube into a vein)"    the parenthesis within two words after it

or one of the locale's `explained_by` phrases holds it ("a marker called {term}",
"{term} is", in locales/<locale>/plain-language.yaml). This finds a missing explanation;
whether the words explain well is for the content review. Later uses need nothing. Blocks written for clinicians (reading-exempt) are skipped: they
are not the reader's text. The glossary's "Words to know" list still defines every term.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from handout.markup import plain
from handout.readability import sentences

_OPEN, _CLOSE = "(（", ")）"
_WORDS_BEFORE_PAREN = 2   # "IV line (…)", "blood cell counts (…)"


@dataclass(frozen=True)
class FirstUse:
    term: str          # the glossary term, as the document prints it
    form: str          # the spelling found
    block_id: str
    file: str
    line: int
    sentence: str
    explained: bool


def form_pattern(form: str, spaced: bool = True, stems: bool = False) -> re.Pattern:
    """Where a glossary form occurs in running text. Acronyms ("ALL", "IV") match only in capitals,
    so "all" in a sentence is not "ALL". In a translation a one-word form also matches by its stem
    (all but its last two letters), so "Convulsión" finds "convulsiones": the glossary has one form
    per term."""
    flags = 0 if form.isupper() else re.I
    if not spaced:  # Chinese: no spaces between words
        return re.compile(re.escape(form), flags)
    if stems and " " not in form and len(form) >= 6 and not form.isupper():
        return re.compile(rf"(?<!\w){re.escape(form[:-2])}\w*", flags)
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", flags)


def _inside_parens(text: str, start: int, end: int) -> bool:
    depth = 0
    for ch in reversed(text[:start]):
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                return any(c in _CLOSE for c in text[end:])
            depth -= 1
    return False


def _paren_follows(text: str, end: int, spaced: bool) -> bool:
    rest = text[end:]
    if not spaced:  # "静脉输液管路（IV）": a few characters may finish the word before the parenthesis
        return re.match(rf"\s*[^\s{_OPEN}{_CLOSE}，。、；：！？]{{0,3}}\s*[{_OPEN}]", rest) is not None
    m = re.match(rf"(?:[-\s]+[^\W\d_][\w'’-]*){{0,{_WORDS_BEFORE_PAREN}}}\s*[{_OPEN}]", rest)
    return m is not None


def _cue(cue: str, found: str, spaced: bool) -> re.Pattern:
    before, after = cue.split("{term}")
    flags = 0 if found.isupper() else re.I
    if not spaced:  # Chinese sets Latin terms off with spaces or not ("叫 ICANS", "叫ICANS")
        return re.compile(rf"{re.escape(before.strip())}\s*{re.escape(found)}\s*{re.escape(after.strip())}", flags)
    # whole words: "called CRS" is not "recalled CRS", "CRS is" is not "CRS isn't"
    left = r"(?<!\w)" if before[:1].isalnum() else ""
    right = r"(?!\w)" if after[-1:].isalnum() else ""
    return re.compile(f"{left}{re.escape(before)}{re.escape(found)}{re.escape(after)}{right}", flags)


def _forms(term, language: str) -> list[str]:
    """The term's spellings. A translated term (one form in the glossary) is also looked for in its
    plural and singular: "ciclo" -> "ciclos", "convulsión" -> "convulsiones", "glóbulos blancos" ->
    "glóbulo blanco"; a stem would also find other words ("temblor" is not "temblar")."""
    out = list(term.forms)
    if language not in ("en", "zh", "ja", "ko"):
        for form in term.forms:
            if not form.isupper():
                words = form.split()
                singular = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)
                out += [form + "s", _unaccent_last(form) + "es", singular]  # "glóbulos blancos" / "glóbulo blanco"
    return list(dict.fromkeys(out))


def _unaccent_last(word: str) -> str:
    # a plural moves the stress mark: "convulsión" -> "convulsiones"
    for i in range(len(word) - 1, -1, -1):
        base = unicodedata.normalize("NFD", word[i])[0]
        if base != word[i] and base in "aeiou":
            return word[:i] + base + word[i + 1:]
    return word


def _sentences(text: str, spaced: bool) -> list[str]:
    if spaced:
        return sentences([text])
    return [s for s in re.split(r"(?<=[。！？；])", text) if s.strip()]


def explained(sentence: str, start: int, end: int, spaced: bool = True, cues=()) -> bool:
    found = sentence[start:end]
    return (_inside_parens(sentence, start, end) or _paren_follows(sentence, end, spaced)
            or any(_cue(c, found, spaced).search(sentence) for c in cues))


def first_uses(sections, glossary, locale: str, cues=()) -> list[FirstUse]:
    """The first use of each glossary term in reading order, and whether it is explained there.
    `glossary` is the drug's (localized) terms; `sections` the document's, in page order."""
    language = locale.split("-")[0]
    spaced = language not in ("zh", "ja", "ko")
    pending = {t.id: (t, [form_pattern(f, spaced) for f in _forms(t, language)]) for t in glossary}
    found = []
    order = [s for s in sections if s.place == "callbox"] + [s for s in sections if s.place == "keypoints"] \
        + [s for s in sections if s.place not in ("callbox", "keypoints")]
    for section in order:
        for item in section.items:
            if item.reading_exempt:
                continue
            for index, part in enumerate(item.texts):
                # a translated part is blamed on its PO entry, an English one on the block
                file, line = (item.places[index] if index < len(item.places) and item.places[index]
                              else (item.file, item.line))
                for sentence in _sentences(plain(part), spaced):
                    for term_id, (term, patterns) in list(pending.items()):
                        hits = [m for p in patterns for m in [p.search(sentence)] if m]
                        if not hits:
                            continue
                        m = min(hits, key=lambda h: (h.start(), h.end()))  # "综合征" before "综合征（TLS）"
                        found.append(FirstUse(term.term, m.group(0), item.block_id, file, line,
                                              sentence, explained(sentence, m.start(), m.end(), spaced, cues)))
                        del pending[term_id]
    return found
