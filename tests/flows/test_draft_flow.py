"""The draft flow end to end under Prefect: a new draft per run, 校验报告 and a summary artifact."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from nianbao.core.clock import office_now
from nianbao.draft.gaps import INCOMPLETE, PLACES
from nianbao.season.digest import outcome
from nianbao.word.document import iter_paragraphs

from ..conftest import INPUTS, ROOT
from .conftest import SJF_D10, findings_rows, read_run, run_log

pytestmark = pytest.mark.slow


def nianbao(
    args: list[str], tmp_path: Path, home: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `python -m nianbao args` as a user would, with its own HOME and PREFECT_HOME."""
    return subprocess.run(
        [sys.executable, "-m", "nianbao", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(home or tmp_path),
            "PREFECT_HOME": str(tmp_path / "ph"),
        },
    )


def test_flow_drafts_2022_with_gaps_and_publishes_a_summary(
    prefect_backend: None, out_dir: Path
) -> None:
    """2022 has one town missing and one invalid cell: the draft is written and the summary says so."""
    from prefect.artifacts import Artifact

    from flows.draft import draft_annual_report

    state = draft_annual_report(
        2022, str(INPUTS / "2022"), "default", str(out_dir), return_state=True
    )
    summary = state.result()
    assert summary.draft.exists()
    assert summary.draft.name.startswith("关于2022年度法治政府建设工作的报告_草稿_")
    assert (out_dir / "校验报告.xlsx").exists()
    assert summary.missing == ["查山乡"]
    assert summary.errors == 1
    artifact = Artifact.get("draft-2022")
    assert artifact is not None
    assert "查山乡" in str(artifact.data)
    assert f"- {PLACES}：1处\n- {INCOMPLETE}：20个\n" in str(artifact.data)
    assert (state.name, state.message) == ("Completed", outcome(summary))
    assert outcome(summary).startswith(f"已生成新草稿 {summary.draft.name}：错误1处")
    run = read_run(state)
    assert run.name.startswith(f"草稿-2022-{office_now():%m%d}-")
    messages = run_log(run)
    for step in (
        "已读取配置“default”：指标103个",
        "已读取2022年度报表文件",
        "已汇总指标103个：完整",
    ):
        assert any(m.startswith(step) for m in messages), messages
    assert f"{run.name}：{outcome(summary)}" in messages  # the line the serve terminal prints
    assert findings_rows("findings-2022") == [SJF_D10]


def test_each_run_writes_a_new_file(prefect_backend: None, out_dir: Path) -> None:
    """Running twice keeps the first draft and adds a second one."""
    from flows.draft import draft_annual_report

    first = draft_annual_report(2021, str(INPUTS / "2021"), "default", str(out_dir)).draft
    second = draft_annual_report(2021, str(INPUTS / "2021"), "default", str(out_dir)).draft
    assert first != second
    assert first.exists()
    assert second.exists()


