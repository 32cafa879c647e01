"""Reading of submitted workbooks (xlsx, xls, csv): the only module that opens input files."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from nianbao.findings import Finding

SPREADSHEETS = (".xlsx", ".xlsm", ".xls")
SUPPORTED = (*SPREADSHEETS, ".csv")
UNIT_LABEL = "单位名称"
YEAR_LABEL = "填报年度"
CODE_HEADER = "指标编码"
VALUE_HEADER = "本年数值"
PART_HEADER = "报告部分"
TEXT_HEADER = "内容"
CATEGORY_HEADER = "类别"
CATEGORIES = ("亮点做法", "存在问题", "下一年打算")
_LABEL_ROWS = 12
Grid = Sequence[Sequence[object]]


@dataclass(frozen=True)
class CellRef:
    """Where a typed value sits: file name, sheet name and A1 cell reference."""

    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.file}［{self.sheet}］{self.cell}"


_Ref = Callable[[int, int], CellRef]


@dataclass(frozen=True)
class RawValue:
    """One indicator row as typed: its code and the raw content of its 本年数值 cell."""

    code: str
    raw: object
    ref: CellRef
    code_ref: CellRef


@dataclass(frozen=True)
class RawText:
    """One free-text entry: category (亮点做法/存在问题/下一年打算), report part as typed, text."""

    category: str
    part: str
    text: str
    ref: CellRef


@dataclass
class Submission:
    """What one input file holds, with the file-level problems found while reading it."""

    path: Path
    file: str
    modified: datetime
    unit_label: str = ""
    unit_ref: CellRef | None = None
    year_label: object = None
    year_ref: CellRef | None = None
    values: list[RawValue] = field(default_factory=list)
    texts: list[RawText] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def list_inputs(folder: Path) -> list[Path]:
    """Return the supported input files under `folder`, sorted; Office lock files are skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith(("~$", "."))
    )


def read_folder(folder: Path) -> list[Submission]:
    """Return one Submission per supported file in `folder`; unreadable files carry a finding."""
    return [read_submission(path, folder) for path in list_inputs(folder)]


def read_submission(path: Path, root: Path) -> Submission:
    """Return the content of the workbook or csv at `path`; never raises for a bad file."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    sub = Submission(path, name, datetime.fromtimestamp(path.stat().st_mtime))
    try:
        sheets = _read_csv(path) if path.suffix.lower() == ".csv" else _read_book(path)
    except (CalamineError, OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        sub.problems.append(
            Finding.error(name, "", "", f"无法读取文件（{type(exc).__name__}）：{exc}")
        )
        return sub
    for sheet, grid in sheets:
        _scan_sheet(sub, sheet, grid)
    if not sub.values and not sub.texts:
        sub.problems.append(
            Finding.error(
                name, "", "", f"文件中没有找到“{CODE_HEADER}”表头的指标表，也没有文字材料"
            )
        )
    return sub


def _read_book(path: Path) -> list[tuple[str, Grid]]:
    book = CalamineWorkbook.from_path(str(path))
    sheets: list[tuple[str, Grid]] = []
    for name in book.sheet_names:
        sheets.append((name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)))
    return sheets


def _read_csv(path: Path) -> list[tuple[str, Grid]]:
    data = path.read_bytes()
    text = _decode(data)
    rows = list(csv.reader(io.StringIO(text)))
    return [(path.stem, rows)]


def _decode(data: bytes) -> str:
    """Return `data` decoded as UTF-8 (BOM optional) or, failing that, GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def cell_name(row: int, col: int) -> str:
    """Return the A1 name of the zero-based (`row`, `col`)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().replace("\u3000", "")


def _scan_sheet(sub: Submission, sheet: str, grid: Grid) -> None:
    def ref(r: int, c: int) -> CellRef:
        return CellRef(sub.file, sheet, cell_name(r, c))

    for r, c, label in _labels(grid):
        value = _right_of(grid, r, c)
        if label == UNIT_LABEL and value is not None and not sub.unit_label:
            sub.unit_label, sub.unit_ref = _text(value[2]), ref(value[0], value[1])
        elif label == YEAR_LABEL and value is not None and sub.year_label is None:
            sub.year_label, sub.year_ref = value[2], ref(value[0], value[1])
    for r, header in _headers(grid):
        if CODE_HEADER in header and VALUE_HEADER in header:
            sub.values.extend(_indicator_rows(grid, r, header, ref))
        elif PART_HEADER in header and TEXT_HEADER in header:
            sub.texts.extend(_text_rows(grid, r, header, sheet, ref, sub))


def _labels(grid: Grid) -> Iterator[tuple[int, int, str]]:
    for r, row in enumerate(grid[:_LABEL_ROWS]):
        for c, value in enumerate(row):
            label = _text(value).rstrip("：:")
            if label in (UNIT_LABEL, YEAR_LABEL):
                yield r, c, label


def _right_of(grid: Grid, r: int, c: int) -> tuple[int, int, object] | None:
    for cc in range(c + 1, len(grid[r])):
        if _text(grid[r][cc]):
            return r, cc, grid[r][cc]
    return None


def _headers(grid: Grid) -> Iterator[tuple[int, dict[str, int]]]:
    for r, row in enumerate(grid):
        names = {_text(v): c for c, v in enumerate(row) if _text(v)}
        if (CODE_HEADER in names and VALUE_HEADER in names) or (
            PART_HEADER in names and TEXT_HEADER in names
        ):
            yield r, names


def _indicator_rows(grid: Grid, top: int, header: dict[str, int], ref: _Ref) -> Iterator[RawValue]:
    code_col, value_col = header[CODE_HEADER], header[VALUE_HEADER]
    for r in range(top + 1, len(grid)):
        row = grid[r]
        code = _text(_at(row, code_col))
        if not code:
            return
        yield RawValue(code, _at(row, value_col), ref(r, value_col), ref(r, code_col))


def _text_rows(
    grid: Grid, top: int, header: dict[str, int], sheet: str, ref: _Ref, sub: Submission
) -> Iterator[RawText]:
    part_col, text_col = header[PART_HEADER], header[TEXT_HEADER]
    cat_col = header.get(CATEGORY_HEADER)
    for r in range(top + 1, len(grid)):
        row = grid[r]
        text = str(_at(row, text_col) or "").strip()
        part = _text(_at(row, part_col))
        if not text and not part:
            if cat_col is None or not _text(_at(row, cat_col)):
                return
            continue
        category = _text(_at(row, cat_col)) if cat_col is not None else sheet
        if category not in CATEGORIES:
            where = ref(r, cat_col if cat_col is not None else text_col)
            sub.problems.append(
                Finding.error(
                    sub.file,
                    where.sheet,
                    where.cell,
                    f"文字材料类别“{category}”不是“亮点做法/存在问题/下一年打算”之一",
                )
            )
            continue
        if text:
            yield RawText(category, part, text, ref(r, text_col))


def _at(row: Sequence[object], col: int) -> object:
    return row[col] if col < len(row) else None
