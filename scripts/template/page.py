"""The A4 page: GB/T 9704 margins, line grid, odd/even footers with the page number field."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .fonts import LINE_TWIPS, SONGTI
from .formatting import set_fonts, set_ppr_child


def setup_page(doc: DocxDocument) -> None:
    """A4, GB/T 9704 margins, line grid 579 twips, odd/even page-number footers."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0]
        par.style = doc.styles["Footer"]
        pf = par.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        ind = {"w:firstLineChars": "0", "w:firstLine": "0"}
        ind["w:right" if odd else "w:left"] = str(14 * 20)
        set_ppr_child(par._p.get_or_add_pPr(), "w:ind", ind)
        add_page_number(par)


def add_page_number(par: Paragraph) -> None:
    """Write "— PAGE —" as a complete field, each field part in its own 宋体 4号 run."""

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None) -> None:
        r = par.add_run(text) if text else par.add_run()
        rpr = r._r.get_or_add_rPr()
        set_fonts(rpr, SONGTI)
        r.font.size = Pt(14)
        if fld:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")
