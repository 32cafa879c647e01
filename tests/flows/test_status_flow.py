"""The status flow under Prefect: named run, every finding as a table, the share path, a Chinese log."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.core.clock import office_now

from ..conftest import INPUTS, PROFILE
from .conftest import SJF_D10, findings_rows, read_run, run_log

pytestmark = pytest.mark.slow


def test_status_run_shows_what_is_wrong_and_where_the_table_is(
    prefect_backend: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """区司法局 has 有错误: the findings table gives its cell, value and advice; the summary gives
    报送情况.xlsx as the office opens it; the run is named and logs its counts in Chinese."""
    from prefect.artifacts import Artifact

    from flows.status import submission_status_flow

    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    monkeypatch.setenv("NIANBAO_SHARE", "\\\\服务器\\年报")
    state = submission_status_flow(2022, str(INPUTS / "2022"), str(PROFILE), return_state=True)
    counts = "应报送30个单位：未提交1个，有错误1个，已提交28个"
    assert (state.name, state.message) == ("Completed", counts)
    assert (tmp_path / "outputs" / "2022" / "报送情况.xlsx").is_file()
    assert findings_rows("findings-2022") == [SJF_D10]
    summary = Artifact.get("status-summary-2022")
    assert summary is not None
    assert "- 报送情况表：`\\\\服务器\\年报\\2022\\报送情况.xlsx`" in str(summary.data)
    run = read_run(state)
    assert run.name.startswith(f"报送情况-2022-{office_now():%m%d}-")
    messages = run_log(run)
    assert counts in messages
    assert "已写入报送情况.xlsx" in messages
    assert "校验完成：错误1处，提醒0处" in messages
    assert f"{run.name}：{counts}" in messages
