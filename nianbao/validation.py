"""Validation of a year's submissions against the roster and catalogue: accepted values plus findings."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from nianbao.catalogue import Catalogue, Indicator, Unit
from nianbao.errors import ValueParseError
from nianbao.findings import Finding
from nianbao.readers import CellRef, RawValue, Submission
from nianbao.schemas import failed_rows, parsed_schema, rows_schema
from nianbao.values import Quantity, is_whole, parse_value

_MESSAGES = {
    "code_format": "指标编码格式不正确（应为“领域.名称”，如 zwfw.online_items）",
    "known_code": "指标编码不在指标目录中，请使用下发报表中的编码",
    "duplicate": "同一指标填报了两次，请删除重复的行",
    "non_negative": "数值不能为负数",
    "whole_count": "计数类指标应为整数",
    "percent_range": "百分比应在0到100之间",
}
_MONEY = ("万元",)
_SPACE = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class Entry:
    """An accepted value: which unit reported which indicator, what it is, where it was typed."""

    unit_id: str
    code: str
    quantity: Quantity
    ref: CellRef


@dataclass(frozen=True)
class Text:
    """An accepted free-text entry, assigned to a report part and attributed to its unit."""

    unit_id: str
    unit: str
    part: str
    category: str
    text: str
    ref: CellRef


@dataclass
class Intake:
    """The validated content of one year's input folder."""

    year: int
    entries: list[Entry] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    submitted: dict[str, Submission] = field(default_factory=dict)
    rejected: list[Submission] = field(default_factory=list)
    identified: dict[str, list[Submission]] = field(default_factory=dict)  # all files naming a unit

    def errors_of(self, sub: Submission) -> int:
        """Return the number of error findings in the file of `sub`."""
        return sum(1 for f in self.findings if f.file == sub.file and f.level == "错误")


def validate(submissions: list[Submission], cat: Catalogue, year: int) -> Intake:
    """Return the accepted values and texts of `submissions` for `year`, with every finding at once."""
    intake = Intake(year)
    for sub in submissions:
        intake.findings.extend(sub.problems)
    by_unit: dict[str, list[Submission]] = defaultdict(list)
    for sub in submissions:
        unit = _identify(sub, cat, year, intake.findings)
        known = unit or (match_unit(sub.unit_label, cat) if sub.unit_label else None)
        if known is not None:
            intake.identified.setdefault(known.id, []).append(sub)
        if unit is None:
            intake.rejected.append(sub)
        else:
            by_unit[unit.id].append(sub)
    for unit_id, subs in by_unit.items():
        if len(subs) > 1:
            files = "、".join(s.file for s in subs)
            for sub in subs:
                intake.findings.append(
                    _at(
                        sub,
                        sub.unit_ref,
                        f"{cat.unit(unit_id).name}提交了多份报表（{files}），无法确定采用哪一份；请删除多余的文件",
                        unit=unit_id,
                    )
                )
            intake.rejected.extend(subs)
        else:
            intake.submitted[unit_id] = subs[0]
    intake.entries = _check_values(intake, cat)
    intake.texts = _accept_texts(intake, cat)
    return intake


def _identify(sub: Submission, cat: Catalogue, year: int, findings: list[Finding]) -> Unit | None:
    if sub.problems and not sub.values and not sub.texts:
        return None
    if not sub.unit_label:
        findings.append(
            Finding.error(
                sub.file,
                "",
                "",
                "没有找到“单位名称”，无法识别报送单位；请在封面或指标表首行填写单位名称",
            )
        )
        return None
    unit = match_unit(sub.unit_label, cat)
    if unit is None:
        findings.append(
            _at(sub, sub.unit_ref, f"单位名称“{sub.unit_label}”不在名册中；请使用名册中的规范名称")
        )
        return None
    typed_year = (
        str(sub.year_label or "").strip().removesuffix("年").removesuffix("度").removesuffix("年")
    )
    if typed_year and typed_year.split(".")[0] != str(year):
        findings.append(
            _at(
                sub,
                sub.year_ref,
                f"填报年度为“{sub.year_label}”，与本次汇总的{year}年度不符，该文件未采用",
                unit=unit.id,
            )
        )
        return None
    return unit


def match_unit(label: str, cat: Catalogue) -> Unit | None:
    """Return the roster unit whose name or alias matches `label` (spaces and district prefix ignored)."""
    wanted = _normalise(label, cat)
    for unit in cat.units:
        if wanted in {_normalise(n, cat) for n in (unit.name, *unit.aliases)}:
            return unit
    return None


def _normalise(name: str, cat: Catalogue) -> str:
    name = _SPACE.sub("", name).replace("(", "（").replace(")", "）")
    for prefix in (cat.profile.issuer.removesuffix("人民政府"), cat.profile.district, "区"):
        name = name.removeprefix(prefix)
    return name


