"""The 公文 fonts, body size and line pitch, and the fontTable fallbacks Word and WPS use for them."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from lxml import etree

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
BODY_PT = 16
LINE_TWIPS = 579  # 28.95 pt: 22 lines fill the 225 mm type area
ANNEX_PT = 10.5  # 五号
FONT_TABLE = (  # name, altName, family, pitch (fontTable fallbacks, format.md §2.8)
    (FANGSONG, "仿宋,FangSong", "modern", "fixed"),
    (KAITI, "楷体,KaiTi", "modern", "fixed"),
    (HEITI, "SimHei", "modern", "fixed"),
    (SONGTI, "SimSun", "auto", "variable"),
    (XIAOBIAOSONG, "方正小标宋_GBK,华文中宋,宋体", "auto", "variable"),
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def setup_font_table(doc: DocxDocument) -> None:
    """Add altName fallbacks for the 公文 fonts to word/fontTable.xml."""
    part = next(
        p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    root = etree.fromstring(part.blob)
    for name, alt, family, pitch in FONT_TABLE:
        for old in root.findall(f"{{{W_NS}}}font"):
            if old.get(f"{{{W_NS}}}name") == name:
                root.remove(old)
        font = etree.SubElement(root, f"{{{W_NS}}}font")
        font.set(f"{{{W_NS}}}name", name)
        for tag, value in (
            ("altName", alt),
            ("charset", "86"),
            ("family", family),
            ("pitch", pitch),
        ):
            etree.SubElement(font, f"{{{W_NS}}}{tag}").set(f"{{{W_NS}}}val", value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
