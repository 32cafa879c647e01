"""The sample data of scripts/samples/*.toml: values, typed spellings, texts and filings per year."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.profile.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "scripts" / "samples"
PROFILE = ROOT / "templates_docx" / "default"
INPUTS = ROOT / "inputs"
YEARS = (2020, 2021, 2022)
DATA_SHEET = "指标数据"
CATEGORIES = {"亮点做法": "achievements", "存在问题": "problems", "下一年打算": "tasks"}
Number = int | float
Cell = str | Number | None


@dataclass(frozen=True)
class Text:
    """One free-text item a unit submits."""

    unit: str
    category: str
    part: str
    content: str


@dataclass(frozen=True)
class Filing:
    """How one unit's file for one year looks: name, label in 单位名称, contact, format.

    `suite` names the office suite that saved the unit's filled-in form ("LibreOffice"), or "".
    """

    unit: str
    file: str
    label: str
    contact: str
    phone: str
    date: str
    encoding: str = ""
    data_sheet: str = DATA_SHEET
    suite: str = ""

    @property
    def suffix(self) -> str:
        """Return the lower-case file extension (.xlsx, .xls or .csv)."""
        return Path(self.file).suffix.lower()


@dataclass
class YearData:
    """Everything about one sample year: clean values, typed spellings, texts, filings."""

    year: int
    values: dict[str, dict[str, Number]]
    typed: dict[str, dict[str, str]]
    texts: list[Text]
    filings: dict[str, Filing]
    not_submitted: tuple[str, ...] = ()
    expected: dict[str, Number] = field(default_factory=dict)
    expected_derived: dict[str, Number] = field(default_factory=dict)


def read_toml(name: str) -> dict[str, object]:
    """Return the TOML file `name` of the sample data folder, or {} when there is none."""
    path = DATA / name
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_year(year: int, submissions: dict[str, object]) -> YearData:
    """Return the sample data of `year` from values_<year>.toml, texts_<year>.toml, submissions.toml."""
    raw = read_toml(f"values_{year}.toml")
    values: dict[str, dict[str, Number]] = {u: dict(v) for u, v in raw.get("unit", {}).items()}
    towns = raw.get("towns", {})
    columns = towns.get("columns", [])
    for unit_id, row in towns.get("rows", {}).items():
        if len(row) != len(columns):
            raise SystemExit(
                f"values_{year}.toml: {unit_id} 有 {len(row)} 个数，应为 {len(columns)} 个"
            )
        values[unit_id] = dict(zip(columns, row, strict=True))
    texts = [Text(**t) for t in read_toml(f"texts_{year}.toml").get("text", [])]
    filings = {u: Filing(unit=u, **f) for u, f in submissions.get(str(year), {}).items()}
    return YearData(
        year=year,
        values=values,
        typed={u: dict(v) for u, v in raw.get("typed", {}).items()},
        texts=texts,
        filings=filings,
        not_submitted=tuple(raw.get("not_submitted", ())),
        expected=dict(raw.get("expected", {})),
        expected_derived=dict(raw.get("expected_derived", {})),
    )


def check_data(cat: Catalogue, data: YearData) -> None:
    """Stop with a message if the sample data of a year does not fit the catalogue and roster."""
    unit_ids = {u.id for u in cat.units}
    problems: list[str] = []
    for unit_id in data.filings:
        if unit_id not in unit_ids:
            problems.append(f"submissions.toml [{data.year}]：名册中没有 {unit_id}")
        if unit_id in data.not_submitted:
            problems.append(f"{data.year}：{unit_id} 标为未报送，却有文件")
    for unit_id in data.not_submitted:
        if unit_id in data.values:
            problems.append(f"{data.year}：{unit_id} 标为未报送，却有数值")
    for unit_id in data.filings:
        given = set(data.values.get(unit_id, {})) | set(data.typed.get(unit_id, {}))
        wanted = set(cat.codes_for(unit_id))
        if given != wanted:
            problems.append(
                f"{data.year} {unit_id}：缺 {sorted(wanted - given)}，多 {sorted(given - wanted)}"
            )
    parts = {p.name: p.section for p in cat.parts}
    for text in data.texts:
        if text.unit not in data.filings:
            problems.append(f"texts_{data.year}.toml：{text.unit} 没有报送文件")
        if parts.get(text.part) != CATEGORIES.get(text.category):
            problems.append(f"texts_{data.year}.toml：{text.category} 不能归入“{text.part}”")
    if problems:
        raise SystemExit("样例数据有误：\n  " + "\n  ".join(problems))
