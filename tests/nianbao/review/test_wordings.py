"""Refresh keeps every statement consistent: 同比 wordings, derived shares, prefixes and the annex.

Copies come back from LibreOffice and Word with each sentence split into runs anew; the wording
printed beside a figure must follow it there too, or be listed and highlighted when a reviewer
rewrote it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from copy import deepcopy
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.draft.provenance import sidecar_path
from nianbao.profile.catalogue import Catalogue
from nianbao.review.changes import RefreshResult
from nianbao.review.pdf import convert
from nianbao.review.refresh import refresh_draft
from nianbao.review.spans import Spans
from nianbao.review.wordings import HIGHLIGHTED
from nianbao.word.document import paragraph_text

from ...conftest import INPUTS, draft_year
from .test_refresh import _change_draft, _views, annex_table

W_P, W_R, W_T = qn("w:p"), qn("w:r"), qn("w:t")
REVIEWS = "平桥区政务服务和大数据管理局2021年法治政府建设数据报表.xlsx"
LOANS = "附件2-填报表(3).xlsx"
# (case, file, code, new value, what the refreshed draft says, what must be gone from it,
#  annex name → (本年, 同比)): each case changes one workbook cell after the draft was written
CASES = {
    "reviews": (
        REVIEWS,
        "zwfw.reviews",
        108415,
        "全年收到群众评价108415条，同比增长13.81%，好评率为98.81%",
        ("107147", "12.47%", "99.98%"),
        {
            "“好差评”群众评价数": ("108415条", "同比增长13.81%"),
            "“好差评”好评率": ("98.81%", "下降1.09个百分点"),
        },
    ),
    "growth-turns-down": (
        LOANS,
        "xy.credit_loans",
        280,
        "全区企业获得信用贷款280万元，比2020年下降7%",
        ("2900万元", "增长866%"),
        {"企业通过“信易贷”平台获得信用贷款": ("280万元", "同比下降6.73%")},
    ),
}
CHANGES = {
    "reviews": [
        ("updated", "zwfw.reviews", "107147条", "108415条", ""),
        ("updated", "zwfw.good_review_rate", "99.98%", "98.81%", ""),
        ("wording", "zwfw.reviews", "同比增长12.47%", "同比增长13.81%", ""),
    ],
    "growth-turns-down": [
        ("updated", "xy.credit_loans", "2900万元", "280万元", ""),
        ("updated", "xy.credit_loans_growth", "增长866%", "下降7%", ""),
    ],
}
# The units' own sentences that still state the old value: listed and highlighted, never rewritten.
STALE_PROSE = {"reviews": ["“107147条”", "“99.98%”"], "growth-turns-down": ["“2900万元”"]}
REWORDED = "比上年增长12.47%"


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the 2021 draft with its sidecar, rendered once for this module."""
    return draft_year(2021, tmp_path_factory.mktemp("draft"))


def changed(root: Path, case: str) -> Path:
    """Return a copy of inputs/2021 (with 2020 beside it) where the cell of `case` is changed."""
    for year in ("2020", "2021"):
        shutil.copytree(INPUTS / year, root / year)
    name, code, value, *_ = CASES[case]
    book = load_workbook(root / "2021" / name)
    row = next(r for r in book["指标数据"].iter_rows() if r[0].value == code)
    row[3].value = value
    book.save(root / "2021" / name)
    return root / "2021"


