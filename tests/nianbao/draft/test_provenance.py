"""Provenance for reviewers: a comment on each figure, the sidecar .figures.json, the embedded record."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from nianbao.core.errors import DocumentError
from nianbao.draft.context import FigureView
from nianbao.draft.numbering import Numbering
from nianbao.draft.provenance import (
    CommentMode,
    comment_code,
    comment_text,
    read_sidecar,
    record_of,
    sidecar_path,
    wants_comment,
)
from nianbao.draft.render import render_document
from nianbao.figures.aggregation import Figure, Source
from nianbao.figures.phrasing import Phrase
from nianbao.word.anchors import control_key, control_text, fill_comment, read_record
from nianbao.word.document import paragraph_text

from ...conftest import draft_year

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _src(unit: str, value: int, cell: str = "D5") -> Source:
    return Source("u", unit, f"{unit}.xlsx", "指标数据", cell, Decimal(value))


def _view(
    code: str,
    name: str,
    text: str | None,
    fig: Figure | None = None,
    formula: str = "",
    previous: str = "",
    change: str = "",
    warnings: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> FigureView:
    phrase = None
    if text is not None:
        digits = text.rstrip("项个%名件万元")
        phrase = Phrase(digits, text[len(digits) :])
    flagged = fig is not None and fig.status != "ok"
    return FigureView(code, name, phrase, change, flagged, warnings, fig, formula, previous, notes)


ITEMS = _view(
    "zwfw.online_items",
    "“一网通办”业务事项数",
    "1426项",
    Figure("zwfw.online_items", Decimal(1426), "ok", sources=(_src("政务服务局", 1426),)),
    previous="1302项",
    change="同比增长9.52%",
)
STARS = _view(
    "zwfw.four_star_items",
    "四星级事项数",
    "1414项",
    Figure("zwfw.four_star_items", Decimal(1414), "ok"),
)
TOWNS = tuple(_src(f"镇{n}", n) for n in range(1, 24))
VIEWS = {v.code: v for v in (ITEMS, STARS)}


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (
            ITEMS,
            [
                "“一网通办”业务事项数（zwfw.online_items）",
                "本年：1426项",
                "来源：政务服务局，政务服务局.xlsx［指标数据］D5：1426",
                "上年：1302项（同比增长9.52%）",
            ],
        ),
        (
            _view(
                "tj.elders",
                "聘请“五老”人员数",
                "276名",
                Figure("tj.elders", Decimal(276), "ok", sources=TOWNS),
            ),
            [
                "聘请“五老”人员数（tj.elders）",
                "本年：276名",
                "来源：23个单位合计：" + "、".join(f"镇{n}{n}" for n in range(1, 24)),
                "（各单位的文件、工作表和单元格见草稿旁的 .figures.json 文件）",
                "上年：无数据",
            ],
        ),
        (
            _view(
                "zwfw.four_star_share",
                "四星级事项占比",
                "99.16%",
                Figure("zwfw.four_star_share", Decimal("99.158"), "ok", inputs=("a", "b")),
                formula="100 * zwfw.four_star_items / zwfw.online_items",
            ),
            [
                "四星级事项占比（zwfw.four_star_share）",
                "本年：99.16%",
                "计算：100 × 四星级事项数 ÷ “一网通办”业务事项数 = 100 × 1414项 ÷ 1426项",
            ],
        ),
        (
            _view(
                "zwfw.items_growth",
                "事项增速",
                "9%",
                Figure("zwfw.items_growth", Decimal(9), "ok", inputs=("zwfw.online_items",)),
            ),
            [
                "事项增速（zwfw.items_growth）",
                "本年：9%",
                "计算：“一网通办”业务事项数较上年增速 =（本年1426项 ÷ 上年1302项 − 1）× 100%",
            ],
        ),
        (
            _view(
                "tj.mediators",
                "专职人民调解员数",
                None,
                Figure(
                    "tj.mediators",
                    None,
                    "missing",
                    missing_units=("五里镇",),
                    note="未报送或未填写：五里镇",
                ),
            ),
            [
                "专职人民调解员数（tj.mediators）",
                "本年：缺数（未报送或未填写：五里镇）",
                "未报送或未采用（1个）：五里镇",
                "上年：无数据",
            ],
        ),
        (
            _view(
                "xy.loans",
                "信用贷款",
                "2900万元",
                warnings=("变化异常：本年是上年的9.66倍，请核对",),
                notes=(
                    "提醒：f.xlsx［指标数据］D12：信用贷款变化异常：本年是上年的9.66倍，请核对",
                    *(f"提醒：镇{n}.xlsx［指标数据］D7：估计数" for n in range(7)),
                ),
            ),
            [
                "信用贷款（xy.loans）",
                "本年：2900万元",
                "提醒：变化异常：本年是上年的9.66倍，请核对",
                *(f"提醒：镇{n}.xlsx［指标数据］D7：估计数" for n in range(5)),
                "……另有2条，详见校验报告.xlsx",
            ],
        ),
    ],
    ids=["one-source", "23-towns", "formula", "growth", "missing", "warnings"],
)
def test_comment_says_how_the_figure_was_computed(view: FigureView, expected: list[str]) -> None:
    """The comment names the figure and gives sources, formula, last year and warnings."""
    text = comment_text(view, {**VIEWS, view.code: view})
    assert text.split("\n") == expected
    assert comment_code(text) == view.code


@pytest.mark.parametrize(
    ("mode", "plain", "flagged"),
    [("all", True, True), ("flagged", False, True), ("none", False, False)],
)
def test_comment_modes(mode: CommentMode, plain: bool, flagged: bool) -> None:
    """`all` comments every figure, `flagged` only those with gaps or warnings, `none` nothing."""
    warned = _view("a.b", "乙", "3项", warnings=("变化异常",))
    assert (wants_comment(ITEMS, mode), wants_comment(warned, mode)) == (plain, flagged)


def test_unknown_comment_mode_is_refused() -> None:
    """A mode other than all/flagged/none is a programming error, reported in Chinese."""
    with pytest.raises(ValueError, match="批注选项"):
        wants_comment(ITEMS, "some")  # type: ignore[arg-type]


def _small(tmp_path: Path, comments: CommentMode) -> Path:
    tpl = Document()
    tpl.add_paragraph("全区{{r 'zwfw.online_items'|fig }}事项，四星{{r 'a.b'|fig }}。")
    tpl.save(str(tmp_path / "t.docx"))
    views = {"zwfw.online_items": ITEMS, "a.b": _view("a.b", "乙", None)}
    context = {"num": Numbering(), "figures": views, "checklist": []}
    return render_document(tmp_path / "t.docx", context, tmp_path / "d.docx", comments).path


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("all", ["zwfw.online_items", "a.b"]),
        ("flagged", ["a.b"]),
        ("none", []),
    ],
)
def test_comments_option_in_the_draft(
    tmp_path: Path, mode: CommentMode, expected: list[str]
) -> None:
    """The option decides which figures carry a comment; a placeholder gets one when flagged."""
    doc = Document(str(_small(tmp_path, mode)))
    has_part = any(r.reltype.endswith("/comments") for r in doc.part.rels.values())
    comments = list(doc.comments) if has_part else []
    assert [comment_code(c.text) for c in comments] == expected
    assert {(c.author, c.initials) for c in comments} == (
        {("nianbao", "NB")} if expected else set()
    )


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the 2021 draft, rendered once for this module (comments on every figure)."""
    return draft_year(2021, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def sidecar(draft: Path) -> dict[str, Any]:
    """Return the 2021 draft's sidecar."""
    data = read_sidecar(sidecar_path(draft))
    assert data is not None
    return data


def test_every_figure_has_a_comment_anchored_around_its_control(draft: Path) -> None:
    """One comment per printed figure; its range is exactly the control, never inside it."""
    doc = Document(str(draft))
    body = doc.element.body
    controls = list(body.iter(f"{W}sdt"))
    assert len(controls) == 98
    comments = {c.comment_id: comment_code(c.text) for c in doc.comments}
    for sdt in controls:
        start, end = sdt.getprevious(), sdt.getnext()
        assert start.tag == f"{W}commentRangeStart"
        assert end.tag == f"{W}commentRangeEnd"
        assert comments[int(start.get(f"{W}id"))] == control_key(sdt)[0]
        assert not list(sdt.iter(f"{W}commentReference"))
    assert len(comments) == 98
    styles = {s.style_id for s in doc.styles}
    assert {"CommentText", "CommentReference"} <= styles


def test_sidecar_records_what_was_written_where(draft: Path, sidecar: dict[str, Any]) -> None:
    """Each place's bookmark precedes a control holding the recorded digits, in the recorded context."""
    body = Document(str(draft)).element.body
    marks = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart")}
    places = [(code, p) for code, f in sidecar["figures"].items() for p in f["places"]]
    assert len(places) == 98
    for code, place in places:
        mark = marks[place["bookmark"]]
        control = mark.getnext().getnext().getnext()
        assert control_key(control)[0] == code
        assert control_text(control) == place["text"]
        paragraph = paragraph_text(next(mark.iterancestors(f"{W}p")))
        assert place["before"] + place["text"] + place["after"] in paragraph
        assert place["after"].startswith(place["suffix"])


def test_sidecar_sources_add_up_and_point_at_cells(sidecar: dict[str, Any]) -> None:
    """A summed figure lists every unit's file, sheet, cell and value; they add up to the figure."""
    elders = sidecar["figures"]["tj.elders"]
    assert len(elders["sources"]) == 23
    assert sum(Decimal(s["value"]) for s in elders["sources"]) == Decimal(elders["value"])
    assert all(
        s["file"].endswith((".xlsx", ".xls", ".csv")) and s["sheet"] and s["cell"]
        for s in elders["sources"]
    )
    share = sidecar["figures"]["zwfw.four_star_share"]
    assert share["formula"] == "100 * zwfw.four_star_items / zwfw.online_items"
    assert (share["text"], share["previous_text"], share["change"]) == (
        "99.16%",
        "93.32%",
        "提高5.84个百分点",
    )


def test_the_draft_embeds_its_record(draft: Path, sidecar: dict[str, Any]) -> None:
    """The draft carries what was written where, so a renamed copy can still be refreshed."""
    expected = record_of(sidecar)
    assert read_record(Document(str(draft))) == json.loads(json.dumps(expected))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "无法读取生成记录"),
        ('{"format": "other"}', "不是 nianbao 的生成记录"),
        ("[]", "不是 nianbao"),
    ],
    ids=["broken-json", "other-format", "not-an-object"],
)
def test_unreadable_sidecar_is_a_document_error(tmp_path: Path, content: str, message: str) -> None:
    """A damaged .figures.json stops with a Chinese message; a missing one is simply absent."""
    path = tmp_path / "d.figures.json"
    assert read_sidecar(path) is None
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError, match=message):
        read_sidecar(path)


