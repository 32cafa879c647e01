"""The indicator catalogue, report parts and unit roster of a profile, loaded from its TOML data files."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from nianbao.errors import CatalogueError
from nianbao.formula import check_formula
from nianbao.targets import Targets, number, parse_targets, target_problems

Kind = Literal["count", "amount", "percent", "days"]
Aggregation = Literal["sum", "single", "formula", "growth"]
Section = Literal["achievements", "problems", "tasks"]

KINDS: tuple[Kind, ...] = ("count", "amount", "percent", "days")
AGGREGATIONS: tuple[Aggregation, ...] = ("sum", "single", "formula", "growth")
APPROX_WORDS = ("", "余", "多", "以上")
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
_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
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
    """Return the catalogue of the profile folder `root` (catalogue.toml + roster.toml), checked."""
    cat_data = _read_toml(root / CATALOGUE_FILE)
    roster_data = _read_toml(root / ROSTER_FILE)
    try:
        profile = Profile(**cat_data["profile"])
        parts = tuple(Part(**p) for p in cat_data["part"])
        units = tuple(_unit(u) for u in roster_data["unit"])
        indicators = {i["code"]: _indicator(i) for i in cat_data["indicator"]}
        targets = parse_targets(cat_data)
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError(f"{root / CATALOGUE_FILE} 格式有误：{exc}") from exc
    catalogue = Catalogue(
        root, profile, parts, indicators, units, _codes_by_unit(indicators, units), targets=targets
    )
    _check(catalogue)
    return catalogue


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


def _unit(raw: dict[str, object]) -> Unit:
    aliases = raw.get("aliases", [])
    return Unit(
        id=str(raw["id"]),
        name=str(raw["name"]),
        group=str(raw["group"]),
        aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
    )


def _indicator(raw: dict[str, object]) -> Indicator:
    kind = str(raw["kind"])
    values = dict(raw)
    values.setdefault("precision", DEFAULT_PRECISION.get(kind, 0))
    values["reporters"] = tuple(values.get("reporters", ()))  # type: ignore[arg-type]
    values["aliases"] = tuple(values.get("aliases", ()))  # type: ignore[arg-type]
    if "band" in values:
        values["band"] = number(values["band"])
    return Indicator(**values)  # type: ignore[arg-type]


def _check(cat: Catalogue) -> None:
    if len({u.id for u in cat.units}) != len(cat.units):
        raise CatalogueError("名册中存在重复的单位代码")
    for ind in cat.indicators.values():
        if problem := _problem(ind, cat):
            raise CatalogueError(f"指标目录 {ind.code}：{problem}")
    if problems := target_problems(cat.targets, cat.indicators, cat.parts):
        raise CatalogueError(f"指标目录 {problems[0]}")


def _problem(ind: Indicator, cat: Catalogue) -> str:
    """Return what is wrong with `ind` in Chinese, or "" when it is well formed."""
    known = {u.id for u in cat.units} | {u.group for u in cat.units}
    refs = ind.formula_codes() + ([ind.not_above] if ind.not_above else [])
    checks = [
        (not _CODE.match(ind.code), "编码须为“领域.名称”形式的小写英文"),
        (ind.kind not in KINDS, f"未知类型“{ind.kind}”"),
        (ind.aggregation not in AGGREGATIONS, f"未知汇总方式“{ind.aggregation}”"),
        (ind.approx not in APPROX_WORDS, "约数写法只能是“余”“多”“以上”"),
        (ind.part not in {p.key for p in cat.parts}, f"未知报告部分“{ind.part}”"),
        (ind.is_input and not ind.reporters, "未指定填报单位（reporters）"),
        (
            bool(set(ind.reporters) - known),
            f"填报单位“{'、'.join(sorted(set(ind.reporters) - known))}”不在名册中",
        ),
        (
            ind.aggregation == "single" and len(cat.reporters_of(ind)) != 1,
            "汇总方式为 single，但填报单位不止一个",
        ),
        (not ind.is_input and not ind.formula, "派生指标缺少公式（formula）"),
        (
            any(ref not in cat.indicators for ref in refs),
            f"引用了不存在的指标“{'、'.join(r for r in refs if r not in cat.indicators)}”",
        ),
    ]
    for failed, message in checks:
        if failed:
            return message
    if ind.aggregation == "formula" and (problem := check_formula(ind.formula)):
        return f"公式“{ind.formula}”{problem}"
    return ""
