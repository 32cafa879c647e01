"""Corpus cases about cell values: typed numbers, vague values, ranges and units, formula-like text, odd cells."""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook

from .books import add_texts, book_for, cells, indicator_sheet, save, values_of
from .expected import Expected


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
