"""The flows' shared declarations: no flow keeps Prefect results or asks the server where to keep them."""

from __future__ import annotations

import importlib
import pkgutil
import time
from typing import TYPE_CHECKING

import pytest

import flows

if TYPE_CHECKING:
    from prefect import Flow


def _flows() -> list[Flow[..., object]]:
    """Return each flow of the package once; its modules imported before Prefect itself, as the
    package wants (it sets Prefect's project defaults, the run log's handlers among them)."""
    modules = [
        importlib.import_module(f"flows.{i.name}") for i in pkgutil.iter_modules(flows.__path__)
    ]
    from prefect import Flow

    found = {id(obj): obj for m in modules for obj in vars(m).values() if isinstance(obj, Flow)}
    return list(found.values())


FLOWS = _flows()


def test_every_flow_of_the_package_is_looked_at() -> None:
    """The draft, status, forms, refresh, finalize, lint, adopt and both city flows."""
    assert len(FLOWS) == 9


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.name)
def test_a_flow_persists_no_result_and_names_its_storage(flow: Flow[..., object]) -> None:
    """Results are files and artifacts: none persisted, and a storage named, so a run never asks
    the server for its default result storage (Prefect does, three times a run, when none is named)."""
    assert flow.persist_result is False
    assert flow.result_storage is not None
    assert flow.log_prints is False  # prints are not run-log lines


@pytest.mark.slow
def test_a_run_against_a_server_never_asks_for_its_default_result_storage(
    prefect_backend: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The requests of a whole run (the template check: a flow, a task, an artifact) name the run,
    its states and its artifact, and not the server's default result storage."""
    import httpx

    from flows.cycle import lint_flow

    asked: list[str] = []
    send = httpx.Client.send

    def spy(client: httpx.Client, request: httpx.Request, **kwargs: object) -> httpx.Response:
        asked.append(request.url.path)
        return send(client, request, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.Client, "send", spy)
    assert lint_flow() == 0
    assert any(path.endswith("/set_state") for path in asked)
    assert any(path.endswith("/artifacts/") for path in asked)
    assert not [path for path in asked if "storage" in path]


@pytest.mark.slow
def test_a_step_submitted_runs_beside_the_flow_as_a_task_run_of_its_own(
    prefect_backend: None,
) -> None:
    """`step(...).submit` gives a future of the step's result; the step is one named task run."""
    from uuid import UUID

    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    from flows.runtime import FLOW_OPTIONS, step

    @step("相加")
    def add(a: int, b: int) -> int:
        return a + b

    @flow(name="submitted-step", **FLOW_OPTIONS)
    def beside() -> tuple[int, UUID]:
        future = add.submit(2, b=3)
        return future.result(), future.task_run_id

    total, task_run_id = beside()
    assert total == 5
    # the server records task runs from their events, a moment after the run has ended
    deadline = time.monotonic() + 20
    with get_client(sync_client=True) as client:
        while True:
            try:
                recorded = client.read_task_run(task_run_id)
            except ObjectNotFound:
                recorded = None
            done = recorded is not None and recorded.state and recorded.state.is_completed()
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert recorded is not None
    assert recorded.name.startswith("相加")
    assert done
