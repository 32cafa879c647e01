"""The temporary Prefect API of `nianbao draft`: the run is recorded, the API never outlives the command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from nianbao.core.errors import NianbaoError

from ..conftest import ROOT
from .test_draft_flow import nianbao

pytestmark = pytest.mark.slow

# the steps of a run that drafts (flows/draft.py), each one task run
DRAFT_STEPS = {
    "读取配置",
    "核对输入",
    "读取报表",
    "读取往年报表",
    "汇总指标",
    "写校验报告",
    "生成草稿",
    "记录草稿",
    "发布校验问题",
    "发布草稿摘要",
}


def _recorded(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, list[Any], list[Any], list[str]]:
    """Open an API on `home` as a UI later would; return its last flow run, task runs, artifacts
    and log messages."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.embedded import EmbeddedApi

    monkeypatch.setenv("PREFECT_HOME", str(home))
    api = EmbeddedApi()
    api.wait()
    with (
        temporary_settings({PREFECT_API_URL: api.url}),  # whatever server this session uses
        get_client(sync_client=True) as client,
    ):
        (run,) = client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1)
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
        )
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
    api.stop()
    return run, tasks, artifacts, [log.message for log in logs]


def test_cli_draft_is_recorded_in_its_prefect_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `nianbao draft` (no server named) its run, every step and both artifacts are in the
    database of PREFECT_HOME, as the Prefect UI shows them when it is opened there later."""
    run = nianbao(["draft", "--year", "2022", "--out", str(tmp_path / "o")], tmp_path)
    assert run.returncode == 0, run.stderr
    flow_run, tasks, artifacts, logs = _recorded(tmp_path / "ph", monkeypatch)
    assert flow_run.name.startswith("草稿-2022-")
    assert flow_run.state.is_completed()
    assert {t.name.rsplit("-", 1)[0] for t in tasks} == DRAFT_STEPS
    assert all(t.state.is_completed() for t in tasks)
    assert {a.key for a in artifacts} == {"draft-2022", "findings-2022"}
    assert any(m.startswith("已读取2022年度报表文件") for m in logs), logs


def test_a_failed_cli_draft_is_recorded_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output "folder" that is a file: the command fails in one Chinese line (nothing of the
    temporary API's on the terminal: its log is in PREFECT_HOME), and the run is in the database as
    failed, its log holding the error (sent before the API stopped)."""
    taken = tmp_path / "o"
    taken.write_text("")
    run = nianbao(["draft", "--year", "2022", "--out", str(taken)], tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.stderr == f"错误：无法建立输出文件夹 {taken}：同名的文件已存在，请换一个输出文件夹\n"
    flow_run, _, _, logs = _recorded(tmp_path / "ph", monkeypatch)
    assert flow_run.state.is_failed()
    assert any("无法建立输出文件夹" in m for m in logs), logs


def test_a_stopped_api_is_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaving the block stops the API process, whether or not a flow ran."""
    from flows.embedded import EmbeddedApi

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    api = EmbeddedApi()
    api.wait()
    api.stop()
    assert api.process.returncode == 0


def test_the_api_ends_when_the_command_is_killed(tmp_path: Path) -> None:
    """A command killed outright (SIGKILL, no clean-up) does not leave its API running."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import flows;"
        "from flows.embedded import EmbeddedApi; api = EmbeddedApi(); api.wait();"
        "print(api.process.pid, flush=True); import time; time.sleep(600)"
    )
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "ph")}
    parent = subprocess.Popen(
        [sys.executable, "-c", code, str(ROOT)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """Return whether `pid` runs (a zombie left unreaped by a container's init does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.parametrize(
    ("named", "profile_url"),
    [("http://127.0.0.1:9/api", None), (None, "http://127.0.0.1:9/api")],
    ids=["environment", "prefect-settings"],
)
def test_a_server_named_anywhere_is_used_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str | None, profile_url: str | None
) -> None:
    """PREFECT_API_URL in the environment starts no API; named in Prefect's own settings, the
    API started is stopped again and Prefect keeps the server it was given."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.embedded import embedded_api

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    if named:
        monkeypatch.setenv("PREFECT_API_URL", named)
    else:
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with (
        temporary_settings({PREFECT_API_URL: profile_url} if profile_url else {}),
        embedded_api() as recording,
        recording.serving(),
    ):
        api = getattr(recording.serving, "__self__", None)
        assert (api is None) == bool(named)
        assert api is None or api.process.poll() is not None
        if profile_url:
            assert get_current_settings().api.url == profile_url


def test_an_api_that_cannot_start_is_one_chinese_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PREFECT_HOME that is a file: the API process exits and the command says so in Chinese."""
    from flows.embedded import EmbeddedApi

    home = tmp_path / "not-a-folder"
    home.write_text("")
    monkeypatch.setenv("PREFECT_HOME", str(home))
    api = EmbeddedApi()
    with pytest.raises(NianbaoError, match=r"^内置 Prefect 服务未能启动（已退出，代码 1）$"):
        api.wait()
    api.stop()


def test_an_api_that_fails_says_where_its_log_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database it cannot reach: the one line names the API's log in PREFECT_HOME, which holds
    the reason (not the terminal), and the process exits with uvicorn's code, not an abort."""
    from flows.embedded import LOG_NAME, EmbeddedApi

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    (tmp_path / "ph").mkdir()
    url = "postgresql+asyncpg://nianbao:x@127.0.0.1:9/prefect"  # port 9: refused at once
    monkeypatch.setenv("PREFECT_API_DATABASE_CONNECTION_URL", url)
    api = EmbeddedApi()
    log = tmp_path / "ph" / LOG_NAME
    with pytest.raises(
        NianbaoError, match=rf"^内置 Prefect 服务未能启动（已退出，代码 3），详见 {log}$"
    ):
        api.wait()
    api.stop()
    assert "ConnectionRefusedError" in log.read_text(encoding="utf-8")


def test_the_api_started_early_is_the_one_the_draft_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`start_early` (the entry point, before the command line) starts the API once; the draft's
    `embedded_api` takes that one and stops it on leaving."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows import embedded

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    embedded.start_early()
    embedded.start_early()  # a second call starts no second API
    (early,) = embedded._early
    with (
        temporary_settings(restore_defaults={PREFECT_API_URL}),  # not this session's server
        embedded.embedded_api() as recording,
        recording.serving(),
    ):
        assert getattr(recording.serving, "__self__", None) is early
        assert early.process.poll() is None
        assert get_current_settings().api.url == early.url
    assert early.process.returncode == 0
    assert not embedded._early


def test_no_api_is_started_early_when_a_server_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from flows import embedded

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    embedded.start_early()
    assert not embedded._early


def test_an_api_no_draft_took_ends_with_the_command(tmp_path: Path) -> None:
    """`nianbao draft` for a year without inputs fails before its run: the API it started early
    is stopped as the command exits."""
    code = (  # exit handlers run last registered first: the API's exit code is printed after its stop
        "import atexit, sys; sys.path.insert(0, sys.argv[1]); from flows import embedded;"
        "atexit.register(lambda: print(embedded._early[0].process.returncode, flush=True));"
        "sys.argv = ['nianbao', 'draft', '--year', '1999'];"
        "from nianbao.entry import main; main()"
    )
    env = os.environ | {"PREFECT_HOME": str(tmp_path / "ph")}
    env.pop("PREFECT_API_URL", None)
    run = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("错误：")
    assert run.stdout.split() == ["0"]  # stopped and waited for, not merely left to end


def test_only_an_api_of_the_command_is_not_asked_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary API runs this very Prefect: its version is not asked (a request that made the
    API prepare all its routes, 0.2 s). A reused server, which may be older, is asked as usual."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.embedded import EmbeddedApi, recorded_on

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "ph"))
    api = EmbeddedApi()
    with temporary_settings(restore_defaults={PREFECT_API_URL}), api.serving():
        assert get_current_settings().client.server_version_check_enabled is False
    api.stop()
    with temporary_settings(restore_defaults={PREFECT_API_URL}), recorded_on(api.url):
        assert get_current_settings().api.url == api.url
        assert get_current_settings().client.server_version_check_enabled is True
