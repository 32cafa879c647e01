"""Roll-up at province scale: N synthetic district packages of 30 units each into one province draft.

Measures publishing the packages, collecting them (every file hashed, every JSON checked), and the
collection and province draft in a fresh process twice: (a) bare, through the pipeline functions,
and (b) through the city's flows `collect` and `draft-city` on a temporary Prefect API, as
`nianbao draft` runs its flow (flows.embedded). Each gives its run time, the process's wall time
and peak RSS (the flows' also when the API answered and its process's peak RSS); Prefect's share
is 1 − bare ÷ flows.
`python -m benchmarks.rollup [--districts 160] [--units 30]` prints `name=value` lines; it checks
nothing (a refused package is counted, a failed run is a `#` line).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.rollup.package import Content

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITY = ROOT / "templates_docx" / "city"
PARTS = ("functions", "rules", "enforcement", "disputes", "problems", "mechanism")


def write_province(out: Path, districts: int) -> Path:
    """Write a province profile at `out`: the city profile with a roster of `districts` districts."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("catalogue.toml", "report.docx"):
        shutil.copy(CITY / name, out / name)
    roster = "\n".join(
        f'[[unit]]\nid = "d{n:04d}"\nname = "第{n}县"\ngroup = "district"\n'
        for n in range(districts)
    )
    (out / "roster.toml").write_text(roster, encoding="utf-8")
    return out


def district_package(profile: Path, n: int, units: int, year: int) -> Content:
    """Return the package content of synthetic district `n`: every city input figure from `units` units."""
    from nianbao.profile.loading import load_catalogue
    from nianbao.rollup.package import Content
    from nianbao.rollup.records import (
        FigureRecord,
        FiguresFile,
        FindingsFile,
        SourceRecord,
        TextRecord,
        TextsFile,
    )

    cat = load_catalogue(profile)
    rng = random.Random(n)
    figures = {}
    for code, ind in cat.indicators.items():
        if not ind.is_input:
            continue
        values = [Decimal(rng.randint(0, 99)) for _ in range(units)]
        sources = [
            SourceRecord(
                unit_id=f"u{u:02d}",
                unit=f"第{u}单位",
                file=f"第{u}单位{year}年报表.xlsx",
                sheet="指标数据",
                cell=f"D{5 + i}",
                value=v,
            )
            for i, (u, v) in enumerate(zip(range(units), values, strict=True))
        ]
        total = sum(values, Decimal(0))
        figures[code] = FigureRecord(
            code=code,
            name=ind.name,
            kind=ind.kind,
            unit=ind.unit,
            value=total,
            status="ok",
            text=f"{total}{ind.unit}",
            previous=total - rng.randint(0, 9),
            sources=sources,
        )
    texts = [
        TextRecord(
            unit_id=f"u{u:02d}",
            unit=f"第{u}单位",
            part=PARTS[u % len(PARTS)],
            category="亮点做法",
            text=f"第{n}县第{u}单位推行“一件事一次办”，全年压减办事环节{u + 3}个。",
            file=f"第{u}单位{year}年报表.xlsx",
            sheet="亮点做法",
            cell="B2",
        )
        for u in range(0, units, 3)
    ]
    district = f"第{n}县"
    return Content(
        year=year,
        district=district,
        issuer=f"{district}人民政府",
        profile="synthetic",
        catalogue_sha256="0" * 64,
        roster_sha256="0" * 64,
        figures=FiguresFile(year=year, district=district, figures=figures),
        texts=TextsFile(texts=texts),
        findings=FindingsFile(
            errors=0, warnings=0, kinds={}, submitted=[], missing=[], incomplete=[]
        ),
    )


# Each child prints one line `RESULT <run s> <API ready s> <own peak KiB> <API process peak KiB>`.
_RESULT = "RESULT"
_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import flows  # Prefect's quiet, project-local defaults, set before Prefect is imported
from benchmarks.rollup import children_peak_kib, run_bare, run_flows
from benchmarks.run import own_peak_kib
step = run_flows if sys.argv[2] == "flows" else run_bare
start = time.perf_counter()
api, children = step(sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]))
print("RESULT", time.perf_counter() - start, api, own_peak_kib(), children)
"""


def run_bare(location: str, profile: Path, out: Path) -> tuple[float, int]:
    """Collect (报送情况.xlsx) and draft the province through the pipeline functions alone."""
    from nianbao import pipeline
    from nianbao.profile.loading import load_catalogue

    cat = load_catalogue(profile)
    pipeline.write_collection(pipeline.collect(location, 2022, cat), location, 2022, cat, out)
    pipeline.draft_city(location, 2022, cat, out)
    return 0.0, 0  # no API


def run_flows(location: str, profile: Path, out: Path) -> tuple[float, int]:
    """Run the city's flows `collect` and `draft-city` as `nianbao draft` runs its flow: a
    temporary Prefect API started first, beside the imports (flows.embedded), run heartbeats off.
    Return the seconds until the API answered and its process's peak RSS (KiB)."""
    from flows.embedded import embedded_api

    start = time.perf_counter()
    with embedded_api() as recording:
        from flows.city import collect_packages, draft_city_report
        from flows.runtime import quick_flow_settings

        with quick_flow_settings(), recording.serving():
            api = time.perf_counter() - start
            collect_packages(location, 2022, str(profile), str(out))
            draft_city_report(location, 2022, str(profile), str(out))
        peak = children_peak_kib()
    return api, peak


