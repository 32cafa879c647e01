"""The runner's lost websocket to the server (a restart) said in one Chinese line, not in tracebacks.

Installed on the loggers that report it by logging.yml, in every process that runs flows: the
observers (flow-run cancellation and suspension) warn with a traceback, and asyncio may report the
consumer task that failed as it was being stopped. In the serve process all become one warning line
(repeats within QUIET_SECONDS dropped); in the flow-run processes serve starts, which share its
terminal, the same line is logged at INFO: in the run log and nianbao-runs.log, not on the terminal.
"""

from __future__ import annotations

import logging

from websockets.exceptions import ConnectionClosed

RECONNECTING = (
    "与 Prefect 服务器的实时连接中断（服务器可能已重启），正在自动重新连接；"
    "其间按时查询，定时运行不受影响"
)
QUIET_SECONDS = 60.0


class Reconnecting(logging.Filter):
    """Rewrite records about the lost websocket into RECONNECTING, once per QUIET_SECONDS."""

    in_terminal = False  # set by the serve process: its lines are the ones the terminal shows

    def __init__(self) -> None:
        super().__init__()
        self._last = -QUIET_SECONDS

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite a record about the lost connection (dropped when just said); keep any other."""
        if not about_lost_connection(record):
            return True
        repeated = record.created - self._last < QUIET_SECONDS
        self._last = record.created
        level = logging.WARNING if self.in_terminal else logging.INFO
        record.msg, record.args, record.exc_info, record.exc_text = RECONNECTING, (), None, None
        record.levelno, record.levelname = level, logging.getLevelName(level)
        return not repeated


def about_lost_connection(record: logging.LogRecord) -> bool:
    """Return whether `record` is a warning or error about the websocket to the server."""
    text = str(record.msg).lower()
    error = record.exc_info[1] if record.exc_info else None
    return record.levelno >= logging.WARNING and (
        "websocket" in text or "events stream" in text or isinstance(error, ConnectionClosed)
    )
