"""Document properties (docProps) of drafts and finals: what the report is, who issues it, when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.parser import parse_xml
from lxml import etree

from nianbao.core.version import VERSION
from nianbao.word import package

APPLICATION = "nianbao"
REPORT_KIND = "法治政府建设工作报告"
CATEGORY = "年度报告"
CORE_PART = "/docProps/core.xml"
APP_PART = "/docProps/app.xml"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


@dataclass(frozen=True)
class Stamp:
    """The properties a new draft gets: its title and subject, the issuing office, the run's time."""

    title: str
    subject: str
    issuer: str
    keywords: str
    when: datetime


def stamp_of(context: Mapping[str, Any], when: datetime) -> Stamp:
    """Return the properties of a draft rendered with `context` (title, issuer, district, year)."""
    year, district = context.get("year"), str(context.get("district", ""))
    subject = f"{district}{year}年度{REPORT_KIND}" if year else ""
    words = ("法治政府建设", CATEGORY, district, f"{year}年度" if year else "")
    return Stamp(
        str(context.get("title", "")),
        subject,
        str(context.get("issuer", "")),
        "; ".join(w for w in words if w),
        when,
    )


def w3cdtf(when: datetime) -> datetime:
    """Return `when` in UTC to the second (a naive time is the machine's local time).

    python-docx writes any datetime as `…Z` without converting it, so the zone is settled here.
    """
    return when.astimezone(UTC).replace(microsecond=0)


def app_version(version: str = VERSION) -> str:
    """Return `version` (major.minor.patch) as AppVersion's XX.YYYY form: 0.1.0 → 00.0100."""
    numbers = [int(n) if n.isdigit() else 0 for n in [*version.split("."), "0", "0"][:3]]
    major, minor, patch = (min(n, 99) for n in numbers)
    return f"{major:02d}.{minor:02d}{patch:02d}"


def app_xml(stamp: Stamp) -> bytes:
    """Return the extended properties of a draft: nianbao wrote it, the issuing office owns it."""
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP, "vt": _VT})
    for name, text in (
        ("Application", APPLICATION),
        ("DocSecurity", "0"),
        ("ScaleCrop", "false"),
        ("Company", stamp.issuer),
        ("LinksUpToDate", "false"),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
        ("AppVersion", app_version()),
    ):
        etree.SubElement(root, f"{{{_EP}}}{name}").text = text
    return package.serialize(root)


def _fill_core(core: CoreProperties, stamp: Stamp) -> None:
    """Write the draft's core properties into an empty `core`: created = modified = the run's time."""
    when = w3cdtf(stamp.when)
    core.title, core.subject, core.keywords = stamp.title, stamp.subject, stamp.keywords
    core.author = core.last_modified_by = stamp.issuer
    core.category = CATEGORY
    core.revision = 1
    core.created = core.modified = when


def stamp_document(doc: Document, stamp: Stamp) -> None:
    """Give `doc` its own core and app properties (none of the template's) and drop any thumbnail."""
    pkg = doc.part.package
    core = CorePropertiesPart(
        _partname(pkg, RT.CORE_PROPERTIES, CORE_PART),
        CT.OPC_CORE_PROPERTIES,
        CT_CoreProperties.new(),
        pkg,
    )
    _fill_core(core.core_properties, stamp)
    _replace(pkg, RT.CORE_PROPERTIES, core)
    name = _partname(pkg, RT.EXTENDED_PROPERTIES, APP_PART)
    _replace(
        pkg, RT.EXTENDED_PROPERTIES, Part(name, CT.OFC_EXTENDED_PROPERTIES, app_xml(stamp), pkg)
    )
    for rid in [rid for rid, rel in pkg.rels.items() if rel.reltype == RT.THUMBNAIL]:
        del pkg.rels[rid]  # the part goes with it; python-docx writes content types from the parts


def touch_document(doc: Document, when: datetime) -> None:
    """Set the modified time of `doc` to `when`; every other property stays as it is."""
    doc.core_properties.modified = w3cdtf(when)


def touch_package(parts: package.Parts, when: datetime) -> None:
    """Date a publication copy `when` and name its author (the issuing office) as its last editor.

    The last editor is otherwise the reviewer whose Word saved the draft: a personal name that
    does not belong in a published report, like the comments finalize removes. A thumbnail (a
    picture of the draft's first page, highlights and all) goes too. Without core properties
    (not written by Word, LibreOffice or nianbao) there is nothing to date.
    """
    rels = package.parse(parts, package.rels_of(""))
    name = _core_name(rels)
    if name in parts:
        element = parse_xml(etree.tostring(package.parse(parts, name)))  # DocumentError if broken
        core = CoreProperties(element)
        core.modified = w3cdtf(when)
        if core.author:
            core.last_modified_by = core.author
        parts[name] = package.serialize(element)
    if any(rel.get("Type") == RT.THUMBNAIL for rel in rels):
        package.drop_relationships(parts, "", rels, lambda rel: rel.get("Type") == RT.THUMBNAIL)


def _core_name(rels: etree._Element) -> str:
    for rel in rels:
        if rel.get("Type") == RT.CORE_PROPERTIES:
            return package.target("", rel.get("Target", ""))
    return ""


def _partname(pkg: OpcPackage, reltype: str, default: str) -> PackURI:
    """Return the name of the part `pkg` relates to by `reltype`, or `default` when none."""
    for rel in pkg.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return PackURI(str(rel.target_part.partname))
    return PackURI(default)


def _replace(pkg: OpcPackage, reltype: str, part: Part) -> None:
    """Point `pkg`'s relationship of `reltype` at `part` (same id), or add one."""
    rid = next((r for r, rel in pkg.rels.items() if rel.reltype == reltype), None)
    if rid is None:
        pkg.relate_to(part, reltype)
    else:
        pkg.rels.add_relationship(reltype, part, rid)