def children_peak_kib() -> int:
    """Return the summed peak RSS (KiB) of this process's living descendants (the API process)."""
    import psutil

    total = 0
    for child in psutil.Process().children(recursive=True):
        try:
            status = Path(f"/proc/{child.pid}/status").read_text(encoding="ascii")
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0
        )
    return total


def in_fresh_process(
    how: str, share: Path, profile: Path, work: Path, run: str = ""
) -> dict[str, float]:
    """Run `how` (bare or flows) on a copy of `share` in a new process; return its figures.

    The copy keeps the runs alike: each finds the packages 已报送 and leaves them 已采用. The
    Prefect home (its database) is the same for every run of `how`: the first makes it.
    """
    location = shutil.copytree(share, work / f"share-{how}{run}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NIANBAO_"))}
    env["PREFECT_HOME"] = str(work / f"prefect-{how}")  # no API URL: a temporary API
    env["PREFECT_LOGGING_HANDLERS_RUNS_LEVEL"] = "CRITICAL"  # no run line among the results
    args = [str(ROOT), how, str(location), str(profile), str(work / f"out-{how}{run}")]
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - start
    found = [line.split() for line in child.stdout.splitlines() if line.startswith(_RESULT)]
    if child.returncode != 0 or not found:
        print(f"# rollup {how} failed: {child.stderr.strip()[-400:]}")
        return {}
    seconds, api, own, children = (float(x) for x in found[-1][1:])
    return {
        "run_s": seconds,
        "api_ready_s": api,
        "process_wall_s": wall,
        "peak_rss_mib": own / 1024,
        "api_peak_rss_mib": children / 1024,
    }


def prefect_share(
    bare: dict[str, float], flows: dict[str, float], out: dict[str, float], key: str
) -> None:
    """Put the bare and flow figures in `out`, and Prefect's share of time and memory (0–1)."""
    for how, found in (("bare", bare), ("flows", flows)):
        for name, value in found.items():
            out[f"rollup_{how}_{name}{key}"] = value
    if not bare or not flows:
        return
    for name in ("run_s", "process_wall_s"):
        out[f"rollup_prefect_share_{name.removesuffix('_s')}{key}"] = 1 - bare[name] / flows[name]
    runs = flows["run_s"] - flows["api_ready_s"]  # the flows and the API's stop, once it answers
    out[f"rollup_prefect_share_after_api_ready{key}"] = 1 - bare["run_s"] / runs
    memory = flows["peak_rss_mib"] + flows["api_peak_rss_mib"]
    out[f"rollup_prefect_share_rss{key}"] = 1 - bare["peak_rss_mib"] / memory


def bench_rollup(work: Path, districts: int, units: int, out: dict[str, float]) -> None:
    """Measure publish, collect and the province draft of `districts` packages of `units` units,
    the draft bare and through the city's flows."""
    from nianbao.core.clock import OFFICE_TZ
    from nianbao.profile.loading import load_catalogue
    from nianbao.rollup.collection import collect
    from nianbao.rollup.location import Location
    from nianbao.rollup.package import publish_content

    profile = write_province(work / "province", districts)
    location = Location(work / "share")
    stamp = datetime(2023, 2, 1, 9, 0, tzinfo=OFFICE_TZ)
    contents = [district_package(profile, n, units, 2022) for n in range(districts)]
    start = time.perf_counter()
    for content in contents:
        publish_content(content, location, stamp)
    key = f"_d{districts}_u{units}"
    out[f"rollup_publish_all_s{key}"] = time.perf_counter() - start
    size = sum(p.stat().st_size for p in (work / "share").rglob("*") if p.is_file())
    out[f"rollup_packages_mib{key}"] = size / 2**20
    cat = load_catalogue(profile)
    start = time.perf_counter()
    statuses = collect(location, 2022, cat)
    out[f"rollup_collect_s{key}"] = time.perf_counter() - start
    out[f"rollup_packages_refused{key}"] = sum(s.state != "已报送" for s in statuses)
    bare = in_fresh_process("bare", work / "share", profile, work)
    first = in_fresh_process("flows", work / "share", profile, work, "-first")  # makes the database
    for name, value in first.items():
        out[f"rollup_flows_first_{name}{key}"] = value
    flows = in_fresh_process("flows", work / "share", profile, work)  # as every later run
    prefect_share(bare, flows, out, key)


def main() -> None:
    """Run the roll-up benchmark and print `name=value` lines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--districts", type=int, default=160)
    parser.add_argument("--units", type=int, default=30)
    args = parser.parse_args()
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="nianbao-rollup-") as tmp:
        bench_rollup(Path(tmp), args.districts, args.units, out)
    for name in sorted(out):
        print(f"{name}={out[name]:.4g}")


if __name__ == "__main__":
    main()
