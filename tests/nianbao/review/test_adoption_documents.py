"""Reading the numbers of finished reports the project made itself: every figure from data found, none wrong.

The documents (`office_copy`): the 2021 draft as an office reviewed and finalized it, the same text
saved by LibreOffice, and a copy typed by hand into a new .docx. The truth is where each figure that
came from data stands, known from the draft's content controls and the edits typed by hand.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from nianbao.figures.aggregation import Figure
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adoption import NumberRecord, classify_numbers, count_kinds, report_paragraphs
from nianbao.review.finalize import ANNEX_STYLES, CHECKLIST_STYLE
from nianbao.word.document import style_of

from .conftest import SUMMARY
from .office_copy import YEAR, DocumentKind, OfficeDocuments, Truth, year_words


def _read(
    path: Path, figures: dict[str, Figure], cat: Catalogue
) -> tuple[list[str], list[NumberRecord]]:
    doc = Document(str(path))
    return report_paragraphs(doc), classify_numbers(doc, YEAR, figures, cat)


def _found(t: Truth, r: NumberRecord | None, cat: Catalogue) -> str:
    """Return how the truth `t` was read: bound (to its code), ambiguous (its code a candidate),
    wrong (bound to another code) or missed."""
    if r is None:
        return "missed"
    if r.kind in ("bound", "comparison") and r.codes == (t.code,):
        return "bound"
    growth = t.kind == "comparison" and r.kind == "bound"
    if growth and cat.indicators[r.codes[0]].formula_codes() == [t.code]:
        return "bound"  # the change is itself an indicator (a growth rate of t.code)
    if r.kind == "ambiguous" and t.code in r.codes:
        return "ambiguous"
    return "wrong" if r.kind in ("bound", "comparison") else "missed"


@pytest.fixture
def reading(
    office: OfficeDocuments,
    office_copy: tuple[DocumentKind, Path],
    figures: dict[str, Figure],
    catalogue: Catalogue,
) -> tuple[DocumentKind, list[NumberRecord], list[Truth]]:
    """Return one copy's kind, the records its numbers are read as, and its truth."""
    kind, path = office_copy
    return kind, _read(path, figures, catalogue)[1], office.truth_of(kind)


def test_every_data_figure_is_bound_or_ambiguous_with_its_code(
    reading: tuple[DocumentKind, list[NumberRecord], list[Truth]], catalogue: Catalogue
) -> None:
    kind, records, truth = reading
    at = {(r.paragraph, r.start): r for r in records}
    found = [(t, _found(t, at.get((t.paragraph, t.start)), catalogue)) for t in truth]
    bound = sum(how == "bound" for _, how in found)
    counts = "，".join(f"{k} {v}" for k, v in count_kinds(records).items())
    SUMMARY[kind] = (
        f"{kind}：数据数字{len(truth)}个，绑定{bound}个（{bound / len(truth):.1%}），"
        f"待确认{sum(how == 'ambiguous' for _, how in found)}个；全部数字：{counts}"
    )
    assert len(truth) > 95
    assert [(t, how) for t, how in found if how not in ("bound", "ambiguous")] == []
    assert bound / len(truth) > 0.85


def test_no_number_is_bound_to_a_figure_it_does_not_state(
    reading: tuple[DocumentKind, list[NumberRecord], list[Truth]], catalogue: Catalogue
) -> None:
    """A bound number or comparison is a figure from data, of that code; units' own numbers are not."""
    _, records, found = reading
    truth = {(t.paragraph, t.start): t for t in found}
    wrong = [
        r
        for r in records
        if r.kind in ("bound", "comparison")
        and ((t := truth.get((r.paragraph, r.start))) is None or _found(t, r, catalogue) != "bound")
    ]
    assert wrong == []


def test_year_words_are_read_as_years(
    office_copy: tuple[DocumentKind, Path], figures: dict[str, Figure], catalogue: Catalogue
) -> None:
    _, path = office_copy
    texts, records = _read(path, figures, catalogue)
    at = {(r.paragraph, r.start): r.kind for r in records}
    years = year_words(texts, YEAR)
    assert len(years) >= 5
    assert {at.get(w) for w in years} == {"year"}


def _swapped(texts: Sequence[str], truth: Sequence[Truth]) -> list[tuple[str, Truth, str]]:
    """Return (paragraph, figure, digits): each figure's digits replaced by those of another figure
    written with the same unit word and another value, so its words name one indicator and its
    value reads as another."""
    figures = [t for t in truth if t.kind == "figure"]
    unit = {t: texts[t.paragraph][t.start + len(t.text)] for t in figures}
    cases = []
    for t in figures:
        other = next(
            (u for u in figures if unit[u] == unit[t] and u.text != t.text and u.code != t.code),
            None,
        )
        if other is not None:
            text = texts[t.paragraph]
            cases.append(
                (text[: t.start] + other.text + text[t.start + len(t.text) :], t, other.code)
            )
    return cases


def test_a_figure_whose_words_name_another_indicator_is_never_bound(
    office: OfficeDocuments, figures: dict[str, Figure], catalogue: Catalogue
) -> None:
    """Each figure given the value of another indicator with the same unit word is left unbound."""
    cases = _swapped(office.texts, office.truth)
    assert len(cases) > 80
    for text, t, other in cases:
        (r,) = [r for r in classify_numbers([text], YEAR, figures, catalogue) if r.start == t.start]
        assert r.kind in ("ambiguous", "text"), (
            text[max(0, t.start - 20) : t.start + 10],
            other,
            r,
        )


def test_annex_and_checklist_of_a_reviewed_draft_are_not_read(
    office: OfficeDocuments, figures: dict[str, Figure], catalogue: Catalogue
) -> None:
    doc = Document(str(office.reviewed))
    skipped = {
        i
        for i, p in enumerate(doc.element.body.iter(qn("w:p")))
        if style_of(p, "pPr", "pStyle") in {CHECKLIST_STYLE, *ANNEX_STYLES}
    }
    records = classify_numbers(doc, YEAR, figures, catalogue)
    assert len(skipped) > 100
    assert not [r for r in records if r.paragraph in skipped]
    assert [r for r in records if r.kind == "bound"]


def _marks(path: Path) -> dict[str, int]:
    """Return how many content controls, bookmarks and comment marks the body of `path` holds,
    and whether the package has a comments part."""
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        comments = any(name.endswith("comments.xml") for name in z.namelist())
    tags = ("<w:sdt>", "<w:bookmarkStart", "<w:commentRangeStart")
    return {tag: body.count(tag) for tag in tags} | {"comments.xml": int(comments)}


def test_each_copy_shows_the_office_text_without_review_furniture(
    office: OfficeDocuments, office_copy: tuple[DocumentKind, Path]
) -> None:
    _, path = office_copy
    texts = [t for t in report_paragraphs(Document(str(path))) if t]
    assert texts == [t for t in office.texts if t]
    assert not [t for t in texts if "（来源：" in t or "依据规则" in t or "审核清单" in t]
    assert _marks(path) == dict.fromkeys(_marks(path), 0)
    assert _marks(office.reviewed)["<w:sdt>"] > 90
