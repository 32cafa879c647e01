"""Refresh of reviewer-edited drafts: new data into untouched figures, every reviewer edit kept."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from copy import deepcopy
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.run import Run
from lxml import etree
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.core.errors import DocumentError
from nianbao.draft.context import FigureView
from nianbao.draft.numbering import Numbering
from nianbao.draft.provenance import sidecar_path
from nianbao.draft.render import render_document
from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import Phrase
from nianbao.profile.catalogue import Catalogue
from nianbao.review.changes import RefreshResult
from nianbao.review.pdf import convert
from nianbao.review.refresh import refresh_draft, refreshed_path
from nianbao.word.document import document_text, paragraph_text

from ...conftest import INPUTS, draft_year

W_SDT, W_T, W_P = qn("w:sdt"), qn("w:t"), qn("w:p")
# (file, code, new value): three workbook cells changed after the draft was written
CHANGED_CELLS = [
    ("平桥区政务服务和大数据管理局2021年法治政府建设数据报表.xlsx", "zwfw.online_items", 1450),
    ("五里镇2021年法治政府建设统计表.xlsx", "tj.elders", 20),
    ("平桥区司法局2021年法治政府建设数据报表.xlsx", "fy.accepted", 8),
]
# the change list those three cells give on the reviewed draft (derived figures included)
EXPECTED = {
    "updated": [
        ("zwfw.online_items", "1426项", "1450项"),
        ("zwfw.four_star_share", "99.16%", "97.52%"),
        ("tj.elders", "285名", "287名"),
        ("fy.applications", "13件", "14件"),
        ("fy.accepted", "7件", "8件"),
    ],
    "conflict": [("zwfw.agency_items", "33个", "33个")],
    "deleted": [
        ("zf.trained_officers", "120余名", "120余名"),
        ("zf.certificates", "922个", "922个"),
    ],
}
REVIEWER_SENTENCE = "审稿意见：本段数据已与区统计局核对一致。"
REWRITTEN = "大力推进政务服务事项网上办理"
INSERTED = "（含线上线下渠道）"
REVIEWER_COMMENT = "请核实这一表述的口径"


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the 2021 draft (with its sidecar beside it), rendered once for this module."""
    return draft_year(2021, tmp_path_factory.mktemp("draft"))


