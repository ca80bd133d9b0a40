"""A locale's term list (locales/<locale>/terms.yaml): for each English term, the one rendering
the translation uses, and the renderings it must not (an older choice, a false friend, a word a
lay reader does not know). A translated entry that uses an avoided rendering is flagged at its
PO file and line, so one decision holds across every entry, handout and card.

    terms:
      - english: seizure
        use: 抽搐
        avoid: [癫痫发作]
        allow_in: ["glossary|seizure|term"]   # entries where the avoided word may stand (a gloss)
        why: lay readers and bystanders know 抽搐
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

FILE = "terms.yaml"
_TERM = {"english": ("text", True), "use": ("text", True), "avoid": ("text-list", False),
         "allow_in": ("text-list", False), "why": ("text", False)}


@dataclass(frozen=True)
class Term:
    english: str
    use: str
    avoid: tuple
    allow_in: tuple
    why: str
    line: int
    patterns: tuple  # compiled, one per avoided rendering


@dataclass(frozen=True)
class TermList:
    file: str
    terms: tuple

    def findings(self, context: str, translated: str) -> list[str]:
        """What in one translated entry goes against the list."""
        out = []
        for term in self.terms:
            if context in term.allow_in:
                continue
            for avoided, pattern in zip(term.avoid, term.patterns):
                if pattern.search(translated):
                    why = f" ({term.why})" if term.why else ""
                    out.append(f"terminology: uses {avoided!r} for {term.english!r}; this locale writes "
                               f"{term.use!r}{why} ({self.file}, line {term.line})")
                    break  # one finding a term ('癫痫发作' also holds '癫痫')
        return out


def _pattern(text: str) -> re.Pattern:
    """Whole words in scripts written with spaces (so 'LLA' does not match 'llamado'); any
    occurrence in scripts without them. Case is ignored, except for an all-capital abbreviation."""
    flags = 0 if text.isupper() else re.I
    unspaced = re.search(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]", text)  # kana and Han
    return re.compile(re.escape(text) if unspaced else rf"(?<!\w){re.escape(text)}(?!\w)", flags)


def load_terms(root: Path, locale: str) -> TermList | None:
    """The locale's term list, or None when it keeps none."""
    path = root / "locales" / locale / FILE
    if not path.exists():
        return None
    shown = f"locales/{locale}/{FILE}"
    problems = Problems()
    data = yamlfile.load(path, shown_as=shown)
    terms = []
    if check(data, {"terms": ("list", True)}, shown, problems, "term list"):
        for i, node in enumerate(data["terms"]):
            if not check(node, _TERM, shown, problems, f"term {i + 1}"):
                continue
            avoid = tuple(sorted(node.get("avoid") or (), key=len, reverse=True))  # the longest is named
            clash = [a for a in avoid if a.lower() == node["use"].lower()]
            if clash:
                problems.add(shown, node.line_of("avoid"), f"term {node['english']!r}: {clash[0]!r} is both the "
                                                           "rendering to use and one to avoid; keep one")
                continue
            terms.append(Term(node["english"], node["use"], avoid, tuple(node.get("allow_in") or ()),
                              node.get("why", ""), node.line, tuple(_pattern(a) for a in avoid)))
    problems.raise_if_any()
    return TermList(shown, tuple(terms))
