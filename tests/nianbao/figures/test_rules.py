"""Target rules: a figure missing its target yields a candidate problem and task, each tied to its rule."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from nianbao import pipeline
from nianbao.core.errors import CatalogueError
from nianbao.figures.aggregation import Figure, aggregate
from nianbao.figures.rules import Candidate, CandidateIndex, find_candidates
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.profile.targets import Rule, Targets

from ...conftest import INPUTS, draft_year, edited_profile


def _rule(expect: str, target: int | None = None, code: str = "ys.appearance_rate") -> Rule:
    return Rule(
        id="t.rule",
        indicator=code,
        expect=expect,  # type: ignore[arg-type]
        problem="{name}为{value}。" if expect != "not_worse" else "{name}{value}，{change}。",
        task="力争达到目标。",
        part="mechanism",
        target=Decimal(target) if target is not None else None,
    )


def _with(catalogue: Catalogue, *rules: Rule) -> Catalogue:
    return replace(catalogue, targets=Targets(rules=rules))


@pytest.mark.parametrize(
    ("rule", "value", "previous", "status", "problem"),
    [
        (_rule(">=", 100), "90", None, "ok", "行政机关负责人出庭应诉率为90%。"),
        (_rule(">=", 100), "100", None, "ok", None),
        (_rule(">=", 95), "94.6", None, "ok", None),  # printed as 95%: not below the target
        (_rule("<=", 5), "6", None, "ok", "行政机关负责人出庭应诉率为6%。"),
        (_rule("==", 0, "ys.lost"), "1", None, "ok", "行政诉讼败诉数为1件。"),
        (_rule("==", 0, "ys.lost"), "0", None, "ok", None),
        (
            _rule("not_worse", code="gk.weibo_posts"),
            "105",
            "132",
            "ok",
            "微博发布信息数105条，同比下降20.45%。",
        ),
        (_rule("not_worse", code="gk.weibo_posts"), "140", "132", "ok", None),
        (_rule("not_worse", code="gk.weibo_posts"), "105", "132", "partial", None),
        (_rule("not_worse", code="gk.weibo_posts"), "105", None, "ok", None),
        (
            _rule("not_worse", code="ys.lost"),
            "2",
            "1",
            "ok",
            "行政诉讼败诉数2件，同比增长100.00%。",
        ),
        (_rule("not_worse", code="ys.lost"), "0", "1", "ok", None),
        (_rule(">=", 100), None, None, "missing", None),
    ],
    ids=[
        "below-target",
        "target-met",
        "shown-value-meets",
        "above-ceiling",
        "lost-case",
        "no-lost-case",
        "count-falls",
        "count-rises",
        "partial-fall-ignored",
        "no-previous",
        "lower-is-better-rises",
        "lower-is-better-falls",
        "no-value",
    ],
)
def test_rule_fires_only_when_the_printed_figure_misses_its_target(
    catalogue: Catalogue,
    rule: Rule,
    value: str | None,
    previous: str | None,
    status: str,
    problem: str | None,
) -> None:
    """A missed target gives one problem and one task of the rule's part; a met one gives nothing."""
    fig = Figure(
        rule.indicator,
        Decimal(value) if value is not None else None,
        status,  # type: ignore[arg-type]
        previous=Decimal(previous) if previous is not None else None,
    )
    found = find_candidates({rule.indicator: fig}, _with(catalogue, rule))
    if problem is None:
        assert found == []
        return
    index = CandidateIndex(found)
    assert [c.text for c in index.problems] == [problem]
    assert [c.text for c in index.tasks_for("mechanism")] == ["力争达到目标。"]
    assert index.tasks_for("business") == []
    assert {c.rule for c in found} == {"t.rule"}


def test_marker_names_the_rule_and_the_reason() -> None:
    """The grey marker after a candidate says which rule produced it and why."""
    cand = Candidate(
        "ys.lost", "ys.lost", "problems", "problems", "……", "行政诉讼败诉数1件，目标为0件"
    )
    assert cand.marker == "（依据规则“ys.lost”：行政诉讼败诉数1件，目标为0件）"


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, {"ys.appearance_full", "ys.no_lost_cases", "gk.weibo_not_worse"}),
        (2022, {"gk.weibo_not_worse"}),
    ],
)
def test_sample_years_get_the_candidates_their_data_supports(
    catalogue: Catalogue, year: int, expected: set[str]
) -> None:
    """2021: 出庭应诉率90%, 败诉1件, 微博信息减少; 2022: 微博信息减少 only."""
    intake = pipeline.gather(INPUTS / str(year), catalogue, year)
    previous = pipeline.previous_values(INPUTS / str(year - 1), catalogue, year - 1)
    found = find_candidates(aggregate(intake, catalogue, previous), catalogue)
    assert {c.rule for c in found} == expected
    problems = [c.text for c in found if c.section == "problems"]
    if year == 2021:
        assert "行政机关负责人出庭应诉率为90%，尚未实现全覆盖。" in problems
        assert any("败诉1件" in p for p in problems)


