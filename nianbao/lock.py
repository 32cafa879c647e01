"""The per-year run lock: two runs for the same output folder never write at the same time."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nianbao.errors import NianbaoError

LOCK_FILE = ".nianbao.lock"
WAIT_SECONDS = 120.0
_POLL = 0.2
_held: dict[Path, int] = {}  # lock files this process holds → nesting depth
_guard = threading.Lock()


class RunLockedError(NianbaoError):
    """Raised when another run keeps the year's output folder locked for longer than the wait."""


@contextmanager
def year_lock(out_dir: Path, wait: float = WAIT_SECONDS) -> Iterator[Path]:
    """Hold the lock `out_dir/.nianbao.lock` while the block writes outputs; yield the lock path.

    A second process waits up to `wait` seconds, then raises RunLockedError with a Chinese message.
    Nested use within one process (flow around a step that also locks) does not wait for itself.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = (out_dir / LOCK_FILE).resolve()
    with _guard:
        depth = _held.get(path, 0)
        if depth:
            _held[path] = depth + 1
    if depth:
        try:
            yield path
        finally:
            _release_nested(path)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, out_dir, wait)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        with _guard:
            _held[path] = 1
        try:
            yield path
        finally:
            with _guard:
                _held.pop(path, None)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, out_dir: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise RunLockedError(
                    f"另一次运行正在向 {out_dir} 写入文件，已等待{wait:g}秒仍未结束；"
                    "请等它完成后再运行"
                ) from None
            time.sleep(min(_POLL, max(deadline - time.monotonic(), 0.01)))


def _release_nested(path: Path) -> None:
    with _guard:
        _held[path] -= 1
