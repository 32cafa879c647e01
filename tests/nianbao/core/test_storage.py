"""Output files: atomic, never over an existing file, and readable by whoever the umask lets read."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.core.storage import replace_file, save_new

from ...conftest import draft_year

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(params=[0o022, 0o002, 0o077], ids=["umask022", "umask002", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under the umask of the parameter, then restore the old one."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write(text: str) -> object:
    return lambda tmp: Path(tmp).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("save", [save_new, replace_file], ids=["save_new", "replace_file"])
def test_output_has_the_mode_of_a_normal_new_file(tmp_path: Path, umask: int, save: object) -> None:
    """0644 under umask 022, 0664 under 002, 0600 under 077 — never the temp file's fixed 0600."""
    out = save(tmp_path / "报告.docx", _write("x"))  # type: ignore[operator]
    assert _mode(out) == 0o666 & ~umask


def test_every_file_of_a_draft_follows_the_umask(tmp_path: Path, umask: int) -> None:
    """The draft, its sidecars and its charts can be opened by the office when the umask allows."""
    draft = draft_year(2021, tmp_path)
    written = [p for p in draft.parent.rglob("*") if p.is_file()]  # the run lock included
    assert len(written) >= 3
    assert {p.name: _mode(p) for p in written} == dict.fromkeys(
        (p.name for p in written), 0o666 & ~umask
    )


def test_existing_file_is_kept_and_a_sibling_name_used(tmp_path: Path) -> None:
    """save_new never replaces: the second write gets “-2”, and the first keeps its bytes."""
    first = save_new(tmp_path / "报告.docx", _write("一"))
    second = save_new(tmp_path / "报告.docx", _write("二"))
    assert (second.name, first.read_text(encoding="utf-8")) == ("报告-2.docx", "一")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".nianbao-")]
