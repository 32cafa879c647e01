"""Output files written atomically (temp file, then link) and never over an existing file.

Outputs get the mode of a normal new file under the process umask (0644 under 022, 0664 under 002),
not the 0600 of the temp file, so colleagues and a service account sharing the folder can open them.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from nianbao.core.errors import NianbaoError


def make_folder(folder: Path) -> Path:
    """Create the output folder `folder` if need be; a NianbaoError saying why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = _WHY.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        raise NianbaoError(f"无法建立输出文件夹 {folder}：{why}，请换一个输出文件夹") from None
    return folder


_WHY = {  # OSError's errno -> why a folder cannot be made there, for the office
    errno.EEXIST: "同名的文件已存在",
    errno.ENOTDIR: "路径中有一级是文件而不是文件夹",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘只读",
    errno.ENOSPC: "磁盘已满",
}


def save_new(out: Path, write: Callable[[str], object]) -> Path:
    """Write through `write(path)` to a temp file, then move it to `out` or a free sibling name.

    An existing file is never replaced: `报告.docx` taken gives `报告-2.docx`, and so on.
    """
    make_folder(out.parent)
    tmp = _temp_beside(out)
    try:
        write(tmp)
        target, n = out, 2
        while True:
            try:
                os.link(tmp, target)  # atomic, and fails when `target` exists
                return target
            except FileExistsError:
                target = out.with_name(f"{out.stem}-{n}{out.suffix}")
                n += 1
    finally:
        Path(tmp).unlink(missing_ok=True)


def replace_file(out: Path, write: Callable[[str], object]) -> Path:
    """Write through `write(path)` to a temp file, then atomically replace `out` (for status tables)."""
    make_folder(out.parent)
    tmp = _temp_beside(out)
    try:
        write(tmp)
        Path(tmp).replace(out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


def _temp_beside(out: Path) -> str:
    """Return a new empty temp file next to `out`, with the mode a new file would get there."""
    fd, tmp = tempfile.mkstemp(prefix=".nianbao-", suffix=out.suffix, dir=out.parent)
    try:
        if hasattr(os, "fchmod"):  # POSIX; on Windows the file already inherits the folder's rights
            os.fchmod(fd, 0o666 & ~current_umask())
    finally:
        os.close(fd)
    return tmp


def current_umask() -> int:
    """Return the process umask (read by setting and restoring it: the only portable way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$", re.IGNORECASE)


def safe_name(text: str, limit: int = 80) -> str:
    """Return `text` usable as one file name on Windows, macOS and Linux (no folders, no control marks).

    Separators and characters Windows refuses become “_”; leading dots and trailing dots or spaces go;
    reserved device names (CON, NUL…) get a “_” prefix; the result is at most `limit` characters.
    """
    name = _UNSAFE.sub("_", text).strip().lstrip(".").rstrip(". ")
    if _RESERVED.match(name):
        name = "_" + name
    return name[:limit].rstrip(". ") or "未命名"


def inside(folder: Path, name: str) -> Path:
    """Return `folder / safe_name(name)`, guaranteed to lie directly inside `folder`."""
    suffix = Path(name).suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", Path(name).suffix) else ""
    path = folder / (safe_name(name[: len(name) - len(suffix)]) + suffix)
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"输出文件不在输出文件夹内：{path}")
    return path
