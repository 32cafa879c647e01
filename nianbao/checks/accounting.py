"""Accounting of every submitted value: counted in the figures, or set aside with a reason named."""

from __future__ import annotations

from dataclasses import dataclass, replace
from operator import itemgetter

from nianbao.checks.accepted import Intake
from nianbao.core.findings import Finding
from nianbao.intake.cells import is_blank
from nianbao.intake.readers import CellRef, RawValue, Submission
from nianbao.profile.catalogue import Catalogue

_ENTRY_REF, _RAW_REF = itemgetter(3), itemgetter(2)  # Entry.ref, RawValue.ref (map runs in C)

# Findings that set a whole file aside: every value in it is rejected for that reason.
FILE_REASONS = (
    "unit.missing",
    "unit.unknown",
    "year.wrong",
    "submission.superseded",
    "submission.duplicate_tie",
)


@dataclass(frozen=True)
class Tally:
    """The values of one unit (or one unidentified file): submitted, counted, rejected with a reason.

    The three counts are taken independently: `counted` from what validation kept, `rejected` from
    the 错误 findings (only an error says a value is not counted; a 提醒 means counted, please check),
    `copies` from the identical copies of the file used (counted once, through that file). So the
    identity submitted = counted + rejected + copies can fail: `unaccounted` values are in neither
    count, `contradicted` ones in both (kept, although an error says they are not).
    """

    unit: str
    files: int
    submitted: int
    counted: int
    rejected: int
    unaccounted: tuple[CellRef, ...] = ()
    copies: int = 0
    contradicted: tuple[CellRef, ...] = ()

    @property
    def balanced(self) -> bool:
        """Return whether submitted = counted + rejected + copies, each value in exactly one count."""
        return (
            not self.unaccounted
            and not self.contradicted
            and self.submitted == self.counted + self.rejected + self.copies
        )


@dataclass(frozen=True)
class Accounting:
    """The tallies of one run, per unit in roster order, and their total."""

    units: tuple[Tally, ...]
    total: Tally

    @property
    def balanced(self) -> bool:
        """Return whether every unit's tally balances."""
        return all(t.balanced for t in self.units) and self.total.balanced


def account(intake: Intake, cat: Catalogue) -> Accounting:
    """Return the accounting of `intake`: every non-empty 本年数值 cell counted, named in a finding,
    or in an identical copy of the file used (counted once).
    """
    unit_of = {id(s): uid for uid, subs in intake.identified.items() for s in subs}
    names = {u.id: u.name for u in cat.units}
    order = {u.id: i for i, u in enumerate(cat.units)}
    counted = set(map(_ENTRY_REF, intake.entries))
    chosen = {id(s) for s in intake.submitted.values()}
    copies = {id(c.copy) for c in intake.copies if id(c.original) in chosen}
    reasons = _reasons(intake.findings)
    groups: dict[str, list[Tally]] = {}
    for sub in intake.files:
        uid = unit_of.get(id(sub))
        key = uid if uid is not None else f"（未识别）{sub.file}"
        tally = (
            _copy(sub) if id(sub) in copies else _tally(sub, id(sub) in chosen, counted, reasons)
        )
        groups.setdefault(key, []).append(tally)
    units = tuple(
        _sum(names.get(key, key), tallies)
        for key, tallies in sorted(
            groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])
        )
    )
    return Accounting(units, _sum("合计", list(units)))


def _reasons(findings: list[Finding]) -> dict[str, set[tuple[str, str]]]:
    """Return file → the (sheet, cell) an error names, plus ("", "*") when the whole file is set aside.

    Only errors count: a 提醒 says the value is counted, so it can never account for one that is not.
    """
    found: dict[str, set[tuple[str, str]]] = {}
    for f in findings:
        if f.kind.startswith("accounting.") or f.level != "错误":
            continue
        cells = found.setdefault(f.file, set())
        cells.add((f.sheet, f.cell))
        if f.kind in FILE_REASONS or (f.kind.startswith("file.") and f.level == "错误"):
            cells.add(("", "*"))
    return found


def _tally(
    sub: Submission, chosen: bool, counted: set[CellRef], reasons: dict[str, set[tuple[str, str]]]
) -> Tally:
    typed = _typed(sub)
    submitted = len(typed) + len(sub.unread)
    cells = reasons.get(sub.file)
    if not cells:  # no error names this file (the common case): each value counted or unaccounted
        kept = (
            list(map(counted.__contains__, map(_RAW_REF, typed)))
            if chosen
            else [False] * len(typed)
        )
        lost = (
            () if all(kept) else tuple(raw.ref for raw, k in zip(typed, kept, strict=True) if not k)
        )
        return Tally(sub.file, 1, submitted, sum(kept), 0, lost + tuple(sub.unread))
    set_aside = ("", "*") in cells
    kept = [chosen and raw.ref in counted for raw in typed]
    said = [
        set_aside
        or (raw.ref.sheet, raw.ref.cell) in cells
        or (raw.code_ref.sheet, raw.code_ref.cell) in cells
        for raw in typed
    ]
    lost = tuple(raw.ref for raw, k, s in zip(typed, kept, said, strict=True) if not k and not s)
    lost += tuple(sub.unread)  # typed (the census saw them) but never read as a value
    both = tuple(raw.ref for raw, k, s in zip(typed, kept, said, strict=True) if k and s)
    return Tally(sub.file, 1, submitted, sum(kept), sum(said), lost, contradicted=both)


def _copy(sub: Submission) -> Tally:
    """Return the tally of an identical copy of the file used: its values count once, through that file."""
    typed = _typed(sub)
    return Tally(sub.file, 1, len(typed), 0, 0, copies=len(typed))


def _typed(sub: Submission) -> list[RawValue]:
    return [raw for raw in sub.values if type(raw.raw) is float or not is_blank(raw.raw)]


def _sum(unit: str, tallies: list[Tally]) -> Tally:
    # One file for the unit (the common case): its tally, under the unit's name.
    if len(tallies) == 1:
        return replace(tallies[0], unit=unit)
    return Tally(
        unit,
        sum(t.files for t in tallies),
        sum(t.submitted for t in tallies),
        sum(t.counted for t in tallies),
        sum(t.rejected for t in tallies),
        tuple(ref for t in tallies for ref in t.unaccounted),
        sum(t.copies for t in tallies),
        tuple(ref for t in tallies for ref in t.contradicted),
    )


def unbalanced(accounting: Accounting) -> list[Finding]:
    """Return one error per value in neither count or in both (a bug: should never happen)."""
    said = (
        (accounting.total.unaccounted, "该数值既未计入汇总，也没有“错误”说明未采用的原因"),
        (accounting.total.contradicted, "该数值已计入汇总，但校验报告中的“错误”说它未采用"),
    )
    return [
        Finding.error(
            ref.file,
            ref.sheet,
            ref.cell,
            f"{message}（数据核对不平）",
            advice="请把该文件发给开发人员排查",
            kind="accounting.unbalanced",
        )
        for refs, message in said
        for ref in refs
    ]
