"""Submission status of a year's collection round: who has submitted, with errors, or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from nianbao.checks.accepted import Intake
from nianbao.core.findings import count_errors
from nianbao.core.lock import year_lock
from nianbao.core.storage import replace_file
from nianbao.core.workbooks import ERROR_FILL, WARN_FILL, append_safe, new_book
from nianbao.profile.catalogue import Catalogue

State = Literal["未提交", "有错误", "已提交"]
STATES: tuple[State, ...] = ("未提交", "有错误", "已提交")  # the order units are listed in
STATUS_FILE = "报送情况.xlsx"
COLUMNS = ("单位", "状态", "错误", "提醒", "文件", "提交时间（北京时间）")
_TIME = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class UnitStatus:
    """Where one roster unit stands: state, findings in its file(s), file names, submission time."""

    unit_id: str
    unit: str
    state: State
    errors: int = 0
    warnings: int = 0
    files: tuple[str, ...] = ()
    submitted_at: datetime | None = None


def submission_status(intake: Intake, cat: Catalogue) -> list[UnitStatus]:
    """Return the status of every roster unit that reports indicators, in roster order.

    A unit has 有错误 when an error finding concerns one of its files or none of its files was
    accepted (wrong year, several files); the time is the latest modification time of its files.
    """
    rows = []
    for unit in cat.units:
        if not cat.codes_for(unit.id):
            continue
        subs = intake.identified.get(unit.id, [])
        files = tuple(s.file for s in subs)
        if not subs:
            rows.append(UnitStatus(unit.id, unit.name, "未提交"))
            continue
        concerning = [f for f in intake.findings if f.file in files]
        errors = count_errors(concerning)
        state: State = "有错误" if errors or unit.id not in intake.submitted else "已提交"
        rows.append(
            UnitStatus(
                unit.id,
                unit.name,
                state,
                errors,
                len(concerning) - errors,
                files,
                max(s.modified for s in subs),
            )
        )
    return rows


def unidentified_files(intake: Intake) -> list[str]:
    """Return the files no roster unit could be recognised in (unreadable, unknown 单位名称)."""
    named = {s.file for subs in intake.identified.values() for s in subs}
    return [s.file for s in intake.rejected if s.file not in named]


def default_deadline(cat: Catalogue, year: int) -> date:
    """Return the publication deadline of the report for `year` (profile deadline, e.g. 03-31, of year+1)."""
    month, day = (int(x) for x in cat.profile.deadline.split("-"))
    return date(year + 1, month, day)


def ordered(rows: Sequence[UnitStatus]) -> list[UnitStatus]:
    """Return `rows` with missing units first, then units with errors, then the rest (stable)."""
    return sorted(rows, key=lambda r: STATES.index(r.state))


def deadline_phrase(deadline: date, today: date) -> str:
    """Return the days left to `deadline` in Chinese, or how many days it is overdue."""
    when = _day(deadline)
    days = (deadline - today).days
    if days > 0:
        return f"距截止日期（{when}）还有{days}天"
    if days == 0:
        return f"今天（{when}）是截止日期"
    return f"已超过截止日期（{when}）{-days}天"


def status_table(rows: Sequence[UnitStatus]) -> list[dict[str, str]]:
    """Return `rows` as table rows with Chinese column names (see COLUMNS), missing units first."""
    return [
        dict(
            zip(
                COLUMNS,
                (
                    r.unit,
                    r.state,
                    str(r.errors) if r.files else "",
                    str(r.warnings) if r.files else "",
                    "、".join(r.files),
                    r.submitted_at.strftime(_TIME) if r.submitted_at else "",
                ),
                strict=True,
            )
        )
        for r in ordered(rows)
    ]


def state_counts(rows: Sequence[UnitStatus]) -> str:
    """Return how many units are in each state, e.g. 应报送30个单位：未提交1个，有错误1个，已提交28个."""
    count = {s: sum(1 for r in rows if r.state == s) for s in STATES}
    return f"应报送{len(rows)}个单位：" + "，".join(f"{s}{count[s]}个" for s in STATES)


def status_markdown(
    rows: Sequence[UnitStatus],
    year: int,
    deadline: date,
    today: date,
    unidentified: Sequence[str] = (),
    table: str = "",
) -> str:
    """Return the Chinese markdown status report: deadline, counts, then units by urgency.

    `table` is where 报送情况.xlsx is, as the office opens it (none: not mentioned).
    """
    missing = [r.unit for r in rows if r.state == "未提交"]
    lines = [
        f"# {year}年度报送情况（{_day(today)}）",
        "",
        f"- {deadline_phrase(deadline, today)}",
        f"- {state_counts(rows)}",
        f"- 未提交：{'、'.join(missing) if missing else '无'}",
    ]
    if unidentified:
        lines.append(f"- 无法识别报送单位的文件：{'、'.join(unidentified)}")
    if table:
        lines.append(f"- 报送情况表：`{table}`；每个问题的单元格、原值和建议见表格 findings-{year}")
    lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    for row in status_table(rows):
        cells = (v.replace("|", "｜") or "—" for v in row.values())
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def write_status(rows: list[UnitStatus], out: Path, unidentified: Sequence[str] = ()) -> Path:
    """Write the submission status `rows` (missing first) and unrecognised files to `out`, atomically."""
    book, sheet = new_book("报送情况", COLUMNS)
    fills = {"未提交": ERROR_FILL, "有错误": WARN_FILL}
    for r in ordered(rows):  # counts as numbers and the time as a date cell, not as text
        counts = (r.errors, r.warnings) if r.files else (None, None)
        cells = append_safe(sheet, (r.unit, r.state, *counts, "、".join(r.files), r.submitted_at))
        cells[5].number_format = "yyyy-mm-dd hh:mm"
        if fill := fills.get(r.state):
            cells[1].fill = fill
    for file in unidentified:
        cells = append_safe(sheet, ("（无法识别单位）", "无法识别", "", "", file, ""))
        cells[1].fill = ERROR_FILL
    for col, width in zip("ABCDEF", (24, 10, 8, 8, 60, 18), strict=False):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    with year_lock(out.parent, "更新报送情况"):
        return replace_file(out, book.save)
