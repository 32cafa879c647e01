"""Golden test: the 2021 draft rendered from inputs/2021 holds the reference report's figures in place."""

from __future__ import annotations

import itertools
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from nianbao.review.pdf import convert
from nianbao.word.document import iter_paragraphs

from ...conftest import ROOT, draft_year

REFERENCE = tomllib.loads(
    (ROOT / "tests" / "data" / "reference_figures_2021.toml").read_text(encoding="utf-8")
)
GOLDEN = ROOT / "tests" / "golden" / "draft_2021.txt"
CHINESE_NUMERALS = "一二三四五六七八九十"


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the 2021 draft, rendered once for this module."""
    return draft_year(2021, tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def paragraphs(draft: Path) -> list[tuple[str, str]]:
    """Return (style, text) of the draft's paragraphs."""
    return list(iter_paragraphs(draft))


def _areas(paragraphs: list[tuple[str, str]]) -> list[str]:
    """Return the text of each （n） area of part 一, in order."""
    areas: list[list[str]] = []
    h1_seen = 0
    for style, text in paragraphs:
        if style == "Heading1":
            h1_seen += 1
        elif style == "Heading2" and h1_seen == 1:
            areas.append([])
        if areas and h1_seen == 1:
            areas[-1].append(text)
    return ["\n".join(a) for a in areas]


def _count(figure: str, text: str) -> int:
    return len(re.findall(rf"(?<![\d.]){re.escape(figure)}", text))


@pytest.mark.parametrize("area", REFERENCE["area"], ids=lambda a: a["name"])
def test_reference_figures_appear_in_their_area(
    paragraphs: list[tuple[str, str]], area: dict[str, object]
) -> None:
    """Every figure of the reference report is printed, with its unit word, in the right area."""
    text = _areas(paragraphs)[int(str(area["n"])) - 1]
    figures = list(area["figures"])  # type: ignore[call-overload]
    short = {
        f: figures.count(f) - _count(f, text) for f in figures if _count(f, text) < figures.count(f)
    }
    assert short == {}, f"area {area['n']} lacks {short}"


def test_eight_areas_numbered_without_gaps(paragraphs: list[tuple[str, str]]) -> None:
    """Part 一 has （一）…（八）; the three parts are 一、二、三; items restart at 1 in each area."""
    h1 = [t[:2] for s, t in paragraphs if s == "Heading1"]
    assert h1 == ["一、", "二、", "三、"]
    h2 = [t[: t.index("）") + 1] for s, t in paragraphs if s == "Heading2"]
    assert h2 == [f"（{n}）" for n in CHINESE_NUMERALS[:8]]
    for area in _areas(paragraphs):
        items = [int(m) for m in re.findall(r"^(\d+)、", area, flags=re.MULTILINE)]
        assert items == list(range(1, len(items) + 1))
        assert items


def test_complete_inputs_leave_nothing_to_complete(paragraphs: list[tuple[str, str]]) -> None:
    """With every unit's workbook valid, no placeholder or data-gap note is printed."""
    text = "\n".join(t for _, t in paragraphs)
    assert "待补充" not in text
    assert "数据不全" not in text


def match_golden(text: str, golden: Path, update: bool) -> None:
    """Assert `text` equals the golden file; write it only when asked, never because it is missing."""
    if update:
        golden.write_text(text, encoding="utf-8")
    elif not golden.is_file():
        pytest.fail(
            f"golden file {golden} is missing: check the output, then write it deliberately with "
            "`pytest --update-golden` or NIANBAO_UPDATE_GOLDEN=1"
        )
    assert text == golden.read_text(encoding="utf-8")


def test_draft_text_matches_golden(paragraphs: list[tuple[str, str]], update_golden: bool) -> None:
    """The extracted text equals tests/golden/draft_2021.txt (regenerate with --update-golden)."""
    text = "\n".join(f"[{style}] {t}" for style, t in paragraphs) + "\n"
    match_golden(text, GOLDEN, update_golden)


@pytest.mark.parametrize(
    ("stored", "update", "outcome"),
    [
        pytest.param(None, False, "missing", id="missing-fails-and-writes-nothing"),
        pytest.param("[Title] 旧稿\n", False, "differs", id="different-text-fails"),
        pytest.param("[Title] 新稿\n", False, "equal", id="same-text-passes"),
        pytest.param(None, True, "equal", id="update-writes-it"),
        pytest.param("[Title] 旧稿\n", True, "equal", id="update-rewrites-it"),
    ],
)
def test_golden_files_are_written_only_on_request(
    tmp_path: Path, stored: str | None, update: bool, outcome: str
) -> None:
    """A missing golden file is a failure that says how to regenerate it, not a silent pass."""
    golden = tmp_path / "golden.txt"
    if stored is not None:
        golden.write_text(stored, encoding="utf-8")
    text = "[Title] 新稿\n"
    if outcome == "missing":
        with pytest.raises(
            pytest.fail.Exception, match=r"--update-golden.*NIANBAO_UPDATE_GOLDEN=1"
        ):
            match_golden(text, golden, update)
        assert not golden.exists()
    elif outcome == "differs":
        with pytest.raises(AssertionError):
            match_golden(text, golden, update)
        assert golden.read_text(encoding="utf-8") == stored
    else:
        match_golden(text, golden, update)
        assert golden.read_text(encoding="utf-8") == text


@pytest.mark.soffice
@pytest.mark.slow
def test_libreoffice_opens_the_draft_with_chinese_fonts_and_whole_numbers(
    draft: Path, soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """LibreOffice converts the draft to PDF with CJK fonts, and no line ends inside a number.

    With the Western language slot set to Chinese, LibreOffice broke lines inside figures
    (“全年调处各类矛盾纠纷 612 / 8 起”, “好评率为 99.98 / %”); the template marks Western text en-US.
    """
    pdf = convert(draft, "pdf", tmp_path, soffice=soffice)
    assert pdf.exists()
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf.read_bytes()))
    assert any(b"CJK" in f or b"Song" in f or b"Hei" in f or b"Kai" in f for f in fonts), fonts
    text = tmp_path / "layout.txt"
    subprocess.run([pdftotext, "-layout", str(pdf), str(text)], check=True, timeout=60)
    assert split_numbers(text.read_text(encoding="utf-8")) == []


def split_numbers(layout: str) -> list[str]:
    """Return the line ends of body text that cut a number (a digit, then a digit or % below)."""
    lines = [line.strip() for line in layout.splitlines()]
    return [
        f"{above[-12:]} / {below[:12]}"
        for above, below in itertools.pairwise(lines)
        if len(above) >= 10
        and re.search(r"[\u4e00-\u9fff]", above)
        and re.search(r"[0-9.]$", above)
        and re.match(r"[0-9.%]", below)
    ]


@pytest.mark.parametrize(
    ("layout", "cut"),
    [
        ("全年调处各类矛盾纠纷 612\n8 起，调处成功率", ["调处各类矛盾纠纷 612 / 8 起，调处成功率"]),
        ("满意率为 92.47%，好评率为 99.98\n%。全面推行", ["%，好评率为 99.98 / %。全面推行"]),
        ("全年调处各类矛盾纠纷 6128\n起，调处成功率", []),
        ("0\n10    市级民主法治示范村", []),
    ],
    ids=["digits", "percent", "whole", "table-cell"],
)
def test_split_numbers_finds_a_number_cut_at_a_line_end(layout: str, cut: list[str]) -> None:
    """The check itself: a cut number is found; a whole number or an annex table cell is not."""
    assert split_numbers(layout) == cut
