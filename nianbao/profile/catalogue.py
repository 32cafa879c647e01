"""The indicator catalogue, report parts and unit roster of a profile, loaded from its TOML data files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import get_args

from nianbao.core.errors import CatalogueError
from nianbao.profile.shapes import Aggregation, Kind, Section
from nianbao.profile.targets import Targets

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
    ] = ()  # other names in prose (nianbao.figures.bindings); "受理 纠纷": words in order

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
    publish_to: str = ""  # a folder or fsspec URL the district publishes its package to ("": none)
    reporter_word: str = "单位"  # what the roster's members are called in checklists and summaries
    submission_word: str = "报表"  # what each of them hands in

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
