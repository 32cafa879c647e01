"""Prefect flows of nianbao; importing this package first sets quiet, project-local Prefect defaults."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def configure_prefect(home: Path | None = None) -> None:
    """Set Prefect defaults before Prefect is imported: local home, no analytics, quiet console."""
    root = Path(os.environ.get("NIANBAO_HOME") or _HERE.parent)
    defaults = {
        "PREFECT_HOME": str((home or root / ".prefect").resolve()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_CONFIG_PATH": str(_HERE / "logging.yml"),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)


configure_prefect()
