"""Season schedules without a server: working days, run-time arithmetic, rule equivalence, deployments."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from nianbao.core.clock import OFFICE_TZ
from nianbao.season.schedule import (
    DRAFT_SLOT,
    STATUS_SLOT,
    Slot,
    calendar_knows,
    in_season,
    report_year,
    season_rrule,
    season_runs,
)

from ..conftest import ROOT


def bj(*args: int) -> datetime:
    """Return a Beijing-time datetime."""
    return datetime(*args, tzinfo=OFFICE_TZ)


@pytest.mark.parametrize(
    ("slot", "start", "expected"),
    [
        # 2027-01-01 is a Friday (元旦, excluded), 2–3 January a weekend
        (
            STATUS_SLOT,
            datetime(2026, 11, 26, 21, 8, tzinfo=UTC),
            [bj(2027, 1, 4, 8, 30), bj(2027, 1, 5, 8, 30)],
        ),
        # 31 March is the last day; the next season starts on Monday 3 January 2028 (2 January is a Sunday)
        (STATUS_SLOT, bj(2027, 3, 31, 8, 0), [bj(2027, 3, 31, 8, 30), bj(2028, 1, 3, 8, 30)]),
        # a start exactly on a run time includes it
        (STATUS_SLOT, bj(2027, 3, 31, 8, 30), [bj(2027, 3, 31, 8, 30), bj(2028, 1, 3, 8, 30)]),
        (STATUS_SLOT, bj(2027, 3, 31, 8, 31), [bj(2028, 1, 3, 8, 30), bj(2028, 1, 4, 8, 30)]),
        # 1 January 2029 is a Monday: excluded; Tuesday 2 January is the first run
        (DRAFT_SLOT, bj(2028, 12, 31, 12, 0), [bj(2029, 1, 2, 9, 0), bj(2029, 1, 3, 9, 0)]),
        # 29 February 2028 (a Tuesday) is in season
        (DRAFT_SLOT, bj(2028, 2, 28, 10, 0), [bj(2028, 2, 29, 9, 0), bj(2028, 3, 1, 9, 0)]),
        # Friday after the run time: next Monday
        (DRAFT_SLOT, bj(2027, 1, 8, 9, 0, 1), [bj(2027, 1, 11, 9, 0), bj(2027, 1, 12, 9, 0)]),
        # 2026 Spring Festival: Saturday 14 February is a 调休 working day, 16–23 February are off,
        # Saturday 28 February works again
        (
            STATUS_SLOT,
            bj(2026, 2, 13, 9, 0),
            [bj(2026, 2, 14, 8, 30), bj(2026, 2, 24, 8, 30), bj(2026, 2, 25, 8, 30)],
        ),
        (DRAFT_SLOT, bj(2026, 2, 27, 9, 1), [bj(2026, 2, 28, 9, 0), bj(2026, 3, 2, 9, 0)]),
        # 2026 元旦: 1–3 January off, Sunday 4 January a working day
        (STATUS_SLOT, bj(2026, 1, 1, 0, 0), [bj(2026, 1, 4, 8, 30), bj(2026, 1, 5, 8, 30)]),
        # 00:30 UTC on a season day is already 08:30 in Beijing
        (
            STATUS_SLOT,
            datetime(2027, 2, 1, 0, 30, tzinfo=UTC),
            [bj(2027, 2, 1, 8, 30), bj(2027, 2, 2, 8, 30)],
        ),
    ],
)
def test_next_runs_follow_the_season_calendar(
    slot: Slot, start: datetime, expected: list[datetime]
) -> None:
    """Next runs skip holidays and weekends (working 调休 days), 1 January and April–December."""
    assert season_runs(slot, start, len(expected)) == expected


def test_runs_are_season_working_days_at_a_fixed_offset() -> None:
    """Asia/Shanghai has no DST: every run is 00:30 or 01:00 UTC on a working day of 2 Jan–31 Mar."""
    for slot, utc_hour_minute in ((STATUS_SLOT, (0, 30)), (DRAFT_SLOT, (1, 0))):
        runs = season_runs(slot, datetime(2026, 6, 1, tzinfo=UTC), 300)
        assert {r.utcoffset() for r in runs} == {timedelta(hours=8)}
        assert {(r.astimezone(UTC).hour, r.astimezone(UTC).minute) for r in runs} == {
            utc_hour_minute
        }
        assert all(in_season(r.date()) for r in runs)
        assert runs == sorted(set(runs))
        assert {r.year for r in runs} == {2027, 2028, 2029, 2030, 2031}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ((2027, 1, 1), False),  # Friday, 元旦
        ((2027, 1, 4), True),
        ((2027, 1, 2), False),  # Saturday
        ((2029, 1, 2), True),  # Tuesday
        ((2027, 3, 31), True),  # Wednesday, last day
        ((2027, 4, 1), False),  # Thursday, after the season
        ((2026, 12, 31), False),
        ((2026, 2, 14), True),  # Saturday, 调休 working day before the Spring Festival
        ((2026, 2, 17), False),  # Tuesday, Spring Festival
        ((2026, 2, 28), True),  # Saturday, 调休 working day after it
        ((2025, 1, 26), True),  # Sunday, 调休 working day of 2025
        ((2025, 1, 28), False),  # Tuesday, Spring Festival eve 2025
    ],
)
def test_season_days(day: tuple[int, int, int], expected: bool) -> None:
    """The season is the official working days from 2 January to 31 March, both included."""
    assert in_season(datetime(*day).date()) is expected


@pytest.mark.parametrize("slot", [STATUS_SLOT, DRAFT_SLOT])
@pytest.mark.parametrize(
    "start",
    [
        datetime(2026, 11, 26, 21, 8, tzinfo=UTC),
        bj(2027, 3, 31, 8, 30),
        bj(2028, 12, 31, 12, 0),
        bj(2030, 1, 31, 23, 59),
    ],
)
@pytest.mark.parametrize("first_year", [2025, 2026, 2027])
def test_the_schedule_rule_gives_the_season_runs(
    slot: Slot, start: datetime, first_year: int
) -> None:
    """Prefect's own evaluation of the deployment's rule equals `season_runs` (over a season)."""
    from prefect.server.schemas.schedules import RRuleSchedule

    sched = RRuleSchedule(rrule=season_rrule(slot, first_year), timezone="Asia/Shanghai")
    start = max(start, bj(first_year, 1, 1))
    dates = list(asyncio.run(sched.get_dates(n=90, start=start)))
    assert dates == season_runs(slot, start, 90)


def test_years_the_calendar_does_not_know_run_monday_to_friday() -> None:
    """2026 comes from the official calendar; 2027 is not published in the pinned package yet."""
    assert (calendar_knows(2026), calendar_knows(2027)) == (True, False)
    runs = season_runs(STATUS_SLOT, bj(2027, 2, 1), 60)
    assert {r.weekday() for r in runs} == {0, 1, 2, 3, 4}


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (bj(2027, 1, 4, 8, 30), 2026),
        (bj(2027, 1, 1, 0, 30), 2026),
        (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), 2026),  # already 1 January in Beijing
        (datetime(2026, 12, 31, 15, 59, tzinfo=UTC), 2025),
    ],
)
def test_report_year_is_last_year_in_beijing(now: datetime, year: int) -> None:
    """Scheduled runs report on the year before the current Beijing year."""
    assert report_year(now) == year


def _schedule_rows(deployment: Any) -> list[tuple[str, str, bool]]:
    return [(s.slug, s.schedule.timezone, s.active) for s in deployment.schedules]


def test_deployments_carry_the_season_schedules_and_parameters() -> None:
    """Two deployments, each on one Asia/Shanghai season rule; the descriptions name the fallback year."""
    from flows.serve import deployments

    status, draft = deployments()
    assert (status.name, status.flow_name, status.entrypoint) == (
        "season-status",
        "submission-status",
        "flows.status.submission_status_flow",
    )
    assert _schedule_rows(status) == [("status-0830-season", "Asia/Shanghai", True)]
    assert re.search(r"\d{4}年起的安排本机尚未收录，暂按周一至周五运行", str(status.description))
    assert status.parameters == {"year": None, "deadline": None}
    assert (draft.name, draft.flow_name, draft.entrypoint) == (
        "season-draft",
        "draft-annual-report",
        "flows.draft.draft_annual_report",
    )
    assert _schedule_rows(draft) == [("draft-0900-season", "Asia/Shanghai", True)]
    assert "节假日安排（含调休上班日）" in str(draft.description)
    assert draft.parameters == {"year": None, "skip_unchanged": True}


def test_deployment_parameters_are_valid_flow_parameters() -> None:
    """The static parameters pass the flows' own validation (a misspelt name would not)."""
    from flows.draft import draft_annual_report
    from flows.serve import deployments
    from flows.status import submission_status_flow

    status, draft = deployments()
    assert submission_status_flow.validate_parameters(status.parameters)["deadline"] is None
    assert draft_annual_report.validate_parameters(draft.parameters)["skip_unchanged"] is True
    with pytest.raises(Exception, match="skip_unchangd"):
        draft_annual_report.validate_parameters({"skip_unchangd": True})


