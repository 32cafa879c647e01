"""Annex charts: PNGs of key indicators over the years, Chinese labels in a font that has the glyphs."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import noto_cjk_sans_otc
import pytest

from nianbao.draft import charts as charts_module
from nianbao.draft.charts import (
    CHART_DIR,
    chart_key,
    chart_labels,
    cjk_font,
    draw_chart,
    draw_charts,
    drawn_from,
    missing_glyphs,
)
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.targets import ChartSpec, Targets

SERIES = {
    2020: {"zwfw.online_items": Decimal(1302), "ys.appearance_rate": Decimal(80)},
    2021: {"zwfw.online_items": Decimal(1426), "ys.appearance_rate": Decimal(90)},
    2022: {"zwfw.online_items": Decimal(1538), "zwfw.four_star_items": Decimal(1531)},
}
PNG = b"\x89PNG\r\n\x1a\n"


def test_chart_labels_of_the_catalogue_have_every_glyph_in_the_chart_font(
    catalogue: Catalogue,
) -> None:
    """The bundled CJK font has a glyph for every character the default charts print."""
    for spec in catalogue.targets.charts:
        assert missing_glyphs(chart_labels(spec, catalogue, [2020, 2021, 2022])) == "", spec.title


def test_font_check_names_each_missing_glyph_once() -> None:
    """Characters outside the font (emoji) are named, each once, in order; CJK and digits are not."""
    assert missing_glyphs("政务\U0001f600服务2022年\U0001f600\U0001f680") == "\U0001f600\U0001f680"


def test_chart_font_is_the_bundled_simplified_chinese_face() -> None:
    """The font comes from the pinned dependency by path (never a system font), face Noto Sans CJK SC."""
    from matplotlib import font_manager

    font = cjk_font()
    assert Path(font.path).is_relative_to(Path(noto_cjk_sans_otc.__file__).parent)
    assert font_manager.get_font(font).family_name == "Noto Sans CJK SC"


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let matplotlib see only its own fonts (DejaVu), as on a fresh machine without system fonts."""
    import matplotlib
    from matplotlib import font_manager

    own = Path(matplotlib.get_data_path())
    shipped = [f for f in font_manager.fontManager.ttflist if Path(f.fname).is_relative_to(own)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", shipped)
    font_manager.FontManager._findfont_cached.cache_clear()
    yield
    font_manager.FontManager._findfont_cached.cache_clear()


@pytest.mark.usefixtures("no_system_fonts")
def test_charts_are_drawn_without_any_system_font(tmp_path: Path, catalogue: Catalogue) -> None:
    """With no system font at all, every catalogue chart is drawn and no glyph is missing (no boxes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        charts = draw_charts(SERIES, catalogue, tmp_path)
    assert charts.gaps == []
    assert charts.drawn
    assert all(c.path.read_bytes()[:8] == PNG for c in charts.drawn)


def test_missing_font_package_leaves_a_gap_with_the_reason(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the font package no chart is drawn, and each gap says the font is missing and what to do."""
    monkeypatch.setattr(charts_module, "FONT_PACKAGE", "nianbao_no_such_font_package")
    cjk_font.cache_clear()
    try:
        charts = draw_charts(SERIES, catalogue, tmp_path)
    finally:
        cjk_font.cache_clear()
    assert charts.drawn == []
    assert charts.gaps
    assert all("未安装图表字体" in gap.reason and "make setup" in gap.reason for gap in charts.gaps)
    assert charts.gaps[0].describe().startswith("附件图表“")


def test_a_label_the_font_cannot_show_leaves_a_gap_and_the_other_charts_are_drawn(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """A chart whose title has a character outside the font is not drawn with boxes; the next one is."""
    specs = (
        ChartSpec("一网通办\U0001f600", ("zwfw.online_items",)),
        ChartSpec("出庭应诉率", ("ys.appearance_rate",)),
    )
    charts = draw_charts(SERIES, replace(catalogue, targets=Targets(charts=specs)), tmp_path)
    assert [gap.title for gap in charts.gaps] == ["一网通办\U0001f600"]
    assert "\U0001f600" in charts.gaps[0].reason
    assert [c.path.name for c in charts.drawn] == ["图1_出庭应诉率.png"]


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
    charts = draw_charts(SERIES, cat, tmp_path).drawn
    assert [c.path.name for c in charts] == ["图1_一网通办事项.png", "图2_出庭应诉率.png"]
    assert [c.title for c in charts] == [
        "图1　一网通办事项（2020—2022年）",
        "图2　出庭应诉率（2020—2021年）",
    ]
    assert all(c.path.parent == tmp_path / CHART_DIR for c in charts)


def test_redrawing_replaces_the_chart_file(tmp_path: Path, catalogue: Catalogue) -> None:
    """A second run overwrites the PNG in place (charts are status files, not versions)."""
    cat = replace(catalogue, targets=Targets(charts=(ChartSpec("甲", ("zwfw.online_items",)),)))
    first = draw_charts(SERIES, cat, tmp_path).drawn
    second = draw_charts(SERIES, cat, tmp_path).drawn
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
    assert drawn_from(out) == chart_key(spec, SERIES, catalogue, cjk_font())
    draw_chart(spec, SERIES, catalogue, out)
    assert out.stat().st_ino == first  # not rewritten
    changed = {**SERIES, 2022: {"zwfw.online_items": Decimal(1600)}}
    draw_chart(spec, changed, catalogue, out)
    assert out.stat().st_ino != first
    assert drawn_from(out) == chart_key(spec, changed, catalogue, cjk_font())


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
    assert drawn_from(out) == chart_key(spec, SERIES, catalogue, cjk_font())
