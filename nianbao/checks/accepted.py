"""What validation accepted of one year's folder: values, texts, findings, and which file each unit's came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.checks.entries import Entry
from nianbao.checks.versions import Copy
from nianbao.core.findings import Finding, count_errors
from nianbao.intake.submission import CellRef, Submission
from nianbao.profile.catalogue import Catalogue


@dataclass(frozen=True)
class Text:
    """An accepted free-text entry, assigned to a report part and attributed to its unit."""

    unit_id: str
    unit: str
    part: str
    category: str
    text: str
    ref: CellRef


@dataclass
class Intake:
    """The validated content of one year's input folder."""

    year: int
    entries: list[Entry] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    submitted: dict[str, Submission] = field(default_factory=dict)
    rejected: list[Submission] = field(default_factory=list)
    identified: dict[str, list[Submission]] = field(default_factory=dict)  # all files naming a unit
    files: list[Submission] = field(default_factory=list)  # every file read, in folder order
    copies: list[Copy] = field(default_factory=list)  # identical copies of used files: counted once
    conflicts: dict[str, list[Submission]] = field(
        default_factory=dict
    )  # unit → files with no order

    def errors_of(self, sub: Submission) -> int:
        """Return the number of error findings in the file of `sub`."""
        return count_errors(f for f in self.findings if f.file == sub.file)

    def roll_call(self, cat: Catalogue) -> tuple[list[str], list[str]]:
        """Return the roster units that report indicators: (names submitted, names missing)."""
        expected = [u for u in cat.units if cat.codes_for(u.id)]
        submitted = [u.name for u in expected if u.id in self.submitted]
        return submitted, [u.name for u in expected if u.id not in self.submitted]
