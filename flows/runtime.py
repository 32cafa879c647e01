"""Run-time settings for flows started from the CLI (no end-of-run heartbeat wait)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


@contextmanager
def quick_flow_settings() -> Iterator[None]:
    """Turn off flow-run heartbeats, which cost ~1 s at the end of every run (see docs/design.md)."""
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