@pytest.fixture(scope="module")
def changed_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of inputs/2021 (and inputs/2020 beside it) with three cells changed."""
    root = tmp_path_factory.mktemp("inputs")
    for year in ("2020", "2021"):
        shutil.copytree(INPUTS / year, root / year)
    for name, code, value in CHANGED_CELLS:
        book = load_workbook(root / "2021" / name)
        sheet = book["指标数据"]
        row = next(r for r in sheet.iter_rows() if r[0].value == code)
        row[3].value = value
        book.save(root / "2021" / name)
    return root / "2021"


def _control(body: etree._Element, code: str) -> etree._Element:
    for sdt in body.iter(W_SDT):
        alias = sdt.find(qn("w:sdtPr")).find(qn("w:alias"))
        if alias is not None and alias.get(qn("w:val")) == code:
            return sdt
    raise AssertionError(code)


def _paragraph(el: etree._Element) -> etree._Element:
    return next(el.iterancestors(W_P))


def review(src: Path, dst: Path) -> Path:
    """Simulate a reviewer in Word: insert, rewrite, delete, move, type over, comment, track changes."""
    doc = Document(str(src))
    body = doc.element.body
    intro = next(p for p in body.iter(W_P) if paragraph_text(p).startswith("2021年，区政府"))
    added = deepcopy(intro)
    for t in added.iter(W_T):
        t.text = ""
    next(added.iter(W_T)).text = REVIEWER_SENTENCE
    intro.addnext(added)
    for t in body.iter(W_T):
        if t.text and "推进政务服务事项网上办理" in t.text:
            t.text = t.text.replace("推进政务服务事项网上办理", REWRITTEN)
            break
    gone = _paragraph(_control(body, "zf.certificates"))
    gone.getparent().remove(gone)
    typed = _control(body, "zwfw.agency_items")
    next(typed.iter(W_T)).text = "35"
    digits = next(_control(body, "zwfw.online_items").iter(qn("w:r")))
    rpr = digits.find(qn("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(digits, qn("w:rPr"))
        digits.insert(0, rpr)
    rpr.append(parse_xml(f"<w:b {nsdecls('w')}/>"))
    credit = _paragraph(_control(body, "xy.joint_cases"))
    _paragraph(_control(body, "zwfw.online_items")).addprevious(credit)
    reviews = _control(body, "zwfw.reviews")
    suffix = next(r for r in reviews.itersiblings(qn("w:r")) if "".join(r.itertext()))
    suffix.addnext(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="801" w:author="张审稿" w:date="2022-02-01T09:00:00Z">'
            f"<w:r><w:t>{INSERTED}</w:t></w:r></w:ins>"
        )
    )
    note_run = next(
        r for r in body.iter(qn("w:r")) if "发挥政府法律顾问作用" in "".join(r.itertext())
    )
    doc.add_comment(Run(note_run, None), text=REVIEWER_COMMENT, author="张审稿", initials="ZS")
    doc.save(str(dst))
    return dst


def _changes(result: RefreshResult) -> dict[str, list[tuple[str, str, str]]]:
    found: dict[str, list[tuple[str, str, str]]] = {}
    for change in result.changes:
        found.setdefault(change.kind, []).append((change.code, change.old, change.new))
    return found


def _assert_edits_survive(path: Path, formatting: bool = True) -> None:
    """Assert the reviewer's edits are in `path`; LibreOffice drops formatting inside controls."""
    text = document_text(path)
    assert REVIEWER_SENTENCE in text
    assert REWRITTEN in text
    assert "组织行政执法人员在岗轮训" not in text
    assert "中介服务管理，35个中介服务事项" in text
    assert f"107147条{INSERTED}，同比增长12.47%" in text
    assert text.index("加快社会信用体系建设") < text.index(REWRITTEN)
    doc = Document(str(path))
    assert [(c.author, c.text) for c in doc.comments if c.author == "张审稿"] == [
        ("张审稿", REVIEWER_COMMENT)
    ]
    digits = next(_control(doc.element.body, "zwfw.online_items").iter(qn("w:r")))
    assert (digits.find(qn("w:rPr")).find(qn("w:b")) is not None) == formatting


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("record", ["sidecar", "embedded"])
def test_refresh_updates_changed_figures_and_keeps_reviewer_edits(
    draft: Path, changed_inputs: Path, catalogue: Catalogue, tmp_path: Path, record: str
) -> None:
    """Three changed cells update exactly their figures and the derived ones; edits are kept."""
    reviewed = review(draft, tmp_path / "审阅稿.docx")
    if record == "sidecar":
        shutil.copy(sidecar_path(draft), sidecar_path(reviewed))
    before = _sha(reviewed)
    result = pipeline.refresh_draft(reviewed, catalogue, 2021, changed_inputs)
    assert _changes(result) == EXPECTED
    assert result.path.name.startswith("审阅稿_刷新_")
    assert result.path.parent == tmp_path
    assert _sha(reviewed) == before
    _assert_edits_survive(result.path)
    text = document_text(result.path)
    assert (
        "全区纳入“一网通办”的业务事项达到1450项，其中四星级事项1414项，占事项总数的97.52%" in text
    )
    assert "全年区政府收到行政复议申请14件，其中受理8件" in text


