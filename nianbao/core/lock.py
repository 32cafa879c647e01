"""The run lock of an output folder: two runs (processes or threads) never write into it at once."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from nianbao.core.errors import NianbaoError
from nianbao.core.storage import make_folder, replace_file

LOCK_FILE = ".nianbao.core.lock"
HOLDER_FILE = (
    ".nianbao.core.lock.json"  # what holds the lock, since when: read by the runs that wait
)
WAIT_SECONDS = 120.0


class RunLockedError(NianbaoError):
    """Raised when another run keeps the output folder locked for longer than the wait."""


@contextmanager
def year_lock(out_dir: Path, what: str = "写入文件", wait: float | None = None) -> Iterator[Path]:
    """Hold the lock `out_dir/.nianbao.core.lock` while the block writes `what`; yield the lock path.

    Another process or thread waits up to `wait` seconds (default WAIT_SECONDS), then raises
    RunLockedError naming the run that holds the folder and since when. Holds are counted per
    thread: a flow holding the lock calls steps that take it again without waiting for itself.
    The lock is filelock's, so it works wherever Python does (flock on Unix, msvcrt on Windows).
    """
    make_folder(out_dir)
    path = (out_dir / LOCK_FILE).resolve()
    lock = FileLock(path, is_singleton=True)  # one instance per path; its holds are per thread
    seconds = WAIT_SECONDS if wait is None else wait
    try:
        lock.acquire(timeout=seconds)
    except Timeout:
        raise RunLockedError(held_message(out_dir, seconds)) from None
    outermost = lock.lock_counter == 1
    try:
        if outermost:
            _write_holder(path.with_name(HOLDER_FILE), what)
        yield path
    finally:
        if outermost:
            path.with_name(HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


def _write_holder(path: Path, what: str) -> None:
    holder = {
        "what": what,
        "pid": os.getpid(),
        "since": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    text = json.dumps(holder, ensure_ascii=False)
    replace_file(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def held_message(out_dir: Path, wait: float) -> str:
    """Return the Chinese message for a run refused after `wait` seconds: who holds `out_dir`, since when."""
    try:
        holder = json.loads((out_dir / HOLDER_FILE).read_text(encoding="utf-8"))
        since = datetime.fromisoformat(holder["since"]).strftime("%Y-%m-%d %H:%M:%S")
        who = f"（{holder['what']}，进程{holder['pid']}，{since}开始）"
    except (OSError, ValueError, KeyError, TypeError):
        who = "（运行内容和开始时间未能读取）"
    return f"另一次运行正在向 {out_dir} 写入文件{who}，已等待{wait:g}秒仍未结束；请等它完成后再运行"
