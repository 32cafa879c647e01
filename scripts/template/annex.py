"""The removable annex: 主要数据表 (a row per indicator, docxtpl row loop) and the charts."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from .body import Body
from .styles import ANNEX, ANNEX_TABLE, ANNEX_TITLE

ANNEX_NOTE = (
    "本附件由程序根据各单位报表汇总生成，供审核参考，定稿时删除；"
    "完整数据（含来源单位）见同目录“数据附表.xlsx”。"
)
ANNEX_COLUMNS = (  # header, cell tag, width (mm); 156 mm type area
    ("序号", "{{ loop.index }}", 10),
    ("指标", "{{ r.name }}", 48),
    ("{{ year }}年", "{{ r.now_text }}", 23),
    ("{{ prev_year }}年", "{{ r.before_text }}", 23),
    ("同比", "{{ r.change }}", 34),
    ("状态", "{{ r.status }}", 18),
)


def build_annex(doc: DocxDocument, body: Body, note: str = ANNEX_NOTE) -> None:
    """附件：主要数据表 (a row per indicator) and the charts, in NbAnnex styles (finalize removes)."""
    body.control("{%p if annex %}")
    body.para("附件：主要数据表", ANNEX_TITLE)
    body.para(note, ANNEX)
    table = doc.add_table(rows=4, cols=len(ANNEX_COLUMNS))
    table.style = doc.styles[ANNEX_TABLE]
    add_table_borders(table._tbl)
    table.autofit = False
    for column, (_, _, width) in zip(table.columns, ANNEX_COLUMNS, strict=True):
        column.width = Mm(width)  # w:gridCol, which LibreOffice uses
    rows = (
        [h for h, _, _ in ANNEX_COLUMNS],
        ["{%tr for r in annex %}"] + [""] * (len(ANNEX_COLUMNS) - 1),
        [tag for _, tag, _ in ANNEX_COLUMNS],
        ["{%tr endfor %}"] + [""] * (len(ANNEX_COLUMNS) - 1),
    )
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text, (_, _, width) in zip(row.cells, texts, ANNEX_COLUMNS, strict=True):
            cell.width = Mm(width)
            par = cell.paragraphs[0]
            par.style = doc.styles[ANNEX]
            body.runs(par, text)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
    body.control("{%p for c in charts %}")
    for text in ("{{ c.image }}", "{{ c.title }}"):
        body.para(text, ANNEX).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.control("{%p endfor %}")
    body.control("{%p endif %}")


def add_table_borders(tbl: etree._Element) -> None:
    """Single 0.5 pt borders set on the table itself (LibreOffice ignores inherited table styles)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "auto"),
        ):
            el.set(qn(key), value)
        borders.append(el)
    tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
