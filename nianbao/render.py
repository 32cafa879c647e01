"""Rendering of the Word draft with docxtpl: figure filters, content controls, bookmarks, atomic save."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import jinja2
from docxtpl import DocxTemplate
from markupsafe import Markup

from nianbao.context import FigureView
from nianbao.errors import TemplateError
from nianbao.storage import save_new
from nianbao.validation import Text

MISSING_STYLE = "NbMissing"
SOURCE_STYLE = "NbSource"
_FIRST_ID = 90000
_BOOKMARK_SAFE = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(code: str, occurrence: int = 1) -> str:
    """Return the Word bookmark name of the `occurrence`-th rendering of indicator `code` (≤ 40 chars)."""
    base = "nb_" + _BOOKMARK_SAFE.sub("_", code)
    name = base if occurrence == 1 else f"{base}_{occurrence}"
    return name[:40]


class FigureMarkup:
    """The filters `fig`, `change` and `source` bound to one render's figures (ids stay unique)."""

    def __init__(self, figures: Mapping[str, FigureView]) -> None:
        self.figures = figures
        self.used: dict[str, int] = {}
        self._next_id = _FIRST_ID

    def fig(self, code: str) -> Markup:
        """Return the run XML of figure `code`: digits in a content control inside a bookmark."""
        view = self._view(code)
        if view.phrase is None:
            return Markup(_run(f"【待补充：{view.name}】", MISSING_STYLE, highlight=True))
        occurrence = self.used.get(code, 0) + 1
        self.used[code] = occurrence
        bid, sid = self._ids()
        name = bookmark_name(code, occurrence)
        digits = _run(view.phrase.number, highlight=view.flagged)
        return Markup(
            (_run(view.phrase.prefix, highlight=view.flagged) if view.phrase.prefix else "")
            + f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'
            f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(code)}/><w:tag w:val={quoteattr(code)}/>"
            f'<w:id w:val="{sid}"/><w:text/></w:sdtPr><w:sdtContent>{digits}</w:sdtContent></w:sdt>'
            f'<w:bookmarkEnd w:id="{bid}"/>' + _run(view.phrase.suffix, highlight=view.flagged)
        )

    def change(self, code: str, lead: str = "") -> Markup:
        """Return the year-on-year wording of `code` after `lead`, or nothing without last year."""
        view = self._view(code)
        return Markup(_run(lead + view.change)) if view.change else Markup("")

    def source(self, item: Text) -> Markup:
        """Return the grey attribution run after a unit's free text."""
        return Markup(_run(f"（来源：{item.unit}）", SOURCE_STYLE))

    def _view(self, code: str) -> FigureView:
        try:
            return self.figures[code]
        except KeyError:
            raise TemplateError(f"模板引用了指标目录中没有的指标编码“{code}”") from None

    def _ids(self) -> tuple[int, int]:
        self._next_id += 2
        return self._next_id, self._next_id + 1


def _run(text: str, style: str = "", highlight: bool = False) -> str:
    props = (f'<w:rStyle w:val="{style}"/>' if style else "") + (
        '<w:highlight w:val="yellow"/>' if highlight else ""
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def jinja_env(markup: FigureMarkup | None = None) -> jinja2.Environment:
    """Return the Jinja environment of templates: autoescape, `do`, and the figure filters."""
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.do"])
    bound = markup or FigureMarkup({})
    env.filters.update(fig=bound.fig, change=bound.change, source=bound.source)
    return env


def render_draft(template: Path, context: dict[str, Any], out: Path) -> Path:
    """Render `template` with `context` into the new file `out` (never overwrites); return the path."""
    markup = FigureMarkup(context.get("figures", {}))
    tpl = DocxTemplate(str(template))
    try:
        tpl.render(context, jinja_env(markup), autoescape=True)
    except jinja2.TemplateError as exc:
        lines = " ".join(getattr(exc, "docx_context", []) or [])
        raise TemplateError(
            f"模板渲染失败：{exc.message}（附近文字：{lines.strip()[:80]}）"
        ) from exc
    return save_new(out, tpl.save)


def draft_path(out_dir: Path, title: str, when: datetime) -> Path:
    """Return the versioned draft path `<title>_草稿_<timestamp>.docx` under `out_dir`."""
    return out_dir / f"{title}_草稿_{when:%Y%m%d-%H%M%S}.docx"
