"""The data annex: 数据附表.xlsx, the annex section of the draft, and last year's tasks followed up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.draft.annex import ANNEX_FILE, annex_rows, write_annex_book
from nianbao.draft.charts import CHART_DIR
from nianbao.draft.context import build_context, follow_up
from nianbao.figures.aggregation import Figure, Source, aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.word.document import iter_paragraphs

from ...conftest import INPUTS, draft_year

SRC = Source("zwfw", "区政务服务和大数据管理局", "a.xlsx", "指标数据", "D5", Decimal(1538))


@pytest.mark.parametrize(
    ("fig", "now", "before", "change", "status"),
    [
        (
            Figure(
                "zwfw.online_items", Decimal(1538), "ok", sources=(SRC,), previous=Decimal(1426)
            ),
            "1538项",
            "1426项",
            "同比增长7.85%",
            "完整",
        ),
        (
            Figure("zwfw.four_star_share", Decimal("99.545"), "ok", previous=Decimal("99.16")),
            "99.55%",
            "99.16%",
            "提高0.39个百分点",
            "完整",
        ),
        (Figure("tj.mediators", Decimal(331), "partial"), "331名", "—", "—", "数据不全"),
        (Figure("gw.services", None, "missing", previous=Decimal(23)), "—", "23次", "—", "待补充"),
        (Figure("xy.credit_loans_growth", Decimal("25.88"), "ok"), "增长26%", "—", "—", "完整"),
    ],
    ids=["count", "derived-percent", "partial", "missing", "growth"],
)
def test_annex_row_phrases_both_years_and_the_change(
    catalogue: Catalogue, fig: Figure, now: str, before: str, change: str, status: str
) -> None:
    """Each row prints this year, last year and the change as the report words them, with a status."""
    (row,) = annex_rows({fig.code: fig}, catalogue)
    assert (row.now_text, row.before_text, row.change, row.status) == (now, before, change, status)
    assert row.name == catalogue.indicators[fig.code].name


def test_flagged_row_says_so(catalogue: Catalogue) -> None:
    """A figure with a year-on-year warning is marked 同比异常 and the warning is its note."""
    fig = Figure("zwfw.reviews", Decimal(107147), "ok", previous=Decimal(10714))
    (row,) = annex_rows({fig.code: fig}, catalogue, {fig.code: ("与上年相比变化异常：……",)})
    assert row.status == "完整，同比异常"
    assert "变化异常" in row.note


def test_annex_workbook_has_every_indicator_with_numbers(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """数据附表.xlsx: Chinese header, one row per indicator, values as numbers, sources named."""
    intake = pipeline.gather(INPUTS / "2021", catalogue, 2021)
    previous = pipeline.previous_values(INPUTS / "2020", catalogue, 2020)
    rows = annex_rows(aggregate(intake, catalogue, previous), catalogue)
    out = write_annex_book(rows, tmp_path / ANNEX_FILE)
    sheet = load_workbook(out).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("指标编码", "指标名称", "所属部分", "本年数值", "上年数值")
    assert len(values) - 1 == len(catalogue.indicators)
    by_code = {r[0]: r for r in values[1:]}
    online = by_code["zwfw.online_items"]
    assert (online[3], online[4], online[5], online[7]) == (1426, 1302, 124, "项")
    assert online[8] == "区政务服务和大数据管理局"
    share = by_code["zwfw.four_star_share"]
    assert share[3] == pytest.approx(99.1585, abs=1e-4)  # derived: precision + 2 decimals
    assert by_code["tj.mediators"][8].count("、") >= 20  # a town sum names its towns


@pytest.fixture(scope="module")
def draft_2022(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a 2022 draft rendered once, with its annex files beside it."""
    return draft_year(2022, tmp_path_factory.mktemp("out"))


def test_draft_run_writes_annex_workbook_and_charts(draft_2022: Path) -> None:
    """Drafting writes 数据附表.xlsx and the PNG charts next to the draft."""
    out = draft_2022.parent
    assert (out / ANNEX_FILE).is_file()
    pngs = sorted((out / CHART_DIR).glob("*.png"))
    assert pngs
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_annex_section_sits_between_tasks_and_checklist(draft_2022: Path) -> None:
    """附件 follows part 三 and precedes the checklist; its table and charts are marked for finalize."""
    styles = [s for s, _ in iter_paragraphs(draft_2022)]
    title = styles.index("NbAnnexTitle")
    assert title > max(i for i, s in enumerate(styles) if s == "Heading1")
    assert title < styles.index("NbChecklist")
    doc = Document(str(draft_2022))
    annex_tables = [
        t
        for t in doc.tables
        if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "NbAnnexTable"
    ]
    assert len(annex_tables) == 1
    assert len(annex_tables[0].rows) == 1 + 103  # header + one row per indicator
    images = doc.element.body.findall(".//" + qn("w:drawing"))
    charts = list((draft_2022.parent / CHART_DIR).glob("*.png"))
    assert len(images) == len(charts)
    for drawing in images:
        par = next(a for a in drawing.iterancestors() if a.tag == qn("w:p"))
        assert par.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "NbAnnex"


def test_last_years_tasks_are_followed_up_in_the_checklist(catalogue: Catalogue) -> None:
    """The 2022 checklist lists each 2021 下一年打算 so reviewers can say what became of it."""
    history = pipeline.gather_history(INPUTS / "2022", catalogue, 2022)
    assert sorted(history.values) == [2020, 2021]
    planned = history.planned
    texts_2021 = pipeline.gather(INPUTS / "2021", catalogue, 2021).texts
    assert len(planned) == sum(1 for t in texts_2021 if t.category == "下一年打算")
    intake = pipeline.gather(INPUTS / "2022", catalogue, 2022)
    figures = aggregate(intake, catalogue, history.values[2021])
    checklist = build_context(figures, intake, catalogue, [], planned)["checklist"]
    items = [i for i in checklist if i.startswith("2021年部署任务落实情况：")]
    assert len(items) == len(planned) > 0
    assert all(any(t.text in i for i in items) for t in planned)


@pytest.mark.parametrize(
    ("folder", "years"),
    [(None, []), (INPUTS / "2021", [2020]), (INPUTS / "2020", [])],
    ids=["no-folder", "one-earlier-year", "first-year"],
)
def test_history_reads_only_existing_earlier_years(
    catalogue: Catalogue, folder: Path | None, years: list[int]
) -> None:
    """Earlier year folders beside the inputs are read; absent ones are skipped."""
    year = int(folder.name) if folder else 2021
    history = pipeline.gather_history(folder, catalogue, year)
    assert sorted(history.values) == years


def test_follow_up_is_empty_without_last_years_tasks() -> None:
    """No planned tasks, no follow-up items."""
    assert follow_up([], 2020) == []
