"""Aliases adopt proposes where only the office's phrasing kept a figure unbound: listed, never written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.figures.aggregation import Figure
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.adoption import classify_numbers
from nianbao.review.aliases import propose_aliases, with_alias
from nianbao.season.terminal import adoption_lines

from ...conftest import INPUTS, PROFILE, edited_profile
from .office_copy import OfficeDocuments
from .test_adopted_profile import YEAR, adopt_2021

CODE = "fwzf.visiting_departments"  # 组织观摩学习的区直行政执法部门数: 23, written 20多个
OWN_WORDS = "分批组织20多个区直行政执法部门到示范点和标兵单位现场观摩。"


def test_the_words_shared_with_the_name_are_proposed_and_would_bind(
    figures: dict[str, Figure], catalogue: Catalogue
) -> None:
    (before,) = classify_numbers([OWN_WORDS], YEAR, figures, catalogue)
    assert (before.kind, before.codes) == ("ambiguous", (CODE,))
    proposals = propose_aliases([OWN_WORDS], YEAR, figures, catalogue)
    assert proposals == {(0, before.start): "区直行政执法部门"}
    amended = with_alias(catalogue, CODE, "区直行政执法部门")
    (after,) = classify_numbers([OWN_WORDS], YEAR, figures, amended)
    assert (after.kind, after.codes) == ("bound", (CODE,))
    assert "区直行政执法部门" not in catalogue.indicators[CODE].aliases


@pytest.mark.parametrize(
    "texts",
    [
        # the alias would take another figure's number away from it (22个 is 信用分级分类监管覆盖部门数)
        [OWN_WORDS, "信用分级分类监管覆盖22个区直行政执法部门。"],
        # several indicators agree: an alias would guess which
        ["全区23个乡镇（街道）均已成立法治建设领导小组。"],
        # the office's words share nothing long enough with the name
        ["分批组织20多个单位到示范点和标兵单位现场观摩。"],
    ],
    ids=["changes-another-number", "several-candidates", "nothing-shared"],
)
def test_no_alias_is_proposed_where_it_would_guess_or_change_another_reading(
    texts: list[str], figures: dict[str, Figure], catalogue: Catalogue
) -> None:
    assert propose_aliases(texts, YEAR, figures, catalogue) == {}


def test_adopting_lists_the_alias_and_adopting_again_with_it_binds_the_number(
    office: OfficeDocuments, tmp_path: Path
) -> None:
    """The office copy's 20多个区直行政执法部门: proposed in 采用报告.xlsx and the terminal, the
    catalogue copied as it was; with the alias written into the base profile it is tagged."""
    report = office.paths["finalized"]
    first = adopt_2021(report, tmp_path / "first")
    assert list(first.aliases.values()) == ["区直行政执法部门"]
    rows = list(load_workbook(first.book)["数字"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[4], row[8]) for row in rows if row[8]] == [
        ("20多个", CODE, "区直行政执法部门")
    ]
    assert (first.folder / "catalogue.toml").read_bytes() == (
        PROFILE / "catalogue.toml"
    ).read_bytes()
    assert any("建议加入指标目录的别名1个" in line for line in adoption_lines(first))
    base = edited_profile(tmp_path, 'aliases = ["观摩"]', 'aliases = ["观摩", "区直行政执法部门"]')
    again = pipeline.adopt_report(
        report, YEAR, INPUTS / str(YEAR), load_catalogue(base), tmp_path / "again"
    )
    (key,) = first.aliases
    (tagged,) = [w for w in again.template.written if (w.record.paragraph, w.record.start) == key]
    assert (tagged.record.kind, tagged.record.codes) == ("bound", (CODE,))
    assert tagged.template == f"{{{{r '{CODE}'|fig }}}}"
    assert again.aliases == {}
