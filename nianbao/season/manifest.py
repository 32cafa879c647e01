"""Run manifests beside each draft (input hashes, versions, counts) and the "nothing changed" test."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from nianbao.checks.report import FINDINGS_FILE
from nianbao.core.clock import office_now
from nianbao.core.paths import RunPaths, office_path
from nianbao.core.storage import save_new
from nianbao.core.version import VERSION
from nianbao.draft.gaps import INCOMPLETE, PLACES
from nianbao.intake.readers import list_inputs
from nianbao.profile.catalogue import CATALOGUE_FILE, ROSTER_FILE, TEMPLATE_FILE
from nianbao.season.summary import Summary

MANIFEST_SUFFIX = ".manifest.json"
RUN_LOG = "草稿运行记录.jsonl"
UNCHANGED = "未发生变化，未生成新草稿"
DRAFTED = "已生成新草稿"
_LISTS = {"placeholders", "incomplete"}  # summary lists a manifest must hold to stand for a run
DEPENDENCIES = (
    "docxtpl",
    "python-docx",
    "python-calamine",
    "openpyxl",
    "pandas",
    "pandera",
    "prefect",
    "jinja2",
)
# The installed code a draft depends on (the flows compose the steps).
CODE_PACKAGES = ("nianbao", "flows")


@dataclass(frozen=True)
class Fingerprint:
    """What a draft depends on: sha256 of every input and profile file, and of the installed code.

    `nianbao` is the version, for people; `code` hashes the program itself, since a fix does not
    always raise the version.
    """

    year: int
    nianbao: str
    code: str
    inputs: dict[str, str]
    earlier_inputs: dict[str, str]
    template: str
    catalogue: str
    roster: str


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of the bytes of `path`.

    Hashing is not parsing: this reads raw bytes only, so `readers` stays the one module that
    interprets input files.
    """
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def folder_hashes(folder: Path) -> dict[str, str]:
    """Return {relative name: sha256} of the files the readers would read in `folder` (none if absent)."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): file_sha256(p) for p in list_inputs(folder)}


def earlier_hashes(inputs: Path, year: int) -> dict[str, str]:
    """Return {"<year>/<name>": sha256} of the year folders beside `inputs` before `year`.

    Drafts read earlier years (year-on-year figures, annex charts); all are hashed, so a change
    to any of them counts as a change.
    """
    years = sorted(
        p for p in inputs.parent.glob("[12][0-9][0-9][0-9]") if p.is_dir() and int(p.name) < year
    )
    return {f"{d.name}/{name}": sha for d in years for name, sha in folder_hashes(d).items()}


def code_folders() -> list[Path]:
    """Return the folders of the installed CODE_PACKAGES (found without importing them)."""
    specs = [importlib.util.find_spec(name) for name in CODE_PACKAGES]
    return [Path(p) for spec in specs if spec for p in spec.submodule_search_locations or []]


def code_sha256(folders: Iterable[Path] | None = None) -> str:
    """Return one sha256 over the names and bytes of every file of the code `folders` (no caches)."""
    digest = hashlib.sha256()
    for folder in code_folders() if folders is None else folders:
        files = (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in sorted(files):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            digest.update(f"{name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def inputs_fingerprint(paths: RunPaths) -> Fingerprint:
    """Return the fingerprint of a run: this and earlier years' inputs, template, catalogue, roster."""
    return Fingerprint(
        year=paths.year,
        nianbao=VERSION,
        code=code_sha256(),
        inputs=folder_hashes(paths.inputs),
        earlier_inputs=earlier_hashes(paths.inputs, paths.year),
        template=file_sha256(paths.profile / TEMPLATE_FILE),
        catalogue=file_sha256(paths.profile / CATALOGUE_FILE),
        roster=file_sha256(paths.profile / ROSTER_FILE),
    )


def dependency_versions() -> dict[str, str]:
    """Return the installed version of each key dependency ("未安装" when missing)."""
    versions = {}
    for name in DEPENDENCIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "未安装"
    return versions


def manifest_path(draft: Path) -> Path:
    """Return the manifest path beside `draft`: `<same stem>.manifest.json`."""
    return draft.with_name(draft.stem + MANIFEST_SUFFIX)


