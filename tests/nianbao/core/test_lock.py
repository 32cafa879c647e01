"""The run lock: threads and processes exclude each other, refusals say who holds the folder, every writer locks."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.core import lock
from nianbao.core.lock import LOCK_FILE, RunLockedError, year_lock
from nianbao.profile.catalogue import Catalogue
from nianbao.review.finalize import finalize_draft
from nianbao.season.forms import write_forms
from nianbao.season.status import STATUS_FILE, write_status

from ...conftest import INPUTS, ROOT, draft_year

STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
_CONTENDER = """\
import sys, time
from pathlib import Path
from nianbao.core.lock import year_lock
folder, go = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
with year_lock(folder, "并发测试", wait=60):
    start = time.time()
    time.sleep(0.4)
    print(start, time.time(), flush=True)
"""
_HOLDER = """\
import sys, time
from pathlib import Path
from nianbao.core.lock import year_lock
with year_lock(Path(sys.argv[1]), "起草草稿"):
    print("held", flush=True)
    time.sleep(60)
"""
_WITHOUT_FCNTL = """\
import importlib, sys
from pathlib import Path
sys.modules["fcntl"] = None  # as on Windows: the module does not exist
for name in ("nianbao.core.lock", "nianbao.pipeline", "nianbao.season.status", "nianbao.season.forms",
             "nianbao.review.refresh", "nianbao.review.finalize", "nianbao.cli", "flows.draft", "flows.status"):
    importlib.import_module(name)
from nianbao.core.lock import year_lock
with year_lock(Path(sys.argv[1]), "导入测试", wait=5) as path:
    print(path.exists())
"""


def _disjoint(spans: list[tuple[float, float]]) -> bool:
    """Return whether no two (start, end) spans overlap."""
    ordered = sorted(spans)
    return all(end <= start for (_, end), (start, _) in itertools.pairwise(ordered))


@contextmanager
def held_by_another_thread(folder: Path, what: str = "起草草稿") -> Iterator[None]:
    """Hold the lock of `folder` in a second thread of this process for the duration of the block."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with year_lock(folder, what, wait=5):
            taken.set()
            done.wait(30)

    worker = threading.Thread(target=hold)
    worker.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        done.set()
        worker.join(10)


def test_threads_of_one_process_never_hold_the_lock_at_once(tmp_path: Path) -> None:
    """Four threads started together take turns: their critical sections never overlap."""
    spans: list[tuple[float, float]] = []
    gate = threading.Barrier(4)

    def work() -> None:
        gate.wait()
        with year_lock(tmp_path, "线程测试", wait=30):
            start = time.monotonic()
            time.sleep(0.15)
            spans.append((start, time.monotonic()))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(spans) == 4
    assert _disjoint(spans), spans


def test_two_processes_never_hold_the_lock_at_once(tmp_path: Path) -> None:
    """Two processes released at the same moment write in turn: the second starts after the first ends."""
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CONTENDER, str(tmp_path / "out"), str(go)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
        go.touch()
        outputs = [proc.communicate(timeout=60)[0] for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
    spans = [tuple(map(float, out.split())) for out in outputs]
    assert [p.returncode for p in procs] == [0, 0]
    assert _disjoint(spans), spans  # type: ignore[arg-type]


def test_a_refused_run_names_what_holds_the_folder_and_since_when(
    tmp_path: Path,
) -> None:
    """Another thread drafting: the second run waits, then stops naming the task, process, start and folder."""
    with (
        held_by_another_thread(tmp_path, "起草草稿"),
        pytest.raises(RunLockedError) as refused,
        year_lock(tmp_path, "更新报送情况", wait=0.2),
    ):
        pytest.fail("the lock was taken twice")
    message = str(refused.value)
    assert message.startswith(
        f"另一次运行正在向 {tmp_path} 写入文件（起草草稿，进程{os.getpid()}，"
    )
    assert re.search(rf"，{STAMP}开始）", message), message
    assert "已等待0.2秒仍未结束" in message


def test_another_process_holding_the_folder_is_named_and_its_death_frees_it(
    tmp_path: Path,
) -> None:
    """A second process waits, is refused with the holder's process id; once the holder dies the lock is free."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(RunLockedError, match=rf"（起草草稿，进程{holder.pid}，{STAMP}开始）"),
            year_lock(tmp_path, wait=0.3),
        ):
            pytest.fail("the lock was taken twice")
    finally:
        holder.kill()
        holder.wait()
    with year_lock(tmp_path, wait=5) as path:
        assert path == (tmp_path / LOCK_FILE).resolve()


def test_nested_use_in_one_thread_does_not_wait_and_still_excludes_others(tmp_path: Path) -> None:
    """A flow holding the lock calls steps that take it again; other threads stay out until the outer end."""
    seen: list[str] = []

    def other() -> None:
        try:
            with year_lock(tmp_path, wait=0.2):
                seen.append("taken")
        except RunLockedError:
            seen.append("refused")

    with year_lock(tmp_path, "起草草稿", wait=0.2) as outer:
        with year_lock(tmp_path, "生成校验报告", wait=0.2) as inner:
            assert inner == outer
        worker = threading.Thread(target=other)  # inner released, outer still held
        worker.start()
        worker.join(10)
    assert seen == ["refused"]
    worker = threading.Thread(target=other)
    worker.start()
    worker.join(10)
    assert seen == ["refused", "taken"]


def test_the_lock_imports_and_works_without_fcntl(tmp_path: Path) -> None:
    """Windows has no fcntl: the lock and every command that writes outputs still import and lock."""
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_FCNTL, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a complete 2021 draft to refresh and finalize."""
    return draft_year(2021, tmp_path_factory.mktemp("draft"))


Command = Callable[[Path, Catalogue, Path], object]
COMMANDS: list[tuple[str, Command]] = [
    ("draft", lambda folder, cat, draft: draft_year(2021, folder)),
    ("report", lambda folder, cat, draft: pipeline.write_report([], cat, folder)),
    ("status", lambda folder, cat, draft: write_status([], folder / STATUS_FILE)),
    ("forms", lambda folder, cat, draft: write_forms(cat, 2022, folder)),
    (
        "refresh",
        lambda folder, cat, draft: pipeline.refresh_draft(draft, cat, 2021, INPUTS / "2021"),
    ),
    ("finalize", lambda folder, cat, draft: finalize_draft(draft, force=True)),
]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_that_writes_outputs_waits_for_the_lock(
    name: str,
    command: Command,
    draft: Path,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """draft, report, status, forms, refresh and finalize are refused while another run holds the folder."""
    folder = tmp_path / "2021"
    folder.mkdir()
    mine = Path(shutil.copy(draft, folder / draft.name))
    before = sorted(p.name for p in folder.iterdir())
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.2)
    with held_by_another_thread(folder), pytest.raises(RunLockedError, match="起草草稿"):
        command(folder, catalogue, mine)
    after = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".nianbao"))
    assert after == before, f"{name} wrote while the folder was locked"
