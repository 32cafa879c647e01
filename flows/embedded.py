"""The Prefect API of one `nianbao draft` without a server: started first, in its own process, stopped last.

Prefect would start the same temporary server (its ephemeral API: no UI, no scheduling services) on
the first client call, after importing its whole server into the calling process just to spawn it,
and only then wait ~3 s for the child to import it again. Here the child is spawned before the
flows are imported, on a socket this process has already bound and listens on: the child's start
overlaps the caller's own imports (two cores), no port can be taken in between and no polling is
needed (a request made early waits in the socket's backlog until the API answers). The child ends
when asked (its input closed) or when this process dies (its input ends too): never left running
(flows.api_process).
Runs, task runs, logs and artifacts go to the database in PREFECT_HOME, as with Prefect's own.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from nianbao.core.errors import NianbaoError

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
}
STOP_SECONDS = 10.0


class EmbeddedApi:
    """A temporary Prefect API process listening on a socket bound by this process."""

    def __init__(self) -> None:
        listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}/api"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flows.api_process", str(listener.fileno())],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            env=os.environ | SERVER_ENV,
            pass_fds=[listener.fileno()],
        )
        listener.close()  # the child holds the only copy: should it die, clients are refused at once

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Point Prefect at this API for the block, once it answers.

        Should Prefect's own settings name a server (a profile's PREFECT_API_URL) or forbid a
        temporary one, this API is stopped and Prefect does as it is set to.
        """
        from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

        settings = get_current_settings()
        if settings.api.url or not settings.server.ephemeral.enabled:
            self.stop()
            yield
            return
        self.wait()
        with temporary_settings({PREFECT_API_URL: self.url}):
            try:
                yield
            finally:  # a failed run's log (its traceback) is kept too
                _send_queued()

    def wait(self) -> None:
        """Return once the API answers its health check; raise a NianbaoError if it cannot start."""
        host, port = self.url.split("/")[2].split(":")
        timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 90)
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            connection.request("GET", "/api/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        code = self.process.poll()
        state = "无响应" if code is None else f"已退出，代码 {code}"
        raise NianbaoError(f"内置 Prefect 服务未能启动（{state}）")

    def stop(self) -> None:
        """Ask the API to finish what it was sent and exit; end it if it has not within STOP_SECONDS."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def embedded_api() -> Iterator[Callable[[], AbstractContextManager[None]]]:
    """Start a temporary API unless PREFECT_API_URL names a server; stop it on leaving the block.

    Yields what to run the flow within (EmbeddedApi.serving, or nothing when a server is named).
    Where a listening socket cannot be handed to a child (not POSIX), Prefect starts its own
    temporary server as before.
    """
    if os.environ.get("PREFECT_API_URL") or os.name != "posix":
        yield nullcontext
        return
    api = EmbeddedApi()
    try:
        yield api.serving
    finally:
        api.stop()


def _send_queued() -> None:
    """Send the run's queued logs and events now: at exit Prefect would send them to an API gone."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)
