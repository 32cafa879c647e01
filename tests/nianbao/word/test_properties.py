"""Document properties: drafts name the report and the issuing office; refresh and finalize re-date."""

from __future__ import annotations

import hashlib
import subprocess
import time
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from nianbao import pipeline
from nianbao.core.clock import OFFICE_TZ
from nianbao.core.errors import DocumentError
from nianbao.review.finalize import finalize_draft
from nianbao.review.pdf import to_pdf
from nianbao.word import package
from nianbao.word.properties import (
    APPLICATION,
    app_version,
    stamp_document,
    stamp_of,
    touch_package,
    w3cdtf,
)

from ...conftest import INPUTS, PROFILE, draft_year

TEMPLATE = PROFILE / "report.docx"
CORE_FIELDS = ("title", "subject", "author", "last_modified_by", "keywords", "category")
CORE_FIELDS += ("comments", "revision", "created", "modified", "content_status", "language")
REVIEWER = "张三"
REVIEWED_AT = datetime(2023, 2, 1, 8, 30, tzinfo=UTC)
_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _core(path: Path) -> dict[str, Any]:
    props = Document(str(path)).core_properties
    return {name: getattr(props, name) for name in CORE_FIELDS}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _app(path: Path) -> dict[str, str]:
    root = etree.fromstring(_parts(path)["docProps/app.xml"])
    return {etree.QName(el).localname: el.text or "" for el in root}


@pytest.fixture(scope="module")
def template_hash() -> str:
    """Return the template's hash before anything is drafted from it."""
    return _sha(TEMPLATE)