def test_every_candidate_in_the_draft_is_highlighted_and_followed_by_its_rule(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """In the 2021 draft each NbCandidate run is yellow and directly followed by its rule marker."""
    draft = draft_year(2021, tmp_path)
    rule_ids = {r.id for r in catalogue.targets.rules}
    runs = list(Document(str(draft)).element.body.iter(qn("w:r")))
    seen = []
    for i, run in enumerate(runs):
        style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if style is None or style.get(qn("w:val")) != "NbCandidate":
            continue
        assert run.find(f"{qn('w:rPr')}/{qn('w:highlight')}").get(qn("w:val")) == "yellow"
        marker = "".join(t.text or "" for t in runs[i + 1].iter(qn("w:t")))
        assert marker.startswith("（依据规则“")
        seen.append(marker.split("“")[1].split("”")[0])
    assert set(seen) <= rule_ids
    assert sorted(set(seen)) == ["gk.weibo_not_worse", "ys.appearance_full", "ys.no_lost_cases"]
    assert len(seen) == 6  # one problem and one task per rule


def test_default_catalogue_declares_rules_charts_and_band(catalogue: Catalogue) -> None:
    """catalogue.toml's [[rule]], [[chart]] and [trend] tables load, with a per-indicator band."""
    assert {r.indicator for r in catalogue.targets.rules} >= {
        "ys.appearance_rate",
        "ys.lost",
        "tj.success_rate",
    }
    assert catalogue.targets.charts
    assert catalogue.targets.trend.band == 50
    assert catalogue.indicators["gf.repealed"].band == 100
    assert catalogue.indicators["zwfw.online_items"].band is None


RULE = 'id = "ys.appearance_full"\nindicator = "ys.appearance_rate"\nexpect = ">="\ntarget = 100\n'


FULL = "[[rule]] ys.appearance_full"
WEIBO = 'expect = "not_worse"'
CHART = 'title = "政务公开信息发布数"\nindicators = ["gk.portal_posts"'

# One edit of a rule, chart or [trend] → where the problem is, and what it says.
BROKEN_RULES = [
    ("indicator", RULE, RULE.replace('"ys.appearance_rate"', '"ys.nothing"'),
     f"{FULL} 的 indicator", "指标“ys.nothing”不在 [[indicator]] 中"),
    ("expect", RULE, RULE.replace('">="', '">"'), f"{FULL} 的 expect", '只能是 ">="、"<="'),
    ("target", RULE, RULE.replace("target = 100\n", ""), f"{FULL} 的 target", "须填写目标值"),
    ("target-not-worse", WEIBO, WEIBO + "\ntarget = 3",
     "[[rule]] gk.weibo_not_worse 的 target", "不用目标值"),
    ("part", 'part = "mechanism"\n\n[[rule]]', 'part = "disputes"\n\n[[rule]]',
     f"{FULL} 的 part", "“disputes”不是“主要任务”下的报告部分"),
    ("placeholder", "尚未实现全覆盖。", "尚未实现{coverage}。",
     f"{FULL} 的 problem", "未知的占位符“coverage”"),
    ("change-in-threshold-rule", "尚未实现全覆盖。", "{change}，尚未实现全覆盖。",
     f"{FULL} 的 problem", "只有 not_worse"),
    ("id-format", 'id = "ys.appearance_full"', 'id = "YS-full"',
     "[[rule]] YS-full 的 id", "须为小写英文"),
    ("duplicate-id", 'id = "ys.no_lost_cases"', 'id = "ys.appearance_full"',
     FULL, "规则编号重复（共2处）"),
    ("chart-units", 'indicators = ["fy.applications"', 'indicators = ["ys.appearance_rate"',
     "[[chart]] 行政复议和行政诉讼案件数 的 indicators", "类型或计量单位不一致"),
    ("chart-unknown", CHART, CHART.replace("portal_posts", "portal_post"),
     "[[chart]] 政务公开信息发布数 的 indicators", "“gk.portal_post”不在 [[indicator]] 中"),
    ("band-zero", "band = 50 ", "band = 0 ", "[trend] 的 band", "须大于 0"),
    ("slip-one", "slip = 8 ", "slip = 1 ", "[trend] 的 slip", "须大于 1"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "place", "problem"),
    [pytest.param(*row[1:], id=row[0]) for row in BROKEN_RULES],
)
def test_malformed_rule_or_chart_is_refused_naming_table_and_key(
    tmp_path: Path, old: str, new: str, place: str, problem: str
) -> None:
    """An office edit that breaks a rule, chart or band stops the run with one located Chinese problem."""
    with pytest.raises(CatalogueError) as refused:
        load_catalogue(edited_profile(tmp_path, old, new))
    assert len(refused.value.problems) == 1, refused.value.problems
    assert refused.value.problems[0].startswith(f"catalogue.toml {place}：")
    assert problem in refused.value.problems[0]
