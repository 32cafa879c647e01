"""Annex charts: PNGs of key indicators over the years, Chinese labels in a font that has the glyphs."""

from __future__ import annotations

import warnings
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.catalogue import Catalogue
from nianbao.charts import CHART_DIR, chart_labels, cjk_family, draw_chart, draw_charts, font_covers
from nianbao.targets import ChartSpec, Targets

SERIES = {
    2020: {"zwfw.online_items": Decimal(1302), "ys.appearance_rate": Decimal(80)},
    2021: {"zwfw.online_items": Decimal(1426), "ys.appearance_rate": Decimal(90)},
    2022: {"zwfw.online_items": Decimal(1538), "zwfw.four_star_items": Decimal(1531)},
}
PNG = b"\x89PNG\r\n\x1a\n"


def test_cjk_font_covers_every_label_of_the_catalogue_charts(catalogue: Catalogue) -> None:
    """The resolved CJK font has a glyph for every character the default charts print."""
    family = cjk_family()
    for spec in catalogue.targets.charts:
        assert font_covers(family, chart_labels(spec, catalogue, [2020, 2021, 2022])), spec.title


def test_font_check_detects_a_missing_glyph() -> None:
    """A character outside the font (an emoji) is reported as not covered."""
    assert not font_covers(cjk_family(), "政务\U0001f600")


@pytest.mark.parametrize(
    "codes",
    [("zwfw.online_items", "zwfw.four_star_items"), ("ys.appearance_rate",)],
    ids=["bars", "percent-line"],
)
def test_chart_draws_without_missing_glyphs(
    tmp_path: Path, catalogue: Catalogue, codes: tuple[str, ...]
) -> None:
    """Drawing a chart writes a PNG and matplotlib warns about no missing glyph (no boxes)."""
    out = tmp_path / "c.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw_chart(ChartSpec("政务服务“一网通办”事项（单位：项）", codes), SERIES, catalogue, out)
    assert out.read_bytes()[:8] == PNG


def test_charts_are_named_numbered_and_spanning_their_years(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """Each chart with data becomes 图表/图n_标题.png (numbered without gaps), captioned with the years it covers."""
    specs = (
        ChartSpec("一网通办事项", ("zwfw.online_items", "zwfw.four_star_items")),
        ChartSpec("无数据", ("gw.services",)),
        ChartSpec("出庭应诉率", ("ys.appearance_rate",)),
    )
    cat = replace(catalogue, targets=Targets(charts=specs))
    charts = draw_charts(SERIES, cat, tmp_path)
    assert [c.path.name for c in charts] == ["图1_一网通办事项.png", "图2_出庭应诉率.png"]
    assert [c.title for c in charts] == [
        "图1　一网通办事项（2020—2022年）",
        "图2　出庭应诉率（2020—2021年）",
    ]
    assert all(c.path.parent == tmp_path / CHART_DIR for c in charts)


def test_redrawing_replaces_the_chart_file(tmp_path: Path, catalogue: Catalogue) -> None:
    """A second run overwrites the PNG in place (charts are status files, not versions)."""
    cat = replace(catalogue, targets=Targets(charts=(ChartSpec("甲", ("zwfw.online_items",)),)))
    first = draw_charts(SERIES, cat, tmp_path)
    second = draw_charts(SERIES, cat, tmp_path)
    assert [c.path for c in first] == [c.path for c in second]
    assert len(list((tmp_path / CHART_DIR).iterdir())) == 1
