"""One-line Chinese accounts of a run: its name, each step's counts, and the outcome of the whole run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from nianbao.checks.accepted import Intake
from nianbao.core.findings import Finding, count_errors
from nianbao.draft.gaps import INCOMPLETE, PLACES
from nianbao.figures.aggregation import Figure
from nianbao.figures.history import History
from nianbao.profile.catalogue import Catalogue
from nianbao.season.manifest import UNCHANGED, Fingerprint
from nianbao.season.summary import Drafted, Summary

DRAFT_RUN = "草稿"
STATUS_RUN = "报送情况"
FORMS_RUN = "填报表"
REFRESH_RUN = "刷新"
COLLECT_RUN = "收取数据包"
CITY_DRAFT_RUN = "市级草稿"


def run_name(kind: str, year: int, when: datetime) -> str:
    """Return a run's name: what, which year, when (office time), e.g. 草稿-2022-0301-0900."""
    return f"{kind}-{year}-{when:%m%d-%H%M}"


def finding_counts(findings: Sequence[Finding]) -> str:
    """Return e.g. 错误1处，提醒3处."""
    errors = count_errors(findings)
    return f"错误{errors}处，提醒{len(findings) - errors}处"


def profile_line(cat: Catalogue) -> str:
    """Return what the profile holds."""
    return f"已读取配置“{cat.root.name}”：指标{len(cat.indicators)}个，名册单位{len(cat.units)}个"


def intake_line(intake: Intake) -> str:
    """Return how many files were read, whose were taken, and the findings among them."""
    return (
        f"已读取{intake.year}年度报表文件{len(intake.files)}个：采用{len(intake.submitted)}个单位的报表，"
        f"未采用{len(intake.rejected)}个文件；{finding_counts(intake.findings)}"
    )


def history_line(history: History) -> str:
    """Return which earlier years were read and how many of last year's tasks were found."""
    if not history.values:
        return "没有往年报表：不计算同比，附件图表只有本年"
    years = "、".join(str(y) for y in sorted(history.values))
    return f"已读取往年报表：{years}年度；上年主要任务{len(history.planned)}项"


def figures_line(figures: Mapping[str, Figure]) -> str:
    """Return how many district figures are complete, summed without some units, or unknown."""
    count = Counter(f.status for f in figures.values())
    return (
        f"已汇总指标{len(figures)}个：完整{count['ok']}个，数据不全{count['partial']}个，"
        f"无数据{count['missing']}个"
    )


def findings_line(findings: Sequence[Finding]) -> str:
    """Return the findings of all checks: inputs, district totals, year-on-year, texts."""
    return f"校验完成：{finding_counts(findings)}"


def report_line(findings: Sequence[Finding], report: Path) -> str:
    """Return what went into 校验报告.xlsx."""
    return f"已写入{report.name}：{finding_counts(findings)}"


def draft_line(drafted: Drafted) -> str:
    """Return the new draft's name and the annex charts that could not be drawn."""
    gaps = f"；未能生成的附件图表{len(drafted.missing_charts)}张" if drafted.missing_charts else ""
    return f"已生成草稿 {drafted.path.name}{gaps}"


def fingerprint_line(fingerprint: Fingerprint) -> str:
    """Return how many files the change check hashed."""
    return (
        f"已核对输入：本年报表{len(fingerprint.inputs)}个，往年报表{len(fingerprint.earlier_inputs)}个，"
        "模板、指标目录和名册各1个"
    )


def change_line(last: Summary | None) -> str:
    """Return whether anything changed since the last draft."""
    if last is None:
        return "与上次草稿相比有变化（或还没有草稿），生成新草稿"
    return f"{UNCHANGED}：沿用上次草稿 {last.draft.name}"


def written_line(path: Path) -> str:
    """Return which file a step wrote."""
    return f"已写入{path.name}"


def record_line(written: Path | None, log: Path) -> str:
    """Return which records the run wrote: the new draft's manifest (if any) and the run log."""
    return f"已写入{written.name}和{log.name}" if written else f"已在{log.name}中记录本次运行"


def outcome(summary: Summary) -> str:
    """Return the outcome of a draft run in one line: new draft or not, findings and both gaps."""
    what = (
        f"{UNCHANGED}，沿用 {summary.draft.name}"
        if summary.unchanged
        else f"已生成新草稿 {summary.draft.name}"
    )
    return (
        f"{what}：错误{summary.errors}处，提醒{summary.warnings}处；"
        f"{PLACES}{len(summary.placeholders)}处，{INCOMPLETE}{len(summary.incomplete)}个"
    )
