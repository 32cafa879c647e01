"""Background processes started detached, known by PID and start time, stopped by PID with their children."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import psutil
import pytest

from nianbao.core.errors import ServerError
from nianbao.season.daemons import Daemon, launch, stop, wait_until

SLEEP = [sys.executable, "-c", "import time; time.sleep(120)"]
# A parent that starts a child of its own and ignores SIGTERM: only the kill after the grace ends it.
STUBBORN = [
    sys.executable,
    "-c",
    "import signal, subprocess, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); time.sleep(120)",
]


def _start(tmp_path: Path, command: list[str], name: str = "测试进程") -> Daemon:
    return launch(name, command, dict(os.environ), tmp_path / "logs" / "p.log", tmp_path)


def test_a_started_process_runs_in_its_own_session_and_stops_by_pid(tmp_path: Path) -> None:
    """The process leads its own session (Ctrl+C in the terminal does not reach it) and stop ends it."""
    daemon = _start(tmp_path, SLEEP)
    try:
        assert daemon.running
        assert os.getsid(daemon.pid) == daemon.pid
    finally:
        assert stop(daemon) is True
    assert not daemon.running
    assert not psutil.pid_exists(daemon.pid) or psutil.Process(daemon.pid).create_time() != (
        daemon.started
    )


def test_a_process_ignoring_the_signal_is_killed_after_the_grace_with_its_children(
    tmp_path: Path,
) -> None:
    """SIGTERM ignored: after the grace period the process and the child it started are killed."""
    daemon = _start(tmp_path, STUBBORN)
    proc = psutil.Process(daemon.pid)
    wait_until(daemon, lambda: bool(proc.children()), timeout=60)
    child = proc.children()[0]
    assert stop(daemon, grace=1.0) is True
    assert not daemon.running
    assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize(
    ("pid", "started"),
    [
        (
            os.getpid(),
            0.0,
        ),  # this very process under a start time that is not its own: a reused PID
        (2**22 + 7, 0.0),  # no such process
    ],
)
def test_a_pid_that_is_not_ours_any_more_is_never_signalled(pid: int, started: float) -> None:
    """A recorded PID whose start time does not match is left alone: stop says it was not running."""
    daemon = Daemon("旧进程", pid, started, Path("none.log"))
    assert not daemon.running
    assert stop(daemon) is False


def test_a_process_that_exits_while_awaited_is_reported_with_its_log(tmp_path: Path) -> None:
    """Waiting for readiness ends in a Chinese error naming the process and quoting its log."""
    crash = [sys.executable, "-c", "import sys; print('端口已被占用'); sys.exit(3)"]
    daemon = _start(tmp_path, crash, "Prefect 服务器")
    with pytest.raises(ServerError, match=r"Prefect 服务器启动失败.*端口已被占用"):
        wait_until(daemon, lambda: False, timeout=60)


def test_a_process_not_ready_in_time_is_stopped(tmp_path: Path) -> None:
    """A process that never becomes ready is not left running behind the error."""
    daemon = _start(tmp_path, SLEEP, "工作进程")
    with pytest.raises(ServerError, match=r"工作进程在1秒内未就绪，已停止"):
        wait_until(daemon, lambda: False, timeout=1)
    assert not daemon.running
