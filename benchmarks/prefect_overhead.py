"""Prefect overhead per draft run: the flow against a running local server versus direct domain calls.

Usage: python benchmarks/prefect_overhead.py WORKDIR REPEATS — prints one JSON line of measurements.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.season.cityserver import free_port  # noqa: E402
from nianbao.season.localserver import answers  # noqa: E402


def wait_healthy(url: str, timeout: float = 90) -> None:
    """Wait until the Prefect API at `url` answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(f"{url}/health"):
            return
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
        import flows  # noqa: F401
        from flows.draft import draft_annual_report
        from flows.runtime import quick_flow_settings
        from nianbao import pipeline
        from nianbao.checks.report import FINDINGS_FILE, findings_table
        from nianbao.core.lock import year_lock
        from nianbao.core.paths import run_paths
        from nianbao.figures.aggregation import aggregate
        from nianbao.profile.loading import load_catalogue
        from nianbao.season import manifest

        def direct(full: bool) -> None:
            """The flow's domain calls without Prefect; `full`: all of them, else the core only."""
            paths = run_paths(2021, None, "default", work / "direct")
            cat = load_catalogue(paths.profile)
            fingerprint = manifest.inputs_fingerprint(paths) if full else None
            intake = pipeline.gather(paths.inputs, cat, 2021)
            history = pipeline.gather_history(paths.inputs, cat, 2021)
            figures = aggregate(intake, cat, history.values.get(2020, {}))
            with year_lock(paths.out, "起草草稿"):
                findings = pipeline.findings_of(intake, figures, cat, history.entries)
                pipeline.write_report(findings, cat, paths.out, intake)
                drafted = pipeline.write_draft(figures, intake, cat, findings, paths.out, history)
                if fingerprint is None:
                    return
                report = paths.out / FINDINGS_FILE
                summary = pipeline.summarise(intake, cat, figures, findings, drafted, report)
                manifest.write_manifest(summary, fingerprint, "default")
                manifest.record_run(summary.draft.parent, summary)
            findings_table(findings, cat)
            pipeline.summary_markdown(summary)

        def flow() -> None:
            with quick_flow_settings():
                draft_annual_report(2021, None, "default", str(work / "flow"))

        flow()  # warm-up: registers the flow
        times: dict[str, list[float]] = {"core": [], "full": [], "flow": []}
        runs = {"core": lambda: direct(False), "full": lambda: direct(True), "flow": flow}
        for _ in range(repeats):
            for name, fn in runs.items():
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
        core, full, flow_t = times["core"], times["full"], times["flow"]
        result = {
            "draft_direct_s": statistics.median(full),
            "draft_direct_core_s": statistics.median(core),
            "draft_flow_server_s": statistics.median(flow_t),
            # Prefect's own cost: the flow against the same domain calls made directly.
            "prefect_overhead_per_draft_s": statistics.median(
                f - d for f, d in zip(flow_t, full, strict=True)
            ),
            # As measured until December 2026: against the core calls only, so the flow's own
            # steps (fingerprint, summary, manifest, artifact tables; ~0.04 s) counted as Prefect's.
            "prefect_overhead_vs_core_s": statistics.median(
                f - d for f, d in zip(flow_t, core, strict=True)
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