def test_flow_publishes_the_package_last_when_a_location_is_set(
    prefect_backend: None, out_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With NIANBAO_PUBLISH_TO the draft run ends by publishing the district's next revision."""
    from flows.draft import draft_annual_report

    monkeypatch.setenv("NIANBAO_PUBLISH_TO", str(tmp_path / "share"))
    state = draft_annual_report(
        2022, str(INPUTS / "2022"), "default", str(out_dir), return_state=True
    )
    manifest = json.loads((tmp_path / "share/2022/平桥区/1/manifest.json").read_text("utf-8"))
    assert manifest["revision"] == 1
    assert any(m.startswith("平桥区2022年度数据包已报送：第1版") for m in run_log(read_run(state)))


def test_cli_draft_prints_the_path_last(tmp_path: Path) -> None:
    """`nianbao draft` (embedded Prefect) ends its output with the path of the written draft."""
    env_home = tmp_path / "home"
    run = nianbao(["draft", "--year", "2022", "--out", str(tmp_path / "o")], tmp_path, env_home)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert last.endswith(".docx")
    assert Path(last).exists()
    assert not env_home.exists(), "a run must leave nothing in the user's home"
    assert "Error" not in run.stderr
    lines = run.stdout.splitlines()
    assert f"{PLACES}：…为区政府提供法律服务【待补充：政府法律顾问提供法律服务次数】" in lines
    assert (
        "草稿-2022-" not in run.stdout
    )  # the run line is the serve terminal's; the CLI has its table


def test_cli_draft_with_a_crashing_header_and_other_files_writes_the_draft_and_names_them(
    tmp_path: Path,
) -> None:
    """inputs/2022 plus a free-text sheet headed 编码 | 报告部分 | 内容 (once a KeyError that
    stopped the run), a PDF and a WPS .et: the draft is written and 校验报告 names every file."""
    inputs = tmp_path / "inputs"
    for year in ("2021", "2022"):
        shutil.copytree(INPUTS / year, inputs / year)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "亮点做法"
    for row in (
        ["单位名称", "查山乡"],  # no 填报年度: taken as 2022, with a warning naming the file
        ["编码", "报告部分", "内容"],
        ["1", "依法全面履行政府职能", "推行乡镇权责清单。"],
    ):
        ws.append(row)
    added = ["查山乡_x000D_文字材料.xlsx", "盖章件.pdf", "报表.et"]
    book.save(inputs / "2022" / added[0])
    (inputs / "2022" / added[1]).write_bytes(b"%PDF-1.7\n%%EOF\n")
    (inputs / "2022" / added[2]).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    out = tmp_path / "o"
    run = nianbao(
        ["draft", "--year", "2022", "--inputs", str(inputs / "2022"), "--out", str(out)], tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    draft = Path(run.stdout.strip().splitlines()[-1])
    assert any("推行乡镇权责清单" in text for _, text in iter_paragraphs(draft))
    rows = CalamineWorkbook.from_path(str(out / "校验报告.xlsx")).get_sheet_by_name("校验结果")
    named = {(row[2], row[10]) for row in rows.to_python()[1:]}
    assert {
        (added[0], "缺少填报年度"),
        (added[1], "不是报表文件"),
        (added[2], "不支持的文件格式"),
    } <= named


def test_cli_reports_bad_year_folder_in_one_chinese_line(tmp_path: Path) -> None:
    """A missing inputs folder is one line of Chinese on stderr and exit code 1, no traceback."""
    run = nianbao(["draft", "--year", "1999", "--out", str(tmp_path)], tmp_path, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"错误：找不到报表文件夹：{ROOT / 'inputs' / '1999'}"
    ]


def test_scheduled_run_without_changes_writes_no_new_draft(
    prefect_backend: None, tmp_path: Path
) -> None:
    """skip_unchanged: the second run records 未发生变化 and points at the first draft."""
    import shutil

    from prefect.artifacts import Artifact

    from flows.draft import draft_annual_report

    inputs, out = tmp_path / "inputs" / "2021", tmp_path / "out"
    shutil.copytree(INPUTS / "2021", inputs)
    first = draft_annual_report(2021, str(inputs), "default", str(out), skip_unchanged=True)
    state = draft_annual_report(
        2021, str(inputs), "default", str(out), skip_unchanged=True, return_state=True
    )
    second = state.result()
    assert (first.unchanged, second.unchanged) == (False, True)
    assert (state.name, state.type.value) == ("未变化", "COMPLETED")  # visibly different in the UI
    # no 2020 folder beside the copy: the one growth rate the template prints is 【待补充】, and
    # three units' rows jump against the 上年数值 typed on their own forms (提醒)
    assert state.message == f"未发生变化，未生成新草稿，沿用 {first.draft.name}：" + (
        f"错误0处，提醒3处；{PLACES}1处，{INCOMPLETE}0个"
    )
    assert second.placeholders == first.placeholders != ()
    assert second.draft == first.draft
    assert second.missing == first.missing
    assert sorted(p.name for p in out.glob("*.docx")) == [first.draft.name]
    assert (out / f"{first.draft.stem}.manifest.json").is_file()
    log = (out / "草稿运行记录.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["outcome"] for line in log] == ["drafted", "unchanged"]
    artifact = Artifact.get("draft-2021")
    assert artifact is not None
    assert "未发生变化，未生成新草稿" in str(artifact.data)
    (inputs / "邢集镇.xlsx").unlink()  # a unit withdraws its workbook: the inputs changed
    third = draft_annual_report(2021, str(inputs), "default", str(out), skip_unchanged=True)
    assert not third.unchanged
    assert third.draft != first.draft
    assert "邢集镇" in third.missing
