"""Refresh lists and highlights prose that still shows a refreshed figure's old value (正文旧数字)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.draft.context import FigureView
from nianbao.draft.numbering import Numbering
from nianbao.draft.render import render_document
from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import Phrase
from nianbao.figures.prose import MARK
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.changes import RefreshResult
from nianbao.review.leftovers import Leftovers
from nianbao.review.refresh import refresh_draft
from nianbao.word.document import paragraph_text

from ...conftest import INPUTS, PROFILE, draft_year

ZWFW_FILE = "平桥区政务服务和大数据管理局2021年法治政府建设数据报表.xlsx"
OWN_TEXT = "全年通过“好差评”系统收集群众评价107147条"
W_P, W_R, W_T = qn("w:p"), qn("w:r"), qn("w:t")
CODE = "zwfw.reviews"


def _set_reviews(inputs: Path, value: int) -> None:
    book = load_workbook(inputs / ZWFW_FILE)
    row = next(r for r in book["指标数据"].iter_rows() if r[0].value == CODE)
    row[3].value = value
    book.save(inputs / ZWFW_FILE)


def _highlighted(path: Path) -> list[str]:
    """Return the texts of the highlighted runs that hold a digit (nianbao's own markers aside)."""
    body = Document(str(path)).element.body
    return [
        "".join(t.text or "" for t in r.iter(W_T))
        for r in body.iter(W_R)
        if r.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None
        and any(ch.isdigit() for t in r.iter(W_T) for ch in t.text or "")
        and r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}") is None
    ]


def _checklist(path: Path) -> list[str]:
    texts = [paragraph_text(p) for p in Document(str(path)).element.body.iter(W_P)]
    return texts[texts.index("附：审核清单（定稿时删除）") + 1 :]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RefreshResult]:
    """Return the inputs and the refresh of the 2021 draft after 好差评 107147 → 108415."""
    root = tmp_path_factory.mktemp("inputs")
    for year in ("2020", "2021"):
        shutil.copytree(INPUTS / year, root / year)
    draft = draft_year(2021, tmp_path_factory.mktemp("draft"), root)
    _set_reviews(root / "2021", 108415)
    return root / "2021", pipeline.refresh_draft(
        draft, load_catalogue(PROFILE), 2021, root / "2021"
    )


def test_the_units_stale_number_is_listed_and_highlighted(
    refreshed: tuple[Path, RefreshResult],
) -> None:
    """The unit's own sentence still says 107147条: listed with its paragraph and marked yellow."""
    _, result = refreshed
    stale = {c.code: c for c in result.of("stale")}
    assert set(stale) == {CODE, "zwfw.good_review_rate"}
    assert (stale[CODE].old, stale[CODE].new) == ("“107147条”", "108415条")
    assert OWN_TEXT in stale[CODE].now
    assert (
        stale["zwfw.good_review_rate"].old,
        stale["zwfw.good_review_rate"].new,
    ) == ("“99.98%”", "98.81%")
    assert "正文中仍是刷新前的数字（已标黄，请核改）：" in result.report()
    assert result.report()[0].startswith("刷新完成：已更新2处、同比表述1处、正文旧数字2处")
    assert _highlighted(result.path) == ["107147条", "99.98%"]
    assert [c.code for c in result.of("updated")] == [CODE, "zwfw.good_review_rate"]


def test_the_checklist_lists_the_text_that_contradicts_the_new_data(
    refreshed: tuple[Path, RefreshResult],
) -> None:
    """The refreshed checklist names the unit's text and its cell; the reviewer sees it to fix it."""
    _, result = refreshed
    items = [i for i in _checklist(result.path) if MARK in i]
    assert len(items) == 2
    assert f"区政务服务和大数据管理局报送的文字“{OWN_TEXT}" in items[0]
    assert "（本单位报表填报108415条）；见" in items[0]
    assert items[0].endswith(f"{ZWFW_FILE}［亮点做法］B3")


def test_once_the_data_is_back_the_item_goes_and_nothing_is_stale(
    refreshed: tuple[Path, RefreshResult], catalogue: Catalogue
) -> None:
    """Refreshing again with the old value: the checklist item is dropped, no 正文旧数字."""
    inputs, result = refreshed
    _set_reviews(inputs, 107147)
    try:
        again = pipeline.refresh_draft(result.path, catalogue, 2021, inputs)
    finally:
        _set_reviews(inputs, 108415)
    assert again.of("stale") == []
    assert not any(MARK in item for item in _checklist(again.path))


