"""The collection season's calendar: weekday mornings from 2 January to 31 March, Beijing time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TIMEZONE = "Asia/Shanghai"
OFFICE_TZ = ZoneInfo(TIMEZONE)
SEASON_START = (1, 2)  # (month, day): the first working day after 元旦
SEASON_END = (3, 31)  # the report is published before 1 April


@dataclass(frozen=True)
class Slot:
    """A run time on every season weekday, named for the schedule slugs (lowercase, dashes)."""

    name: str
    hour: int
    minute: int

    def crons(self) -> list[tuple[str, str]]:
        """Return (slug, cron) pairs firing at this time on season weekdays; evaluate with day_or off.

        Cron cannot say "2 January to 31 March" in one line, so January (from the 2nd) and
        February–March are two expressions; `season_runs` is the specification they must match
        (tests compare them), so edit both together.
        """
        at = f"{self.minute} {self.hour}"
        return [
            (f"{self.name}-jan", f"{at} 2-31 1 1-5"),
            (f"{self.name}-feb-mar", f"{at} * 2-3 1-5"),
        ]


STATUS_SLOT = Slot("status-0830", 8, 30)
DRAFT_SLOT = Slot("draft-0900", 9, 0)


def in_season(day: date) -> bool:
    """Return whether `day` is a weekday between 2 January and 31 March (bounds included)."""
    return day.weekday() < 5 and SEASON_START <= (day.month, day.day) <= SEASON_END


def season_runs(slot: Slot, start: datetime, n: int) -> list[datetime]:
    """Return the next `n` run times of `slot` at or after the aware `start`, in Asia/Shanghai."""
    day = start.astimezone(OFFICE_TZ).date()
    runs: list[datetime] = []
    while len(runs) < n:
        at = datetime.combine(day, time(slot.hour, slot.minute), OFFICE_TZ)
        if in_season(day) and at >= start:
            runs.append(at)
        day += timedelta(days=1)
    return runs


def office_now() -> datetime:
    """Return the current time in Asia/Shanghai."""
    return datetime.now(OFFICE_TZ)


def report_year(now: datetime | None = None) -> int:
    """Return the year being reported on at `now` (default: now in Asia/Shanghai): last year."""
    return (now or office_now()).astimezone(OFFICE_TZ).year - 1
