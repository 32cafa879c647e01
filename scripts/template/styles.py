"""The template's styles: defaults, 正文, headings, title, checklist, marks, annex and footer."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .fonts import ANNEX_PT, BODY_PT, FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG
from .formatting import (
    exact_lines,
    set_char_spacing,
    set_first_line,
    set_fonts,
    set_lang,
    set_ppr_child,
    set_size,
    strip_rpr,
)

# custom style names (python-docx looks styles up by name; the ids are GwTitle, NbChecklist …)
TITLE = "公文标题"
CHECKLIST = "审核清单"
RUNIN = "段内标题"
CANDIDATE = "候选内容"
CONFIRM = "待确认段落"
ANNEX = "附件正文"
ANNEX_TITLE = "附件标题"
ANNEX_TABLE = "附件表格"


def setup_defaults(doc: DocxDocument) -> None:
    """docDefaults without theme fonts or 10 pt paragraph spacing; Chinese theme language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        for el in rpr.findall(qn(tag)):
            el.set(qn("w:val"), str(BODY_PT * 2))
    set_lang(rpr)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        ppr = ppr_default.find(qn("w:pPr"))
        for sp in ppr.findall(qn("w:spacing")):
            ppr.remove(sp)
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:val"), "en-US")
        tfl.set(qn("w:eastAsia"), "zh-CN")


def setup_normal(doc: DocxDocument) -> None:
    """Normal: 3号仿宋, justified, exact 579 twips, 2-character first-line indent, −0.25 pt."""
    normal = doc.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr, FANGSONG)
    set_size(normal, BODY_PT)
    set_char_spacing(rpr, -5)
    set_lang(rpr)
    exact_lines(normal)
    set_first_line(normal.element.get_or_add_pPr(), 2)


def setup_headings(doc: DocxDocument) -> None:
    """Heading 1 黑体, Heading 2 楷体, Heading 3–4 仿宋: 3号, not bold, black, body indent."""
    fonts = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
    for level, font in fonts.items():
        style = doc.styles[f"Heading {level}"]
        rpr = style.element.get_or_add_rPr()
        strip_rpr(rpr, "w:color", "w:i", "w:iCs", "w:b", "w:bCs")
        set_fonts(rpr, font)
        set_size(style, BODY_PT)
        style.font.bold = False
        exact_lines(style)
        pf = style.paragraph_format
        pf.keep_with_next = True
        pf.keep_together = True
        ppr = style.element.get_or_add_pPr()
        set_first_line(ppr, 2)
        set_ppr_child(ppr, "w:outlineLvl", {"w:val": str(level - 1)})
        # the linked character style (used when a heading style is applied to part of a paragraph)
        linked = doc.styles[f"Heading {level} Char"]
        lrpr = linked.element.get_or_add_rPr()
        strip_rpr(lrpr, "w:color", "w:i", "w:iCs", "w:b", "w:bCs")
        set_fonts(lrpr, font)
        set_size(linked, BODY_PT)


