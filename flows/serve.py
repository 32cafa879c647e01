"""The one place deployments are declared: the district's status and draft flows on season weekday
mornings (serve), and the city's flows on the process work pool of the city server."""

from __future__ import annotations

from typing import Any

import httpx
from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, RRule, Schedule
from prefect.settings import get_current_settings
from prefect.types.entrypoint import EntrypointType

from flows.city import CITY_PROFILE, collect_packages, draft_city_report
from flows.connection import Reconnecting
from flows.draft import draft_annual_report
from flows.status import submission_status_flow
from nianbao.core.clock import TIMEZONE, office_now
from nianbao.core.paths import profile_dir
from nianbao.profile.loading import load_catalogue
from nianbao.season.cityserver import POOL
from nianbao.season.schedule import (
    COLLECT_SLOT,
    DRAFT_SLOT,
    STATUS_SLOT,
    Slot,
    day_after_cron,
    first_unknown_season,
    season_rrule,
)

STATUS_DEPLOYMENT = "season-status"
DRAFT_DEPLOYMENT = "season-draft"
COLLECT_DEPLOYMENT = "collect"
CITY_DRAFT_DEPLOYMENT = "draft-city"
TAGS = ["nianbao"]


def season_schedules(slot: Slot) -> list[Schedule]:
    """Return the Prefect schedule of `slot`: the season's working days from this year on, Beijing time."""
    rule = season_rrule(slot, office_now().year)
    return [RRule(rule, timezone=TIMEZONE, slug=f"{slot.name}-season")]


def calendar_note() -> str:
    """Return the deployments' words on the calendar, naming the first year run Monday–Friday."""
    year = first_unknown_season()
    return (
        f"工作日按国务院公布的节假日安排（含调休上班日）；{year}年起的安排本机尚未收录，暂按周一至周五运行，"
        "升级 chinesecalendar 后重新运行 make serve 即按新安排。"
    )


def deployments() -> list[RunnerDeployment]:
    """Return the status and draft deployments (no API call); year None means last year at run time."""
    return [
        _deployment(
            submission_status_flow,
            STATUS_DEPLOYMENT,
            "报送季（1月2日至3月31日）每个工作日8:30：统计报送情况，生成报送情况.xlsx。"
            + calendar_note(),
            schedules=season_schedules(STATUS_SLOT),
            parameters={"year": None, "deadline": None},
        ),
        _deployment(
            draft_annual_report,
            DRAFT_DEPLOYMENT,
            "报送季每个工作日9:00：报表有变化时生成新草稿，无变化时只作记录。" + calendar_note(),
            schedules=season_schedules(DRAFT_SLOT),
            parameters={"year": None, "skip_unchanged": True},
        ),
    ]


def city_deployments(location: str) -> list[RunnerDeployment]:
    """Return the city's deployments on the pool `POOL` (no API call), reading packages at `location`.

    `collect` runs at 8:00 on season working days; `draft-city` the morning after the districts'
    deadline (the city profile's form_deadline) and on demand, one run at a time.
    """
    cat = load_catalogue(profile_dir(CITY_PROFILE))
    deadline = Cron(
        day_after_cron(cat.profile.form_deadline, DRAFT_SLOT), TIMEZONE, slug="deadline"
    )
    params = {"location": location, "year": None}
    return [
        _deployment(
            collect_packages,
            COLLECT_DEPLOYMENT,
            "报送季每个工作日8:00：核对各县区数据包（校验码、格式），记录报送情况，"
            "生成报送情况.xlsx。" + calendar_note(),
            schedules=season_schedules(COLLECT_SLOT),
            parameters=params,
            work_pool_name=POOL,
        ),
        _deployment(
            draft_city_report,
            CITY_DRAFT_DEPLOYMENT,
            f"各县区报送截止（{cat.profile.form_deadline}）次日9:00，或随时点 Run："
            "用各县区最新的有效数据包起草市级报告，缺报县区列入审核清单；同一时间只运行一次。",
            schedules=[deadline],
            parameters=params,
            concurrency_limit=1,
            work_pool_name=POOL,
        ),
    ]


def _deployment(
    flow: Flow[..., Any], name: str, description: str, **options: Any
) -> RunnerDeployment:
    """Return `flow` as the deployment `name`, run by module path and tagged nianbao (no API call)."""
    made = flow.to_deployment(
        name=name,
        description=description,
        tags=TAGS,
        entrypoint_type=EntrypointType.MODULE_PATH,
        **options,
    )
    if not isinstance(made, RunnerDeployment):  # sync call: never a coroutine
        raise TypeError(f"{name}: to_deployment returned {type(made).__name__}")
    return made


def check_server() -> str:
    """Return the Prefect API URL after checking the server answers; exit with a Chinese line if not."""
    url = get_current_settings().api.url
    if not url:
        raise SystemExit(
            "错误：未设置 PREFECT_API_URL。请先运行 make server，"
            "再设置 PREFECT_API_URL=http://127.0.0.1:4200/api（make serve 会自动设置）。"
        )
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError:
        raise SystemExit(
            f"错误：无法连接 Prefect 服务器 {url}，请先运行 make server"
            "（端口不是4200时用 make serve PORT=端口）。"
        ) from None
    return url


def main() -> None:
    """Serve the deployments until stopped; schedules stay active when this process stops."""
    check_server()
    Reconnecting.in_terminal = True  # this process's lines are the serve terminal's
    serve(*deployments(), pause_on_shutdown=False, limit=1)


if __name__ == "__main__":
    main()
