"""The city's intake: the districts' packages in use read as the same Intake the district aggregation reads.

The city's roster lists districts; each package's figures become that district's Entry values
(a figure of the same code), so city figures come from the same `aggregate` over the districts.
An Entry's cell names the package: its folder at the location (year/district/revision), the
revision and the package hash, and the indicator code. The unit cells beneath are attached after
aggregation (Figure.cells), and a city figure summed from a district's incomplete figure is
incomplete too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from nianbao.checks.accepted import Intake, Text
from nianbao.checks.entries import Entry
from nianbao.core.clock import office_time
from nianbao.core.findings import Finding
from nianbao.figures.aggregation import Figure, Source, aggregate, check_totals
from nianbao.figures.history import History
from nianbao.figures.trends import jump_findings
from nianbao.intake.submission import CellRef, Submission
from nianbao.intake.values import Quantity
from nianbao.profile.catalogue import Catalogue
from nianbao.rollup.collection import DistrictStatus, collect, unknown_folders
from nianbao.rollup.location import Location
from nianbao.rollup.package import Published
from nianbao.season.summary import Summary

RETURNED_KIND = "package.returned"
LATE_KIND = "package.late"


@dataclass(frozen=True)
class CityFigures:
    """The city's year as computed from the districts' packages: what a draft or a refresh needs."""

    statuses: list[DistrictStatus]
    intake: Intake
    figures: dict[str, Figure]
    findings: list[Finding]
    history: History  # last year's city figures, from the districts' own last-year values
    unknown: list[str]  # folders at the location the roster does not name


@dataclass(frozen=True)
class CityDrafted:
    """A city draft's run summary and each district's state after it (packages used are 已采用)."""

    summary: Summary
    statuses: list[DistrictStatus]


def in_use(statuses: Sequence[DistrictStatus]) -> dict[str, Published]:
    """Return district id → the package the city uses (districts without one left out)."""
    return {s.district_id: s.used for s in statuses if s.used is not None}


def package_ref(package: Published, code: str) -> CellRef:
    """Return the cell a district's figure stands at: package folder, revision and hash, code."""
    return CellRef(package.ref, f"第{package.revision}版 sha256:{package.sha256[:12]}", code)


def city_intake(packages: Mapping[str, Published], cat: Catalogue, year: int) -> Intake:
    """Return the districts' figures of `year` as the Entry values and Text of the city's intake.

    `previous` figures give last year's intake instead (see `previous_intake`).
    """
    return _intake(packages, cat, year, last_year=False)


def previous_intake(packages: Mapping[str, Published], cat: Catalogue, year: int) -> Intake:
    """Return last year's intake from the districts' own last-year values (carried in each package)."""
    return _intake(packages, cat, year - 1, last_year=True)


def _intake(
    packages: Mapping[str, Published], cat: Catalogue, year: int, last_year: bool
) -> Intake:
    intake = Intake(year)
    for district_id, package in packages.items():
        figures = package.figures.figures
        for code in cat.codes_for(district_id):
            record = figures.get(code)
            value = None if record is None else (record.previous if last_year else record.value)
            if value is not None:
                approx = "" if last_year or record is None else record.approx
                quantity = Quantity(value, approx)
                intake.entries.append(
                    Entry(district_id, code, quantity, package_ref(package, code))
                )
        when = office_time(package.manifest.published)
        intake.submitted[district_id] = Submission(Path(package.ref), package.ref, when)
        if not last_year:
            intake.texts += _texts(district_id, package, cat, intake)
    return intake


def _texts(district_id: str, package: Published, cat: Catalogue, intake: Intake) -> list[Text]:
    """Return the district's unit texts for the city's parts; a text of another part is a 提醒."""
    district = cat.unit(district_id).name
    parts = {p.key for p in cat.parts}
    kept = []
    for t in package.texts.texts:
        ref = CellRef(f"{package.ref}/{t.file}", t.sheet, t.cell)
        if t.part in parts:
            kept.append(
                Text(district_id, joined(district, t.unit), t.part, t.category, t.text, ref)
            )
            continue
        message = (
            f"{district}{t.unit}的文字属于报告部分“{t.part}”，市级目录没有这一部分，未列入草稿"
        )
        intake.findings.append(
            Finding.warning(
                ref.file,
                ref.sheet,
                ref.cell,
                message,
                unit=district_id,
                advice="需要列入时，请在市级 catalogue.toml 中增加这一报告部分",
                kind="text.part",
            )
        )
    return kept