def test_serving_keeps_schedules_active_and_runs_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch, serving: Any
) -> None:
    """`python -m flows.serve` serves both deployments with pause_on_shutdown off and limit 1."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(serving, "serve", lambda *a, **kw: calls.append((a, kw)))
    serving.main()
    [(args, kwargs)] = calls
    assert [d.name for d in args] == ["season-status", "season-draft"]
    assert kwargs == {"pause_on_shutdown": False, "limit": 1}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serving_without_a_server_stops_with_one_chinese_line() -> None:
    """No server answering at PREFECT_API_URL: a Chinese message, not a traceback."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import check_server

    url = f"http://127.0.0.1:{_closed_port()}/api"
    with temporary_settings({PREFECT_API_URL: url}), pytest.raises(SystemExit) as exc:
        check_server()
    assert str(exc.value).startswith(f"错误：无法连接 Prefect 服务器 {url}，请先运行 make server")


def test_serving_without_an_api_url_says_how_to_set_it() -> None:
    """No PREFECT_API_URL (the embedded server never schedules): say what to set."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import check_server

    with temporary_settings(restore_defaults={PREFECT_API_URL}), pytest.raises(SystemExit) as exc:
        check_server()
    assert "未设置 PREFECT_API_URL" in str(exc.value)


@pytest.fixture
def serving(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return flows.serve with no server check and no serving; the terminal flag restored after."""
    import flows.serve as serving
    from flows.connection import Reconnecting

    monkeypatch.setattr(serving, "check_server", lambda: "http://127.0.0.1:4200/api")
    monkeypatch.setattr(serving, "serve", lambda *a, **kw: None)
    monkeypatch.setattr(Reconnecting, "in_terminal", False)
    return serving


