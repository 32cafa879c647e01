"""Prefect test harness for the flow tests only (~8 s once per session), in a temporary PREFECT_HOME."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def prefect_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Run flows against a throw-away Prefect API with its own home, caching off."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    os.environ["PREFECT_TASKS_DISABLE_CACHING"] = "true"
    from prefect.testing.utilities import prefect_test_harness

    import flows  # noqa: F401  (sets the remaining quiet defaults)

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """Return an empty output folder."""
    return tmp_path / "out"
