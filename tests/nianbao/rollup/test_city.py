"""The city's figures: the same aggregation over districts' packages, provenance down to unit cells."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content, publish_content
from nianbao.rollup.records import TextsFile

from .conftest import CITY
from .districts import LATE, checklist_items, district_content


@pytest.fixture
def city_year(share: Location, city: Catalogue) -> pipeline.CityFigures:
    """Return the city's 2022 figures from the shared location."""
    return pipeline.city_figures(share.url, 2022, city)


@pytest.mark.parametrize(
    ("code", "east", "west"),
    [
        ("zwfw.online_items", 1538, 1538 * 4),
        ("fy.accepted", None, None),
        ("tj.mediators", None, None),
    ],
)
def test_a_city_sum_is_the_districts_figures_in_use_with_their_unit_cells(
    city_year: pipeline.CityFigures,
    content_2022: Content,
    code: str,
    east: int | None,
    west: int | None,
) -> None:
    """东湖区 (×1) and 西关区's revision 2 (×4) are summed; each unit cell beneath is kept."""
    base = content_2022.figures.figures[code]
    assert base.value is not None
    fig = city_year.figures[code]
    assert fig.value == base.value * 5
    if east is not None:
        assert [s.value for s in fig.sources] == [east, west]
    assert [(s.unit, s.sheet.split()[0]) for s in fig.sources] == [
        ("东湖区", "第1版"),
        ("西关区", "第2版"),
    ]
    assert {s.file for s in fig.sources} == {"2022/东湖区/1", "2022/西关区/2"}
    assert len(fig.cells) == 2 * len(base.sources)
    assert sum(c.value for c in fig.cells) == fig.value
    unit_cells = {(s.file, s.sheet, s.cell) for s in base.sources}
    assert {(c.file, c.sheet, c.cell) for c in fig.cells} == unit_cells
    assert fig.cells[0].unit == f"东湖区 {base.sources[0].unit}"


def test_a_city_ratio_is_computed_again_from_the_city_sums(
    city_year: pipeline.CityFigures,
) -> None:
    """四星级事项占比 is 100 × the city's four-star items ÷ its online items, not a sum of ratios."""
    figs = city_year.figures
    four, online = figs["zwfw.four_star_items"].value, figs["zwfw.online_items"].value
    assert four is not None
    assert online is not None
    assert figs["zwfw.four_star_share"].value == 100 * four / online


def test_missing_and_returned_districts_make_every_figure_incomplete(
    city_year: pipeline.CityFigures,
) -> None:
    """南湾区 (sent back) and the never published districts are missing from each figure."""
    fig = city_year.figures["zwfw.online_items"]
    assert fig.status == "partial"
    assert {"南湾区", "北岭县"} <= set(fig.missing_units)
    assert "东湖区" not in fig.missing_units


def test_a_district_figure_lacking_units_leaves_the_city_figure_incomplete(
    city_year: pipeline.CityFigures,
) -> None:
    """The sample lacks 查山乡 for town figures: the city figure says which district lacked whom."""
    note = city_year.figures["tj.committees"].note
    assert "县区数据不全：东湖区（查山乡）；西关区（查山乡）" in note


def test_a_single_indicator_takes_its_one_district(share: Location, tmp_path: Path) -> None:
    """aggregation = "single" with one district as reporter: the city figure is that district's."""
    profile = Path(shutil.copytree(CITY, tmp_path / "city"))
    text = (profile / "catalogue.toml").read_text("utf-8")
    marker = 'code = "fw.notarizations"'
    head, tail = text.split(marker)
    tail = tail.replace(
        'reporters = ["district"]', 'reporters = ["xiguan"]\naggregation = "single"', 1
    )
    (profile / "catalogue.toml").write_text(head + marker + tail, "utf-8")
    cat = load_catalogue(profile)
    fig = pipeline.city_figures(share.url, 2022, cat).figures["fw.notarizations"]
    assert fig.status == "ok"
    assert [s.unit for s in fig.sources] == ["西关区"]


