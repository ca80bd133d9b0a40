"""Check stage for review dates: content that nobody has re-read in time must not ship quietly."""
from __future__ import annotations

import datetime as _dt

from handout.content import Library
from handout.errors import Problem


def review_findings(library: Library, grace_days: int, today: _dt.date) -> tuple[list[Problem], list[Problem]]:
    """(warnings for reviews that are due, errors for reviews overdue beyond the grace period)."""
    warnings, errors = [], []
    for drug in library.drugs.values():
        reviewed = [(f"block {b.id!r}", b.review, b.file, b.line) for b in drug.blocks]
        if drug.schedule and drug.schedule.review:
            s = drug.schedule
            reviewed.append(("the treatment schedule", s.review, s.file, s.line))
        for what, review, file, line in reviewed:
            due = review.due
            if today < due:
                continue
            late = (today - due).days
            what = f"{what}: review was due on {due.isoformat()} ({review.every_months} months after " \
                   f"{review.last.isoformat()})"
            if late > grace_days:
                errors.append(Problem(file, line, f"{what}, {late} days ago, past the {grace_days}-day grace "
                                                  "period; re-check it against its sources and update review.last"))
            else:
                warnings.append(Problem(file, line, f"{what}; re-check it against its sources and update "
                                                    "review.last"))
    return warnings, errors
