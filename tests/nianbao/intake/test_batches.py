"""Reading a folder on two cores gives what a serial read gives, whatever happens to the helper."""

from __future__ import annotations

import io
import pickle
import subprocess
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


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share even a small folder with the helper, a few files per batch."""
    monkeypatch.setattr(batches, "MIN_FILES", 1)
    monkeypatch.setattr(batches, "BATCH", 3)
    monkeypatch.setattr(batches.os, "cpu_count", lambda: 2)


def serial(folder: Path) -> list[Any]:
    """Return the folder read file after file in this process."""
    return [read_submission(path, folder) for path in list_inputs(folder)]


@pytest.mark.parametrize("folder", [CORPUS, INPUTS / "2022"], ids=["corpus", "inputs-2022"])
def test_a_folder_read_on_two_cores_is_the_serial_read(
    two_cores: None, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messy, hostile and ordinary files: same Submissions, in the same order, byte for byte."""
    started = []
    popen = subprocess.Popen

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(args[0])
        return popen(*args, **kwargs)

    monkeypatch.setattr(batches.subprocess, "Popen", spy)
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
    read = batches.read_many(paths, tmp_path, lambda path, root: path.name)
    assert read == [p.name for p in paths]