def test_units_texts_are_attributed_to_district_and_unit(city_year: pipeline.CityFigures) -> None:
    """A unit's text keeps its cell and reads as from 东湖区司法局, say."""
    texts = city_year.intake.texts
    assert {t.unit_id for t in texts} == {"donghu", "xiguan"}
    east = [t for t in texts if t.unit_id == "donghu"]
    assert any(t.unit == "东湖区司法局" for t in east)
    assert all(t.ref.file.startswith("2022/东湖区/1/") for t in east)


def test_the_city_draft_traces_each_figure_to_districts_and_unit_cells(
    share: Location, city: Catalogue, tmp_path: Path
) -> None:
    """Comment and sidecar: each district's value, revision and hash, then the unit cells."""
    out = tmp_path / "out"
    done = pipeline.draft_city(share.url, 2022, city, out)
    sidecar = json.loads(
        done.summary.draft.with_name(done.summary.draft.stem + ".figures.json").read_text("utf-8")
    )
    online = sidecar["figures"]["zwfw.online_items"]
    lines = online["comment"].splitlines()
    assert [line for line in lines if line.startswith("来源：")] == [
        f"来源：东湖区，2022/东湖区/1［第1版 sha256:{done.statuses[0].sha256[:12]}］zwfw.online_items：1538",
        f"来源：西关区，2022/西关区/2［第2版 sha256:{done.statuses[1].sha256[:12]}］zwfw.online_items：6152",
    ]
    cells = [line for line in lines if line.startswith("单元格：")]
    assert len(cells) == 2
    assert cells[0].startswith("单元格：东湖区 区政务服务和大数据管理局，")
    assert cells[0].endswith("［指标数据］D5：1538")
    for code, fig in sidecar["figures"].items():
        if city.indicators[code].is_input and fig["value"] is not None:
            assert fig["cells"], code
            assert sum(Decimal(c["value"]) for c in fig["cells"]) == Decimal(fig["value"]), code
    text = "\n".join(p.text for p in Document(str(done.summary.draft)).paragraphs)
    assert "北岭县" in text
    assert "【退回修改】南湾区：第1版figures.json 的 sha256 与 manifest.json 不符" in text
    assert set(done.summary.missing) >= {"南湾区", "北岭县"}
    assert {s.district: s.state for s in done.statuses if s.used} == {
        "东湖区": "已采用",
        "西关区": "已采用",
    }
    assert (out / "报送情况.xlsx").is_file()
    assert (out / "校验报告.xlsx").is_file()


def test_a_text_of_a_part_the_city_lacks_is_a_warning_not_lost(
    tmp_path: Path, city: Catalogue, content_2022: Content
) -> None:
    """A district text of a part the city's catalogue has not: left out, with a 提醒 at its cell."""
    base = district_content(content_2022, "东湖区", 1)
    text = base.texts.texts[0].model_copy(update={"part": "local_only"})
    location = Location(tmp_path / "parts")
    publish_content(replace(base, texts=TextsFile(texts=[text])), location)
    year = pipeline.city_figures(location.url, 2022, city)
    assert year.intake.texts == []
    (warning,) = [f for f in year.findings if f.kind == "text.part"]
    assert warning.file == f"2022/东湖区/1/{text.file}"
    assert (warning.sheet, warning.cell) == (text.sheet, text.cell)
    assert "“local_only”，市级目录没有这一部分" in warning.message


def test_a_sent_back_district_is_an_error_of_the_city_report(
    city_year: pipeline.CityFigures,
) -> None:
    """南湾区's damaged package: one 错误 in 校验报告 naming the file, with what to do."""
    (returned,) = [f for f in city_year.findings if f.kind == "package.returned"]
    assert returned.level == "错误"
    assert returned.file == "南湾区"
    assert "figures.json 的 sha256 与 manifest.json 不符" in returned.message
    assert returned.advice.startswith("请该县区改正后重新报送")


