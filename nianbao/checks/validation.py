"""Validation of a year's submissions against the roster and catalogue: accepted values plus findings."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from nianbao.checks.accepted import Intake, Text
from nianbao.checks.accounting import account, unbalanced
from nianbao.checks.entries import check_values
from nianbao.checks.versions import choose
from nianbao.core.findings import Finding, show_raw
from nianbao.core.memory import paused_gc
from nianbao.intake.cells import text_of
from nianbao.intake.readers import CellRef, Submission, read_folder
from nianbao.intake.submission import finding_at as _at
from nianbao.profile.catalogue import Catalogue, Unit

__all__ = ["gather", "match_unit", "validate"]

_SPACE = re.compile(r"[\s\u3000]+")
_FORMULA_TEXT = re.compile(r"^[=+@]|^-[0-9A-Za-z(]")


def validate(submissions: list[Submission], cat: Catalogue, year: int) -> Intake:
    """Return the accepted values and texts of `submissions` for `year`, with every finding at once."""
    intake = Intake(year, files=list(submissions))
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
        choice = choose(subs, cat.unit(unit_id), intake.findings) if len(subs) > 1 else None
        chosen = subs[0] if choice is None else choice.chosen
        if choice is not None:
            intake.copies.extend(choice.copies)
            if choice.conflict:
                intake.conflicts[unit_id] = choice.conflict
        if chosen is not None:
            intake.submitted[unit_id] = chosen
        intake.rejected.extend(s for s in subs if s is not chosen)
    intake.entries = check_values(intake.submitted, cat, intake.findings)
    intake.texts = _accept_texts(intake, cat)
    intake.findings.extend(unbalanced(account(intake, cat)))
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
                "没有找到“单位名称”，无法识别报送单位，该文件未采用",
                advice="请在封面或指标表首行填写“单位名称”及本单位名称",
                kind="unit.missing",
            )
        )
        return None
    unit = match_unit(sub.unit_label, cat)
    if unit is None:
        findings.append(
            _at(
                sub.unit_ref,
                sub,
                f"单位名称“{sub.unit_label}”不在名册中，该文件未采用",
                "请使用名册中的规范名称（如“区司法局”）；新设单位请联系依法治区办加入名册",
                "unit.unknown",
                raw=sub.unit_label,
            )
        )
        return None
    typed = text_of(sub.year_label).removesuffix("年度").removesuffix("年")
    if not typed:
        findings.append(
            _at(
                sub.unit_ref,
                sub,
                f"没有找到“填报年度”，按{year}年度采用",
                f"请在“填报年度”填写{year}",
                "year.missing",
                unit=unit.id,
                warn=True,
            )
        )
    elif typed.split(".")[0] != str(year):
        findings.append(
            _at(
                sub.year_ref,
                sub,
                f"填报年度为“{show_raw(sub.year_label)}”，与本次汇总的{year}年度不符，该文件未采用",
                f"如确为{year}年度数据，请把填报年度改为{year}后重新报送",
                "year.wrong",
                unit=unit.id,
                raw=show_raw(sub.year_label),
            )
        )
        return None
    return unit


def match_unit(label: str, cat: Catalogue) -> Unit | None:
    """Return the roster unit whose name or alias matches `label` (spaces and district prefix ignored)."""
    return cat.unit_named(label)


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
                        f"{raw.category}的报告部分“{raw.part}”无法识别，该段文字未采用",
                        uid,
                        raw=raw.part,
                        advice=f"请从下拉列表选择：{choices}",
                        kind="text.part",
                    )
                )
                continue
            if _FORMULA_TEXT.match(raw.text):
                intake.findings.append(
                    _cell(
                        raw.ref,
                        f"文字以“{raw.text[0]}”开头，像是公式；已按文字采用",
                        uid,
                        raw=show_raw(raw.text),
                        advice="如开头的符号不是有意填写，请删除",
                        kind="text.formula_like",
                        warn=True,
                    )
                )
            if raw.hidden:
                intake.findings.append(_hidden(raw.ref, uid, raw.text))
            texts.append(Text(uid, cat.unit(uid).name, part.key, raw.category, raw.text, raw.ref))
    return texts


def _hidden(ref: CellRef, uid: str, raw: object, code: str = "") -> Finding:
    return _cell(
        ref,
        "该行是隐藏行，其中的内容已读取",
        uid,
        code,
        raw=show_raw(raw),
        advice="请取消隐藏并核对；不应报送的内容请删除",
        kind="row.hidden",
        warn=True,
    )


def _cell(
    ref: CellRef, message: str, unit: str, code: str = "", warn: bool = False, **kw: str
) -> Finding:
    make = Finding.warning if warn else Finding.error
    return make(ref.file, ref.sheet, ref.cell, message, unit=unit, code=code, **kw)


def gather(folder: Path, cat: Catalogue, year: int) -> Intake:
    """Return the validated submissions of `folder` for `year`."""
    with paused_gc():
        return validate(read_folder(folder), cat, year)
