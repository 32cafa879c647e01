"""Where a run reads and writes, from whichever folder the command is started."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.core.paths import project_root, run_paths

from ...conftest import ROOT


@pytest.mark.parametrize("where", ["elsewhere", "a-project", "nianbao-home"])
def test_the_project_is_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Started outside a project the checkout is used; in a folder with templates_docx/ that
    folder; with NIANBAO_HOME set, that folder, wherever the command is started."""
    monkeypatch.delenv("NIANBAO_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    expected = ROOT
    if where == "a-project":
        (tmp_path / "templates_docx").mkdir()
        expected = tmp_path
    elif where == "nianbao-home":
        monkeypatch.setenv("NIANBAO_HOME", str(ROOT))
    assert project_root() == expected


def test_a_draft_started_outside_the_project_finds_its_sample_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NIANBAO_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    paths = run_paths(2022)
    assert paths.inputs == ROOT / "inputs" / "2022"
    assert paths.previous == ROOT / "inputs" / "2021"
    assert paths.profile == ROOT / "templates_docx" / "default"
    assert paths.out == ROOT / "outputs" / "2022"
