"""Where each printed figure came from: reviewer comment texts and the sidecar `<draft>.figures.json`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import orjson

from nianbao.core.clock import office_now
from nianbao.core.errors import DocumentError
from nianbao.core.storage import replace_file
from nianbao.draft.context import FigureView

FORMAT = "nianbao-figures/1"
SIDECAR_SUFFIX = ".figures.json"
_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS  # keys as json.dump writes them
COMMENT_AUTHOR = "nianbao"
COMMENT_INITIALS = "NB"
CommentMode = Literal["all", "flagged", "none"]
COMMENT_MODES: tuple[CommentMode, ...] = ("all", "flagged", "none")
_LISTED_SOURCES = 5  # sources listed with file, sheet and cell; more are listed by unit only
_LISTED_UNITS = 30
_LISTED_NOTES = 5
_CODE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_HEAD = re.compile(r"（([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)）")


@dataclass
class Place:
    """One rendering of a figure in the draft: its bookmark, what was written, and nearby text."""

    code: str
    bookmark: str
    kind: Literal["figure", "missing"]
    text: str  # the digits in the control, or the 【待补充：…】 placeholder
    prefix: str = ""
    suffix: str = ""
    before: str = ""
    after: str = ""
    order: int = 0  # position among the draft's figures when nianbao wrote it


def placeholder(name: str) -> str:
    """Return the placeholder printed for a figure without data."""
    return f"【待补充：{name}】"


def wants_comment(view: FigureView, mode: CommentMode) -> bool:
    """Return whether `view` gets a comment under `mode` ("all", "flagged" or "none")."""
    if mode not in COMMENT_MODES:
        raise ValueError(f"批注选项只能是 all、flagged 或 none，不能是“{mode}”")
    return mode == "all" or (mode == "flagged" and is_flagged(view))


def is_flagged(view: FigureView) -> bool:
    """Return whether the reviewer should look at `view`: gaps, findings or an unusual change."""
    return view.flagged or view.phrase is None or bool(view.warnings or view.notes)


def comment_code(text: str) -> str:
    """Return the indicator code a nianbao comment's first line names, or ""."""
    match = _HEAD.search(text.split("\n", 1)[0])
    return match.group(1) if match else ""


def comment_text(view: FigureView, views: Mapping[str, FigureView]) -> str:
    """Return the comment shown on a figure: value, computation, sources, last year, warnings."""
    fig = view.figure
    lines = [f"{view.name}（{view.code}）"]
    lines.append(f"本年：{view.phrase.text}" if view.phrase else f"本年：缺数（{_why(view)}）")
    if view.formula:
        lines.append("计算：" + _formula(view.formula, views))
    elif fig is not None and fig.inputs:  # growth on last year
        base = views.get(fig.inputs[0])
        if base is not None:
            now = base.phrase.text if base.phrase else "缺数"
            lines.append(
                f"计算：{base.name}较上年增速 =（本年{now} ÷ 上年{base.previous_text or '缺数'} − 1）× 100%"
            )
    if fig is not None and fig.sources and not fig.inputs:
        lines += _sources(fig.sources)
    if fig is not None and fig.cells and not fig.inputs:
        lines += _cells(fig.cells)
    if fig is not None and fig.missing_units:
        lines.append(
            f"未报送或未采用（{len(fig.missing_units)}个）：{'、'.join(fig.missing_units)}"
        )
    if view.previous_text:
        lines.append(f"上年：{view.previous_text}" + (f"（{view.change}）" if view.change else ""))
    elif fig is not None and not fig.inputs:
        lines.append("上年：无数据")
    lines += [f"提醒：{w}" for w in view.warnings]
    notes = [n for n in view.notes if not any(w in n for w in view.warnings)]
    lines += notes[:_LISTED_NOTES]
    if len(notes) > _LISTED_NOTES:
        lines.append(f"……另有{len(notes) - _LISTED_NOTES}条，详见校验报告.xlsx")
    return "\n".join(lines)


def _why(view: FigureView) -> str:
    return (view.figure.note if view.figure is not None else "") or "无数据"


def _formula(formula: str, views: Mapping[str, FigureView]) -> str:
    def word(match: re.Match[str]) -> str:
        other = views.get(match.group(0))
        return other.name if other else match.group(0)

    def number(match: re.Match[str]) -> str:
        other = views.get(match.group(0))
        return other.phrase.text if other and other.phrase else "缺数"

    signs = formula.replace("*", " × ").replace("/", " ÷ ")
    signs = re.sub(r"\s+", " ", signs).strip()
    return f"{_CODE.sub(word, signs)} = {_CODE.sub(number, signs)}"


def _sources(sources: tuple[Any, ...]) -> list[str]:
    if len(sources) <= _LISTED_SOURCES:
        return [
            f"来源：{s.unit}，{s.file}［{s.sheet}］{s.cell}：{_plain(s.value)}" for s in sources
        ]
    shown = "、".join(f"{s.unit}{_plain(s.value)}" for s in sources[:_LISTED_UNITS])
    more = f"等{len(sources)}个单位" if len(sources) > _LISTED_UNITS else ""
    return [
        f"来源：{len(sources)}个单位合计：{shown}{more}",
        "（各单位的文件、工作表和单元格见草稿旁的 .figures.json 文件）",
    ]


