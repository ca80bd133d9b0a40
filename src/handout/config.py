"""Project policy from config.yaml (review grace period, and later reading targets)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

_TOP = {"review": ("mapping", True)}
_REVIEW = {"grace_days": ("integer", True)}


@dataclass(frozen=True)
class Config:
    review_grace_days: int


def load_config(path: Path, shown: str) -> Config:
    problems = Problems()
    data = yamlfile.load(path, shown_as=shown)
    if check(data, _TOP, shown, problems, "config") and check(data["review"], _REVIEW, shown, problems, "review"):
        if data["review"]["grace_days"] < 0:
            problems.add(shown, data["review"].line_of("grace_days"), "review: grace_days should be 0 or more")
    problems.raise_if_any()
    return Config(review_grace_days=data["review"]["grace_days"])
