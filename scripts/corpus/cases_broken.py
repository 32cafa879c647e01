"""Corpus cases of unreadable files: empty, encrypted, corrupt, wrong content, oversized, zip bomb, XXE."""

from __future__ import annotations

import io
import zipfile

import xlwt

from .books import FILES, HEADER, SAVED, SHEET, YEAR, book_for, indicator_row, save, values_of
from .expected import Expected
from .packages import add_external_entity, cfb, cut_in_half, lie_about_size, write_zip

BOMB_BYTES = 2 * 1024**3  # the zip bomb's sheet expands to 2 GiB


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
    write_zip("41_plain_zip.xlsx", {"说明.txt": "这不是Excel文件。".encode()})
    write_zip(
        "42_docx_named_xlsx.xlsx",
        {
            "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>关于报送数据的说明</w:t></w:r></w:p></w:body></w:document>'.encode(),
        },
    )
    book, _ = book_for("平中街道", values_of("pingzhong"))
    lie_about_size(save(book, "43_lying_zip_header.xlsx"), "xl/worksheets/sheet1.xml", 200)
    book, _ = book_for("平中街道", values_of("pingzhong"))
    save(book, "47_truncated_sheet_xml.xlsx", patch={"xl/worksheets/sheet1.xml": cut_in_half})
    book, _ = book_for("平中街道", values_of("pingzhong"))
    ws = book.active
    assert ws is not None
    ws["XFD1048576"] = " "  # one stray space in the last cell of the sheet
    save(book, "45_far_cell.xlsx")
    xls = xlwt.Workbook(encoding="utf-8")
    sheet = xls.add_sheet(SHEET)
    for r, row in enumerate(
        [["单位名称", "平中街道"], ["填报年度", YEAR], [], HEADER, indicator_row("tj.elders", 8)]
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


def hostile_packages() -> list[Expected]:
    """A zip bomb (bzip2, 2 GiB of spaces) and an XML external entity in a sheet."""
    book, _ = book_for("平中街道", values_of("pingzhong"))
    save(book, "39_xxe.xlsx", patch={"xl/worksheets/sheet1.xml": add_external_entity})
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
