"""Rendering of the Word draft with docxtpl: figure filters, content controls, bookmarks, atomic save."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import jinja2
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from markupsafe import Markup

from nianbao.checks.accepted import Text
from nianbao.core.clock import office_now
from nianbao.core.errors import TemplateError
from nianbao.core.storage import save_new
from nianbao.draft.charts import Chart
from nianbao.draft.context import FigureView
from nianbao.draft.looks import LOOK_FILTER, Looks
from nianbao.draft.provenance import (
    COMMENT_AUTHOR,
    COMMENT_INITIALS,
    CommentMode,
    Place,
    build_sidecar,
    comment_text,
    placeholder,
    record_of,
    wants_comment,
)
from nianbao.draft.sandbox import DataSandbox
from nianbao.draft.tags import stories
from nianbao.figures.phrasing import Phrase, reword_change
from nianbao.figures.rules import Candidate
from nianbao.word import anchors, properties
from nianbao.word.marks import CANDIDATE_STYLE

MISSING_STYLE = "NbMissing"
SOURCE_STYLE = "NbSource"
CHART_WIDTH = Mm(150)
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
        self.places: list[Place] = []  # every rendering of a figure, in document order
        self.changes: dict[str, int] = {}  # how often each code's change wording was printed
        self._next_id = _FIRST_ID

    def fig(self, code: str) -> Markup:
        """Return the run XML of figure `code`: a bookmark, then the digits in a content control.

        A figure without data is a highlighted 【待补充：…】 after the bookmark, filled by refresh.
        """
        view = self._view(code)
        occurrence = self.used.get(code, 0) + 1
        self.used[code] = occurrence
        bid, sid = self._ids()
        name = bookmark_name(code, occurrence)
        mark = f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/><w:bookmarkEnd w:id="{bid}"/>'
        if view.phrase is None:
            text = placeholder(view.name)
            self.places.append(Place(code, name, "missing", text, order=len(self.places)))
            return Markup(mark + _run(text, MISSING_STYLE, highlight=True))
        phrase = view.phrase
        self.places.append(
            Place(
                code,
                name,
                "figure",
                phrase.number,
                phrase.prefix,
                phrase.suffix,
                order=len(self.places),
            )
        )
        return Markup(figure_xml(code, phrase, view.flagged, sid, mark))

    def change(
        self, code: str, lead: str = "", since: str | None = None, up: str = "", down: str = ""
    ) -> Markup:
        """Return the year-on-year wording of `code` after `lead`, or nothing without last year.

        With `since` (比上年, or ""), `up` and `down`, the wording is the office's: 比上年减少20.45%.
        """
        view = self._view(code)
        if view.change:
            self.changes[code] = self.changes.get(code, 0) + 1
        wording = view.change
        if since is not None:
            wording = reword_change(wording, since, up or "增长", down or "下降")
        return Markup(_run(lead + wording)) if wording else Markup("")

    def source(self, item: Text) -> Markup:
        """Return the grey attribution run after a unit's free text."""
        return Markup(_run(f"（来源：{item.unit}）", SOURCE_STYLE))

    def candidate(self, item: Candidate) -> Markup:
        """Return a generated candidate sentence, highlighted, then its rule marker (grey)."""
        return Markup(
            _run(item.text, CANDIDATE_STYLE, highlight=True) + _run(item.marker, SOURCE_STYLE)
        )

    def _view(self, code: str) -> FigureView:
        try:
            return self.figures[code]
        except KeyError:
            raise TemplateError(f"模板引用了指标目录中没有的指标编码“{code}”") from None

    def _ids(self) -> tuple[int, int]:
        self._next_id += 2
        return self._next_id, self._next_id + 1


def figure_xml(code: str, phrase: Phrase, flagged: bool, sid: int, mark: str = "") -> str:
    """Return the runs of a figure: prefix, `mark` (the bookmark), digits in a control, suffix."""
    digits = _run(phrase.number, highlight=flagged)
    return (
        (_run(phrase.prefix, highlight=flagged) if phrase.prefix else "")
        + mark
        + f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(code)}/><w:tag w:val={quoteattr(code)}/>"
        f'<w:id w:val="{sid}"/><w:text/></w:sdtPr><w:sdtContent>{digits}</w:sdtContent></w:sdt>'
        + _run(phrase.suffix, highlight=flagged)
    )


