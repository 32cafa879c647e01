"""The drafting steps as plain functions, composed by the Prefect flow, the CLI and the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from nianbao.aggregation import Figure, aggregate, check_totals, known_values
from nianbao.catalogue import Catalogue
from nianbao.context import build_context
from nianbao.findings import Finding
from nianbao.readers import read_folder
from nianbao.render import draft_path, render_draft
from nianbao.reports import FINDINGS_FILE, write_findings
from nianbao.validation import Intake, validate


@dataclass(frozen=True)
class Summary:
    """What a draft run produced, for the user's summary and the Prefect artifact."""

    year: int
    draft: Path
    findings_report: Path
    submitted: list[str]
    missing: list[str]
    errors: int
    warnings: int
    to_complete: int


def gather(folder: Path, cat: Catalogue, year: int) -> Intake:
    """Return the validated submissions of `folder` for `year`."""
    return validate(read_folder(folder), cat, year)


def previous_values(folder: Path, cat: Catalogue, year: int) -> dict[str, Decimal]:
    """Return last year's complete figures from `folder`, or nothing when that folder is absent."""
    if not folder.is_dir():
        return {}
    intake = gather(folder, cat, year)
    return known_values(aggregate(intake, cat))


def findings_of(intake: Intake, figures: dict[str, Figure], cat: Catalogue) -> list[Finding]:
    """Return the findings of the inputs plus the district-level checks of `figures`."""
    return intake.findings + check_totals(figures, cat)


def write_draft(
    figures: dict[str, Figure],
    intake: Intake,
    cat: Catalogue,
    findings: list[Finding],
    out_dir: Path,
) -> Path:
    """Render the draft for `intake.year` into a new versioned file under `out_dir`."""
    context = build_context(figures, intake, cat, findings)
    target = draft_path(out_dir, context["title"], datetime.now())
    return render_draft(cat.template_path, context, target)


def write_report(findings: list[Finding], cat: Catalogue, out_dir: Path) -> Path:
    """Write 校验报告.xlsx under `out_dir`."""
    return write_findings(findings, cat, out_dir / FINDINGS_FILE)


def summarise(
    intake: Intake,
    cat: Catalogue,
    figures: dict[str, Figure],
    findings: list[Finding],
    draft: Path,
    report: Path,
) -> Summary:
    """Return the run summary: who submitted, who is missing, findings and figures to complete."""
    expected = [u for u in cat.units if cat.codes_for(u.id)]
    errors = sum(1 for f in findings if f.level == "错误")
    return Summary(
        year=intake.year,
        draft=draft,
        findings_report=report,
        submitted=[u.name for u in expected if u.id in intake.submitted],
        missing=[u.name for u in expected if u.id not in intake.submitted],
        errors=errors,
        warnings=len(findings) - errors,
        to_complete=sum(1 for f in figures.values() if f.status != "ok"),
    )


def summary_markdown(s: Summary) -> str:
    """Return the Chinese markdown summary of a draft run (Prefect artifact, CLI)."""
    lines = [
        f"# {s.year}年度法治政府建设工作报告草稿",
        "",
        f"- 草稿：`{s.draft}`",
        f"- 校验报告：`{s.findings_report}`",
        f"- 已报送单位：{len(s.submitted)}个；未报送或未采用：{len(s.missing)}个",
        f"- 校验：错误{s.errors}处，提醒{s.warnings}处",
        f"- 待补充或数据不全的指标：{s.to_complete}个",
    ]
    if s.missing:
        lines += ["", "## 未报送或未采用的单位", "", *[f"- {name}" for name in s.missing]]
    return "\n".join(lines) + "\n"
