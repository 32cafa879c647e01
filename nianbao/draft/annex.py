"""The data annex: every indicator with this year, last year, change, sources and status (数据附表.xlsx)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.styles import PatternFill

from nianbao.core.storage import replace_file
from nianbao.core.workbooks import append_safe, new_book
from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import phrase_change, phrase_figure, round_half_up
from nianbao.profile.catalogue import Catalogue, Indicator

ANNEX_FILE = "数据附表.xlsx"
STATUS_NAMES = {"ok": "完整", "partial": "数据不全", "missing": "待补充"}
NO_VALUE = "—"
_HEADER = (
    "指标编码",
    "指标名称",
    "所属部分",
    "本年数值",
    "上年数值",
    "增减",
    "同比",
    "计量单位",
    "来源单位",
    "状态",
    "说明",
)
_WIDTHS = (28, 40, 26, 14, 14, 12, 22, 10, 40, 10, 60)
_FLAG_FILL = PatternFill("solid", fgColor="FFEB9C")


@dataclass(frozen=True)
class AnnexRow:
    """One indicator of the annex: raw values for the xlsx, phrased texts for the draft's table."""

    code: str
    name: str
    part: str
    unit: str
    value: Decimal | None
    previous: Decimal | None
    now_text: str
    before_text: str
    diff: Decimal | None
    change: str
    sources: str
    status: str
    note: str
    warnings: tuple[str, ...] = ()


def annex_rows(
    figures: Mapping[str, Figure],
    cat: Catalogue,
    warnings: Mapping[str, tuple[str, ...]] | None = None,
) -> list[AnnexRow]:
    """Return one annex row per catalogue indicator, in catalogue order."""
    flags = warnings or {}
    return [
        _row(figures[code], ind, cat, flags.get(code, ()))
        for code, ind in cat.indicators.items()
        if code in figures
    ]


def _row(fig: Figure, ind: Indicator, cat: Catalogue, warnings: tuple[str, ...]) -> AnnexRow:
    now, before = fig.value, fig.previous
    comparable = now is not None and before is not None and ind.aggregation != "growth"
    diff = change = None
    if comparable and now is not None and before is not None:
        diff = round_half_up(now, ind.precision) - round_half_up(before, ind.precision)
        change = phrase_change(now, before, ind.kind, ind.unit, ind.precision)
    status = STATUS_NAMES[fig.status] + ("，同比异常" if warnings else "")
    return AnnexRow(
        code=ind.code,
        name=ind.name,
        part=cat.part(ind.part).name,
        unit="%" if ind.kind == "percent" else ind.unit,
        value=_stored(now, ind),
        previous=_stored(before, ind),
        now_text=_phrase(now, ind),
        before_text=_phrase(before, ind),
        diff=diff,
        change=change or NO_VALUE,
        sources="、".join(dict.fromkeys(s.unit for s in fig.sources)),
        status=status,
        note="；".join(x for x in (fig.note, *warnings) if x),
        warnings=warnings,
    )


def _stored(value: Decimal | None, ind: Indicator) -> Decimal | None:
    """Return `value` as the workbook keeps it: inputs exact, derived figures to precision + 2."""
    if value is None or ind.is_input:
        return value
    return round_half_up(value, ind.precision + 2)


def _phrase(value: Decimal | None, ind: Indicator) -> str:
    if value is None:
        return NO_VALUE
    if ind.aggregation == "growth":  # a rate of change, worded as the draft words it
        word = "增长" if value >= 0 else "下降"
        return word + phrase_figure(abs(value), ind.kind, ind.unit, ind.precision).text
    return phrase_figure(value, ind.kind, ind.unit, ind.precision).text


def write_annex_book(rows: list[AnnexRow], out: Path) -> Path:
    """Write the rows to the workbook `out` (replaced atomically) and return its path."""
    book, sheet = new_book("主要数据", _HEADER)
    for r in rows:
        cells = append_safe(
            sheet,
            (
                r.code,
                r.name,
                r.part,
                r.value,
                r.previous,
                r.diff,
                r.change,
                r.unit,
                r.sources,
                r.status,
                r.note,
            ),
        )
        if r.warnings:
            cells[9].fill = _FLAG_FILL
    for col, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, col).column_letter].width = width
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    return replace_file(out, book.save)
