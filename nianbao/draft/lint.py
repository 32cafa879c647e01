"""Template lint: Jinja syntax, names, filters, codes, part keys and Word-split tags, located, in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.runtime import LoopContext

from nianbao.core.errors import TemplateError
from nianbao.draft.context import CONTEXT_NAMES, TEMPLATE_TYPES, TextIndex
from nianbao.draft.lint_rules import MESSAGES, REMINDERS, LintProblem, hint, short, syntax_hint
from nianbao.draft.numbering import Numbering
from nianbao.draft.render import ChartSlot, FigureMarkup, jinja_env
from nianbao.draft.sandbox import plain_attributes, readable
from nianbao.draft.tags import CLOSERS, SMART_QUOTES, Para, Tag, paragraphs, scan, stories
from nianbao.profile.catalogue import Catalogue

_OPENERS = ("if", "for", "with", "macro", "call", "filter", "autoescape", "raw")
_MIDDLES = {"elif": ("if",), "else": ("if", "for")}
_CELL_TAGS = ("colspan", "cellbg", "vm", "hm")
_METHODS = {"num": Numbering.TEMPLATE_METHODS, "texts": TextIndex.TEMPLATE_METHODS}
# Every attribute a template may read: of the context's objects, of plain values and of Jinja's `loop`.
_READABLE = (
    frozenset().union(*(readable(t) for t in (*TEMPLATE_TYPES, ChartSlot)))
    | plain_attributes()
    | frozenset(n for n in dir(LoopContext) if not n.startswith("_"))
)


@dataclass
class _Frame:
    tag: Tag
    keyword: str
    names: set[str] = field(default_factory=set)


def lint_template(path: Path, cat: Catalogue | None = None) -> list[LintProblem]:
    """Return every problem of the Word template at `path`, in document order, all at once.

    With a catalogue, indicator codes and part keys are checked too, and unused indicators reminded.
    """
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise TemplateError(f"无法打开模板：{path}（{exc}）") from exc
    linter = _Linter(cat)
    for label, root in stories(tpl):
        linter.check_part(paragraphs(root, label))
    if not any(p.level == "错误" for p in linter.problems):
        linter.cross_check(tpl)
    linter.check_unused()
    return linter.problems


class _Linter:
    """Collects the problems of the parts of one template."""

    def __init__(self, cat: Catalogue | None) -> None:
        self.cat = cat
        self.env = jinja_env()
        self.base = set(CONTEXT_NAMES) | set(self.env.globals)
        # Filters bound to FigureMarkup return run XML and need docxtpl's `{{r … }}`.
        self.markup = sorted(
            name
            for name, fn in self.env.filters.items()
            if isinstance(getattr(fn, "__self__", None), FigureMarkup)
        )
        self.problems: list[LintProblem] = []
        self.used: set[str] = set()
        self.dynamic = False

    def add(self, rule: str, at: Para | Tag | None, excerpt: str = "", **fmt: object) -> None:
        """Record a problem; rules listed in REMINDERS are 提醒, all others 错误."""
        para = at.para if isinstance(at, Tag) else at
        text = excerpt or (at.shown if isinstance(at, Tag) else "")
        self.problems.append(
            LintProblem(
                "提醒" if rule in REMINDERS else "错误",
                rule,
                para.where if para else "全文",
                short(text),
                MESSAGES[rule].format(**fmt),
                para.number if para else 0,
            )
        )

    def check_part(self, paras: list[Para]) -> None:
        start = len(self.problems)
        tags, strays = scan(paras)
        for para, tok in strays:
            self.add("stray", para, para.text, tok=tok)
        for para in paras:
            if re.search(r"｛[｛{％%]|[{｛][｛％]", para.text):
                self.add("fullwidth-brace", para, para.text)
            self._check_paragraph(para, [t for t in tags if t.para is para])
        stack: list[_Frame] = []
        for tag in tags:
            if tag.closed:
                self._check_tag(tag, stack)
        for frame in stack:
            self.add("unclosed", frame.tag, prefix=frame.tag.prefix, kw=frame.keyword)
        self.problems[start:] = sorted(self.problems[start:], key=lambda p: p.paragraph)

    def _check_paragraph(self, para: Para, tags: list[Tag]) -> None:
        """Check docxtpl's paragraph rules: whole tags, straight quotes, {%p} alone in its paragraph."""
        for tag in tags:
            if not tag.closed:
                self.add("unterminated", tag, close=CLOSERS[tag.delim])
            elif tag.split:
                self.add("split", tag)
            if any(c in tag.raw for c in SMART_QUOTES):
                self.add("smart-quote", tag)
        if any(t.prefix == "p" for t in tags) and not any(t.split for t in tags):
            rest = para.text
            for tag in tags:
                rest = rest.replace(tag.raw, "", 1)
            if rest.strip():
                self.add("p-text", para, para.text, rest=short(rest.strip(), 20))
            elif len(tags) > 1:
                self.add("p-many", para, para.text)

    def _check_tag(self, tag: Tag, stack: list[_Frame]) -> None:
        kw = tag.keyword
        if tag.delim == "{#":
            return
        if (tag.prefix in ("tr", "tc") or kw in _CELL_TAGS) and not tag.para.in_cell:
            self.add("table-tag", tag)
        if tag.delim == "{{":
            self._parse(tag, "{{ " + tag.body + " }}", stack)
        elif kw in ("colspan", "cellbg"):
            self._parse(tag, "{{ " + tag.body[len(kw) :] + " }}", stack)
        elif kw in _MIDDLES:
            self._middle(tag, stack)
        elif kw.startswith("end"):
            self._close(tag, stack)
        elif kw not in _CELL_TAGS:
            self._statement(tag, stack)

    def _statement(self, tag: Tag, stack: list[_Frame]) -> None:
        kw, body = tag.keyword, tag.body
        if kw in _OPENERS or (kw == "set" and "=" not in body):
            names = self._parse(tag, "{% " + body + " %}{% end" + kw + " %}", stack)
            stack.append(_Frame(tag, kw, names | ({"loop"} if kw == "for" else set())))
        elif kw in ("set", "do"):
            names = self._parse(tag, "{% " + body + " %}", stack)
            (stack[-1].names if stack else self.base).update(names)
        elif kw in ("p", "tr", "tc", "r"):
            self.add("p-space", tag, kw=kw)
        else:
            self.add("unknown-tag", tag, kw=kw or body, hint=hint(kw, [*_OPENERS, "set", "do"]))

    def _middle(self, tag: Tag, stack: list[_Frame]) -> None:
        if not stack or stack[-1].keyword not in _MIDDLES[tag.keyword]:
            self.add("no-if", tag)
            return
        self._same_prefix(tag, stack[-1])
        if tag.keyword == "elif":
            self._parse(tag, "{% if 1 %}{% " + tag.body + " %}{% endif %}", stack)

    def _close(self, tag: Tag, stack: list[_Frame]) -> None:
        want = tag.keyword[3:]
        if tag.body.split() != [tag.keyword]:
            self.add("end-extra", tag, kw=tag.keyword)
        if not any(f.keyword == want for f in stack):
            self.add("no-opener", tag, want=want)
            return
        while stack[-1].keyword != want:
            frame = stack.pop()
            self.add("unclosed", frame.tag, prefix=frame.tag.prefix, kw=frame.keyword)
        frame = stack.pop()
        self._same_prefix(tag, frame)
        if not tag.prefix and not frame.tag.prefix and frame.tag.para is not tag.para:
            self.add("inline-block", frame.tag, n=tag.para.number, other=tag.raw)

    def _same_prefix(self, tag: Tag, frame: _Frame) -> None:
        if tag.prefix != frame.tag.prefix:
            other = frame.tag
            self.add(
                "prefix", tag, n=other.para.number, other=other.raw, a=other.prefix, b=tag.prefix
            )

    def _parse(self, tag: Tag, source: str, stack: list[_Frame]) -> set[str]:
        """Parse one tag as a snippet; check names, filters, codes and parts; return names it binds."""
        try:
            ast = self.env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            self.add("syntax", tag, detail=exc.message, hint=syntax_hint(tag))
            return set()
        known = self.base.union(*(f.names for f in stack))
        bound = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
        try:
            wanted = meta.find_undeclared_variables(ast)
        except jinja2.TemplateAssertionError:  # unknown filter or test: reported below
            wanted = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"} - bound
        for name in sorted(wanted - known):
            self.add(
                "undeclared",
                tag,
                name=name,
                hint=hint(name, sorted(known)),
                names="、".join(CONTEXT_NAMES),
            )
        self._check_nodes(tag, ast)
        return bound

    def _check_nodes(self, tag: Tag, ast: nodes.Template) -> None:
        markup = False
        for f in ast.find_all(nodes.Filter):
            if f.name not in self.env.filters:
                self.add("filter", tag, name=f.name, hint=hint(f.name, list(self.env.filters)))
            markup = markup or f.name in self.markup
            if f.name in ("fig", "change") and f.node is not None:
                self._check_code(tag, f.node)
        for t in ast.find_all(nodes.Test):
            if t.name not in self.env.tests:
                self.add("test", tag, name=t.name)
        if tag.delim == "{{" and markup and tag.prefix != "r":
            self.add("r-needed", tag, filters="、".join(self.markup))
        if tag.delim == "{{" and tag.prefix == "r" and not markup:
            self.add("r-plain", tag, filters="、".join(self.markup))
        for g in ast.find_all(nodes.Getattr):
            if isinstance(g.node, nodes.Name) and g.attr not in _METHODS.get(
                g.node.name, (g.attr,)
            ):
                allowed = "、".join(_METHODS[g.node.name])
                self.add("method", tag, obj=g.node.name, attr=g.attr, allowed=allowed)
            elif g.attr not in _READABLE:
                self.add("attribute", tag, attr=g.attr)
        for call in ast.find_all(nodes.Call):
            self._check_call(tag, call)

    def _check_code(self, tag: Tag, node: nodes.Node) -> None:
        if not (isinstance(node, nodes.Const) and isinstance(node.value, str)):
            self.dynamic = True
            return
        self.used.add(node.value)
        if self.cat is not None and node.value not in self.cat.indicators:
            self.add(
                "unknown-code",
                tag,
                code=node.value,
                hint=hint(node.value, list(self.cat.indicators)),
            )

    def _check_call(self, tag: Tag, call: nodes.Call) -> None:
        fn = call.node
        if not (isinstance(fn, nodes.Getattr) and isinstance(fn.node, nodes.Name)):
            return
        arg = call.args[0] if call.args else None
        if (fn.node.name, fn.attr) == ("texts", "of") and self.cat and isinstance(arg, nodes.Const):
            keys = [p.key for p in self.cat.parts]
            if arg.value not in keys:
                self.add("unknown-part", tag, key=arg.value, hint=hint(str(arg.value), keys))
        if (fn.node.name, fn.attr) == ("num", "style"):
            for kw in call.kwargs:
                value = kw.value.value if isinstance(kw.value, nodes.Const) else None
                try:
                    Numbering().style(**{kw.key: str(value)})
                except ValueError as exc:
                    self.add("numbering", tag, detail=str(exc))

    def cross_check(self, tpl: DocxTemplate) -> None:
        """Parse the whole body as docxtpl will, to catch what the per-tag checks cannot see."""
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
        try:
            self.env.parse(xml)
        except jinja2.TemplateSyntaxError as exc:
            line = exc.lineno or 1
            near = "".join(re.sub(r"<[^>]+>", "", s) for s in xml.splitlines()[line - 2 : line + 1])
            self.add("whole", None, near, detail=exc.message)

    def check_unused(self) -> None:
        """Remind of catalogue indicators the template never prints (formula ingredients excepted)."""
        if self.cat is None or self.dynamic:
            return
        ingredients = {c for ind in self.cat.indicators.values() for c in ind.formula_codes()}
        for code, ind in self.cat.indicators.items():
            if code not in self.used and code not in ingredients:
                self.add("unused", None, code, name=ind.name)
