"""Entry of the template builder: styles, page, body, annex and checklist, saved as report.docx."""

from __future__ import annotations

import argparse
import importlib
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
PROFILES = {"default": "prose", "city": "prose_city"}  # profile → its text module in this package


def build(out: Path, profile: str = "default") -> None:
    """Build the template of `profile` (its text from PROFILES) and save it to `out`."""
    prose = importlib.import_module(f".{PROFILES[profile]}", __package__)
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
    build_body(body, prose)
    build_annex(doc, body, *getattr(prose, "ANNEX_NOTES", ()))
    build_checklist(body)
    check_figures(uses, ROOT / "templates_docx" / profile)
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
    """Build the template of --profile at --out (default: that profile's report.docx)."""
    parser = argparse.ArgumentParser(description="生成配置的 Word 报告模板 report.docx")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default", help="配置名")
    parser.add_argument(
        "--out", type=Path, help="输出路径（默认 templates_docx/配置名/report.docx）"
    )
    args = parser.parse_args()
    build(args.out or ROOT / "templates_docx" / args.profile / "report.docx", args.profile)
