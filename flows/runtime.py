"""Run-time helpers of the flows: quick CLI settings, run names, whole arguments, step and run lines, final states."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar, cast

from prefect import get_run_logger
from prefect.runtime import flow_run
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.states import Completed
from prefect.utilities.annotations import opaque

from nianbao.core.clock import office_now
from nianbao.season.digest import run_name
from nianbao.season.schedule import report_year

T = TypeVar("T")
# One line per run: the serve terminal (stdout), the run log and nianbao-runs.log (logging.yml).
RUN_LOGGER = "nianbao.runs"


@contextmanager
def quick_flow_settings() -> Iterator[None]:
    """Turn off flow-run heartbeats, which cost ~1 s at the end of every run (see docs/design.md)."""
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_namer(kind: str) -> Callable[[], str]:
    """Return the flow_run_name of `kind` runs: e.g. 草稿-2022-0301-0900 (no year given: last year)."""

    def name() -> str:
        return run_name(kind, int(flow_run.parameters.get("year") or report_year()), office_now())

    return name


def whole(value: T) -> T:
    """Return `value` to pass to a task whole: Prefect waits for it but does not walk into it.

    Prefect visits every object inside a task's arguments looking for futures; for the city's
    statuses, which hold every package read, that walk cost more than the work (see docs/design.md).
    """
    return cast(T, opaque(value))


def note(value: T, line: str) -> T:
    """Log `line` (a step's counts, in Chinese) to the run log and return `value`."""
    get_run_logger().info(line)
    return value


def end_run(value: T, line: str, name: str = "Completed") -> T:
    """Print the run's one line and return `value` as the run's final Completed state.

    The line (prefixed with the run's name) goes to stdout, which is the serve terminal, and to the
    run log; it is also the state's message, and `name` the state's name, shown in the UI. A flow
    returning a state ends in that state, and whoever called the flow still gets `value`.
    """
    logging.getLogger(RUN_LOGGER).info("%s：%s", flow_run.name, line)
    return cast(T, Completed(data=value, message=line, name=name))
