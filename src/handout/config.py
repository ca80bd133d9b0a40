"""Project policy from config.yaml (review grace period, and later reading targets)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

_TOP = {"review": ("mapping", True), "reading": ("mapping", True)}
_REVIEW = {"grace_days": ("integer", True)}
_READING = {"max_grade": ("mapping", True), "max_document_grade": ("number", True)}


@dataclass(frozen=True)
class Config:
    review_grace_days: int
    max_grade: dict           # audience id or "card" -> highest Flesch-Kincaid grade for a block
    max_document_grade: float


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
    problems.raise_if_any()
    return Config(review_grace_days=data["review"]["grace_days"], max_grade=dict(data["reading"]["max_grade"]),
                  max_document_grade=float(data["reading"]["max_document_grade"]))
