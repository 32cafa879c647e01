"""The draft flow: inputs → validation → figures → 校验报告.xlsx + Word draft + manifest, with an artifact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from nianbao import manifest, pipeline
from nianbao.aggregation import Figure, aggregate
from nianbao.catalogue import Catalogue, load_catalogue
from nianbao.findings import Finding
from nianbao.lock import year_lock
from nianbao.manifest import Fingerprint
from nianbao.paths import RunPaths, run_paths
from nianbao.reports import FINDINGS_FILE
from nianbao.schedule import report_year
from nianbao.validation import Intake


@task(cache_policy=NO_CACHE)
def load_profile(paths: RunPaths) -> Catalogue:
    """Load the catalogue and roster of the run's profile."""
    return load_catalogue(paths.profile)


@task(cache_policy=NO_CACHE)
def gather_inputs(folder: Path, cat: Catalogue, year: int) -> Intake:
    """Read and validate every submission of the year."""
    return pipeline.gather(folder, cat, year)


@task(cache_policy=NO_CACHE)
def gather_earlier(folder: Path, cat: Catalogue, year: int) -> pipeline.History:
    """Read the earlier years beside the inputs (year-on-year, annex charts, last year's tasks)."""
    return pipeline.gather_history(folder, cat, year)


@task(cache_policy=NO_CACHE)
def compute_figures(
    intake: Intake, cat: Catalogue, previous: dict[str, Decimal]
) -> dict[str, Figure]:
    """Aggregate the district figures with provenance."""
    return aggregate(intake, cat, previous)


@task(cache_policy=NO_CACHE)
def write_findings(
    intake: Intake,
    figures: dict[str, Figure],
    cat: Catalogue,
    out: Path,
    history: pipeline.History | None = None,
) -> list[Finding]:
    """Write 校验报告.xlsx and return every finding (units also checked against their last year)."""
    findings = pipeline.findings_of(intake, figures, cat, history.entries if history else ())
    pipeline.write_report(findings, cat, out, intake)
    return findings


@task(cache_policy=NO_CACHE)
def render_draft(
    figures: dict[str, Figure],
    intake: Intake,
    cat: Catalogue,
    findings: list[Finding],
    history: pipeline.History,
    out: Path,
) -> pipeline.Drafted:
    """Render the Word draft (with its annex) into a new versioned file."""
    return pipeline.write_draft(figures, intake, cat, findings, out, history)


@task(cache_policy=NO_CACHE)
def publish_summary(s: pipeline.Summary) -> pipeline.Summary:
    """Publish the run summary (or "nothing changed") as a markdown artifact; return it."""
    text = manifest.unchanged_markdown(s) if s.unchanged else pipeline.summary_markdown(s)
    create_markdown_artifact(key=f"draft-{s.year}", markdown=text, description="草稿生成情况")
    return s


@task(cache_policy=NO_CACHE)
def fingerprint_inputs(paths: RunPaths) -> Fingerprint:
    """Hash the inputs, last year's inputs and the profile files."""
    return manifest.inputs_fingerprint(paths)


@task(cache_policy=NO_CACHE)
def find_unchanged(out: Path, fingerprint: Fingerprint) -> pipeline.Summary | None:
    """Return the last draft's summary when nothing has changed since it, else None."""
    last = manifest.unchanged_since(out, fingerprint)
    return manifest.summary_of(last, out) if last else None


@task(cache_policy=NO_CACHE)
def record_draft(summary: pipeline.Summary, fingerprint: Fingerprint, profile: str) -> None:
    """Write the manifest beside the new draft and log the run."""
    manifest.write_manifest(summary, fingerprint, profile)
    manifest.record_run(summary.draft.parent, summary)


@task(cache_policy=NO_CACHE)
def record_unchanged(last: pipeline.Summary) -> pipeline.Summary:
    """Log that nothing changed since the last draft; return that draft's summary."""
    manifest.record_run(last.draft.parent, last)
    return last


@flow(name="draft-annual-report", log_prints=False)
def draft_annual_report(
    year: int | None = None,
    inputs: str | None = None,
    profile: str = "default",
    out: str | None = None,
    skip_unchanged: bool = False,
) -> pipeline.Summary:
    """Draft the annual report of `year` (default: last year); with `skip_unchanged`, only if inputs changed."""
    paths = run_paths(
        year or report_year(), Path(inputs) if inputs else None, profile, Path(out) if out else None
    )
    cat = load_profile(paths)
    fingerprint = fingerprint_inputs(paths)
    if skip_unchanged and (last := find_unchanged(paths.out, fingerprint)):
        return publish_summary(record_unchanged(last))
    intake = gather_inputs(paths.inputs, cat, paths.year)
    history = gather_earlier(paths.inputs, cat, paths.year)
    figures = compute_figures(intake, cat, history.values.get(paths.year - 1, {}))
    # report, draft and manifest of one run are written together
    with year_lock(paths.out, "起草草稿"):
        findings = write_findings(intake, figures, cat, paths.out, history)
        draft = render_draft(figures, intake, cat, findings, history, paths.out)
        summary = pipeline.summarise(
            intake, cat, figures, findings, draft, paths.out / FINDINGS_FILE
        )
        record_draft(summary, fingerprint, profile)
    return publish_summary(summary)