def _closed(code: int = 1012) -> Exception:
    from websockets.exceptions import ConnectionClosedError
    from websockets.frames import Close

    restart = Close(code, "service restart")
    return ConnectionClosedError(restart, restart, True)


def test_logging_config_puts_the_reconnect_filter_on_every_reporting_logger() -> None:
    """Every process that loads flows/logging.yml filters the observers' and asyncio's records."""
    import yaml

    from flows import connection

    config = yaml.safe_load((ROOT / "flows" / "logging.yml").read_text("utf-8"))
    assert config["filters"]["reconnecting"] == {"()": "flows.connection.Reconnecting"}
    filtered = {
        name for name, c in config["loggers"].items() if "reconnecting" in c.get("filters", [])
    }
    assert filtered == {
        "prefect.FlowRunCancellingObserver",
        "prefect.FlowRunSuspendingObserver",
        "asyncio",
    }
    assert connection.Reconnecting.in_terminal is False


@pytest.mark.parametrize(("in_terminal", "level"), [(True, "WARNING"), (False, "INFO")])
def test_a_lost_websocket_is_one_chinese_line_in_the_serve_terminal(
    serving: Any, monkeypatch: pytest.MonkeyPatch, in_terminal: bool, level: str
) -> None:
    """Prefect's warning when the server restarts (with a traceback) becomes one Chinese line, a
    warning in serve and INFO (off the terminal) in its flow-run processes; the consumer task asyncio
    reports for the same loss adds nothing; other records pass unchanged."""
    from prefect._internal._observation_delivery import ObservationDelivery

    from flows.connection import RECONNECTING, Reconnecting

    if in_terminal:
        serving.main()
    assert Reconnecting.in_terminal is in_terminal
    reconnecting = Reconnecting()
    observer, tasks = logging.getLogger("tests.observer"), logging.getLogger("tests.asyncio")
    delivery = ObservationDelivery(
        name="FlowRunCancellingObserver",
        logger=observer,
        subscriber_factory=lambda: None,
        on_event=lambda event: None,
        check_current_state=lambda: None,
        on_unavailable=lambda error: None,
        polling_interval=10,
    )
    loop = asyncio.new_event_loop()
    consumer = loop.create_future()
    error = _closed()
    consumer.set_exception(error)
    kept = _Kept()
    for logger in (observer, tasks):
        monkeypatch.setattr(logger, "filters", [reconnecting])
        monkeypatch.setattr(logger, "handlers", [kept])
        monkeypatch.setattr(logger, "propagate", False)
    try:
        delivery._log_stream_end(consumer)
        tasks.error("Task exception was never retrieved", exc_info=(type(error), error, None))
        observer.warning("Flow run %s is late", "x")
    finally:
        loop.close()
    formatted = [logging.Formatter("%(levelname)s %(message)s").format(r) for r in kept.records]
    assert formatted == [f"{level} {RECONNECTING}", "WARNING Flow run x is late"]


@pytest.mark.parametrize(
    ("level", "message", "error", "rewritten"),
    [
        (logging.ERROR, "Task exception was never retrieved", _closed(), True),
        (logging.ERROR, "Task exception was never retrieved", ValueError("x"), False),
        (logging.WARNING, "X failed to connect to the events stream. Falling back", None, True),
        (logging.INFO, "X reconnected to the events stream and stopped polling.", None, False),
    ],
)
def test_only_warnings_about_the_lost_connection_are_rewritten(
    level: int, message: str, error: Exception | None, rewritten: bool
) -> None:
    """A record is rewritten when it is a warning or error about the websocket, and only then."""
    from flows.connection import RECONNECTING, Reconnecting

    exc_info = (type(error), error, None) if error else None
    record = logging.LogRecord("asyncio", level, __file__, 1, message, (), exc_info)
    assert Reconnecting().filter(record)
    assert record.getMessage() == (RECONNECTING if rewritten else message)
    assert (record.exc_info is None) is (rewritten or error is None)


class _Kept(logging.Handler):
    """Keep every record a logger emits."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