# ---------------------------------------------------------------- small drafts, one case each


def _view(value: int) -> FigureView:
    return FigureView(
        CODE,
        "“好差评”群众评价数",
        Phrase(str(value), "条"),
        "",
        False,
        figure=Figure(CODE, Decimal(value), "ok"),
    )


def _typed(body: etree._Element) -> etree._Element:
    """Return the w:t of the typed number (the figure's control holds the digits alone)."""
    return next(t for t in body.iter(W_T) if "评价107147" in (t.text or ""))


def _split_digits(body: etree._Element) -> None:
    t = _typed(body)
    run = t.getparent()
    head = t.text.split("107147")[0] + "1071"
    tail = "47" + t.text.split("107147")[1]
    second = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{tail}</w:t></w:r>')
    t.text = head
    run.addnext(second)


def _track_delete(body: etree._Element) -> None:
    t = _typed(body)
    run = t.getparent()
    t.tag = qn("w:delText")
    wrapper = parse_xml(f'<w:del {nsdecls("w")} w:id="7" w:author="张审稿"/>')
    run.addprevious(wrapper)
    wrapper.append(run)


def _as_checklist(body: etree._Element) -> None:
    p = next(p for p in body.iter(W_P) if "收集群众评价" in paragraph_text(p))
    p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), "NbChecklist")


def _nothing(body: etree._Element) -> None:
    return None


@pytest.mark.parametrize(
    ("paragraph", "edit", "stale", "marked"),
    [
        ("全年收集群众评价107147条。", _nothing, ["“107147条”"], ["107147条"]),
        ("全年收到群众评价{{r 'zwfw.reviews'|fig }}。", _nothing, [], []),
        ("全年收集群众评价108415条。", _nothing, [], []),
        ("全年接待办事群众107147人次。", _nothing, [], []),
        ("全年收集群众评价10.7万条。", _nothing, ["“10.7万条”"], ["10.7万条"]),
        ("全年收集群众评价107147条。", _split_digits, ["“107147条”"], ["1071", "47条"]),
        ("全年收集群众评价107147条。", _track_delete, [], []),
        ("全年收集群众评价107147条。", _as_checklist, [], []),
    ],
    ids=[
        "typed-number",
        "figure-control",
        "already-new",
        "matches-nothing",
        "rounded-to-wan",
        "split-over-runs",
        "tracked-deletion",
        "checklist",
    ],
)
def test_stale_prose_case(
    tmp_path: Path,
    catalogue: Catalogue,
    paragraph: str,
    edit: Callable[[etree._Element], None],
    stale: list[str],
    marked: list[str],
) -> None:
    """One paragraph, one figure refreshed 107147 → 108415: what is listed and what is marked."""
    path, sidecar = _draft(tmp_path, paragraph)
    doc = Document(str(path))
    edit(doc.element.body)
    doc.save(str(path))
    new = {CODE: _view(108415)}
    result = refresh_draft(path, new, sidecar, stale=Leftovers(catalogue, new, 2021))
    assert [c.old for c in result.of("stale")] == stale
    assert _highlighted(result.path) == marked


def test_nothing_is_looked_for_when_no_figure_changed(tmp_path: Path, catalogue: Catalogue) -> None:
    """Same data: no 正文旧数字 even where prose repeats the figure; the draft's text is untouched."""
    path, sidecar = _draft(tmp_path, "全年收集群众评价107147条。")
    same = {CODE: _view(107147)}
    result = refresh_draft(path, same, sidecar, stale=Leftovers(catalogue, same, 2021))
    assert result.changes == ()
    assert _highlighted(result.path) == []


def _draft(tmp_path: Path, paragraph: str) -> tuple[Path, dict[str, Any]]:
    tpl = Document()
    tpl.add_paragraph("全年收到群众评价{{r 'zwfw.reviews'|fig }}。")
    tpl.add_paragraph(paragraph)
    tpl.save(str(tmp_path / "t.docx"))
    context = {"num": Numbering(), "figures": {CODE: _view(107147)}, "checklist": []}
    rendered = render_document(tmp_path / "t.docx", context, tmp_path / "d.docx")
    return rendered.path, rendered.sidecar
