"""Reading of submitted workbooks (xlsx, xls, csv): the only module that opens input files."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path
from typing import IO

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from nianbao import safety
from nianbao.cells import cell_name
from nianbao.clock import office_time
from nianbao.findings import Finding
from nianbao.ooxml import SheetExtras, inspect_package
from nianbao.safety import (
    RejectedFileError,
    check_ole,
    check_size,
    encrypted,
    open_package,
    sniff,
)
from nianbao.sheets import scan
from nianbao.submission import CellRef, Formula, RawText, RawValue, Sheet, Submission

__all__ = [
    "SUPPORTED",
    "CellRef",
    "Formula",
    "RawText",
    "RawValue",
    "Submission",
    "cell_name",
    "list_inputs",
    "read_folder",
    "read_submission",
]

SPREADSHEETS = (".xlsx", ".xlsm", ".xls")
SUPPORTED = (*SPREADSHEETS, ".csv")
_HEAD = 8192
_DELIMITERS = (",", "\t", ";")
_RESAVE = "请在Excel或WPS中打开，另存为“Excel工作簿（.xlsx）”后重新报送"
_REAL_NAMES = {"zip": "Excel工作簿（.xlsx）", "ole": "旧版Excel工作簿（.xls）", "text": "CSV文本"}
_EXTENSIONS = {"zip": (".xlsx", ".xlsm"), "ole": (".xls",), "text": (".csv",)}


def list_inputs(folder: Path) -> list[Path]:
    """Return the supported input files under `folder`, sorted; Office lock files are skipped."""
    found, folders = [], [str(folder)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # a folder not there (yet) or not readable holds no input
            continue
        for entry in entries:  # the file type comes from the directory listing: no stat per file
            try:
                if entry.is_dir(follow_symlinks=False):  # links to folders are not followed
                    folders.append(entry.path)
                elif entry.is_file() and _is_input(entry.name):
                    found.append(Path(entry.path))
            except OSError:  # a link that loops, or an entry gone since the listing
                continue
    return sorted(found, key=lambda p: p.parts)  # the order of sorted(paths), compared in C


def _is_input(name: str) -> bool:
    return name.lower().endswith(SUPPORTED) and not name.startswith(("~$", "."))


def read_folder(folder: Path) -> list[Submission]:
    """Return one Submission per supported file in `folder`; unreadable files carry a finding."""
    return [read_submission(path, folder) for path in list_inputs(folder)]


def read_submission(path: Path, root: Path) -> Submission:
    """Return the content of the workbook or csv at `path`; never raises for a bad file."""
    name = _relative_name(path, root)
    sub = Submission(path, name, datetime.fromtimestamp(0))  # the time is set once the file is seen
    try:
        stat = path.stat()  # inside: a file removed after the listing is a finding, not a crash
        sub.modified = office_time(stat.st_mtime)
        sheets = _read(path, sub, stat.st_size)
    except RejectedFileError as exc:
        sub.problems.append(Finding.error(name, "", "", str(exc), advice=exc.advice, kind=exc.kind))
        return sub
    except PasswordError:
        locked = encrypted()
        sub.problems.append(
            Finding.error(name, "", "", str(locked), advice=locked.advice, kind=locked.kind)
        )
        return sub
    except (CalamineError, OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        sub.problems.append(
            Finding.error(
                name,
                "",
                "",
                f"无法读取文件（{type(exc).__name__}：{str(exc)[:120]}）",
                advice=_RESAVE,
                kind="file.unreadable",
            )
        )
        return sub
    for sheet in sheets:
        scan(sub, sheet)
    if not sub.values and not sub.texts:
        sub.problems.append(
            Finding.error(
                name,
                "",
                "",
                "文件中没有找到“指标编码”“本年数值”表头的指标表，也没有文字材料",
                advice="请使用下发的填报表填写后报送，不要删除表头行",
                kind="file.no_table",
            )
        )
    return sub


def _relative_name(path: Path, root: Path) -> str:
    """Return `path` relative to `root` with “/” (a plain prefix cut when it is one: speed)."""
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):
        return text[len(base) + 1 :].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _read(path: Path, sub: Submission, size: int) -> list[Sheet]:
    """Return the sheets of `path` (`size` bytes) after the safety checks; the real format decides."""
    check_size(size)
    with path.open("rb") as fh:
        fmt = sniff(fh.read(_HEAD))
        fh.seek(0)
        named = path.suffix.lower() in _EXTENSIONS.get(fmt, ())
        if fmt == "zip":
            blob = fh.read() if size <= safety.MAX_IN_MEMORY else None
            info = inspect_package(open_package(fh if blob is None else blob))
            sub.saved = info.modified
            fh.seek(0)
            source = (path if named else fh) if blob is None else io.BytesIO(blob)
            sheets = _read_book(source, info.sheets)  # a large file on disk: calamine streams it
        elif fmt in ("ole", "text"):
            check_size(size, safety.MAX_PART_BYTES)
            data = fh.read()
            if fmt == "ole":
                check_ole(data)
            sheets = (
                _read_book(path if named else io.BytesIO(data), {})
                if fmt == "ole"
                else _read_csv(data, path)
            )
        else:
            raise _unusable(fmt, path.suffix)
    if not named:
        sub.problems.append(
            Finding.warning(
                sub.file,
                "",
                "",
                f"文件扩展名为“{path.suffix}”，实际是{_REAL_NAMES[fmt]}，已按实际格式读取",
                advice="下次报送前请另存为正确的格式，或改正扩展名",
                kind="file.misnamed",
            )
        )
    return sheets


def _unusable(fmt: str, suffix: str) -> RejectedFileError:
    if fmt == "empty":
        return RejectedFileError("file.empty", "文件是空的（0字节）", "请重新保存报表后报送")
    if fmt == "html":
        return RejectedFileError(
            "file.web_page", f"文件扩展名为“{suffix}”，实际是网页（HTML），不是Excel工作簿", _RESAVE
        )
    if fmt == "xml_spreadsheet":
        return RejectedFileError(
            "file.xml_spreadsheet", "文件是“XML电子表格2003”格式，无法读取", _RESAVE
        )
    return RejectedFileError(
        "file.unknown_format",
        f"文件内容既不是Excel工作簿也不是CSV文本（扩展名“{suffix}”）",
        _RESAVE,
    )


def _read_book(source: Path | IO[bytes], extras: dict[str, SheetExtras]) -> list[Sheet]:
    book = (
        CalamineWorkbook.from_path(str(source))
        if isinstance(source, Path)
        else CalamineWorkbook.from_filelike(source)
    )
    sheets = []
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = book.get_sheet_by_name(meta.name)
        sheets.append(
            Sheet(
                meta.name,
                sheet.to_python(skip_empty_area=False),
                hidden=meta.visible != SheetVisibleEnum.Visible,
                extras=extras.get(meta.name, SheetExtras()),
                merged=sheet.merged_cell_ranges or [],
            )
        )
    return sheets


def _read_csv(data: bytes, path: Path) -> list[Sheet]:
    text = decode(data)
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    delimiter = max(_DELIMITERS, key=lambda d: sum(line.count(d) for line in lines))
    return [Sheet(path.stem, list(csv.reader(io.StringIO(text), delimiter=delimiter)))]


def decode(data: bytes) -> str:
    """Return `data` decoded as UTF-16 (with BOM), UTF-8 (BOM optional) or, failing that, GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")
