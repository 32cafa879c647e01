"""Adopting a finished 2021 report as a profile: the round trip is the test.

Drafting 2021 from the adopted template and finalizing it gives the report's own text back; drafting
2022 from it gives the 2022 figures in the report's wording; the template lints clean.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from nianbao import pipeline
from nianbao.core.errors import DocumentError, InputError
from nianbao.draft.provenance import places_of, read_sidecar, sidecar_path
from nianbao.figures.aggregation import aggregate
from nianbao.profile.loading import load_catalogue
from nianbao.review.adopted_profile import Adopted, check_request
from nianbao.review.adoption_book import KIND_NAMES
from nianbao.review.finalize import finalize_draft
from nianbao.review.pdf import convert
from nianbao.word.document import iter_paragraphs

from ...conftest import INPUTS, PROFILE, accept_marks, draft_year

YEAR = 2021


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("adopt")


@pytest.fixture(scope="module")
def draft(work: Path) -> Path:
    return draft_year(YEAR, work / "draft")


@pytest.fixture(scope="module")
def reviewed(draft: Path, work: Path) -> Path:
    """The draft as a reviewer leaves it: every marked paragraph and sentence accepted."""
    doc = Document(str(draft))
    assert accept_marks(doc)
    path = work / "审阅稿.docx"
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def finalized(reviewed: Path, work: Path) -> Path:
    return finalize_draft(reviewed, work / "定稿.docx").path


def adopt_2021(report: Path, folder: Path) -> Adopted:
    cat = load_catalogue(PROFILE)
    return pipeline.adopt_report(report, YEAR, INPUTS / str(YEAR), cat, folder)


def redraft(profile: Path, year: int, out: Path) -> list[str]:
    """Draft `year` from `profile`, finalize it (placeholders kept) and return its paragraph texts."""
    cat = load_catalogue(profile)
    intake = pipeline.gather(INPUTS / str(year), cat, year)
    previous = pipeline.previous_values(INPUTS / str(year - 1), cat, year - 1)
    figures = aggregate(intake, cat, previous)
    findings = pipeline.findings_of(intake, figures, cat)
    drafted = pipeline.write_draft(figures, intake, cat, findings, out).path
    final = finalize_draft(drafted, out / "定稿.docx", force=True).path
    return [text for _, text in iter_paragraphs(final)]


def published(path: Path, out: Path) -> list[str]:
    return [text for _, text in iter_paragraphs(finalize_draft(path, out, force=True).path)]


@pytest.fixture(scope="module")
def adopted(reviewed: Path, finalized: Path, work: Path) -> dict[str, tuple[Path, Adopted]]:
    """The reviewed copy and the finalized copy, each adopted into a profile of its own."""
    return {
        name: (source, adopt_2021(source, work / f"profile-{name}"))
        for name, source in (("reviewed", reviewed), ("finalized", finalized))
    }


@pytest.fixture(scope="module")
def default_2022(work: Path) -> list[str]:
    return redraft(PROFILE, 2022, work / "default-2022")


@pytest.mark.parametrize("name", ["reviewed", "finalized"])
def test_redrafting_the_adopted_year_gives_the_report_back(
    name: str, adopted: dict[str, tuple[Path, Adopted]], work: Path
) -> None:
    source, result = adopted[name]
    again = redraft(result.folder, YEAR, work / f"again-{name}")
    assert again == published(source, work / f"source-{name}.docx")


_CHANGE = re.compile(r"，(同比(增长|下降)[0-9.]+%|(提高|下降)[0-9.]+个百分点|与上年持平)")


def test_next_year_from_the_reviewed_copy_reads_as_a_fresh_draft(
    adopted: dict[str, tuple[Path, Adopted]], default_2022: list[str], work: Path
) -> None:
    """The reviewed copy kept the generic wording: its 2022 draft is the default template's 2022
    draft, but for a change the 2021 draft could not print (no 2020 figure): nothing marks its place."""
    _, result = adopted["reviewed"]
    mine = redraft(result.folder, 2022, work / "next-reviewed")
    assert len(mine) == len(default_2022)
    differing = [(a, b) for a, b in zip(mine, default_2022, strict=True) if a != b]
    assert len(differing) <= 1
    assert all(_CHANGE.sub("", fresh) == now for now, fresh in differing)


def test_next_year_from_the_finalized_copy_differs_only_at_numbers_left_as_written(
    adopted: dict[str, tuple[Path, Adopted]], default_2022: list[str], work: Path
) -> None:
    """Without controls a few figures stay ambiguous: only their paragraphs keep the 2021 number."""
    _, result = adopted["finalized"]
    mine = redraft(result.folder, 2022, work / "next-finalized")
    assert len(mine) == len(default_2022)
    kept = {w.record.text for w in result.template.written if w.record.kind == "ambiguous"}
    for now, fresh in zip(mine, default_2022, strict=True):
        if now != fresh and _CHANGE.sub("", fresh) != now:
            assert any(number in now for number in kept), (now, fresh)
    assert sum(a != b for a, b in zip(mine, default_2022, strict=True)) <= len(kept) + 1
    assert "2022年法治政府建设主要做法和成效" in "".join(mine)


@pytest.mark.parametrize("name", ["reviewed", "finalized"])
def test_the_adopted_template_lints_without_errors(
    name: str, adopted: dict[str, tuple[Path, Adopted]]
) -> None:
    _, result = adopted[name]
    assert result.lint_errors == 0, [str(p) for p in result.problems]


def test_every_figure_the_draft_printed_is_bound_by_its_control(
    draft: Path, adopted: dict[str, tuple[Path, Adopted]]
) -> None:
    sidecar = read_sidecar(sidecar_path(draft))
    assert sidecar is not None
    printed = {place.code for place in places_of(sidecar)}
    _, result = adopted["reviewed"]
    tagged = {
        w.record.codes[0]
        for w in result.template.written
        if w.record.kind == "bound" and w.template.startswith("{{r ")
    }
    assert len(printed) > 90
    assert printed <= tagged


def test_the_finalized_copy_binds_or_lists_every_printed_figure(
    draft: Path, adopted: dict[str, tuple[Path, Adopted]]
) -> None:
    """No control tells the code: each printed figure is bound, or ambiguous with it a candidate."""
    sidecar = read_sidecar(sidecar_path(draft))
    assert sidecar is not None
    _, result = adopted["finalized"]
    seen = {
        code
        for w in result.template.written
        if w.record.kind in ("bound", "ambiguous")
        for code in w.record.codes
    }
    assert {place.code for place in places_of(sidecar)} <= seen


def test_adoption_book_lists_every_number_and_every_part(
    adopted: dict[str, tuple[Path, Adopted]],
) -> None:
    _, result = adopted["finalized"]
    book = load_workbook(result.book)
    rows = list(book["数字"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.template.written)
    assert {row[3] for row in rows} <= set(KIND_NAMES.values())
    assert {"绑定指标", "同比变化", "年份", "保留原文"} <= {row[3] for row in rows}
    assert all(row[6] for row in rows)  # every number says why
    parts = list(book["结构"].iter_rows(min_row=2, values_only=True))
    assert sum(1 for row in parts if row[2]) == len(result.template.parts) == 13


def test_an_existing_profile_is_never_overwritten(reviewed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "平桥区2022"
    folder.mkdir()
    (folder / "report.docx").write_bytes(b"office's own")
    with pytest.raises(InputError, match="已存在"):
        adopt_2021(reviewed, folder)
    assert (folder / "report.docx").read_bytes() == b"office's own"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [("报告.pdf", b"%PDF-1.4", "不支持"), ("没有.docx", None, "找不到报告")],
)
def test_a_report_that_cannot_be_read_is_refused_before_any_work(
    tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    report = tmp_path / name
    if content is not None:
        report.write_bytes(content)
    with pytest.raises(InputError, match=words):
        check_request(report, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_a_broken_report_leaves_no_half_made_profile(tmp_path: Path) -> None:
    report = tmp_path / "坏的.docx"
    report.write_bytes(b"PK\x03\x04 not really a package")
    with pytest.raises(DocumentError, match="无法打开报告"):
        adopt_2021(report, tmp_path / "new")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("fmt", ["docx", "doc"])
def test_a_copy_saved_by_libreoffice_gives_the_report_back(
    fmt: str, soffice: str, reviewed: Path, work: Path, tmp_path: Path
) -> None:
    """LibreOffice renames styles and keeps only the controls' aliases; a .doc is converted first."""
    saved = convert(reviewed, fmt, tmp_path, soffice=soffice)
    result = adopt_2021(saved, tmp_path / "profile")
    bound = sum(w.record.kind == "bound" for w in result.template.written)
    assert bound >= 100
    again = redraft(result.folder, YEAR, tmp_path / "again")
    assert again == published(reviewed, tmp_path / "source.docx")