def joined(district: str, unit: str) -> str:
    """Return a district unit's name as the city report attributes it, e.g. 东湖区司法局."""
    return district + unit.removeprefix("区").removeprefix("县") if unit else district


def with_cells(
    figures: Mapping[str, Figure], packages: Mapping[str, Published]
) -> dict[str, Figure]:
    """Return `figures` with the unit cells beneath each district value, and incomplete districts said.

    A city figure that sums a district figure the district itself marked incomplete is partial,
    its note naming the district and the units it lacked.
    """
    done = {}
    for code, fig in figures.items():
        cells: list[Source] = []
        gaps: list[str] = []
        for source in fig.sources:
            package = packages.get(source.unit_id)
            record = package.figures.figures.get(source.cell) if package else None
            if package is None or record is None:
                continue
            cells += [
                Source(
                    f"{source.unit_id}.{s.unit_id}",
                    f"{source.unit} {s.unit}",
                    s.file,
                    s.sheet,
                    s.cell,
                    s.value,
                )
                for s in record.sources
            ]
            if record.status != "ok":
                lacking = "、".join(record.missing_units) or record.note
                gaps.append(f"{source.unit}（{lacking}）" if lacking else source.unit)
        gaps = list(dict.fromkeys(gaps))
        if gaps and fig.status == "ok":
            note = "县区数据不全：" + "；".join(gaps)
            fig = replace(fig, status="partial", note=note)
        elif gaps:
            fig = replace(fig, note=f"{fig.note}；县区数据不全：{'；'.join(gaps)}".lstrip("；"))
        done[code] = replace(fig, cells=tuple(cells))
    return done


def package_findings(statuses: Sequence[DistrictStatus]) -> list[Finding]:
    """Return a finding per district sent back (error, naming the file) or published late (warning)."""
    found = []
    for s in statuses:
        where = s.used.ref if s.used else s.district
        if s.state == "退回修改":
            found.append(
                Finding.error(
                    where,
                    "",
                    "",
                    f"{s.district}：{s.reason}",
                    unit=s.district_id,
                    advice="请该县区改正后重新报送（报送后为新的一版）",
                    kind=RETURNED_KIND,
                )
            )
        if s.late and s.used is not None:
            when = f"{s.published:%Y-%m-%d %H:%M}" if s.published else ""
            found.append(
                Finding.warning(
                    where,
                    "",
                    "",
                    f"{s.district}逾期报送（{when}）",
                    unit=s.district_id,
                    advice="已计入全市合计；审核时请注意该县区的报送时间",
                    kind=LATE_KIND,
                )
            )
    return found


def checklist_notes(statuses: Sequence[DistrictStatus]) -> list[str]:
    """Return the checklist items about districts sent back (why) or late (the missing are listed anyway)."""
    notes = []
    for s in statuses:
        if s.state == "退回修改":
            notes.append(f"【退回修改】{s.district}：{s.reason}")
        if s.late:
            notes.append(
                f"【逾期报送】{s.district}：第{s.used.revision if s.used else ''}版逾期报送"
            )
    return notes


def like_for_like(last: Mapping[str, Figure], now: Mapping[str, Figure]) -> dict[str, Decimal]:
    """Return last year's city values that sum the same districts as this year's figures.

    Each package carries its district's own last-year values, so last year's sum over the districts
    in use compares like with like while others have not published: a value is kept when the same
    districts are missing from both years (one in use without last year's value leaves it out).
    """
    return {
        code: fig.value
        for code, fig in last.items()
        if fig.value is not None
        and code in now
        and set(fig.missing_units) == set(now[code].missing_units)
    }


def city_figures(location: str, year: int, cat: Catalogue) -> CityFigures:
    """Collect the districts' packages at `location` and compute the city's figures and findings."""
    where = Location(location)
    statuses = collect(where, year, cat)
    packages = in_use(statuses)
    intake = city_intake(packages, cat, year)
    last = previous_intake(packages, cat, year)
    previous = like_for_like(aggregate(last, cat), aggregate(intake, cat))
    figures = with_cells(aggregate(intake, cat, previous), packages)
    findings = [
        *intake.findings,
        *package_findings(statuses),
        *check_totals(figures, cat),
        *jump_findings(figures, cat),
    ]
    history = History({year - 1: previous} if previous else {}, [], last.entries)
    return CityFigures(
        statuses, intake, figures, findings, history, unknown_folders(where, year, cat)
    )
