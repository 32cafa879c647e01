"""The command line: thin skins that print Chinese summaries and end with the path written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from nianbao.cli import app, main
from nianbao.draft import lint

from ..conftest import INPUTS, edited_profile

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_forms_writes_one_workbook_per_roster_unit(tmp_path: Path) -> None:
    """`nianbao forms` writes 30 forms and prints the folder last."""
    result = runner.invoke(app, ["forms", "--year", "2023", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.xlsx"))) == 30
    assert result.output.strip().splitlines()[-1] == str(tmp_path.resolve())


def test_status_names_exactly_the_missing_units(tmp_path: Path) -> None:
    """2022: 查山乡 has not submitted, 区司法局 has an error; the table is also written to xlsx."""
    result = runner.invoke(
        app,
        [
            "status",
            "--year",
            "2022",
            "--inputs",
            str(INPUTS / "2022"),
            "--deadline",
            "2023-03-31",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    missing = [line for line in lines if "未提交" in line and line.startswith("│")]
    assert len(missing) == 1
    assert "查山乡" in missing[0]
    assert any("区司法局" in line and "有错误" in line for line in lines)
    assert lines[-1].endswith("报送情况.xlsx")


def test_status_before_any_submission_lists_everyone_missing(tmp_path: Path) -> None:
    """An empty or absent inputs folder means every unit is 未提交, not an error."""
    result = runner.invoke(
        app,
        ["status", "--year", "2031", "--inputs", str(tmp_path / "none"), "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "共30个单位：未提交30个" in result.output
    assert (
        sum(line.startswith("│") and "未提交" in line for line in result.output.splitlines()) == 30
    )


def test_unknown_profile_is_one_chinese_line(tmp_path: Path) -> None:
    """A wrong --profile gives a NianbaoError, shown by main() as one line (here: the exception type)."""
    result = runner.invoke(
        app, ["forms", "--year", "2023", "--profile", "nosuch", "--out", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "找不到配置" in str(result.exception)


def test_a_broken_catalogue_stops_draft_with_one_chinese_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """All problems in one line, table names printed as typed (not as markup), no traceback, no run."""
    profile = edited_profile(
        tmp_path, 'unit = "万元"\nkind = "amount"', 'unit = "元"\nkind = "amount"'
    )
    out = tmp_path / "out"
    argv = ["nianbao", "draft", "--year", "2021", "--profile", str(profile), "--out", str(out)]
    monkeypatch.setattr("sys.argv", argv)
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：配置文件夹")
    assert "catalogue.toml [[indicator]] xy.credit_loans 的 unit：" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_lint_of_shipped_template_is_clean() -> None:
    """`nianbao lint` on the default template reports no errors and exits 0."""
    result = runner.invoke(app, ["lint"])
    assert result.exit_code == 0, result.output
    assert "错误0处" in result.output


def test_lint_of_broken_template_exits_1(tmp_path: Path) -> None:
    """A template with an unknown indicator code makes `nianbao lint` exit 1 with the location."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("全区{{r 'zwfw.no_such'|fig }}。")
    doc.save(str(tmp_path / "t.docx"))
    result = runner.invoke(app, ["lint", str(tmp_path / "t.docx")])
    assert result.exit_code == 1
    assert "zwfw.no_such" in result.output
    assert "第1段" in result.output


def test_finalize_refuses_placeholders_then_forces(tmp_path: Path) -> None:
    """A 2022 draft with 【待补充】 is refused; with --force the publication copy is written."""
    from ..conftest import draft_year

    draft = draft_year(2022, tmp_path)
    refused = runner.invoke(app, ["finalize", str(draft)])
    assert refused.exit_code != 0
    assert "待补充" in str(refused.exception)
    forced = runner.invoke(app, ["finalize", str(draft), "--force"])
    assert forced.exit_code == 0, forced.output
    assert Path(forced.output.strip().splitlines()[-1]).exists()


def test_refresh_writes_a_new_file_and_lists_changes(tmp_path: Path) -> None:
    """`nianbao refresh` on an unchanged draft updates nothing, keeps the original and prints the new path last."""
    from ..conftest import draft_year

    draft = draft_year(2021, tmp_path)
    result = runner.invoke(
        app, ["refresh", str(draft), "--year", "2021", "--inputs", str(INPUTS / "2021")]
    )
    assert result.exit_code == 0, result.output
    assert "没有需要更新的数字" in result.output
    new = Path(result.output.strip().splitlines()[-1])
    assert new.exists()
    assert new != draft
    assert draft.exists()


