"""The adopt flow: a finished report → a new profile whose template is the office's own text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.runtime import FLOW_OPTIONS
from nianbao import pipeline
from nianbao.checks.accepted import Intake
from nianbao.core.paths import run_paths
from nianbao.figures.aggregation import Figure, aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.adopted_profile import (
    Adopted,
    adopt_profile,
    check_request,
    new_folder,
    profile_name,
)
from nianbao.season.terminal import adoption_lines


@task(name="读取配置", cache_policy=NO_CACHE)
def load_base(profile: Path) -> Catalogue:
    """Load the base profile whose catalogue and roster the new profile copies."""
    return load_catalogue(profile)


@task(name="读取报表", cache_policy=NO_CACHE)
def gather_year(folder: Path, cat: Catalogue, year: int) -> Intake:
    """Read and validate the submissions of the year the report is about."""
    return pipeline.gather(folder, cat, year)


@task(name="读取上年报表", cache_policy=NO_CACHE)
def gather_last_year(folder: Path, cat: Catalogue, year: int) -> dict[str, Decimal]:
    """Return last year's figures (for the report's year-on-year wordings)."""
    return pipeline.previous_values(folder, cat, year)


@task(name="汇总指标", cache_policy=NO_CACHE)
def compute_figures(
    intake: Intake, cat: Catalogue, previous: dict[str, Decimal]
) -> dict[str, Figure]:
    """Aggregate the year's district figures the report's numbers are read against."""
    return aggregate(intake, cat, previous)


@task(name="写入新配置", cache_policy=NO_CACHE)
def write_profile(
    report: Path,
    year: int,
    figures: dict[str, Figure],
    intake: Intake,
    cat: Catalogue,
    folder: Path,
) -> Adopted:
    """Write the new profile: template, catalogue, roster and 采用报告.xlsx."""
    return adopt_profile(report, year, figures, intake.texts, cat, folder)


@flow(name="adopt-report", **FLOW_OPTIONS)
def adopt_flow(
    report: str,
    year: int,
    profile: str | None = None,
    base: str = "default",
    inputs: str | None = None,
) -> str:
    """Make a new profile from the finished `year` report `report`; return its folder."""
    paths = run_paths(year, Path(inputs) if inputs else None, base)
    cat = load_base(paths.profile)
    folder = new_folder(profile or profile_name(cat, year))
    check_request(Path(report), folder)
    intake = gather_year(paths.inputs, cat, year)
    previous = gather_last_year(paths.previous, cat, year - 1)
    figures = compute_figures(intake, cat, previous)
    adopted = write_profile(Path(report), year, figures, intake, cat, folder)
    create_markdown_artifact(
        key=f"adopt-{year}", markdown="\n".join(f"- {line}" for line in adoption_lines(adopted))
    )
    return str(adopted.folder)
