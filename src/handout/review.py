"""Check stage for review dates: content that nobody has re-read in time must not ship quietly."""
from __future__ import annotations

import datetime as _dt

from handout.content import Library
from handout.errors import Problem


def review_findings(library: Library, grace_days: int, today: _dt.date) -> tuple[list[Problem], list[Problem]]:
    """(warnings for reviews that are due, errors for reviews overdue beyond the grace period)."""
    warnings, errors = [], []
    for drug in library.drugs.values():
        for block in drug.blocks:
            due = block.review.due
            if today < due:
                continue
            late = (today - due).days
            what = (f"block {block.id!r}: review was due on {due.isoformat()} "
                    f"({block.review.every_months} months after {block.review.last.isoformat()})")
            if late > grace_days:
                errors.append(Problem(block.file, block.line, f"{what}, {late} days ago, past the {grace_days}-day "
                                                              "grace period; re-check it against its sources and "
                                                              "update review.last"))
            else:
                warnings.append(Problem(block.file, block.line, f"{what}; re-check it against its sources and "
                                                                "update review.last"))
    return warnings, errors
