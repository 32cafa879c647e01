"""Roll-up at province scale: N synthetic district packages of 30 units each into one province draft.

Measures publishing the packages, collecting them (every file hashed, every JSON checked) and the
province draft from them (wall time, and peak RSS of a fresh process doing collect + draft).
`python -m benchmarks.rollup [--districts 160] [--units 30]` prints `name=value` lines.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

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


def district_package(profile: Path, n: int, units: int, year: int) -> object:
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


def _draft_in_fresh_process(location: Path, profile: Path, out: Path) -> tuple[float, float]:
    """Return (wall seconds, own peak RSS MiB) of collect + province draft in a new process."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from benchmarks.run import own_peak_kib;"
        "from nianbao import pipeline; from nianbao.profile.loading import load_catalogue;"
        "start = time.perf_counter();"
        "pipeline.draft_city(sys.argv[2], 2022, load_catalogue(Path(sys.argv[3])), Path(sys.argv[4]));"
        "print(time.perf_counter() - start, own_peak_kib())"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(location), str(profile), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    wall, peak = run.stdout.split()[-2:]
    return float(wall), int(peak) / 1024


def bench_rollup(work: Path, districts: int, units: int, out: dict[str, float]) -> None:
    """Measure publish, collect and the province draft of `districts` packages of `units` units."""
    from nianbao.core.clock import OFFICE_TZ
    from nianbao.profile.loading import load_catalogue
    from nianbao.rollup.collection import collect
    from nianbao.rollup.location import Location
    from nianbao.rollup.package import Content, publish_content

    profile = write_province(work / "province", districts)
    location = Location(work / "share")
    stamp = datetime(2023, 2, 1, 9, 0, tzinfo=OFFICE_TZ)
    contents = [district_package(profile, n, units, 2022) for n in range(districts)]
    start = time.perf_counter()
    for content in contents:
        assert isinstance(content, Content)
        publish_content(content, location, stamp)
    key = f"_d{districts}_u{units}"
    out[f"rollup_publish_all_s{key}"] = time.perf_counter() - start
    size = sum(p.stat().st_size for p in (work / "share").rglob("*") if p.is_file())
    out[f"rollup_packages_mib{key}"] = size / 2**20
    cat = load_catalogue(profile)
    start = time.perf_counter()
    statuses = collect(location, 2022, cat)
    out[f"rollup_collect_s{key}"] = time.perf_counter() - start
    assert all(s.state == "已报送" for s in statuses), "a synthetic package failed its checks"
    wall, peak = _draft_in_fresh_process(work / "share", profile, work / "drafts")
    out[f"rollup_collect_and_draft_wall_s{key}"] = wall
    out[f"rollup_collect_and_draft_peak_rss_mib{key}"] = peak


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
