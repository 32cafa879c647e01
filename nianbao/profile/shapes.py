"""The shape of catalogue.toml and roster.toml as pydantic models; each shape error located, in Chinese."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

Kind = Literal["count", "amount", "percent", "days"]
Aggregation = Literal["sum", "single", "formula", "growth"]
Section = Literal["achievements", "problems", "tasks"]
Expect = Literal[">=", "<=", "==", "not_worse"]
Approx = Literal["", "余", "多", "以上"]

# The tables of the two files and the key that names an entry of each array of tables.
NAMED_BY = {"part": "key", "indicator": "code", "rule": "id", "chart": "title", "unit": "id"}
ROSTER_TABLES = ("unit",)


def where(table: str, name: str = "", key: str = "") -> str:
    """Return where a problem is, as the office finds it: catalogue.toml [[indicator]] a.b 的 formula."""
    file = "roster.toml" if table in ROSTER_TABLES else "catalogue.toml"
    head = f"[[{table}]]" if table in NAMED_BY else f"[{table}]"
    place = " ".join(x for x in (file, head, name) if x)
    return f"{place} 的 {key}" if key else place


def _matching(pattern: str, hint: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError("nianbao", hint)
        return value

    return AfterValidator(check)


def _number(raw: object) -> Decimal:
    """Return a TOML number as a Decimal; text, true/false and the like are refused."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise PydanticCustomError("nianbao", "应为数字（不加引号）")
    return Decimal(str(raw))


def _title(value: str) -> str:
    try:
        value.format(year=2000)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):  # {x}, {0}, {, {year.x}
        raise PydanticCustomError("nianbao", "花括号只能用于 {year}（年度）") from None
    return value


def _month_day(value: str) -> str:
    month, _, day = value.partition("-")
    try:
        date(2001, int(month), int(day))  # a common year: 02-29 would not exist every year
    except ValueError:
        raise PydanticCustomError("nianbao", "应为“月-日”，如 03-31") from None
    return value


Text = Annotated[str, Field(min_length=1)]
Name = Annotated[str, _matching(r"[a-z][a-z0-9_]*", "须为小写英文、数字或下划线，以字母开头")]
Code = Annotated[
    str,
    _matching(
        r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", "须为“领域.名称”形式的小写英文，如 zwfw.online_items"
    ),
]
RuleId = Annotated[str, _matching(r"[a-z][a-z0-9_.]*", "须为小写英文、数字、下划线或点号")]
Number = Annotated[Decimal, BeforeValidator(_number)]
MonthDay = Annotated[
    str, _matching(r"[0-9]{2}-[0-9]{2}", "应为“月-日”，如 03-31"), AfterValidator(_month_day)
]


