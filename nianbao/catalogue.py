"""The indicator catalogue, report parts and unit roster of a profile, loaded from its TOML data files."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from nianbao.consistency import catalogue_problems, duplicates
from nianbao.errors import CatalogueError
from nianbao.shapes import Aggregation, IndicatorShape, Kind, Section, Shapes, read_shapes
from nianbao.targets import Targets, build_targets, target_problems

KINDS: tuple[Kind, ...] = get_args(Kind)
DEFAULT_PRECISION: dict[str, int] = {"count": 0, "amount": 2, "percent": 2, "days": 1}
KIND_NAMES: dict[str, str] = {
    "count": "计数",
    "amount": "金额",
    "percent": "百分比",
    "days": "时长",
}
CATALOGUE_FILE = "catalogue.toml"
ROSTER_FILE = "roster.toml"
TEMPLATE_FILE = "report.docx"
_SPACE = re.compile(r"[\s\u3000]+")
_FORMULA_CODE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Part:
    """A part of the report that figures and free text belong to (成效 areas, 问题, 任务 groups)."""

    key: str
    section: Section
    name: str


@dataclass(frozen=True)
class Indicator:
    """One figure of the report: how it is named, reported, aggregated and phrased."""

    code: str
    name: str
    kind: Kind
    part: str
    unit: str = ""
    precision: int = 0
    approx: str = ""
    aggregation: Aggregation = "sum"
    formula: str = ""
    reporters: tuple[str, ...] = ()
    not_above: str = ""
    higher_is_better: bool = True
    note: str = ""
    band: Decimal | None = None  # year-on-year plausible band (±%), overrides [trend] band
    aliases: tuple[
        str, ...
    ] = ()  # other names in prose (nianbao.bindings); "受理 纠纷": words in order

    @property
    def is_input(self) -> bool:
        """Return whether units type this indicator into their workbooks (not derived)."""
        return self.aggregation in ("sum", "single")

    def formula_codes(self) -> list[str]:
        """Return the indicator codes the formula of a derived indicator refers to."""
        return _FORMULA_CODE.findall(self.formula)


@dataclass(frozen=True)
class Unit:
    """A reporting unit of the roster: a department or a 乡镇（街道）."""

    id: str
    name: str
    group: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """District-wide settings of a profile: names, title pattern, deadlines, contact."""

    district: str
    issuer: str
    title: str
    deadline: str
    form_deadline: str
    contact: str

    def title_for(self, year: int) -> str:
        """Return the report title for `year`, e.g. 关于2021年度法治政府建设工作的报告."""
        return self.title.format(year=year)


@dataclass(frozen=True)
class Catalogue:
    """Everything a profile declares as data: settings, parts, indicators and units."""

    root: Path
    profile: Profile
    parts: tuple[Part, ...]
    indicators: dict[str, Indicator]
    units: tuple[Unit, ...]
    _by_unit: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _unit_index: dict[str, Unit] = field(default_factory=dict, repr=False)
    _reporters: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _reporter_units: dict[str, list[Unit]] = field(default_factory=dict, repr=False)
    _names: dict[str, Unit] = field(default_factory=dict, repr=False)
    targets: Targets = field(default_factory=Targets)

    @property
    def template_path(self) -> Path:
        """Return the path of the profile's Word template."""
        return self.root / TEMPLATE_FILE

    def part(self, key: str) -> Part:
        """Return the part named by `key`."""
        for part in self.parts:
            if part.key == key:
                return part
        raise CatalogueError(f"指标目录中没有报告部分“{key}”")

    def unit(self, unit_id: str) -> Unit:
        """Return the roster unit with id `unit_id`."""
        try:
            return self._units_by_id[unit_id]
        except KeyError:
            raise CatalogueError(f"名册中没有单位代码“{unit_id}”") from None

    def reporters_of(self, indicator: Indicator) -> list[Unit]:
        """Return the roster units expected to report `indicator` (groups expanded; cached)."""
        units = self._reporter_units.get(indicator.code)
        if units is None:
            ids = self.reporter_ids(indicator)
            units = self._reporter_units[indicator.code] = [u for u in self.units if u.id in ids]
        return list(units)

    def reporter_ids(self, indicator: Indicator) -> frozenset[str]:
        """Return the ids of the units expected to report `indicator` (cached per indicator)."""
        ids = self._reporters.get(indicator.code)
        if ids is None:
            wanted = set(indicator.reporters)
            ids = frozenset(u.id for u in self.units if u.id in wanted or u.group in wanted)
            self._reporters[indicator.code] = ids
        return ids

    def unit_named(self, label: str) -> Unit | None:
        """Return the unit whose name or alias matches `label` (spaces and district prefix ignored)."""
        if not self._names:
            for unit in reversed(self.units):  # the first unit wins when two share a name
                self._names.update(
                    (self.normalise_name(n), unit) for n in (unit.name, *unit.aliases)
                )
        return self._names.get(self.normalise_name(label))

    def normalise_name(self, name: str) -> str:
        """Return `name` without spaces and district prefixes, with full-width parentheses."""
        name = _SPACE.sub("", name).replace("(", "（").replace(")", "）")
        for prefix in (self.profile.issuer.removesuffix("人民政府"), self.profile.district, "区"):
            name = name.removeprefix(prefix)
        return name

    @property
    def _units_by_id(self) -> dict[str, Unit]:
        if not self._unit_index:
            self._unit_index.update((u.id, u) for u in self.units)
        return self._unit_index

    def codes_for(self, unit_id: str) -> tuple[str, ...]:
        """Return the codes of the input indicators `unit_id` reports, in catalogue order."""
        return self._by_unit.get(unit_id, ())


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
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
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
