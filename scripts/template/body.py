"""The template body: paragraphs with one run per Jinja tag, parts 一 to 三 and the checklist."""

from __future__ import annotations

import re
from types import ModuleType

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from . import prose as district_prose
from .figures import FigureUse, expand
from .styles import CHECKLIST, CONFIRM, RUNIN, TITLE

_TAG = re.compile(r"({{.*?}}|{%.*?%})")
NUMBERING_LINE = '{%p do num.style(h1="一、", h2="（一）", h3="1、", runin="一是") %}'


class Body:
    """Appends template paragraphs, one run per piece of text and one run per Jinja tag."""

    def __init__(self, doc: DocxDocument, uses: FigureUse) -> None:
        self.doc = doc
        self.uses = uses

    def para(self, text: str, style: str = "Normal", part: str = "") -> Paragraph:
        p = self.doc.add_paragraph(style=self.doc.styles[style])
        self.runs(p, expand(text, part, self.uses))
        return p

    def runs(self, p: Paragraph, text: str, char_style: str | None = None) -> None:
        for piece in _TAG.split(text):
            if piece:
                run = p.add_run(piece)
                if char_style:
                    run.style = self.doc.styles[char_style]

    def control(self, tag: str) -> None:
        """A {%p …%} tag alone in its paragraph (docxtpl removes the paragraph)."""
        if not (tag.startswith("{%p ") and tag.endswith(" %}")):
            raise ValueError(tag)
        self.para(tag)

    def texts_loop(self, key: str) -> None:
        self.control(f"{{%p for t in texts.of('{key}') %}}")
        self.para("{{ num.h3() }}{{ t.text }}{{r t|source }}")
        self.control("{%p endfor %}")


def build_body(body: Body, prose: ModuleType = district_prose) -> None:
    """Write the report text of `prose` (a district's or a city's): title, opening and parts 一 to 三."""
    doc = body.doc
    body.control(NUMBERING_LINE)
    body.para("{{ issuer }}", TITLE)
    body.para("{{ title }}", TITLE)
    body.para("")
    body.para(prose.OPENING)

    # 一、成效
    body.para("{{ num.h1() }}{{ year }}年法治政府建设主要做法和成效", "Heading 1")
    for area in prose.AREAS:
        if area.optional:
            body.control(f"{{%p if texts.of('{area.key}') %}}")
        body.para("{{ num.h2() }}" + area.heading, "Heading 2")
        for item in area.items:
            body.para("{{ num.h3() }}" + item, CONFIRM, part=area.key)
        body.texts_loop(area.key)
        if area.optional:
            body.control("{%p endif %}")

    # 二、问题（单位报送的问题，之后是规则生成的候选问题）
    body.control("{%p if texts.of('problems') or candidates.problems %}")
    body.para("{{ num.h1() }}存在的问题和不足", "Heading 1")
    body.para(
        prose.PROBLEMS_LEAD
        + "{% for t in texts.of('problems') %}{{ num.runin() }}{{ t.text }}"
        + "{{r t|source }}{% endfor %}"
        + "{% for c in candidates.problems %}{{ num.runin() }}{{r c|candidate }}{% endfor %}"
    )
    body.control("{%p endif %}")

    # 三、任务
    body.para("{{ num.h1() }}{{ next_year }}年法治政府建设主要任务", "Heading 1")
    body.para(prose.TASKS_LEAD)
    for task in prose.TASKS:
        cands = f"candidates.tasks_for('{task.key}')"
        body.control(f"{{%p if texts.of('{task.key}') or {cands} %}}")
        p = doc.add_paragraph(style=doc.styles["Normal"])
        body.runs(p, "{{ num.h2() }}" + task.heading, char_style=RUNIN)
        body.runs(
            p,
            f"{{% for t in texts.of('{task.key}') %}}{{{{ t.text }}}}{{{{r t|source }}}}{{% endfor %}}"
            + f"{{% for c in {cands} %}}{{{{r c|candidate }}}}{{% endfor %}}",
        )
        body.control("{%p endif %}")


def build_checklist(body: Body) -> None:
    """Write the 审核清单 after the annex (finalize removes it)."""
    body.control("{%p if checklist %}")
    body.para("附：审核清单（定稿时删除）", CHECKLIST)
    body.control("{%p for item in checklist %}")
    body.para("{{ loop.index }}. {{ item }}", CHECKLIST)
    body.control("{%p endfor %}")
    body.control("{%p endif %}")
