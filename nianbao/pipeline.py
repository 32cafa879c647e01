"""The drafting steps as plain functions, composed by the Prefect flow, the CLI and the benchmarks."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from nianbao.checks.accepted import Intake
from nianbao.checks.accounting import account
from nianbao.checks.entries import Entry
from nianbao.checks.report import FINDINGS_FILE, write_findings
from nianbao.checks.validation import gather as gather
from nianbao.core.clock import office_now
from nianbao.core.errors import DocumentError
from nianbao.core.findings import Finding, count_errors
from nianbao.core.lock import year_lock
from nianbao.core.paths import office_path
from nianbao.core.storage import safe_name
from nianbao.draft.annex import ANNEX_FILE, annex_rows, write_annex_book
from nianbao.draft.charts import Charts, draw_charts
from nianbao.draft.context import build_checklist, build_context, view_figure
from nianbao.draft.gaps import INCOMPLETE, PLACES, incomplete_figures
from nianbao.draft.provenance import CommentMode, read_sidecar, sidecar_path, write_sidecar
from nianbao.draft.render import draft_path, render_document
from nianbao.figures.aggregation import Figure, aggregate, check_totals, known_values
from nianbao.figures.history import History as History
from nianbao.figures.history import gather_history as gather_history
from nianbao.figures.history import previous_values as previous_values
from nianbao.figures.prose import text_findings
from nianbao.figures.trends import figure_warnings
from nianbao.figures.unit_trends import year_on_year
from nianbao.profile.catalogue import Catalogue
from nianbao.review import refresh as draft_refresh
from nianbao.review.adopted_profile import Adopted, adopt_profile, check_request
from nianbao.review.changes import RefreshResult
from nianbao.review.finalize import placeholders_left
from nianbao.review.leftovers import Leftovers
from nianbao.rollup.city import CityDrafted, checklist_notes
from nianbao.rollup.city import CityFigures as CityFigures
from nianbao.rollup.city import city_figures as city_figures
from nianbao.rollup.collection import DistrictStatus, adopt, unknown_folders, write_statuses
from nianbao.rollup.collection import collect as collect
from nianbao.rollup.location import Location
from nianbao.rollup.package import Published, package_content, publish_content
from nianbao.season.status import STATUS_FILE
from nianbao.season.summary import Drafted as Drafted
from nianbao.season.summary import Summary as Summary


def inputs_folder(intake: Intake) -> Path | None:
    """Return the folder the intake was read from (None when it holds no file)."""
    for sub in [*intake.submitted.values(), *intake.rejected]:
        return sub.path.parents[len(Path(sub.file).parts) - 1]
    return None


def write_annex(
    figures: dict[str, Figure], cat: Catalogue, out_dir: Path, history: History, year: int
) -> Charts:
    """Write 数据附表.xlsx and the charts of the years up to `year` under `out_dir`."""
    write_annex_book(annex_rows(figures, cat, figure_warnings(figures, cat)), out_dir / ANNEX_FILE)
    current = {c: f.value for c, f in figures.items() if f.value is not None}
    return draw_charts({**history.values, year: current}, cat, out_dir)


def findings_of(
    intake: Intake, figures: dict[str, Figure], cat: Catalogue, last: Sequence[Entry] = ()
) -> list[Finding]:
    """Return the findings of the inputs, the district-level and year-on-year checks, and the numbers
    in the units' texts that contradict the data.

    `last` are last year's accepted unit values: each unit's row is also compared with its own.
    """
    return (
        intake.findings
        + check_totals(figures, cat)
        + year_on_year(intake, figures, cat, last)
        + text_findings(intake, figures, cat)
    )


def write_draft(
    figures: dict[str, Figure],
    intake: Intake,
    cat: Catalogue,
    findings: list[Finding],
    out_dir: Path,
    history: History | None = None,
    comments: CommentMode = "all",
    notes: Sequence[str] = (),
) -> Drafted:
    """Render the draft for `intake.year` into a new versioned file under `out_dir`.

    Beside it goes `<draft>.figures.json` (every figure's value, provenance and places);
    `comments` puts provenance comments on all figures, only on flagged ones, or none; `notes`
    are further checklist items.

    The annex (数据附表.xlsx and 图表/*.png) is written first; without `history`, earlier years are
    read from the year folders next to the intake's folder (see `gather_history`).
    """
    if history is None:
        history = gather_history(inputs_folder(intake), cat, intake.year)
    with year_lock(out_dir, "起草草稿"):  # two runs of one year never write at once
        charts = write_annex(figures, cat, out_dir, history, intake.year)
        context = build_context(figures, intake, cat, findings, history.planned, charts, notes)
        when = office_now()
        target = draft_path(out_dir, safe_name(context["title"]), when)
        rendered = render_document(cat.template_path, context, target, comments, when)
        write_sidecar(rendered.path, rendered.sidecar)
        return Drafted(rendered.path, tuple(gap.describe() for gap in charts.gaps))


def refresh_draft(
    draft: Path, cat: Catalogue, year: int, inputs: Path, out: Path | None = None
) -> RefreshResult:
    """Re-read `inputs` (and last year's folder beside it) and refresh `draft` into a new file."""
    if not draft.is_file():
        raise DocumentError(f"找不到草稿：{draft}")
    intake = gather(inputs, cat, year)
    before = inputs.parent / str(year - 1)
    last = gather(before, cat, year - 1) if before.is_dir() else Intake(year - 1)
    figures = aggregate(intake, cat, known_values(aggregate(last, cat)))
    findings = findings_of(intake, figures, cat, last.entries)
    return refresh_with(draft, figures, intake, cat, findings, out)


def refresh_with(
    draft: Path,
    figures: dict[str, Figure],
    intake: Intake,
    cat: Catalogue,
    findings: list[Finding],
    out: Path | None = None,
    notes: Sequence[str] = (),
) -> RefreshResult:
    """Refresh `draft` with figures already computed into a new file (`notes`: further checklist items)."""
    warnings = figure_warnings(figures, cat)
    views = {
        code: replace(
            view_figure(fig, cat.indicators[code], findings), warnings=warnings.get(code, ())
        )
        for code, fig in figures.items()
    }
    annex = annex_rows(figures, cat, warnings)
    checklist = [*build_checklist(figures, intake, cat, findings), *notes]
    sidecar = read_sidecar(sidecar_path(draft))
    with year_lock((out or draft).parent, "刷新草稿"):
        return draft_refresh.refresh_draft(
            draft, views, sidecar, out, annex, checklist, Leftovers(cat, views, intake.year)
        )


def adopt_report(report: Path, year: int, inputs: Path, base: Catalogue, folder: Path) -> Adopted:
    """Read `year`'s inputs (and last year's beside them) and make the profile `folder` from `report`."""
    check_request(report, folder)
    intake = gather(inputs, base, year)
    previous = previous_values(inputs.parent / str(year - 1), base, year - 1)
    figures = aggregate(intake, base, previous)
    return adopt_profile(report, year, figures, intake.texts, base, folder)


def write_report(
    findings: list[Finding], cat: Catalogue, out_dir: Path, intake: Intake | None = None
) -> Path:
    """Write 校验报告.xlsx under `out_dir` (with the 数据核对 sheet when `intake` is given)."""
    accounting = account(intake, cat) if intake is not None else None
    with year_lock(out_dir, "生成校验报告"):
        return write_findings(findings, cat, out_dir / FINDINGS_FILE, accounting)


def summarise(
    intake: Intake,
    cat: Catalogue,
    figures: dict[str, Figure],
    findings: list[Finding],
    draft: Drafted,
    report: Path,
) -> Summary:
    """Return the run summary: who submitted, who is missing, findings and figures to complete."""
    submitted, missing = intake.roll_call(cat)
    errors = count_errors(findings)
    return Summary(
        year=intake.year,
        draft=draft.path,
        findings_report=report,
        submitted=submitted,
        missing=missing,
        errors=errors,
        warnings=len(findings) - errors,
        to_complete=sum(1 for f in figures.values() if f.status != "ok"),
        missing_charts=draft.missing_charts,
        placeholders=tuple(placeholders_left(draft.path)),
        incomplete=incomplete_figures(figures, cat),
        reporter_word=cat.profile.reporter_word,
    )


def summary_markdown(s: Summary) -> str:
    """Return the Chinese markdown summary of a draft run (Prefect artifact, CLI)."""
    lines = [
        f"# {s.year}年度法治政府建设工作报告草稿",
        "",
        f"- 文件夹：`{office_path(s.draft.parent)}`",
        f"- 草稿：`{s.draft.name}`",
        f"- 校验报告：`{s.findings_report.name}`（每个问题也列在表格 findings-{s.year} 中）",
        f"- 已报送{s.reporter_word}：{len(s.submitted)}个；未报送或未采用：{len(s.missing)}个",
        f"- 校验：错误{s.errors}处，提醒{s.warnings}处",
        f"- {PLACES}：{len(s.placeholders)}处",
        f"- {INCOMPLETE}：{len(s.incomplete)}个",
    ]
    if s.missing:
        lines += ["", f"## 未报送或未采用的{s.reporter_word}", "", *[f"- {n}" for n in s.missing]]
    for title, items in ((PLACES, s.placeholders), (INCOMPLETE, s.incomplete)):
        if items:
            lines += ["", f"## {title}", "", *[f"- {escape_markdown(item)}" for item in items]]
    if s.missing_charts:
        lines += ["", "## 未能生成的附件图表", "", *[f"- {gap}" for gap in s.missing_charts]]
    return "\n".join(lines) + "\n"


def escape_markdown(text: str) -> str:
    """Return `text` with the characters markdown would read as formatting escaped."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


PUBLISH_VARIABLE = "NIANBAO_PUBLISH_TO"


def publish_target(cat: Catalogue) -> str:
    """Return where the district publishes: $NIANBAO_PUBLISH_TO, else the profile's `publish_to` ("": nowhere)."""
    return os.environ.get(PUBLISH_VARIABLE, "").strip() or cat.profile.publish_to


def publish(year: int, inputs: Path, cat: Catalogue, to: str) -> Published:
    """Read and check `inputs` as a draft does, and publish the district's package of `year` to `to`."""
    intake = gather(inputs, cat, year)
    history = gather_history(inputs, cat, year)
    figures = aggregate(intake, cat, history.values.get(year - 1, {}))
    return publish_figures(
        intake, figures, findings_of(intake, figures, cat, history.entries), cat, to
    )


def publish_figures(
    intake: Intake, figures: dict[str, Figure], findings: list[Finding], cat: Catalogue, to: str
) -> Published:
    """Publish figures already computed (the draft flow's last step) as the next revision at `to`."""
    return publish_content(package_content(cat, intake, figures, findings), Location(to))


def write_collection(
    statuses: list[DistrictStatus], location: str, year: int, cat: Catalogue, out: Path
) -> Path:
    """Write 报送情况.xlsx of the districts (and the folders no district is named by) under `out`."""
    return write_statuses(
        statuses, out / STATUS_FILE, unknown_folders(Location(location), year, cat)
    )


def draft_city(location: str, year: int, cat: Catalogue, out: Path) -> CityDrafted:
    """Draft the city's report of `year` from the districts' packages in use at `location`.

    Writes under `out` the draft (with its sidecar and annex), 校验报告.xlsx and 报送情况.xlsx,
    then records each package used as 已采用 at the location.
    """
    city = city_figures(location, year, cat)
    notes = checklist_notes(city.statuses)
    drafted = write_draft(
        city.figures, city.intake, cat, city.findings, out, city.history, notes=notes
    )
    report = write_report(city.findings, cat, out)
    summary = summarise(city.intake, cat, city.figures, city.findings, drafted, report)
    adopted = adopt(location, city.statuses, year)
    write_statuses(adopted, out / STATUS_FILE, city.unknown)  # the states after this draft
    return CityDrafted(summary, adopted)


def refresh_city(
    draft: Path, location: str, year: int, cat: Catalogue, out: Path | None = None
) -> RefreshResult:
    """Refresh a reviewed city draft with the districts' packages now in use (a new revision, say)."""
    if not draft.is_file():
        raise DocumentError(f"找不到草稿：{draft}")
    city = city_figures(location, year, cat)
    notes = checklist_notes(city.statuses)
    return refresh_with(draft, city.figures, city.intake, cat, city.findings, out, notes)
