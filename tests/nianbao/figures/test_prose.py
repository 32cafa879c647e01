"""Numbers in the units' texts checked against the data: 提醒 at the text's cell and in the checklist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from nianbao.checks.accepted import Intake
from nianbao.checks.validation import validate
from nianbao.draft.context import build_checklist
from nianbao.figures.aggregation import aggregate
from nianbao.figures.bindings import Binder
from nianbao.figures.mentions import find_mentions
from nianbao.figures.prose import KIND, MARK, excerpt, text_findings
from nianbao.intake.readers import read_folder
from nianbao.pipeline import gather
from nianbao.profile.catalogue import Catalogue

from ...conftest import INPUTS

Build = Callable[..., Path]
ZWFW = "区政务服务和大数据管理局"
REVIEWS = {"zwfw.reviews": 108415, "zwfw.good_reviews": 108300}


def _check(folder: Path, catalogue: Catalogue) -> tuple[Intake, list]:
    intake = validate(read_folder(folder), catalogue, 2021)
    figures = aggregate(intake, catalogue)
    return intake, text_findings(intake, figures, catalogue)


@pytest.mark.parametrize("year", [2021, 2022])
def test_the_shipped_texts_agree_with_their_data(year: int, catalogue: Catalogue) -> None:
    """On the sample inputs every number a text states matches the data: no 提醒 at all."""
    intake = gather(INPUTS / str(year), catalogue, year)
    assert text_findings(intake, aggregate(intake, catalogue), catalogue) == []


@pytest.mark.parametrize("year", [2021, 2022])
def test_every_bound_number_is_flagged_once_its_data_changes(
    year: int, catalogue: Catalogue
) -> None:
    """Each number bound to a unit's own figure: that figure changed, the text gets a 提醒 for it."""
    intake = gather(INPUTS / str(year), catalogue, year)
    figures = aggregate(intake, catalogue)
    binder, checked = Binder(catalogue), 0
    for text in intake.texts:
        if text.category == "下一年打算":
            continue
        mentions = find_mentions(text.text, year)
        for m, code in zip(mentions, binder.bind(mentions, text.unit_id), strict=True):
            entry = next(
                (e for e in intake.entries if (e.unit_id, e.code) == (text.unit_id, code)), None
            )
            if entry is None:
                continue
            bump = entry.quantity.value * 9 + 1
            entries = [
                e._replace(quantity=replace(e.quantity, value=e.quantity.value + bump))
                if e is entry
                else e
                for e in intake.entries
            ]
            fig = figures[code]
            assert fig.value is not None
            changed = {**figures, code: replace(fig, value=fig.value + bump)}
            found = text_findings(replace(intake, entries=entries), changed, catalogue)
            assert [(f.cell, f.code) for f in found if f"“{m.text}”" in f.message] == [
                (text.ref.cell, code)
            ], text.text
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    ("category", "text", "flagged"),
    [
        ("亮点做法", "全年通过“好差评”系统收集群众评价107147条。", ["107147条"]),
        ("亮点做法", "全年通过“好差评”系统收集群众评价108415条。", []),
        ("亮点做法", "全年收到群众评价10.8万余条，好评率为99.89%。", []),
        ("亮点做法", "全年收到群众评价12万余条，好评率为99.98%。", ["12万余条", "99.98%"]),
        ("亮点做法", "全年接待办事群众2300人次。", []),
        ("下一年打算", "力争群众评价达到120000条。", []),
        ("下一年打算", "全年收到群众评价107147条。", []),
    ],
    ids=[
        "stale-number",
        "agrees",
        "approximate-agrees",
        "approximate-and-rate-disagree",
        "matches-nothing",
        "target",
        "plans-are-not-checked",
    ],
)
def test_a_number_contradicting_the_data_is_a_warning_at_the_texts_cell(
    write_workbook: Build,
    tmp_path: Path,
    catalogue: Catalogue,
    category: str,
    text: str,
    flagged: list[str],
) -> None:
    """Only numbers bound to an indicator and reading as neither its unit's value nor the district's."""
    write_workbook("政务.xlsx", ZWFW, REVIEWS, texts={category: [("functions", text)]})
    _, found = _check(tmp_path, catalogue)
    assert [f.message.split("”")[0].removeprefix("文字中的“") for f in found] == flagged
    for f in found:
        assert (f.level, f.file, f.sheet, f.cell, f.unit, f.kind) == (
            "提醒",
            "政务.xlsx",
            category,
            "B2",
            "zwfw",
            KIND,
        )
        assert f.raw == text
        assert f.advice
        assert f.kind_name == "文字与数据不符"


def test_the_message_names_the_figure_and_what_the_data_says(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """A unit's own value, else the district's; an incomplete district figure is not a reading."""
    write_workbook("明港.xlsx", "明港镇", {"tj.disputes_received": 382})
    write_workbook(
        "五里.xlsx",
        "五里镇",
        {"tj.disputes_received": 419},
        texts={"亮点做法": [("disputes", "全年受理矛盾纠纷801起，调处成功率为99%。")]},
    )
    write_workbook(
        "政务.xlsx", ZWFW, REVIEWS, texts={"亮点做法": [("functions", "好评率为99.98%。")]}
    )
    _, found = _check(tmp_path, catalogue)
    assert [f.message for f in found] == [
        "文字中的“801起”与排查受理矛盾纠纷数不符（本单位报表填报419起）",
        "文字中的“99.98%”与“好差评”好评率不符（全区为99.89%）",
    ]


def test_the_checklist_quotes_the_paragraph_and_its_cell(
    write_workbook: Build, tmp_path: Path, catalogue: Catalogue
) -> None:
    """The draft's checklist lists the number with the text around it and where it was typed."""
    write_workbook(
        "政务.xlsx",
        ZWFW,
        REVIEWS,
        texts={"亮点做法": [("functions", "全年通过“好差评”系统收集群众评价107147条。")]},
    )
    intake, found = _check(tmp_path, catalogue)
    items = build_checklist(aggregate(intake, catalogue), intake, catalogue, found)
    assert [i for i in items if i.startswith(MARK)] == [
        f"{MARK}{ZWFW}报送的文字“全年通过“好差评”系统收集群众评价107147条。”："
        "文字中的“107147条”与“好差评”群众评价数不符（本单位报表填报108415条）；"
        "见政务.xlsx［亮点做法］B2"
    ]


@pytest.mark.parametrize(
    ("text", "number", "quoted"),
    [
        ("全年收到评价107147条。", "107147条", "全年收到评价107147条。"),
        (
            "区政务服务中心设立综合窗口。全年通过“好差评”系统收集群众评价107147条，差评件全部回访整改。"
            "下一步将继续扩大网上办理事项范围。",
            "107147条",
            "全年通过“好差评”系统收集群众评价107147条，差评件全部回访整改。",
        ),
        (
            "为进一步优化营商环境、提升群众满意度，区政务服务中心持续推进“好差评”制度，全年收集评价107147条。",
            "107147条",
            "……众满意度，区政务服务中心持续推进“好差评”制度，全年收集评价107147条。",
        ),
    ],
    ids=["whole-text", "its-sentence", "long-sentence-cut"],
)
def test_the_excerpt_is_the_numbers_sentence(text: str, number: str, quoted: str) -> None:
    """The checklist quotes the sentence of the number, cut with …… only when it is long."""
    (m,) = [m for m in find_mentions(text) if m.text == number]
    assert excerpt(text, m) == quoted
