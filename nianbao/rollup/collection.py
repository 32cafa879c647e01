"""The city's collection round: each district's state, the revision the city uses, and 报送情况.xlsx.

States: 未报送 (no revision), 已报送 (latest revision intact, not yet used), 已采用 (used by a city
draft), 退回修改 (the latest revision fails the checks, or the city sent it back with a reason). The
revision used is the newest one that is intact and not sent back, so a damaged revision 2 leaves
revision 1 in use. The city's decisions lie beside the revisions as small JSON files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from nianbao.core.clock import office_now, office_time
from nianbao.core.errors import InputError
from nianbao.core.lock import year_lock
from nianbao.core.storage import replace_file
from nianbao.core.workbooks import ERROR_FILL, WARN_FILL, append_safe, new_book
from nianbao.profile.catalogue import Catalogue, Unit
from nianbao.rollup.inspection import read_package
from nianbao.rollup.location import Location
from nianbao.rollup.package import Published, district_folder, revisions

State = Literal["未报送", "已报送", "已采用", "退回修改"]
STATES: tuple[State, ...] = (
    "未报送",
    "退回修改",
    "已报送",
    "已采用",
)  # the order districts are listed in
COLUMNS = ("县区", "状态", "最新版本", "采用版本", "报送时间（北京时间）", "逾期", "校验码", "说明")
_RETURNED = "returned-{}.json"
_ADOPTED = "adopted-{}.json"


@dataclass(frozen=True)
class DistrictStatus:
    """Where one district stands: state, latest revision, the package the city uses, and why."""

    district_id: str
    district: str
    state: State
    revision: int | None = None  # the latest revision found
    published: datetime | None = None  # when the latest intact revision was published
    late: bool = False
    reason: str = ""  # why it was sent back, naming the file; or other remarks
    used: Published | None = None  # the newest intact revision not sent back
    folder: str = ""  # the district's folder at the location

    @property
    def sha256(self) -> str:
        """Return the hash of the package in use ("" when none)."""
        return self.used.sha256 if self.used else ""


def collect(location: Location | str, year: int, cat: Catalogue) -> list[DistrictStatus]:
    """Return the state of every district of the city's roster for `year`, in roster order."""
    where = location if isinstance(location, Location) else Location(location)
    due = form_deadline(cat, year)
    return [_status(where, year, unit, due) for unit in cat.units if cat.codes_for(unit.id)]


def unknown_folders(location: Location | str, year: int, cat: Catalogue) -> list[str]:
    """Return the folders at the location no district of the roster is named by."""
    where = location if isinstance(location, Location) else Location(location)
    known = {district_folder(u.name) for u in cat.units}
    return [
        name
        for name in where.names(str(year))
        if where.is_folder(str(year), name)
        and not name.startswith(".")
        and name not in known
        and cat.unit_named(name) is None
    ]


def form_deadline(cat: Catalogue, year: int) -> date:
    """Return the day districts must have published by (the profile's form_deadline of year + 1)."""
    month, day = (int(x) for x in cat.profile.form_deadline.split("-"))
    return date(year + 1, month, day)


def _status(location: Location, year: int, unit: Unit, due: date) -> DistrictStatus:
    folder = _folder_of(location, year, unit)
    found = revisions(location, year, folder)
    if not found:
        return DistrictStatus(unit.id, unit.name, "未报送", folder=folder)
    latest = found[-1]
    reason, used = "", None
    for rev in reversed(found):
        try:
            package = read_package(location, year, folder, rev)
        except InputError as exc:
            reason = reason or str(exc)
            continue
        sent_back = _decision(location, year, folder, _RETURNED.format(rev))
        if sent_back is not None:
            reason = reason or f"第{rev}版退回修改：{sent_back.get('reason', '')}"
            continue
        used = package
        break
    late = used is not None and office_time(used.manifest.published).date() > due
    if reason:
        if used is not None:
            reason += f"；暂用第{used.revision}版"
        return DistrictStatus(
            unit.id, unit.name, "退回修改", latest, _when(used), late, reason, used
        )
    assert used is not None
    adopted = _decision(location, year, folder, _ADOPTED.format(used.revision)) is not None
    state: State = "已采用" if adopted else "已报送"
    return DistrictStatus(unit.id, unit.name, state, latest, _when(used), late, "", used, folder)


