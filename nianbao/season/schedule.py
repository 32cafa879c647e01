"""The collection season's calendar: working-day mornings from 2 January to 31 March, Beijing time.

Working days are China's official ones (public holidays off, 调休 weekends on) from the
`chinesecalendar` package for the years it knows; a later year falls back to Monday–Friday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import chinese_calendar

from nianbao.core.clock import OFFICE_TZ, office_now

SEASON_START = (1, 2)  # (month, day): the first working day after 元旦
SEASON_END = (3, 31)  # the report is published before 1 April


@dataclass(frozen=True)
class Slot:
    """A run time on every season working day, named for the schedule slug (lowercase, dashes)."""

    name: str
    hour: int
    minute: int


STATUS_SLOT = Slot("status-0830", 8, 30)
DRAFT_SLOT = Slot("draft-0900", 9, 0)
COLLECT_SLOT = Slot("collect-0800", 8, 0)  # the city collects the districts' packages


@cache
def calendar_knows(year: int) -> bool:
    """Return whether the official calendar of `year` (holidays and 调休) is known to this install."""
    try:
        chinese_calendar.is_workday(date(year, SEASON_START[0], SEASON_START[1]))
    except NotImplementedError:
        return False
    return True


def working_day(day: date) -> bool:
    """Return whether the office works on `day`: the official calendar, else Monday–Friday."""
    if calendar_knows(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def in_season(day: date) -> bool:
    """Return whether `day` is a working day between 2 January and 31 March (bounds included)."""
    return SEASON_START <= (day.month, day.day) <= SEASON_END and working_day(day)


def season_rrule(slot: Slot, first_year: int) -> str:
    """Return the runs of `slot` from the season of `first_year` on as an RFC 5545 set (naive Beijing times).

    Seasons the official calendar knows are listed date by date (RDATE); from the first year it does
    not know, two rules run Monday–Friday, 2–31 January and February–March. `season_runs` is the
    specification this must match (tests compare them through Prefect's own evaluation).
    """
    year, known = first_year, []
    while calendar_knows(year):
        start = datetime(year, *SEASON_START, tzinfo=OFFICE_TZ)
        known += [r for r in season_runs(slot, start, 100) if r.year == year]
        year += 1
    at = f"{slot.hour:02d}{slot.minute:02d}00"
    weekdays = "BYDAY=MO,TU,WE,TH,FR"
    lines = [
        f"DTSTART:{year}{SEASON_START[0]:02d}{SEASON_START[1]:02d}T{at}",
        f"RRULE:FREQ=DAILY;BYMONTH=1;BYMONTHDAY={','.join(map(str, range(2, 32)))};{weekdays}",
        f"RRULE:FREQ=DAILY;BYMONTH=2,3;{weekdays}",
    ]
    if known:
        lines.append("RDATE:" + ",".join(r.strftime("%Y%m%dT%H%M%S") for r in known))
    return "\n".join(lines)


def day_after_cron(month_day: str, slot: Slot) -> str:
    """Return the cron line of `slot` on the day after `month_day` ("02-15": 16 February) each year.

    The city drafts the morning after the districts' deadline. The day after 28 February is taken
    as 1 March, which every year has (in a leap year that is two days after: still after it).
    """
    month, day = (int(x) for x in month_day.split("-"))
    after = date(2000, month, day) + timedelta(days=1)  # 2000 has every month-day
    if (after.month, after.day) == (2, 29):
        after = date(2000, 3, 1)
    return f"{slot.minute} {slot.hour} {after.day} {after.month} *"


def first_unknown_season(now: datetime | None = None) -> int:
    """Return the first season year from now on whose official calendar is not known yet."""
    year = (now or office_now()).astimezone(OFFICE_TZ).year
    while calendar_knows(year):
        year += 1
    return year


def season_runs(slot: Slot, start: datetime, n: int) -> list[datetime]:
    """Return the next `n` run times of `slot` at or after the aware `start`, in Asia/Shanghai (the spec)."""
    day = start.astimezone(OFFICE_TZ).date()
    runs: list[datetime] = []
    while len(runs) < n:
        at = datetime.combine(day, time(slot.hour, slot.minute), OFFICE_TZ)
        if in_season(day) and at >= start:
            runs.append(at)
        day += timedelta(days=1)
    return runs


def report_year(now: datetime | None = None) -> int:
    """Return the year being reported on at `now` (default: now in Asia/Shanghai): last year."""
    return (now or office_now()).astimezone(OFFICE_TZ).year - 1
