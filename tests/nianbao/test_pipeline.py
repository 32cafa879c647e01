"""The drafting steps end to end without Prefect: what a run writes and what its summary says."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.draft import charts
from nianbao.draft.gaps import INCOMPLETE, PLACES
from nianbao.figures.aggregation import aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.review.finalize import finalize_draft
from nianbao.word.document import iter_paragraphs
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


def test_summary_lists_both_gaps_as_finalize_and_the_checklist_count_them(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """待补充处 are exactly what finalize refuses on; 数据不全的指标 the checklist's 【数据不全】 items;
    the folder is the share the office opens, not the server's own path."""
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    monkeypatch.setenv("NIANBAO_SHARE", "\\\\服务器\\年报")
    intake = pipeline.gather(INPUTS / "2022", catalogue, 2022)
    history = pipeline.gather_history(INPUTS / "2022", catalogue, 2022)
    figures = aggregate(intake, catalogue, history.values.get(2021, {}))
    findings = pipeline.findings_of(intake, figures, catalogue)
    out = tmp_path / "outputs" / "2022"
    drafted = pipeline.write_draft(figures, intake, catalogue, findings, out, history)
    summary = pipeline.summarise(intake, catalogue, figures, findings, drafted, tmp_path / "r.xlsx")
    forced = finalize_draft(drafted.path, tmp_path / "定稿.docx", force=True)
    assert list(summary.placeholders) == forced.placeholders
    assert len(summary.placeholders) == 1
    checklist = [text for style, text in iter_paragraphs(drafted.path) if style == "NbChecklist"]
    assert len(summary.incomplete) == sum("【数据不全】" in item for item in checklist) == 20
    text = pipeline.summary_markdown(summary)
    assert f"- {PLACES}：1处\n- {INCOMPLETE}：20个\n" in text
    assert (
        f"## {PLACES}\n\n- …为区政府提供法律服务【待补充：政府法律顾问提供法律服务次数】\n" in text
    )
    assert f"## {INCOMPLETE}\n\n- 乡镇（街道）便民服务中心建成数（缺少：查山乡）\n" in text
    assert "- 文件夹：`\\\\服务器\\年报\\2022`" in text
    assert str(tmp_path) not in text
    assert "待补充或数据不全" not in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("调解室数（缺少：查山乡）", "调解室数（缺少：查山乡）"),
        ("…*重点*事项_a_【待补充：甲】", "…\\*重点\\*事项\\_a\\_【待补充：甲】"),
        ("[链接](x) | <b>", "\\[链接\\](x) \\| \\<b\\>"),
    ],
)
def test_listed_text_is_never_read_as_markdown(text: str, shown: str) -> None:
    """Words from units' texts keep their asterisks and underscores in the UI."""
    assert pipeline.escape_markdown(text) == shown
