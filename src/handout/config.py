"""Project policy from config.yaml (review grace period, and later reading targets)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

_TOP = {"review": ("mapping", True), "reading": ("mapping", True)}
_REVIEW = {"grace_days": ("integer", True)}
_READING = {"max_grade": ("mapping", True), "max_document_grade": ("number", True), "locales": ("mapping", False)}
_LOCALE_GATE = {"formula": ("text", True), "min_score": ("mapping", True), "min_document_score": ("number", True)}
# Reading-ease formulas a locale may be gated on (higher is easier), by the language they were made for.
EASE_FORMULAS = {"es": ("fernandez_huerta", "szigriszt_pazos")}


@dataclass(frozen=True)
class EaseGate:
    """A locale gated on a reading-ease score (higher is easier) instead of a school grade."""
    formula: str
    min_score: dict           # audience id or "card" -> lowest score for a block
    min_document_score: float


@dataclass(frozen=True)
class Config:
    review_grace_days: int
    max_grade: dict           # audience id or "card" -> highest Flesch-Kincaid grade for a block
    max_document_grade: float
    locale_gates: dict = None  # language ("es") -> EaseGate; other languages but English have no gate


def load_config(path: Path, shown: str) -> Config:
    problems = Problems()
    data = yamlfile.load(path, shown_as=shown)
    check(data, _TOP, shown, problems, "config")
    if isinstance(data, dict):  # check each section that is there, even if another is missing
        review, reading = data.get("review"), data.get("reading")
        if review is not None and check(review, _REVIEW, shown, problems, "review") and review["grace_days"] < 0:
            problems.add(shown, review.line_of("grace_days"), "review: grace_days should be 0 or more")
        if reading is not None and check(reading, _READING, shown, problems, "reading"):
            grades = reading["max_grade"]
            for key, value in grades.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    problems.add(shown, grades.line_of(key), f"reading: max_grade {key!r} should be a number")
                elif not 1 <= value <= 20:  # NaN fails too: a target nothing can exceed turns the gate off
                    problems.add(shown, grades.line_of(key), f"reading: max_grade {key!r} should be a school grade "
                                                             f"from 1 to 20, found {value}")
        if reading is not None and isinstance(reading, dict) and reading.get("locales") is not None:
            _check_locale_gates(reading["locales"], shown, problems)
    problems.raise_if_any()
    gates = {lang: EaseGate(g["formula"], dict(g["min_score"]), float(g["min_document_score"]))
             for lang, g in (data["reading"].get("locales") or {}).items()}
    return Config(review_grace_days=data["review"]["grace_days"], max_grade=dict(data["reading"]["max_grade"]),
                  max_document_grade=float(data["reading"]["max_document_grade"]), locale_gates=gates)


def _check_locale_gates(locales, shown: str, problems: Problems) -> None:
    for lang, gate in locales.items():
        where = f"reading: locales: {lang}"
        if lang not in EASE_FORMULAS:
            problems.add(shown, locales.line_of(lang), f"{where}: no reading-ease formula is known for {lang!r} "
                                                       f"(known: {', '.join(EASE_FORMULAS)})")
            continue
        if not check(gate, _LOCALE_GATE, shown, problems, where):
            continue
        if gate["formula"] not in EASE_FORMULAS[lang]:
            problems.add(shown, gate.line_of("formula"), f"{where}: formula should be one of "
                                                         f"{', '.join(EASE_FORMULAS[lang])}")
        scores = [(gate["min_score"], key, gate["min_score"].line_of(key)) for key in gate["min_score"]]
        scores.append((gate, "min_document_score", gate.line_of("min_document_score")))
        for mapping, key, line in scores:
            value = mapping[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 120:
                problems.add(shown, line, f"{where}: {key} should be a reading-ease score from 0 to 120, "
                                          f"found {value!r}")
