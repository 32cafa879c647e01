"""Refilling a draft's generated appendix: the annex table by style and name, the checklist by item."""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from nianbao.draft.annex import AnnexRow
from nianbao.review.appendix import refill_annex, refill_checklist

STYLES = parse_xml(
    f'<w:styles {nsdecls("w")}><w:style w:type="paragraph" w:styleId="Style9">'
    '<w:name w:val="附件正文"/></w:style></w:styles>'
)


def _cell(text: str, style: str) -> str:
    return (
        f'<w:tc><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t>{text}</w:t></w:r></w:p></w:tc>'
    )


def _body(rows: list[list[str]], style: str = "Style9") -> etree._Element:
    trs = "".join("<w:tr>" + "".join(_cell(t, style) for t in row) + "</w:tr>" for row in rows)
    return parse_xml(f"<w:body {nsdecls('w')}><w:tbl>{trs}</w:tbl></w:body>")


def _row(name: str, now: str) -> AnnexRow:
    return AnnexRow(
        "a.b", name, "部分", "项", Decimal(1), None, now, "—", None, "—", "", "完整", ""
    )


def _texts(body: etree._Element) -> list[list[str]]:
    return [
        ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]
        for tr in body.iter(qn("w:tr"))
    ]


HEADER = ["序号", "指标", "2021年", "2020年", "同比", "状态"]


def test_rows_are_refilled_by_name_with_their_formatting() -> None:
    """The row named like a new annex row gets its values; the run keeps its size; the count is 1."""
    body = _body([HEADER, ["1", "业务事项数", "1426项", "—", "—", "完整"]])
    assert refill_annex(body, STYLES, [_row("业务事项数", "1450项")]) == 1
    assert _texts(body)[1] == ["1", "业务事项数", "1450项", "—", "—", "完整"]
    assert len(list(body.iter(qn("w:sz")))) == 12  # every cell's run kept its rPr
    assert refill_annex(body, STYLES, [_row("业务事项数", "1450项")]) == 0


def test_other_tables_and_twice_used_names_are_left_alone() -> None:
    """A table in another style, and a name two catalogue rows share, are not touched."""
    other = _body([HEADER, ["1", "业务事项数", "1426项", "—", "—", "完整"]], style="Normal")
    assert refill_annex(other, STYLES, [_row("业务事项数", "1450项")]) == 0
    twice = _body([HEADER, ["1", "事项数", "1项", "—", "—", "完整"]])
    assert refill_annex(twice, STYLES, [_row("事项数", "2项"), _row("事项数", "3项")]) == 0
    assert _texts(twice)[1][2] == "1项"


def _checklist(items: list[str]) -> etree._Element:
    paragraphs = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="NbChecklist"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
        for text in ["附：审核清单（定稿时删除）", *items]
    )
    return parse_xml(f"<w:body {nsdecls('w')}>{paragraphs}</w:body>")


def _paragraphs(body: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


@pytest.mark.parametrize(
    ("before", "new", "after", "changed"),
    [
        (
            [
                "1. 未报送或报表未采用的单位（1个）：五里镇",
                "2. 【待补充】老年人数：无数据",
                "3. 2020年部署任务落实情况：甲",
            ],
            ["报表校验发现错误0处、提醒2处，详见校验报告.xlsx"],
            ["1. 报表校验发现错误0处、提醒2处，详见校验报告.xlsx", "2. 2020年部署任务落实情况：甲"],
            3,
        ),
        (
            ["1. 2020年部署任务落实情况：甲"],
            ["【待补充】调解员人数：无数据", "【数据不全】老年人数：缺少：五里镇"],
            [
                "1. 【待补充】调解员人数：无数据",
                "2. 【数据不全】老年人数：缺少：五里镇",
                "3. 2020年部署任务落实情况：甲",
            ],
            2,
        ),
        (["1. 【待补充】甲：无数据"], ["【待补充】甲：无数据"], ["1. 【待补充】甲：无数据"], 0),
        (
            [
                "1. 【重复报送】明港镇：“a.xlsx”、“b.xlsx”内容不一致且无法判断先后，未计入合计",
                "2. 2020年部署任务落实情况：甲",
            ],
            [],
            ["1. 2020年部署任务落实情况：甲"],
            1,
        ),
    ],
    ids=["fewer", "more", "same", "conflict-resolved"],
)
def test_checklist_items_from_the_data_are_replaced_and_the_rest_renumbered(
    before: list[str], new: list[str], after: list[str], changed: int
) -> None:
    """Generated items follow the new data; follow-ups and reviewers' lines stay, numbered again."""
    body = _checklist(before)
    assert refill_checklist(body, STYLES, new) == changed
    assert _paragraphs(body) == ["附：审核清单（定稿时删除）", *after]