def _cells(cells: tuple[Any, ...]) -> list[str]:
    """Return the lines naming the unit cells beneath figures summed from figures (a city's)."""
    if len(cells) <= _LISTED_SOURCES:
        return [
            f"单元格：{s.unit}，{s.file}［{s.sheet}］{s.cell}：{_plain(s.value)}" for s in cells
        ]
    return [f"（{len(cells)}个单元格的单位、文件、工作表和单元格见草稿旁的 .figures.json 文件）"]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def sidecar_path(draft: Path) -> Path:
    """Return the sidecar path of `draft`: `<stem>.figures.json` beside it."""
    return draft.with_name(draft.stem + SIDECAR_SUFFIX)


def build_sidecar(
    views: Mapping[str, FigureView],
    places: list[Place],
    year: int | None,
    draft: str,
    changes: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Return the sidecar: for every figure its value, provenance and where it was printed.

    `changes` counts how often each code's year-on-year wording was printed.
    """
    figures: dict[str, Any] = {}
    for code, view in views.items():
        figures[code] = figure_entry(view, views)
        figures[code]["change_count"] = (changes or {}).get(code, 0)
    for place in places:
        if place.code in figures:
            figures[place.code]["places"].append(place_entry(place))
    return {
        "format": FORMAT,
        "draft": draft,
        "year": year,
        "written": office_now().isoformat(timespec="seconds"),
        "figures": figures,
    }


def figure_entry(view: FigureView, views: Mapping[str, FigureView]) -> dict[str, Any]:
    """Return the sidecar entry of one figure (places left empty)."""
    fig = view.figure
    phrase = view.phrase
    return {
        "code": view.code,
        "name": view.name,
        "text": phrase.text if phrase else placeholder(view.name),
        "prefix": phrase.prefix if phrase else "",
        "digits": phrase.number if phrase else "",
        "suffix": phrase.suffix if phrase else "",
        "value": _str(fig.value) if fig else None,
        "status": fig.status if fig else ("ok" if phrase else "missing"),
        "previous": _str(fig.previous) if fig else None,
        "previous_text": view.previous_text,
        "change": view.change,
        "change_count": 0,
        "formula": view.formula,
        "inputs": list(fig.inputs) if fig else [],
        "sources": [
            {
                "unit": s.unit,
                "file": s.file,
                "sheet": s.sheet,
                "cell": s.cell,
                "value": _str(s.value),
            }
            for s in (fig.sources if fig else ())
        ],
        **({"cells": [_source_entry(s) for s in fig.cells]} if fig and fig.cells else {}),
        "missing_units": list(fig.missing_units) if fig else [],
        "note": fig.note if fig else "",
        "warnings": [*view.warnings, *view.notes],
        "comment": comment_text(view, views),
        "places": [],
    }


def _source_entry(s: Any) -> dict[str, Any]:
    return {
        "unit": s.unit,
        "file": s.file,
        "sheet": s.sheet,
        "cell": s.cell,
        "value": _str(s.value),
    }


def place_entry(place: Place) -> dict[str, Any]:
    """Return the sidecar form of `place` (the code is the key above it)."""
    entry = asdict(place)
    del entry["code"]
    return entry


def places_of(sidecar: Mapping[str, Any]) -> list[Place]:
    """Return the places recorded in `sidecar`, in document order per figure."""
    places = [
        Place(code=code, **entry)
        for code, fig in sidecar.get("figures", {}).items()
        for entry in fig.get("places", [])
    ]
    return sorted(places, key=lambda p: p.order)


def record_of(sidecar: Mapping[str, Any]) -> dict[str, Any]:
    """Return the part of `sidecar` embedded in the draft itself: what was written where."""
    keep = ("name", "value", "change", "change_count", "places")
    return {
        "format": FORMAT,
        "year": sidecar.get("year"),
        "figures": {
            code: {k: fig[k] for k in keep if k in fig}
            for code, fig in sidecar.get("figures", {}).items()
        },
    }


def write_sidecar(draft: Path, sidecar: Mapping[str, Any]) -> Path:
    """Write `sidecar` beside `draft` atomically, indented for a reader; return its path.

    orjson encodes in Rust, indented: the stdlib's json indents only in Python (12× slower, and a
    province's sidecar of 10⁵ unit cells held as its pieces took hundreds of MiB); what orjson holds
    is the file's bytes, once.
    """

    def write(path: str) -> None:
        Path(path).write_bytes(orjson.dumps(sidecar, option=_INDENTED))

    return replace_file(sidecar_path(draft), write)


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """Return the sidecar at `path`, or None when there is none; DocumentError when unreadable."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"无法读取生成记录 {path.name}：{exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DocumentError(f"{path.name} 不是 nianbao 的生成记录")
    return data


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
