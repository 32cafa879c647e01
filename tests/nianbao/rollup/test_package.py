"""District packages: written whole as a new revision, never over another, read back only when intact."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from nianbao.core.errors import InputError
from nianbao.core.version import VERSION
from nianbao.rollup.inspection import read_package
from nianbao.rollup.location import TEMP_PREFIX, Location
from nianbao.rollup.package import Content, publish_content, revisions
from nianbao.rollup.records import CONTENT_FILES, MANIFEST_FILE
from nianbao.season.manifest import file_sha256

from ...conftest import PROFILE


def test_each_publication_is_the_next_revision_and_reads_back_whole(
    tmp_path: Path, content_2022: Content
) -> None:
    """Two publications give folders 1 and 2; each manifest names its revision and every file's sha256."""
    location = Location(tmp_path)
    first = publish_content(content_2022, location)
    second = publish_content(content_2022, location)
    assert (first.ref, second.ref) == ("2022/平桥区/1", "2022/平桥区/2")
    folder = tmp_path / "2022" / "平桥区" / "2"
    manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
    assert manifest["revision"] == 2
    assert manifest["district"] == "平桥区"
    assert manifest["nianbao"] == VERSION
    assert manifest["catalogue_sha256"] == file_sha256(PROFILE / "catalogue.toml")
    for name in CONTENT_FILES:
        assert manifest["files"][name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    back = read_package(location, 2022, "平桥区", 2)
    assert (
        back.sha256
        == second.sha256
        == hashlib.sha256((folder / MANIFEST_FILE).read_bytes()).hexdigest()
    )
    assert back.figures == content_2022.figures
    assert back.texts == content_2022.texts
    online = back.figures.figures["zwfw.online_items"]
    assert online.text == "1538项"
    assert [(s.unit, s.sheet) for s in online.sources] == [("区政务服务和大数据管理局", "指标数据")]


def test_the_first_revision_is_untouched_by_the_second(
    tmp_path: Path, content_2022: Content
) -> None:
    """Publishing again never rewrites an earlier folder, byte for byte."""
    location = Location(tmp_path)
    publish_content(content_2022, location)
    folder = tmp_path / "2022" / "平桥区" / "1"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    publish_content(replace(content_2022, profile="changed"), location)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_revision_taken_meanwhile_moves_the_package_to_the_next_name(
    tmp_path: Path, content_2022: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When another publisher takes revision 1 between the listing and the rename, this one becomes 2."""
    location = Location(tmp_path)
    taken = tmp_path / "2022" / "平桥区" / "1"
    monkeypatch.setattr("nianbao.rollup.package.revisions", lambda *_: [])
    original = Location.write

    def racing(self: Location, files: dict[str, bytes], *parts: str) -> None:
        if not taken.exists():
            taken.mkdir(parents=True)
            (taken / "manifest.json").write_text("another publisher", "utf-8")
        original(self, files, *parts)

    monkeypatch.setattr(Location, "write", racing)
    done = publish_content(content_2022, location)
    assert done.revision == 2
    assert (taken / "manifest.json").read_text("utf-8") == "another publisher"
    assert json.loads((taken.parent / "2" / MANIFEST_FILE).read_text("utf-8"))["revision"] == 2


def test_a_failed_write_leaves_no_revision_and_no_temp_folder(
    tmp_path: Path, content_2022: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk error halfway leaves the location as it was: no half package is ever visible."""

    def failing(self: Location, path: str, data: bytes) -> None:
        if path.endswith(MANIFEST_FILE):
            raise OSError("disk full")
        Path(path).write_bytes(data)

    location = Location(tmp_path)
    monkeypatch.setattr(location.fs, "pipe_file", failing.__get__(location))
    with pytest.raises(OSError, match="disk full"):
        publish_content(content_2022, location)
    folder = tmp_path / "2022" / "平桥区"
    assert revisions(location, 2022, "平桥区") == []
    assert not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_an_fsspec_url_works_like_a_folder(content_2022: Content) -> None:
    """memory:// stands for any fsspec store: publish, list and read back."""
    location = Location("memory://rollup-test-url")
    publish_content(content_2022, location)
    done = publish_content(content_2022, location)
    assert revisions(location, 2022, "平桥区") == [1, 2]
    assert read_package(location, 2022, "平桥区", 2).sha256 == done.sha256


def _damage_hash(folder: Path) -> None:
    (folder / "figures.json").write_text(
        (folder / "figures.json").read_text("utf-8").replace('"1426"', '"1427"', 1), "utf-8"
    )


def _unlisted(folder: Path) -> None:
    (folder / "备注.txt").write_text("补充说明", "utf-8")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_damage_hash, "figures.json 的 sha256 与 manifest.json 不符"),
        (lambda f: (f / "texts.json").write_text("{", "utf-8"), "texts.json 的 sha256"),
        (lambda f: (f / "manifest.json").write_text("{", "utf-8"), "manifest.json 不是有效的 JSON"),
        (lambda f: (f / "manifest.json").unlink(), "缺少 manifest.json"),
        (lambda f: (f / "findings.json").unlink(), "缺少 findings.json"),
        (_unlisted, "有清单未列出的文件：备注.txt"),
    ],
)
def test_a_damaged_package_is_refused_naming_the_file(
    tmp_path: Path, content_2022: Content, damage: object, reason: str
) -> None:
    """Hash mismatch, broken JSON, a missing or unlisted file: one Chinese reason naming the file."""
    location = Location(tmp_path)
    publish_content(content_2022, location)
    damage(tmp_path / "2022" / "平桥区" / "1")  # type: ignore[operator]
    with pytest.raises(InputError, match=reason):
        read_package(location, 2022, "平桥区", 1)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda m: m.update(files={}), "manifest.json 未列出 figures.json"),
        (lambda m: m.update(year=2021), "年度为2021"),
        (lambda m: m.update(revision=5), "版本为5"),
        (lambda m: m.pop("district"), "manifest.json 格式不符：district 缺少必填项"),
    ],
)
def test_a_manifest_that_disagrees_is_refused(
    tmp_path: Path, content_2022: Content, edit: object, reason: str
) -> None:
    """A manifest of another year, revision or shape, or one not listing a file, is refused."""
    location = Location(tmp_path)
    publish_content(content_2022, location)
    path = tmp_path / "2022" / "平桥区" / "1" / MANIFEST_FILE
    manifest = json.loads(path.read_text("utf-8"))
    edit(manifest)  # type: ignore[operator]
    path.write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    with pytest.raises(InputError, match=reason):
        read_package(location, 2022, "平桥区", 1)
