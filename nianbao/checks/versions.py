"""Versions of one unit's submission: identical copies count once, the newest of differing ones is used."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime

from nianbao.core.findings import Finding
from nianbao.intake.cells import text_of
from nianbao.intake.submission import Submission, date_of, finding_at
from nianbao.profile.catalogue import Unit

__all__ = ["Choice", "Copy", "choose", "content_of", "describe", "version_of"]


@dataclass(frozen=True)
class Copy:
    """A file whose values and texts equal those of `original`, another file of its unit."""

    copy: Submission
    original: Submission


@dataclass
class Choice:
    """What became of several files of one unit: the file used, its copies, or the refused conflict."""

    chosen: Submission | None
    copies: list[Copy] = field(default_factory=list)  # copies of the chosen file: counted once
    conflict: list[Submission] = field(default_factory=list)  # differing files with no order


def content_of(sub: Submission) -> tuple[Hashable, ...]:
    """Return what a file says, compared by value: its rows (code, value, merged) and texts in order.

    Two files with the same content give the same figures whatever their bytes (saved again,
    other fonts or widths, other name); cell positions, labels and dates are not part of it.
    """
    values = tuple((raw.code, raw.raw, bool(raw.merged)) for raw in sub.values)
    texts = tuple((t.category, t.part, t.text) for t in sub.texts)
    return values, texts


def version_of(sub: Submission) -> tuple[int | None, datetime, str]:
    """Return what dates a file: its 版本 number (if typed), its time and where that time comes from."""
    digits = re.findall(r"\d+", text_of(sub.version))
    version = int(digits[-1]) if digits else None
    if sub.saved is not None:
        return version, sub.saved, "保存时间"
    filled = date_of(sub.filled)
    if filled is not None:
        return version, filled, "填报日期"
    return version, sub.modified, "文件修改时间"


def describe(sub: Submission) -> str:
    """Return the file's name with its 版本 and time, as the duplicate findings name it."""
    version, stamp, source = version_of(sub)
    shown = f"版本{version}，" if version is not None else ""
    return f"“{sub.file}”（{shown}{source}{stamp:%Y-%m-%d %H:%M}）"


def choose(subs: list[Submission], unit: Unit, findings: list[Finding]) -> Choice:
    """Return which of several files of one unit to use, reporting identical copies and the choice."""
    groups = _copies(subs)
    copies = [Copy(copy, group[0]) for group in groups for copy in group[1:]]
    for pair in copies:
        findings.append(_identical(pair, unit))
    if len(groups) == 1:
        return Choice(groups[0][0], copies)
    chosen = _newest(groups, unit, findings)
    if chosen is None:
        return Choice(None, conflict=list(subs))
    return Choice(chosen, [c for c in copies if c.original is chosen])


def _copies(subs: list[Submission]) -> list[list[Submission]]:
    """Return `subs` grouped by content, each group's newest file first (folder order among equals)."""
    groups: dict[tuple[Hashable, ...], list[Submission]] = {}
    for sub in subs:
        groups.setdefault(content_of(sub), []).append(sub)
    return [sorted(group, key=_age) for group in groups.values()]


def _age(sub: Submission) -> tuple[int, float]:
    """Return a sort key putting the highest 版本, then the latest time, first."""
    version, stamp, _ = version_of(sub)
    return -(version or 0), -stamp.timestamp()


def _identical(pair: Copy, unit: Unit) -> Finding:
    copy, original = pair.copy, pair.original
    return finding_at(
        copy.unit_ref,
        copy,
        f"{unit.name}的“{copy.file}”与“{original.file}”内容相同（数值和文字一致），"
        f"只计一次：按“{original.file}”计入，本文件不重复计入",
        "多余的文件可删除",
        "submission.identical",
        unit=unit.id,
        warn=True,
    )


def _newest(
    groups: list[list[Submission]], unit: Unit, findings: list[Finding]
) -> Submission | None:
    """Return the newest of differing files (by 版本, else by time), reporting the choice or the tie."""
    subs = [group[0] for group in groups]
    every = [s for group in groups for s in group]
    dated = [version_of(s) for s in subs]
    by_version = all(v is not None for v, _, _ in dated) and len({v for v, _, _ in dated}) > 1
    keys = [(v or 0, 0.0) if by_version else (0, t.timestamp()) for v, t, _ in dated]
    ordered = [
        g for _, g in sorted(zip(keys, groups, strict=True), key=lambda p: p[0], reverse=True)
    ]
    top = sorted(keys, reverse=True)
    if top[0] == top[1]:
        names = "、".join(describe(s) for s in every)
        for sub in every:
            findings.append(
                finding_at(
                    sub.unit_ref,
                    sub,
                    f"{unit.name}报送了{len(every)}份报表（{names}），内容不同，版本和时间相同，"
                    "无法确定采用哪一份，均未采用",
                    "请删除多余的文件，只保留最终版本",
                    "submission.duplicate_tie",
                    unit=unit.id,
                )
            )
        return None
    chosen = ordered[0][0]
    others = [s for group in ordered[1:] for s in group]
    basis = "版本号" if by_version else "时间"
    findings.append(
        finding_at(
            chosen.unit_ref,
            chosen,
            f"{unit.name}报送了{len(every)}份报表，按{basis}采用最新的{describe(chosen)}；"
            f"未采用：{'、'.join(describe(s) for s in others)}",
            "请确认采用的是最终版本，多余的文件可删除",
            "submission.duplicate",
            unit=unit.id,
            warn=True,
        )
    )
    for other in others:
        findings.append(
            finding_at(
                other.unit_ref,
                other,
                f"{unit.name}另有较新的报表{describe(chosen)}，本文件{describe(other)}未采用",
                "如本文件才是最终版本，请删除较新的文件后重新运行",
                "submission.superseded",
                unit=unit.id,
            )
        )
    return chosen
