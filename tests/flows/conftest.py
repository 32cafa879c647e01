"""Prefect test harness for the flow tests (~8 s once per session, temporary PREFECT_HOME); reading runs back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def prefect_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Run flows against a throw-away Prefect API with its own home, caching off."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    os.environ["PREFECT_TASKS_DISABLE_CACHING"] = "true"
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (sets the remaining quiet defaults)

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """Return an empty output folder."""
    return tmp_path / "out"


# The one finding of the 2022 inputs, as the findings table of the UI shows it.
SJF_D10 = {
    "级别": "错误",
    "单位": "区司法局",
    "文件": "司法局2022年报表（含行政复议应诉）.xlsx",
    "工作表": "指标数据",
    "单元格": "D10",
    "原值": "约二十",
    "问题": "政府法律顾问提供法律服务次数：“约二十”含有“约”，是估计数",
    "建议": "请填写具体数值，并请使用阿拉伯数字",
}


def read_run(state: Any) -> Any:
    """Return the flow run that ended in `state`."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(state.state_details.flow_run_id)


def run_log(run: Any) -> list[str]:
    """Return the messages of the run log of `run` (flow and task lines), oldest first."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
    return [log.message for log in sorted(logs, key=lambda log: log.timestamp)]


def findings_rows(key: str) -> list[dict[str, str]]:
    """Return the rows of the latest table artifact `key`."""
    from prefect.artifacts import Artifact

    artifact = Artifact.get(key)
    assert artifact is not None
    assert artifact.type == "table"
    rows: list[dict[str, str]] = json.loads(str(artifact.data))
    return rows
