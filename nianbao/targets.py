"""The office's analysis settings in catalogue.toml: target rules, annex charts, year-on-year band."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from nianbao.catalogue import Indicator, Part

Expect = Literal[">=", "<=", "==", "not_worse"]
EXPECTS: tuple[Expect, ...] = (">=", "<=", "==", "not_worse")
PLACEHOLDERS = frozenset({"name", "value", "target", "previous", "change"})
YEAR_ON_YEAR = frozenset({"previous", "change"})
_RULE_ID = re.compile(r"^[a-z][a-z0-9_.]*$")


@dataclass(frozen=True)
class Rule:
    """A target on one indicator; a figure missing it yields a candidate problem and task."""

    id: str
    indicator: str
    expect: Expect
    problem: str
    task: str
    part: str
    target: Decimal | None = None


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the annex: indicators of one kind and unit plotted over the available years."""

    title: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Trend:
    """The plausible year-on-year band (±percent), the slip ratio and the small-number floor."""

    band: Decimal = Decimal(50)
    slip: Decimal = Decimal(8)
    small: Decimal = Decimal(10)


@dataclass(frozen=True)
class Targets:
    """Everything catalogue.toml declares for the analysis: rules, charts and the trend band."""

    rules: tuple[Rule, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    trend: Trend = field(default_factory=Trend)


def number(raw: object) -> Decimal:
    """Return a finite TOML number as a Decimal (ValueError when it is not one)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"“{raw}”不是数字")
    value = Decimal(str(raw))
    if not value.is_finite():
        raise ValueError(f"“{raw}”不是有限的数字")
    return value


def parse_targets(data: Mapping[str, Any]) -> Targets:
    """Return the [[rule]], [[chart]] and [trend] tables of catalogue data (all optional)."""
    rules = tuple(
        Rule(
            id=str(r["id"]),
            indicator=str(r["indicator"]),
            expect=r["expect"],
            problem=str(r["problem"]),
            task=str(r["task"]),
            part=str(r["part"]),
            target=number(r["target"]) if "target" in r else None,
        )
        for r in data.get("rule", [])
    )
    charts = tuple(
        ChartSpec(str(c["title"]), tuple(str(i) for i in c["indicators"]))
        for c in data.get("chart", [])
    )
    trend = Trend(**{k: number(v) for k, v in data.get("trend", {}).items()})
    return Targets(rules, charts, trend)


def target_problems(
    targets: Targets, indicators: Mapping[str, Indicator], parts: tuple[Part, ...]
) -> list[str]:
    """Return what is wrong with the rules and charts, one Chinese message each (empty when fine)."""
    task_parts = {p.key for p in parts if p.section == "tasks"}
    found = [
        f"规则“{r.id}”：{p}"
        for r in targets.rules
        if (p := _rule_problem(r, indicators, task_parts))
    ]
    ids = [r.id for r in targets.rules]
    found += [f"规则编号“{i}”重复" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for chart in targets.charts:
        unknown = [c for c in chart.indicators if c not in indicators]
        kinds = {
            (indicators[c].kind, indicators[c].unit) for c in chart.indicators if c in indicators
        }
        if unknown or not chart.indicators:
            found.append(f"图表“{chart.title}”：指标“{'、'.join(unknown)}”不在目录中或未填写")
        elif len(kinds) > 1:
            found.append(f"图表“{chart.title}”：所列指标的类型或计量单位不一致")
    if targets.trend.band <= 0 or targets.trend.slip <= 1:
        found.append("[trend]：band 须大于0，slip 须大于1")
    return found


def _rule_problem(rule: Rule, indicators: Mapping[str, Indicator], task_parts: set[str]) -> str:
    fields = _fields(rule.problem) | _fields(rule.task)
    checks = [
        (not _RULE_ID.match(rule.id), "编号须为小写英文、数字、下划线或点号"),
        (rule.indicator not in indicators, f"指标“{rule.indicator}”不在目录中"),
        (rule.expect not in EXPECTS, "expect 只能是“>=”“<=”“==”或“not_worse”"),
        (rule.expect != "not_worse" and rule.target is None, "缺少目标值 target"),
        (rule.part not in task_parts, f"part“{rule.part}”不是“主要任务”下的报告部分"),
        (
            not fields <= PLACEHOLDERS,
            f"文字中有未知的占位符“{'、'.join(sorted(fields - PLACEHOLDERS))}”",
        ),
        (
            rule.expect != "not_worse" and bool(fields & YEAR_ON_YEAR),
            "只有 not_worse 规则可以使用 {previous}、{change}",
        ),
    ]
    return next((message for failed, message in checks if failed), "")


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"（花括号不成对）"}
