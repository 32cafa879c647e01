"""The drafting steps end to end without Prefect: what a run writes and what its summary says."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import charts, pipeline
from nianbao.aggregation import aggregate
from nianbao.catalogue import Catalogue
from nianbao.document import iter_paragraphs
from tests.conftest import INPUTS


def test_draft_is_written_when_no_chart_can_be_drawn_and_says_why(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the chart font the draft is still written; its checklist and the summary name each chart."""
    monkeypatch.setattr(charts, "FONT_PACKAGE", "nianbao_no_such_font_package")
    charts.cjk_font.cache_clear()
    try:
        intake = pipeline.gather(INPUTS / "2022", catalogue, 2022)
        history = pipeline.gather_history(INPUTS / "2022", catalogue, 2022)
        figures = aggregate(intake, catalogue, history.values.get(2021, {}))
        findings = pipeline.findings_of(intake, figures, catalogue)
        drafted = pipeline.write_draft(figures, intake, catalogue, findings, tmp_path, history)
    finally:
        charts.cjk_font.cache_clear()
    titles = [spec.title for spec in catalogue.targets.charts]
    assert drafted.path.is_file()
    assert len(drafted.missing_charts) == len(titles)
    checklist = [text for style, text in iter_paragraphs(drafted.path) if style == "NbChecklist"]
    for title in titles:
        assert any(
            f"附件图表“{title}”未能生成" in item and "未安装图表字体" in item for item in checklist
        )
    summary = pipeline.summarise(intake, catalogue, figures, findings, drafted, tmp_path / "r.xlsx")
    text = pipeline.summary_markdown(summary)
    assert "## 未能生成的附件图表" in text
    assert all(f"“{title}”" in text for title in titles)
    assert not list((tmp_path / charts.CHART_DIR).glob("*.png"))
