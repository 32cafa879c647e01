"""Annex charts: PNGs of key indicators over the years, Chinese labels in a font that has the glyphs."""

from __future__ import annotations

import warnings
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao.catalogue import Catalogue
from nianbao.charts import (
    CHART_DIR,
    chart_key,
    chart_labels,
    cjk_family,
    draw_chart,
    draw_charts,
    drawn_from,
    font_covers,
)
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


def test_unchanged_chart_is_kept_and_changed_data_redraws_it(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """The PNG records what it was drawn from: the same data keeps the file, new data replaces it."""
    spec = ChartSpec("甲", ("zwfw.online_items",))
    out = tmp_path / "c.png"
    draw_chart(spec, SERIES, catalogue, out)
    first = out.stat().st_ino
    assert drawn_from(out) == chart_key(spec, SERIES, catalogue, cjk_family())
    draw_chart(spec, SERIES, catalogue, out)
    assert out.stat().st_ino == first  # not rewritten
    changed = {**SERIES, 2022: {"zwfw.online_items": Decimal(1600)}}
    draw_chart(spec, changed, catalogue, out)
    assert out.stat().st_ino != first
    assert drawn_from(out) == chart_key(spec, changed, catalogue, cjk_family())


@pytest.mark.parametrize(
    "content",
    [b"", b"not a png", PNG, PNG + b"\x00\x00\x00\x05tEXt"],
    ids=["empty", "other-file", "bare-signature", "truncated-chunk"],
)
def test_chart_without_a_readable_key_is_redrawn(
    tmp_path: Path, catalogue: Catalogue, content: bytes
) -> None:
    """A file that is not a keyed chart (replaced, truncated, hand-edited) is drawn again."""
    spec = ChartSpec("甲", ("zwfw.online_items",))
    out = tmp_path / "c.png"
    out.write_bytes(content)
    assert drawn_from(out) is None
    draw_chart(spec, SERIES, catalogue, out)
    assert drawn_from(out) == chart_key(spec, SERIES, catalogue, cjk_family())
