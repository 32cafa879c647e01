"""Parsing of what offices type into a value cell."""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, NoReturn

from nianbao.core.errors import ValueParseError


@dataclass(frozen=True, slots=True)
class Quantity:
    """A typed figure: the number (money in 万元), the approximation word and the unit word."""

    value: Decimal
    approx: str = ""
    suffix: str = ""


# Full-width ASCII (１４２６，．％～) to half-width; odd spaces, dashes and invisible marks folded.
_FOLD = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    | {"\u3000": " ", "\xa0": " ", "\u2212": "-", "\u2013": "-", "\u301c": "~"}
    | {"\u200b": None, "\ufeff": None}
)
_UNITS = (
    "个工作日", "工作日", "小时", "个月", "人次", "场次", "元", "%", "项", "件", "例", "次", "场",
    "人", "名", "个", "份", "条", "案", "起", "家", "所", "户", "宗", "批", "部", "篇", "期", "处",
    "天", "日", "年", "台", "套", "辆", "座", "间",
)  # fmt: skip
_SUFFIX = {"工作日": "个工作日", "元": "万元"}
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_VALUE = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?P<a1>[余多])?(?P<scale>[万亿])?(?P<a2>[余多])?"
    rf"(?P<unit>{'|'.join(sorted(_UNITS, key=len, reverse=True))})?(?P<a3>以上)?"
)
_LEADING = re.compile(rf"(?:{_NUMBER})\s*")
_BARE_SCALE = re.compile(rf"(?:{_NUMBER})\s*[余多]?[万亿][余多]?(?:以上)?")
_CN_NUMERAL = re.compile(r"[零〇一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟]")
_ESTIMATE = re.compile(
    r"大约|约|左右|上下|将近|接近|近|若干|几|数(?=[十百千万])|以下|以内|不足|不到"
)
_EXAMPLE = "（如“1426”“1426项”“99.16%”“2900万元”）"


class Reason(NamedTuple):
    """Why a typed value is refused: the finding kind (an id of findings.KINDS) and the Chinese text."""

    kind: str
    text: str  # “问题；建议”, fields {t} (the value as typed) and those of the raising site


# The kind travels with the error as data; the text may be reworded freely without changing it.
REASONS: dict[str, Reason] = {
    "boolean": Reason("value.boolean", "“{t}”是逻辑值（是/否），不是数值；请填写数字"),
    "date": Reason(
        "value.date",
        "“{t}”被表格识别成了日期或时间；请把单元格设为文本或常规格式后重新填写数值",
    ),
    "estimate": Reason("value.approximate", "“{t}”含有“{word}”，是估计数；请填写具体数值{arabic}"),
    "formula_error": Reason(
        "value.formula_error", "“{t}”是公式出错的结果，不是数值；请检查公式或直接填写数值"
    ),
    "placeholder": Reason(
        "value.placeholder", "“{t}”是占位符，不是数值；实际为零请填写0，暂无数据请留空"
    ),
    "chinese_numeral": Reason(
        "value.chinese_numeral", "“{t}”使用了汉字数字；请使用阿拉伯数字填写，如“20”"
    ),
    "scientific": Reason("value.scientific", "“{t}”是科学计数法；请填写完整数字，如“1426”"),
    "range": Reason("value.range", "“{t}”是一个范围；请填写一个具体数值"),
    "negative": Reason("value.negative", "“{t}”是负数；数值不能为负，请填写0或正数"),
    "full_stop": Reason("value.full_stop", "“{t}”中的“。”是句号；小数点请用“.”，如“99.16”"),
    "several_numbers": Reason(
        "value.several_numbers",
        "“{t}”含有多个数字；一个单元格只填一个数值，说明请写在“填报说明”列",
    ),
    "separator": Reason("value.separator", "“{t}”的千分位逗号位置不对；请直接填写数字，如“1426”"),
    "not_number": Reason("value.unreadable", "“{t}”不是数值；请填写阿拉伯数字" + _EXAMPLE),
    "missing_unit": Reason(
        "value.missing_unit",
        "“{t}”缺少单位；金额请写“{t}元”，其他请写明单位，如“1.2万人次”",
    ),
    "stray": Reason("value.unreadable", "“{t}”{stray}；请只填写一个数字，可带单位" + _EXAMPLE),
}
# Patterns tried in order on text that is not a value; the first match names the reason.
_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"#(?:N/A|NAME\?|VALUE!|REF!|DIV/0!|NUM!|NULL!)", re.IGNORECASE), "formula_error"),
    (
        re.compile(
            r"\A(?:-+|—+|/|\\|无|暂无|没有|不详|未知|空|n/?a|null|none|nil)\Z", re.IGNORECASE
        ),
        "placeholder",
    ),
    (_CN_NUMERAL, "chinese_numeral"),
    (re.compile(r"[0-9][eE][+-]?[0-9]"), "scientific"),
    (re.compile(r"[0-9]\s*(?:-|~|—|至|到)+\s*[0-9]"), "range"),
    (re.compile(r"^(?:-|负)\s*[0-9]"), "negative"),
    (re.compile(r"[0-9]。[0-9]"), "full_stop"),
    # The atomic group keeps "1.5.3" one (malformed) number rather than two.
    (re.compile(r"(?>[0-9]+(?:[.,][0-9]+)*)[^0-9]+[0-9]"), "several_numbers"),
    (re.compile(r"[0-9],[0-9]"), "separator"),
    (re.compile(r"^[^0-9]*$"), "not_number"),
)


