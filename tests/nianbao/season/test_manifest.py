"""Draft manifests: input hashes, versions and counts beside each draft; "nothing changed" detection."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import nianbao
from nianbao.core.paths import RunPaths
from nianbao.draft.gaps import INCOMPLETE, PLACES
from nianbao.pipeline import Summary
from nianbao.season import manifest
from nianbao.season.manifest import (
    DEPENDENCIES,
    Fingerprint,
    inputs_fingerprint,
    record_run,
    summary_of,
    unchanged_since,
    write_manifest,
)

TITLE = "关于2022年度法治政府建设工作的报告"
PLACEHOLDERS = ("…提供法律服务【待补充：政府法律顾问提供法律服务次数】",)
INCOMPLETE_FIGURES = ("人民调解委员会数（缺少：查山乡）", "行政村数（缺少：查山乡）")


@pytest.fixture
def project(tmp_path: Path) -> RunPaths:
    """Return run paths over a small fake project: two input files, last year's file, a profile."""
    inputs, previous, profile = tmp_path / "in" / "2022", tmp_path / "in" / "2021", tmp_path / "p"
    for folder in (inputs / "乡镇", previous, profile):
        folder.mkdir(parents=True)
    (inputs / "司法局.xlsx").write_bytes(b"workbook one")
    (inputs / "乡镇" / "五里镇.csv").write_bytes("单位名称,五里镇\n".encode())
    (inputs / "~$司法局.xlsx").write_bytes(b"office lock file")
    (inputs / "说明.txt").write_bytes(b"not an input")
    (previous / "司法局2021.xlsx").write_bytes(b"last year")
    for name in ("report.docx", "catalogue.toml", "roster.toml"):
        (profile / name).write_bytes(name.encode())
    return RunPaths(2022, inputs, previous, profile, tmp_path / "out")


def drafted(paths: RunPaths, stamp: str = "20230105-090000", errors: int = 1) -> Summary:
    """Write a fake draft and its manifest into the out folder; return the run summary."""
    draft = paths.out / f"{TITLE}_草稿_{stamp}.docx"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_bytes(b"docx")
    summary = Summary(
        2022,
        draft,
        paths.out / "校验报告.xlsx",
        ["司法局"],
        ["查山乡"],
        errors,
        3,
        5,
        placeholders=PLACEHOLDERS,
        incomplete=INCOMPLETE_FIGURES,
    )
    write_manifest(summary, inputs_fingerprint(paths), "default")
    return summary


def test_fingerprint_hashes_the_bytes_of_every_input_by_relative_name(project: RunPaths) -> None:
    """Every file the readers read or name in 校验报告 is hashed (a note too), subfolders included;
    Office lock files are not."""
    fp = inputs_fingerprint(project)
    assert fp.inputs == {
        "乡镇/五里镇.csv": hashlib.sha256("单位名称,五里镇\n".encode()).hexdigest(),
        "司法局.xlsx": hashlib.sha256(b"workbook one").hexdigest(),
        "说明.txt": hashlib.sha256(b"not an input").hexdigest(),
    }
    assert fp.earlier_inputs == {"2021/司法局2021.xlsx": hashlib.sha256(b"last year").hexdigest()}
    assert fp.template == hashlib.sha256(b"report.docx").hexdigest()
    assert fp.catalogue == hashlib.sha256(b"catalogue.toml").hexdigest()
    assert fp.roster == hashlib.sha256(b"roster.toml").hexdigest()
    assert (fp.year, fp.nianbao, fp.code) == (2022, nianbao.__version__, manifest.code_sha256())


def test_fingerprint_covers_every_earlier_year_folder_and_no_later_one(project: RunPaths) -> None:
    """Drafts read earlier years for charts: 2019 counts, 2023 and non-year folders do not."""
    for folder, name in (("2019", "a.xlsx"), ("2023", "b.xlsx"), ("归档", "c.xlsx")):
        (project.inputs.parent / folder).mkdir()
        (project.inputs.parent / folder / name).write_bytes(b"x")
    assert sorted(inputs_fingerprint(project).earlier_inputs) == [
        "2019/a.xlsx",
        "2021/司法局2021.xlsx",
    ]


def test_fingerprint_of_a_first_year_has_no_earlier_inputs(project: RunPaths) -> None:
    """A first year with no earlier folder is fine: nothing to hash."""
    (project.inputs.parent / "2021" / "司法局2021.xlsx").unlink()
    (project.inputs.parent / "2021").rmdir()
    assert inputs_fingerprint(project).earlier_inputs == {}


