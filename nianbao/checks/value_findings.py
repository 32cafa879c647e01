"""The findings about typed values: the problem and the advice of each kind, in Chinese, at the value's cell."""

from __future__ import annotations

from nianbao.core.findings import Finding, show_raw
from nianbao.intake.submission import RawValue

_CODE = "请使用下发报表中的编码，不要修改“指标编码”列"
# kind → (problem, advice); {name} is the indicator's name and a colon, other fields per call.
SAY: dict[str, tuple[str, str]] = {
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
_WARN = {
    "row.hidden",
    "value.empty",
}  # 提醒 = counted, please check; what is not counted is an error
_WARN |= {"value.percent_one", "value.unit_converted"}
CHECKS = {  # pandera check (nianbao.checks.schemas) → kind
    "code_format": "code.format",
    "known_code": "code.unknown",
    "duplicate": "code.duplicate",
    "non_negative": "value.negative",
    "whole_count": "value.not_whole",
    "percent_range": "value.percent_range",
}


def say(raw: RawValue, uid: str, kind: str, **fields: object) -> Finding:
    """Return the finding `kind` at the value cell of `raw`, its texts filled from `fields`."""
    problem, advice = SAY[kind]
    fields.setdefault("name", "")
    return finding(raw, uid, kind, problem.format(**fields), advice.format(**fields))


def finding(raw: RawValue, uid: str, kind: str, problem: str, advice: str) -> Finding:
    """Return the finding `kind` at the value cell of `raw` (提醒 or 错误 by kind), with its texts."""
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
