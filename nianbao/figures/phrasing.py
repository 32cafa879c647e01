"""Chinese statistical wording of figures and year-on-year changes (GB/T 15835).

Every function here is pure and works on `Decimal` only (never float): figures are rounded with
ROUND_HALF_UP, approximations (余/多/以上) with ROUND_FLOOR, and digits are always half-width with no
thousands separator and no exponent.

Year-on-year changes compare the values as the report shows them, i.e. both rounded half-up to the
indicator's precision first, so a reader can check the wording against the two printed figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from nianbao.profile.catalogue import KINDS

WAN_PER_YI = Decimal(10000)
YI_PRECISION = 2
RATE_PRECISION = 2
_HUNDRED = Decimal(100)
_SMALLEST_RATE = Decimal(1).scaleb(-RATE_PRECISION)


@dataclass(frozen=True)
class Phrase:
    """A phrased figure: the digits (kept in a content control) and the words that follow them."""

    number: str
    suffix: str
    prefix: str = ""

    @property
    def text(self) -> str:
        """Return the whole phrase, e.g. 1426项, 99.16%, 20余次, 1.85亿元, 增长866%."""
        return self.prefix + self.number + self.suffix


def _check(value: Decimal, precision: int) -> None:
    if not value.is_finite():
        raise ValueError(f"数值“{value}”不是有限数")
    if precision < 0:
        raise ValueError(f"小数位数不能为负数：{precision}")


def _quantize(value: Decimal, precision: int, rounding: str) -> Decimal:
    _check(value, precision)
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + precision + 2)
        result = value.quantize(Decimal(1).scaleb(-precision), rounding=rounding)
    return result.copy_abs() if result.is_zero() else result


def round_half_up(value: Decimal, precision: int) -> Decimal:
    """Return `value` rounded half-up to `precision` decimals (exponent exactly -precision)."""
    return _quantize(value, precision, ROUND_HALF_UP)


def _round_down(value: Decimal, precision: int) -> Decimal:
    return _quantize(value, precision, ROUND_FLOOR)


def format_decimal(value: Decimal, precision: int) -> str:
    """Return `value` rounded half-up with exactly `precision` decimals: 0.5, 2 -> "0.50"."""
    return format(round_half_up(value, precision), "f")


def trim_decimal(value: Decimal) -> str:
    """Return `value` in plain notation without trailing zeros: 2E+3 -> "2000", 1.850 -> "1.85"."""
    _check(value, 0)
    if value.is_zero():
        return "0"
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits))
        return format(value.normalize(), "f")


def _trimmed(value: Decimal, precision: int) -> str:
    return trim_decimal(round_half_up(value, precision))


def _round_count(value: Decimal) -> Decimal:
    """Return `value` floored to two significant digits, but at least to tens: 23 -> 20, 1426 -> 1400."""
    whole = int(_round_down(value, 0))
    step = 10 ** max(1, len(str(whole)) - 2)
    return Decimal(whole // step * step)


def _phrase_count(value: Decimal, unit: str, precision: int, approx: str) -> Phrase:
    """Phrase counts and days: 1426项, 20余次, 20多个, 0.5个工作日, 20个工作日以上."""
    if approx and value >= 10:
        shown = _round_count(value)
        if shown < value:
            number = trim_decimal(shown)
            return Phrase(number, unit + approx if approx == "以上" else approx + unit)
    return Phrase(_trimmed(value, precision), unit)


def _phrase_percent(value: Decimal, precision: int, approx: str) -> Phrase:
    """Phrase percentages, trailing zeros kept: 99.16%, 0.50%, 57%, 97%以上 (余/多 also give 以上)."""
    if approx:
        shown = _round_down(value, precision)
        if shown < value:
            return Phrase(format(shown, "f"), "%以上")
    return Phrase(format_decimal(value, precision), "%")


def _phrase_amount(value: Decimal, unit: str, precision: int, approx: str) -> Phrase:
    """Phrase money given in 万元: 2900万元, 82.35万元, 1.85亿元, 82万余元, 1亿元以上."""
    if unit != "万元":
        raise ValueError(f"金额的单位须为“万元”，不能是“{unit}”")
    in_yi = round_half_up(value, precision).copy_abs() >= WAN_PER_YI
    base, big, digits = (
        (value / WAN_PER_YI, "亿", YI_PRECISION) if in_yi else (value, "万", precision)
    )
    if approx:
        shown = _round_down(base, 0)
        if 0 < shown < base:
            return Phrase(
                trim_decimal(shown), big + ("元以上" if approx == "以上" else approx + "元")
            )
    return Phrase(_trimmed(base, digits), big + "元")


def phrase_figure(value: Decimal, kind: str, unit: str, precision: int, approx: str = "") -> Phrase:
    """Return the report wording of one figure of an indicator of `kind` (see catalogue.KINDS).

    `approx` is the approximation word: "余"/"多" (20余次, 82万余元) or "以上" (97%以上; a percentage
    is always approximated with 以上, "97余%" is not written); it is dropped when the rounded-down
    figure equals the value, for counts and days below 10 and for amounts below 1 万元/亿元.
    """
    _check(value, precision)
    if approx not in ("", "余", "多", "以上"):
        raise ValueError(f"约数写法只能是“余”“多”“以上”，不能是“{approx}”")
    if kind == "percent":
        return _phrase_percent(value, precision, approx)
    if kind == "amount":
        return _phrase_amount(value, unit, precision, approx)
    if kind in KINDS:
        return _phrase_count(value, unit, precision, approx)
    raise ValueError(f"未知的指标类型“{kind}”")


def phrase_change(current: Decimal, previous: Decimal, kind: str, unit: str, precision: int) -> str:
    """Return the year-on-year wording of `current` against `previous`.

    Rates (percent kind) change by 个百分点: 提高0.66个百分点 / 下降2个百分点. Other kinds give a rate with
    two decimals: 同比增长12.49% / 同比下降3.20% (also above 100%, never "N倍"); from a zero base
    较上年增加137件. Equal shown values give 与上年持平.
    """
    if kind not in KINDS:
        raise ValueError(f"未知的指标类型“{kind}”")
    now, before = round_half_up(current, precision), round_half_up(previous, precision)
    diff = now - before
    if diff.is_zero():
        return "与上年持平"
    if kind == "percent":
        return f"{'提高' if diff > 0 else '下降'}{format_decimal(abs(diff), precision)}个百分点"
    if before.is_zero():
        amount = phrase_figure(abs(diff), kind, unit, precision).text
        return f"较上年{'增加' if diff > 0 else '减少'}{amount}"
    with localcontext() as ctx:
        ctx.prec = 50
        rate = round_half_up(abs(diff) / abs(before) * _HUNDRED, RATE_PRECISION)
    word = "同比增长" if diff > 0 else "同比下降"
    if rate.is_zero():
        return f"{word}不足{format(_SMALLEST_RATE, 'f')}%"
    return f"{word}{format(rate, 'f')}%"


CHANGE_WORDING = re.compile(
    r"(同比|较上年)?(增长|提高|增加|下降|减少)(.+)"
)  # as phrase_change writes it
UP_WORDS = ("增长", "提高", "增加", "上升")


def reword_change(text: str, since: str, up: str, down: str) -> str:
    """Return the change wording `text` (from `phrase_change`) in an office's own words: `since` in
    place of 同比/较上年 (比上年, or nothing), `up`/`down` in place of the verb (增加/减少 …).

    同比增长12.47% → 比上年增长12.47%; 同比下降20.45% with down 减少 → 比上年减少20.45%; 与上年持平 stays.
    """
    m = CHANGE_WORDING.fullmatch(text)
    if m is None:
        return text
    return since + (up if m[2] in UP_WORDS else down) + m[3]