class Shape(BaseModel):
    """A table of the files: strict types (no coercion), unknown keys refused, read-only."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ProfileShape(Shape):
    """[profile]: names, title pattern, deadlines and contact of the district."""

    district: Text
    issuer: Text
    title: Annotated[str, Field(min_length=1), AfterValidator(_title)]
    deadline: MonthDay
    form_deadline: MonthDay
    contact: Text
    publish_to: str = ""  # where `nianbao publish` and the draft flow put the district's package
    reporter_word: Text = "单位"  # what the roster's members are called (a city: 县区)
    submission_word: Text = "报表"  # what each of them hands in (a city: 数据包)


class PartShape(Shape):
    """[[part]]: a part of the report."""

    key: Name
    section: Section
    name: Text


class IndicatorShape(Shape):
    """[[indicator]]: one figure of the report."""

    code: Code
    name: Text
    kind: Kind
    part: str
    unit: str = ""
    precision: int | None = Field(None, ge=0)
    approx: Approx = ""
    aggregation: Aggregation = "sum"
    formula: str = ""
    reporters: list[str] = []
    not_above: str = ""
    higher_is_better: bool = True
    note: str = ""
    band: Annotated[Number, Field(gt=0)] | None = None
    aliases: list[Text] = []  # other names of the figure in units' prose (nianbao.figures.bindings)


class UnitShape(Shape):
    """[[unit]] of roster.toml: a reporting unit."""

    id: Name
    name: Text
    group: Name
    aliases: list[Text] = []


class RuleShape(Shape):
    """[[rule]]: a target on one indicator."""

    id: RuleId
    indicator: str
    expect: Expect
    problem: Text
    task: Text
    part: str
    target: Number | None = None


class ChartShape(Shape):
    """[[chart]]: a chart of the annex."""

    title: Text
    indicators: Annotated[list[str], Field(min_length=1)]


class TrendShape(Shape):
    """[trend]: the plausible year-on-year band, the slip ratio and the small-number floor."""

    band: Annotated[Number, Field(gt=0)] = Decimal(50)
    slip: Annotated[Number, Field(gt=1)] = Decimal(8)
    small: Annotated[Number, Field(ge=0)] = Decimal(10)


class CatalogueFile(Shape):
    """The top level of catalogue.toml (its entries are checked one by one afterwards)."""

    profile: dict[str, Any]
    part: Annotated[list[Any], Field(min_length=1)]
    indicator: Annotated[list[Any], Field(min_length=1)]
    rule: list[Any] = []
    chart: list[Any] = []
    trend: dict[str, Any] = {}


class RosterFile(Shape):
    """The top level of roster.toml."""

    unit: Annotated[list[Any], Field(min_length=1)]


S = TypeVar("S", bound=Shape)


@dataclass(frozen=True)
class Shapes:
    """The well-shaped entries of catalogue.toml and roster.toml, and a located problem for the rest."""

    profile: ProfileShape | None
    parts: list[PartShape]
    indicators: list[IndicatorShape]
    units: list[UnitShape]
    rules: list[RuleShape]
    charts: list[ChartShape]
    trend: TrendShape
    problems: list[str]
    broken: dict[str, set[str]]  # table → names of the entries set aside (already reported)


def read_shapes(catalogue: Mapping[str, Any], roster: Mapping[str, Any]) -> Shapes:
    """Return the entries of both files that have their shape, with a problem for each error of the rest."""
    reader = _Reader()
    reader.top(CatalogueFile, "catalogue.toml", catalogue)
    reader.top(RosterFile, "roster.toml", roster)
    profile, trend = catalogue.get("profile"), catalogue.get("trend", {})
    return Shapes(
        reader.entry(ProfileShape, "profile", profile) if isinstance(profile, dict) else None,
        reader.entries(PartShape, "part", catalogue),
        reader.entries(IndicatorShape, "indicator", catalogue),
        reader.entries(UnitShape, "unit", roster),
        reader.entries(RuleShape, "rule", catalogue),
        reader.entries(ChartShape, "chart", catalogue),
        (reader.entry(TrendShape, "trend", trend) if isinstance(trend, dict) else None)
        or TrendShape(),
        reader.problems,
        reader.broken,
    )


@dataclass
class _Reader:
    problems: list[str] = field(default_factory=list)
    broken: dict[str, set[str]] = field(default_factory=dict)

    def top(self, shape: type[Shape], file: str, data: Mapping[str, Any]) -> None:
        """Note the problems of a file's top level: tables missing, unknown or of the wrong form."""
        try:
            shape.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                table = str(error["loc"][0])
                value = data.get(table)
                head = (
                    f"[[{table}]]" if isinstance(value, list) or table in NAMED_BY else f"[{table}]"
                )
                message = _TOP.get(error["type"], _SAY.get(error["type"], "格式有误"))
                self.problems.append(f"{file} {head}：{message.format(t=table)}")

    def entries(self, shape: type[S], table: str, data: Mapping[str, Any]) -> list[S]:
        """Return the entries of the array of tables `table` that have `shape`."""
        items = data.get(table)
        found = []
        for i, raw in enumerate(items if isinstance(items, list) else []):
            name = raw.get(NAMED_BY[table]) if isinstance(raw, dict) else None
            name = " ".join(name.split()) if isinstance(name, str) else ""
            name = name or f"第{i + 1}个"
            if (entry := self.entry(shape, table, raw, name)) is not None:
                found.append(entry)
        return found

    def entry(self, shape: type[S], table: str, raw: object, name: str = "") -> S | None:
        """Return `raw` as `shape`, or None with a problem for each way it is not."""
        try:
            return shape.model_validate(raw)
        except ValidationError as exc:
            self.broken.setdefault(table, set()).add(name)
            self.problems += [_say(shape, error, table, name) for error in exc.errors()]
            return None


_SAY: dict[str, str] = {
    "missing": "缺少必填项",
    "string_type": "应为文字（用英文双引号括起）",
    "int_type": "应为整数（不加引号）",
    "bool_type": "应为 true 或 false（不加引号）",
    "list_type": '应为列表，如 ["…", "…"]',
    "dict_type": "应为一个表",
    "model_type": "应为一个表",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "greater_than": "须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "finite_number": "应为有限的数字",
}
_TOP: dict[str, str] = {
    "missing": "缺少这一部分",
    "extra_forbidden": "不是可用的表（拼写有误？）",
    "list_type": "应写成 [[{t}]]，每项一段",
    "dict_type": "应写成 [{t}]",
}


def _say(shape: type[Shape], error: ErrorDetails, table: str, name: str) -> str:
    """Return one pydantic error of an entry as a located Chinese problem."""
    loc = error["loc"]
    key = str(loc[0]) if loc else ""
    place = key + "".join(f" 第{i + 1}项" for i in loc[1:] if isinstance(i, int))
    kind = error["type"]
    if kind == "nianbao":
        message = error["msg"]
    elif kind == "literal_error":
        allowed = get_args(shape.model_fields[key].annotation)
        message = "只能是 " + "、".join(f'"{a}"' for a in allowed)
    elif kind == "extra_forbidden":
        close = difflib.get_close_matches(key, list(shape.model_fields), n=1)
        message = "不是可用的字段" + (f"，是否应为 {close[0]}？" if close else "")
    else:
        message = _SAY.get(kind, "取值不符合要求").format(**error.get("ctx", {}))
    return f"{where(table, name, place)}：{message}"
