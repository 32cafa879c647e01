"""The season's commands beside the draft: `nianbao forms`, `nianbao status` and `nianbao publish`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nianbao.core.paths import run_paths
from nianbao.season.terminal import (
    InputsOpt,
    OutOpt,
    ProfileOpt,
    YearOpt,
    prefill_words,
    status_view,
)

console = Console(highlight=False)


def forms(
    year: YearOpt,
    profile: ProfileOpt = "default",
    out: Annotated[
        Path | None, typer.Option("--out", help="输出文件夹（默认 outputs/年度/forms）")
    ] = None,
) -> None:
    """生成各单位的数据填报表（含上年数值）。

    为名册中每个单位生成本年度数据填报表（.xlsx，含数据有效性和下拉选项）；上年报表中有的数值预填在“上年数值”列。
    示例：nianbao forms --year 2023
    """
    from nianbao.core.paths import profile_dir, project_root
    from nianbao.profile.loading import load_catalogue
    from nianbao.season.forms import previous_unit_values, write_forms

    cat = load_catalogue(profile_dir(profile))
    folder = out or project_root() / "outputs" / str(year) / "forms"
    previous = previous_unit_values(project_root() / "inputs" / str(year - 1), cat, year - 1)
    with console.status("正在生成填报表…"):
        paths = write_forms(cat, year, folder, previous)
    filled = sum(1 for u in cat.units if previous.get(u.id))
    console.print(f"已生成{len(paths)}份填报表；{prefill_words(filled, len(cat.units), year - 1)}")
    console.print(str(folder.resolve()), soft_wrap=True)


def status(
    year: YearOpt,
    inputs: InputsOpt = None,
    profile: ProfileOpt = "default",
    deadline: Annotated[
        datetime | None,
        typer.Option(
            "--deadline",
            formats=["%Y-%m-%d"],
            help="公开截止日期，如 2024-03-31（默认次年3月31日）",
        ),
    ] = None,
    out: OutOpt = None,
) -> None:
    """查看报送情况：谁未提交、谁有错误。

    打印各单位的状态、错误和提醒数、提交时间及合计，并写入 outputs/年度/报送情况.xlsx（含文件名）。
    示例：nianbao status --year 2022
    """
    from nianbao import pipeline
    from nianbao.core.clock import office_now
    from nianbao.profile.loading import load_catalogue
    from nianbao.season.status import (
        STATUS_FILE,
        deadline_phrase,
        default_deadline,
        ordered,
        submission_status,
        unidentified_files,
        write_status,
    )

    paths = run_paths(year, inputs, profile, out, require_inputs=False)
    cat = load_catalogue(paths.profile)
    intake = pipeline.gather(paths.inputs, cat, year)
    rows = ordered(submission_status(intake, cat))
    due = deadline.date() if deadline else default_deadline(cat, year)
    title = f"{year}年度报送情况（{deadline_phrase(due, office_now().date())}）"
    console.print(status_view(rows, title))
    for name in unidentified_files(intake):
        console.print(f"无法识别单位的文件：{name}", markup=False)
    written = write_status(rows, paths.out / STATUS_FILE, unidentified_files(intake))
    console.print(str(written), soft_wrap=True)


def publish(
    year: YearOpt,
    to: Annotated[
        str | None, typer.Option("--to", help="报送位置：文件夹或 fsspec 网址（默认见上）")
    ] = None,
    inputs: InputsOpt = None,
    profile: ProfileOpt = "default",
) -> None:
    from nianbao import pipeline
    from nianbao.core.errors import InputError
    from nianbao.profile.loading import load_catalogue
    from nianbao.season.terminal import NO_TARGET, published_words

    paths = run_paths(year, inputs, profile)
    cat = load_catalogue(paths.profile)
    target = to or pipeline.publish_target(cat)
    if not target:
        raise InputError(NO_TARGET)
    with console.status("正在校验并报送数据包…"):
        done = pipeline.publish(year, paths.inputs, cat, target)
    console.print(published_words(done.district, year, done.revision, done.sha256))
    console.print(target.rstrip("/\\") + "/" + done.ref, soft_wrap=True)