def _check_values(intake: Intake, cat: Catalogue) -> list[Entry]:
    rows = [(uid, raw) for uid, sub in intake.submitted.items() for raw in sub.values]
    frame = pd.DataFrame(
        {
            "row": range(len(rows)),
            "unit_id": [u for u, _ in rows],
            "code": [r.code for _, r in rows],
        }
    )
    failed = failed_rows(rows_schema(cat.indicators), frame)
    parsed: list[tuple[int, str, RawValue, Indicator, Quantity]] = []
    for i, (uid, raw) in enumerate(rows):
        if i in failed:
            for check in failed[i]:
                ref = raw.ref if check == "duplicate" else raw.code_ref
                intake.findings.append(_cell(ref, _MESSAGES.get(check, check), uid, raw.code))
            continue
        quantity = _parse(raw, uid, cat, intake.findings)
        if quantity is not None:
            parsed.append((i, uid, raw, cat.indicators[raw.code], quantity))
    checked = pd.DataFrame(
        {
            "row": [p[0] for p in parsed],
            "kind": [p[3].kind for p in parsed],
            "value": [float(p[4].value) for p in parsed],
            "whole": [is_whole(p[4]) for p in parsed],
        }
    )
    bad = failed_rows(parsed_schema(), checked)
    entries = []
    for i, uid, raw, _ind, quantity in parsed:
        for check in bad.get(i, []):
            intake.findings.append(
                _cell(
                    raw.ref, f"{_MESSAGES.get(check, check)}（填写的是“{raw.raw}”）", uid, raw.code
                )
            )
        if i not in bad:
            entries.append(Entry(uid, raw.code, quantity, raw.ref))
    _check_parts(entries, cat, intake.findings)
    _check_missing(intake, cat)
    return entries


def _parse(raw: RawValue, uid: str, cat: Catalogue, findings: list[Finding]) -> Quantity | None:
    ind = cat.indicators[raw.code]
    where = f"{ind.name}："
    if not ind.is_input:
        findings.append(
            _cell(
                raw.ref,
                f"{where}该指标由系统根据其他指标计算，无需填报，填写的数值未采用",
                uid,
                raw.code,
                warn=True,
            )
        )
        return None
    if uid not in cat.reporter_ids(ind):
        findings.append(
            _cell(
                raw.ref,
                f"{where}按名册该单位不填报此指标，填写的数值未计入汇总",
                uid,
                raw.code,
                warn=True,
            )
        )
        return None
    try:
        quantity = parse_value(raw.raw)
    except ValueParseError as exc:
        findings.append(_cell(raw.ref, f"{where}{exc}", uid, raw.code))
        return None
    if quantity is None:
        findings.append(_cell(raw.ref, f"{where}未填写", uid, raw.code, warn=True))
        return None
    if not _suffix_fits(quantity.suffix, ind):
        findings.append(
            _cell(
                raw.ref,
                f"{where}填写的单位“{quantity.suffix}”与指标单位“{ind.unit or '%'}”不符",
                uid,
                raw.code,
            )
        )
        return None
    return quantity


def _suffix_fits(suffix: str, ind: Indicator) -> bool:
    if not suffix or suffix == ind.unit:
        return True
    if ind.kind == "percent":
        return suffix == "%"
    return ind.kind == "amount" and suffix in _MONEY


def _check_parts(entries: list[Entry], cat: Catalogue, findings: list[Finding]) -> None:
    by_key = {(e.unit_id, e.code): e for e in entries}
    for e in entries:
        whole_code = cat.indicators[e.code].not_above
        whole = by_key.get((e.unit_id, whole_code)) if whole_code else None
        if whole is not None and e.quantity.value > whole.quantity.value:
            part, total = cat.indicators[e.code].name, cat.indicators[whole_code].name
            findings.append(
                _cell(
                    e.ref,
                    f"{part}（{e.quantity.value}）大于{total}（{whole.quantity.value}，见{whole.ref.cell}），部分不应大于整体",
                    e.unit_id,
                    e.code,
                )
            )


def _check_missing(intake: Intake, cat: Catalogue) -> None:
    for uid, sub in intake.submitted.items():
        typed = {raw.code for raw in sub.values}
        missing = [cat.indicators[c].name for c in cat.codes_for(uid) if c not in typed]
        if missing and sub.values:
            intake.findings.append(
                Finding.warning(
                    sub.file,
                    "",
                    "",
                    f"报表缺少{len(missing)}个应填指标行：{'、'.join(missing)}",
                    unit=uid,
                )
            )


def _accept_texts(intake: Intake, cat: Catalogue) -> list[Text]:
    names = {p.name: p for p in cat.parts} | {p.key: p for p in cat.parts}
    section_of = {"亮点做法": "achievements", "存在问题": "problems", "下一年打算": "tasks"}
    texts = []
    for uid, sub in intake.submitted.items():
        for raw in sub.texts:
            part = names.get(_SPACE.sub("", raw.part))
            if part is None and section_of[raw.category] == "problems":
                part = next(p for p in cat.parts if p.section == "problems")
            if part is None or part.section != section_of[raw.category]:
                choices = "、".join(
                    p.name for p in cat.parts if p.section == section_of[raw.category]
                )
                intake.findings.append(
                    _cell(
                        raw.ref,
                        f"{raw.category}的报告部分“{raw.part}”无法识别，该段文字未采用；请从下拉列表选择：{choices}",
                        uid,
                    )
                )
                continue
            texts.append(Text(uid, cat.unit(uid).name, part.key, raw.category, raw.text, raw.ref))
    return texts


def _cell(ref: CellRef, message: str, unit: str, code: str = "", warn: bool = False) -> Finding:
    make = Finding.warning if warn else Finding.error
    return make(ref.file, ref.sheet, ref.cell, message, unit=unit, code=code)


def _at(sub: Submission, ref: CellRef | None, message: str, unit: str = "") -> Finding:
    if ref is None:
        return Finding.error(sub.file, "", "", message, unit=unit)
    return Finding.error(ref.file, ref.sheet, ref.cell, message, unit=unit)
