"""The draft flow: inputs → validation → figures → 校验报告.xlsx + Word draft, with a summary artifact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from nianbao import pipeline
from nianbao.aggregation import Figure, aggregate
from nianbao.catalogue import Catalogue, load_catalogue
from nianbao.findings import Finding
from nianbao.paths import RunPaths, run_paths
from nianbao.reports import FINDINGS_FILE
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
def gather_previous(folder: Path, cat: Catalogue, year: int) -> dict[str, Decimal]:
    """Read last year's inputs for year-on-year figures."""
    return pipeline.previous_values(folder, cat, year)


@task(cache_policy=NO_CACHE)
def compute_figures(
    intake: Intake, cat: Catalogue, previous: dict[str, Decimal]
) -> dict[str, Figure]:
    """Aggregate the district figures with provenance."""
    return aggregate(intake, cat, previous)


@task(cache_policy=NO_CACHE)
def write_findings(
    intake: Intake, figures: dict[str, Figure], cat: Catalogue, out: Path
) -> list[Finding]:
    """Write 校验报告.xlsx and return every finding."""
    findings = pipeline.findings_of(intake, figures, cat)
    pipeline.write_report(findings, cat, out)
    return findings


@task(cache_policy=NO_CACHE)
def render_draft(
    figures: dict[str, Figure], intake: Intake, cat: Catalogue, findings: list[Finding], out: Path
) -> Path:
    """Render the Word draft into a new versioned file."""
    return pipeline.write_draft(figures, intake, cat, findings, out)


@flow(name="draft-annual-report", log_prints=False)
def draft_annual_report(
    year: int, inputs: str | None = None, profile: str = "default", out: str | None = None
) -> pipeline.Summary:
    """Draft the annual report of `year` from its submissions; return the run summary."""
    paths = run_paths(year, Path(inputs) if inputs else None, profile, Path(out) if out else None)
    cat = load_profile(paths)
    intake = gather_inputs(paths.inputs, cat, year)
    previous = gather_previous(paths.previous, cat, year - 1)
    figures = compute_figures(intake, cat, previous)
    findings = write_findings(intake, figures, cat, paths.out)
    draft = render_draft(figures, intake, cat, findings, paths.out)
    summary = pipeline.summarise(intake, cat, figures, findings, draft, paths.out / FINDINGS_FILE)
    create_markdown_artifact(
        key=f"draft-{year}", markdown=pipeline.summary_markdown(summary), description="草稿生成情况"
    )
    return summary
