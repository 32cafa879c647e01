"""Reading a folder on two cores gives what a serial read gives, whatever happens to the helper."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nianbao.intake import batches
from nianbao.intake.readers import list_inputs, read_folder, read_submission

from ...conftest import INPUTS

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus" / "files"


def canonical(obj: Any) -> bytes:
    """Return `obj` pickled without memo: equal bytes for equal values, shared objects or not."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: a value is written where it occurs, whoever else holds it
    pickler.dump(obj)
    return out.getvalue()


@pytest.fixture(autouse=True)
def no_kept_helper() -> Iterator[None]:
    """Each test starts without a helper kept from another, and leaves none behind."""
    batches.close_kept()
    yield
    batches.close_kept()


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share even a small folder with the helper, a few files per batch."""
    monkeypatch.setattr(batches, "MIN_FILES", 1)
    monkeypatch.setattr(batches, "BATCH", 3)
    monkeypatch.setattr(batches.os, "cpu_count", lambda: 2)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Return the list of helper processes started during the test (their command lines)."""
    return spy_on_starts(monkeypatch)


def spy_on_starts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Return the list of helper processes started from now on (their command lines)."""
    found: list[Any] = []
    popen = subprocess.Popen

    def spy(*args: Any, **kwargs: Any) -> Any:
        found.append(args[0])
        return popen(*args, **kwargs)

    monkeypatch.setattr(batches.subprocess, "Popen", spy)
    return found


def serial(folder: Path) -> list[Any]:
    """Return the folder read file after file in this process."""
    return [read_submission(path, folder) for path in list_inputs(folder)]


@pytest.mark.parametrize("folder", [CORPUS, INPUTS / "2022"], ids=["corpus", "inputs-2022"])
def test_a_folder_read_on_two_cores_is_the_serial_read(
    two_cores: None, folder: Path, started: list[Any]
) -> None:
    """Messy, hostile and ordinary files: same Submissions, in the same order, byte for byte."""
    shared = read_folder(folder)
    assert started, "the helper process was not asked"
    assert canonical(shared) == canonical(serial(folder))


def test_a_helper_that_cannot_run_leaves_its_batches_to_this_process(
    two_cores: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper that exits at once (here: not Python at all): every file is still read, once."""
    monkeypatch.setattr(batches.sys, "executable", "/bin/false")
    assert canonical(read_folder(INPUTS / "2022")) == canonical(serial(INPUTS / "2022"))


@pytest.mark.parametrize(("files", "cores"), [(batches.MIN_FILES - 1, 2), (batches.MIN_FILES, 1)])
def test_few_files_or_one_core_start_no_helper(
    files: int, cores: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Below MIN_FILES files, or on one core, starting a helper would cost more than it saves."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a helper was started")

    monkeypatch.setattr(batches.subprocess, "Popen", refuse)
    monkeypatch.setattr(batches.os, "cpu_count", lambda: cores)
    paths = [tmp_path / f"{i:04d}.csv" for i in range(files)]
    read = batches.read_many(paths, tmp_path, lambda paths, root: [p.name for p in paths])
    assert read == [p.name for p in paths]


def kept_helper() -> subprocess.Popen[bytes]:
    """Return the helper kept between reads (there must be one)."""
    assert len(batches._kept) == 1, "no helper was kept after the read"
    return batches._kept[0][0]


def test_the_next_read_uses_the_helper_kept_from_the_last(
    two_cores: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft reads the year and the years before it: one helper start, not one per folder."""
    first = read_folder(INPUTS / "2022")
    helper = kept_helper()
    again = spy_on_starts(monkeypatch)
    assert canonical(read_folder(INPUTS / "2022")) == canonical(first)
    assert again == []
    assert kept_helper() is helper
    assert helper.poll() is None


@pytest.mark.parametrize("fate", ["killed", "stale"])
def test_a_kept_helper_that_ended_or_went_stale_is_replaced(
    two_cores: None, fate: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept helper that died, or was idle long enough to end by itself, is not sent a read."""
    read_folder(INPUTS / "2022")
    old = kept_helper()
    if fate == "killed":
        old.kill()
        old.wait()
    else:
        monkeypatch.setattr(batches, "_kept", [(old, time.monotonic() - batches.IDLE)])
    assert canonical(read_folder(INPUTS / "2022")) == canonical(serial(INPUTS / "2022"))
    assert old.poll() is not None
    assert kept_helper() is not old


def test_an_idle_helper_ends_by_itself(two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper left without work (a long-running Prefect worker) does not stay for ever."""
    monkeypatch.setattr(batches, "IDLE", 0.5)
    read_folder(INPUTS / "2022")
    helper = kept_helper()
    assert helper.wait(timeout=30) == 0


def test_closing_the_kept_helper_ends_it(two_cores: None) -> None:
    """At exit (atexit) the kept helper is closed and waited for: no process outlives nianbao."""
    read_folder(INPUTS / "2022")
    helper = kept_helper()
    batches.close_kept()
    assert helper.poll() is not None
    assert batches._kept == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are Linux's")
def test_the_helpers_answer_pipe_holds_a_whole_batch() -> None:
    """Widened to 1 MiB, the pipe takes a batch's answer (~70 KB) without blocking the helper."""
    import fcntl

    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as reader, os.fdopen(write_end, "wb") as writer:
        batches._widen(writer)
        assert fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ) == batches._PIPE
