"""Annex charts: key indicators over the available years as PNG files, labelled in a CJK font."""

from __future__ import annotations

import hashlib
import os
import re
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nianbao.core.errors import NianbaoError
from nianbao.core.paths import project_root
from nianbao.core.storage import replace_file
from nianbao.figures.phrasing import trim_decimal
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.targets import ChartSpec

if TYPE_CHECKING:
    from matplotlib.font_manager import FontPath

CHART_DIR = "图表"
# The chart font ships with the pinned dependencies (noto-cjk-sans-otc: Noto Sans CJK, SIL OFL 1.1) and is
# used by its path: a machine without system CJK fonts draws the same charts as one with them.
FONT_PACKAGE = "noto_cjk_sans_otc"
FONT_FILE = "NotoSansCJK-Regular.ttc"
FONT_FACE = "Noto Sans CJK SC"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_SIZE_INCHES = (6.3, 3.5)
_DPI = 200
_KEY = "nianbao-chart"  # PNG text chunk holding the hash of what the chart was drawn from
_PNG = b"\x89PNG\r\n\x1a\n"


class ChartError(NianbaoError):
    """A chart cannot be drawn (font missing or lacking a glyph, drawing failed)."""


@dataclass(frozen=True)
class Chart:
    """A chart file of the annex: its caption, PNG path and the indicators it plots."""

    title: str
    path: Path
    codes: tuple[str, ...]


@dataclass(frozen=True)
class ChartGap:
    """A chart of the annex that could not be drawn, and why (Chinese, for the summary and checklist)."""

    title: str
    reason: str

    def describe(self) -> str:
        """Return the one-line Chinese description used by the summary and the review checklist."""
        return f"附件图表“{self.title}”未能生成：{self.reason}"


@dataclass(frozen=True)
class Charts:
    """The annex charts of a run: those drawn, and those that could not be drawn with the reason."""

    drawn: list[Chart] = field(default_factory=list)
    gaps: list[ChartGap] = field(default_factory=list)


def configure_matplotlib() -> None:
    """Keep matplotlib's font cache in the project (.cache/matplotlib), never in the user's home."""
    os.environ.setdefault("MPLCONFIGDIR", str(project_root() / ".cache" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")


@lru_cache(maxsize=1)
def cjk_font() -> FontPath:
    """Return the bundled Noto Sans CJK SC face (file and face index); never a system font."""
    configure_matplotlib()
    from matplotlib import ft2font
    from matplotlib.font_manager import FontPath

    try:
        path = Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))
    except ModuleNotFoundError:
        raise ChartError(
            "未安装图表字体（noto-cjk-sans-otc），请重新运行 make setup 安装依赖"
        ) from None
    try:
        faces = ft2font.FT2Font(str(path)).num_faces
        for index in range(faces):
            if ft2font.FT2Font(str(path), face_index=index).family_name == FONT_FACE:
                return FontPath(str(path), index)
    except (OSError, RuntimeError, ValueError) as exc:
        raise ChartError(f"图表字体文件无法读取（{path}）：{exc}") from None
    raise ChartError(f"图表字体文件中没有“{FONT_FACE}”（{path}）")


def missing_glyphs(text: str) -> str:
    """Return the characters of `text` the chart font has no glyph for, each once, in order."""
    charmap = _glyphs(cjk_font())
    return "".join(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in charmap))


@lru_cache(maxsize=1)
def _glyphs(font: FontPath) -> frozenset[int]:
    """Return the code points `font` has glyphs for (read once: ~3 ms a chart for a CJK font)."""
    from matplotlib import font_manager

    return frozenset(font_manager.get_font(font).get_charmap())


def chart_labels(spec: ChartSpec, cat: Catalogue, years: list[int]) -> str:
    """Return every label text a chart of `spec` prints (title, legend, axes), for font checks."""
    names = [cat.indicators[c].name for c in spec.indicators]
    return "".join([spec.title, *names, *(f"{y}年" for y in years), _unit_label(spec, cat)])


def draw_charts(
    series: Mapping[int, Mapping[str, Decimal]], cat: Catalogue, out_dir: Path
) -> Charts:
    """Draw every catalogue chart over the years of `series` into `out_dir`/图表.

    A chart that cannot be drawn is returned as a gap with its reason; the others are still drawn.
    """
    years = sorted(series)
    charts = Charts()
    for spec in cat.targets.charts:
        shown = [y for y in years if any(c in series[y] for c in spec.indicators)]
        if not shown:
            continue
        n = len(charts.drawn) + 1
        span = f"{shown[0]}—{shown[-1]}年" if len(shown) > 1 else f"{shown[0]}年"
        path = out_dir / CHART_DIR / f"图{n}_{_UNSAFE.sub('_', spec.title)}.png"
        try:
            draw_chart(spec, {y: series[y] for y in shown}, cat, path)
        except Exception as exc:  # a chart never stops the draft: the reviewer is told why
            why = (
                str(exc)
                if isinstance(exc, ChartError)
                else f"绘图出错（{type(exc).__name__}：{exc}）"
            )
            charts.gaps.append(ChartGap(spec.title, why))
            continue
        charts.drawn.append(Chart(f"图{n}　{spec.title}（{span}）", path, spec.indicators))
    return charts


