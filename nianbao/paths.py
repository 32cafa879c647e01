"""Where a run reads and writes: project root, profile folder, year inputs and outputs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import InputError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """Return the project folder: $NIANBAO_HOME, else the current folder if it has profiles, else the checkout."""
    if env := os.environ.get("NIANBAO_HOME"):
        return Path(env).resolve()
    cwd = Path.cwd()
    return cwd if (cwd / "templates_docx").is_dir() else PACKAGE_ROOT


@dataclass(frozen=True)
class RunPaths:
    """The folders of one run for one year."""

    year: int
    inputs: Path
    previous: Path
    profile: Path
    out: Path


def run_paths(
    year: int, inputs: Path | None = None, profile: str = "default", out: Path | None = None
) -> RunPaths:
    """Return the run folders, defaulting to inputs/<year>, templates_docx/<profile>, outputs/<year>."""
    root = project_root()
    folder = (inputs or root / "inputs" / str(year)).resolve()
    if not folder.is_dir():
        raise InputError(f"找不到报表文件夹：{folder}")
    profile_dir = Path(profile) if Path(profile).is_dir() else root / "templates_docx" / profile
    if not profile_dir.is_dir():
        raise InputError(f"找不到配置“{profile}”：{profile_dir}")
    previous = folder.parent / str(year - 1)
    return RunPaths(
        year,
        folder,
        previous,
        profile_dir.resolve(),
        (out or root / "outputs" / str(year)).resolve(),
    )
