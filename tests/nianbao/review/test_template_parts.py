"""Headers, footers, footnotes and the title property of an adopted report: year words made live.

A header saying 2021年度 says 2022年度 in the 2022 draft; its braces print as typed; other numbers
there (a figure a footer quotes, another year) stay as written and 采用报告.xlsx says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from openpyxl import load_workbook

from nianbao.review.adopted_profile import Adopted
from nianbao.review.template_parts import KEPT

from .hand_typed import type_report
from .test_adopted_profile import YEAR, adopt_2021, redraft

HEADER = "信阳市平桥区人民政府2021年度法治政府建设工作报告{{内部}}"
FOOTER = "2021年全区政务服务事项1426项（2019年数据另见）"
NOTE = "本报告数据截至2021年底。"


def _footnote(doc: DocxDocument, text: str) -> None:
    """Give python-docx Document `doc` a footnotes part holding one footnote with `text`,
    referenced from the end of its first paragraph."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    reference = f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'
    doc.paragraphs[0]._p.append(parse_xml(reference))


@pytest.fixture(scope="module")
def margins(
    hand_built: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Adopted, Path]:
    """The hand-typed report with a header, a footer, a footnote and its title property, adopted."""
    _, words = hand_built
    work = tmp_path_factory.mktemp("margins")
    path = type_report(words, work / "页眉.docx")
    doc = Document(str(path))
    section = doc.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    _footnote(doc, NOTE)
    doc.core_properties.title = "关于2021年度法治政府建设工作的报告"
    doc.core_properties.comments = "由{%模板%}生成"
    doc.save(str(path))
    return adopt_2021(path, work / "profile"), work


def _final(out: Path) -> DocxDocument:
    (path,) = out.glob("定稿*.docx")
    return Document(str(path))


def _footnotes(doc: DocxDocument) -> str:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return str(rel.target_part.blob.decode("utf-8"))
    return ""


@pytest.mark.parametrize("year", [YEAR, 2022])
def test_the_year_words_around_the_body_follow_the_drafted_year(
    margins: tuple[Adopted, Path], year: int
) -> None:
    result, work = margins
    redraft(result.folder, year, work / f"draft-{year}")
    doc = _final(work / f"draft-{year}")
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == HEADER.replace("2021", str(year))
    assert section.footer.paragraphs[0].text == FOOTER.replace("2021年全区", f"{year}年全区")
    assert NOTE.replace("2021", str(year)) in _footnotes(doc)


def test_the_template_holds_year_tags_and_the_title_property_too(
    margins: tuple[Adopted, Path],
) -> None:
    result, _ = margins
    template = Document(str(result.template.path))
    header = template.sections[0].header.paragraphs[0].text
    assert (
        header
        == "信阳市平桥区人民政府{{ year }}年度法治政府建设工作报告{{ '{{' }}内部{{ '}' }}{{ '}' }}"
    )
    assert template.core_properties.title == "关于{{ year }}年度法治政府建设工作的报告"
    assert template.core_properties.comments == "由{{ '{%' }}模板%{{ '}' }}生成"
    assert result.lint_errors == 0


def test_numbers_around_the_body_are_listed_and_only_years_are_made_live(
    margins: tuple[Adopted, Path],
) -> None:
    result, _ = margins
    rows = list(load_workbook(result.book)["数字"].iter_rows(min_row=2, values_only=True))
    around = [(row[0], row[2], row[3], row[7]) for row in rows if isinstance(row[0], str)]
    assert around == [
        ("页脚（footer1.xml）", "2021", "年份", "{{ year }}"),
        ("页脚（footer1.xml）", "1426项", "保留原文", KEPT),
        ("页脚（footer1.xml）", "2019", "保留原文", "保留原文"),
        ("页眉（header1.xml）", "2021", "年份", "{{ year }}"),
        ("脚注（footnotes.xml）", "2021", "年份", "{{ year }}"),
    ]
