"""Fixtures of the review tests: the 2021 report as an office finished it, in three copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.figures.aggregation import Figure, aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.review.pdf import find_soffice

from ...conftest import INPUTS
from .hand_typed import report_words, type_report
from .office_copy import KINDS, YEAR, DocumentKind, OfficeDocuments, office_documents

# The copies as test parameters: the LibreOffice one needs soffice (skipped loudly without it).
OFFICE_KINDS = [
    pytest.param(k, marks=[pytest.mark.soffice, pytest.mark.slow]) if k == "libreoffice" else k
    for k in KINDS
]
# Lines printed at the end of the run (how many figures each copy's reading bound).
SUMMARY: dict[str, str] = {}


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> OfficeDocuments:
    """Return the 2021 draft as an office reviewed it and its finalized, LibreOffice and hand-built copies."""
    return office_documents(tmp_path_factory.mktemp("office"), find_soffice())


@pytest.fixture(scope="session")
def figures(catalogue: Catalogue) -> dict[str, Figure]:
    """Return the 2021 figures (2020 beside them), as adopting the 2021 report reads them."""
    intake = pipeline.gather(INPUTS / str(YEAR), catalogue, YEAR)
    previous = pipeline.previous_values(INPUTS / str(YEAR - 1), catalogue, YEAR - 1)
    return aggregate(intake, catalogue, previous)


@pytest.fixture(scope="session")
def hand_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The words of the finalized 2021 report typed into a blank document, items numbered 1. 2. …"""
    work = tmp_path_factory.mktemp("hand")
    words = report_words(work)
    return type_report(words, work / "手写.docx"), words


@pytest.fixture(params=OFFICE_KINDS)
def office_copy(
    request: pytest.FixtureRequest, office: OfficeDocuments
) -> tuple[DocumentKind, Path]:
    """Return (kind, path) of one finished copy; the LibreOffice one skips or fails without soffice."""
    kind: DocumentKind = request.param
    if kind not in office.paths:
        request.getfixturevalue("soffice")
    return kind, office.paths[kind]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the bound rate of each finished copy measured by the adoption tests."""
    if SUMMARY:
        terminalreporter.section("采用报告：数据数字的识别")
        for line in SUMMARY.values():
            terminalreporter.write_line(line)
