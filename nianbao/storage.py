"""Output files written atomically (temp file, then link) and never over an existing file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def save_new(out: Path, write: Callable[[str], object]) -> Path:
    """Write through `write(path)` to a temp file, then move it to `out` or a free sibling name.

    An existing file is never replaced: `报告.docx` taken gives `报告-2.docx`, and so on.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".nianbao-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
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
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".nianbao-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    try:
        write(tmp)
        Path(tmp).replace(out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out
