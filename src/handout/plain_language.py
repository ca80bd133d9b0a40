"""Plain-language lint from a data file per locale (locales/<locale>/plain-language.yaml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.readability import sentences, words
from handout.schema import check

_SPEC = {
    "max_sentence_words": ("integer", True),
    "max_list_items": ("integer", True),
    "jargon": ("mapping", True),
    "medical_terms": ("text-list", True),
    "compute": ("list", True),
    "allowed_phrases": ("list", False),
    "explained_by": ("text-list", False),
}


@dataclass(frozen=True)
class Rules:
    file: str
    max_sentence_words: int
    max_list_items: int
    jargon: dict          # word -> plainer word
    medical_terms: tuple
    compute: tuple        # (compiled pattern, advice)
    allowed: tuple = ()   # proper names left alone ("Medication Guide")
    explained_by: tuple = ()  # phrases with {term} that explain a term where it is first used


def load_rules(path: Path, shown: str) -> Rules:
    problems = Problems()
    data = yamlfile.load(path, shown_as=shown)
    compute = []
    if check(data, _SPEC, shown, problems, "plain-language rules"):
        for i, node in enumerate(data["compute"]):
            if not check(node, {"pattern": ("text", True), "advice": ("text", True)}, shown, problems, "compute"):
                continue
            try:
                compute.append((re.compile(node["pattern"], re.I), node["advice"]))
            except re.error as exc:
                problems.add(shown, node.line_of("pattern"), f"compute: the pattern is not a valid regex: {exc}")
        for i, cue in enumerate(data.get("explained_by") or ()):
            if cue.count("{term}") != 1:
                problems.add(shown, data["explained_by"].line_of(i), f"explained_by: {cue!r} must hold {{term}} exactly once, where the term stands")
        for word, plainer in data["jargon"].items():
            if not isinstance(plainer, str):
                problems.add(shown, data["jargon"].line_of(word), f"jargon: {word!r} should map to a plainer word")
    problems.raise_if_any()
    return Rules(shown, data["max_sentence_words"], data["max_list_items"], dict(data["jargon"]),
                 tuple(data["medical_terms"]), tuple(compute), tuple(data.get("allowed_phrases") or ()),
                 tuple(data.get("explained_by") or ()))


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", 0 if phrase.isupper() else re.I)


def _has(text: str, phrase: str) -> bool:
    return _pattern(phrase).search(text) is not None


@lru_cache(maxsize=64)
def _any_of(phrases: tuple) -> re.Pattern:
    """One pass over a text for a whole word list (longest first, so "live vaccine" beats "vaccine")."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])", re.I)


def _same(found: str, term: str) -> bool:
    # an all-capitals term (IV, CD19) counts only when written in capitals
    return found == term if term.isupper() else found.lower() == term.lower()


def lint(parts: list[str], items: int, rules: Rules, glossary_forms: tuple) -> list[str]:
    """Findings for one block's text (its paragraph and list items), as short advice."""
    out = []
    text = " ".join(parts)
    for phrase in rules.allowed:
        text = re.sub(re.escape(phrase), " ", text, flags=re.I)
    for sentence in sentences(parts):
        n = len(words(sentence))
        if n > rules.max_sentence_words:
            out.append(f"long sentence ({n} words, keep to {rules.max_sentence_words}): "
                       f"\"{' '.join(words(sentence)[:6])} ...\"")
    if items > rules.max_list_items:
        out.append(f"long list ({items} items, keep to {rules.max_list_items}): split it or group the items")
    found = {m.lower() for m in _any_of(tuple(rules.jargon)).findall(text)}
    for word, plainer in rules.jargon.items():
        if word.lower() in found:
            out.append(f"jargon: use \"{plainer}\" instead of \"{word}\"")
    used = _any_of(rules.medical_terms).findall(text)
    for term in rules.medical_terms:
        if any(_same(u, term) for u in used) and not any(_has(form, term) for form in glossary_forms):
            out.append(f"medical term \"{term}\" has no glossary entry: add it to glossary.yaml")
    for pattern, advice in rules.compute:
        match = pattern.search(text)
        if match:
            out.append(f"number to work out (\"{match.group(0)}\"): {advice}")
    return out
