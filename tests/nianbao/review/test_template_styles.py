"""An adopted template gets nianbao's styles by their ids, the annex and the checklist from the base."""

from __future__ import annotations

from collections import Counter

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from nianbao.review.template_styles import NEEDED, add_styles, append_tail
from nianbao.word.document import paragraph_text

from ...conftest import PROFILE

_ID, _VAL = qn("w:styleId"), qn("w:val")


def _ids(styles: etree._Element) -> list[str]:
    return [s.get(_ID, "") for s in styles.iter(qn("w:style"))]


def _names(styles: etree._Element) -> Counter[str]:
    return Counter(
        n.get(_VAL, "")
        for s in styles.iter(qn("w:style"))
        if (n := s.find(qn("w:name"))) is not None
    )


@pytest.fixture
def base() -> object:
    return Document(str(PROFILE / "report.docx"))


def test_a_blank_document_gets_every_needed_style_and_what_they_are_based_on(base: object) -> None:
    doc = Document()
    added = add_styles(doc.styles.element, doc.element.body, base.styles.element)  # type: ignore[attr-defined]
    ids = _ids(doc.styles.element)
    assert set(NEEDED) - {"NbStale"} <= set(ids)  # the base has no 待核实数字: refresh adds it
    assert "来源标注" in added
    assert "附件表格" in added
    assert "TableGrid" in ids  # 附件表格 is based on it
    assert max(_names(doc.styles.element).values()) == 1


def test_a_style_libreoffice_renamed_gets_its_id_back_where_the_body_uses_it(base: object) -> None:
    doc = Document()
    styles = doc.styles.element
    renamed = doc.styles.add_style("来源标注", WD_STYLE_TYPE.CHARACTER)
    renamed.style_id = "Style6"  # as LibreOffice saves it
    run = doc.add_paragraph().add_run("（来源：区司法局）")
    run.style = doc.styles["来源标注"]
    add_styles(styles, doc.element.body, base.styles.element)  # type: ignore[attr-defined]
    assert "Style6" not in _ids(styles)
    assert _names(styles)["来源标注"] == 1
    assert run._r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(_VAL) == "NbSource"


def test_the_annex_and_checklist_blocks_come_after_the_text_before_the_section(
    base: object,
) -> None:
    doc = Document()
    doc.add_paragraph("正文最后一段")
    added = append_tail(doc.element.body, base.element.body)  # type: ignore[attr-defined]
    blocks = [el for el in doc.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    texts = [paragraph_text(el) if el.tag == qn("w:p") else "表格" for el in blocks]
    assert added == len(blocks) - 1
    assert texts[0] == "正文最后一段"
    assert texts[1].startswith("{%p if annex")
    assert "表格" in texts
    assert texts[-1] == "{%p endif %}"
    assert doc.element.body[-1].tag == qn("w:sectPr")