def test_the_city_checklist_and_summary_speak_of_districts_and_packages(
    share: Location, city: Catalogue, tmp_path: Path
) -> None:
    """The city profile's words (县区, 数据包) stand where a district's say 单位 and 报表."""
    done = pipeline.draft_city(share.url, 2022, city, tmp_path / "out")
    items = checklist_items(done.summary.draft)
    missing = "南湾区、北岭县、白鹭县、青石县、清河县、临川县、安平县、长宁县"
    assert items[0] == f"1. 未报送或数据包未采用的县区（8个）：{missing}"
    assert any(i.split(". ", 1)[1].startswith("数据包校验发现错误1处、提醒") for i in items)
    assert not [i for i in items if "单位" in i or "报表" in i]
    summary = pipeline.summary_markdown(done.summary)
    assert "- 已报送县区：2个；未报送或未采用：8个" in summary
    assert "## 未报送或未采用的县区" in summary


def test_a_late_district_is_summed_and_flagged_in_findings_checklist_and_status_book(
    share: Location, city: Catalogue, content_2022: Content, tmp_path: Path
) -> None:
    """北岭县 publishes the morning after 02-15: its figures count, and every record says late."""
    publish_content(district_content(content_2022, "北岭县", 2), share, LATE)
    out = tmp_path / "out"
    done = pipeline.draft_city(share.url, 2022, city, out)
    base = content_2022.figures.figures["zwfw.online_items"].value
    assert base is not None
    sidecar = json.loads(done.summary.draft.with_suffix(".figures.json").read_text("utf-8"))
    assert Decimal(sidecar["figures"]["zwfw.online_items"]["value"]) == base * (1 + 4 + 2)
    late = [s for s in done.statuses if s.late]
    assert [(s.district, s.state, s.revision) for s in late] == [("北岭县", "已采用", 1)]
    findings = rows(out / "校验报告.xlsx")
    (row,) = [r for r in findings if r["类型"] == "数据包逾期报送"]
    assert (row["级别"], row["文件"]) == ("提醒", "2022/北岭县/1")
    assert row["问题"] == "北岭县逾期报送（2023-02-16 08:00）"
    assert "【逾期报送】北岭县：第1版逾期报送" in [
        i.split(". ", 1)[1] for i in checklist_items(done.summary.draft)
    ]
    (status,) = [r for r in rows(out / "报送情况.xlsx") if r["县区"] == "北岭县"]
    assert (status["状态"], status["逾期"]) == ("已采用", "逾期")


def rows(book: Path) -> list[dict[str, object]]:
    """Return the first sheet of `book` as rows keyed by its header."""
    sheet = load_workbook(book).worksheets[0]
    head, *body = sheet.iter_rows(values_only=True)
    return [dict(zip(head, r, strict=True)) for r in body]


@pytest.mark.parametrize(
    ("without_last_year", "growth"),
    [
        ((), Decimal("3650.5") * 5 / (Decimal(2900) * 5) - 1),
        (("东湖区",), None),
    ],
    ids=["same-districts-both-years", "a-district-in-use-lacks-last-year"],
)
def test_a_city_growth_rate_compares_the_same_districts_in_both_years(
    tmp_path: Path,
    city: Catalogue,
    content_2022: Content,
    without_last_year: tuple[str, ...],
    growth: Decimal | None,
) -> None:
    """东湖区 and 西关区 (×4) published, eight districts not: last year's sum of the same two is
    compared; when one of them has no last-year value, the rate is left to be filled in."""
    location = Location(tmp_path / "share")
    for name, factor in (("东湖区", 1), ("西关区", 4)):
        content = district_content(content_2022, name, factor)
        if name in without_last_year:
            content = _without_previous(content, "xy.credit_loans")
        publish_content(content, location)
    figs = pipeline.city_figures(location.url, 2022, city).figures
    rate = figs["xy.credit_loans_growth"]
    if growth is None:
        assert (rate.value, rate.status, rate.note) == (None, "missing", "缺少上年数据")
        assert figs["xy.credit_loans"].previous is None
        return
    assert rate.value == 100 * growth
    assert rate.status == "partial"  # as partial as the sums it compares
    assert figs["xy.credit_loans"].previous == Decimal(2900) * 5
    assert rate.cells == figs["xy.credit_loans"].cells != ()  # traced to the loans' unit cells


def _without_previous(content: Content, code: str) -> Content:
    figures = dict(content.figures.figures)
    figures[code] = figures[code].model_copy(update={"previous": None})
    return replace(content, figures=content.figures.model_copy(update={"figures": figures}))
