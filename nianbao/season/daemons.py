"""Background processes of the city server: started detached, known by PID and start time, stopped by PID."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from nianbao.core.errors import ServerError

_STARTED: dict[int, subprocess.Popen[bytes]] = {}  # children of this process, reaped by stop()
GRACE_S = 30.0  # how long a process may take to stop cleanly before it is killed
POLL_S = 0.3


@dataclass(frozen=True)
class Daemon:
    """One started process: what it is, its PID, its start time (a reused PID is not ours) and its log."""

    name: str
    pid: int
    started: float
    log: Path

    def process(self) -> psutil.Process | None:
        """Return the running process, or None when it has ended or its PID now names another one."""
        try:
            proc = psutil.Process(self.pid)
            if abs(proc.create_time() - self.started) > 1 or proc.status() == psutil.STATUS_ZOMBIE:
                return None
        except psutil.Error:
            return None
        return proc

    @property
    def running(self) -> bool:
        """Return whether the process still runs."""
        return self.process() is not None

    def log_tail(self, chars: int = 1500) -> str:
        """Return the end of the process's log (for error messages)."""
        try:
            return self.log.read_text("utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def launch(
    name: str,
    command: Sequence[str],
    env: Mapping[str, str],
    log: Path,
    cwd: Path,
    user: str | None = None,
) -> Daemon:
    """Start `command` in its own session (Ctrl+C in the terminal does not reach it), output to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            list(command),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=user,
        )
    _STARTED[proc.pid] = proc
    return Daemon(name, proc.pid, psutil.Process(proc.pid).create_time(), log)


def wait_until(daemon: Daemon, ready: Callable[[], bool], timeout: float) -> None:
    """Wait until `ready()` holds; raise ServerError if the process ends or `timeout` passes first
    (a process not ready in time is stopped: nothing half-started is left running)."""
    deadline = time.monotonic() + timeout
    while not ready():
        if not daemon.running:
            _reap(daemon.pid)
            raise ServerError(
                f"{daemon.name}启动失败，日志 {daemon.log} 的最后几行：{daemon.log_tail()}"
            )
        if time.monotonic() > deadline:
            stop(daemon)
            raise ServerError(
                f"{daemon.name}在{timeout:.0f}秒内未就绪，已停止；日志见 {daemon.log}"
            )
        time.sleep(POLL_S)


def stop(daemon: Daemon, sig: int = signal.SIGTERM, grace: float = GRACE_S) -> bool:
    """Stop `daemon` by its PID: `sig` to it, then SIGKILL to whatever of its family is left.

    The process is asked first, alone, so it can stop its own children in order (PostgreSQL its
    backends, a worker its flow runs); after `grace` seconds anything left of the process and its
    descendants is killed. Return whether the process was running.
    """
    proc = daemon.process()
    if proc is None:
        return False
    family = [proc, *_descendants(proc)]
    with contextlib.suppress(psutil.NoSuchProcess):
        proc.send_signal(sig)
    _, left = psutil.wait_procs(family, timeout=grace)
    for p in left:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(left, timeout=grace)
    _reap(daemon.pid)
    return True


def _descendants(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return list(proc.children(recursive=True))
    except psutil.Error:
        return []


def _reap(pid: int) -> None:
    """Collect the exit status of `pid` if it was started by this process (no zombie is left)."""
    if child := _STARTED.pop(pid, None):
        child.poll()
