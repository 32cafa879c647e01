"""`nianbao publish`: the district's package at the location given, by option, variable or profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app

from ...conftest import INPUTS, edited_profile

runner = CliRunner()


@pytest.mark.parametrize("how", ["option", "variable", "profile"])
def test_publish_writes_the_next_revision_where_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """--to, else $NIANBAO_PUBLISH_TO, else [profile] publish_to; the last line is the package folder."""
    share = tmp_path / "share"
    args = ["publish", "--year", "2022", "--inputs", str(INPUTS / "2022")]
    monkeypatch.delenv("NIANBAO_PUBLISH_TO", raising=False)
    if how == "option":
        args += ["--to", str(share)]
    elif how == "variable":
        monkeypatch.setenv("NIANBAO_PUBLISH_TO", str(share))
    else:
        profile = edited_profile(
            tmp_path, 'contact = "', f'publish_to = "{share.as_posix()}"\ncontact = "'
        )
        args += ["--profile", str(profile)]
    for revision in (1, 2):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        lines = result.output.strip().splitlines()
        assert lines[0].startswith(f"平桥区2022年度数据包已报送：第{revision}版")
        assert lines[-1] == f"{share}/2022/平桥区/{revision}"
    manifest = json.loads((share / "2022" / "平桥区" / "2" / "manifest.json").read_text("utf-8"))
    assert manifest["revision"] == 2


def test_publish_without_a_location_says_how_to_give_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """No --to, no variable, no publish_to: one Chinese line, exit code 1."""
    monkeypatch.delenv("NIANBAO_PUBLISH_TO", raising=False)
    result = runner.invoke(app, ["publish", "--year", "2022", "--inputs", str(INPUTS / "2022")])
    assert result.exit_code == 1
    assert "没有报送位置" in str(result.exception)
