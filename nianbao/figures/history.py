"""Earlier years beside the inputs: their complete figures, last year's planned tasks and unit values."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from nianbao.checks.accepted import Text
from nianbao.checks.entries import Entry
from nianbao.checks.validation import gather
from nianbao.figures.aggregation import aggregate, known_values
from nianbao.profile.catalogue import Catalogue

HISTORY_YEARS = 4  # earlier years read for the annex charts


def previous_values(folder: Path, cat: Catalogue, year: int) -> dict[str, Decimal]:
    """Return last year's complete figures from `folder`, or nothing when that folder is absent."""
    if not folder.is_dir():
        return {}
    intake = gather(folder, cat, year)
    return known_values(aggregate(intake, cat))


@dataclass(frozen=True)
class History:
    """Earlier years' complete figures (annex charts), last year's planned tasks (follow-up) and entries."""

    values: dict[int, dict[str, Decimal]] = field(default_factory=dict)
    planned: list[Text] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # last year's accepted unit values


def gather_history(folder: Path | None, cat: Catalogue, year: int) -> History:
    """Return the figures of the year folders before `year` beside `folder`, and last year's tasks."""
    if folder is None:
        return History()
    values, planned, entries = {}, [], []
    for earlier in range(year - HISTORY_YEARS, year):
        sibling = folder.parent / str(earlier)
        if not sibling.is_dir():
            continue
        intake = gather(sibling, cat, earlier)
        values[earlier] = known_values(aggregate(intake, cat))
        if earlier == year - 1:
            planned, entries = _planned_tasks(intake.texts, cat), intake.entries
    return History(values, planned, entries)


def _planned_tasks(texts: list[Text], cat: Catalogue) -> list[Text]:
    """Return the texts of the 主要任务 parts, by part then roster order (as the report lists them)."""
    parts = {p.key: i for i, p in enumerate(cat.parts) if p.section == "tasks"}
    units = {u.id: i for i, u in enumerate(cat.units)}
    tasks = [t for t in texts if t.part in parts]
    return sorted(tasks, key=lambda t: (parts[t.part], units.get(t.unit_id, len(units))))
