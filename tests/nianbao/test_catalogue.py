"""The default profile's catalogue and roster load, and malformed edits are refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.catalogue import Catalogue, load_catalogue
from nianbao.errors import CatalogueError

from ..conftest import edited_profile


def test_default_profile_has_the_reference_indicators_and_roster(catalogue: Catalogue) -> None:
    """103 indicators (98 report figures and 5 bases), 7 departments and 23 乡镇（街道）."""
    assert len(catalogue.indicators) == 103
    groups = [u.group for u in catalogue.units]
    assert (groups.count("department"), groups.count("town")) == (7, 23)
    assert catalogue.profile.title_for(2021) == "关于2021年度法治政府建设工作的报告"


def test_every_unit_reports_something_and_towns_report_alike(catalogue: Catalogue) -> None:
    """Each roster unit has indicators to report; all towns share one list."""
    assert all(catalogue.codes_for(u.id) for u in catalogue.units)
    town_lists = {catalogue.codes_for(u.id) for u in catalogue.units if u.group == "town"}
    assert len(town_lists) == 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('code = "zwfw.online_items"', 'code = "ZWFW-online"', "编码须为"),
        (
            'kind = "count"\npart = "functions"\nreporters = ["zwfw"]\n\n[[indicator]]\ncode = "zwfw.four_star_items"',
            'kind = "counts"\npart = "functions"\nreporters = ["zwfw"]\n\n[[indicator]]\ncode = "zwfw.four_star_items"',
            "未知类型",
        ),
        (
            'formula = "100 * zwfw.four_star_items / zwfw.online_items"',
            'formula = "100 * zwfw.nothing / zwfw.online_items"',
            "不存在的指标",
        ),
        (
            'formula = "fy.accepted + fy.rejected"',
            'formula = "max(fy.accepted, fy.rejected)"',
            "不支持的写法",
        ),
        ('approx = "余"', 'approx = "约"', "约数写法"),
        ('reporters = ["gzc"]', 'reporters = ["nobody"]', "不在名册中"),
        ('part = "functions"', 'part = "nowhere"', "未知报告部分"),
    ],
    ids=["code", "kind", "formula-ref", "formula-syntax", "approx", "reporter", "part"],
)
def test_malformed_catalogue_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    """An office edit that breaks the catalogue stops the run with a message naming the indicator."""
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(edited_profile(tmp_path, old, new))


def test_missing_profile_file_is_named(tmp_path: Path) -> None:
    """A profile folder without catalogue.toml is reported with the path it looked for."""
    with pytest.raises(CatalogueError, match="找不到配置文件"):
        load_catalogue(tmp_path)
