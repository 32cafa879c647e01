"""What a file in an inputs folder is, by its name and first bytes: a form, a system file, or one to name."""

from __future__ import annotations

import re
from typing import Literal

from nianbao.intake.formats.safety import RejectedFileError

Format = Literal["zip", "ole", "html", "xml_spreadsheet", "text", "empty", "unknown"]

# The extensions each real format (as the content shows it) is expected under; another is misnamed.
EXTENSIONS = {
    "xlsx": (".xlsx", ".xlsm"),
    "xlsb": (".xlsb",),
    "ods": (".ods",),
    "ole": (".xls",),
    "text": (".csv", ".tsv"),
}
REAL_NAMES = {
    "xlsx": "Excel工作簿（.xlsx）",
    "xlsb": "Excel二进制工作簿（.xlsb）",
    "ods": "OpenDocument表格（.ods）",
    "ole": "旧版Excel工作簿（.xls）",
    "text": "CSV文本",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(r"<html|<table|<!doctype\s+html|<head|<body|^mime-version:", re.IGNORECASE)
_SYSTEM_PREFIXES = ("~$", ".")  # Office lock files; hidden files (.DS_Store, ._x.xlsx from a Mac)
_SYSTEM_NAMES = frozenset(("thumbs.db", "desktop.ini"))  # Windows keeps these in any folder
_NOT_A_FORM = (
    "该文件不是填报表，未读取；报表数据请用下发的Excel填报表报送，本文件如需留存请另行归档"
)
_RESAVE_WPS = "请在WPS表格中打开，点“文件—另存为”，文件类型选“Excel工作簿（*.xlsx）”后重新报送"
_RESAVE = "请在表格软件中打开，另存为“Excel工作簿（.xlsx）”后重新报送"
_RESAVE_EXCEL = "请在Excel或WPS中打开，另存为“Excel工作簿（.xlsx）”后重新报送"
_UNZIP = "请解压，把其中的填报表（.xlsx）直接放入报表文件夹后重新汇总"
# Extension → (what it is, kind, advice). Spreadsheets that cannot be read and archives are errors
# (data may be inside); documents, PDFs and pictures are warnings (not a form at all).
_FOREIGN: dict[str, tuple[str, str, str]] = {
    **dict.fromkeys((".et", ".ett"), ("WPS表格文件", "file.unsupported", _RESAVE_WPS)),
    **dict.fromkeys((".numbers",), ("Numbers表格", "file.unsupported", _RESAVE)),
    **dict.fromkeys((".gnumeric",), ("Gnumeric表格", "file.unsupported", _RESAVE)),
    **dict.fromkeys((".zip", ".rar", ".7z"), ("压缩包", "file.unsupported", _UNZIP)),
    **dict.fromkeys(
        (".doc", ".docx", ".wps", ".wpt", ".rtf", ".odt"),
        ("文字文档", "file.not_a_form", _NOT_A_FORM),
    ),
    **dict.fromkeys(
        (".ppt", ".pptx", ".dps", ".odp"), ("演示文稿", "file.not_a_form", _NOT_A_FORM)
    ),
    **dict.fromkeys((".pdf", ".ofd"), ("版式文档（PDF/OFD）", "file.not_a_form", _NOT_A_FORM)),
    **dict.fromkeys(
        (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"),
        ("图片", "file.not_a_form", _NOT_A_FORM),
    ),
}


def is_system(name: str) -> bool:
    """Return whether `name` is a lock, hidden or system file, passed over without a word."""
    return name.startswith(_SYSTEM_PREFIXES) or name.lower() in _SYSTEM_NAMES


def refusal(suffix: str) -> RejectedFileError | None:
    """Return why a file with extension `suffix` is not read (None when its content decides)."""
    found = _FOREIGN.get(suffix.lower())
    if found is None:
        return None
    what, kind, advice = found
    message = f"文件是{what}（扩展名“{suffix}”），不是可读取的填报表"
    return RejectedFileError(kind, message, advice, warn=kind == "file.not_a_form")


def unusable(fmt: str, suffix: str) -> RejectedFileError:
    """Return why a file whose content is `fmt` (no workbook, no csv) is not read."""
    if fmt == "empty":
        return RejectedFileError("file.empty", "文件是空的（0字节）", "请重新保存报表后报送")
    if fmt == "html":
        return RejectedFileError(
            "file.web_page",
            f"文件扩展名为“{suffix}”，实际是网页（HTML），不是Excel工作簿",
            _RESAVE_EXCEL,
        )
    if fmt == "xml_spreadsheet":
        return RejectedFileError(
            "file.xml_spreadsheet", "文件是“XML电子表格2003”格式，无法读取", _RESAVE_EXCEL
        )
    return RejectedFileError(
        "file.unknown_format",
        f"文件内容既不是Excel工作簿也不是CSV文本（扩展名“{suffix}”）",
        _RESAVE_EXCEL,
    )


def sniff(head: bytes) -> Format:
    """Return what the first bytes of a file say it really is, whatever its extension."""
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    text = _text_head(head)
    if text is None:
        return "unknown"
    start = text.lstrip()[:2048]
    if "urn:schemas-microsoft-com:office:spreadsheet" in start:
        return "xml_spreadsheet"
    if _HTML.search(start) and (start.startswith("<") or start.lower().startswith("mime")):
        return "html"
    if start.startswith("%PDF") or start.startswith("{\\rtf"):
        return "unknown"
    return "text"


def _text_head(head: bytes) -> str | None:
    """Return the head decoded loosely as text (UTF-16 with BOM, else UTF-8), None for binary data."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[:4096].decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    return head[:4096].decode("utf-8", errors="ignore")