def test_refresh_lists_changes_in_chinese(
    draft: Path, changed_inputs: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The change list names each figure, old → new, conflicts with what the draft shows."""
    result = pipeline.refresh_draft(
        review(draft, tmp_path / "审阅稿.docx"), catalogue, 2021, changed_inputs
    )
    lines = result.report()
    assert lines[0] == "刷新完成：已更新5处、手工修改1处、位置已删除2处；其余90处数字未变。"
    assert "  “一网通办”业务事项数（zwfw.online_items）：1426项 → 1450项" in lines
    assert (
        "  进驻中介超市的中介服务事项数（zwfw.agency_items）：草稿中为“35”，上次生成为“33个”，新数据为“33个”"
        in lines
    )


def test_refreshing_the_refreshed_copy_changes_nothing(
    draft: Path, changed_inputs: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    """A second refresh with the same data updates nothing and still lists the hand-typed figure."""
    first = pipeline.refresh_draft(
        review(draft, tmp_path / "审阅稿.docx"), catalogue, 2021, changed_inputs
    )
    second = pipeline.refresh_draft(first.path, catalogue, 2021, changed_inputs)
    assert _changes(second) == {"conflict": EXPECTED["conflict"]}
    assert second.path.name.count("_刷新_") == 1
    assert document_text(second.path) == document_text(first.path)


def annex_table(path: Path) -> dict[str, list[str]]:
    """Return indicator name → the 本年, 上年, 同比, 状态 cells of the draft's annex table."""
    for table in Document(str(path)).tables:
        rows = [[c.text.strip() for c in row.cells] for row in table.rows]
        if rows and rows[0][:2] == ["序号", "指标"]:
            return {row[1]: row[2:6] for row in rows[1:]}
    raise AssertionError("没有附件主要数据表")


def test_refresh_refills_the_annex_table_from_the_new_data(
    draft: Path, changed_inputs: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The annex rows of changed figures show the new values; a second refresh has nothing to refill."""
    reviewed = review(draft, tmp_path / "审阅稿.docx")
    before = annex_table(reviewed)
    result = pipeline.refresh_draft(reviewed, catalogue, 2021, changed_inputs)
    after = annex_table(result.path)
    name = catalogue.indicators["zwfw.online_items"].name
    assert (before[name][0], after[name][0]) == ("1426项", "1450项")
    changed = {n for n in after if after[n] != before[n]}
    codes = ("zwfw.online_items", "zwfw.four_star_share", "tj.elders", "fy.accepted")
    assert {catalogue.indicators[c].name for c in codes} <= changed
    assert result.annex_rows == len(changed)
    assert f"附件主要数据表：{len(changed)}行已按新数据重填。" in result.report()
    again = pipeline.refresh_draft(result.path, catalogue, 2021, changed_inputs)
    assert again.annex_rows == 0
    assert annex_table(again.path) == after


def checklist(path: Path) -> list[str]:
    """Return the numbered items of the draft's review checklist."""
    texts = [paragraph_text(p) for p in Document(str(path)).element.body.iter(W_P)]
    start = texts.index("附：审核清单（定稿时删除）")
    return [t for t in texts[start + 1 :] if t[:1].isdigit()]


def test_a_late_submission_clears_its_checklist_items_and_keeps_the_reviewers(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Drafted without 五里镇, refreshed with it: its 未报送 item goes; a reviewer's item stays."""
    root = tmp_path / "inputs"
    for year in ("2020", "2021"):
        shutil.copytree(INPUTS / year, root / year)
    late = root / "2021" / "五里镇2021年法治政府建设统计表.xlsx"
    held = late.rename(tmp_path / late.name)
    draft = draft_year(2021, tmp_path / "draft", root)
    before = checklist(draft)
    assert before[0] == "1. 未报送或报表未采用的单位（1个）：五里镇"
    doc = Document(str(draft))
    last = next(p for p in doc.element.body.iter(W_P) if paragraph_text(p) == before[-1])
    mine = deepcopy(last)
    last.addnext(mine)
    for t in list(mine.iter(W_T))[1:]:
        t.text = ""
    next(mine.iter(W_T)).text = f"{len(before) + 1}. 审稿人：请与统计年鉴再核对一次"
    doc.save(str(draft))
    held.rename(late)
    result = pipeline.refresh_draft(draft, catalogue, 2021, root / "2021")
    after = checklist(result.path)
    assert not any("未报送" in item for item in after)
    assert after[-1] == f"{len(after)}. 审稿人：请与统计年鉴再核对一次"
    assert [item.split(". ", 1)[0] for item in after] == [str(i) for i in range(1, len(after) + 1)]
    assert result.checklist_items > 0
    assert any(line.startswith("审核清单：") for line in result.report())


def _soffice_roundtrip(soffice: str, src: Path, work: Path) -> Path:
    """Return `src` opened and saved by LibreOffice, in `work`/lo."""
    return convert(src, "docx", work / "lo", soffice=soffice)


@pytest.mark.soffice
@pytest.mark.slow
def test_refresh_after_libreoffice_roundtrip(
    draft: Path, changed_inputs: Path, catalogue: Catalogue, tmp_path: Path, soffice: str
) -> None:
    """LibreOffice drops the tags and re-saves everything; refresh still finds every figure."""
    saved = _soffice_roundtrip(soffice, review(draft, tmp_path / "审阅稿.docx"), tmp_path)
    assert "<w:tag " not in _document_xml(saved)
    result = pipeline.refresh_draft(saved, catalogue, 2021, changed_inputs)
    assert _changes(result) == EXPECTED
    assert (
        result.annex_rows > 0
    )  # found by its paragraph style's name after LibreOffice renamed ids
    name = catalogue.indicators["zwfw.online_items"].name
    assert annex_table(result.path)[name][0] == "1450项"
    _assert_edits_survive(result.path, formatting=False)
    again = _soffice_roundtrip(soffice, result.path, tmp_path / "again")
    assert document_text(again) == document_text(result.path)


@pytest.mark.soffice
@pytest.mark.slow
def test_every_figure_is_found_after_libreoffice_roundtrip(
    draft: Path, catalogue: Catalogue, tmp_path: Path, soffice: str
) -> None:
    """An unedited draft saved by LibreOffice keeps every figure addressable and its text intact."""
    saved = _soffice_roundtrip(soffice, draft, tmp_path)
    assert document_text(saved) == document_text(draft)
    result = pipeline.refresh_draft(saved, catalogue, 2021, INPUTS / "2021")
    assert (result.changes, result.unchanged) == ((), 98)


def _document_xml(path: Path) -> str:
    import zipfile

    return zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")


# ---------------------------------------------------------------- small drafts, one case each


def _phrase(text: str) -> Phrase | None:
    if not text:
        return None
    prefix = text[:2] if text.startswith(("增长", "下降")) else ""
    rest = text[len(prefix) :]
    digits = rest.rstrip("亿万元项个%件")
    return Phrase(digits, rest[len(digits) :], prefix)


def _views(**figures: str) -> dict[str, FigureView]:
    return {
        f"a.{key}": FigureView(f"a.{key}", f"指标{key}", _phrase(text), "", False)
        for key, text in figures.items()
    }


def _small_draft(tmp_path: Path, views: dict[str, FigureView]) -> tuple[Path, dict[str, Any]]:
    tpl = Document()
    for code in views:
        tpl.add_paragraph(f"前文{{{{r '{code}'|fig }}}}后文。")
    tpl.save(str(tmp_path / "t.docx"))
    context = {"num": Numbering(), "figures": views, "checklist": []}
    rendered = render_document(tmp_path / "t.docx", context, tmp_path / "d.docx")
    return rendered.path, rendered.sidecar


def _type_over(text: str) -> Callable[[etree._Element], None]:
    def edit(body: etree._Element) -> None:
        next(next(body.iter(W_SDT)).iter(W_T)).text = text

    return edit


def _retype_suffix(body: etree._Element) -> None:
    for t in body.iter(W_T):
        if t.text == "万元":
            t.text = "万"


def _drop_control(body: etree._Element) -> None:
    sdt = next(body.iter(W_SDT))
    sdt.getparent().remove(sdt)


def _copy_paragraph(body: etree._Element) -> None:
    p = next(body.iter(W_P))
    copy = deepcopy(p)
    for mark in copy.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        mark.getparent().remove(mark)
    p.addnext(copy)


def _track_delete(body: etree._Element) -> None:
    sdt = next(body.iter(W_SDT))
    run = next(sdt.iter(qn("w:r")))
    t = run.find(W_T)
    t.tag = qn("w:delText")
    wrapper = parse_xml(f'<w:del {nsdecls("w")} w:id="5" w:author="张审稿"/>')
    run.addprevious(wrapper)
    wrapper.append(run)


def _nothing(body: etree._Element) -> None:
    return None


def _replace_placeholder(body: etree._Element) -> None:
    for t in body.iter(W_T):
        if t.text == "【待补充：指标x】":
            t.text = "6件"


@pytest.mark.parametrize(
    ("old", "new", "edit", "kinds", "text"),
    [
        ("1426项", "1450项", _nothing, ["updated"], "前文1450项后文。"),
        ("9800万元", "1.02亿元", _nothing, ["updated"], "前文1.02亿元后文。"),
        ("增长12%", "下降3%", _nothing, ["updated"], "前文下降3%后文。"),
        ("", "7件", _nothing, ["updated"], "前文7件后文。"),
        ("", "", _nothing, [], "前文【待补充：指标x】后文。"),
        ("1426项", "1426项", _nothing, [], "前文1426项后文。"),
        ("1426项", "1450项", _type_over("1430"), ["conflict"], "前文1430项后文。"),
        ("", "7件", _replace_placeholder, ["conflict"], "前文6件后文。"),
        ("9800万元", "1.02亿元", _retype_suffix, ["conflict"], "前文9800万后文。"),
        ("1426项", "", _nothing, ["gone"], "前文1426项后文。"),
        ("1426项", "1450项", _drop_control, ["deleted"], "前文项后文。"),
        (
            "1426项",
            "1450项",
            _copy_paragraph,
            ["updated", "ambiguous"],
            "前文1450项后文。\n前文1426项后文。",
        ),
        ("1426项", "1450项", _track_delete, ["deleted"], "前文项后文。"),
    ],
    ids=[
        "digits",
        "unit-word-too",
        "growth-sign",
        "placeholder-filled",
        "still-missing",
        "same-data",
        "typed-over",
        "placeholder-typed-over",
        "unit-word-edited",
        "data-gone",
        "control-deleted",
        "pasted-copy",
        "tracked-deletion",
    ],
)
def test_refresh_case(
    tmp_path: Path,
    old: str,
    new: str,
    edit: Callable[[etree._Element], None],
    kinds: list[str],
    text: str,
) -> None:
    """One figure, one reviewer action: what refresh does and what the draft then reads."""
    path, sidecar = _small_draft(tmp_path, _views(x=old))
    doc = Document(str(path))
    edit(doc.element.body)
    doc.save(str(path))
    result = refresh_draft(path, _views(x=new), sidecar)
    assert [c.kind for c in result.changes] == kinds
    assert document_text(result.path) == text


def test_refresh_without_any_record_only_reports(tmp_path: Path) -> None:
    """With neither sidecar nor embedded record, differing figures are conflicts, never overwritten."""
    path, _ = _small_draft(tmp_path, _views(x="1426项", y="7件"))
    doc = Document(str(path))
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/customXml"):
            doc.part.drop_rel(rel_id)
    doc.save(str(path))
    result = refresh_draft(path, _views(x="1450项", y="7件"))
    assert [(c.kind, c.code, c.now) for c in result.changes] == [("conflict", "a.x", "1426")]
    assert result.unchanged == 1
    assert document_text(result.path) == "前文1426项后文。\n前文7件后文。"


def test_refresh_updates_the_figure_comment(tmp_path: Path) -> None:
    """nianbao's comment on an updated figure is rewritten; the figure's new value is in it."""
    path, sidecar = _small_draft(tmp_path, _views(x="1426项"))
    result = refresh_draft(path, _views(x="1450项"), sidecar)
    texts = [c.text for c in Document(str(result.path)).comments]
    assert texts == ["指标x（a.x）\n本年：1450项"]


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b"PK\x03\x04broken"],
    ids=["text-file", "broken-zip"],
)
def test_refresh_of_a_non_word_file_is_a_document_error(tmp_path: Path, content: bytes) -> None:
    """A file that is not a .docx stops with a Chinese DocumentError, nothing written."""
    bad = tmp_path / "草稿.docx"
    bad.write_bytes(content)
    with pytest.raises(DocumentError, match="无法打开草稿"):
        refresh_draft(bad, _views(x="1项"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["草稿.docx"]


def test_pipeline_refresh_of_a_missing_draft(catalogue: Catalogue, tmp_path: Path) -> None:
    """Refreshing a path that does not exist says so in Chinese."""
    with pytest.raises(DocumentError, match="找不到草稿"):
        pipeline.refresh_draft(tmp_path / "无.docx", catalogue, 2021, INPUTS / "2021")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("报告_草稿_20220301-090000.docx", "报告_草稿_20220301-090000_刷新_20220302-100000.docx"),
        (
            "报告_草稿_20220301-090000_刷新_20220301-120000.docx",
            "报告_草稿_20220301-090000_刷新_20220302-100000.docx",
        ),
        ("审阅稿.docx", "审阅稿_刷新_20220302-100000.docx"),
    ],
)
def test_refreshed_copy_name(name: str, expected: str) -> None:
    """The new file is named after the draft with one 刷新 timestamp."""
    from datetime import datetime

    assert refreshed_path(Path("/x") / name, datetime(2022, 3, 2, 10, 0, 0)).name == expected


def _change_draft(tmp_path: Path, change: str) -> tuple[Path, dict[str, Any]]:
    tpl = Document()
    tpl.add_paragraph("评价{{r 'a.x'|fig }}{{r 'a.x'|change('，') }}。")
    tpl.save(str(tmp_path / "t.docx"))
    views = {"a.x": replace(_views(x="100条")["a.x"], change=change)}
    context = {"num": Numbering(), "figures": views, "checklist": []}
    rendered = render_document(tmp_path / "t.docx", context, tmp_path / "d.docx")
    return rendered.path, rendered.sidecar


@pytest.mark.parametrize(
    ("edited", "text", "note"),
    [
        ("", "评价110条，同比增长10.00%。", ""),
        ("同比增长", "评价110条，较上年增长5.00%。", "草稿中找到0处，应为1处，已在草稿中标黄"),
    ],
    ids=["untouched", "reviewer-rewrote-it"],
)
def test_year_on_year_wording_follows_the_figure(
    tmp_path: Path, edited: str, text: str, note: str
) -> None:
    """The 同比 wording printed with a figure is updated too, unless a reviewer rewrote it."""
    path, sidecar = _change_draft(tmp_path, "同比增长5.00%")
    if edited:
        doc = Document(str(path))
        for t in doc.element.body.iter(W_T):
            t.text = (t.text or "").replace(edited, "较上年增长")
        doc.save(str(path))
    new = {"a.x": replace(_views(x="110条")["a.x"], change="同比增长10.00%")}
    result = refresh_draft(path, new, sidecar)
    assert [(c.kind, c.old, c.new, c.note) for c in result.changes] == [
        ("updated", "100条", "110条", ""),
        ("wording", "同比增长5.00%", "同比增长10.00%", note),
    ]
    assert document_text(result.path) == text


def test_new_data_without_a_place_is_listed(tmp_path: Path) -> None:
    """A figure the draft never printed is listed when its data is new or changed, not otherwise."""
    path, sidecar = _small_draft(tmp_path, _views(x="1项"))
    unused = FigureView("a.z", "指标z", _phrase("5个"), "", False, figure=_figure("a.z", "5"))
    sidecar["figures"]["a.z"] = {"name": "指标z", "value": "4", "places": []}
    result = refresh_draft(path, {**_views(x="1项"), "a.z": unused}, sidecar)
    assert [(c.kind, c.code, c.new) for c in result.changes] == [("no_place", "a.z", "5个")]
    sidecar["figures"]["a.z"]["value"] = "5"
    again = refresh_draft(path, {**_views(x="1项"), "a.z": unused}, sidecar)
    assert again.changes == ()
    assert "新数据在草稿中没有位置：" in result.report()


def _figure(code: str, value: str) -> Figure:
    return Figure(code, Decimal(value), "ok")


def _track_move_away(body: etree._Element) -> None:
    sdt = next(body.iter(W_SDT))
    wrapper = parse_xml(f'<w:moveFrom {nsdecls("w")} w:id="6" w:author="张审稿"/>')
    sdt.addprevious(wrapper)
    wrapper.append(sdt)


def test_control_moved_away_with_tracked_changes_counts_as_deleted(tmp_path: Path) -> None:
    """A control inside w:moveFrom is the old place of a moved text: not a place to update."""
    path, sidecar = _small_draft(tmp_path, _views(x="1426项"))
    doc = Document(str(path))
    _track_move_away(doc.element.body)
    doc.save(str(path))
    result = refresh_draft(path, _views(x="1450项"), sidecar)
    assert [c.kind for c in result.changes] == ["deleted"]