def draw_chart(
    spec: ChartSpec, series: Mapping[int, Mapping[str, Decimal]], cat: Catalogue, out: Path
) -> Path:
    """Draw one chart (bars for counts and amounts, lines for percentages) to the PNG `out`.

    Raises ChartError when the chart font is missing or lacks a glyph of a label.
    """
    configure_matplotlib()
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    years = sorted(series)
    font = cjk_font()
    if missing := missing_glyphs(chart_labels(spec, cat, years)):
        raise ChartError(f"图表字体缺少“{missing}”的字形，请在指标目录中改用常用字")
    key = chart_key(spec, series, cat, font)
    if drawn_from(out) == key:
        return out  # the same data, labels, font and code: the PNG on disk is this chart

    def sized(size: float) -> FontProperties:
        return FontProperties(fname=font, size=size)

    fig, ax = plt.subplots(figsize=_SIZE_INCHES, dpi=_DPI)
    try:
        _plot(ax, spec, series, cat, years, sized)
        ax.set_title(spec.title, fontproperties=sized(12))
        ax.set_ylabel(_unit_label(spec, cat), fontproperties=sized(9))
        ax.set_xticks(range(len(years)), [f"{y}年" for y in years], fontproperties=sized(9))
        ax.legend(prop=sized(8), frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        replace_file(out, lambda tmp: fig.savefig(tmp, format="png", metadata={_KEY: key}))
    finally:
        plt.close(fig)
    return out


def chart_key(
    spec: ChartSpec, series: Mapping[int, Mapping[str, Decimal]], cat: Catalogue, font: FontPath
) -> str:
    """Return the hash of everything a chart is drawn from: data, labels, font, code and library."""
    import matplotlib

    inds = [cat.indicators[c] for c in spec.indicators]
    facts = [
        spec.title,
        f"{Path(font.path).name}#{font.face_index}",
        matplotlib.__version__,
        _code_hash(),
        *[f"{i.code}|{i.name}|{i.kind}|{i.unit}" for i in inds],
        *[f"{y}|{c}|{series[y].get(c)}" for y in sorted(series) for c in spec.indicators],
    ]
    return hashlib.sha256("\n".join(facts).encode("utf-8")).hexdigest()


def drawn_from(png: Path) -> str | None:
    """Return the chart key stored in the PNG `png`, None when absent or unreadable."""
    try:
        data = png.read_bytes()
    except OSError:
        return None
    if not data.startswith(_PNG):
        return None
    at = len(_PNG)
    while at + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        body = data[at + 8 : at + 8 + length]
        if kind == b"IDAT" or len(body) < length:
            return None
        if kind == b"tEXt":
            name, _, text = body.partition(b"\0")
            if name == _KEY.encode("latin-1"):
                return text.decode("latin-1")
        at += 12 + length
    return None


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """Return the hash of this module's source: a change to the drawing code redraws every chart."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _plot(
    ax: Any,
    spec: ChartSpec,
    series: Mapping[int, Mapping[str, Decimal]],
    cat: Catalogue,
    years: list[int],
    sized: Callable[[float], Any],
) -> None:
    codes = spec.indicators
    percent = cat.indicators[codes[0]].kind == "percent"
    width = 0.8 / len(codes)
    for i, code in enumerate(codes):
        ind = cat.indicators[code]
        points = [(x, series[y].get(code)) for x, y in enumerate(years)]
        xs = [x for x, v in points if v is not None]
        ys = [float(v) for _, v in points if v is not None]
        if percent:
            ax.plot(xs, ys, marker="o", label=ind.name)
            labels = [f"{trim_decimal(Decimal(str(round(v, 2))))}%" for v in ys]
            for x, v, text in zip(xs, ys, labels, strict=True):
                ax.annotate(
                    text,
                    (x, v),
                    textcoords="offset points",
                    xytext=(0, 6 if i % 2 == 0 else -12),
                    ha="center",
                    fontproperties=sized(7),
                )
            continue
        offset = (i - (len(codes) - 1) / 2) * width
        bars = ax.bar([x + offset for x in xs], ys, width=width, label=ind.name)
        labels = [trim_decimal(Decimal(str(v))) for v in ys]
        ax.bar_label(bars, labels=labels, fontproperties=sized(7), padding=2)
    if not percent:
        ax.margins(y=0.15)


def _unit_label(spec: ChartSpec, cat: Catalogue) -> str:
    ind = cat.indicators[spec.indicators[0]]
    return "百分比（%）" if ind.kind == "percent" else f"单位：{ind.unit}"
