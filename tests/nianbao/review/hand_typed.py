"""Reports typed by hand for the adoption tests: the 2021 report's words in a blank .docx.

`report_words` drafts 2021, accepts the review marks, finalizes it and returns its paragraphs with
items numbered 1. 2. … as a typist would; `type_report` writes paragraphs into python-docx's blank
document (Normal style only), each paragraph one run or the runs given, with direct formatting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from nianbao.review.finalize import finalize_draft
from nianbao.word.document import iter_paragraphs

from ...conftest import accept_marks, draft_year

YEAR = 2021
Run = tuple[str, Mapping[str, object]]  # text, formatting: font, size (pt), bold, color (hex)
Paragraph = str | Sequence[Run]


def report_words(work: Path) -> list[str]:
    """Return the paragraphs of the finalized 2021 report, items numbered 1. 2. … (in `work`)."""
    drafted = Document(str(draft_year(YEAR, work)))
    accept_marks(drafted)
    drafted.save(str(work / "审阅稿.docx"))
    final = finalize_draft(work / "审阅稿.docx", work / "定稿.docx").path
    return [re.sub(r"^([0-9]+)、", r"\1.", text) for _, text in iter_paragraphs(final)]


def type_report(paragraphs: Sequence[Paragraph], path: Path) -> Path:
    """Write `paragraphs` into a blank .docx at `path`; return it."""
    doc = Document()
    for para in paragraphs:
        p = doc.add_paragraph()
        for text, look in [(para, {})] if isinstance(para, str) else para:
            run = p.add_run(text)
            if "font" in look:
                run.font.name = str(look["font"])
                run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), str(look["font"]))
            if "size" in look:
                run.font.size = Pt(float(str(look["size"])))
            if "bold" in look:
                run.font.bold = bool(look["bold"])
            if "color" in look:
                run.font.color.rgb = RGBColor.from_string(str(look["color"]))
    doc.save(str(path))
    return path


def plain(paragraph: Paragraph) -> str:
    """Return the text of `paragraph`."""
    return paragraph if isinstance(paragraph, str) else "".join(text for text, _ in paragraph)
