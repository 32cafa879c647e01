"""Shared fixtures: the default profile and builders of small unit workbooks in tmp folders."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from openpyxl import Workbook

from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.review.pdf import find_soffice

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "templates_docx" / "default"
INPUTS = ROOT / "inputs"
HEADER = ["指标编码", "指标名称", "单位", "本年数值", "上年数值", "填报说明"]
Texts = Mapping[str, list[tuple[str, str]]]


def edited_profile(tmp_path: Path, old: str, new: str, file: str = "catalogue.toml") -> Path:
    """Return a copy of the default profile whose `file` has its first `old` replaced by `new`."""
    profile = tmp_path / "p"
    if not profile.exists():  # a second call edits the same copy further
        shutil.copytree(PROFILE, profile)
    path = profile / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return profile


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """Return the default profile's catalogue and roster."""
    return load_catalogue(PROFILE)


def _identity(unit: str, year: int | str) -> list[list[object]]:
    return [["单位名称", unit], ["填报年度", year], []]


@pytest.fixture
def write_workbook(tmp_path: Path, catalogue: Catalogue) -> Callable[..., Path]:
    """Return a builder of one unit's .xlsx in the design layout (values by code, texts by sheet)."""

    def build(
        name: str,
        unit: str,
        values: Mapping[str, object],
        year: int | str = 2021,
        texts: Texts | None = None,
    ) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "指标数据"
        for row in [*_identity(unit, year), HEADER]:
            sheet.append(row)
        for code, value in values.items():
            ind = catalogue.indicators.get(code)
            sheet.append([code, ind.name if ind else "", ind.unit if ind else "", value, None, ""])
        for category, rows in (texts or {}).items():
            ws = book.create_sheet(category)
            ws.append(["报告部分", "内容"])
            for part, text in rows:
                ws.append([part, text])
        path = tmp_path / name
        book.save(path)
        return path

    return build


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Return a builder of one unit's .csv in the design layout, in the given encoding."""

    def build(
        name: str,
        unit: str,
        values: Mapping[str, object],
        encoding: str = "utf-8-sig",
        year: int = 2021,
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerows([*_identity(unit, year), HEADER])
            for code, value in values.items():
                writer.writerow([code, "", "", value, "", ""])
        return path

    return build


T = TypeVar("T")


def present(found: T | None, what: str, variable: str) -> T:
    """Return `found`; when None, skip the test, or fail it when $`variable` is 1 (CI)."""
    if found:
        return found
    if os.environ.get(variable) == "1":
        pytest.fail(f"需要 {what}，但未安装")
    pytest.skip(f"未安装 {what}")


@pytest.fixture(scope="session")
def soffice() -> str:
    """Return the LibreOffice binary; skip (or fail under NIANBAO_REQUIRE_SOFFICE=1) when absent."""
    found = find_soffice()  # the program the product itself would run
    return present(found, "LibreOffice（soffice）", "NIANBAO_REQUIRE_SOFFICE")


@pytest.fixture(scope="session")
def calc(soffice: str) -> str:
    """Return LibreOffice when its Calc component opens workbooks (Debian ships it apart from Writer, in
    libreoffice-calc); skip or fail like `soffice`. Probed by converting a one-cell CSV, as the tests do."""
    from nianbao.core.errors import DocumentError
    from nianbao.review.pdf import convert

    with tempfile.TemporaryDirectory(prefix="nianbao-calc-") as tmp:
        probe = Path(tmp) / "probe.csv"
        probe.write_text("1\n", encoding="utf-8")
        try:
            convert(probe, "ods", soffice=soffice)
            found: str | None = soffice
        except DocumentError:
            found = None
    return present(found, "LibreOffice Calc（libreoffice-calc-nogui）", "NIANBAO_REQUIRE_SOFFICE")


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """Return poppler's pdftotext (reads a PDF's lines as laid out); skip or fail like `soffice`."""
    found = shutil.which("pdftotext")
    return present(found, "pdftotext（poppler-utils）", "NIANBAO_REQUIRE_SOFFICE")


@pytest.fixture(scope="session")
def postgres() -> Path:
    """Return the folder of PostgreSQL's programs; skip (or fail under NIANBAO_REQUIRE_POSTGRES=1) when absent."""
    from nianbao.season.database import postgres_bin

    found = postgres_bin()  # the programs the city server itself would run
    return present(found, "PostgreSQL（Debian 的 postgresql 软件包）", "NIANBAO_REQUIRE_POSTGRES")


@pytest.fixture(scope="session")
def reachable_tmp() -> Iterator[Callable[[], Path]]:
    """Return a maker of temp folders that PostgreSQL's account `postgres` can enter when tests run
    as root (pytest's own tmp_path sits under a folder only root may enter); all removed at the end."""
    made: list[Path] = []

    def make() -> Path:
        folder = Path(tempfile.mkdtemp(prefix="nianbao-test-"))
        folder.chmod(0o711)
        made.append(folder)
        return folder

    yield make
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-golden to rewrite tests/golden/*.txt from the current output."""
    parser.addoption(
        "--update-golden", action="store_true", help="重写 tests/golden 下的金标准文本"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Return whether golden files are to be rewritten (--update-golden or NIANBAO_UPDATE_GOLDEN=1)."""
    wanted = os.environ.get("NIANBAO_UPDATE_GOLDEN") == "1"
    return wanted or bool(request.config.getoption("--update-golden"))


# Programs whose tests skip when absent, listed loudly at the end; their variable turns skips into failures.
LOUD_SKIPS = (
    ("soffice", "LibreOffice", "NIANBAO_REQUIRE_SOFFICE"),
    ("postgres", "PostgreSQL", "NIANBAO_REQUIRE_POSTGRES"),
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List loudly, at the end of the run, every LibreOffice or PostgreSQL test skipped and why."""
    for keyword, program, variable in LOUD_SKIPS:
        skipped = [
            r
            for r in terminalreporter.stats.get("skipped", [])
            if isinstance(r, pytest.TestReport) and keyword in r.keywords
        ]
        if not skipped:
            continue
        terminalreporter.section(
            f"跳过了{len(skipped)}个 {program} 测试", sep="!", red=True, bold=True
        )
        for report in skipped:
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            terminalreporter.write_line(
                f"{report.nodeid}：{reason.removeprefix('Skipped: ')}", red=True
            )
        terminalreporter.write_line(f"设 {variable}=1 时缺少 {program} 会让测试失败而不是跳过")


def draft_year(year: int, out: Path, inputs: Path = INPUTS) -> Path:
    """Run the drafting steps on <inputs>/<year> without Prefect; return the new draft's path."""
    from nianbao import pipeline

    cat = load_catalogue(PROFILE)
    intake = pipeline.gather(inputs / str(year), cat, year)
    previous = pipeline.previous_values(inputs / str(year - 1), cat, year - 1)
    from nianbao.figures.aggregation import aggregate

    figures = aggregate(intake, cat, previous)
    findings = pipeline.findings_of(intake, figures, cat)
    return pipeline.write_draft(figures, intake, cat, findings, out).path


def accept_marks(doc: DocxDocument, styles: tuple[str, ...] = ("NbConfirm", "NbCandidate")) -> int:
    """Accept review marks as a reviewer does in Word (待确认段落 → 正文, 候选内容 cleared); return how many."""
    marks = [
        el
        for el in doc.element.body.iter(qn("w:pStyle"), qn("w:rStyle"))
        if el.get(qn("w:val")) in styles
    ]
    for el in marks:
        el.getparent().remove(el)
    return len(marks)
