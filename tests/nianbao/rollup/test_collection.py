"""The city's collection: each district's state, the revision in use, decisions, 报送情况.xlsx."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao.core.clock import OFFICE_TZ
from nianbao.profile.catalogue import Catalogue
from nianbao.rollup.collection import (
    adopt,
    collect,
    send_back,
    states_line,
    status_rows,
    unknown_folders,
    write_statuses,
)
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content, publish_content

from .districts import district_content


@pytest.mark.parametrize(
    ("district", "state", "latest", "used", "reason"),
    [
        ("东湖区", "已报送", 1, 1, ""),
        ("西关区", "已报送", 2, 2, ""),
        ("南湾区", "退回修改", 1, None, "第1版figures.json 的 sha256 与 manifest.json 不符"),
        ("北岭县", "未报送", None, None, ""),
        ("长宁县", "未报送", None, None, ""),
    ],
)
def test_each_district_has_its_state_and_revision_in_use(
    share: Location,
    city: Catalogue,
    district: str,
    state: str,
    latest: int | None,
    used: int | None,
    reason: str,
) -> None:
    """Published, revised, damaged and never published districts, each as the city sees it."""
    (status,) = [s for s in collect(share, 2022, city) if s.district == district]
    assert status.state == state
    assert status.revision == latest
    assert (status.used.revision if status.used else None) == used
    assert status.reason.startswith(reason)
    assert not status.late


def test_a_damaged_latest_revision_leaves_the_earlier_one_in_use(
    share: Location, city: Catalogue, tmp_path: Path
) -> None:
    """西关区's revision 2 loses a file: state 退回修改 naming it, revision 1 still used."""
    (tmp_path / "share" / "2022" / "西关区" / "2" / "texts.json").unlink()
    (status,) = [s for s in collect(share, 2022, city) if s.district == "西关区"]
    assert status.state == "退回修改"
    assert status.reason == "第2版缺少 texts.json；暂用第1版"
    assert status.used is not None
    assert status.used.revision == 1


def test_the_city_sends_a_revision_back_with_its_reason(share: Location, city: Catalogue) -> None:
    """A revision sent back is not used; the district's state says why, in the city's words."""
    send_back(share, 2022, "西关区", 2, "调解员人数与上年相差过大，请核实")
    (status,) = [s for s in collect(share, 2022, city) if s.district == "西关区"]
    assert status.state == "退回修改"
    assert status.reason == "第2版退回修改：调解员人数与上年相差过大，请核实；暂用第1版"
    assert status.used is not None
    assert status.used.revision == 1


def test_adoption_holds_until_the_district_publishes_again(
    share: Location, city: Catalogue, content_2022: Content
) -> None:
    """After a city draft the packages used are 已采用; a new revision is 已报送 again."""
    after = adopt(share, collect(share, 2022, city), 2022)
    assert {s.district: s.state for s in after if s.used} == {
        "东湖区": "已采用",
        "西关区": "已采用",
    }
    assert collect(share, 2022, city)[0].state == "已采用"
    publish_content(district_content(content_2022, "东湖区", 5), share)
    (status,) = [s for s in collect(share, 2022, city) if s.district == "东湖区"]
    assert (status.state, status.revision) == ("已报送", 2)


def test_a_package_after_the_deadline_is_late(
    tmp_path: Path, city: Catalogue, content_2022: Content
) -> None:
    """Published after the city's form_deadline (02-15 of the next year): late, and said so."""
    location = Location(tmp_path / "late")
    publish_content(
        district_content(content_2022, "东湖区", 1),
        location,
        datetime(2023, 2, 16, 8, 0, tzinfo=OFFICE_TZ),
    )
    (status,) = [s for s in collect(location, 2022, city) if s.district == "东湖区"]
    assert status.late
    assert status_rows([status])[0]["逾期"] == "逾期"


def test_the_status_workbook_lists_urgent_districts_first(
    share: Location, city: Catalogue, tmp_path: Path
) -> None:
    """报送情况.xlsx: 未报送 and 退回修改 before the rest; unknown folders last, as 无法识别."""
    (tmp_path / "share" / "2022" / "某某县").mkdir()
    statuses = collect(share, 2022, city)
    unknown = unknown_folders(share, 2022, city)
    assert unknown == ["某某县"]
    out = write_statuses(statuses, tmp_path / "out" / "报送情况.xlsx", unknown)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:4] == ("县区", "状态", "最新版本", "采用版本")
    states = [r[1] for r in rows[1:]]
    assert states == ["未报送"] * 7 + ["退回修改", "已报送", "已报送", "无法识别"]
    (nanwan,) = [r for r in rows if r[0] == "南湾区"]
    assert "figures.json" in nanwan[7]
    (xiguan,) = [r for r in rows if r[0] == "西关区"]
    assert xiguan[2:4] == ("2", "2")
    assert len(xiguan[6]) == 12


def test_an_alias_folder_is_found_and_decisions_go_there(
    tmp_path: Path, city: Catalogue, content_2022: Content
) -> None:
    """A district publishing under its roster alias (淮州市东湖区) is recognised, and adopted there."""
    location = Location(tmp_path / "alias")
    publish_content(district_content(content_2022, "淮州市东湖区", 1), location)
    (status,) = [s for s in collect(location, 2022, city) if s.district == "东湖区"]
    assert (status.state, status.folder) == ("已报送", "淮州市东湖区")
    adopt(location, [status], 2022)
    assert (tmp_path / "alias" / "2022" / "淮州市东湖区" / "adopted-1.json").is_file()
    assert replace(status, state="已采用") == collect(location, 2022, city)[0]


def test_the_states_are_counted_in_one_line_most_urgent_first(
    share: Location, city: Catalogue
) -> None:
    """The run's one line counts each state present, in the order districts are listed."""
    statuses = collect(share, 2022, city)
    assert states_line(statuses) == "应报送10个县区：未报送7个，退回修改1个，已报送2个"
    after = adopt(share, statuses, 2022)
    assert states_line(after) == "应报送10个县区：未报送7个，退回修改1个，已采用2个"
