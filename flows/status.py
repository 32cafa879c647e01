"""The submission-status flow: who has submitted, with errors or not at all; 报送情况.xlsx and artifacts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.draft import (
    collect_findings,
    compute_figures,
    gather_earlier,
    gather_inputs,
    load_profile,
    publish_findings,
)
from flows.runtime import FLOW_OPTIONS, end_run, note, run_namer, step
from nianbao.checks.accepted import Intake
from nianbao.core.clock import office_now
from nianbao.core.paths import office_path, run_paths
from nianbao.profile.catalogue import Catalogue
from nianbao.season import digest
from nianbao.season.schedule import report_year
from nianbao.season.status import (
    STATUS_FILE,
    UnitStatus,
    default_deadline,
    state_counts,
    status_markdown,
    status_table,
    submission_status,
    unidentified_files,
    write_status,
)


@step("统计报送情况")
def list_status(intake: Intake, cat: Catalogue) -> list[UnitStatus]:
    """Return the status of every roster unit that reports indicators."""
    rows = submission_status(intake, cat)
    return note(rows, state_counts(rows))


@step("写报送情况表")
def write_status_table(rows: list[UnitStatus], intake: Intake, out: Path) -> Path:
    """Write 报送情况.xlsx (replaced atomically) and return its path."""
    written = write_status(rows, out / STATUS_FILE, unidentified_files(intake))
    return note(written, digest.written_line(written))


@step("发布报送情况")
def publish_status(rows: list[UnitStatus], intake: Intake, deadline: date, table: Path) -> None:
    """Publish the status table and the summary (missing units first, days left) as artifacts."""
    create_table_artifact(
        key=f"status-{intake.year}", table=status_table(rows), description="报送情况"
    )
    text = status_markdown(
        rows,
        intake.year,
        deadline,
        office_now().date(),
        unidentified_files(intake),
        office_path(table),
    )
    create_markdown_artifact(
        key=f"status-summary-{intake.year}", markdown=text, description="报送情况摘要"
    )


@flow(name="submission-status", flow_run_name=run_namer(digest.STATUS_RUN), **FLOW_OPTIONS)
def submission_status_flow(
    year: int | None = None,
    inputs: str | None = None,
    profile: str = "default",
    deadline: date | None = None,
    out: str | None = None,
) -> list[UnitStatus]:
    """Report who has submitted for `year` (default: last year) before `deadline` (default: the profile's),
    and publish every finding of the inputs.

    A missing inputs folder early in the season means nobody has submitted yet, not an error.
    """
    folder, target = Path(inputs) if inputs else None, Path(out) if out else None
    paths = run_paths(year or report_year(), folder, profile, target, require_inputs=False)
    cat = load_profile(paths)
    intake = gather_inputs(paths.inputs, cat, paths.year)
    history = gather_earlier(paths.inputs, cat, paths.year)
    figures = compute_figures(intake, cat, history.values.get(paths.year - 1, {}))
    publish_findings(collect_findings(intake, figures, cat, history), cat, paths.year)
    rows = list_status(intake, cat)
    table = write_status_table(rows, intake, paths.out)
    publish_status(rows, intake, deadline or default_deadline(cat, paths.year), table)
    return end_run(rows, state_counts(rows))
