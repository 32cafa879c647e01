"""Where a run reads and writes: project root, profile folder, year inputs and outputs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nianbao.core.errors import InputError

# the checkout this package was installed from (nianbao/core/paths.py → three folders up)
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


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


def profile_dir(profile: str) -> Path:
    """Return the folder of `profile`: a path, or a name under templates_docx/."""
    folder = (
        Path(profile) if Path(profile).is_dir() else project_root() / "templates_docx" / profile
    )
    if not folder.is_dir():
        raise InputError(f"找不到配置“{profile}”：{folder}")
    return folder.resolve()


def run_paths(
    year: int,
    inputs: Path | None = None,
    profile: str = "default",
    out: Path | None = None,
    require_inputs: bool = True,
) -> RunPaths:
    """Return the run folders, defaulting to inputs/<year>, templates_docx/<profile>, outputs/<year>.

    With `require_inputs` false, a missing inputs folder means nobody has submitted yet.
    """
    root = project_root()
    folder = (inputs or root / "inputs" / str(year)).resolve()
    if require_inputs and not folder.is_dir():
        raise InputError(f"找不到报表文件夹：{folder}")
    previous = folder.parent / str(year - 1)
    return RunPaths(
        year,
        folder,
        previous,
        profile_dir(profile),
        (out or root / "outputs" / str(year)).resolve(),
    )


SHARE_VARIABLE = "NIANBAO_SHARE"


def office_path(path: Path) -> str:
    """Return `path` as the office opens it: under the share named by $NIANBAO_SHARE, else local.

    $NIANBAO_SHARE is how colleagues reach the project's outputs/ folder, e.g. \\\\服务器\\年报
    (outputs/2022 is then \\\\服务器\\年报\\2022); a path outside outputs/ stays local.
    """
    share = os.environ.get(SHARE_VARIABLE, "").strip().rstrip("/\\")
    outputs = (project_root() / "outputs").resolve()
    if not share or not path.resolve().is_relative_to(outputs):
        return str(path)
    sep = "\\" if "\\" in share else "/"
    return sep.join([share, *path.resolve().relative_to(outputs).parts])
