"""Generate tests/corpus: messy and hostile submissions for 2022, each with its expected outcome.

Run `python scripts/make_corpus.py` after changing the cases below (or the catalogue's indicator order);
it rewrites tests/corpus/files/ and tests/corpus/expected.toml. The output is byte-for-byte reproducible
(for one LibreOffice version: the files saved with `suite=True` are re-saved by LibreOffice Calc, so that
shared strings, styles and number formats are read as an office suite writes them).
The expectations are written by hand in each case (kind and cell of every finding, values counted);
only the cell names are resolved from the rows the case itself writes.
"""

from __future__ import annotations

import csv
import io
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlwt
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from office import calc_chain, freeze, require_soffice, resave  # noqa: E402

from nianbao.catalogue import load_catalogue  # noqa: E402

OUT = ROOT / "tests" / "corpus"
FILES = OUT / "files"
YEAR = 2022
SAVED = datetime(2023, 2, 15, 9, 0)  # later than every sample of inputs/2022, so corpus files win
FILLED = "2023-02-15"
HEADER = ["指标编码", "指标名称", "单位", "本年数值", "上年数值", "填报说明"]
SHEET = "指标数据"
CAT = load_catalogue(ROOT / "templates_docx" / "default")
BOMB_BYTES = 2 * 1024**3  # the zip bomb's sheet expands to 2 GiB
# Values of the indicators that take part in part ≤ whole checks; every other count is 10.
BASE: dict[str, object] = {
    "zwfw.online_items": 1400, "zwfw.four_star_items": 1380, "zwfw.reviews": 1000,
    "zwfw.good_reviews": 990, "scjg.random_checks": 50, "scjg.joint_checks": 20,
    "xy.joint_objects": 30, "xy.joint_cases": 10, "gk.requests": 40, "gk.requests_answered": 38,
    "tj.disputes_received": 200, "tj.disputes_mediated": 190, "tj.disputes_resolved": 185,
    "tj.hard_cases": 5, "fw.legal_aid_cases": 300, "fw.wage_cases": 50, "fy.accepted": 60,
    "fy.concluded": 55, "fy.upheld": 30, "fy.revoked": 5,
}  # fmt: skip
_BY_KIND: dict[str, object] = {"count": 10, "percent": 95.5, "amount": 12.5, "days": 3}


@dataclass
class Expected:
    """What the validator must say about one corpus file."""

    name: str
    about: str
    unit: str = ""
    used: bool = False
    counted: int = 0
    findings: list[str] = field(default_factory=list)


@dataclass
class Layout:
    """Where a generated workbook put each indicator row (1-based rows) and its value column."""

    sheet: str
    rows: dict[str, int]
    value_col: str = "D"
    code_col: str = "A"

    def value(self, code: str) -> str:
        """Return `sheet!cell` of the value typed for `code`."""
        return f"{self.sheet}!{self.value_col}{self.rows[code]}"

    def code(self, code: str) -> str:
        """Return `sheet!cell` of the code cell of `code`'s row."""
        return f"{self.sheet}!{self.code_col}{self.rows[code]}"


CASES: list[Callable[[], list[Expected]]] = []


def case(fn: Callable[[], list[Expected]]) -> Callable[[], list[Expected]]:
    """Register a corpus case (it writes its files and returns their expectations)."""
    CASES.append(fn)
    return fn


def values_of(unit_id: str, changes: Mapping[str, object] | None = None) -> dict[str, object]:
    """Return every indicator the unit reports with a plausible value, then `changes` applied."""
    values = {
        code: BASE.get(code, _BY_KIND[CAT.indicators[code].kind]) for code in CAT.codes_for(unit_id)
    }
    return values | dict(changes or {})


def _row(code: str, value: object) -> list[object]:
    ind = CAT.indicators.get(code)
    unit = (ind.unit or "%") if ind else ""
    return [code, ind.name if ind else "", unit, value, None, ""]


def indicator_sheet(
    ws: Worksheet, label: str, values: Mapping[str, object], year: object = YEAR, top: int = 4
) -> Layout:
    """Fill `ws` in the design layout (identity rows 1–2, header row `top`); return the layout."""
    ws.title = SHEET
    if label:
        ws.append(["单位名称", label, "填报日期", FILLED])
    if year is not None:
        ws.cell(2, 1, "填报年度")
        ws.cell(2, 2, year)
    for c, name in enumerate(HEADER, start=1):
        ws.cell(top, c, name)
    rows = {}
    for r, (code, value) in enumerate(values.items(), start=top + 1):
        for c, cell in enumerate(_row(code, value), start=1):
            if cell is not None:
                ws.cell(r, c, cell)
        rows[code] = r
    return Layout(SHEET, rows)


