"""The process of `nianbao server start`: Prefect's server with its UI, stopping itself once idle.

Started in the background by nianbao.season.localserver as `python -m flows.local_server PORT
IDLE_SECONDS`, on 127.0.0.1 only. It is the server `prefect server start` runs (UI, scheduling
services, the home's database), with one addition: when no request has come and no connection
(a browser's UI, a serve process) has been open for IDLE_SECONDS, it stops as if told to (SIGTERM,
which `nianbao server stop` sends, does the same at once).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from typing import Any

TICKS_PER_CHECK = 50  # uvicorn ticks every 0.1 s: look at the idle time every 5 s


class Activity:
    """ASGI middleware counting the requests and connections under way, and when the last one ended."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.open = 0
        self.last = time.monotonic()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Pass the call on; a request or a websocket keeps the server busy until it ends."""
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        self.open += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open -= 1
            self.last = time.monotonic()

    def idle_for(self) -> float:
        """Return for how many seconds nothing has been under way (0 while something is)."""
        return 0.0 if self.open else time.monotonic() - self.last


def serve(port: int, idle_seconds: float) -> None:
    """Serve Prefect's server on 127.0.0.1:`port` until idle for `idle_seconds` or told to stop."""
    import uvicorn
    from prefect.server.api.server import create_app

    activity = Activity(create_app(final=True))

    class Server(uvicorn.Server):
        """uvicorn's server, also stopping when `activity` has been idle long enough."""

        async def main_loop(self) -> None:
            activity.last = time.monotonic()  # idle from now, not from before the start
            await super().main_loop()

        async def on_tick(self, counter: int) -> bool:
            if await super().on_tick(counter):
                return True
            if counter % TICKS_PER_CHECK or activity.idle_for() < idle_seconds:
                return False
            minutes = idle_seconds / 60
            sys.stdout.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} 空闲{minutes:g}分钟，自动停止\n")
            return True

    config = uvicorn.Config(activity, host="127.0.0.1", port=port, log_level="warning")
    Server(config).run()


if __name__ == "__main__":
    serve(int(sys.argv[1]), float(sys.argv[2]))