@pytest.mark.parametrize(
    ("year", "said"),
    [
        (2022, "上年数值已按2021年报表预填"),
        (2023, "29个单位已按2022年报表预填上年数值，1个单位上年无报表，未预填"),
        (2021, "4个单位已按2020年报表预填上年数值，26个单位上年无报表，未预填"),
        (2030, "未找到2029年报表，上年数值未预填"),
    ],
    ids=["all-units", "one-unit-missing", "few-units", "no-last-year"],
)
def test_forms_says_truthfully_which_forms_carry_last_year(
    tmp_path: Path, year: int, said: str
) -> None:
    """A unit with no submission last year is not said to have its 上年数值 prefilled."""
    result = runner.invoke(app, ["forms", "--year", str(year), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"已生成30份填报表；{said}"


@pytest.mark.parametrize(
    "command",
    [[], ["status"], ["draft"], ["refresh"], ["finalize"], ["lint"], ["publish"], ["adopt"]],
)
def test_help_reads_well_at_80_columns(monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """Every command's line shows whole (no “…”), --help is described in Chinese, nothing is cut."""
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    assert "显示本帮助并退出" in result.output
    assert "Show this message" not in result.output
    assert max(cell_len(line) for line in result.output.splitlines()) <= 80
    if not command:
        for name in ("forms", "status", "draft", "refresh", "finalize", "lint", "publish", "adopt"):
            assert re.search(rf"│ {name} +\S.*。", result.output), name


def test_status_fits_80_columns_with_totals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns each unit is one line (no wrapped rows), with a totals row and a count line."""
    monkeypatch.setenv("COLUMNS", "80")
    args = ["status", "--year", "2022", "--inputs", str(INPUTS / "2022"), "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(cell_len(line) for line in lines[:-1]) <= 80
    rows = [line for line in lines if line.startswith("│")]
    assert len(rows) == 30 + 1  # one line per roster unit, then 合计
    assert re.match(r"│ 合计 +│ +│ 1 +│ 0 +│", rows[-1])
    assert "共30个单位：未提交1个，有错误1个，已提交28个" in result.output


def test_finalize_with_pdf_prints_the_pdf_last(tmp_path: Path, soffice: str) -> None:
    """The last line of every command is the file it wrote last: for --pdf, the PDF."""
    from ..conftest import draft_year

    draft = draft_year(2022, tmp_path)
    result = runner.invoke(app, ["finalize", str(draft), "--force", "--pdf"])
    assert result.exit_code == 0, result.output
    *_, docx, pdf = result.output.strip().splitlines()
    assert (Path(docx).suffix, Path(pdf).suffix) == (".docx", ".pdf")
    assert Path(pdf).exists()


def test_fault_of_the_program_is_one_chinese_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exception that is no NianbaoError is a bug: one Chinese line naming it, exit code 2."""

    def broken(*_: object) -> None:
        raise RuntimeError("模板检查出了意外\n第二行")

    monkeypatch.setattr(lint, "lint_template", broken)
    monkeypatch.setattr(sys, "argv", ["nianbao", "lint"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("程序内部错误：RuntimeError：模板检查出了意外 第二行。")
    assert "未受影响" in lines[0]
    assert "Traceback" not in lines[0]


def test_status_shows_file_names_with_brackets_as_they_are(tmp_path: Path) -> None:
    """A file named like console markup ([final], or a[/b].csv: file b].csv in folder a[) is
    printed as named, neither styled away nor refused."""
    inputs = tmp_path / "2031"
    (inputs / "a[").mkdir(parents=True)
    for name in ("报表[final].csv", "a[/b].csv"):
        (inputs / name).write_text("单位名称,不在名册的单位\n", encoding="utf-8")
    result = runner.invoke(
        app, ["status", "--year", "2031", "--inputs", str(inputs), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "无法识别单位的文件：a[/b].csv" in result.output
    assert "无法识别单位的文件：报表[final].csv" in result.output


def test_adopt_writes_a_new_profile_and_prints_its_folder_last(tmp_path: Path) -> None:
    """`nianbao adopt` prints the counts per class, the template's check, and the new folder last;
    a second run to the same folder is refused in one line and changes nothing."""
    from docx import Document

    from ..conftest import accept_marks, draft_year

    doc = Document(str(draft_year(2021, tmp_path / "draft")))
    accept_marks(doc)
    doc.save(str(tmp_path / "审阅稿.docx"))
    folder = tmp_path / "平桥区2022"
    args = ["adopt", str(tmp_path / "审阅稿.docx"), "--year", "2021", "--profile", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert re.match(
        r"数字：绑定指标\d+处，同比变化\d+处，年份\d+处，无法确定\d+处，保留原文\d+处", lines[0]
    )
    assert "模板检查：错误0处" in result.output
    assert lines[-1] == str(folder)
    made = sorted(p.name for p in folder.iterdir())
    assert made == ["catalogue.toml", "report.docx", "roster.toml", "采用报告.xlsx"]
    before = (folder / "report.docx").read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code != 0
    assert "已存在" in str(again.exception)
    assert (folder / "report.docx").read_bytes() == before