def book_for(
    label: str, values: Mapping[str, object], year: object = YEAR
) -> tuple[Workbook, Layout]:
    """Return a one-sheet workbook of `label` with `values`, and its layout."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    return book, indicator_sheet(ws, label, values, year)


def add_texts(book: Workbook, texts: Mapping[str, Sequence[tuple[str, str]]]) -> None:
    """Add free-text sheets (亮点做法 …), each text written as text even when it starts with “=”."""
    for category, rows in texts.items():
        ws = book.create_sheet(category)
        ws.append(["报告部分", "内容"])
        for r, (part, text) in enumerate(rows, start=2):
            ws.cell(r, 1, part)
            cell = ws.cell(r, 2, text)
            cell.data_type = "s"  # typed as text (Excel: a leading apostrophe)


def save(
    book: Workbook,
    name: str,
    saved: datetime = SAVED,
    patch: Mapping[str, Callable[[bytes], bytes]] | None = None,
    suite: bool = False,
) -> Path:
    """Save `book` as `name` with fixed zip times and dcterms:modified = `saved`; apply part patches.

    With `suite`, the file is then opened and saved again by LibreOffice Calc.
    """
    buf = io.BytesIO()
    book.save(buf)
    path = FILES / name
    blob = freeze(buf.getvalue(), saved, patch)
    path.write_bytes(resave(blob, name, saved) if suite else blob)
    return path


def write_csv(
    name: str,
    label: str,
    values: Mapping[str, object],
    encoding: str,
    delimiter: str = ",",
    year: object = YEAR,
    texts: Sequence[tuple[str, str, str]] = (),
) -> Layout:
    """Write a csv in the design layout; return the layout (sheet = file stem)."""
    rows: list[list[object]] = [["单位名称", label, "填报日期", FILLED]]
    rows.append(["填报年度", year] if year is not None else [])
    rows += [[], HEADER]
    layout = Layout(Path(name).stem, {})
    for code, value in values.items():
        rows.append(_row(code, value))
        layout.rows[code] = len(rows)
    if texts:
        rows += [[], ["类别", "报告部分", "内容"], *[list(t) for t in texts]]
        layout.rows.update({f"text{i}": len(rows) - len(texts) + 1 + i for i in range(len(texts))})
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    (FILES / name).write_bytes(buf.getvalue().encode(encoding))
    return layout


def cells(layout: Layout, kind: str, *codes: str) -> list[str]:
    """Return the expected findings `kind` at the value cells of `codes`."""
    return [f"{kind} {layout.value(code)}" for code in codes]


# ------------------------------------------------------------------ encodings and separators


@case
def csv_encodings() -> list[Expected]:
    """CSV files in GBK, GB18030, UTF-8 with BOM, UTF-16 (tab) and with semicolons."""
    write_csv(
        "01_csv_gbk.csv",
        "平中街道",
        values_of("pingzhong", {"tj.disputes_received": "1,200"}),
        "gbk",
    )
    texts = [
        ("亮点做法", "依法有效化解社会矛盾纠纷", "建成“𠮷祥”调解室，群众满意。"),
        ("亮点", "深入开展普法宣传教育", "类别写错的一段文字。"),
        ("下一年打算", "不存在的部分", "报告部分写错的一段文字。"),
    ]
    gb = write_csv(
        "02_csv_gb18030_texts.csv", "平东街道", values_of("pingdong"), "gb18030", texts=texts
    )
    write_csv(
        "03_csv_utf8_bom.csv", "平西街道", values_of("pingxi", {"tj.elders": " 8 "}), "utf-8-sig"
    )
    write_csv("04_csv_utf16_tab.csv", "甘岸街道", values_of("ganan"), "utf-16", delimiter="\t")
    semi = write_csv(
        "05_csv_semicolon_no_year.csv", "五里墩街道", values_of("wulidun"), "utf-8", ";", year=None
    )
    return [
        Expected("01_csv_gbk.csv", "GBK编码的CSV，千分位“1,200”", "pingzhong", True, 18),
        Expected(
            "02_csv_gb18030_texts.csv",
            "GB18030编码（含GBK以外的“𠮷”），文字材料类别和报告部分写错",
            "pingdong",
            True,
            18,
            [
                f"text.category {gb.sheet}!A{gb.rows['text1']}",
                f"text.part {gb.sheet}!C{gb.rows['text2']}",
            ],
        ),
        Expected("03_csv_utf8_bom.csv", "UTF-8带BOM、CRLF换行，数值带空格", "pingxi", True, 18),
        Expected(
            "04_csv_utf16_tab.csv", "Excel“Unicode文本”：UTF-16、制表符分隔", "ganan", True, 18
        ),
        Expected(
            "05_csv_semicolon_no_year.csv",
            "分号分隔，缺少填报年度（按本年度采用并提醒）",
            "wulidun",
            True,
            18,
            [f"year.missing {semi.sheet}!B1"],
        ),
    ]


@case
def typed_numbers() -> list[Expected]:
    """Full-width digits, thousands separators, numbers stored as text."""
    full = {
        "tj.disputes_received": "２００", "tj.disputes_mediated": "１９０", "tj.amount": "１２０．５",
        "tj.petition_people": "４０人次", "tj.elders": "８名", "pf.legal_literates": "１，５００",
        "tj.mediators": "\u3000３０\u3000",
    }  # fmt: skip
    book, _ = book_for("前进街道", values_of("qianjin", full))
    save(book, "06_fullwidth.xlsx")
    seps = {
        "tj.disputes_received": "1,200", "tj.petition_people": "12,00", "pf.legal_literates": "1,5000",
        "tj.amount": "1,234.5", "fw.village_studios": "1 200",
    }  # fmt: skip
    book, sep = book_for("南京路街道", values_of("nanjinglu", seps))
    save(book, "07_thousands.xlsx")
    texts = {code: f" {v} " for code, v in values_of("yangshan").items()} | {"pf.villages": "0003"}
    book, _ = book_for("羊山街道", texts)
    save(book, "08_numbers_as_text.xlsx")
    return [
        Expected("06_fullwidth.xlsx", "全角数字、全角小数点和逗号、全角空格", "qianjin", True, 18),
        Expected(
            "07_thousands.xlsx",
            "千分位：1,200和1,234.5有效；12,00、1,5000位置不对；1 200是两个数字",
            "nanjinglu",
            True,
            15,
            cells(sep, "value.separator", "tj.petition_people", "pf.legal_literates")
            + cells(sep, "value.several_numbers", "fw.village_studios"),
        ),
        Expected(
            "08_numbers_as_text.xlsx", "数值全部存为文本（带空格、前导零）", "yangshan", True, 18
        ),
    ]


@case
def vague_values() -> list[Expected]:
    """Estimates, Chinese numerals, placeholders, negative counts."""
    vague = {
        "tj.elders": "约20", "tj.mediators": "二十余", "tj.committees": "若干", "tj.named_rooms": "20左右",
        "tj.petitions_prevented": "20余", "pf.villages": "近百",
    }  # fmt: skip
    book, v = book_for("明港镇", values_of("minggang", vague))
    save(book, "09_approximate.xlsx")
    marks = {
        "tj.elders": "—", "tj.mediators": "N/A", "tj.committees": "/", "tj.named_rooms": "-",
        "tj.town_rooms": "无", "pf.villages": "#DIV/0!",
    }  # fmt: skip
    book, p = book_for("五里镇", values_of("wuli", marks))
    save(book, "10_placeholders.xlsx")
    book, n = book_for(
        "邢集镇",
        values_of("xingji", {"tj.elders": -5, "tj.mediators": "-3", "tj.committees": "负2"}),
    )
    save(book, "11_negative.xlsx")
    return [
        Expected(
            "09_approximate.xlsx",
            "约20、若干、20左右、近百是估计数，二十余是汉字数字；20余有效",
            "minggang",
            True,
            13,
            cells(
                v,
                "value.approximate",
                "tj.elders",
                "tj.committees",
                "tj.named_rooms",
                "pf.villages",
            )
            + cells(v, "value.chinese_numeral", "tj.mediators"),
        ),
        Expected(
            "10_placeholders.xlsx",
            "占位符—、N/A、/、-、无，以及公式错误值#DIV/0!",
            "wuli",
            True,
            12,
            cells(
                p,
                "value.placeholder",
                "tj.elders",
                "tj.mediators",
                "tj.committees",
                "tj.named_rooms",
                "tj.town_rooms",
            )
            + cells(p, "value.formula_error", "pf.villages"),
        ),
        Expected(
            "11_negative.xlsx",
            "负的计数：数字-5、文本-3、负2",
            "xingji",
            True,
            15,
            cells(n, "value.negative", "tj.elders", "tj.mediators", "tj.committees"),
        ),
    ]


@case
def ranges_and_units() -> list[Expected]:
    """Percents over 100 or typed as fractions; parts above wholes; unit words against the catalogue."""
    book, pc = book_for(
        "区市场监管局",
        values_of("scjg", {"scjg.supervision_main_rate": 120, "scjg.supervision_sub_rate": 0.9916}),
    )
    save(book, "12_percent.xlsx", suite=True)
    book, pw = book_for(
        "平昌关镇",
        values_of(
            "pingchangguan",
            {"tj.disputes_received": 100, "tj.disputes_mediated": 120, "tj.disputes_resolved": 110},
        ),
    )
    save(book, "13_part_above_whole.xlsx")
    words = {
        "tj.amount": "2900元", "tj.mediators": "3个", "tj.disputes_received": "200件",
        "tj.petition_people": "0.4万人次", "pf.legal_literates": "1500人", "tj.elders": "8名",
    }  # fmt: skip
    book, uw = book_for("洋河镇", values_of("yanghe", words))
    save(book, "14_unit_words.xlsx")
    return [
        Expected(
            "12_percent.xlsx",
            "百分比120超出范围；0.9916是小数写法（应填99.16）",
            "scjg",
            True,
            4,
            cells(pc, "value.percent_range", "scjg.supervision_main_rate")
            + cells(pc, "value.percent_fraction", "scjg.supervision_sub_rate"),
        ),
        Expected(
            "13_part_above_whole.xlsx",
            "调解纠纷数120大于受理数100",
            "pingchangguan",
            True,
            17,
            cells(pw, "value.part_above_whole", "tj.disputes_mediated"),
        ),
        Expected(
            "14_unit_words.xlsx",
            "金额写成2900元（换算为0.29万元并提醒）；人数写成“个”、纠纷写成“件”（单位不符）；0.4万人次有效",
            "yanghe",
            True,
            16,
            cells(uw, "value.unit_converted", "tj.amount")
            + cells(uw, "value.unit_mismatch", "tj.mediators", "tj.disputes_received"),
        ),
    ]


def _cache(formulas: Mapping[str, str]) -> Callable[[bytes], bytes]:
    """Return a patch giving each formula `<f>text</f>` of a sheet the cached result `value`."""

    def patch(xml: bytes) -> bytes:
        for text, value in formulas.items():
            xml = xml.replace(
                f"<f>{text}</f><v></v>".encode(), f"<f>{text}</f><v>{value}</v>".encode()
            )
        return xml

    return patch


@case
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
        patch={"xl/worksheets/sheet1.xml": _cache({"SUM(150,50)": 200, "1000+500": 1500})},
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


@case
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
        ws.append([*_row(code, value)[:4], None, "张三", ""])
    save(book, "20_renamed_columns.xlsx")

    book = Workbook()
    ws = book.active
    assert ws is not None
    values = list(values_of("youhe").items())
    layout = indicator_sheet(ws, "游河乡", dict(values[:6]))
    rows = layout.rows
    r = max(rows.values()) + 3  # two blank rows
    for code, value in values[6:12]:
        for c, cell in enumerate(_row(code, value), start=1):
            if cell is not None:
                ws.cell(r, c, cell)
        rows[code] = r
        r += 1
    ws.cell(r, 4, 7)  # a value without a code
    stray = r
    r += 2
    for code, value in values[12:]:
        for c, cell in enumerate(_row(code, value), start=1):
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


@case
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


@case
def formula_text() -> list[Expected]:
    """Free texts and values starting with = + - @ (must never become formulas in any output)."""
    book, ft = book_for(
        "区政务服务和大数据管理局",
        values_of("zwfw", {"zwfw.agency_items": "=SUM(D5:D6)", "zwfw.one_thing_items": "@100"}),
    )
    ws = book.active
    assert ws is not None
    for code in ("zwfw.agency_items", "zwfw.one_thing_items"):
        ws.cell(ft.rows[code], 4).data_type = "s"
    part = "依法全面履行政府职能"
    add_texts(
        book,
        {
            "亮点做法": [
                (part, '=HYPERLINK("http://example.invalid","点击查看")'),
                (part, "+86 推行“一网通办”。"),
                (part, "-1 项事项调整为即办件。"),
                (part, "@全体：政务服务事项全部进驻中心。"),
                (part, "-加强窗口人员培训。"),
            ]
        },
    )
    save(book, "24_formula_like_text.xlsx", suite=True)
    return [
        Expected(
            "24_formula_like_text.xlsx",
            "文字和数值以=、+、-、@开头（文字采用并提醒；数值无法识别）",
            "zwfw",
            True,
            7,
            cells(ft, "value.several_numbers", "zwfw.agency_items")
            + cells(ft, "value.unreadable", "zwfw.one_thing_items")
            + [f"text.formula_like 亮点做法!B{r}" for r in (2, 3, 4, 5)],
        ),
    ]


@case
def disguised_formats() -> list[Expected]:
    """Files whose extension lies: CSV or .xls content named .xlsx, .xlsx named .csv."""
    fgw = dict(list(values_of("fgw").items())[:-2])  # the last two rows deleted
    write_csv("25_xlsx_really_csv.xlsx", "区发改委", fgw, "utf-8")
    xls = xlwt.Workbook(encoding="utf-8")
    sheet = xls.add_sheet(SHEET)
    rows = [
        ["单位名称", "区金融工作局", "填报日期", FILLED],
        ["填报年度", YEAR],
        [],
        HEADER,
        _row("jr.finance_coverage", 1),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    buf = io.BytesIO()
    xls.save(buf)
    (FILES / "26_xls_named_xlsx.xlsx").write_bytes(buf.getvalue())
    book, _ = book_for("信阳景明公证处", values_of("gzc"))
    save(book, "44_xlsx_named_csv.csv")
    return [
        Expected(
            "25_xlsx_really_csv.xlsx",
            "扩展名.xlsx，内容是CSV文本（按CSV读取）；删掉了最后两个指标行",
            "fgw",
            True,
            7,
            ["file.misnamed", "indicator.missing_rows"],
        ),
        Expected(
            "26_xls_named_xlsx.xlsx",
            "扩展名.xlsx，内容是旧版.xls；覆盖率填1（按1%采用并提醒）",
            "jrj",
            True,
            1,
            ["file.misnamed", "value.percent_one 指标数据!D5"],
        ),
        Expected(
            "44_xlsx_named_csv.csv",
            "扩展名.csv，内容是.xlsx工作簿",
            "gzc",
            True,
            1,
            ["file.misnamed"],
        ),
    ]


@case
def odd_cells() -> list[Expected]:
    """Identity in one cell; dates, logical values, scientific notation, ranges and the like."""
    odd = {
        "gf.normative_docs": datetime(2022, 3, 5), "gf.special_cleanups": True,
        "gf.full_cleanups": "1.2e3", "gf.repealed": "10-20", "gf.amended": "3次2件",
        "gw.services": "99。5", "gw.contracts": "1.5万", "gw.opinions": 3.5,
        "ys.appearance_rate": 1, "fw.wage_amount": "1.85亿元", "fw.legal_aid_cases": "300件",
    }  # fmt: skip
    book = Workbook()
    ws = book.active
    assert ws is not None
    layout = indicator_sheet(ws, "", values_of("sfj", odd), year=None)
    ws["A1"] = "单位名称：区司法局"
    ws["A2"] = "填报年度：2022年度"
    save(book, "27_label_in_one_cell.xlsx")

    extra = {"GK portal": 5, "gk.nonexistent": 5, "zwfw.four_star_share": 99, "tj.elders": 3}
    values = values_of(
        "zfb",
        {
            "jd.satisfaction_rate": "99.16%",
            "jd.judicial_reply_rate": 0.005,  # typed “0.5%”: Excel keeps 0.005 in a percent cell
            "gk.other_posts": None,
        },
    )
    book, cr = book_for("区人民政府办公室", values | extra)
    ws = book.active
    assert ws is not None
    ws[f"{cr.value_col}{cr.rows['jd.judicial_reply_rate']}"].number_format = "0.0%"
    dup = max(cr.rows.values()) + 1
    ws.append(["gk.requests", "依申请公开（重复行）", "件", 41])
    save(book, "28_codes_and_rows.xlsx", suite=True)
    return [
        Expected(
            "27_label_in_one_cell.xlsx",
            "“单位名称：区司法局”写在一格；日期、逻辑值、科学计数、范围、多个数字、句号、缺单位、小数计数；出庭率填1；1.85亿元有效",
            "sfj",
            True,
            32,
            cells(layout, "value.date", "gf.normative_docs")
            + cells(layout, "value.boolean", "gf.special_cleanups")
            + cells(layout, "value.scientific", "gf.full_cleanups")
            + cells(layout, "value.range", "gf.repealed")
            + cells(layout, "value.several_numbers", "gf.amended")
            + cells(layout, "value.full_stop", "gw.services")
            + cells(layout, "value.missing_unit", "gw.contracts")
            + cells(layout, "value.not_whole", "gw.opinions")
            + cells(layout, "value.percent_one", "ys.appearance_rate"),
        ),
        Expected(
            "28_codes_and_rows.xlsx",
            "编码格式错、编码不在目录、重复行、填了计算指标、填了非本单位指标、漏填一项；"
            "百分比格式单元格中的0.005按显示的0.5%采用",
            "zfb",
            True,
            10,
            [
                f"code.format {cr.code('GK portal')}",
                f"code.unknown {cr.code('gk.nonexistent')}",
                f"code.duplicate 指标数据!D{dup}",
                *cells(cr, "value.derived", "zwfw.four_star_share"),
                *cells(cr, "value.not_reporter", "tj.elders"),
                *cells(cr, "value.empty", "gk.other_posts"),
            ],
        ),
    ]


@case
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


def cfb(streams: Mapping[str, bytes]) -> bytes:
    """Return a minimal compound file (OLE/CFB v3, 512-byte sectors) holding `streams` (each ≥ 4096 bytes)."""
    sector = 512
    data, chains, start = b"", [], 2
    for payload in streams.values():
        count = -(-len(payload) // sector)
        chains.append((start, count, len(payload)))
        data += payload.ljust(count * sector, b"\0")
        start += count
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: the FAT itself; sector 1: the directory
    for first, count, _ in chains:
        fat += [first + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack(
        "<HHHHH6sIIIIIIIII",
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        0xFFFFFFFE,
        0,
        0xFFFFFFFE,
        0,
    )
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108

    def entry(
        name: str, kind: int, left: int, right: int, child: int, first: int, size: int
    ) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sIQQIII",
            raw,
            len(raw),
            kind,
            1,
            left,
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            first,
            size,
            0,
        )

    none = 0xFFFFFFFF
    names = list(streams)
    directory = entry("Root Entry", 5, none, none, 1, 0xFFFFFFFE, 0)
    directory += entry(names[0], 2, none, 2, none, chains[0][0], chains[0][2])
    directory += entry(names[1], 2, none, none, none, chains[1][0], chains[1][2])
    directory += b"\0" * (sector - len(directory))
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + data


@case
def broken_files() -> list[Expected]:
    """Zero bytes, encrypted, corrupt zip, HTML, XML spreadsheet, PDF, plain zip, docx, lying header, cut XML."""
    (FILES / "33_zero_bytes.xlsx").write_bytes(b"")
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>".ljust(4088, b" ")
    (FILES / "34_encrypted.xlsx").write_bytes(
        cfb({"EncryptionInfo": info, "EncryptedPackage": bytes(range(256)) * 16})
    )
    book, _ = book_for("平中街道", values_of("pingzhong"))
    whole = save(book, "35_corrupt_zip.xlsx").read_bytes()
    (FILES / "35_corrupt_zip.xlsx").write_bytes(whole[: len(whole) // 2])
    html = (
        '<html><head><meta charset="utf-8"></head><body><table>'
        "<tr><td>单位名称</td><td>平中街道</td></tr><tr><td>指标编码</td><td>本年数值</td></tr>"
        "<tr><td>tj.elders</td><td>8</td></tr></table></body></html>"
    )
    (FILES / "36_really_html.xlsx").write_text(html, encoding="utf-8")
    xml2003 = (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="指标数据"><Table>'
        '<Row><Cell><Data ss:Type="String">单位名称</Data></Cell><Cell><Data ss:Type="String">平中街道</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>\n"
    )
    (FILES / "37_xml_spreadsheet.xls").write_text(xml2003, encoding="utf-8")
    (FILES / "40_pdf_named_xlsx.xlsx").write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    )
    _zip("41_plain_zip.xlsx", {"说明.txt": "这不是Excel文件。".encode()})
    _zip(
        "42_docx_named_xlsx.xlsx",
        {
            "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>关于报送数据的说明</w:t></w:r></w:p></w:body></w:document>'.encode(),
        },
    )
    book, _ = book_for("平中街道", values_of("pingzhong"))
    _lie(save(book, "43_lying_zip_header.xlsx"), "xl/worksheets/sheet1.xml", 200)
    book, _ = book_for("平中街道", values_of("pingzhong"))
    save(book, "47_truncated_sheet_xml.xlsx", patch={"xl/worksheets/sheet1.xml": _half})
    book, _ = book_for("平中街道", values_of("pingzhong"))
    ws = book.active
    assert ws is not None
    ws["XFD1048576"] = " "  # one stray space in the last cell of the sheet
    save(book, "45_far_cell.xlsx")
    xls = xlwt.Workbook(encoding="utf-8")
    sheet = xls.add_sheet(SHEET)
    for r, row in enumerate(
        [["单位名称", "平中街道"], ["填报年度", YEAR], [], HEADER, _row("tj.elders", 8)]
    ):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    sheet.write(65535, 255, " ")
    buf = io.BytesIO()
    xls.save(buf)
    (FILES / "46_far_cell.xls").write_bytes(buf.getvalue())
    return [
        Expected("33_zero_bytes.xlsx", "0字节文件", "", False, 0, ["file.empty"]),
        Expected(
            "34_encrypted.xlsx",
            "设置了打开密码的工作簿（OLE加密包，扩展名.xlsx）",
            "",
            False,
            0,
            ["file.encrypted"],
        ),
        Expected(
            "35_corrupt_zip.xlsx", "只传了一半的工作簿（zip损坏）", "", False, 0, ["file.corrupt"]
        ),
        Expected(
            "36_really_html.xlsx", "扩展名.xlsx，内容是网页表格", "", False, 0, ["file.web_page"]
        ),
        Expected(
            "37_xml_spreadsheet.xls",
            "扩展名.xls，内容是XML电子表格2003",
            "",
            False,
            0,
            ["file.xml_spreadsheet"],
        ),
        Expected(
            "40_pdf_named_xlsx.xlsx",
            "扩展名.xlsx，内容是PDF",
            "",
            False,
            0,
            ["file.unknown_format"],
        ),
        Expected(
            "41_plain_zip.xlsx",
            "扩展名.xlsx，内容是普通压缩包",
            "",
            False,
            0,
            ["file.unknown_format"],
        ),
        Expected(
            "42_docx_named_xlsx.xlsx",
            "扩展名.xlsx，内容是Word文档",
            "",
            False,
            0,
            ["file.unknown_format"],
        ),
        Expected(
            "47_truncated_sheet_xml.xlsx",
            "工作簿结构完整，但工作表XML只有前一半（解析器报错）",
            "",
            False,
            0,
            ["file.unreadable"],
        ),
        Expected(
            "43_lying_zip_header.xlsx", "压缩包头部谎报解压大小", "", False, 0, ["file.corrupt"]
        ),
        Expected(
            "45_far_cell.xlsx",
            "最后一个单元格XFD1048576里有一个空格（读取时会按170亿个单元格分配内存）",
            "",
            False,
            0,
            ["file.too_large"],
        ),
        Expected(
            "46_far_cell.xls",
            "旧版.xls的IV65536单元格有一个空格（读取时约占1.2 GB内存）",
            "",
            False,
            0,
            ["file.too_large"],
        ),
    ]


def _half(xml: bytes) -> bytes:
    return xml[: len(xml) // 2]


def _zip(name: str, parts: Mapping[str, bytes]) -> None:
    with zipfile.ZipFile(FILES / name, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, payload in parts.items():
            info = zipfile.ZipInfo(part, date_time=SAVED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, payload)


def _lie(path: Path, part: str, size: int) -> None:
    """Patch the central directory of `path` so that `part` claims to decompress to `size` bytes."""
    blob = bytearray(path.read_bytes())
    name = part.encode()
    at = blob.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", blob, at + 28)[0]
        if bytes(blob[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", blob, at + 24, size)
        at = blob.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(blob))


@case
def hostile_packages() -> list[Expected]:
    """A zip bomb (bzip2, 2 GiB of spaces) and an XML external entity in a sheet."""
    book, _ = book_for("平中街道", values_of("pingzhong"))
    save(book, "39_xxe.xlsx", patch={"xl/worksheets/sheet1.xml": _entity})
    book, _ = book_for("平中街道", values_of("pingzhong"))
    good = save(book, "38_zip_bomb.xlsx")
    with zipfile.ZipFile(good) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    with zipfile.ZipFile(good, "w") as dst:
        for part, payload in parts.items():
            info = zipfile.ZipInfo(part, date_time=SAVED.timetuple()[:6])
            if part == "xl/worksheets/sheet1.xml":
                info.compress_type = zipfile.ZIP_BZIP2
                with dst.open(info, "w", force_zip64=True) as out:
                    chunk = b" " * (64 * 1024 * 1024)
                    for _ in range(BOMB_BYTES // len(chunk)):
                        out.write(chunk)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, payload)
    return [
        Expected(
            "38_zip_bomb.xlsx", "压缩炸弹：几KB的文件解压后2 GB", "", False, 0, ["file.zip_bomb"]
        ),
        Expected(
            "39_xxe.xlsx",
            "工作表XML中声明外部实体（读取/etc/passwd）",
            "",
            False,
            0,
            ["file.xml_entity"],
        ),
    ]


@case
def foreign_files() -> list[Expected]:
    """Files that are no form at all: a WPS .et spreadsheet, a scanned PDF with its own extension."""
    et = {"Workbook": b"\x09\x08".ljust(4096, b"\0"), "ETExtData": bytes(4096)}
    (FILES / "48_wps_sheet.et").write_bytes(cfb(et))
    (FILES / "49_signed_scan.pdf").write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    )
    return [
        Expected(
            "48_wps_sheet.et",
            "WPS表格格式（.et），无法读取（错误，建议另存为.xlsx）",
            "",
            False,
            0,
            ["file.unsupported"],
        ),
        Expected(
            "49_signed_scan.pdf",
            "盖章扫描件（.pdf），不是填报表（提醒，不读取）",
            "",
            False,
            0,
            ["file.not_a_form"],
        ),
    ]


def _entity(xml: bytes) -> bytes:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = xml.replace(b"<worksheet", doctype + b"<worksheet", 1)
    return xml.replace(
        b"<t>\xe5\xb9\xb3\xe4\xb8\xad\xe8\xa1\x97\xe9\x81\x93</t>", b"<t>&xxe;</t>", 1
    )


def write_expected(expected: list[Expected]) -> None:
    """Write tests/corpus/expected.toml (hand-written expectations as data)."""
    lines = [
        "# 测试语料：每个文件的预期结果（由 scripts/make_corpus.py 生成，预期在脚本各用例中手写）。",
        "# findings：“类型 工作表!单元格”（无位置时只写类型）；unit：归属单位代码；used：是否采用；counted：计入汇总的数值个数。",
        f"year = {YEAR}",
        "",
    ]
    for e in sorted(expected, key=lambda e: e.name):
        lines += [
            "[[file]]",
            f'name = "{e.name}"',
            f'about = "{e.about}"',
            f'unit = "{e.unit}"',
            f"used = {'true' if e.used else 'false'}",
            f"counted = {e.counted}",
            "findings = [" + ", ".join(f'"{f}"' for f in sorted(e.findings)) + "]",
            "",
        ]
    (OUT / "expected.toml").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    """Rebuild tests/corpus/files and expected.toml."""
    require_soffice()
    shutil.rmtree(FILES, ignore_errors=True)
    FILES.mkdir(parents=True)
    expected = [e for build in CASES for e in build()]
    names = {p.name for p in FILES.iterdir()}
    assert names == {e.name for e in expected}, names ^ {e.name for e in expected}
    write_expected(expected)
    size = sum(p.stat().st_size for p in FILES.iterdir())
    print(f"{len(expected)} files, {size / 1024:.0f} KiB → {FILES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