@pytest.fixture(scope="module")
def run(template_hash: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Return the 2022 draft with the time span of its run."""
    start = datetime.now(UTC).replace(microsecond=0)
    draft = draft_year(2022, tmp_path_factory.mktemp("out") / "2022")
    return {"draft": draft, "start": start, "end": datetime.now(UTC)}


@pytest.fixture(scope="module")
def reviewed(run: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the draft as a reviewer's Word saves it: their name, a revision, a thumbnail."""
    doc = Document(str(run["draft"]))
    props = doc.core_properties
    props.last_modified_by, props.revision, props.modified = REVIEWER, 3, REVIEWED_AT
    pkg = doc.part.package
    thumb = _parts(TEMPLATE)["docProps/thumbnail.jpeg"]
    pkg.relate_to(Part(PackURI("/docProps/thumbnail.jpeg"), "image/jpeg", thumb, pkg), RT.THUMBNAIL)
    path = tmp_path_factory.mktemp("reviewed") / "审核稿.docx"
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def outputs(
    run: dict[str, Any], reviewed: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Return the refreshed and the finalized reviewed draft, with the time before both ran."""
    from nianbao.profile.loading import load_catalogue

    out = tmp_path_factory.mktemp("later")
    before = datetime.now(UTC).replace(microsecond=0)
    cat = load_catalogue(PROFILE)
    refreshed = pipeline.refresh_draft(reviewed, cat, 2022, INPUTS / "2022", out / "刷新.docx")
    final = finalize_draft(reviewed, out / "定稿.docx", force=True)
    return {"refresh": refreshed.path, "finalize": final.path, "before": before}


def test_draft_names_the_report_and_the_issuing_office(run: dict[str, Any], catalogue: Any) -> None:
    """Title from the profile, author and company the issuing office, nianbao the application."""
    core, app = _core(run["draft"]), _app(run["draft"])
    issuer = catalogue.profile.issuer
    assert (
        core["title"] == catalogue.profile.title_for(2022) == "关于2022年度法治政府建设工作的报告"
    )
    assert core["subject"] == f"{catalogue.profile.district}2022年度法治政府建设工作报告"
    assert core["author"] == core["last_modified_by"] == app["Company"] == issuer
    assert core["keywords"] == "法治政府建设; 年度报告; 平桥区; 2022年度"
    assert (core["category"], core["revision"], core["comments"]) == ("年度报告", 1, "")
    assert (app["Application"], app["AppVersion"]) == (APPLICATION, app_version())

    """Created = modified = the run's time, the same Beijing second as the draft's file name."""
    """Created = modified = the run's time, the same second as the draft's file name."""
    core = _core(run["draft"])
    assert core["created"] == core["modified"]
    assert run["start"] <= core["created"] <= run["end"]
    stamp = run["draft"].stem.rsplit("_", 1)[-1]
    assert core["created"].astimezone(OFFICE_TZ).strftime("%Y%m%d-%H%M%S") == stamp


def test_draft_keeps_nothing_of_the_template_properties(run: dict[str, Any]) -> None:
    """No template title, Word statistics, 2013 date or thumbnail (part, relationship, jpeg type)."""
    parts = _parts(run["draft"])
    props = b"".join(data for name, data in parts.items() if name.startswith("docProps/"))
    for old in ("模板", "Microsoft", "2013", "Normal.dotm", "scripts/build_template.py", "Pages"):
        assert old.encode() not in props
    assert not [name for name in parts if "thumbnail" in name]
    assert b"thumbnail" not in parts["_rels/.rels"]
    assert b'Extension="jpeg"' not in parts["[Content_Types].xml"]


def _package_problems(path: Path) -> list[str]:
    """Return what is inconsistent in the package: dangling or unused types, missing targets."""
    parts = _parts(path)
    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{_CT}Default")}
    overrides = {o.get("PartName", "").lstrip("/") for o in types.iter(f"{_CT}Override")}
    names = {n: n.rsplit(".", 1)[-1].lower() for n in parts if n != "[Content_Types].xml"}
    problems = [
        f"no content type: {n}" for n, ext in names.items() if not {n, ext} & (overrides | defaults)
    ]
    problems += [f"override without part: {n}" for n in overrides - set(parts)]
    problems += [f"unused default: {ext}" for ext in defaults - set(names.values())]
    for rels in (n for n in names if n.endswith(".rels")):
        source = rels.replace("_rels/", "")[: -len(".rels")]
        for rel in package.parse(parts, rels):
            target = package.target(source, rel.get("Target", ""))
            if rel.get("TargetMode") != "External" and target not in parts:
                problems.append(f"{rels} points to missing {target}")
    return problems


@pytest.mark.parametrize("kind", ["draft", "refresh", "finalize"])
def test_package_stays_consistent_and_opens(
    run: dict[str, Any], outputs: dict[str, Any], kind: str
) -> None:
    """Every part typed, no unused content type, every relationship resolves; python-docx opens it."""
    path = run["draft"] if kind == "draft" else outputs[kind]
    assert _package_problems(path) == []
    assert Document(str(path)).core_properties.title == "关于2022年度法治政府建设工作的报告"


@pytest.mark.parametrize(
    ("kind", "changed", "last_editor", "thumbnail"),
    [
        ("refresh", {"modified"}, REVIEWER, True),
        ("finalize", {"modified", "last_modified_by"}, "信阳市平桥区人民政府", False),
    ],
)
def test_refresh_and_finalize_redate_and_keep_the_rest(
    reviewed: Path,
    outputs: dict[str, Any],
    kind: str,
    changed: set[str],
    last_editor: str,
    thumbnail: bool,
) -> None:
    """Only the modified time moves (finalize also names the office as last editor, drops the
    reviewer's thumbnail); created, title, revision and app.xml stay as the reviewer left them."""
    before, after = _core(reviewed), _core(outputs[kind])
    assert {k for k in CORE_FIELDS if before[k] != after[k]} == changed
    assert outputs["before"] <= after["modified"] <= datetime.now(UTC)
    assert (after["last_modified_by"], after["revision"]) == (last_editor, 3)
    assert _parts(outputs[kind])["docProps/app.xml"] == _parts(reviewed)["docProps/app.xml"]
    parts = _parts(outputs[kind])
    assert ("docProps/thumbnail.jpeg" in parts) is thumbnail
    assert (b'Extension="jpeg"' in parts["[Content_Types].xml"]) is thumbnail


@pytest.mark.parametrize(
    ("author", "editor", "expected"),
    [("信阳市平桥区人民政府", REVIEWER, "信阳市平桥区人民政府"), ("", REVIEWER, REVIEWER)],
    ids=["office-replaces-reviewer", "no-author-keeps-editor"],
)
def test_final_last_editor_is_the_author_when_there_is_one(
    run: dict[str, Any], tmp_path: Path, author: str, editor: str, expected: str
) -> None:
    """The issuing office (the draft's author) signs the final; without an author nothing is made up."""
    doc = Document(str(run["draft"]))
    doc.core_properties.author, doc.core_properties.last_modified_by = author, editor
    doc.save(str(tmp_path / "d.docx"))
    final = finalize_draft(tmp_path / "d.docx", tmp_path / "f.docx", force=True)
    assert _core(final.path)["last_modified_by"] == expected


def test_stamping_and_touching_again_change_nothing(run: dict[str, Any]) -> None:
    """The same stamp twice gives the same properties; touching twice at one time, the same parts."""
    when = datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    context = {"title": "标题", "issuer": "某区人民政府", "district": "某区", "year": 2023}
    doc = Document(str(run["draft"]))
    stamp_document(doc, stamp_of(context, when))
    first = {k: getattr(doc.core_properties, k) for k in CORE_FIELDS}
    stamp_document(doc, stamp_of(context, when))
    assert {k: getattr(doc.core_properties, k) for k in CORE_FIELDS} == first
    assert (first["title"], first["created"]) == ("标题", datetime(2024, 3, 1, 1, 0, tzinfo=UTC))
    parts = package.read_package(run["draft"])
    touch_package(parts, when)
    again = dict(parts)
    touch_package(parts, when)
    assert parts == again


def test_template_itself_is_untouched(
    template_hash: str, run: dict[str, Any], outputs: dict[str, Any]
) -> None:
    """Drafting, refreshing and finalizing never write to the office's template."""
    assert _sha(TEMPLATE) == template_hash
    assert "模板".encode() in _parts(TEMPLATE)["docProps/core.xml"]  # its own title stays


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            datetime(2023, 1, 2, 8, 0, 30, 999999, tzinfo=timezone(timedelta(hours=8))),
            "2023-01-02T00:00:30",
        ),
        (datetime(2023, 1, 1, 23, 59, 59, tzinfo=UTC), "2023-01-01T23:59:59"),
        (datetime(2023, 1, 2, 6, 0), "2023-01-01T22:00:00"),  # naive: local time (Asia/Shanghai)
    ],
    ids=["beijing", "utc", "naive-local"],
)
def test_times_are_written_in_utc_to_the_second(
    monkeypatch: pytest.MonkeyPatch, when: datetime, expected: str
) -> None:
    """W3CDTF times are UTC (`…Z`): an offset is converted, a naive time read as local time."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert w3cdtf(when) == datetime.fromisoformat(expected + "+00:00")
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", "00.0100"), ("1.12.3", "01.1203"), ("2.0", "02.0000"), ("3.1.0rc1", "03.0100")],
)
def test_app_version_has_the_ooxml_form(version: str, expected: str) -> None:
    """AppVersion must read XX.YYYY; the version's parts map onto it, a pre-release tag is dropped."""
    assert app_version(version) == expected


