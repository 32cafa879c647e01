"""The Prefect API of one `nianbao draft`: the office's running server, else one started first and stopped last.

With `nianbao server start` running on the same Prefect home (nianbao.season.localserver), the
draft records its run there and starts nothing: about 2.5 s of a draft is starting an API.
Without one:

Prefect would start the same temporary server (its ephemeral API: no UI, no scheduling services) on
the first client call, after importing its whole server into the calling process just to spawn it,
and only then wait ~3 s for the child to import it again. Here the child is spawned before the
flows are imported, on a socket this process has already bound and listens on: the child's start
overlaps the caller's own imports (two cores), no port can be taken in between and no polling is
needed (a request made early waits in the socket's backlog until the API answers); the command's
entry point starts it before the command line is even imported (`start_early`). The child ends
when asked (its input closed) or when this process dies (its input ends too): never left running
(flows.api_process).
Runs, task runs, logs and artifacts go to the database in PREFECT_HOME, as with Prefect's own.
"""

from __future__ import annotations

import atexit
import functools
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nianbao.core.errors import NianbaoError
from nianbao.season.localserver import answers, reusable_api

# What Prefect's own ephemeral server is started with (prefect.server.api.server.SubprocessASGIServer),
# less the services that serve no one here: automations (triggers and their actions, which also
# build a second copy of the API in the process: 0.6 s of its start) and the event stream to UIs;
# and not "final", which only adds a full garbage collection (0.2 s) to spare memory for days.
# The task-run recorder and the event persister stay: they write the task runs and events.
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",
    # docket's result store (py-key-value) type-checks each of its calls with beartype, which
    # instruments every module of it as imported (0.1 s of the API's start); off, as for production
    "PY_KEY_VALUE_DISABLE_BEARTYPE": "true",
}
STOP_SECONDS = 10.0
# The temporary API's own messages (its tracebacks included), of the last draft, in PREFECT_HOME: a
# failing draft stops the API while it still records the run, and Prefect's server then logs the
# interrupted work, which on the terminal would come before the draft's one-line error.
LOG_NAME = "nianbao-api.log"


class EmbeddedApi:
    """A temporary Prefect API process listening on a socket bound by this process."""

    def __init__(self) -> None:
        listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}/api"
        self.log = _home() / LOG_NAME
        with _opened(self.log) as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flows.api_process", str(listener.fileno())],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=os.environ | SERVER_ENV,
                pass_fds=[listener.fileno()],
            )
        listener.close()  # the child holds the only copy: should it die, clients are refused at once

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Point Prefect at this API for the block, once it answers (see `recorded_on`)."""
        with recorded_on(self.url, before=self.wait, instead=self.stop, checked=False):
            yield

    def wait(self) -> None:
        """Return once the API answers its health check; raise a NianbaoError if it cannot start."""
        timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 90)
        if answers(f"{self.url}/health", timeout):
            return
        try:  # refused as its process ends: let it finish exiting, to say how it ended
            code: int | None = self.process.wait(2)
        except subprocess.TimeoutExpired:
            code = None
        state = "无响应" if code is None else f"已退出，代码 {code}"
        where = f"，详见 {self.log}" if self.log.is_file() and self.log.stat().st_size else ""
        raise NianbaoError(f"内置 Prefect 服务未能启动（{state}）{where}")

    def stop(self) -> None:
        """Ask the API to finish what it was sent and exit; end it if it has not within STOP_SECONDS."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass(frozen=True)
class Recording:
    """What to run a flow within so that Prefect records it, and the office's server if it is reused."""

    serving: Callable[[], AbstractContextManager[None]]
    server: str | None = None  # the UI address of the server of `nianbao server start`


_early: list[EmbeddedApi] = []  # the API started by `start_early`, until `embedded_api` takes it


def start_early() -> None:
    """Start the temporary API now if a draft will need one (see `embedded_api`).

    Called by the command's entry point before the command line itself is imported (~0.3 s), so
    that the API, the longest part of a draft's start, starts that much sooner. An API that no
    draft takes (the command stopped before, at a year without inputs say) is stopped at exit.
    """
    if not _early and not _server_named() and reusable_api(_home()) is None:
        api = EmbeddedApi()
        _early.append(api)
        atexit.register(api.stop)


@contextmanager
def embedded_api() -> Iterator[Recording]:
    """Record the run on the office's running server, else on a temporary API; stop that on leaving.

    Nothing is started when PREFECT_API_URL names a server, nor when `nianbao server start` runs one
    on this Prefect home. Where a listening socket cannot be handed to a child (not POSIX), Prefect
    starts its own temporary server as before. An API started early (`start_early`) is the one used.
    """
    api = _early.pop() if _early else None
    if api is not None:
        atexit.unregister(api.stop)  # stopped on leaving, below
    elif _server_named():
        yield Recording(nullcontext)
        return
    elif url := reusable_api(_home()):
        yield Recording(functools.partial(recorded_on, url), url.removesuffix("/api"))
        return
    else:
        api = EmbeddedApi()
    try:
        yield Recording(api.serving)
    finally:
        api.stop()


def _server_named() -> bool:
    """Return whether PREFECT_API_URL names the server, or no API can be started here (not POSIX)."""
    return bool(os.environ.get("PREFECT_API_URL")) or os.name != "posix"


def _home() -> Path:
    return Path(os.environ["PREFECT_HOME"])


@contextmanager
def _opened(log: Path) -> Iterator[IO[bytes] | None]:
    """Open the API's log for it, emptied; None (the terminal) where it cannot be written."""
    try:
        file = log.open("wb")
    except OSError:  # PREFECT_HOME is not a folder: the API will fail and say why there
        yield None
        return
    with file:
        yield file


@contextmanager
def recorded_on(
    url: str,
    before: Callable[[], None] = lambda: None,
    instead: Callable[[], None] = lambda: None,
    checked: bool = True,
) -> Iterator[None]:
    """Point Prefect at the API at `url` for the block, after calling `before` (waiting for it).

    Should Prefect's own settings name a server (a profile's PREFECT_API_URL) or forbid a temporary
    one, `instead` is called (stopping an unused API) and Prefect does as it is set to. Unless
    `checked` is false (an API this process started from its own Prefect), the client first asks
    the API its version, as Prefect always does.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED,
        get_current_settings,
        temporary_settings,
    )

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        instead()
        yield
        return
    pointed = {PREFECT_API_URL: url, PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED: checked}
    with temporary_settings(pointed):  # made while the API may still be starting
        before()
        try:
            yield
        finally:  # a failed run's log (its traceback) is kept too
            _send_queued()


def _send_queued() -> None:
    """Send the run's queued logs and events now: at exit Prefect would send them to an API gone."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)
