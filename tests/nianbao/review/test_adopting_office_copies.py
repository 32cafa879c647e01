"""The 2021 report as an office finished it (sentences rewritten, items merged, a figure retyped in
full-width digits, a paragraph moved, units' texts folded into the prose), adopted as a profile.

Each copy (`office_copy`: finalized, saved by LibreOffice, typed by hand; and the reviewed draft with
its controls) comes back when 2021 is drafted from its template — the figure typed in full-width
digits is then printed half-width, the only difference — and 2022 is drafted in its words.
"""

from __future__ import annotations

from pathlib import Path

from nianbao import pipeline
from nianbao.draft.context import view_figure
from nianbao.figures.aggregation import aggregate
from nianbao.figures.mentions import FOLD
from nianbao.profile.loading import load_catalogue
from nianbao.review.adopted_profile import Adopted

from ...conftest import INPUTS, PROFILE
from .conftest import SUMMARY
from .office_copy import DocumentKind, OfficeDocuments
from .test_adopted_profile import YEAR, adopt_2021, published, redraft


def _same_but_width(again: list[str], source: list[str]) -> None:
    assert [t.translate(FOLD) for t in again] == [t.translate(FOLD) for t in source]
    assert sum(a != b for a, b in zip(again, source, strict=True)) <= 1


def _tagged(result: Adopted) -> dict[tuple[int, int], tuple[str, ...]]:
    return {
        (w.record.paragraph, w.record.start): w.record.codes
        for w in result.template.written
        if w.record.kind in ("bound", "comparison") and w.template.startswith("{{r ")
    }


def test_the_reviewed_office_copy_comes_back(office: OfficeDocuments, tmp_path: Path) -> None:
    result = adopt_2021(office.reviewed, tmp_path / "profile")
    assert result.lint_errors == 0
    again = redraft(result.folder, YEAR, tmp_path / "again")
    _same_but_width(again, published(office.reviewed, tmp_path / "source.docx"))


def test_an_office_copy_comes_back_with_every_figure_from_data_tagged_or_listed(
    office: OfficeDocuments, office_copy: tuple[DocumentKind, Path], tmp_path: Path
) -> None:
    kind, path = office_copy
    result = adopt_2021(path, tmp_path / "profile")
    assert result.lint_errors == 0
    truth = office.truth_of(kind)
    tagged = _tagged(result)
    listed = {
        (w.record.paragraph, w.record.start): w.record.codes
        for w in result.template.written
        if w.record.kind == "ambiguous"
    }
    wrong = [t for t in truth if tagged.get((t.paragraph, t.start), (t.code,)) != (t.code,)]
    assert not wrong
    found = sum((t.paragraph, t.start) in tagged for t in truth)
    missed = [t for t in truth if (t.paragraph, t.start) not in tagged]
    assert all(t.code in listed.get((t.paragraph, t.start), ()) for t in missed), missed
    SUMMARY[f"adopt-{kind}"] = (
        f"采用 {kind}：数据数字{len(truth)}个，写成标签{found}个，列为无法确定{len(missed)}个，错0个"
    )
    again = redraft(result.folder, YEAR, tmp_path / "again")
    _same_but_width(again, published(path, tmp_path / "source.docx"))


def test_2022_from_an_office_copy_prints_2022_figures_in_its_words(
    office_copy: tuple[DocumentKind, Path], tmp_path: Path
) -> None:
    _, path = office_copy
    result = adopt_2021(path, tmp_path / "profile")
    text = "\n".join(redraft(result.folder, 2022, tmp_path / "next"))
    cat = load_catalogue(PROFILE)
    intake = pipeline.gather(INPUTS / "2022", cat, 2022)
    figures = aggregate(intake, cat, pipeline.previous_values(INPUTS / "2021", cat, 2021))
    codes = {
        w.record.codes[0]
        for w in result.template.written
        if w.record.kind == "bound" and w.template.startswith("{{r ")
    }
    for code in codes:
        view = view_figure(figures[code], cat.indicators[code])
        shown = view.phrase.text if view.phrase else f"【待补充：{view.name}】"
        assert shown in text, (code, shown)
    assert "关于2022年度法治政府建设工作的报告" in text
    assert "2023年法治政府建设主要任务" in text
    assert "2021年，区政府" not in text
