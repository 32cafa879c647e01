"""The draft flow: inputs → validation → figures → 校验报告.xlsx + Word draft + manifest, with artifacts."""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.runtime import FLOW_OPTIONS, end_run, note, run_namer, step
from nianbao import pipeline
from nianbao.checks.accepted import Intake
from nianbao.checks.report import FINDINGS_FILE, findings_table
from nianbao.core.findings import Finding
from nianbao.core.lock import year_lock
from nianbao.core.paths import RunPaths, run_paths
from nianbao.draft.charts import configure_matplotlib
from nianbao.figures.aggregation import Figure, aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.season import digest, manifest
from nianbao.season.manifest import Fingerprint
from nianbao.season.schedule import report_year
from nianbao.season.terminal import published_words

# Modules a draft run imports only once started (~0.9 s): `nianbao draft` imports them beforehand,
# while its Prefect API starts in another process (flows.embedded), when they cost no wall time.
LATE_IMPORTS = (
    "fastapi.encoders",  # Prefect encodes the run's parameters with it
    "prefect.flow_engine",  # by the flow's call
    "prefect.task_engine",  # by the first task's call
    "prefect.utilities.visualization",  # by Prefect's first task call (graphviz)
    "matplotlib.pyplot",  # the annex charts
    "pandera.backends.pandas.builtin_checks",  # the first validation of a frame
    "pandera.backends.pandas.register",  # by the first validation too
)


def preload() -> None:
    """Import LATE_IMPORTS now (matplotlib set up as the charts set it up)."""
    configure_matplotlib()
    for name in LATE_IMPORTS:
        importlib.import_module(name)


@step("读取配置")
def load_profile(paths: RunPaths) -> Catalogue:
    """Load the catalogue and roster of the run's profile."""
    cat = load_catalogue(paths.profile)
    return note(cat, digest.profile_line(cat))


@step("读取报表")
def gather_inputs(folder: Path, cat: Catalogue, year: int) -> Intake:
    """Read and validate every submission of the year."""
    intake = pipeline.gather(folder, cat, year)
    return note(intake, digest.intake_line(intake))


@step("读取往年报表")
def gather_earlier(folder: Path, cat: Catalogue, year: int) -> pipeline.History:
    """Read the earlier years beside the inputs (year-on-year, annex charts, last year's tasks)."""
    history = pipeline.gather_history(folder, cat, year)
    return note(history, digest.history_line(history))


@step("汇总指标")
def compute_figures(
    intake: Intake, cat: Catalogue, previous: dict[str, Decimal]
) -> dict[str, Figure]:
    """Aggregate the district figures with provenance."""
    figures = aggregate(intake, cat, previous)
    return note(figures, digest.figures_line(figures))


@step("写校验报告")
def write_findings(
    intake: Intake,
    figures: dict[str, Figure],
    cat: Catalogue,
    out: Path,
    history: pipeline.History | None = None,
) -> list[Finding]:
    """Write 校验报告.xlsx and return every finding (units also checked against their last year)."""
    findings = pipeline.findings_of(intake, figures, cat, history.entries if history else ())
    report = pipeline.write_report(findings, cat, out, intake)
    return note(findings, digest.report_line(findings, report))


@step("校验")
def collect_findings(
    intake: Intake,
    figures: dict[str, Figure],
    cat: Catalogue,
    history: pipeline.History | None = None,
) -> list[Finding]:
    """Return every finding: inputs, district totals, year-on-year, texts against the data."""
    findings = pipeline.findings_of(intake, figures, cat, history.entries if history else ())
    return note(findings, digest.findings_line(findings))


@step("发布校验问题")
def publish_findings(findings: list[Finding], cat: Catalogue, year: int) -> None:
    """Publish every finding (级别, 单位, 文件, 工作表, 单元格, 原值, 问题, 建议) as the year's table."""
    table = findings_table(findings, cat)
    create_table_artifact(key=f"findings-{year}", table=table, description="校验问题")


