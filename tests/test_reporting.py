"""The test run itself: LibreOffice tests that skip are listed loudly at the end, with the reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SAMPLE = """\
import pytest


@pytest.mark.soffice
def test_opens_in_office():
    pytest.skip("未安装 LibreOffice（soffice）")


def test_plain():
    pytest.skip("unrelated")
"""


def test_skipped_libreoffice_tests_are_listed_loudly_at_the_end(tmp_path: Path) -> None:
    """Without LibreOffice the soffice tests skip, and the run ends with a list of them and why."""
    (tmp_path / "test_office.py").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    soffice: office\n")
    run = subprocess.run(
        [
            *(
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "tests.conftest",
                "-p",
                "no:cacheprovider",
            ),
            *("--rootdir", str(tmp_path), "-c", str(tmp_path / "pytest.ini"), str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "跳过了1个 LibreOffice 测试" in run.stdout
    assert "test_office.py::test_opens_in_office：未安装 LibreOffice（soffice）" in run.stdout
    assert "test_plain：" not in run.stdout