def test_manifest_sits_beside_the_draft_with_hashes_versions_and_counts(project: RunPaths) -> None:
    """`<same stem>.manifest.json` records what the draft was made from and what it found."""
    summary = drafted(project)
    path = project.out / f"{TITLE}_草稿_20230105-090000.manifest.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["draft"] == summary.draft.name
    assert data["inputs"] == inputs_fingerprint(project).inputs
    assert set(data["dependencies"]) == set(DEPENDENCIES)
    assert data["dependencies"]["prefect"][0].isdigit()
    assert (data["year"], data["profile"], data["nianbao"]) == (
        2022,
        "default",
        nianbao.__version__,
    )
    assert (data["errors"], data["warnings"], data["to_complete"]) == (1, 3, 5)
    assert data["missing"] == ["查山乡"]
    assert datetime.fromisoformat(data["created"]).tzinfo is not None


def test_manifest_is_never_written_over_an_existing_file(project: RunPaths) -> None:
    """A second manifest for the same draft name gets a free sibling name."""
    summary = drafted(project)
    again = write_manifest(summary, inputs_fingerprint(project), "default")
    assert again.name == f"{TITLE}_草稿_20230105-090000.manifest-2.json"


def test_nothing_changed_returns_the_last_drafts_manifest(project: RunPaths) -> None:
    """Same inputs, profile files and version: the last draft is reported, with its counts."""
    summary = drafted(project)
    last = unchanged_since(project.out, inputs_fingerprint(project))
    assert last is not None
    assert summary_of(last, project.out) == Summary(
        2022,
        summary.draft,
        summary.findings_report,
        ["司法局"],
        ["查山乡"],
        1,
        3,
        5,
        unchanged=True,
        placeholders=PLACEHOLDERS,
        incomplete=INCOMPLETE_FIGURES,
    )


def _edit(relative: str, data: bytes) -> Callable[[RunPaths], None]:
    def change(paths: RunPaths) -> None:
        target = paths.inputs.parent.parent / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return change


def _remove(relative: str) -> Callable[[RunPaths], None]:
    def change(paths: RunPaths) -> None:
        (paths.inputs.parent.parent / relative).unlink()

    return change


def _forget_lists(paths: RunPaths) -> None:
    """Rewrite the manifest as an older nianbao wrote it: without the two lists of gaps."""
    path = next(paths.out.glob("*.manifest.json"))
    data = json.loads(path.read_text("utf-8"))
    del data["placeholders"], data["incomplete"]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (_edit("in/2022/司法局.xlsx", b"workbook one, corrected"), "an input was edited"),
        (_edit("in/2022/区政府办.xlsx", b"late submission"), "an input was added"),
        (_remove("in/2022/乡镇/五里镇.csv"), "an input was withdrawn"),
        (_edit("in/2021/司法局2021.xlsx", b"revised"), "last year's input changed"),
        (_edit("in/2018/区政府办.xlsx", b"found in the archive"), "an earlier year was added"),
        (_edit("p/report.docx", b"new wording"), "the template changed"),
        (_edit("p/catalogue.toml", b"new indicator"), "the catalogue changed"),
        (_edit("p/roster.toml", b"new unit"), "the roster changed"),
        (_remove(f"out/{TITLE}_草稿_20230105-090000.docx"), "the last draft was deleted"),
        (_forget_lists, "the manifest predates the 待补充处 and 数据不全的指标 lists"),
    ],
)
def test_any_change_since_the_last_draft_asks_for_a_new_one(
    project: RunPaths, change: Callable[[RunPaths], None], why: str
) -> None:
    """Each change to what the draft depends on makes `unchanged_since` return None."""
    drafted(project)
    change(project)
    assert unchanged_since(project.out, inputs_fingerprint(project)) is None, why