def _folder_of(location: Location, year: int, unit: Unit) -> str:
    """Return the district's folder: its roster name, else the first alias that has a folder."""
    for name in (unit.name, *unit.aliases):
        if location.is_folder(str(year), district_folder(name)):
            return district_folder(name)
    return district_folder(unit.name)


def _when(package: Published | None) -> datetime | None:
    return office_time(package.manifest.published) if package else None


def _decision(location: Location, year: int, folder: str, name: str) -> dict[str, str] | None:
    """Return a decision file of the city (None when absent or unreadable: no decision)."""
    try:
        data = json.loads(location.read(str(year), folder, name).decode("utf-8"))
    except (FileNotFoundError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def send_back(
    location: Location | str, year: int, district: str, revision: int, reason: str
) -> None:
    """Record that the city sends the revision of `district` (its folder name) back, with `reason`."""
    _decide(location, year, district_folder(district), _RETURNED.format(revision), reason)


def adopt(
    location: Location | str, statuses: Sequence[DistrictStatus], year: int
) -> list[DistrictStatus]:
    """Record that a city draft used each district's package in use; return the statuses after it.

    A district published and intact becomes 已采用; one sent back keeps its state (an earlier
    revision it still uses is recorded as adopted all the same).
    """
    after = []
    for status in statuses:
        if status.used is not None and status.state in ("已报送", "退回修改"):
            name = _ADOPTED.format(status.used.revision)
            _decide(location, year, status.folder, name, "")
        after.append(replace(status, state="已采用") if status.state == "已报送" else status)
    return after


def _decide(location: Location | str, year: int, folder: str, name: str, reason: str) -> None:
    where = location if isinstance(location, Location) else Location(location)
    text = json.dumps({"reason": reason, "time": office_now().isoformat()}, ensure_ascii=False)
    where.write({name: text.encode("utf-8")}, str(year), folder)


def status_rows(statuses: Sequence[DistrictStatus]) -> list[dict[str, str]]:
    """Return the statuses as table rows with Chinese column names (see COLUMNS), by urgency."""
    return [
        dict(zip(COLUMNS, _cells(s), strict=True))
        for s in sorted(statuses, key=lambda s: STATES.index(s.state))
    ]


def states_line(statuses: Sequence[DistrictStatus]) -> str:
    """Return how the districts stand in one line, e.g. 应报送10个县区：未报送7个，已报送3个."""
    counts = [f"{state}{n}个" for state in STATES if (n := sum(s.state == state for s in statuses))]
    return f"应报送{len(statuses)}个县区：" + "，".join(counts)


def _cells(s: DistrictStatus) -> tuple[str, ...]:
    return (
        s.district,
        s.state,
        str(s.revision or ""),
        str(s.used.revision) if s.used else "",
        f"{s.published:%Y-%m-%d %H:%M}" if s.published else "",
        "逾期" if s.late else "",
        s.sha256[:12],
        s.reason,
    )


def write_statuses(
    statuses: Sequence[DistrictStatus], out: Path, unknown: Sequence[str] = ()
) -> Path:
    """Write 报送情况.xlsx of the districts (urgent first) and the unknown folders to `out`, atomically."""
    book, sheet = new_book("报送情况", COLUMNS)
    fills = {"未报送": ERROR_FILL, "退回修改": ERROR_FILL}
    for row in status_rows(statuses):
        cells = append_safe(sheet, list(row.values()))
        if fill := fills.get(row["状态"]):
            cells[1].fill = fill
        if row["逾期"]:
            cells[5].fill = WARN_FILL
    for folder in unknown:
        cells = append_safe(sheet, (folder, "无法识别", "", "", "", "", "", "名册中没有这个县区"))
        cells[1].fill = ERROR_FILL
    for col, width in zip("ABCDEFGH", (14, 10, 9, 9, 18, 6, 14, 70), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    with year_lock(out.parent, "更新报送情况"):
        return replace_file(out, book.save)
