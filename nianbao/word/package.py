"""A .docx as a zip of XML parts: read, resolve relationships, drop parts, write back in order."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from nianbao.core.errors import DocumentError
from nianbao.intake.formats.safety import (
    XML_PARTS,
    Budget,
    Package,
    RejectedFileError,
    check_entries,
    check_size,
    read_xml,
)

CONTENT_TYPES = "[Content_Types].xml"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # libxml2's size limits stay on

Parts = dict[str, bytes]


def read_package(path: Path) -> Parts:
    """Return the parts of the .docx at `path` by name, in zip order, within the workbook limits.

    As for input workbooks (nianbao.intake.formats.safety): the file size, the zip (entries, compression ratios,
    part and total sizes, counted while inflating) and every XML part (no DOCTYPE/ENTITY) are
    checked before any parser sees them; a refusal is a DocumentError naming the file.
    """
    if not path.is_file():
        raise DocumentError(f"找不到草稿：{path}")
    try:
        check_size(path.stat().st_size)
        blob = path.read_bytes()
        zf = zipfile.ZipFile(io.BytesIO(blob))
        infos = zf.infolist()
        check_entries(infos)
        docx, budget = Package(zf, blob), Budget()
        return {info.filename: _read_part(docx, info, budget) for info in infos}
    except RejectedFileError as exc:
        raise DocumentError(f"无法打开草稿 {path.name}：{exc}") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise DocumentError(f"无法打开草稿 {path.name}：不是有效的 Word 文档（{exc}）") from exc


def _read_part(docx: Package, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """Return one part: XML through nianbao.intake.formats.safety's checks, pictures within the byte budget."""
    if info.filename.lower().endswith(XML_PARTS):
        return read_xml(docx, info.filename, budget)
    data = docx.zip.read(info)  # never more than the declared size, which check_entries bounded
    budget.spend(len(data))
    return data


def writer(parts: Parts) -> Callable[[str], None]:
    """Return a writer of `parts` as a zip at a given path (for storage.save_new)."""

    def write(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, data in parts.items():  # original order: [Content_Types].xml first
                dst.writestr(name, data)

    return write


def parse(parts: Parts, name: str) -> etree._Element:
    """Return the parsed XML part `name` (DocumentError when missing or malformed)."""
    try:
        return etree.fromstring(parts[name], _PARSER)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise DocumentError(f"Word 文档已损坏，无法读取 {name}（{exc}）") from exc


def serialize(root: etree._Element) -> bytes:
    """Return `root` as a standalone UTF-8 XML part."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def main_part(parts: Parts) -> str:
    """Return the name of the main document part (normally word/document.xml)."""
    for rel in parse(parts, "_rels/.rels"):
        name = target("", rel.get("Target", ""))
        if rel.get("Type", "").endswith("/officeDocument") and name in parts:
            return name
    raise DocumentError("Word 文档缺少正文部分（word/document.xml）")


def rels_of(part: str) -> str:
    """Return the name of the relationships part of `part`."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def target(source: str, ref: str) -> str:
    """Return the part name a relationship target `ref` of part `source` points to."""
    if ref.startswith("/"):
        return ref.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), ref))


def drop_relationships(
    parts: Parts, source: str, rels: etree._Element, gone: Callable[[etree._Element], bool]
) -> list[str]:
    """Remove the relationships of `source` for which `gone(rel)` holds, with their parts.

    A part another relationship still points to is kept; parts only the removed ones pointed to
    (e.g. a custom XML item's itemProps) go too, with their content types (overrides, and defaults
    of extensions no part has any more). Returns the removed parts.
    """
    dropped = []
    for rel in list(rels):
        if gone(rel):
            rels.remove(rel)
            if rel.get("TargetMode") != "External":
                dropped.append(target(source, rel.get("Target", "")))
    parts[rels_of(source)] = serialize(rels)
    removed = _prune(parts, dropped)
    types = parse(parts, CONTENT_TYPES)
    names = set(removed) | {rels_of(name) for name in removed}
    for override in types.findall(f"{{{_CT}}}Override"):
        if override.get("PartName", "").lstrip("/") in names:
            types.remove(override)
    extensions = {name.rsplit(".", 1)[-1].lower() for name in parts if "." in name}  # _rels/.rels
    for default in types.findall(f"{{{_CT}}}Default"):
        if default.get("Extension", "").lower() not in extensions:
            types.remove(default)
    parts[CONTENT_TYPES] = serialize(types)
    return removed


def _prune(parts: Parts, candidates: list[str]) -> list[str]:
    """Remove the `candidates` no relationship points to, then what only they pointed to."""
    removed: list[str] = []
    while candidates:
        still = {
            target(name[: -len(".rels")].replace("_rels/", ""), rel.get("Target", ""))
            for name in parts
            if name.endswith(".rels")
            for rel in parse(parts, name)
            if rel.get("TargetMode") != "External"
        }
        orphans = [
            name for name in dict.fromkeys(candidates) if name not in still and name in parts
        ]
        candidates = []
        for name in orphans:
            if rels_of(name) in parts:
                candidates += [
                    target(name, rel.get("Target", ""))
                    for rel in parse(parts, rels_of(name))
                    if rel.get("TargetMode") != "External"
                ]
            parts.pop(name)
            parts.pop(rels_of(name), None)
        removed += orphans
    return removed


def referenced_ids(root: etree._Element) -> set[str]:
    """Return the relationship ids a part's XML uses (r:id, r:embed, r:link…)."""
    return {v for el in root.iter() for k, v in el.attrib.items() if k.startswith(f"{{{_R}}}")}
