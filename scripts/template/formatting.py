"""Run and paragraph property setters on the raw XML (fonts, sizes, spacing, indents, pPr order)."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.styles.style import BaseStyle
from lxml import etree

from .fonts import BODY_PT, LINE_TWIPS

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# w:pPr children in schema order (new children are inserted before their successors)
PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def set_fonts(rpr: etree._Element, east_asia: str, latin: str | None = None) -> None:
    """Set all four rFonts slots (drop theme attributes, which would override the names)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    latin = latin or east_asia
    for attr, value in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", east_asia),
        ("w:cs", latin),
    ):
        rfonts.set(qn(attr), value)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(rpr: etree._Element, twips: int) -> None:
    """Set character spacing (w:spacing/@w:val, in twips) in a run or style rPr."""
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(twips))
    rpr.insert_element_before(
        sp,
        *(
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ),
    )


def set_lang(rpr: etree._Element) -> None:
    """Mark East Asian text as Chinese and Western text (digits, %, Latin) as English, as Word does.

    With the Western slot also zh-CN, LibreOffice breaks lines inside numbers (“612 / 8起”, “99.98 / %”).
    """
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_ppr_child(ppr: etree._Element, tag: str, attrs: dict[str, str]) -> etree._Element:
    """Replace (or add) a simple pPr child element such as w:ind, w:snapToGrid or w:outlineLvl."""
    for old in ppr.findall(qn(tag)):
        ppr.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key), value)
    after = PPR_ORDER[PPR_ORDER.index(tag) + 1 :]
    ppr.insert_element_before(el, *after)
    return el


def set_first_line(ppr: etree._Element, chars: int, font_pt: int = BODY_PT) -> None:
    """Set a first-line indent in characters, with the absolute twips as a fallback."""
    set_ppr_child(
        ppr,
        "w:ind",
        {"w:firstLineChars": str(chars * 100), "w:firstLine": str(chars * font_pt * 20)},
    )


def set_size(style: BaseStyle, pt: float) -> None:
    """Set the font size of a style in both slots (w:sz and the complex-script w:szCs)."""
    style.font.size = Pt(pt)  # type: ignore[attr-defined]
    rpr = style.element.get_or_add_rPr()
    sz = rpr.find(qn("w:sz"))
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), sz.get(qn("w:val")))
    sz.addnext(szcs)


def strip_rpr(rpr: etree._Element, *tags: str) -> None:
    """Remove the given children (colour, bold, italic …) from an rPr."""
    for tag in tags:
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)


def exact_lines(
    style: BaseStyle, align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY
) -> None:
    """Exact 28.95 pt line spacing, no space before/after, the given alignment."""
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Twips(LINE_TWIPS)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if align is not None:
        pf.alignment = align
