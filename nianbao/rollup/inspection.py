"""Reading a published package back: every file against the manifest's sha256, every JSON against its shape.

A package that fails is not used; the reason says, in Chinese, which file and what is wrong.
"""

from __future__ import annotations

import hashlib
from typing import TypeVar

from nianbao.core.errors import InputError
from nianbao.rollup.location import Location
from nianbao.rollup.package import Published, district_folder
from nianbao.rollup.records import (
    CONTENT_FILES,
    FIGURES_FILE,
    FINDINGS_FILE,
    MANIFEST_FILE,
    TEXTS_FILE,
    FiguresFile,
    FindingsFile,
    Manifest,
    TextsFile,
    parse,
)

R = TypeVar("R", FiguresFile, TextsFile, FindingsFile)


def read_package(location: Location, year: int, folder: str, revision: int) -> Published:
    """Return the package `<year>/<folder>/<revision>` checked whole; InputError naming what is wrong."""
    ref = f"{year}/{folder}/{revision}"
    problems: list[str] = []
    present = set(location.names(ref))
    if MANIFEST_FILE not in present:
        raise InputError(f"第{revision}版缺少 {MANIFEST_FILE}（报送包不完整）")
    raw = location.read(ref, MANIFEST_FILE)
    try:
        manifest = parse(Manifest, MANIFEST_FILE, raw)
    except ValueError as exc:
        raise InputError(f"第{revision}版{exc}") from None
    problems += _identity(manifest, year, folder, revision)
    data: dict[str, bytes] = {}
    for name in CONTENT_FILES:
        if name not in manifest.files:
            problems.append(f"{MANIFEST_FILE} 未列出 {name}")
        elif name not in present:
            problems.append(f"缺少 {name}")
        else:
            data[name] = location.read(ref, name)
            if hashlib.sha256(data[name]).hexdigest() != manifest.files[name]:
                problems.append(f"{name} 的 sha256 与 {MANIFEST_FILE} 不符（报送后被改动或损坏）")
                del data[name]
    if extra := sorted(present - {MANIFEST_FILE, *manifest.files}):
        problems.append(f"有清单未列出的文件：{'、'.join(extra)}")
    figures = _parsed(FiguresFile, FIGURES_FILE, data, problems)
    texts = _parsed(TextsFile, TEXTS_FILE, data, problems)
    findings = _parsed(FindingsFile, FINDINGS_FILE, data, problems)
    if figures is not None and figures.year != year:
        problems.append(f"{FIGURES_FILE} 的年度为{figures.year}，不是{year}")
    if problems or figures is None or texts is None or findings is None:
        raise InputError(f"第{revision}版" + "；".join(problems))
    return Published(
        ref=ref,
        revision=revision,
        sha256=hashlib.sha256(raw).hexdigest(),
        manifest=manifest,
        figures=figures,
        texts=texts,
        findings=findings,
    )


def _parsed(model: type[R], name: str, data: dict[str, bytes], problems: list[str]) -> R | None:
    if name not in data:
        return None
    try:
        return parse(model, name, data[name])
    except ValueError as exc:
        problems.append(str(exc))
        return None


def _identity(manifest: Manifest, year: int, folder: str, revision: int) -> list[str]:
    """Return the ways the manifest disagrees with where the package lies."""
    problems = []
    if manifest.year != year:
        problems.append(f"{MANIFEST_FILE} 的年度为{manifest.year}，不是{year}")
    if manifest.revision != revision:
        problems.append(f"{MANIFEST_FILE} 的版本为{manifest.revision}，与文件夹 {revision} 不符")
    if folder != district_folder(manifest.district):
        problems.append(
            f"{MANIFEST_FILE} 的报送单位为“{manifest.district}”，与文件夹“{folder}”不符"
        )
    return problems
