"""Wall time of `nianbao draft --year 2022` as the office runs it: alone, and with `nianbao server start` running.

Each wall is split by the flow run's start and end as Prefect recorded them in the home's database:
Prefect start (process start to the run's start: imports, API start or health check, run created),
flow body (the run itself), shutdown (the run's end to the process exit).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from nianbao.season.cityserver import free_port

ROOT = Path(__file__).resolve().parent.parent
IDLE_MINUTES = "10"  # should the benchmark die before stopping it, the server stops itself


def bench_drafts(work: Path, repeats: int, out: dict[str, float]) -> None:
    """Time drafts with their own temporary API, then with a background server started for them."""
    bench_embedded(work, repeats, out)
    bench_local_server(work, repeats, out)


def bench_embedded(work: Path, repeats: int, out: dict[str, float]) -> None:
    """Time drafts with no server (each its own temporary Prefect API); the first run in a new
    PREFECT_HOME (database created) is reported apart, the others reuse the home."""
    env = _environment(work / "embedded-home")
    _time_drafts(work, env, repeats, "embedded_draft", out)


def bench_local_server(work: Path, repeats: int, out: dict[str, float]) -> None:
    """Time `nianbao server start` in a new home, then drafts recorded on that server; stop it by PID."""
    home = work / "local-home"
    env = _environment(home)
    nianbao = [sys.executable, "-m", "nianbao", "server"]
    begin = time.time()
    subprocess.run(
        [*nianbao, "start", "--port", str(free_port()), "--idle-minutes", IDLE_MINUTES],
        capture_output=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    out["local_server_start_s"] = time.time() - begin
    try:
        _time_drafts(work, env, repeats, "local_server_draft", out)
    finally:
        subprocess.run([*nianbao, "stop"], capture_output=True, env=env, check=True, cwd=ROOT)


def _environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    return env


def _time_drafts(
    work: Path, env: dict[str, str], repeats: int, name: str, out: dict[str, float]
) -> None:
    """Run the draft `repeats` + 1 times; report the first apart, then medians of the others."""
    command = [sys.executable, "-m", "nianbao", "draft", "--year", "2022"]
    command += ["--out", str(work / name)]
    db = Path(env["PREFECT_HOME"]) / "prefect.db"
    walls, starts, bodies, shutdowns = [], [], [], []
    for i in range(repeats + 1):
        begin = time.time()
        subprocess.run(command, capture_output=True, env=env, check=True, cwd=ROOT)
        end = time.time()
        run_start, run_end = _last_run(db)
        if i == 0:
            out[f"{name}_first_run_wall_s"] = end - begin
            continue
        walls.append(end - begin)
        starts.append(run_start - begin)
        bodies.append(run_end - run_start)
        shutdowns.append(end - run_end)
    out[f"{name}_wall_s"] = statistics.median(walls)
    out[f"{name}_wall_spread_s"] = max(walls) - min(walls)
    out[f"{name}_prefect_start_s"] = statistics.median(starts)
    out[f"{name}_flow_body_s"] = statistics.median(bodies)
    out[f"{name}_shutdown_s"] = statistics.median(shutdowns)


def _last_run(db: Path) -> tuple[float, float]:
    """Return the start and end (epoch seconds) of the last flow run recorded in Prefect's SQLite."""
    with closing(sqlite3.connect(db)) as con:
        start, end = con.execute(
            "SELECT start_time, end_time FROM flow_run ORDER BY start_time DESC LIMIT 1"
        ).fetchone()
    began, ended = (datetime.fromisoformat(t).replace(tzinfo=UTC) for t in (start, end))
    return began.timestamp(), ended.timestamp()
