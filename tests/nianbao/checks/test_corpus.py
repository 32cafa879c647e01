"""The corpus of messy and hostile submissions: no crash, every value accounted for, every problem named."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.checks.accepted import Intake
from nianbao.checks.accounting import account, unbalanced
from nianbao.checks.validation import validate
from nianbao.core.findings import KINDS, Finding
from nianbao.figures.aggregation import aggregate
from nianbao.figures.unit_trends import YEAR_ON_YEAR_KINDS
from nianbao.intake.readers import list_inputs, read_folder
from nianbao.profile.catalogue import Catalogue

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
FILES = CORPUS / "files"
EXPECTED: dict[str, Any] = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
YEAR = int(EXPECTED["year"])
CASES = {case["name"]: case for case in EXPECTED["file"]}
INPUTS_2022 = Path(__file__).resolve().parent.parent.parent.parent / "inputs" / "2022"


@pytest.fixture(scope="module")
def intake(catalogue: Catalogue) -> Intake:
    """Return the corpus read and validated as one year's folder."""
    return validate(read_folder(FILES), catalogue, YEAR)


def key(f: Finding) -> str:
    """Return a finding as expected.toml writes it: “kind sheet!cell”, or the kind alone."""
    where = f"{f.sheet}!{f.cell}" if f.sheet or f.cell else ""
    return f"{f.kind} {where}".strip()


def test_corpus_has_forty_small_files_each_with_an_expected_outcome() -> None:
    """At least 40 committed files, all small, and expected.toml speaks of exactly those files."""
    files = list_inputs(FILES)
    assert len(files) >= 40
    assert {p.name for p in files} == set(CASES)
    assert sum(p.stat().st_size for p in files) < 1024 * 1024


@pytest.mark.parametrize("name", sorted(CASES))
def test_file_gets_exactly_its_expected_findings(intake: Intake, name: str) -> None:
    """Each file's findings (kind and cell) are exactly those written down for it."""
    got = sorted(key(f) for f in intake.findings if f.file == name)
    assert got == sorted(CASES[name]["findings"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_file_is_used_and_counted_as_expected(
    intake: Intake, catalogue: Catalogue, name: str
) -> None:
    """Each file is attributed to its unit, used or set aside, with the expected number of values counted."""
    case = CASES[name]
    used = {s.file: uid for uid, s in intake.submitted.items()}
    owner = next(
        (uid for uid, subs in intake.identified.items() for s in subs if s.file == name), ""
    )
    assert (owner, name in used) == (case["unit"], case["used"])
    assert sum(1 for e in intake.entries if e.ref.file == name) == case["counted"]


def test_every_submitted_value_is_counted_or_rejected_with_a_reason(
    intake: Intake, catalogue: Catalogue
) -> None:
    """submitted = counted + rejected for every unit and in total; no value is left unexplained."""
    books = account(intake, catalogue)
    assert books.balanced
    assert unbalanced(books) == []
    assert not any(f.kind == "accounting.unbalanced" for f in intake.findings)
    total = books.total
    assert total.counted == len(intake.entries)
    assert total.submitted == total.counted + total.rejected > 0
    assert total.submitted == sum(t.submitted for t in books.units)
    assert total.files == len(list_inputs(FILES))


def test_a_value_without_a_reason_is_flagged(intake: Intake, catalogue: Catalogue) -> None:
    """Dropping the finding of a rejected value makes the accounting unbalanced, and says where."""
    dropped = next(f for f in intake.findings if f.kind == "value.approximate")
    broken = Intake(
        intake.year,
        intake.entries,
        intake.texts,
        [f for f in intake.findings if f is not dropped],
        intake.submitted,
        intake.rejected,
        intake.identified,
        intake.files,
    )
    books = account(broken, catalogue)
    assert not books.balanced
    assert [(f.file, f.cell, f.kind) for f in unbalanced(books)] == [
        (dropped.file, dropped.cell, "accounting.unbalanced")
    ]


def test_every_finding_has_a_known_kind_a_problem_and_advice(intake: Intake) -> None:
    """Every corpus finding names a registered kind, says the problem and what to do, in Chinese."""
    for f in intake.findings:
        assert f.kind in KINDS, f
        assert f.message, f
        assert f.advice, f
        assert "\n" not in f.line
        assert all(
            label in f.line for label in ("文件", "工作表", "单元格", "原值", "问题", "建议")
        )


def test_finding_kinds_have_distinct_chinese_names() -> None:
    """The 类型 column of 校验报告 names each kind unambiguously."""
    assert len(set(KINDS.values())) == len(KINDS)


def test_corpus_shows_most_finding_kinds(intake: Intake) -> None:
    """The corpus shows every kind one file can cause (a tie or a copy of two files has its own test;
    numbers in texts are checked against the aggregated figures, after validation: test_prose;
    year-on-year kinds compare with last year, after validation: test_unit_trends; a district's package
    at the city is late or returned there: rollup/test_collection)."""
    shown = {f.kind for f in intake.findings}
    assert set(KINDS) - shown == {
        "submission.duplicate_tie",
        "submission.identical",
        "accounting.unbalanced",
        "text.number_mismatch",
        "package.late",
        "package.returned",
        *YEAR_ON_YEAR_KINDS,
    }


@pytest.mark.slow
def test_2022_plus_corpus_still_drafts_and_reports_every_corpus_problem(
    intake: Intake, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The sample year with the whole corpus mixed in yields a draft; 校验报告 lists every corpus problem."""
    mixed = validate(read_folder(INPUTS_2022) + read_folder(FILES), catalogue, YEAR)
    figures = aggregate(mixed, catalogue)
    findings = pipeline.findings_of(mixed, figures, catalogue)
    report = pipeline.write_report(findings, catalogue, tmp_path, mixed)
    draft = pipeline.write_draft(figures, mixed, catalogue, findings, tmp_path).path
    assert draft.is_file()
    book = load_workbook(report)
    rows = list(book["校验结果"].iter_rows(min_row=2, values_only=True))
    listed = {(r[2], r[3] or "", r[4] or "", r[10]) for r in rows}
    for f in intake.findings:
        assert (f.file, f.sheet, f.cell, f.kind_name) in listed, f.line
    formulas = [
        c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    balance = list(book["数据核对"].iter_rows(values_only=True))
    assert balance[-1][0] == "合计"
    assert balance[-1][2] == balance[-1][3] + balance[-1][4] + balance[-1][5]
    assert {row[7] for row in balance[1:]} == {"平衡"}