def parse_value(raw: object) -> Quantity | None:
    """Return the quantity typed in a cell, or None for an empty cell; raise ValueParseError (Chinese reason, kind) otherwise."""
    if type(raw) is float:  # the common cell: exact types first, the ABC checks below are slow
        return _from_float(raw)
    if type(raw) is str:
        if raw.isascii() and raw.isdigit():
            return Quantity(Decimal(raw))
        return _parse_text(raw)
    if raw is None:
        return None
    if isinstance(raw, bool):
        _refuse("boolean", str(raw))
    if isinstance(raw, numbers.Integral):
        return _checked(Decimal(int(raw)), raw)
    if isinstance(raw, Decimal):
        return _checked(raw, raw) if raw.is_finite() else _reject(raw)
    if isinstance(raw, numbers.Real):
        return _from_float(float(raw))
    if isinstance(raw, str):
        return _parse_text(str(raw))
    if isinstance(raw, date | time):
        _refuse("date", str(raw))
    return _reject(raw)


def percent_typed(number: float) -> str:
    """Return what a percent-formatted cell holding `number` shows (0.9916 → “99.16%”).

    Excel keeps 15 significant digits, so 0.30000000000000004 (a formula's result) shows 30%.
    """
    return f"{(shown_decimal(number) * 100).normalize():f}%"


def shown_decimal(number: float) -> Decimal:
    """Return the decimal a cell holding `number` shows: 15 significant digits, as Excel and Calc do.

    74.59999999999999 (the typed 74.6 written with 16 digits) and 0.30000000000000004 (0.1+0.2)
    read as 74.6 and 0.3; whole numbers, 1e15 and above included, stay exact.
    """
    return Decimal(int(number)) if number.is_integer() else Decimal(f"{number:.15g}")


def is_whole(q: Quantity) -> bool:
    """Return whether the quantity's value has no fractional part."""
    return q.value == q.value.to_integral_value()


def _from_float(f: float) -> Quantity | None:
    if math.isnan(f):  # pandas' marker of an empty cell
        return None
    if math.isinf(f):
        return _reject(f)
    if f >= 0 and f.is_integer():
        return whole_quantity(int(f))
    return _checked(shown_decimal(f), f)


@lru_cache(maxsize=65536)
def whole_quantity(n: int) -> Quantity:
    """Return the quantity of the whole number `n` ≥ 0, one shared object per number (memory)."""
    return Quantity(Decimal(n))  # what _checked and _tidy make of a whole number


def _checked(value: Decimal, raw: object) -> Quantity:
    if value < 0:
        _refuse("negative", str(raw))
    return Quantity(_tidy(value))


def _reject(raw: object) -> NoReturn:
    _refuse("not_number", _show(str(raw)))


def _refuse(reason: str, shown: str, **fields: str) -> NoReturn:
    """Raise the ValueParseError of `reason`: its text about the value `shown`, and its kind."""
    kind, text = REASONS[reason]
    raise ValueParseError(text.format(t=shown, **fields), kind)


def _parse_text(raw: str) -> Quantity | None:
    text = raw.translate(_FOLD).strip()
    if not text:
        return None
    match = _VALUE.fullmatch(text)
    approx = [a for a in match.group("a1", "a2", "a3") if a] if match else []
    shift = _shift(match["scale"] or "", match["unit"] or "") if match else None
    if match is None or shift is None or len(approx) > 1:
        _diagnose(text, _show(raw))
    value = _tidy(Decimal(match["num"].replace(",", "")), shift)
    unit = match["unit"] or ""
    return Quantity(value, approx[0] if approx else "", _SUFFIX.get(unit, unit))


def _shift(scale: str, unit: str) -> int | None:
    """Return the power of ten that turns the typed number into the value, None if it has no meaning."""
    if unit == "元":
        return {"": -4, "万": 0, "亿": 4}[scale]
    if not scale:
        return 0
    return None if unit in ("", "%") else {"万": 4, "亿": 8}[scale]


def _diagnose(text: str, shown: str) -> NoReturn:
    """Raise the ValueParseError saying why `text` (folded, stripped) is not a value, and what to type."""
    estimate = _ESTIMATE.search(text)
    if estimate:
        arabic = "，并请使用阿拉伯数字" if _CN_NUMERAL.search(text) else ""
        _refuse("estimate", shown, word=estimate[0], arabic=arabic)
    for pattern, reason in _CHECKS:
        if pattern.search(text):
            _refuse(reason, shown)
    if _BARE_SCALE.fullmatch(text):
        _refuse("missing_unit", shown)
    leading = _LEADING.match(text)
    stray = f"中的“{_show(text[leading.end() :])}”无法识别" if leading else "无法识别为数值"
    _refuse("stray", shown, stray=stray)


def _tidy(value: Decimal, shift: int = 0) -> Decimal:
    """Return `value` × 10**shift, exactly, without trailing fractional zeros or exponent (1.85E+4 → 18500)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: only digits reach here
    exponent += shift
    kept = list(digits)
    while exponent < 0 and kept[-1] == 0 and len(kept) > 1:
        kept.pop()
        exponent += 1
    if kept == [0] or exponent > 0:
        kept, exponent = kept + [0] * max(exponent, 0), 0
    return Decimal((0, tuple(kept), exponent))


def _show(raw: str) -> str:
    """Return `raw` on one line, shortened, for quoting in a message."""
    text = " ".join(raw.split())
    return text if len(text) <= 30 else text[:29] + "…"


# The number pattern and unit words are shared with nianbao.figures.mentions (numbers in running text).
NUMBER = _NUMBER
UNIT_WORDS: tuple[str, ...] = _UNITS


def unit_shift(scale: str, unit: str) -> int | None:
    """Return the power of ten from a number written with `scale` (万/亿/"") and `unit` to its value.

    Money is valued in 万元 (2900万元 → 0, 1.85亿元 → 4, 500元 → -4); None when the pair has no meaning.
    """
    return _shift(scale, unit)
