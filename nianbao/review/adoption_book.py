"""采用报告.xlsx and the terminal's lines: every number of an adopted report, what the template holds
for it and why, the headings matched to the catalogue's parts, and what matched nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from nianbao.core.storage import save_new
from nianbao.core.workbooks import WARN_FILL, append_safe, new_book
from nianbao.profile.catalogue import Catalogue
from nianbao.review.adopted_template import TemplateResult
from nianbao.review.adoption import KINDS, Kind, count_kinds
from nianbao.review.aliases import Key

ADOPTION_FILE = "采用报告.xlsx"
KIND_NAMES: dict[Kind, str] = {
    "bound": "绑定指标",
    "comparison": "同比变化",
    "year": "年份",
    "ambiguous": "无法确定",
    "text": "保留原文",
}
_EXCERPT = 60
_HEADER = (
    "段落",
    "段落文字",
    "数字",
    "类别",
    "指标编码",
    "指标名称",
    "原因",
    "模板中写作",
    "建议别名",
)
_WIDTHS = (8, 60, 14, 10, 28, 30, 50, 36, 20)


def counts(result: TemplateResult) -> dict[str, int]:
    """Return how many numbers fall in each class, by the class's Chinese name (zeros included)."""
    found = count_kinds(w.record for w in result.written)
    return {KIND_NAMES[k]: found[k] for k in KINDS}


def _excerpt(text: str, start: int) -> str:
    """Return up to _EXCERPT characters of `text` around offset `start`."""
    begin = max(0, min(start - _EXCERPT // 3, len(text) - _EXCERPT))
    cut = text[begin : begin + _EXCERPT]
    return ("…" if begin else "") + cut + ("…" if begin + _EXCERPT < len(text) else "")


def write_adoption_book(
    result: TemplateResult, cat: Catalogue, out: Path, aliases: Mapping[Key, str] | None = None
) -> Path:
    """Write 采用报告.xlsx to `out` (a new file): sheet 数字 (every number, with the alias that
    would bind it where one is proposed), sheet 结构 (the parts)."""
    aliases = aliases or {}
    book, sheet = new_book("数字", _HEADER)
    for w in result.written:
        r = w.record
        names = "、".join(cat.indicators[c].name for c in r.codes)
        row = (
            result.places.get(r.paragraph, r.paragraph + 1),
            _excerpt(result.texts[r.paragraph], r.start),
            r.text,
            KIND_NAMES[r.kind],
            "、".join(r.codes),
            names,
            r.reason,
            w.template,
            aliases.get((r.paragraph, r.start), ""),
        )
        cells = append_safe(sheet, row)
        if r.kind == "ambiguous" or w.template.startswith("保留原文："):
            for cell in cells:
                cell.fill = WARN_FILL
    for column, width in zip("ABCDEFGHI", _WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    parts = book.create_sheet("结构")
    append_safe(parts, ("报告部分", "部分编码", "对应的标题", "说明"))
    for part in cat.parts:
        heading = result.parts.get(part.key)
        note = (
            "各单位报送的该部分文字放在此标题下"
            if heading
            else "未找到对应的标题，该部分文字不会进入草稿"
        )
        append_safe(parts, (part.name, part.key, heading or "", note))
    for heading in result.outline.unmatched_headings:
        append_safe(parts, ("", "", heading, "未对应任何报告部分，作为固定文字保留"))
    for column, width in zip("ABCD", (30, 20, 50, 44), strict=True):
        parts.column_dimensions[column].width = width
    return save_new(out, book.save)


def summary_lines(result: TemplateResult) -> list[str]:
    """Return the terminal's lines on an adoption: counts per class, parts and what matched nothing."""
    found = counts(result)
    lines = ["数字：" + "，".join(f"{name}{n}处" for name, n in found.items())]
    kept = sum(w.template.startswith("保留原文：") for w in result.written)
    if kept:
        lines.append(f"数值相符但写法与程序不同、保留原文的数字{kept}处（见采用报告.xlsx，黄色行）")
    lines.append(f"对应到标题的报告部分：{len(result.parts)}个")
    lines += [f"未找到标题的报告部分：{name}" for name in result.outline.unmatched_parts]
    lines += [
        f"未对应报告部分的标题（作为固定文字保留）：{h}" for h in result.outline.unmatched_headings
    ]
    return lines
