"""A personal cycle calendar as plain data: the weeks of one cycle, each day marked, in the
locale's week order and date formats (Babel/CLDR)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names

from handout.content import Schedule


@dataclass(frozen=True)
class Day:
    date: _dt.date
    label: str            # the date as the cell shows it ("Dec 7", "7 dic")
    cycle_day: int | None  # 1-based day of the cycle; None outside it
    kind: str             # "medicine", "break", "next" (the next cycle could start) or "" (outside)
    hospital: bool        # marked as a hospital day (only when the clinic gave the number of days)
    hospital_start: bool  # the first day of a cycle that starts in hospital


@dataclass(frozen=True)
class Calendar:
    cycle: int
    start: _dt.date
    next_start: _dt.date
    weekdays: tuple       # abbreviated weekday names, in the locale's order
    weeks: tuple          # tuple of 7-Day tuples
    start_long: str
    end_long: str         # last day of the break
    next_long: str


def cycle_calendar(schedule: Schedule, start: _dt.date, cycle: int, cldr: str,
                   hospital_days: int | None = None) -> Calendar:
    locale = Locale.parse(cldr)
    first = locale.first_week_day  # 0 = Monday ... 6 = Sunday
    names = get_day_names("abbreviated", locale=locale)
    weekdays = tuple(names[(first + i) % 7] for i in range(7))
    next_start = start + _dt.timedelta(days=schedule.cycle_days)
    in_hospital = cycle in schedule.hospital_cycles
    grid_start = start - _dt.timedelta(days=(start.weekday() - first) % 7)
    weeks, day = [], grid_start
    while day <= next_start:
        week = []
        for _ in range(7):
            n = (day - start).days + 1
            if 1 <= n <= schedule.infusion_days:
                kind = "medicine"
            elif schedule.infusion_days < n <= schedule.cycle_days:
                kind = "break"
            elif day == next_start:
                kind = "next"
            else:
                kind = ""
            show_month = day == grid_start or day.day == 1 or day == start
            label = format_skeleton("MMMd", day, locale=locale) if show_month else str(day.day)
            week.append(Day(day, label, n if kind in ("medicine", "break") else None, kind,
                            bool(in_hospital and hospital_days and 1 <= n <= hospital_days),
                            in_hospital and n == 1))
            day += _dt.timedelta(days=1)
        weeks.append(tuple(week))
    long = lambda d: format_date(d, format="long", locale=locale)  # noqa: E731
    return Calendar(cycle, start, next_start, weekdays, tuple(weeks), long(start),
                    long(next_start - _dt.timedelta(days=1)), long(next_start))
