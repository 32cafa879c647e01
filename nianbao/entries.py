"""Checks of each typed value against its indicator: code, parsing, unit word, range, parts and wholes."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

from nianbao.catalogue import Catalogue, Indicator
from nianbao.errors import ValueParseError
from nianbao.findings import Finding, show_raw, split_advice
from nianbao.readers import CellRef, Formula, RawValue, Submission
from nianbao.schemas import codes_schema, failed_rows, parsed_schema, rows_schema
from nianbao.sheets import is_blank
from nianbao.submission import builder
from nianbao.values import Quantity, is_whole, parse_value, whole_quantity

_CODE = "请使用下发报表中的编码，不要修改“指标编码”列"
# kind → (problem, advice); {name} is the indicator's name and a colon, other fields per call.
_SAY: dict[str, tuple[str, str]] = {
    "row.hidden": ("该行是隐藏行，其中的数值已读取", "请取消隐藏并核对；不应报送的行请删除"),
    "row.no_code": (
        "本年数值有内容，但该行没有指标编码，未采用",
        "请填写该行的指标编码，或删除该行",
    ),
    "code.format": (
        "指标编码格式不正确（应为“领域.名称”，如 zwfw.online_items），本行未采用",
        _CODE,
    ),
    "code.unknown": ("指标编码不在指标目录中，本行未采用", _CODE),
    "code.duplicate": ("同一指标填报了两次，本行未采用", "请删除重复的行"),
    "value.negative": ("{name}数值不能为负数", "请填写0或正数"),
    "value.not_whole": ("{name}计数类指标应为整数", "请填写整数"),
    "value.percent_range": ("{name}百分比应在0到100之间", "请填写0到100之间的百分数"),
    "value.derived": (
        "{name}该指标由系统根据其他指标计算，无需填报，填写的数值未采用",
        "本行可留空",
    ),
    "value.not_reporter": (
        "{name}按名册该单位不填报此指标，填写的数值未计入汇总",
        "如确需填报，请联系依法治区办调整指标目录",
    ),
    "value.formula_uncached": (
        "{name}公式没有计算结果，未采用",
        "请在Excel中重新计算并保存（或把公式改为数值）后重新报送",
    ),
    "value.merged": (
        "{name}数值单元格{merged}合并了多个指标行，无法确定数值属于哪个指标，未采用",
        "请取消合并单元格，每个指标填写自己的数值",
    ),
    "value.empty": ("{name}未填写", "有数据请填写；确实为零请填写0"),
    "value.unit_mismatch": (
        "{name}填写的单位“{typed}”与指标单位“{unit}”不符",
        "请按“{unit}”填写数值，单位不同请先换算",
    ),
    "value.percent_fraction": (
        "{name}填写的是小数{value}，本指标应填写百分数（0到100），未采用",
        "请填写百分数，如{percent}（即{percent}%）",
    ),
    "value.percent_one": ("{name}填写的是1，已按1%计入", "如实际是100%，请填写100"),
    "value.unit_converted": (
        "{name}按“元”填写，已换算为{value}万元计入",
        "本指标以万元为单位，请核对换算后的数值；如实际是万元，请写明“万元”",
    ),
    "value.part_above_whole": (
        "{name}{value}大于{whole}（{total}，见{cell}），部分不应大于整体，未采用",
        "请核对这两项数值",
    ),
}
_WARN = {"row.hidden", "value.derived", "value.not_reporter", "value.empty"}
_WARN |= {"value.percent_one", "value.unit_converted"}
_CHECKS = {  # pandera check (nianbao.schemas) → kind
    "code_format": "code.format",
    "known_code": "code.unknown",
    "duplicate": "code.duplicate",
    "non_negative": "value.negative",
    "whole_count": "value.not_whole",
    "percent_range": "value.percent_range",
}
# Words of values.py's reasons → the kind of a value that could not be parsed.
_PARSE_KINDS = (
    ("是估计数", "value.approximate"),
    ("是占位符", "value.placeholder"),
    ("公式出错", "value.formula_error"),
    ("汉字数字", "value.chinese_numeral"),
    ("科学计数法", "value.scientific"),
    ("是一个范围", "value.range"),
    ("是负数", "value.negative"),
    ("句号", "value.full_stop"),
    ("多个数字", "value.several_numbers"),
    ("千分位", "value.separator"),
    ("缺少单位", "value.missing_unit"),
    ("日期或时间", "value.date"),
    ("逻辑值", "value.boolean"),
)
_MONEY = ("万元",)
_BARE_YUAN = re.compile(r"(?<![万亿])元")
_ONE = Decimal(1)
_REVIEWED = ("percent", "amount")  # kinds whose values _review looks at


class Entry(NamedTuple):
    """An accepted value: which unit reported which indicator, what it is, where it was typed."""

    unit_id: str
    code: str
    quantity: Quantity
    ref: CellRef


make_entry = builder(Entry)


def check_values(
    submitted: dict[str, Submission], cat: Catalogue, findings: list[Finding]
) -> list[Entry]:
    """Return the accepted values of the chosen files; every value set aside gets a finding at its cell."""
    rows = _coded_rows(submitted, findings)
    failed = _failed_rows(rows, cat)
    plain = _plain_reporters(cat)
    accepted: list[Entry | None] = []  # None: a slot kept for a value the parsed schema checks
    reviewed: list[tuple[int, str, RawValue, Quantity]] = []  # what went through parse_value
    for i, (uid, raw) in enumerate(rows):
        if i in failed:
            findings.extend(_row_failures(raw, uid, failed[i]))
            continue
        value = raw.raw
        # The common cell: a whole number ≥ 0 of a plain indicator its unit reports. Nothing below
        # applies to it, and the parsed schema cannot fail it (not negative, whole, not a percent).
        if (
            type(value) is float
            and value >= 0
            and value.is_integer()
            and not raw.merged
            and uid in plain.get(raw.code, ())
        ):
            accepted.append(make_entry((uid, raw.code, whole_quantity(int(value)), raw.ref)))
        elif (quantity := _parse(raw, uid, cat, findings)) is not None:
            reviewed.append((len(accepted), uid, raw, quantity))
            accepted.append(None)
    bad = failed_rows(parsed_schema(), _parsed_frame(reviewed, cat))
    for slot, uid, raw, quantity in reviewed:
        if slot in bad:
            for check in bad[slot]:
                findings.append(_say(raw, uid, _CHECKS[check], name=_name(raw, cat)))
        else:
            accepted[slot] = Entry(uid, raw.code, quantity, raw.ref)
    entries = [e for e in accepted if e is not None]
    entries = _check_parts(entries, cat, findings)
    _check_missing(submitted, cat, findings)
    return entries


def _coded_rows(
    submitted: dict[str, Submission], findings: list[Finding]
) -> list[tuple[str, RawValue]]:
    """Return (unit id, row) for the rows with a code; hidden rows and values without a code get findings."""
    rows = []
    for uid, sub in submitted.items():
        for raw in sub.values:
            if raw.hidden and not is_blank(raw.raw):
                findings.append(_say(raw, uid, "row.hidden"))
            if raw.code:
                rows.append((uid, raw))
            elif not is_blank(raw.raw):
                findings.append(_say(raw, uid, "row.no_code"))
    return rows


def _failed_rows(rows: list[tuple[str, RawValue]], cat: Catalogue) -> dict[int, list[str]]:
    """Return row → the checks its code fails: form and catalogue per distinct code, then once per unit."""
    codes = sorted({raw.code for _, raw in rows})
    frame = pd.DataFrame({"row": range(len(codes)), "code": codes})
    bad = {codes[k]: names for k, names in failed_rows(codes_schema(cat.indicators), frame).items()}
    failed = (
        {i: list(bad[raw.code]) for i, (_, raw) in enumerate(rows) if raw.code in bad}
        if bad
        else {}
    )
    frame = pd.DataFrame(
        {
            "row": range(len(rows)),
            "unit_id": [u for u, _ in rows],
            "code": [r.code for _, r in rows],
        }
    )
    for i, names in failed_rows(rows_schema(), frame).items():
        failed.setdefault(i, []).extend(names)
    return failed


def _parsed_frame(
    parsed: list[tuple[int, str, RawValue, Quantity]], cat: Catalogue
) -> pd.DataFrame:
    """Return the frame of parsed values checked by the parsed schema."""
    return pd.DataFrame(
        {
            "row": [p[0] for p in parsed],
            "kind": [cat.indicators[p[2].code].kind for p in parsed],
            "value": [float(p[3].value) for p in parsed],
            "whole": [is_whole(p[3]) for p in parsed],
        }
    )


def _plain_reporters(cat: Catalogue) -> dict[str, frozenset[str]]:
    """Return code → reporting unit ids for the typed indicators whose values need no review."""
    return {
        code: cat.reporter_ids(ind)
        for code, ind in cat.indicators.items()
        if ind.is_input and ind.kind not in _REVIEWED
    }


def _row_failures(raw: RawValue, uid: str, checks: list[str]) -> list[Finding]:
    """Return the findings of a row whose code failed `checks` (at the code cell, duplicates at the value)."""
    code_at = RawValue(raw.code, raw.code, raw.code_ref, raw.code_ref)
    return [_say(raw if c == "duplicate" else code_at, uid, _CHECKS[c]) for c in checks]


def _parse(raw: RawValue, uid: str, cat: Catalogue, findings: list[Finding]) -> Quantity | None:
    """Return the quantity of a row with a known code, or None with a finding saying why not."""
    ind = cat.indicators[raw.code]
    if (kind := _unusable(raw, uid, ind, cat)) is not None:
        findings.append(_say(raw, uid, kind, name=_name(raw, cat), merged=raw.merged))
        return None
    try:
        quantity = parse_value(raw.raw)
    except ValueParseError as exc:
        problem, advice = split_advice(str(exc))
        kind = _parse_kind(problem)
        findings.append(_finding(raw, uid, kind, _name(raw, cat) + problem, advice))
        return None
    if quantity is None:
        findings.append(_say(raw, uid, "value.empty", name=_name(raw, cat)))
        return None
    if quantity.suffix and not _suffix_fits(quantity.suffix, ind):
        unit = ind.unit or "%"
        findings.append(
            _say(
                raw,
                uid,
                "value.unit_mismatch",
                name=_name(raw, cat),
                typed=quantity.suffix,
                unit=unit,
            )
        )
        return None
    if ind.kind not in _REVIEWED:
        return quantity  # _review only looks at percents and amounts
    return _review(raw, uid, ind, _name(raw, cat), quantity, findings)


def _unusable(raw: RawValue, uid: str, ind: Indicator, cat: Catalogue) -> str | None:
    """Return the kind of finding for a row that is not read as a value at all, else None."""
    if not ind.is_input:
        return "value.derived"
    if uid not in cat.reporter_ids(ind):
        return "value.not_reporter"
    if isinstance(raw.raw, Formula):
        return "value.formula_uncached"
    if raw.merged and not is_blank(raw.raw):
        return "value.merged"
    return None


def _review(
    raw: RawValue, uid: str, ind: Indicator, name: str, q: Quantity, findings: list[Finding]
) -> Quantity | None:
    """Return the quantity after the checks that depend on what was typed: percent and money words.

    Rule: a percent typed as a fraction 0 < x < 1 without “%” is refused (the office is told to type
    99.16 for 0.9916); exactly 1 is kept as 1% with a warning; 0 and anything with “%” are kept.
    """
    if ind.kind == "percent" and q.suffix != "%" and 0 < q.value < _ONE:
        percent = f"{(q.value * 100).normalize():f}"
        findings.append(
            _say(raw, uid, "value.percent_fraction", name=name, value=q.value, percent=percent)
        )
        return None
    if ind.kind == "percent" and q.suffix != "%" and q.value == _ONE:
        findings.append(_say(raw, uid, "value.percent_one", name=name))
    if ind.kind == "amount" and isinstance(raw.raw, str) and _BARE_YUAN.search(raw.raw):
        findings.append(_say(raw, uid, "value.unit_converted", name=name, value=q.value))
    return q


def _parse_kind(message: str) -> str:
    return next((kind for word, kind in _PARSE_KINDS if word in message), "value.unreadable")


def _suffix_fits(suffix: str, ind: Indicator) -> bool:
    if not suffix or suffix == ind.unit:
        return True
    if ind.kind == "percent":
        return suffix == "%"
    return ind.kind == "amount" and suffix in _MONEY


def _check_parts(entries: list[Entry], cat: Catalogue, findings: list[Finding]) -> list[Entry]:
    """Return `entries` without the parts above their whole (each reported at the part's cell)."""
    parts = {c: w for c, ind in cat.indicators.items() if (w := ind.not_above)}
    if not parts:
        return entries
    wholes = set(parts.values())
    by_key = {(e.unit_id, e.code): e for e in entries if e.code in wholes}
    kept = []
    for e in entries:
        whole_code = parts.get(e.code)
        whole = by_key.get((e.unit_id, whole_code)) if whole_code else None
        if whole is None or e.quantity.value <= whole.quantity.value:
            kept.append(e)
            continue
        raw = RawValue(e.code, e.quantity.value, e.ref, e.ref)
        findings.append(
            _say(
                raw,
                e.unit_id,
                "value.part_above_whole",
                name=cat.indicators[e.code].name,
                value=f"（{e.quantity.value}）",
                whole=cat.indicators[whole.code].name,
                total=whole.quantity.value,
                cell=whole.ref.cell,
            )
        )
    return kept


def _check_missing(
    submitted: dict[str, Submission], cat: Catalogue, findings: list[Finding]
) -> None:
    for uid, sub in submitted.items():
        typed = {raw.code for raw in sub.values}
        missing = [cat.indicators[c].name for c in cat.codes_for(uid) if c not in typed]
        if missing and sub.values:
            findings.append(
                Finding.warning(
                    sub.file,
                    "",
                    "",
                    f"报表缺少{len(missing)}个应填指标行：{'、'.join(missing)}",
                    unit=uid,
                    advice="请使用下发的最新填报表，补齐缺少的指标行",
                    kind="indicator.missing_rows",
                )
            )


def _name(raw: RawValue, cat: Catalogue) -> str:
    ind = cat.indicators.get(raw.code)
    return f"{ind.name}：" if ind else ""


def _say(raw: RawValue, uid: str, kind: str, **fields: object) -> Finding:
    """Return the finding `kind` at the value cell of `raw`, its texts filled from `fields`."""
    problem, advice = _SAY[kind]
    fields.setdefault("name", "")
    return _finding(raw, uid, kind, problem.format(**fields), advice.format(**fields))


def _finding(raw: RawValue, uid: str, kind: str, problem: str, advice: str) -> Finding:
    make = Finding.warning if kind in _WARN else Finding.error
    ref = raw.ref
    return make(
        ref.file,
        ref.sheet,
        ref.cell,
        problem,
        unit=uid,
        code=raw.code,
        raw=show_raw(raw.raw),
        advice=advice,
        kind=kind,
    )
