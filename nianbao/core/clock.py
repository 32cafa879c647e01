"""The office's one clock: every time nianbao shows or stores is Beijing time, whatever the machine's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TIMEZONE = "Asia/Shanghai"
OFFICE_TZ = ZoneInfo(TIMEZONE)


def office_now() -> datetime:
    """Return the current time in Beijing (aware)."""
    return datetime.now(OFFICE_TZ)


def office_time(stamp: datetime | float) -> datetime:
    """Return `stamp` (an aware time or a POSIX timestamp) as a naive Beijing wall-clock time."""
    if isinstance(stamp, datetime):
        return stamp.astimezone(OFFICE_TZ).replace(tzinfo=None)
    return datetime.fromtimestamp(stamp, OFFICE_TZ).replace(tzinfo=None)
