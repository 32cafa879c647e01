"""Benchmarks at district and province scale, each measured side by side with the bare libraries.

Prints one `name=value` line per figure, ratios last. `python -m benchmarks.run [--quick]`.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.drafts import bench_drafts  # noqa: E402
from benchmarks.rollup import bench_rollup  # noqa: E402
from benchmarks.synth import write_forms, write_profile, write_workbooks  # noqa: E402

PROFILE = ROOT / "templates_docx" / "default"


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Return the median and the spread (max − min) of `repeats` timed calls of `fn`, after a warm-up."""
    fn()
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return _summary(times)


def paired_times(
    ours: Callable[[], object], bare: Callable[[], object], repeats: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return (median, spread) of `ours` and of `bare`, timed alternately so drift hits both alike."""
    ours(), bare()
    ours_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(repeats):
        for fn, kept in ((ours, ours_times), (bare, bare_times)):
            gc.collect()
            start = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - start)
    return _summary(ours_times), _summary(bare_times)


def _summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), max(times) - min(times)


def ingest_nianbao(folder: Path, profile: Path) -> int:
    """Read, parse, validate and aggregate `folder` through nianbao; return the accepted value count."""
    from nianbao.figures.aggregation import aggregate
    from nianbao.pipeline import gather
    from nianbao.profile.loading import load_catalogue

    cat = load_catalogue(profile)
    intake = gather(folder, cat, 2021)
    aggregate(intake, cat)
    return len(intake.entries)


class _Digest:
    """A write-only file that keeps the SHA-256 of what is written to it."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return len(data)


def ingest_digest(folder: Path, profile: Path, two_cores: bool) -> str:
    """Return the SHA-256 of the canonical pickle of a whole ingest (intake and figures).

    Canonical: pickled without memo (Pickler.fast), so equal values give equal bytes whether or
    not the read shared objects (strings interned in one process, copies from the helper).
    """
    from nianbao.figures.aggregation import aggregate
    from nianbao.intake import batches
    from nianbao.pipeline import gather
    from nianbao.profile.loading import load_catalogue

    cat = load_catalogue(profile)
    least = batches.MIN_FILES
    batches.MIN_FILES = least if two_cores else sys.maxsize
    try:
        intake = gather(folder, cat, 2021)
    finally:
        batches.MIN_FILES = least
    sink = _Digest()
    pickler = pickle.Pickler(sink, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump((intake, aggregate(intake, cat)))
    return sink.sha.hexdigest()


def ingest_bare(folder: Path) -> int:
    """Read every workbook of `folder` with python-calamine into one DataFrame (the practical floor)."""
    import pandas as pd
    from python_calamine import CalamineWorkbook

    rows: list[list[object]] = []
    for path in sorted(folder.glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                rows.append([path.name, *row])
    with warnings.catch_warnings():  # sheets differ in width: pandas pads the short rows itself
        warnings.simplefilter("ignore")
        frame = pd.DataFrame(rows)
    return len(frame)


def bench_ingest(work: Path, sizes: list[int], repeats: int, out: dict[str, float]) -> None:
    """Measure ingest through nianbao and bare calamine, filled forms and minimal workbooks, per size."""
    for n in sizes:
        profile = write_profile(PROFILE, work / f"profile-{n}", n)
        reps = repeats if n <= 2000 else 1
        forms, minimal = work / f"forms-{n}", work / f"minimal-{n}"
        write_forms(forms, profile, n, 2021)
        write_workbooks(minimal, n, 2021)
        for folder, kind in ((forms, ""), (minimal, "_minimal")):
            (ours, ours_spread), (bare, bare_spread) = paired_times(
                lambda: ingest_nianbao(folder, profile),  # noqa: B023
                lambda: ingest_bare(folder),  # noqa: B023
                reps,
            )
            out[f"ingest{kind}_nianbao_s_n{n}"] = ours
            out[f"ingest{kind}_nianbao_spread_s_n{n}"] = ours_spread
            out[f"ingest{kind}_bare_calamine_s_n{n}"] = bare
            out[f"ingest{kind}_bare_spread_s_n{n}"] = bare_spread
            out[f"ingest{kind}_ms_per_file_n{n}"] = 1000 * ours / n
            out[f"ratio_ingest{kind}_vs_bare_n{n}"] = ours / bare
        serial, shared = (ingest_digest(forms, profile, two) for two in (False, True))
        out[f"ingest_identical_to_serial_n{n}"] = float(serial == shared)


def bench_render(work: Path, repeats: int, out: dict[str, float]) -> None:
    """Measure the district draft through nianbao versus a bare docxtpl render of the same context."""
    from docxtpl import DocxTemplate

    from nianbao import pipeline
    from nianbao.draft.context import build_context
    from nianbao.draft.render import FigureMarkup, jinja_env
    from nianbao.figures.aggregation import aggregate
    from nianbao.profile.loading import load_catalogue

    cat = load_catalogue(PROFILE)
    intake = pipeline.gather(ROOT / "inputs" / "2021", cat, 2021)
    previous = pipeline.previous_values(ROOT / "inputs" / "2020", cat, 2020)
    figures = aggregate(intake, cat, previous)
    findings = pipeline.findings_of(intake, figures, cat)
    history = pipeline.gather_history(ROOT / "inputs" / "2021", cat, 2021)
    drafts = work / "drafts"

    def ours() -> None:  # as the flow renders: earlier years read once, by their own step
        pipeline.write_draft(figures, intake, cat, findings, drafts, history)

    def bare() -> None:
        context = build_context(figures, intake, cat, findings)
        tpl = DocxTemplate(str(cat.template_path))
        tpl.render(context, jinja_env(FigureMarkup(context["figures"])), autoescape=True)
        tpl.save(str(work / "bare.docx"))

    (ours_t, ours_spread), (bare_t, bare_spread) = paired_times(ours, bare, repeats)
    out["render_nianbao_ms"] = 1000 * ours_t
    out["render_nianbao_spread_ms"] = 1000 * ours_spread
    out["render_bare_docxtpl_ms"] = 1000 * bare_t
    out["render_bare_spread_ms"] = 1000 * bare_spread
    out["ratio_render_vs_bare"] = ours_t / bare_t
    draft = sorted(drafts.glob("*.docx"))[-1]
    _bench_review(draft, work, repeats, out)


def _bench_review(draft: Path, work: Path, repeats: int, out: dict[str, float]) -> None:
    """Measure refresh (re-reading the 2021 workbooks) and finalize of the district draft."""
    from nianbao import pipeline
    from nianbao.profile.loading import load_catalogue
    from nianbao.review.finalize import finalize_draft

    cat = load_catalogue(PROFILE)
    refreshed = work / "refreshed" / draft.name
    out["refresh_s"], out["refresh_spread_s"] = median_time(
        lambda: pipeline.refresh_draft(draft, cat, 2021, ROOT / "inputs" / "2021", refreshed),
        repeats,
    )
    out["finalize_s"], out["finalize_spread_s"] = median_time(
        lambda: finalize_draft(draft, work / "final.docx", force=True), repeats
    )


def own_peak_kib() -> int:
    """Return this process's peak RSS in KiB, its own pages only.

    Linux carries the parent's high-water mark into a spawned child's ru_maxrss (it is recorded at
    exec), so a benchmark parent that has grown would be measured instead: VmHWM of /proc/self/status
    is the child's own. Elsewhere, ru_maxrss.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))


def bench_rss(work: Path, n: int, out: dict[str, float]) -> None:
    """Measure peak RSS of an ingest of `n` workbooks in a fresh process."""
    profile = write_profile(PROFILE, work / f"profile-{n}", n)
    folder = work / f"forms-{n}"
    if not folder.exists():
        write_forms(folder, profile, n, 2021)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.run import ingest_nianbao, own_peak_kib; from pathlib import Path;"
        "ingest_nianbao(Path(sys.argv[2]), Path(sys.argv[3]));"
        "from nianbao.intake.batches import close_kept; close_kept();"  # the kept helper ends
        "import resource; helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(helper, own_peak_kib())"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(folder), str(profile)],
        check=True,
        capture_output=True,
        text=True,
    )
    helper, own = (int(kib) for kib in run.stdout.split()[-2:])
    out[f"peak_rss_mib_n{n}"] = own / 1024  # the ingest process's own peak
    out[f"peak_rss_helper_mib_n{n}"] = helper / 1024  # its reading helper's (0: none started)


def bench_prefect(work: Path, repeats: int, out: dict[str, float]) -> None:
    """Measure the draft flow against a running local Prefect server versus direct domain calls."""
    script = ROOT / "benchmarks" / "prefect_overhead.py"
    run = subprocess.run(
        [sys.executable, str(script), str(work / "prefect"), str(repeats)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if run.returncode != 0:
        print(f"# prefect benchmark failed: {run.stderr.strip()[-400:]}")
        return
    out.update(json.loads(run.stdout.strip().splitlines()[-1]))
    bench_drafts(work, max(3, repeats), out)


def main() -> None:
    """Run the benchmarks and print `name=value` lines, ratios last."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="N = 20 only, one repeat (smoke test)")
    args = parser.parse_args()
    sizes, repeats, rss_n = ([20], 1, 20) if args.quick else ([30, 60, 2000, 10000], 5, 10000)
    out: dict[str, float] = {"cores": float(os.cpu_count() or 1)}
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = Path(tmp)
        bench_ingest(work, sizes, repeats, out)
        bench_render(work, repeats, out)
        bench_rss(work, rss_n, out)
        bench_rollup(work / "rollup", 10 if args.quick else 160, 30, out)
        if not args.quick:
            bench_prefect(work, repeats, out)
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        out["ingest_growth_per_file_ratio"] = (
            out[f"ingest_ms_per_file_n{last}"] / out[f"ingest_ms_per_file_n{first}"]
        )
    for name in sorted(out, key=lambda k: (k.startswith("ratio"), k)):
        print(f"{name}={out[name]:.4g}")


if __name__ == "__main__":
    main()
