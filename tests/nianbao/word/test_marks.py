"""Review marks: nothing the machine wrote or the template carried over is published unaccepted."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from nianbao import pipeline
from nianbao.cli import app
from nianbao.core.errors import DocumentError
from nianbao.draft.provenance import COMMENT_AUTHOR
from nianbao.profile.catalogue import Catalogue
from nianbao.review.finalize import finalize_draft
from nianbao.review.pdf import convert
from nianbao.review.refresh import GONE_NOTE
from nianbao.word import anchors

from ...conftest import INPUTS, accept_marks, draft_year

MARKS = {"NbConfirm": "待确认段落", "NbCandidate": "候选内容"}
ZWFW_2021 = "平桥区政务服务和大数据管理局2021年法治政府建设数据报表.xlsx"


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the 2021 draft as rendered: complete data, rule candidates and the fixed paragraphs."""
    return draft_year(2021, tmp_path_factory.mktemp("marks"))


def _reviewed(draft: Path, out: Path, keep: tuple[str, ...] = ()) -> Path:
    """Return a copy of `draft` with every mark accepted except the styles in `keep`."""
    doc = Document(str(draft))
    accept_marks(doc, tuple(s for s in MARKS if s not in keep))
    path = out / f"审阅_{'_'.join(keep) or 'all'}.docx"
    doc.save(str(path))
    return path


def test_rendered_draft_carries_both_marks(draft: Path) -> None:
    """Rule sentences and the template's fixed paragraphs reach the draft marked."""
    xml = zipfile.ZipFile(draft).read("word/document.xml").decode()
    assert xml.count('w:pStyle w:val="NbConfirm"') >= 10
    assert 'w:rStyle w:val="NbCandidate"' in xml


@pytest.mark.parametrize("keep", [("NbConfirm",), ("NbCandidate",), ("NbConfirm", "NbCandidate")])
def test_finalize_refuses_while_a_mark_remains_and_lists_each(
    draft: Path, tmp_path: Path, keep: tuple[str, ...]
) -> None:
    """Each kind of mark left in place stops finalize, named with its paragraph and words."""
    reviewed = _reviewed(draft, tmp_path, keep)
    with pytest.raises(DocumentError) as refused:
        finalize_draft(reviewed, tmp_path / "定稿.docx")
    message = str(refused.value)
    assert "未经审核确认" in message
    for style, name in MARKS.items():
        assert (name in message) == (style in keep)
    assert "第" in message
    assert "段" in message
    assert not (tmp_path / "定稿.docx").exists()


def test_accepting_every_mark_lets_finalize_publish(draft: Path, tmp_path: Path) -> None:
    """Once each mark is removed in Word, finalize writes the copy and reports nothing unreviewed."""
    result = finalize_draft(_reviewed(draft, tmp_path), tmp_path / "定稿.docx")
    assert result.unreviewed == []


def test_office_can_mark_any_paragraph_for_yearly_confirmation(draft: Path, tmp_path: Path) -> None:
    """A paragraph the office gives the 待确认段落 style in Word is held back like the template's own."""
    doc = Document(str(_reviewed(draft, tmp_path)))
    opening = next(p for p in doc.paragraphs if p.text.startswith("2021年，区政府"))
    opening.style = doc.styles["待确认段落"]
    path = tmp_path / "办公室标记.docx"
    doc.save(str(path))
    with pytest.raises(DocumentError, match="待确认段落“2021年，区政府"):
        finalize_draft(path, tmp_path / "定稿.docx")


def test_forced_finalize_says_what_it_published_unreviewed(draft: Path, tmp_path: Path) -> None:
    """--force publishes, lists every unaccepted mark on the terminal and leaves no mark style behind."""
    result = CliRunner().invoke(
        app, ["finalize", str(draft), "--force", "--out", str(tmp_path / "f.docx")]
    )
    assert result.exit_code == 0, result.output
    assert "未经审核确认的内容：第" in result.output
    assert "候选内容" in result.output
    assert "待确认段落" in result.output
    xml = zipfile.ZipFile(tmp_path / "f.docx").read("word/document.xml").decode()
    assert "NbConfirm" not in xml
    assert "NbCandidate" not in xml


def test_marks_survive_a_libreoffice_round_trip(draft: Path, tmp_path: Path, soffice: str) -> None:
    """LibreOffice renames style ids; finalize still finds both marks by their names."""
    saved = convert(draft, "docx", tmp_path, soffice=soffice)
    with pytest.raises(DocumentError) as refused:
        finalize_draft(saved, tmp_path / "定稿.docx")
    assert "待确认段落" in str(refused.value)
    assert "候选内容" in str(refused.value)


def test_a_figure_left_stale_by_refresh_is_marked_until_checked(
    draft: Path, tmp_path: Path, catalogue: Catalogue
) -> None:
    """Data gone on refresh: the old digits get 待核实数字 and a new comment; finalize lists them."""
    inputs = tmp_path / "in"
    for year in ("2020", "2021"):
        shutil.copytree(INPUTS / year, inputs / year)
    (inputs / "2021" / ZWFW_2021).unlink()  # the only reporter of 好差评 withdraws its file
    reviewed = _reviewed(draft, tmp_path)
    result = pipeline.refresh_draft(reviewed, catalogue, 2021, inputs / "2021")
    gone = {c.code for c in result.changes if c.kind == "gone"}
    assert "zwfw.reviews" in gone
    doc = Document(str(result.path))
    control = next(
        sdt
        for sdt in doc.element.body.iter(qn("w:sdt"))
        if anchors.control_key(sdt)[0] == "zwfw.reviews"
    )
    runs = list(control.iter(qn("w:r")))
    assert {r.find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val")) for r in runs} == {"NbStale"}
    comments = [
        anchors.comment_plain_text(c) for c in anchors.comments_by_author(doc, COMMENT_AUTHOR)
    ]
    assert any(t.startswith(GONE_NOTE.strip()) and "zwfw.reviews" in t for t in comments)
    with pytest.raises(DocumentError, match="待核实数字“107147”"):
        finalize_draft(result.path, tmp_path / "定稿.docx")
    checked = Document(str(result.path))
    assert accept_marks(checked, ("NbStale",)) >= len(gone)  # the reviewer has checked each one
    checked.save(str(result.path))
    assert finalize_draft(result.path, tmp_path / "定稿.docx").unreviewed == []
