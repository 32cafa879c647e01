"""Corpus cases about file formats: CSV encodings, extensions that lie, WPS and PDF files."""

from __future__ import annotations

import io

import xlwt

from .books import (
    FILES,
    FILLED,
    HEADER,
    SHEET,
    YEAR,
    book_for,
    indicator_row,
    save,
    values_of,
    write_csv,
)
from .expected import Expected
from .packages import cfb


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
        indicator_row("jr.finance_coverage", 1),
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
