"""Corpus cases about workbook structure: merged and hidden cells, formulas, table layout, versions, identity."""

from __future__ import annotations

from datetime import datetime

from office import calc_chain
from openpyxl import Workbook

from .books import (
    FILLED,
    SHEET,
    YEAR,
    book_for,
    cells,
    indicator_row,
    indicator_sheet,
    save,
    values_of,
)
from .expected import Expected
from .packages import cached_formulas


def sheet_structure() -> list[Expected]:
    """Merged cells, hidden rows and sheets, formulas with and without cached values."""
    book, mg = book_for(
        "胡店乡", values_of("hudian", {"zwfw.village_stations": None, "zwfw.town_centers": 13})
    )
    ws = book.active
    assert ws is not None
    ws.merge_cells(f"D{mg.rows['zwfw.town_centers']}:D{mg.rows['zwfw.village_stations']}")
    save(book, "15_merged.xlsx")

    book, hr = book_for("彭家湾乡", values_of("pengjiawan"))
    ws = book.active
    assert ws is not None
    for code in ("tj.elders", "tj.amount"):
        ws.row_dimensions[hr.rows[code]].hidden = True
    save(book, "16_hidden_rows.xlsx", suite=True)

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "填报说明"
    for row in (["单位名称", "肖王乡"], ["填报年度", YEAR], ["填报日期", FILLED]):
        cover.append(row)
    cover.sheet_state = "hidden"
    data = book.create_sheet(SHEET)
    indicator_sheet(data, "", values_of("xiaowang"), year=None, top=1)
    old = book.create_sheet("旧表")
    old.append(["去年的草稿，已作废"])
    old.sheet_state = "hidden"
    book.active = 1
    save(book, "17_hidden_sheet.xlsx")

    cached = {"tj.disputes_received": "=SUM(150,50)", "pf.legal_literates": "=1000+500"}
    book, fc = book_for("肖店乡", values_of("xiaodian", cached))
    path = save(
        book,
        "18_formula_cached.xlsx",
        patch={"xl/worksheets/sheet1.xml": cached_formulas({"SUM(150,50)": 200, "1000+500": 1500})},
        suite=True,
    )  # saved by Calc, with the calculation chain Excel would add
    formulas = [fc.value(code).split("!")[1] for code in cached]
    path.write_bytes(calc_chain(path.read_bytes(), 1, formulas))

    rows = values_of("changtaiguan")
    book, fu = book_for(
        "长台关乡", rows | {"tj.disputes_received": "=SUM(D20:D21)", "tj.petition_people": "=D17*2"}
    )
    save(book, "19_formula_uncached.xlsx")
    return [
        Expected(
            "15_merged.xlsx",
            "两个指标的数值单元格合并成一格",
            "hudian",
            True,
            16,
            cells(mg, "value.merged", "zwfw.town_centers")
            + cells(mg, "value.empty", "zwfw.village_stations"),
        ),
        Expected(
            "16_hidden_rows.xlsx",
            "两行被隐藏（读取并提醒）",
            "pengjiawan",
            True,
            18,
            cells(hr, "row.hidden", "tj.elders", "tj.amount"),
        ),
        Expected(
            "17_hidden_sheet.xlsx",
            "封面（单位名称、年度）在隐藏工作表中；另一隐藏表无内容",
            "xiaowang",
            True,
            18,
            ["sheet.hidden 填报说明!"],
        ),
        Expected(
            "18_formula_cached.xlsx", "公式单元格保存了计算结果（采用结果）", "xiaodian", True, 18
        ),
        Expected(
            "19_formula_uncached.xlsx",
            "公式单元格没有计算结果（程序生成后未在Excel中打开）",
            "changtaiguan",
            True,
            16,
            cells(fu, "value.formula_uncached", "tj.disputes_received", "tj.petition_people"),
        ),
    ]


