"""Prefect overhead per draft run: the flow against a running local server versus direct domain calls.

Usage: python benchmarks/prefect_overhead.py WORKDIR REPEATS — prints one JSON line of measurements.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout: float = 90) -> None:
    """Wait until the Prefect API at `url` answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Prefect server at {url} not healthy after {timeout}s")


def main() -> None:
    """Start a server, time direct calls and flow runs alternately, stop the server."""
    work, repeats = Path(sys.argv[1]), int(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(work / "server-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(api)
        os.environ.update(PREFECT_API_URL=api, PREFECT_HOME=str(work / "client-home"))
        os.environ["PREFECT_LOGGING_HANDLERS_RUNS_LEVEL"] = "CRITICAL"  # no run line among results
        sys.path.insert(0, str(ROOT))
        import flows  # noqa: F401
        from flows.draft import draft_annual_report
        from flows.runtime import quick_flow_settings
        from nianbao import pipeline
        from nianbao.core.paths import run_paths
        from nianbao.figures.aggregation import aggregate
        from nianbao.profile.loading import load_catalogue

        def direct() -> None:
            paths = run_paths(2021, None, "default", work / "direct")
            cat = load_catalogue(paths.profile)
            intake = pipeline.gather(paths.inputs, cat, 2021)
            history = pipeline.gather_history(paths.inputs, cat, 2021)
            figures = aggregate(intake, cat, history.values.get(2020, {}))
            findings = pipeline.findings_of(intake, figures, cat, history.entries)
            pipeline.write_report(findings, cat, paths.out, intake)
            pipeline.write_draft(figures, intake, cat, findings, paths.out, history)

        def flow() -> None:
            with quick_flow_settings():
                draft_annual_report(2021, None, "default", str(work / "flow"))

        flow()  # warm-up: registers the flow
        direct_t: list[float] = []
        flow_t: list[float] = []
        for _ in range(repeats):
            for fn, acc in ((direct, direct_t), (flow, flow_t)):
                start = time.perf_counter()
                fn()
                acc.append(time.perf_counter() - start)
        result = {
            "draft_direct_s": statistics.median(direct_t),
            "draft_flow_server_s": statistics.median(flow_t),
            "prefect_overhead_per_draft_s": statistics.median(
                f - d for f, d in zip(flow_t, direct_t, strict=True)
            ),
            "prefect_overhead_spread_s": max(flow_t) - min(flow_t),
        }
        print(json.dumps(result))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
