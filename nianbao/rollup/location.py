"""Where districts publish and the city collects: a local folder (or mounted share) or any fsspec URL.

A package folder is written whole into a hidden temp folder beside its final place, then renamed to
the first free revision name. On a local or mounted folder the rename is atomic and never replaces a
folder that has content; on other fsspec stores a move is not atomic, so readers take a revision only
with its manifest (written last) and skip names that start with a dot.
"""

from __future__ import annotations

import errno
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from nianbao.core.errors import InputError

TEMP_PREFIX = ".nianbao-"


class Location:
    """A publication root: list folders, read files, publish a folder under a fresh name."""

    def __init__(self, where: str | Path) -> None:
        text = str(where)
        self.url = text
        if "://" in text:
            try:
                self.fs, self.root = fsspec.core.url_to_fs(text)
            except (ImportError, ValueError) as exc:
                raise InputError(f"无法使用报送位置“{text}”：{exc}") from exc
        else:
            self.fs, self.root = LocalFileSystem(), str(Path(text).resolve())
        self.local = isinstance(self.fs, LocalFileSystem)

    def path(self, *parts: str) -> str:
        """Return the full path of `parts` below the root."""
        return "/".join([self.root.rstrip("/"), *parts])

    def names(self, *parts: str) -> list[str]:
        """Return the sorted names directly inside the folder `parts` (none when it is absent)."""
        where = self.path(*parts)
        if not self.fs.isdir(where):
            return []
        return sorted(
            str(p).rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(where, detail=False)
        )

    def is_folder(self, *parts: str) -> bool:
        """Return whether `parts` is a folder."""
        return bool(self.fs.isdir(self.path(*parts)))

    def read(self, *parts: str) -> bytes:
        """Return the bytes of the file `parts` (FileNotFoundError when absent)."""
        return bytes(self.fs.cat_file(self.path(*parts)))

    def write(self, files: Mapping[str, bytes], *parts: str) -> None:
        """Write `files` into the folder `parts` in order, replacing a file of the same name."""
        self.fs.makedirs(self.path(*parts), exist_ok=True)
        for name, data in files.items():
            self.fs.pipe_file(self.path(*parts, name), data)

    def publish(
        self, files_for: Callable[[str], Mapping[str, bytes]], names: Iterable[str], *parts: str
    ) -> str:
        """Write `files_for(name)` (the last file last) into a new folder under `parts`; return its name.

        The folder takes the first of `names` free at the moment of the rename (the files are
        written again for the next name when another publisher took one): an existing folder is
        never written into or replaced.
        """
        temp = f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        try:
            for name in names:
                self.write(files_for(name), *parts, temp)
                if self._rename(self.path(*parts, temp), self.path(*parts, name)):
                    return name
            raise InputError(f"报送位置 {self.path(*parts)} 没有可用的版本号")
        finally:
            if self.fs.exists(self.path(*parts, temp)):
                self.fs.rm(self.path(*parts, temp), recursive=True)

    def _rename(self, source: str, target: str) -> bool:
        if self.local:
            try:
                Path(source).rename(target)  # atomic; refuses a target that has content
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR):
                    return False
                raise
            return True
        if self.fs.exists(target):
            return False
        self.fs.mv(source, target, recursive=True)
        return True
