"""Annex charts: key indicators over the available years as PNG files, labelled in a CJK font."""

from __future__ import annotations

import hashlib
import os
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from nianbao.catalogue import Catalogue
from nianbao.errors import NianbaoError
from nianbao.paths import project_root
from nianbao.phrasing import trim_decimal
from nianbao.storage import replace_file
from nianbao.targets import ChartSpec

CHART_DIR = "图表"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
FONT_GLOBS = ("NotoSansCJK*.tt[cf]", "NotoSansSC*.[ot]tf", "SourceHanSans*.tt[cf]")
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_SIZE_INCHES = (6.3, 3.5)
_DPI = 200
_KEY = "nianbao-chart"  # PNG text chunk holding the hash of what the chart was drawn from
_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Chart:
    """A chart file of the annex: its caption, PNG path and the indicators it plots."""

    title: str
    path: Path
    codes: tuple[str, ...]


def configure_matplotlib() -> None:
    """Keep matplotlib's font cache in the project (.cache/matplotlib), never in the user's home."""
    os.environ.setdefault("MPLCONFIGDIR", str(project_root() / ".cache" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")


def cjk_family() -> str:
    """Return the family name of an installed CJK font matplotlib can use (NianbaoError if none)."""
    configure_matplotlib()
    from matplotlib import font_manager

    for family in CJK_FAMILIES:
        try:
            font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
            return family
        except ValueError:
            continue
    for folder in FONT_DIRS:
        for pattern in FONT_GLOBS:
            for path in sorted(folder.rglob(pattern)) if folder.is_dir() else []:
                font_manager.fontManager.addfont(str(path))
                if any(f.fname == str(path) for f in font_manager.fontManager.ttflist):
                    return str(font_manager.FontProperties(fname=path).get_name())
    raise NianbaoError("找不到中文字体，无法绘制图表：请安装 fonts-noto-cjk（思源黑体）")


def font_covers(family: str, text: str) -> bool:
    """Return whether the font matplotlib resolves for `family` has a glyph for every character."""
    configure_matplotlib()
    from matplotlib import font_manager

    path = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    charmap = font_manager.get_font(path).get_charmap()
    return all(ord(ch) in charmap for ch in text if not ch.isspace())


def chart_labels(spec: ChartSpec, cat: Catalogue, years: list[int]) -> str:
    """Return every label text a chart of `spec` prints (title, legend, axes), for font checks."""
    names = [cat.indicators[c].name for c in spec.indicators]
    return "".join([spec.title, *names, *(f"{y}年" for y in years), _unit_label(spec, cat)])


def draw_charts(
    series: Mapping[int, Mapping[str, Decimal]], cat: Catalogue, out_dir: Path
) -> list[Chart]:
    """Draw every catalogue chart over the years of `series` into `out_dir`/图表; return them."""
    years = sorted(series)
    charts: list[Chart] = []
    for spec in cat.targets.charts:
        shown = [y for y in years if any(c in series[y] for c in spec.indicators)]
        if not shown:
            continue
        n = len(charts) + 1
        span = f"{shown[0]}—{shown[-1]}年" if len(shown) > 1 else f"{shown[0]}年"
        title = f"图{n}　{spec.title}（{span}）"
        path = out_dir / CHART_DIR / f"图{n}_{_UNSAFE.sub('_', spec.title)}.png"
        draw_chart(spec, {y: series[y] for y in shown}, cat, path)
        charts.append(Chart(title, path, spec.indicators))
    return charts


def draw_chart(
    spec: ChartSpec, series: Mapping[int, Mapping[str, Decimal]], cat: Catalogue, out: Path
) -> Path:
    """Draw one chart (bars for counts and amounts, lines for percentages) to the PNG `out`."""
    configure_matplotlib()
    import matplotlib
    from matplotlib import pyplot as plt

    years = sorted(series)
    family = cjk_family()
    key = chart_key(spec, series, cat, family)
    if drawn_from(out) == key:
        return out  # the same data, labels, font and code: the PNG on disk is this chart
    with matplotlib.rc_context({"font.family": [family], "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=_SIZE_INCHES, dpi=_DPI)
        try:
            _plot(ax, spec, series, cat, years)
            ax.set_title(spec.title, fontsize=12)
            ax.set_ylabel(_unit_label(spec, cat), fontsize=9)
            ax.set_xticks(range(len(years)), [f"{y}年" for y in years], fontsize=9)
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            ax.spines[["top", "right"]].set_visible(False)
            fig.tight_layout()
            replace_file(out, lambda tmp: fig.savefig(tmp, format="png", metadata={_KEY: key}))
        finally:
            plt.close(fig)
    return out


def chart_key(
    spec: ChartSpec, series: Mapping[int, Mapping[str, Decimal]], cat: Catalogue, family: str
) -> str:
    """Return the hash of everything a chart is drawn from: data, labels, font, code and library."""
    import matplotlib

    inds = [cat.indicators[c] for c in spec.indicators]
    facts = [
        spec.title,
        family,
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
                    fontsize=7,
                )
            continue
        offset = (i - (len(codes) - 1) / 2) * width
        bars = ax.bar([x + offset for x in xs], ys, width=width, label=ind.name)
        ax.bar_label(
            bars, labels=[trim_decimal(Decimal(str(v))) for v in ys], fontsize=7, padding=2
        )
    if not percent:
        ax.margins(y=0.15)


def _unit_label(spec: ChartSpec, cat: Catalogue) -> str:
    ind = cat.indicators[spec.indicators[0]]
    return "百分比（%）" if ind.kind == "percent" else f"单位：{ind.unit}"
