"""What a draft run produced: the new draft file, and the run's summary for the terminal, the UI and the manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Summary:
    """What a draft run produced, for the user's summary and the Prefect artifact."""

    year: int
    draft: Path
    findings_report: Path
    submitted: list[str]
    missing: list[str]
    errors: int
    warnings: int
    to_complete: int
    unchanged: bool = False  # True: nothing changed, `draft` is the earlier draft (no new file)
    missing_charts: tuple[str, ...] = ()  # annex charts not drawn, each with the reason
    placeholders: tuple[str, ...] = ()  # gaps.PLACES: the 【待补充】 left, as finalize lists them
    incomplete: tuple[str, ...] = ()  # gaps.INCOMPLETE: figures without some units, with the units
    reporter_word: str = (
        "单位"  # what the roster's members are called (the profile's; 县区 at a city)
    )


@dataclass(frozen=True)
class Drafted:
    """A new draft file, and the annex charts that could not go into it (each with the reason)."""

    path: Path
    missing_charts: tuple[str, ...] = ()
