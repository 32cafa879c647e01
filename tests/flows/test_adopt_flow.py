"""The adopt step as a Prefect flow: a new profile from the reviewed 2021 report, with its artifact."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from ..conftest import INPUTS, accept_marks, draft_year

pytestmark = pytest.mark.slow


def test_adopt_flow_writes_the_profile_and_publishes_its_counts(
    prefect_backend: None, tmp_path: Path
) -> None:
    from prefect.artifacts import Artifact

    from flows.adopt import adopt_flow

    doc = Document(str(draft_year(2021, tmp_path / "draft")))
    accept_marks(doc)
    doc.save(str(tmp_path / "审阅稿.docx"))
    folder = adopt_flow(
        str(tmp_path / "审阅稿.docx"), 2021, str(tmp_path / "新配置"), inputs=str(INPUTS / "2021")
    )
    assert Path(folder) == tmp_path / "新配置"
    assert (Path(folder) / "report.docx").is_file()
    artifact = Artifact.get("adopt-2021")
    assert artifact is not None
    assert "绑定指标" in str(artifact.data)