def test_touch_without_core_properties_adds_nothing(run: dict[str, Any]) -> None:
    """A package without core properties is left without them (nothing is made up)."""
    parts = package.read_package(run["draft"])
    rels = package.parse(parts, "_rels/.rels")
    package.drop_relationships(parts, "", rels, lambda r: r.get("Type") == RT.CORE_PROPERTIES)
    before = dict(parts)
    touch_package(parts, datetime.now())
    assert parts == before
    assert "docProps/core.xml" not in parts


def test_touch_refuses_broken_core_properties(run: dict[str, Any]) -> None:
    """Broken core properties stop finalize with a message naming the part."""
    parts = package.read_package(run["draft"])
    parts["docProps/core.xml"] = b"<cp:coreProperties"
    with pytest.raises(DocumentError, match=r"docProps/core\.xml"):
        touch_package(parts, datetime.now())


def test_pdf_of_the_draft_carries_title_subject_and_author(
    run: dict[str, Any], soffice: str, pdftotext: str, tmp_path: Path
) -> None:
    """LibreOffice converts the draft and takes its properties into the PDF's information."""
    pdf = to_pdf(run["draft"], tmp_path, soffice=soffice)
    pdfinfo = str(Path(pdftotext).with_name("pdfinfo"))  # poppler-utils ships both
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "关于2022年度法治政府建设工作的报告"
    assert fields["Subject"].strip() == "平桥区2022年度法治政府建设工作报告"
    assert fields["Author"].strip() == "信阳市平桥区人民政府"