def setup_custom_styles(doc: DocxDocument) -> None:
    """GwTitle, NbChecklist (paragraph); NbMissing, NbSource, GwRunInHeading (character)."""
    styles = doc.styles

    title = styles.add_style(TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.style_id = "GwTitle"
    title.base_style = styles["Normal"]
    title.next_paragraph_style = styles["Normal"]
    title.quick_style = True
    trpr = title.element.get_or_add_rPr()
    set_fonts(trpr, XIAOBIAOSONG)
    set_size(title, 22)
    title.font.bold = False
    set_char_spacing(trpr, 0)
    exact_lines(title, WD_ALIGN_PARAGRAPH.CENTER)
    tppr = title.element.get_or_add_pPr()
    set_ppr_child(tppr, "w:snapToGrid", {"w:val": "0"})
    set_ppr_child(tppr, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})

    checklist = styles.add_style(CHECKLIST, WD_STYLE_TYPE.PARAGRAPH)
    checklist.style_id = "NbChecklist"
    checklist.base_style = styles["Normal"]
    checklist.quick_style = True
    crpr = checklist.element.get_or_add_rPr()
    set_fonts(crpr, FANGSONG)
    set_size(checklist, 14)
    set_char_spacing(crpr, 0)
    set_ppr_child(
        checklist.element.get_or_add_pPr(), "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"}
    )

    missing = styles.add_style("待补充标记", WD_STYLE_TYPE.CHARACTER)
    missing.style_id = "NbMissing"
    missing.font.bold = True

    source = styles.add_style("来源标注", WD_STYLE_TYPE.CHARACTER)
    source.style_id = "NbSource"
    srpr = source.element.get_or_add_rPr()
    set_fonts(srpr, FANGSONG)
    set_size(source, 14)
    source.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    set_char_spacing(srpr, 0)

    runin = styles.add_style(RUNIN, WD_STYLE_TYPE.CHARACTER)
    runin.style_id = "GwRunInHeading"
    set_fonts(runin.element.get_or_add_rPr(), KAITI)

    candidate = styles.add_style(CANDIDATE, WD_STYLE_TYPE.CHARACTER)
    candidate.style_id = "NbCandidate"  # generated by a rule; render adds the yellow highlight
    set_fonts(candidate.element.get_or_add_rPr(), FANGSONG)

    # carried-over narrative: shaded until a reviewer gives the paragraph the 正文 style
    confirm = styles.add_style(CONFIRM, WD_STYLE_TYPE.PARAGRAPH)
    confirm.style_id = "NbConfirm"
    confirm.base_style = styles["Normal"]
    confirm.next_paragraph_style = styles["Normal"]
    confirm.quick_style = True
    set_ppr_child(
        confirm.element.get_or_add_pPr(),
        "w:shd",
        {"w:val": "clear", "w:color": "auto", "w:fill": "FFF2CC"},
    )
    setup_annex_styles(doc)


def setup_annex_styles(doc: DocxDocument) -> None:
    """NbAnnex, NbAnnexTitle (paragraph) and NbAnnexTable (table): the annex finalize removes."""
    styles = doc.styles
    annex = styles.add_style(ANNEX, WD_STYLE_TYPE.PARAGRAPH)
    annex.style_id = "NbAnnex"
    annex.base_style = styles["Normal"]
    arpr = annex.element.get_or_add_rPr()
    set_fonts(arpr, FANGSONG)
    set_size(annex, ANNEX_PT)
    set_char_spacing(arpr, 0)
    pf = annex.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    appr = annex.element.get_or_add_pPr()
    set_ppr_child(appr, "w:snapToGrid", {"w:val": "0"})
    set_ppr_child(appr, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})

    title = styles.add_style(ANNEX_TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.style_id = "NbAnnexTitle"
    title.base_style = styles["Normal"]
    title.next_paragraph_style = annex
    set_fonts(title.element.get_or_add_rPr(), HEITI)
    title.paragraph_format.page_break_before = True
    set_ppr_child(
        title.element.get_or_add_pPr(), "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"}
    )

    table = styles.add_style(ANNEX_TABLE, WD_STYLE_TYPE.TABLE)
    table.style_id = "NbAnnexTable"
    table.base_style = styles["Table Grid"]


def setup_footer_style(doc: DocxDocument) -> None:
    """Footer: 4号宋体, single spacing, no grid, no indent, no Letter-size tab stops."""
    footer = doc.styles["Footer"]
    ppr = footer.element.get_or_add_pPr()
    for tabs in ppr.findall(qn("w:tabs")):
        ppr.remove(tabs)
    pf = footer.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    set_ppr_child(ppr, "w:snapToGrid", {"w:val": "0"})
    set_ppr_child(ppr, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})
    rpr = footer.element.get_or_add_rPr()
    set_fonts(rpr, SONGTI)
    set_size(footer, 14)
    set_char_spacing(rpr, 0)
