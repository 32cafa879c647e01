"""The city's flows on its server: collect the districts' packages (each one's state), draft the city report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_table_artifact

from flows.cycle import load_named_profile
from flows.draft import conclude, publish_summary
from flows.runtime import FLOW_OPTIONS, end_run, note, run_namer, step
from nianbao import pipeline
from nianbao.core.paths import run_paths
from nianbao.profile.catalogue import Catalogue
from nianbao.rollup.city import CityDrafted
from nianbao.rollup.collection import (
    DistrictStatus,
    collect,
    states_line,
    status_rows,
    unknown_folders,
    write_statuses,
)
from nianbao.season import digest
from nianbao.season.schedule import report_year
from nianbao.season.status import STATUS_FILE
from nianbao.season.summary import Drafted

CITY_PROFILE = "city"


@step("收取数据包")
def list_packages(location: str, year: int, cat: Catalogue) -> list[DistrictStatus]:
    """Check every district's revisions at `location` (hashes, schema) and return its state."""
    statuses = collect(location, year, cat)
    return note(statuses, states_line(statuses))


@step("写报送情况表")
def write_status_table(
    statuses: list[DistrictStatus], location: str, year: int, cat: Catalogue, out: Path
) -> Path:
    """Write 报送情况.xlsx (folders no district is named by listed last), atomically."""
    written = write_statuses(statuses, out / STATUS_FILE, unknown_folders(location, year, cat))
    return note(written, digest.written_line(written))


@step("发布报送情况")
def publish_states(statuses: Sequence[DistrictStatus], year: int) -> None:
    """Publish each district's state (未报送 / 已报送 / 已采用 / 退回修改, why) as the year's table."""
    create_table_artifact(
        key=f"city-status-{year}", table=status_rows(statuses), description="各县区报送情况"
    )


@step("起草市级草稿")
def draft_from_packages(location: str, year: int, cat: Catalogue, out: Path) -> CityDrafted:
    """Draft the city report from the packages in use; record them as 已采用."""
    done = pipeline.draft_city(location, year, cat, out)
    return note(done, digest.draft_line(Drafted(done.summary.draft, done.summary.missing_charts)))


@flow(name="collect", flow_run_name=run_namer(digest.COLLECT_RUN), **FLOW_OPTIONS)
def collect_packages(
    location: str, year: int | None = None, profile: str = CITY_PROFILE, out: str | None = None
) -> list[dict[str, str]]:
    """Record each district's state for `year` (default: last year) from the packages at `location`.

    Returns the table of states, not the statuses: they hold every package read, and Prefect
    walks a flow's result looking for futures (the steps take them `opaque`, see `step`).
    """
    paths = run_paths(year or report_year(), None, profile, Path(out) if out else None, False)
    cat = load_named_profile(profile)
    statuses = list_packages(location, paths.year, cat)
    write_status_table(statuses, location, paths.year, cat, paths.out)
    publish_states(statuses, paths.year)
    return end_run(status_rows(statuses), states_line(statuses))


@flow(name="draft-city", flow_run_name=run_namer(digest.CITY_DRAFT_RUN), **FLOW_OPTIONS)
def draft_city_report(
    location: str, year: int | None = None, profile: str = CITY_PROFILE, out: str | None = None
) -> pipeline.Summary:
    """Draft the city report of `year` (default: last year) from the districts' latest accepted packages."""
    paths = run_paths(year or report_year(), None, profile, Path(out) if out else None, False)
    cat = load_named_profile(profile)
    done = draft_from_packages(location, paths.year, cat, paths.out)
    publish_states(done.statuses, paths.year)
    return conclude(publish_summary(done.summary))
