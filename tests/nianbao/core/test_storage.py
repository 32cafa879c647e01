"""Output files: atomic, never over an existing file, and readable by whoever the umask lets read."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.core.errors import NianbaoError
from nianbao.core.storage import make_folder, replace_file, save_new

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


@pytest.mark.parametrize(
    ("where", "why"),
    [("taken", "同名的文件已存在"), ("taken/年报", "路径中有一级是文件而不是文件夹")],
)
def test_a_file_in_the_way_of_the_output_folder_is_one_chinese_line(
    tmp_path: Path, where: str, why: str
) -> None:
    """The office is told which folder cannot be made and why; the file in the way is untouched."""
    (tmp_path / "taken").write_text("单位的文件", encoding="utf-8")
    with pytest.raises(NianbaoError, match=rf"^无法建立输出文件夹 {tmp_path / where}：{why}，"):
        make_folder(tmp_path / where)
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "单位的文件"


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (errno.EACCES, "没有写入权限"),
        (errno.EROFS, "所在磁盘只读"),
        (errno.ENOSPC, "磁盘已满"),
        (errno.EIO, "设备故障"),  # not in the table: the system's own reason
    ],
)
def test_a_folder_the_system_refuses_names_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, why: str
) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(code, "设备故障")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(
        NianbaoError, match=rf"^无法建立输出文件夹 {tmp_path}：{why}，请换一个输出文件夹$"
    ):
        make_folder(tmp_path)


def test_an_existing_output_folder_is_used_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "年报").mkdir()
    (tmp_path / "年报" / "旧稿.docx").write_text("x", encoding="utf-8")
    assert make_folder(tmp_path / "年报") == tmp_path / "年报"
    assert [p.name for p in (tmp_path / "年报").iterdir()] == ["旧稿.docx"]
