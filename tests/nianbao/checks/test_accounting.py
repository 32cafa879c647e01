"""Accounting that can fail: every typed value counted, or named by an 错误 that says it is not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from nianbao import pipeline
from nianbao.checks import validation
from nianbao.checks.accepted import Intake
from nianbao.checks.accounting import account, unbalanced
from nianbao.checks.entries import Entry
from nianbao.checks.validation import validate
from nianbao.core.findings import Finding
from nianbao.intake import sheets
from nianbao.intake.readers import read_folder
from nianbao.profile.catalogue import Catalogue

from ...conftest import INPUTS

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus" / "files"


@pytest.fixture(scope="module")
def intake(catalogue: Catalogue) -> Intake:
    """Return the 2022 sample year, gathered and validated."""
    return pipeline.gather(INPUTS / "2022", catalogue, 2022)


def _warning_at(ref: object) -> Finding:
    return Finding.warning(ref.file, ref.sheet, ref.cell, "请核对", kind="value.jump")  # type: ignore[attr-defined]


def test_the_samples_balance_with_counts_taken_independently(
    intake: Intake, catalogue: Catalogue
) -> None:
    """2022: every value counted once or named by an 错误; the identity holds without being forced."""
    books = account(intake, catalogue)
    assert books.balanced
    total = books.total
    assert (total.counted, total.unaccounted, total.contradicted) == (len(intake.entries), (), ())
    assert total.submitted == total.counted + total.rejected + total.copies


@pytest.mark.parametrize(
    "plant",
    ["dropped-silently", "dropped-with-a-reminder", "counted-though-an-error-says-not"],
)
def test_a_planted_inconsistency_unbalances_the_books_at_its_cell(
    intake: Intake, catalogue: Catalogue, plant: str
) -> None:
    """A value validation drops without an 错误 (a 提醒 does not do), or counts although an 错误
    says it is not, fails the check and is named at its cell."""
    victim = intake.entries[7]
    entries_, findings = list(intake.entries), list(intake.findings)
    if plant != "counted-though-an-error-says-not":
        entries_.remove(victim)
    if plant == "dropped-with-a-reminder":
        findings.append(_warning_at(victim.ref))
    if plant == "counted-though-an-error-says-not":
        findings.append(
            Finding.error(
                victim.ref.file, victim.ref.sheet, victim.ref.cell, "未采用", kind="value.range"
            )
        )
    books = account(replace(intake, entries=entries_, findings=findings), catalogue)
    assert not books.balanced
    assert [(f.file, f.sheet, f.cell) for f in unbalanced(books)] == [
        (victim.ref.file, victim.ref.sheet, victim.ref.cell)
    ]


def test_a_value_the_parser_loses_is_caught_by_the_run(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bug that drops a typed value without saying so surfaces as accounting.unbalanced in the run."""
    real = validation.check_values

    def lossy(*args: Any, **kwargs: Any) -> list[Entry]:
        kept = real(*args, **kwargs)
        kept.pop(3)
        return kept

    monkeypatch.setattr(validation, "check_values", lossy)
    found = pipeline.gather(INPUTS / "2022", catalogue, 2022)
    assert [f.kind for f in found.findings].count("accounting.unbalanced") == 1


@pytest.mark.parametrize("level", ["错误", "提醒"])
def test_levels_mean_what_the_readme_says(catalogue: Catalogue, level: str) -> None:
    """错误: the value is not counted; 提醒: it is counted (please check) — for every value finding
    of the corpus of messy submissions."""
    intake = validate(read_folder(CORPUS), catalogue, 2022)
    counted = {(e.ref.file, e.ref.sheet, e.ref.cell) for e in intake.entries}
    at_values = [  # findings about a typed value (value.empty is about a cell left blank)
        f
        for f in intake.findings
        if f.level == level
        and f.code
        and f.cell
        and f.kind.startswith("value.")
        and f.kind != "value.empty"
    ]
    assert at_values
    for f in at_values:
        assert ((f.file, f.sheet, f.cell) in counted) == (level == "提醒"), f


def test_a_typed_cell_the_row_parser_skips_is_caught_by_the_census(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The census counts typed 本年数值 cells on its own: a parser that loses a row is named at the cell."""
    real = sheets._indicator_rows
    lost: list[str] = []

    def skipping(*args: Any, **kwargs: Any) -> list[Any]:
        found = real(*args, **kwargs)
        if not lost and len(found) > 5:
            lost.append(f"{found[5].ref.file}!{found[5].ref.cell}")
            del found[5]
        return found

    monkeypatch.setattr(sheets, "_indicator_rows", skipping)
    found = validate(read_folder(INPUTS / "2022"), catalogue, 2022)
    unbalanced_at = [
        f"{f.file}!{f.cell}" for f in found.findings if f.kind == "accounting.unbalanced"
    ]
    assert unbalanced_at == lost
