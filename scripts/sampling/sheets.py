"""What a unit's file shows, whatever its format: cover, indicator rows, free texts, drop-down choices."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.profile.catalogue import Catalogue, Indicator

from .data import CATEGORIES, Cell, Filing, Text, YearData

COVER_SHEET = "填报说明"
HEADER = ("指标编码", "指标名称", "单位", "本年数值", "上年数值", "填报说明")
TEXT_HEADER = ("报告部分", "内容")
CSV_TEXT_HEADER = ("类别", "报告部分", "内容")
FIRST_ROW = 5  # first indicator row of the 指标数据 sheet (row 4 is the header)


@dataclass(frozen=True)
class Row:
    """One indicator row of the 指标数据 table."""

    code: str
    name: str
    unit: str
    current: Cell
    previous: Cell
    note: str

    def cells(self) -> tuple[Cell, ...]:
        """Return the six cells of the row, in header order."""
        return (self.code, self.name, self.unit, self.current, self.previous, self.note)


def unit_word(ind: Indicator) -> str:
    """Return the unit word shown in the 单位 column (percent indicators show %)."""
    return "%" if ind.kind == "percent" and not ind.unit else ind.unit


def note_for(ind: Indicator) -> str:
    """Return the 填报说明 text of an indicator row."""
    if ind.note:
        return ind.note
    hints = {
        "percent": "填写百分数的数值，如 98.5 表示 98.5%",
        "amount": "单位：万元，可保留两位小数",
        "days": "单位：工作日，可填小数",
    }
    return hints.get(ind.kind, "")


def indicator_rows(
    cat: Catalogue, data: YearData, unit_id: str, previous: YearData | None
) -> list[Row]:
    """Return the 指标数据 rows of a unit: typed spelling if any, else the clean value."""
    rows = []
    prev_values = previous.values.get(unit_id, {}) if previous else {}
    for code in cat.codes_for(unit_id):
        ind = cat.indicators[code]
        current = data.typed.get(unit_id, {}).get(code, data.values[unit_id].get(code))
        rows.append(
            Row(code, ind.name, unit_word(ind), current, prev_values.get(code), note_for(ind))
        )
    return rows


def cover_rows(cat: Catalogue, filing: Filing, year: int) -> list[tuple[str, Cell]]:
    """Return the label/value pairs and notes of the 填报说明 cover sheet."""
    month, day = (int(x) for x in cat.profile.form_deadline.split("-"))
    return [
        ("单位名称", filing.label),
        ("填报年度", year),
        ("报送截止", f"{year + 1}年{month}月{day}日"),
        ("联系人", filing.contact),
        ("联系电话", filing.phone),
        ("", None),
        ("填报须知", None),
        ("1. 请在“指标数据”表的“本年数值”列填写阿拉伯数字，不写约数和文字。", None),
        ("2. 百分比指标填百分数的数值（如 99.5），金额一律以万元为单位。", None),
        ("3. 本年未发生的事项填 0；确无数据的请留空，并在“填报说明”列写明原因。", None),
        ("4. 文字材料分别填入“亮点做法”“存在问题”“下一年打算”三张表，每格一条。", None),
        (f"5. 报送联系：{cat.profile.contact}。", None),
    ]


def texts_by_category(data: YearData, unit_id: str) -> dict[str, list[Text]]:
    """Return a unit's free texts grouped by category, in the order of CATEGORIES."""
    return {c: [t for t in data.texts if t.unit == unit_id and t.category == c] for c in CATEGORIES}


@dataclass(frozen=True)
class Sheets:
    """Everything one unit's file shows, independent of the file format."""

    filing: Filing
    year: int
    cover: list[tuple[str, Cell]]
    rows: list[Row]
    texts: dict[str, list[Text]]
    choices: dict[str, list[str]]  # category → part names offered in the 报告部分 drop-down


def sheets_for(cat: Catalogue, data: YearData, unit_id: str, previous: YearData | None) -> Sheets:
    """Return the content of a unit's file for the sample year `data`."""
    filing = data.filings[unit_id]
    return Sheets(
        filing=filing,
        year=data.year,
        cover=cover_rows(cat, filing, data.year),
        rows=indicator_rows(cat, data, unit_id, previous),
        texts=texts_by_category(data, unit_id),
        choices={c: [p.name for p in cat.parts if p.section == s] for c, s in CATEGORIES.items()},
    )
