"""Validation findings: what is wrong or doubtful, where (file, sheet, cell), said in Chinese."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

Level = Literal["错误", "提醒"]

# Every kind of finding nianbao emits, with the Chinese name shown in 校验报告.xlsx.
# A kind is a stable id: tests and the office's statistics count findings by it.
KINDS: dict[str, str] = {
    "file.empty": "空文件",
    "file.too_large": "文件过大",
    "file.encrypted": "文件加密",
    "file.corrupt": "文件损坏",
    "file.web_page": "网页冒充表格",
    "file.xml_spreadsheet": "XML表格",
    "file.unknown_format": "格式无法识别",
    "file.unsupported": "不支持的文件格式",
    "file.not_a_form": "不是报表文件",
    "file.zip_bomb": "压缩炸弹",
    "file.xml_entity": "XML外部实体",
    "file.misnamed": "扩展名与内容不符",
    "file.unreadable": "文件无法读取",
    "file.no_table": "没有指标表",
    "sheet.hidden": "隐藏工作表",
    "sheet.unknown_column": "多余的列",
    "row.hidden": "隐藏行",
    "row.no_code": "缺少指标编码",
    "unit.missing": "缺少单位名称",
    "unit.unknown": "单位不在名册",
    "year.missing": "缺少填报年度",
    "year.wrong": "年度不符",
    "submission.duplicate": "重复报送（已采用）",
    "submission.superseded": "重复报送（未采用）",
    "submission.duplicate_tie": "重复报送（无法判断）",
    "submission.identical": "相同副本（只计一次）",
    "code.format": "编码格式错误",
    "code.unknown": "编码不在目录",
    "code.duplicate": "指标重复填报",
    "indicator.missing_rows": "缺少指标行",
    "value.empty": "未填写",
    "value.derived": "计算指标无需填报",
    "value.not_reporter": "非填报单位",
    "value.approximate": "估计数",
    "value.placeholder": "占位符",
    "value.formula_error": "公式错误值",
    "value.chinese_numeral": "汉字数字",
    "value.scientific": "科学计数法",
    "value.range": "数值范围",
    "value.negative": "负数",
    "value.full_stop": "句号作小数点",
    "value.several_numbers": "多个数字",
    "value.separator": "千分位错误",
    "value.missing_unit": "缺少单位",
    "value.date": "被识别为日期",
    "value.boolean": "逻辑值",
    "value.unreadable": "无法识别的数值",
    "value.unit_mismatch": "单位不符",
    "value.unit_converted": "金额单位换算",
    "value.not_whole": "计数非整数",
    "value.percent_range": "百分比超出范围",
    "value.percent_fraction": "百分比写成小数",
    "value.percent_one": "百分比为1",
    "value.part_above_whole": "部分大于整体",
    "value.formula_uncached": "公式无计算结果",
    "value.merged": "合并单元格",
    "value.jump": "本单位同比异常",
    "value.previous_mismatch": "上年数值不符",
    "total.jump": "全区同比异常",
    "text.category": "文字类别错误",
    "text.part": "报告部分无法识别",
    "text.formula_like": "文字像公式",
    "text.number_mismatch": "文字与数据不符",
    "accounting.unbalanced": "数据核对不平",
    "package.returned": "数据包退回修改",
    "package.late": "数据包逾期报送",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the inputs, located down to the cell when possible.

    `message` is the problem (问题), `raw` what was typed (原值), `advice` what to do (建议),
    `kind` a stable id from KINDS.
    """

    level: Level
    file: str
    sheet: str
    cell: str
    message: str
    unit: str = ""
    code: str = ""
    raw: str = ""
    advice: str = ""
    kind: str = ""

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

    @property
    def kind_name(self) -> str:
        """Return the Chinese name of the finding's kind (其他 when it has none)."""
        return KINDS.get(self.kind, "其他")

    @property
    def line(self) -> str:
        """Return the finding as one Chinese line: 级别｜文件｜工作表｜单元格｜原值｜问题｜建议."""
        parts = [
            self.level,
            f"文件：{self.file or '（全区汇总）'}",
            f"工作表：{self.sheet or '—'}",
            f"单元格：{self.cell or '—'}",
            f"原值：{self.raw or '—'}",
            f"问题：{self.message}",
            f"建议：{self.advice or '—'}",
        ]
        return "｜".join(parts)

    def __str__(self) -> str:
        return self.line


def count_errors(findings: Iterable[Finding]) -> int:
    """Return how many of `findings` are errors (the rest are warnings)."""
    return sum(1 for f in findings if f.level == "错误")


def show_raw(raw: object, limit: int = 60) -> str:
    """Return the content of a cell as the user typed it, on one line, for the 原值 column."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    elif isinstance(raw, float):
        text = f"{raw:.15g}"  # as the cell shows it: 15 significant digits (0.1+0.2 → 0.3)
    elif isinstance(raw, datetime | date | time):
        text = raw.isoformat(sep=" ") if isinstance(raw, datetime) else raw.isoformat()
    else:
        text = str(raw)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_advice(text: str) -> tuple[str, str]:
    """Return (problem, advice) of a message written as “问题；建议”."""
    problem, _, advice = text.partition("；")
    return problem, advice


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Return `findings` ordered by level (errors first), file and cell position."""
    return sorted(findings, key=lambda f: (f.level != "错误", f.file, f.sheet, _cell_key(f.cell)))


def _cell_key(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits) if digits else 0, letters.rjust(3))
