"""Validation findings: what is wrong or doubtful, where (file, sheet, cell), said in Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["错误", "提醒"]


@dataclass(frozen=True)
class Finding:
    """One problem found in the inputs, located down to the cell when possible."""

    level: Level
    file: str
    sheet: str
    cell: str
    message: str
    unit: str = ""
    code: str = ""

    @classmethod
    def error(cls, file: str, sheet: str, cell: str, message: str, **kw: str) -> Finding:
        """Return an error finding (the value or file is not used)."""
        return cls("错误", file, sheet, cell, message, **kw)

    @classmethod
    def warning(cls, file: str, sheet: str, cell: str, message: str, **kw: str) -> Finding:
        """Return a warning finding (the value is used, but a reviewer should look)."""
        return cls("提醒", file, sheet, cell, message, **kw)

    @property
    def where(self) -> str:
        """Return the location as users read it: 文件［工作表］单元格."""
        sheet = f"［{self.sheet}］" if self.sheet else ""
        return f"{self.file}{sheet}{self.cell}" if self.file else "（全区汇总）"

    def __str__(self) -> str:
        return f"{self.level}：{self.where}：{self.message}"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Return `findings` ordered by level (errors first), file and cell position."""
    return sorted(findings, key=lambda f: (f.level != "错误", f.file, f.sheet, _cell_key(f.cell)))


def _cell_key(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits) if digits else 0, letters.rjust(3))
