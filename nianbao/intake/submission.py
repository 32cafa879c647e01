"""What was read from one input file: values and texts with their cells, identity, problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from nianbao.core.findings import Finding
from nianbao.intake.formats.ooxml import SheetExtras

T = TypeVar("T", bound=tuple[Any, ...])
Grid = Sequence[Sequence[object]]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]


class CellRef(NamedTuple):
    """Where a typed value sits: file name, sheet name and A1 cell reference.

    A named tuple, like the other per-cell records: ingest makes one per typed cell (hundreds of
    thousands at province scale), and a tuple is built and hashed in C.
    """

    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.file}［{self.sheet}］{self.cell}"


def builder(cls: type[T]) -> Callable[[tuple[Any, ...]], T]:
    """Return a function building the named tuple `cls` from one plain tuple (per-row loops).

    It costs half of calling the class, whose generated __new__ is a Python function.
    """
    return cast(Callable[[tuple[Any, ...]], T], partial(tuple.__new__, cls))


make_ref = builder(CellRef)


@dataclass(frozen=True)
class Formula:
    """A formula cell saved without its result (Excel never recalculated it)."""

    text: str

    def __str__(self) -> str:
        return self.text


class RawValue(NamedTuple):
    """One indicator row as typed: its code, the raw content of its 本年数值 cell and of its 上年数值 cell."""

    code: str
    raw: object
    ref: CellRef
    code_ref: CellRef
    hidden: bool = False
    merged: str = ""  # the A1 range when the value cell is merged over several rows
    previous: object = None  # the 上年数值 cell as typed or pre-filled (None without that column)
    previous_ref: CellRef | None = None


make_raw = builder(RawValue)


@dataclass(frozen=True)
class RawText:
    """One free-text entry: category (亮点做法/存在问题/下一年打算), report part as typed, text."""

    category: str
    part: str
    text: str
    ref: CellRef
    hidden: bool = False


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
    unread: list[CellRef] = field(default_factory=list)  # typed cells the parser missed (census)
    saved: datetime | None = None  # the workbook's own save time (docProps/core.xml)
    filled: object = None  # the 填报日期 cell, when there is one
    version: object = None  # the 版本 cell, when there is one

    def __reduce__(self) -> tuple[Callable[..., Submission], tuple[Any, ...]]:
        """Pickle the values as plain tuples: the two-core read sends thousands of Submissions,
        and a named tuple pickles and unpickles through Python calls, 4× slower than a tuple."""
        values = [
            (code, raw, (*ref,), (*at,), hidden, merged, prev, prev_at and (*prev_at,))
            for code, raw, ref, at, hidden, merged, prev, prev_at in self.values
        ]
        state = {**self.__dict__, "values": values}
        return _unpickle, (state,)


def _unpickle(state: dict[str, Any]) -> Submission:
    """Return the Submission pickled by Submission.__reduce__."""
    state["values"] = [
        make_raw(
            (
                code,
                raw,
                make_ref(ref),
                make_ref(at),
                hidden,
                merged,
                prev,
                prev_at and make_ref(prev_at),
            )
        )
        for code, raw, ref, at, hidden, merged, prev, prev_at in state["values"]
    ]
    sub = Submission.__new__(Submission)
    sub.__dict__.update(state)
    return sub


@dataclass(frozen=True)
class Sheet:
    """One sheet as read: name, grid of values, and what the grid alone does not show."""

    name: str
    grid: Grid
    hidden: bool = False
    extras: SheetExtras = field(default_factory=SheetExtras)
    merged: Merged = field(default_factory=list)


def date_of(value: object) -> datetime | None:
    """Return a 填报日期 cell as a datetime (date cells, “2022-01-19”, “2022年1月19日”), or None."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    digits = re.findall(r"\d+", str(value or ""))
    if len(digits) >= 3 and len(digits[0]) == 4:
        try:
            return datetime(int(digits[0]), int(digits[1]), int(digits[2]))
        except ValueError:
            return None
    return None


def finding_at(
    ref: CellRef | None,
    sub: Submission,
    message: str,
    advice: str,
    kind: str,
    unit: str = "",
    raw: str = "",
    warn: bool = False,
) -> Finding:
    """Return a finding about the file of `sub` at `ref` (its 单位名称 cell, say), an error unless `warn`."""
    make = Finding.warning if warn else Finding.error
    sheet, cell = (ref.sheet, ref.cell) if ref is not None else ("", "")
    return make(sub.file, sheet, cell, message, unit=unit, raw=raw, advice=advice, kind=kind)
