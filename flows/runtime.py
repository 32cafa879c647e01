"""Run-time helpers of the flows: steps, quick CLI settings, run names, step and run lines, final states."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar, cast

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.settings import get_current_settings
from prefect.states import Completed
from prefect.utilities.annotations import opaque

from flows.settings import changed_settings
from nianbao.core.clock import office_now
from nianbao.season.digest import run_name
from nianbao.season.schedule import report_year

T = TypeVar("T")
P = ParamSpec("P")
# One line per run: the serve terminal (stdout), the run log and nianbao-runs.log (logging.yml).
RUN_LOGGER = "nianbao.runs"
# What every flow is declared with: prints are not run-log lines; its results are files and artifacts,
# never Prefect results, so none is persisted, and naming Prefect's local result folder spares each run
# the three requests asking the server for its default result storage (asked when a flow names none).
FLOW_OPTIONS: dict[str, Any] = {
    "log_prints": False,
    "persist_result": False,
    "result_storage": Path(get_current_settings().results.local_storage_path),
}


class Step(Protocol[P, T]):
    """A step of a flow: called, it runs as a task and returns its result; `submit` runs it beside."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T: ...

    def submit(self, *args: P.args, **kwargs: P.kwargs) -> PrefectFuture[T]:
        """Run the step in a thread of the flow's task runner; the future gives its result."""
        ...


def step(name: str) -> Callable[[Callable[P, T]], Step[P, T]]:
    """Make a function one task of a flow run, named `name`, never cached.

    Each argument is handed to Prefect as `opaque`: a task's result passed on is still linked to
    the task that made it, but Prefect does not walk into it looking for futures. Walking an
    Intake (thousands of cells, each a named tuple) three times per task call was most of the
    flows' own cost (0.8 s of a 1.1 s draft run of the sample year against a running server).
    """

    def make(fn: Callable[P, T]) -> Step[P, T]:
        run: Task[..., T] = task(name=name, cache_policy=NO_CACHE)(fn)

        @functools.wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            return run(*map(opaque, args), **{k: opaque(v) for k, v in kwargs.items()})

        def submit(*args: P.args, **kwargs: P.kwargs) -> PrefectFuture[T]:
            return run.submit(*map(opaque, args), **{k: opaque(v) for k, v in kwargs.items()})

        call.submit = submit  # type: ignore[attr-defined]
        return cast(Step[P, T], call)

    return make


def quick_flow_settings() -> AbstractContextManager[None]:
    """Turn off flow-run heartbeats, which cost ~1 s at the end of every run."""
    return changed_settings({"flows.heartbeat_frequency": None})


def run_namer(kind: str) -> Callable[[], str]:
    """Return the flow_run_name of `kind` runs: e.g. 草稿-2022-0301-0900 (no year given: last year)."""

    def name() -> str:
        return run_name(kind, int(flow_run.parameters.get("year") or report_year()), office_now())

    return name


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
