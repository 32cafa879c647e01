"""The process of `nianbao draft`'s temporary Prefect API: Prefect's server on a socket it is handed.

Started by flows.embedded as `python -m flows.api_process FD`; it serves until its input ends,
which is when the command closes it or dies, and exits as soon as its database is written.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import socket
import sys
import threading
import traceback
from typing import IO


def serve(fd: int, commands: IO[bytes]) -> None:
    """Serve Prefect's ephemeral API on the listening socket `fd` until `commands` ends."""
    gc.disable()  # 10% of its work would be the collector walking the modules and routes it builds
    ended, serving = threading.Event(), threading.Event()

    def wait_for_the_end() -> None:
        commands.read()
        ended.set()
        if not serving.is_set():
            os._exit(0)  # ended while starting: nothing was sent to it yet

    threading.Thread(target=wait_for_the_end, daemon=True).start()
    import uvicorn
    from prefect.server.api.server import create_app
    from prefect.settings import get_current_settings

    from flows import api_schema
    from flows.settings import changed_settings

    settings = get_current_settings()
    database = api_schema.database_of(settings)
    migrated = api_schema.is_noted(settings.home, database)  # else Prefect checks, and it is noted

    class Api(uvicorn.Server):
        """uvicorn's server, told to stop by the end of input (not found at its next 0.1 s tick)."""

        async def main_loop(self) -> None:
            serving.set()
            if not migrated:
                api_schema.note(settings.home, database)
            await asyncio.get_running_loop().run_in_executor(None, ended.wait)

    code = 1
    try:
        with changed_settings({"server.database.migrate_on_start": False} if migrated else {}):
            config = uvicorn.Config(create_app(ephemeral=True), lifespan="on", log_level="error")
            Api(config).run(sockets=[socket.socket(fileno=fd)])
        code = 0
    except SystemExit as exc:  # uvicorn's, when the API cannot start (its database, say)
        # the status Python itself would exit with: None is 0, a message is 1
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except BaseException:  # told in the API's log (its stderr) and by the exit code
        traceback.print_exc()
    finally:  # stopped (its database written) or failed: skip the slow teardown, and the abort
        logging.shutdown()  # of a finalizing interpreter with the input's reader still blocked
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.stdin.buffer)
