"""Refreshing a reviewed city draft when a district publishes a new revision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao import pipeline
from nianbao.cli import app
from nianbao.core.errors import DocumentError
from nianbao.profile.catalogue import Catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content, publish_content

from .conftest import CITY
from .districts import LATE, checklist_items, district_content


def test_a_new_district_revision_refreshes_the_city_figures_into_a_new_file(
    share: Location, city: Catalogue, content_2022: Content, tmp_path: Path
) -> None:
    """东湖区 publishes revision 2 (×5): the city's sums change, the sidecar names revision 2."""
    done = pipeline.draft_city(share.url, 2022, city, tmp_path / "out")
    draft = done.summary.draft
    before = draft.read_bytes()
    publish_content(district_content(content_2022, "东湖区", 5), share)
    result = pipeline.refresh_city(draft, share.url, 2022, city)
    assert result.path != draft
    assert draft.read_bytes() == before  # the reviewer's file is never overwritten
    updated = {c.code: (c.old, c.new) for c in result.of("updated")}
    assert updated["zwfw.online_items"] == ("7690项", "13842项")  # 1538 × (1 + 4) → 1538 × (5 + 4)
    sidecar = json.loads(result.sidecar.read_text("utf-8"))
    online = sidecar["figures"]["zwfw.online_items"]
    assert [s["file"] for s in online["sources"]] == ["2022/东湖区/2", "2022/西关区/2"]
    assert "2022/东湖区/2［第2版 sha256:" in online["comment"]


def test_refresh_of_a_missing_city_draft_is_one_chinese_line(
    share: Location, city: Catalogue, tmp_path: Path
) -> None:
    """A draft path that does not exist: DocumentError naming it."""
    with pytest.raises(DocumentError, match="找不到草稿"):
        pipeline.refresh_city(tmp_path / "无.docx", share.url, 2022, city)


def test_refresh_from_the_command_line_reads_the_packages_at_the_location(
    share: Location,
    city: Catalogue,
    content_2022: Content,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`nianbao refresh DRAFT --year 2022 --profile city --from LOCATION` prints the new file last."""
    monkeypatch.setenv("COLUMNS", "200")
    done = pipeline.draft_city(share.url, 2022, city, tmp_path / "out")
    publish_content(district_content(content_2022, "西关区", 6), share)
    args = ["refresh", str(done.summary.draft), "--year", "2022", "--profile", str(CITY)]
    result = CliRunner().invoke(app, [*args, "--from", share.url])
    assert result.exit_code == 0, result.output
    last = Path(result.output.strip().splitlines()[-1])
    assert last.is_file()
    assert last != done.summary.draft
    assert "已更新" in result.output


def test_refresh_writes_the_city_checklist_again_without_repeating_its_items(
    share: Location, city: Catalogue, content_2022: Content, tmp_path: Path
) -> None:
    """The districts' lines (missing, sent back, late) are the program's: refresh replaces them."""
    done = pipeline.draft_city(share.url, 2022, city, tmp_path / "out")
    publish_content(district_content(content_2022, "北岭县", 2), share, LATE)
    result = pipeline.refresh_city(done.summary.draft, share.url, 2022, city)
    items = [item.split(". ", 1)[1] for item in checklist_items(result.path)]
    heads = [item.split("（")[0].split("：")[0] for item in items]
    assert heads.count("未报送或数据包未采用的县区") == 1
    assert heads.count("【退回修改】南湾区") == 1
    assert heads.count("【逾期报送】北岭县") == 1
    assert "北岭县" not in next(i for i in items if i.startswith("未报送或数据包未采用的县区"))
