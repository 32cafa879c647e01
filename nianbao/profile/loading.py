"""Reading a profile folder into a Catalogue: catalogue.toml and roster.toml, every problem found at once."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli

from nianbao.core.errors import CatalogueError
from nianbao.profile.catalogue import (
    CATALOGUE_FILE,
    DEFAULT_PRECISION,
    ROSTER_FILE,
    Catalogue,
    Indicator,
    Part,
    Profile,
    Unit,
)
from nianbao.profile.consistency import catalogue_problems, duplicates
from nianbao.profile.shapes import IndicatorShape, Shapes, read_shapes
from nianbao.profile.targets import build_targets, target_problems


def load_catalogue(root: Path) -> Catalogue:
    """Return the catalogue of the profile folder `root` (catalogue.toml + roster.toml), checked.

    Every problem of both files is collected, located and raised at once as one CatalogueError.
    """
    return build_catalogue(root, _read_toml(root / CATALOGUE_FILE), _read_toml(root / ROSTER_FILE))


def build_catalogue(root: Path, entries: Mapping[str, Any], roster: Mapping[str, Any]) -> Catalogue:
    """Return the catalogue of the data of catalogue.toml (`entries`) and roster.toml, or raise one CatalogueError."""
    shapes = read_shapes(entries, roster)
    parts = tuple(Part(**p.model_dump()) for p in shapes.parts)
    units = tuple(Unit(u.id, u.name, u.group, tuple(u.aliases)) for u in shapes.units)
    indicators = {i.code: _indicator(i) for i in shapes.indicators}
    profile = Profile(**shapes.profile.model_dump()) if shapes.profile else _UNREAD
    catalogue = Catalogue(
        root,
        profile,
        parts,
        indicators,
        units,
        _codes_by_unit(indicators, units),
        targets=build_targets(shapes),
    )
    if problems := [" ".join(p.split()) for p in (*shapes.problems, *_problems(catalogue, shapes))]:
        raise CatalogueError(
            f"配置文件夹 {root} 中有{len(problems)}处错误："
            + "；".join(f"（{i}）{p}" for i, p in enumerate(problems, 1)),
            tuple(problems),
        )
    return catalogue


_UNREAD = Profile("", "", "", "", "", "")  # stands in for a [profile] in error, never returned


def _problems(cat: Catalogue, shapes: Shapes) -> list[str]:
    """Return the problems across the well-shaped entries: duplicates, references, formulas, units."""
    return [
        *duplicates("part", (p.key for p in shapes.parts), "报告部分代码"),
        *duplicates("part", (p.name for p in shapes.parts), "报告部分名称"),
        *duplicates("indicator", (i.code for i in shapes.indicators), "指标编码"),
        *duplicates("unit", (u.id for u in shapes.units), "单位代码"),
        *catalogue_problems(cat, shapes.broken),
        *target_problems(cat.targets, cat.indicators, cat.parts, shapes.broken),
    ]


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CatalogueError(f"找不到配置文件：{path}")
    try:
        with path.open("rb") as fh:
            return tomli.load(fh)
    except tomli.TOMLDecodeError as exc:
        raise CatalogueError(f"{path} 不是有效的 TOML：{exc}") from exc


def _codes_by_unit(
    indicators: dict[str, Indicator], units: tuple[Unit, ...]
) -> dict[str, tuple[str, ...]]:
    """Return unit id → the codes it reports, in catalogue order (worked out once per group)."""
    typed = [(code, set(ind.reporters)) for code, ind in indicators.items() if ind.is_input]
    named = set().union(*(reporters for _, reporters in typed))
    by_group: dict[str, tuple[str, ...]] = {}
    by_unit = {}
    for u in units:
        if u.id not in named and u.group in by_group:
            by_unit[u.id] = by_group[u.group]
            continue
        codes = tuple(c for c, reporters in typed if u.id in reporters or u.group in reporters)
        by_unit[u.id] = codes
        if u.id not in named:
            by_group[u.group] = codes
    return by_unit


def _indicator(shape: IndicatorShape) -> Indicator:
    values = shape.model_dump()
    if values["precision"] is None:
        values["precision"] = DEFAULT_PRECISION[shape.kind]
    values["reporters"] = tuple(shape.reporters)
    values["aliases"] = tuple(shape.aliases)
    return Indicator(**values)