def _run(text: str, style: str = "", highlight: bool = False) -> str:
    props = (f'<w:rStyle w:val="{style}"/>' if style else "") + (
        '<w:highlight w:val="yellow"/>' if highlight else ""
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def jinja_env(markup: FigureMarkup | None = None) -> jinja2.Environment:
    """Return the sandboxed Jinja environment of templates: autoescape, `do`, the figure filters.

    The sandbox keeps a template (which the office edits) away from Python internals and files.
    """
    env = DataSandbox(autoescape=True, extensions=["jinja2.ext.do"])
    bound = markup or FigureMarkup({})
    env.filters.update(fig=bound.fig, change=bound.change, source=bound.source)
    env.filters.update(candidate=bound.candidate)
    return env


@dataclass(frozen=True)
class Rendered:
    """A rendered draft and its sidecar (code → value, provenance, places), not yet written."""

    path: Path
    sidecar: dict[str, Any]


def render_draft(
    template: Path, context: dict[str, Any], out: Path, comments: CommentMode = "all"
) -> Path:
    """Render `template` with `context` into the new file `out` (never overwrites); return the path."""
    return render_document(template, context, out, comments).path


def render_document(
    template: Path,
    context: dict[str, Any],
    out: Path,
    comments: CommentMode = "all",
    when: datetime | None = None,
) -> Rendered:
    """Render the draft with provenance comments (`comments`: all, flagged, none) and its record.

    The draft's properties (title, issuing office, created) are its own, dated `when` (default: now).
    """
    views: Mapping[str, FigureView] = context.get("figures", {})
    markup = FigureMarkup(views)
    tpl = DocxTemplate(str(template))
    charts: list[Chart] = context.get("charts", [])
    looks, env = Looks(), jinja_env(markup)
    env.filters[LOOK_FILTER] = looks.dress
    try:
        tpl.init_docx()
        looks.mark(root for _, root in stories(tpl))
        tpl.render({**context, "charts": chart_slots(charts)}, env, autoescape=True)
    except jinja2.TemplateError as exc:
        lines = " ".join(getattr(exc, "docx_context", []) or [])
        raise TemplateError(
            f"模板渲染失败：{exc.message}（附近文字：{lines.strip()[:80]}）"
        ) from exc
    place_charts(tpl.docx, charts)
    annotate(tpl.docx, markup.places, views, comments)
    sidecar = build_sidecar(views, markup.places, context.get("year"), "", markup.changes)
    anchors.embed_record(tpl.docx, record_of(sidecar))
    properties.stamp_document(tpl.docx, properties.stamp_of(context, when or office_now()))
    path = save_new(out, tpl.save)
    return Rendered(path, {**sidecar, "draft": path.name})


def annotate(
    doc: Document, places: list[Place], views: Mapping[str, FigureView], comments: CommentMode
) -> None:
    """Note each place's surrounding text and anchor its provenance comment on the figure."""
    marks = {b.get(qn("w:name")): b for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    styled = False
    for place in places:
        start = marks.get(place.bookmark)
        if start is None:
            continue
        place.before, place.after = anchors.text_around(start, place.text)
        view = views[place.code]
        target = anchors.marked(start)
        if target is None or not wants_comment(view, comments):
            continue
        if not styled:
            anchors.add_comment_styles(doc)
            styled = True
        text = comment_text(view, views)
        anchors.anchor_comment(doc, target, text, COMMENT_AUTHOR, COMMENT_INITIALS)


def save_docx(doc: Document, out: Path) -> Path:
    """Write `doc` to the new file `out` (or a free sibling name); return the path."""
    return save_new(out, doc.save)


@dataclass(frozen=True)
class ChartSlot:
    """A chart as the template sees it: its title and a placeholder the renderer replaces by the image."""

    title: str
    image: str


def chart_slots(charts: list[Chart]) -> list[ChartSlot]:
    """Return the template's view of `charts`: plain strings, nothing that can reach the document."""
    return [ChartSlot(c.title, _placeholder(i)) for i, c in enumerate(charts)]


def place_charts(doc: Document, charts: list[Chart]) -> None:
    """Replace each chart placeholder the template printed by the chart's picture, in its run."""
    wanted = {_placeholder(i): c for i, c in enumerate(charts)}
    for t in list(doc.element.body.iter(qn("w:t"))):
        for token in [k for k in wanted if k in (t.text or "")]:
            before, _, after = (t.text or "").partition(token)
            t.text = before
            run = t.getparent()
            run.add_drawing(doc.part.new_pic_inline(str(wanted[token].path), CHART_WIDTH, None))
            if after:
                run.add_t(after)


def _placeholder(index: int) -> str:
    return f"⟦图表{index + 1}⟧"


def draft_path(out_dir: Path, title: str, when: datetime) -> Path:
    """Return the versioned draft path `<title>_草稿_<timestamp>.docx` under `out_dir`."""
    return out_dir / f"{title}_草稿_{when:%Y%m%d-%H%M%S}.docx"
