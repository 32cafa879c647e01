"""The benchmark script keeps working: a quick run at N = 20 prints every figure as name=value."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import ROOT


def test_quick_benchmark_prints_figures_and_ratios_last() -> None:
    """`python -m benchmarks.run --quick` exits 0 and ends with the ratio lines (no timing asserted)."""
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if not line.startswith("#")]
    pairs = dict(line.split("=", 1) for line in lines)
    for name in (
        "ingest_nianbao_s_n20",
        "ingest_bare_calamine_s_n20",
        "ingest_minimal_nianbao_s_n20",
        "ingest_minimal_bare_calamine_s_n20",
        "refresh_s",
        "finalize_s",
        "render_nianbao_ms",
        "render_bare_docxtpl_ms",
        "peak_rss_mib_n20",
        "rollup_collect_s_d10_u30",
        "rollup_bare_run_s_d10_u30",
        "rollup_bare_peak_rss_mib_d10_u30",
        "rollup_flows_run_s_d10_u30",
        "rollup_flows_peak_rss_mib_d10_u30",
    ):
        assert float(pairs[name]) > 0, name
    assert float(pairs["rollup_packages_refused_d10_u30"]) == 0
    assert "rollup_prefect_share_run_d10_u30" in pairs
    assert [line.split("=")[0] for line in lines[-3:]] == [
        "ratio_ingest_minimal_vs_bare_n20",
        "ratio_ingest_vs_bare_n20",
        "ratio_render_vs_bare",
    ]