@step("生成草稿")
def render_draft(
    figures: dict[str, Figure],
    intake: Intake,
    cat: Catalogue,
    findings: list[Finding],
    history: pipeline.History,
    out: Path,
) -> pipeline.Drafted:
    """Render the Word draft (with its annex) into a new versioned file."""
    drafted = pipeline.write_draft(figures, intake, cat, findings, out, history)
    return note(drafted, digest.draft_line(drafted))


@step("发布草稿摘要")
def publish_summary(s: pipeline.Summary) -> pipeline.Summary:
    """Publish the run summary (or "nothing changed") as a markdown artifact; return it."""
    text = manifest.unchanged_markdown(s) if s.unchanged else pipeline.summary_markdown(s)
    create_markdown_artifact(key=f"draft-{s.year}", markdown=text, description="草稿生成情况")
    return s


@step("核对输入")
def fingerprint_inputs(paths: RunPaths) -> Fingerprint:
    """Hash the inputs, last year's inputs and the profile files."""
    fingerprint = manifest.inputs_fingerprint(paths)
    return note(fingerprint, digest.fingerprint_line(fingerprint))


@step("与上次草稿比较")
def find_unchanged(out: Path, fingerprint: Fingerprint) -> pipeline.Summary | None:
    """Return the last draft's summary when nothing has changed since it, else None."""
    last = manifest.unchanged_since(out, fingerprint)
    summary = manifest.summary_of(last, out) if last else None
    return note(summary, digest.change_line(summary))


@step("记录草稿")
def record_draft(summary: pipeline.Summary, fingerprint: Fingerprint, profile: str) -> None:
    """Write the manifest beside the new draft and log the run."""
    written = manifest.write_manifest(summary, fingerprint, profile)
    note(None, digest.record_line(written, manifest.record_run(summary.draft.parent, summary)))


@step("记录未变化")
def record_unchanged(last: pipeline.Summary) -> pipeline.Summary:
    """Log that nothing changed since the last draft; return that draft's summary."""
    return note(last, digest.record_line(None, manifest.record_run(last.draft.parent, last)))


@step("报送数据包")
def publish_package(
    intake: Intake, figures: dict[str, Figure], findings: list[Finding], cat: Catalogue, to: str
) -> str:
    """Publish the district's checked figures as the next revision at `to` (when configured)."""
    done = pipeline.publish_figures(intake, figures, findings, cat, to)
    return note(done.ref, published_words(done.district, intake.year, done.revision, done.sha256))


def conclude(summary: pipeline.Summary) -> pipeline.Summary:
    """End the run in a state saying whether a new draft was written (named 未变化 when not)."""
    return end_run(summary, digest.outcome(summary), "未变化" if summary.unchanged else "Completed")


@flow(name="draft-annual-report", flow_run_name=run_namer(digest.DRAFT_RUN), **FLOW_OPTIONS)
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
        return conclude(publish_summary(record_unchanged(last)))
    intake = gather_inputs(paths.inputs, cat, paths.year)
    history = gather_earlier(paths.inputs, cat, paths.year)
    figures = compute_figures(intake, cat, history.values.get(paths.year - 1, {}))
    with year_lock(paths.out, "起草草稿"):  # report, draft and manifest of one run together
        findings = write_findings(intake, figures, cat, paths.out, history)
        # the findings table goes to the server while the draft renders (its request is waited for)
        published = publish_findings.submit(findings, cat, paths.year)
        draft = render_draft(figures, intake, cat, findings, history, paths.out)
        summary = pipeline.summarise(
            intake, cat, figures, findings, draft, paths.out / FINDINGS_FILE
        )
        record_draft(summary, fingerprint, profile)
    published.result()
    if target := pipeline.publish_target(cat):  # NIANBAO_PUBLISH_TO or [profile] publish_to
        publish_package(intake, figures, findings, cat, target)
    return conclude(publish_summary(summary))
