"""Year-on-year checks: changes beyond the plausible band and order-of-magnitude slips, as 提醒."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nianbao.core.findings import Finding
from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import format_decimal, phrase_figure
from nianbao.profile.catalogue import Catalogue, Indicator
from nianbao.profile.targets import Trend

_HUNDRED = Decimal(100)
_SHOWN_SOURCES = 5


@dataclass(frozen=True)
class Jump:
    """A figure whose change on last year is implausible, with the reason in Chinese."""

    code: str
    reason: str


def find_jumps(figures: Mapping[str, Figure], cat: Catalogue) -> list[Jump]:
    """Return the figures beyond their plausible band or off by an order of magnitude."""
    jumps = []
    for code, fig in figures.items():
        ind = cat.indicators[code]
        if reason := implausible(fig.value, fig.previous, ind, cat.targets.trend):
            jumps.append(Jump(code, reason))
    return jumps


def jump_findings(figures: Mapping[str, Figure], cat: Catalogue) -> list[Finding]:
    """Return one 提醒 per implausible change, at the cell when one unit reported the figure."""
    found = []
    for jump in find_jumps(figures, cat):
        fig, name = figures[jump.code], cat.indicators[jump.code].name
        message = f"{name}与上年相比变化异常：{jump.reason}，请核对"
        if len(fig.sources) == 1:
            src = fig.sources[0]
            found.append(
                Finding.warning(
                    src.file,
                    src.sheet,
                    src.cell,
                    message,
                    unit=src.unit_id,
                    code=jump.code,
                    kind="total.jump",
                )
            )
            continue
        cells = [f"{s.unit}（{s.file}［{s.sheet}］{s.cell}）" for s in fig.sources]
        more = f"等{len(cells)}处" if len(cells) > _SHOWN_SOURCES else ""
        where = f"；涉及：{'、'.join(cells[:_SHOWN_SOURCES])}{more}" if cells else ""
        found.append(
            Finding.warning("", "", "", message + where, code=jump.code, kind="total.jump")
        )
    return found


def figure_warnings(figures: Mapping[str, Figure], cat: Catalogue) -> dict[str, tuple[str, ...]]:
    """Return the year-on-year warnings to show on each flagged figure of the draft."""
    return {j.code: (f"与上年相比变化异常：{j.reason}，请核对",) for j in find_jumps(figures, cat)}


def implausible(now: Decimal | None, before: Decimal | None, ind: Indicator, trend: Trend) -> str:
    """Return why going from `before` (last year) to `now` is implausible for `ind`, or "" when it is not.

    Implausible: beyond the indicator's band (else the [trend] band), off by the slip ratio, or one
    year zero; growth rates, a missing year and two values under the small-number floor are not judged.
    """
    if now is None or before is None or ind.aggregation == "growth":
        return ""
    if max(abs(now), abs(before)) < trend.small:
        return ""
    if before == 0 or now == 0:
        why = "其中一年为0"
    elif (ratio := now / before) >= trend.slip:
        why = f"本年是上年的{format_decimal(ratio, 2)}倍，疑似多录一位数字"
    elif ratio <= 1 / trend.slip:
        why = f"本年仅为上年的{format_decimal(ratio * _HUNDRED, 2)}%，疑似少录一位数字"
    else:
        band = ind.band if ind.band is not None else trend.band
        change = (ratio - 1) * _HUNDRED
        if abs(change) <= band:
            return ""
        word = "增长" if change > 0 else "下降"
        why = f"{word}{format_decimal(abs(change), 2)}%，超出±{band}%的合理区间"
    return f"本年{shown(now, ind)}，上年{shown(before, ind)}，{why}"


def shown(value: Decimal, ind: Indicator) -> str:
    """Return `value` as the report prints it for `ind` (e.g. 3870起, 99.16%)."""
    return phrase_figure(value, ind.kind, ind.unit, ind.precision).text