def word_style(src: Path, dst: Path) -> Path:
    """Save `src` as Word tends to: every run cut into pieces of one or two characters, revision
    ids on each piece and spell-check marks between them, digits inside controls included."""
    doc = Document(str(src))
    for n, run in enumerate(list(doc.element.body.iter(W_R))):
        ts = run.findall(W_T)
        text = ts[0].text or "" if len(ts) == 1 else ""
        if len(text) < 2:
            continue
        cuts = [0, 1, *range(3, len(text), 2), len(text)]
        pieces = [text[a:b] for a, b in pairwise(cuts) if a < b]
        for k, piece in enumerate(reversed(pieces)):
            twin = deepcopy(run)
            twin.set(qn("w:rsidR"), f"00{n % 97:02d}{k:04d}"[:8])
            twin.find(W_T).text = piece
            twin.find(W_T).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(twin)
            if k % 2:
                run.addnext(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
        run.getparent().remove(run)
    doc.save(str(dst))
    return dst


def copy_of(kind: str, draft: Path, work: Path, request: pytest.FixtureRequest) -> Path:
    """Return `draft` as saved by LibreOffice or by a Word-style editor."""
    if kind == "libreoffice":
        return convert(draft, "docx", work / "lo", soffice=request.getfixturevalue("soffice"))
    return word_style(draft, work / "word.docx")


def _changes(result: RefreshResult) -> list[tuple[str, str, str, str, str]]:
    """Return the figure and wording changes (stale numbers in units' prose: see `_stale`)."""
    return [(c.kind, c.code, c.old, c.new, c.note) for c in result.changes if c.kind != "stale"]


def _stale(result: RefreshResult) -> list[str]:
    """Return the old numbers listed as still standing in a unit's own prose (nianbao.review.leftovers)."""
    return [c.old for c in result.changes if c.kind == "stale"]


def _generated(path: Path) -> list[str]:
    """Return the paragraphs nianbao wrote: a unit's own prose (quoted with its source, or quoted
    by the checklist item that points to its stale number) left out."""
    texts = [paragraph_text(p) for p in Document(str(path)).element.body.iter(W_P)]
    return [t for t in texts if "（来源：" not in t and "【文字与数据不符】" not in t]


COPIES = [pytest.param("libreoffice", marks=[pytest.mark.soffice, pytest.mark.slow]), "word-style"]


@pytest.mark.parametrize("kind", COPIES)
@pytest.mark.parametrize("case", list(CASES))
def test_refreshed_copy_leaves_no_statement_of_the_old_value(
    draft: Path,
    catalogue: Catalogue,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    kind: str,
    case: str,
) -> None:
    """New figure, new 同比 wording, new share and annex row; nothing of the old value beside them."""
    _, _, _, sentence, stale, annex = CASES[case]
    copy = copy_of(kind, draft, tmp_path, request)
    result = pipeline.refresh_draft(copy, catalogue, 2021, changed(tmp_path / "in", case))
    assert _changes(result) == CHANGES[case]
    assert _stale(result) == STALE_PROSE[case]
    paragraphs = _generated(result.path)
    assert any(sentence in p for p in paragraphs)
    assert [(old, p) for p in paragraphs for old in stale if old in p] == []
    table = annex_table(result.path)
    assert {name: (table[name][0], table[name][2]) for name in annex} == annex


@pytest.mark.parametrize("kind", COPIES)
def test_a_reworded_year_on_year_phrase_is_a_listed_highlighted_conflict(
    draft: Path,
    catalogue: Catalogue,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    kind: str,
) -> None:
    """A reviewer's own wording is kept, listed with its paragraph, its stale rate highlighted;
    a second refresh lists it again."""
    copy = copy_of(kind, draft, tmp_path, request)
    doc = Document(str(copy))
    p = next(p for p in doc.element.body.iter(W_P) if "同比增长12.47%" in paragraph_text(p))
    spans = Spans(p)  # the reviewer types 比上年 over 同比, wherever the runs are cut
    at = spans.find("同比增长12.47%")[0]
    spans.replace(at, at + 2, "比上年")
    assert REWORDED in paragraph_text(p)
    doc.save(str(copy))
    inputs = changed(tmp_path / "in", "reviews")
    result = pipeline.refresh_draft(copy, catalogue, 2021, inputs)
    note = f"草稿中找到0处，应为1处，{HIGHLIGHTED}"
    assert _changes(result)[-1] == (
        "wording",
        "zwfw.reviews",
        "同比增长12.47%",
        "同比增长13.81%",
        note,
    )
    where = next(c.where for c in result.changes if c.kind == "wording")
    assert f"108415条，{REWORDED}，好评率为98.81%" in where
    assert any(line.endswith(f"所在段落：“{where}”") for line in result.report())
    assert _highlighted(result.path, where) == ["12.47%"]
    again = pipeline.refresh_draft(result.path, catalogue, 2021, inputs)
    assert _changes(again) == [_changes(result)[-1]]
    record = json.loads(sidecar_path(again.path).read_text(encoding="utf-8"))
    assert record["figures"]["zwfw.reviews"]["change"] == "同比增长12.47%"


def _highlighted(path: Path, text: str) -> list[str]:
    """Return the highlighted stretches of the paragraph reading `text`, outside its controls."""
    p = next(p for p in Document(str(path)).element.body.iter(W_P) if paragraph_text(p) == text)
    stretches: list[str] = []
    previous = False
    for r in p.iter(W_R):
        body = "".join(t.text or "" for t in r.iter(W_T))
        if not body:
            continue
        lit = r.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None
        if lit and previous:
            stretches[-1] += body
        elif lit:
            stretches.append(body)
        previous = lit
    return stretches


def _append_run(text: str) -> Callable[[etree._Element], None]:
    def edit(p: etree._Element) -> None:
        p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>{text}</w:t></w:r>"))

    return edit


def _retype(old: str, new: str) -> Callable[[etree._Element], None]:
    def edit(p: etree._Element) -> None:
        for t in p.iter(W_T):
            t.text = (t.text or "").replace(old, new)

    return edit


@pytest.mark.parametrize(
    ("edit", "change", "note", "lit"),
    [
        (
            _append_run("（同比增长5.00%）"),
            "同比增长10.00%",
            "草稿中找到2处，应为1处",
            ["同比增长5.00%"] * 2,
        ),
        (
            _retype("同比增长5.00%", "与上年大体相当"),
            "同比增长10.00%",
            "草稿中找到0处，应为1处",
            ["110条"],
        ),
        (_retype("同比", "较上年"), "同比增长10.00%", "草稿中找到0处，应为1处", ["5.00%"]),
        (_append_run(""), "", "新数据无上年数", ["同比增长5.00%"]),
    ],
    ids=["printed-twice", "reworded-without-a-number", "reworded", "no-previous-year"],
)
def test_a_wording_that_cannot_be_matched_is_highlighted_where_to_look(
    tmp_path: Path,
    edit: Callable[[etree._Element], None],
    change: str,
    note: str,
    lit: list[str],
) -> None:
    """The stale wording, else the rate it names, else the figure itself (its control) is highlighted."""
    path, sidecar = _change_draft(tmp_path, "同比增长5.00%")
    doc = Document(str(path))
    edit(next(doc.element.body.iter(W_P)))
    doc.save(str(path))
    new = {"a.x": replace(_views(x="110条")["a.x"], change=change)}
    result = refresh_draft(path, new, sidecar)
    wording = result.of("wording")
    assert [(c.old, c.new, c.note) for c in wording] == [
        ("同比增长5.00%", change, f"{note}，{HIGHLIGHTED}")
    ]
    assert _highlighted(result.path, wording[0].where) == lit