def table_layout() -> list[Expected]:
    """Renamed and extra columns; blank rows and notes in the middle of the table."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = SHEET
    ws.append(["单位名称", "查山乡", "填报日期", FILLED])
    ws.append(["填报年度", YEAR])
    ws.append([])
    ws.append(["编码", "名称", "计量单位", "2022年数值", "2021年数值", "核实人", "备注"])
    for code, value in values_of("chashan").items():
        ws.append([*indicator_row(code, value)[:4], None, "张三", ""])
    save(book, "20_renamed_columns.xlsx")

    book = Workbook()
    ws = book.active
    assert ws is not None
    values = list(values_of("youhe").items())
    layout = indicator_sheet(ws, "游河乡", dict(values[:6]))
    rows = layout.rows
    r = max(rows.values()) + 3  # two blank rows
    for code, value in values[6:12]:
        for c, cell in enumerate(indicator_row(code, value), start=1):
            if cell is not None:
                ws.cell(r, c, cell)
        rows[code] = r
        r += 1
    ws.cell(r, 4, 7)  # a value without a code
    stray = r
    r += 2
    for code, value in values[12:]:
        for c, cell in enumerate(indicator_row(code, value), start=1):
            if cell is not None:
                ws.cell(r, c, cell)
        rows[code] = r
        r += 1
    ws.cell(r + 1, 1, "填表人：张三")
    ws.cell(r + 2, 1, "联系电话：0376-0000000")
    save(book, "21_blank_rows.xlsx")
    return [
        Expected(
            "20_renamed_columns.xlsx",
            "表头改名（编码、2022年数值、2021年数值），多出“核实人”列",
            "chashan",
            True,
            18,
            ["sheet.unknown_column 指标数据!F4"],
        ),
        Expected(
            "21_blank_rows.xlsx",
            "指标表中间有空行，空行后的数值照常读取；一行有数值无编码；表下有填表人备注",
            "youhe",
            True,
            18,
            [f"row.no_code 指标数据!D{stray}"],
        ),
    ]


def duplicates() -> list[Expected]:
    """Two versions of one unit's workbook: the newer (by saved time) is used."""
    book, _ = book_for("王岗乡", values_of("wanggang", {"tj.elders": 7}))
    save(book, "22_dup_v1.xlsx", saved=datetime(2023, 2, 1, 9, 0))
    book, _ = book_for("平桥区王岗乡", values_of("wanggang", {"tj.elders": 8}))
    save(book, "23_dup_v2.xlsx", saved=datetime(2023, 2, 10, 9, 0))
    return [
        Expected(
            "22_dup_v1.xlsx",
            "同一单位的旧版本（2月1日保存）",
            "wanggang",
            False,
            0,
            ["submission.superseded 指标数据!B1"],
        ),
        Expected(
            "23_dup_v2.xlsx",
            "同一单位的新版本（2月10日保存，采用）",
            "wanggang",
            True,
            18,
            ["submission.duplicate 指标数据!B1"],
        ),
    ]


def unusable_identity() -> list[Expected]:
    """Wrong year, unknown unit, no unit label, empty workbook."""
    book, _ = book_for("明港镇", values_of("minggang"), year=2021)
    save(book, "29_wrong_year.xlsx")
    book, _ = book_for("区规划局", {"gf.repealed": 16})
    save(book, "30_unknown_unit.xlsx")
    book, _ = book_for("", {"tj.elders": 12})
    save(book, "31_no_unit_label.xlsx")
    save(Workbook(), "32_empty_workbook.xlsx")
    return [
        Expected(
            "29_wrong_year.xlsx",
            "填报年度为2021（整份未采用）",
            "minggang",
            False,
            0,
            ["year.wrong 指标数据!B2"],
        ),
        Expected(
            "30_unknown_unit.xlsx",
            "单位名称不在名册中（整份未采用）",
            "",
            False,
            0,
            ["unit.unknown 指标数据!B1"],
        ),
        Expected(
            "31_no_unit_label.xlsx", "没有“单位名称”（整份未采用）", "", False, 0, ["unit.missing"]
        ),
        Expected("32_empty_workbook.xlsx", "空白工作簿", "", False, 0, ["file.no_table"]),
    ]