def test_a_new_nianbao_version_asks_for_a_new_draft(
    project: RunPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drafts made by another program version are not reused."""
    drafted(project)
    monkeypatch.setattr(manifest, "VERSION", "9.9.9")
    assert unchanged_since(project.out, inputs_fingerprint(project)) is None


@pytest.fixture
def code_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the installed nianbao package that the fingerprint hashes instead."""
    copy = tmp_path / "code" / "nianbao"
    shutil.copytree(
        Path(nianbao.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(manifest, "code_folders", lambda: [copy])
    return copy


def _append(name: str, data: bytes) -> Callable[[Path], None]:
    def change(code: Path) -> None:
        with (code / name).open("ab") as fh:
            fh.write(data)

    return change


def _rename(old: str, new: str) -> Callable[[Path], None]:
    return lambda code: (code / old).rename(code / new)


def _cache(code: Path) -> None:
    (code / "__pycache__").mkdir()
    (code / "__pycache__" / "manifest.cpython-311.pyc").write_bytes(b"compiled")


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        pytest.param(_append("figures/rules.py", b"# fixed\n"), True, id="a-fix-in-a-module"),
        pytest.param(_append("intake/values.py", b" "), True, id="one-byte"),
        pytest.param(_append("new_module.py", b"x = 1\n"), True, id="a-new-module"),
        pytest.param(
            _rename("figures/phrasing.py", "figures/phrases.py"), True, id="a-renamed-module"
        ),
        pytest.param(_cache, False, id="bytecode-caches-ignored"),
    ],
)
def test_code_hash_follows_the_bytes_of_the_installed_code(
    code_copy: Path, change: Callable[[Path], None], changed: bool
) -> None:
    """The code hash changes with any code file, whatever the version says; caches do not count."""
    before = manifest.code_sha256()
    change(code_copy)
    assert (manifest.code_sha256() != before) is changed


def test_a_code_fix_without_a_new_version_asks_for_a_new_draft(
    project: RunPaths, code_copy: Path
) -> None:
    """After a fix the scheduled run drafts again instead of saying 未发生变化 and keeping the faulty draft."""
    drafted(project)
    assert unchanged_since(project.out, inputs_fingerprint(project)) is not None
    _append("aggregation.py", b"# fix of a wrong total\n")(code_copy)
    assert unchanged_since(project.out, inputs_fingerprint(project)) is None


def test_the_installed_code_is_nianbao_and_the_flows() -> None:
    """Both packages a draft runs through are hashed, found where they are installed."""
    assert [folder.name for folder in manifest.code_folders()] == ["nianbao", "flows"]
    assert all((folder / "__init__.py").is_file() for folder in manifest.code_folders())


def test_only_the_newest_manifest_counts(project: RunPaths) -> None:
    """Inputs changed back to an older state still need a draft: the newest draft differs."""
    drafted(project, "20230105-090000")
    original = (project.inputs / "司法局.xlsx").read_bytes()
    (project.inputs / "司法局.xlsx").write_bytes(b"changed")
    drafted(project, "20230106-090000")
    (project.inputs / "司法局.xlsx").write_bytes(original)
    assert unchanged_since(project.out, inputs_fingerprint(project)) is None


def test_newest_is_chosen_by_creation_time_not_file_name(
    project: RunPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later run wins even when its file name sorts first."""
    drafted(project, "20230106-090000")
    later = datetime.now(UTC) + timedelta(hours=1)
    (project.inputs / "司法局.xlsx").write_bytes(b"changed")
    monkeypatch.setattr(manifest, "datetime", _FrozenClock(later))
    drafted(project, "20230101-090000")
    last = unchanged_since(project.out, inputs_fingerprint(project))
    assert last is not None
    assert last["draft"] == f"{TITLE}_草稿_20230101-090000.docx"


class _FrozenClock:
    """Stand-in for `datetime` in nianbao.season.manifest: `now()` is fixed, parsing is real."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self, tz: object = None) -> datetime:
        return self.at

    fromisoformat = staticmethod(datetime.fromisoformat)


@pytest.mark.parametrize(
    "content",
    ["{not json", "[]", '{"year": 2022}', '{"year": 2022, "created": "yesterday"}'],
)
def test_unreadable_manifests_are_ignored(project: RunPaths, content: str) -> None:
    """A broken manifest neither crashes a scheduled run nor hides the real last draft."""
    drafted(project)
    (project.out / "zzz_草稿_broken.manifest.json").write_text(content, "utf-8")
    assert unchanged_since(project.out, inputs_fingerprint(project)) is not None


def test_a_manifest_of_another_year_is_not_compared(project: RunPaths) -> None:
    """An out folder shared by two years compares only drafts of the run's year."""
    drafted(project)
    fp = inputs_fingerprint(project)
    other = Fingerprint(**{**fp.__dict__, "year": 2023})
    assert unchanged_since(project.out, other) is None


def test_every_run_appends_one_line_to_the_run_log(project: RunPaths) -> None:
    """New drafts and unchanged runs are both recorded, oldest first."""
    summary = drafted(project)
    record_run(project.out, summary)
    log = record_run(project.out, summary_of(_newest(project.out), project.out))
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(x["outcome"], x["message"]) for x in lines] == [
        ("drafted", "已生成新草稿"),
        ("unchanged", "未发生变化，未生成新草稿"),
    ]
    assert {x["draft"] for x in lines} == {summary.draft.name}


def test_unchanged_summary_says_no_new_draft_in_chinese(project: RunPaths) -> None:
    """The artifact text names the earlier draft and says nothing was generated."""
    drafted(project)
    last = summary_of(_newest(project.out), project.out)
    text = manifest.unchanged_markdown(last)
    assert "未发生变化，未生成新草稿" in text
    assert last.draft.name in text
    assert f"{PLACES}：1处；{INCOMPLETE}：2个" in text


def _newest(out: Path) -> dict[str, object]:
    found = manifest.latest_manifest(out, 2022)
    assert found is not None
    return found