def test_sidecar_is_written_beside_the_draft(draft: Path) -> None:
    """`<draft stem>.figures.json` sits next to the draft and names it."""
    path = sidecar_path(draft)
    assert path.parent == draft.parent
    assert path.name == draft.stem + ".figures.json"
    assert json.loads(path.read_text(encoding="utf-8"))["draft"] == draft.name
    assert not any(p.name.startswith(".nianbao-") for p in draft.parent.iterdir())


def test_no_comment_element_sits_inside_a_control(tmp_path: Path) -> None:
    """LibreOffice 7.4 drops a control holding a comment mark, so none is ever put there."""
    path = _small(tmp_path, "all")
    body = Document(str(path)).element.body
    inside = [
        el
        for sdt in body.iter(f"{W}sdt")
        for el in sdt.iter()
        if "comment" in etree.QName(el).localname
    ]
    assert inside == []
    assert qn("w:commentRangeStart") in {el.tag for el in body.iter()}


@pytest.mark.parametrize(
    "text",
    [
        "来源：区司法局",
        "甲\n乙",
        "\n开头空行",
        "结尾空行\n",
        " 前后空格 \n\n<&>\"'",
        "制表\t符\n下一行",
    ],
    ids=["one-line", "two-lines", "leading-newline", "trailing-newline", "spaces-markup", "tab"],
)
def test_comment_text_is_written_as_python_docx_writes_it(text: str) -> None:
    """nianbao's one-parse comment writer gives the same w:comment XML as add_comment(text=…)."""
    doc = Document()
    comment = doc.comments.add_comment(author="甲", initials="J")
    fill_comment(comment, text)
    ours = comment._comment_elm
    theirs = doc.comments.add_comment(text=text, author="甲", initials="J")._comment_elm
    for elm in (ours, theirs):
        for name in ("w:id", "w:date"):
            elm.attrib.pop(qn(name))
    assert etree.tostring(ours) == etree.tostring(theirs)
