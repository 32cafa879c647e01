"""Year-on-year checks of each unit's own rows: 本年数值 against its 上年数值 and its own last report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from nianbao.checks.accepted import Intake
from nianbao.checks.entries import Entry
from nianbao.core.errors import ValueParseError
from nianbao.core.findings import Finding, show_raw
from nianbao.figures.aggregation import Figure
from nianbao.figures.trends import implausible, jump_findings, shown
from nianbao.intake.submission import CellRef, RawValue
from nianbao.intake.values import parse_value
from nianbao.profile.catalogue import Catalogue, Indicator

# The kinds of finding the year-on-year checks emit (after validation, with last year at hand).
YEAR_ON_YEAR_KINDS = ("value.jump", "value.previous_mismatch", "total.jump")
_ADVICE = {
    "value.jump": "请核对本年数值，注意是否多录或少录一位数字；数值无误的，请在“填报说明”列写明变化原因",
    "value.previous_mismatch": "上年数值由填报表预填，应与本单位上年报送并采用的数值一致；"
    "请核对，上年数据确有更正的，请在“填报说明”列说明",
}


def year_on_year(
    intake: Intake, figures: Mapping[str, Figure], cat: Catalogue, last: Sequence[Entry] = ()
) -> list[Finding]:
    """Return the district-level and unit-level year-on-year findings, each implausible cell once.

    `last` are the accepted entries of last year's submissions (empty when that folder is absent).
    A district figure reported by a single unit is the unit's own row: when the unit-level check
    already flags that cell, the district finding is not repeated.
    """
    units = unit_findings(intake, cat, last)
    flagged = {(f.file, f.sheet, f.cell, f.code) for f in units if f.kind == "value.jump"}
    district = [
        f for f in jump_findings(figures, cat) if (f.file, f.sheet, f.cell, f.code) not in flagged
    ]
    return district + units


def unit_findings(intake: Intake, cat: Catalogue, last: Sequence[Entry] = ()) -> list[Finding]:
    """Return a 提醒 at each unit's cell whose change on its own last-year value is implausible.

    Last year's value is the unit's own accepted value of last year's submission when there is
    one, else the 上年数值 typed on the same row; when both exist and differ, that is a 提醒 too.
    """
    rows = {raw.ref: raw for sub in intake.submitted.values() for raw in sub.values}
    before = {(e.unit_id, e.code): e for e in last}
    trend, found = cat.targets.trend, []
    for entry in intake.entries:
        raw, ind = rows[entry.ref], cat.indicators[entry.code]
        typed = _typed_previous(raw)
        own = before.get((entry.unit_id, entry.code))
        if typed is not None and own is not None and typed != own.quantity.value:
            found.append(_mismatch(raw, entry, ind, typed, own, intake.year - 1))
        value = own.quantity.value if own is not None else typed
        if reason := implausible(entry.quantity.value, value, ind, trend):
            basis = _basis(raw, typed, own, intake.year - 1)
            message = f"{ind.name}与本单位上年相比变化异常：{reason}；上年数值取自{basis}"
            found.append(_warning(entry.ref, entry, message, raw.raw, "value.jump"))
    return found


def _typed_previous(raw: RawValue) -> Decimal | None:
    """Return the number in the row's 上年数值 cell, None when blank or not a number.

    The column is only compared against: a 上年数值 that is not a number is not a value of this year
    and is set aside without a finding (the comparison with last year's report still applies).
    """
    try:
        quantity = parse_value(raw.previous)
    except ValueParseError:
        return None
    return quantity.value if quantity is not None else None


def _basis(raw: RawValue, typed: Decimal | None, own: Entry | None, year: int) -> str:
    """Return where last year's value came from, in Chinese, naming the cell or file."""
    if own is None:
        return f"本表上年数值{_cell(raw.previous_ref)}"
    report = f"本单位{year}年报表（{own.ref}）"
    if typed is None:
        return report
    if typed == own.quantity.value:
        return f"本表上年数值{_cell(raw.previous_ref)}，与{report}一致"
    return f"{report}；本表上年数值{_cell(raw.previous_ref)}与之不一致"


def _mismatch(
    raw: RawValue, entry: Entry, ind: Indicator, typed: Decimal, own: Entry, year: int
) -> Finding:
    message = (
        f"{ind.name}：本表上年数值为{shown(typed, ind)}，本单位{year}年报送并采用的是"
        f"{shown(own.quantity.value, ind)}（{own.ref}），两者不一致"
    )
    ref = raw.previous_ref or entry.ref
    return _warning(ref, entry, message, raw.previous, "value.previous_mismatch")


def _warning(ref: CellRef, entry: Entry, message: str, typed: object, kind: str) -> Finding:
    """Return the 提醒 of `kind` at `ref` about `entry`, with what the cell holds as 原值."""
    return Finding.warning(
        *ref,
        message,
        unit=entry.unit_id,
        code=entry.code,
        raw=show_raw(typed),
        advice=_ADVICE[kind],
        kind=kind,
    )


def _cell(ref: CellRef | None) -> str:
    return ref.cell if ref is not None else ""
