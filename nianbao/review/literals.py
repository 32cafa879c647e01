"""The office's own braces in an adopted template: printed as typed, never read as tags.

docxtpl hands a whole part (body, header, footer, footnotes, some document properties) to Jinja,
after gluing text across runs and paragraphs wherever a brace meets one: a `{` ending one run and
a `%` starting the next become `{%`. So every brace the office typed goes into a string tag that
prints it: `{{ '{{' }}` prints `{{`, `{{ '{%' }}` prints `{%`, `{{ '}' }}` prints `}`. Opening
braces (with the `%` or `#` after them) share one tag; each closing brace gets its own, since a
`}}` inside a tag would end it for Jinja and for lint.
"""

from __future__ import annotations

import re

from lxml import etree

from nianbao.review.figure_tags import Edit

_BRACES = re.compile(r"\{+[%#]?|\}")
_OPENER = re.compile(r"\{[{%#]")  # what Jinja reads in an attribute (a GUID's braces it does not)
_TEXT = etree._Element.text
_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def literal(text: str) -> str:
    """Return the tag that prints `text` (braces, %, #) as it is."""
    return "{{ '" + text + "' }}"


def literal_edits(text: str) -> list[Edit]:
    """Return the edits that put each brace of paragraph text `text` into a tag printing it."""
    return [Edit(m.start(), m.end(), literal(m[0])) for m in _BRACES.finditer(text)]


def escape_braces(text: str) -> str:
    """Return `text` with every brace in a tag that prints it (for text outside paragraphs)."""
    return _BRACES.sub(lambda m: literal(m[0]), text)


def escape_markup(root: etree._Element) -> int:
    """Escape the braces of every text under `root` that is not a paragraph's w:t (field codes …)
    and of every attribute holding a Jinja opener (a picture's alternative text …): docxtpl hands
    those to Jinja too. Return how many texts and attributes were changed."""
    changed = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions
        text = _TEXT.__get__(el)  # lxml's own: python-docx's elements redefine `text`
        if el.tag != _T and text and _BRACES.search(text):
            _TEXT.__set__(el, escape_braces(text))
            changed += 1
        for key, value in el.attrib.items():
            if _OPENER.search(value):
                el.set(key, escape_braces(value))
                changed += 1
    return changed
