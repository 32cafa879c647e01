"""Entry of the template builder: styles, page, body, annex and checklist, saved as report.docx."""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from .annex import build_annex
from .body import Body, build_body, build_checklist
from .figures import FigureUse, check_figures
from .fonts import setup_font_table
from .page import setup_page
from .styles import (
    setup_custom_styles,
    setup_defaults,
    setup_footer_style,
    setup_headings,
    setup_normal,
)

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "templates_docx" / "default"
OUT = PROFILE / "report.docx"


def build(out: Path) -> None:
    """Build the template and save it to `out`."""
    doc = Document()
    root = doc.element.body
    for p in root.findall(qn("w:p")):  # python-docx's default template: drop any stray paragraph
        root.remove(p)
    setup_defaults(doc)
    setup_normal(doc)
    setup_headings(doc)
    setup_custom_styles(doc)
    setup_footer_style(doc)
    setup_font_table(doc)
    setup_page(doc)
    uses = FigureUse()
    body = Body(doc, uses)
    build_body(body)
    build_annex(doc, body)
    build_checklist(body)
    check_figures(uses, PROFILE)
    props = doc.core_properties
    props.title = "法治政府建设年度报告模板"
    props.author = "nianbao"
    props.comments = "由 scripts/build_template.py 生成；标签说明见同目录 README.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    n_figs = sum(len(v) for v in uses.figs.values())
    n_changes = sum(len(v) for v in uses.changes.values())
    print(f"已生成 {out}（数字标签 {n_figs} 个，同比标签 {n_changes} 个）")


def main() -> None:
    """Build the template at --out (default: the profile's report.docx)."""
    parser = argparse.ArgumentParser(description="生成 default 配置的 Word 报告模板 report.docx")
    parser.add_argument("--out", type=Path, default=OUT, help=f"输出路径（默认 {OUT}）")
    args = parser.parse_args()
    build(args.out)
