"""Reading of submitted workbooks (xlsx, xlsb, ods, xls, csv): the only module that opens input files."""

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

from nianbao.core.clock import office_time
from nianbao.core.findings import Finding
from nianbao.intake.batches import read_many
from nianbao.intake.cells import cell_name
from nianbao.intake.filetypes import EXTENSIONS, REAL_NAMES, is_system, refusal, sniff
from nianbao.intake.formats import safety
from nianbao.intake.formats.ods import inspect_ods
from nianbao.intake.formats.ooxml import PackageInfo, SheetExtras, inspect_package
from nianbao.intake.formats.safety import (
    Package,
    RejectedFileError,
    check_ole,
    check_size,
    encrypted,
    open_package,
)
from nianbao.intake.formats.xlsb import inspect_xlsb
from nianbao.intake.sheets import scan
from nianbao.intake.submission import CellRef, Formula, RawText, RawValue, Sheet, Submission

__all__ = [
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

_HEAD = 8192
_DELIMITERS = (",", "\t", ";")
_RESAVE = "请在Excel或WPS中打开，另存为“Excel工作簿（.xlsx）”后重新报送"
_PANIC = "PanicException"  # a panic in the Rust reader: a BaseException, caught like an Exception
_INSPECT = {"xlsx": inspect_package, "xlsb": inspect_xlsb, "ods": inspect_ods}


def list_inputs(folder: Path) -> list[Path]:
    """Return every file under `folder`, sorted; lock, hidden and system files are passed over.

    Each one is read or named in 校验报告 with advice: no file goes unmentioned.
    """
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
                elif entry.is_file() and not is_system(entry.name):
                    found.append(Path(entry.path))
            except OSError:  # a link that loops, or an entry gone since the listing
                continue
    return sorted(found, key=lambda p: p.parts)  # the order of sorted(paths), compared in C


def read_folder(folder: Path) -> list[Submission]:
    """Return one Submission per file in `folder`; files not read carry a finding saying why."""
    return read_many(list_inputs(folder), folder, read_submission)


def read_submission(path: Path, root: Path) -> Submission:
    """Return the content of the workbook or csv at `path`; never raises, whatever the file holds.

    A file refused, unreadable or tripping a fault of nianbao itself becomes one finding naming it;
    nothing half-read from it is kept.
    """
    name = _relative_name(path, root)
    sub = Submission(path, name, datetime.fromtimestamp(0))  # the time is set once the file is seen
    try:
        _fill(sub, path)
    except BaseException as exc:  # a fault while reading one file must not stop the run
        if not isinstance(exc, Exception) and type(exc).__name__ != _PANIC:
            raise  # Ctrl+C, exit
        fault = Submission(path, name, sub.modified)
        fault.problems.append(
            Finding.error(
                name,
                "",
                "",
                f"读取文件时程序出错（{type(exc).__name__}：{_summary(exc)}），该文件未读取",
                advice="请把该文件发给维护人员；其他文件照常读取，不受影响",
                kind="file.unreadable",
            )
        )
        return fault
    return sub


def _summary(exc: BaseException) -> str:
    """Return the message of `exc` on one line, at most 120 characters."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:119] + "…"


def _fill(sub: Submission, path: Path) -> None:
    """Add to `sub` what the file at `path` holds, or the finding saying why it was not read."""
    name = sub.file
    try:
        stat = path.stat()  # inside: a file removed after the listing is a finding, not a crash
        sub.modified = office_time(stat.st_mtime)
        sheets = _read(path, sub, stat.st_size)
    except RejectedFileError as exc:
        finding = Finding.warning if exc.warn else Finding.error
        sub.problems.append(finding(name, "", "", str(exc), advice=exc.advice, kind=exc.kind))
        return
    except PasswordError:
        locked = encrypted()
        sub.problems.append(
            Finding.error(name, "", "", str(locked), advice=locked.advice, kind=locked.kind)
        )
        return
    except (CalamineError, OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        sub.problems.append(
            Finding.error(
                name,
                "",
                "",
                f"无法读取文件（{type(exc).__name__}：{_summary(exc)}）",
                advice=_RESAVE,
                kind="file.unreadable",
            )
        )
        return
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
    """Return the sheets of `path` (`size` bytes) after the safety checks; the real format decides.

    Files whose extension says they are no form (documents, PDFs, pictures, WPS .et) are refused
    by name first, so the finding says what they are.
    """
    suffix = path.suffix.lower()
    if (refused := refusal(path.suffix)) is not None:
        raise refused
    check_size(size)
    with path.open("rb") as fh:
        fmt: str = sniff(fh.read(_HEAD))
        fh.seek(0)
        if fmt == "zip":
            blob = fh.read() if size <= safety.MAX_IN_MEMORY else None
            package = open_package(fh if blob is None else blob)
            fmt = package.kind
            info = _inspect(package)
            sub.saved = info.modified
            fh.seek(0)
            named = suffix in EXTENSIONS[fmt]
            source = (path if named else fh) if blob is None else io.BytesIO(blob)
            if info.rewritten is not None:
                source = io.BytesIO(info.rewritten)
            sheets = _read_book(source, info.sheets)  # a large file on disk: calamine streams it
        elif fmt in ("ole", "text"):
            named = suffix in EXTENSIONS[fmt]
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
                f"文件扩展名为“{path.suffix}”，实际是{REAL_NAMES[fmt]}，已按实际格式读取",
                advice="下次报送前请另存为正确的格式，或改正扩展名",
                kind="file.misnamed",
            )
        )
    return sheets


def _inspect(package: Package) -> PackageInfo:
    """Return the package facts of an .xlsx, .xlsb or .ods after checking every part it has."""
    return _INSPECT[package.kind](package)


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
