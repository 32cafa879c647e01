"""The forms, refresh, finalize and lint steps also run as Prefect flows, with artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from ..conftest import INPUTS, accept_marks, draft_year

pytestmark = pytest.mark.slow


def test_forms_flow_writes_every_unit(prefect_backend: None, tmp_path: Path) -> None:
    """The forms flow writes one workbook per roster unit."""
    from flows.cycle import forms_flow

    paths = forms_flow(2023, "default", str(tmp_path))
    assert len(paths) == 30
    assert all(Path(p).exists() for p in paths)


def test_refresh_then_finalize_flows(prefect_backend: None, tmp_path: Path) -> None:
    """A draft refreshed by the flow, then finalized by the flow, ends as a clean publication copy."""
    from prefect.artifacts import Artifact

    from flows.cycle import finalize_flow, refresh_flow

    draft = draft_year(2021, tmp_path)
    refreshed = Path(refresh_flow(str(draft), 2021, str(INPUTS / "2021")))
    assert refreshed.exists()
    assert refreshed != draft
    artifact = Artifact.get("refresh-2021")
    assert artifact is not None
    assert "刷新完成" in str(artifact.data)
    reviewed = Document(str(refreshed))
    assert accept_marks(reviewed)  # the reviewer accepts every marked sentence and paragraph
    reviewed.save(str(refreshed))
    final = Path(finalize_flow(str(refreshed)))
    assert final.exists()
    assert "定稿" in final.name


def test_lint_flow_counts_errors(prefect_backend: None) -> None:
    """The shipped template has no lint errors."""
    from flows.cycle import lint_flow

    assert lint_flow() == 0