def manifest_of(
    summary: Summary, fingerprint: Fingerprint, profile: str, created: datetime
) -> dict[str, Any]:
    """Return the manifest of the draft run `summary` as a JSON-ready dict."""
    return {
        "draft": summary.draft.name,
        "findings_report": summary.findings_report.name,
        "created": created.isoformat(),
        "profile": profile,
        **asdict(fingerprint),
        "dependencies": dependency_versions(),
        "submitted": summary.submitted,
        "missing": summary.missing,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "to_complete": summary.to_complete,
        "missing_charts": list(summary.missing_charts),
        "placeholders": list(summary.placeholders),
        "incomplete": list(summary.incomplete),
    }


def write_manifest(summary: Summary, fingerprint: Fingerprint, profile: str) -> Path:
    """Write the manifest beside the new draft (atomically, never over a file); return its path."""
    data = manifest_of(summary, fingerprint, profile, office_now())
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return save_new(manifest_path(summary.draft), lambda tmp: Path(tmp).write_text(text, "utf-8"))


def read_manifest(path: Path) -> dict[str, Any] | None:
    """Return the manifest stored at `path`, or None when it is unreadable or not a manifest."""
    try:
        data = json.loads(path.read_text("utf-8"))
        aware = datetime.fromisoformat(data["created"]).tzinfo is not None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if aware and isinstance(data, dict) else None


def latest_manifest(out: Path, year: int) -> dict[str, Any] | None:
    """Return the newest readable manifest of `year` in the folder `out`, or None."""
    found = [m for p in out.glob(f"*{MANIFEST_SUFFIX}") if (m := read_manifest(p))]
    same_year = [m for m in found if m.get("year") == year]
    if not same_year:
        return None
    return max(same_year, key=lambda m: (datetime.fromisoformat(m["created"]), m["draft"]))


def fingerprint_of(data: dict[str, Any]) -> Fingerprint | None:
    """Return the fingerprint recorded in the manifest `data`, or None when a field is missing."""
    try:
        return Fingerprint(**{f.name: data[f.name] for f in fields(Fingerprint)})
    except KeyError:
        return None


def unchanged_since(out: Path, fingerprint: Fingerprint) -> dict[str, Any] | None:
    """Return the newest manifest in `out` when its draft still exists and nothing has changed since.

    "Nothing changed" means the same input files with the same hashes (this and earlier years), the
    same template, catalogue and roster, and the same program code. Otherwise return None; also
    for a manifest written before the 待补充处 and 数据不全的指标 were listed (its summary lacks them).
    """
    last = latest_manifest(out, fingerprint.year)
    if last is None or fingerprint_of(last) != fingerprint or not last.keys() >= _LISTS:
        return None
    return last if (out / str(last["draft"])).is_file() else None


def summary_of(data: dict[str, Any], out: Path) -> Summary:
    """Return the summary of the earlier draft recorded by the manifest `data`, marked unchanged."""
    return Summary(
        year=int(data["year"]),
        draft=out / str(data["draft"]),
        findings_report=out / str(data.get("findings_report", FINDINGS_FILE)),
        submitted=list(data.get("submitted", [])),
        missing=list(data.get("missing", [])),
        errors=int(data.get("errors", 0)),
        warnings=int(data.get("warnings", 0)),
        to_complete=int(data.get("to_complete", 0)),
        unchanged=True,
        missing_charts=tuple(str(gap) for gap in data.get("missing_charts", [])),
        placeholders=tuple(str(place) for place in data["placeholders"]),
        incomplete=tuple(str(figure) for figure in data["incomplete"]),
    )


def record_run(out: Path, summary: Summary, when: datetime | None = None) -> Path:
    """Append one line for this run (new draft or unchanged) to 草稿运行记录.jsonl; return its path."""
    line = {
        "time": (when or office_now()).isoformat(timespec="seconds"),
        "year": summary.year,
        "outcome": "unchanged" if summary.unchanged else "drafted",
        "message": UNCHANGED if summary.unchanged else DRAFTED,
        "draft": summary.draft.name,
    }
    log = out / RUN_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:  # one short line per write: appends stay whole
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return log


def unchanged_markdown(summary: Summary) -> str:
    """Return the Chinese markdown saying a scheduled run found nothing new (Prefect artifact)."""
    return (
        f"# {summary.year}年度草稿：{UNCHANGED}\n\n"
        "- 本年和往年报表、模板、指标目录、单位名册和程序代码均与上次草稿相同\n"
        f"- 文件夹：`{office_path(summary.draft.parent)}`\n"
        f"- 上次草稿：`{summary.draft.name}`\n"
        f"- 校验：错误{summary.errors}处，提醒{summary.warnings}处\n"
        f"- {PLACES}：{len(summary.placeholders)}处；{INCOMPLETE}：{len(summary.incomplete)}个\n"
    )
