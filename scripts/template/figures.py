"""Figure tags in the prose ([code], [code|change]) and their check against catalogue.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# The catalogue's helper bases: they only feed formulas and never appear in the prose.
HELPER_CODES = frozenset(
    {
        "zwfw.good_reviews",
        "xy.joint_objects",
        "gk.requests_answered",
        "tj.disputes_received",
        "tj.disputes_resolved",
    }
)
_FIGURE = re.compile(r"\[([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)(\|change)?\]")


@dataclass
class FigureUse:
    """The indicator codes the prose uses, per part, to check them against the catalogue."""

    figs: dict[str, list[str]] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)


def expand(text: str, part: str, uses: FigureUse) -> str:
    """Return `text` with ``[code]`` / ``[code|change]`` turned into docxtpl run tags."""

    def tag(m: re.Match[str]) -> str:
        code, change = m.group(1), m.group(2)
        if change:
            uses.changes.setdefault(part, []).append(code)
            return "{{r '" + code + "'|change('，') }}"
        uses.figs.setdefault(part, []).append(code)
        return "{{r '" + code + "'|fig }}"

    return _FIGURE.sub(tag, text)


def check_figures(uses: FigureUse, profile: Path) -> None:
    """Raise SystemExit unless every reported indicator of each part is used exactly once there."""
    catalogue = tomllib.loads((profile / "catalogue.toml").read_text(encoding="utf-8"))
    expected: dict[str, list[str]] = {}
    for ind in catalogue["indicator"]:
        if ind["code"] not in HELPER_CODES:
            expected.setdefault(ind["part"], []).append(ind["code"])
    problems = []
    for part in sorted(set(expected) | set(uses.figs)):
        want, got = expected.get(part, []), uses.figs.get(part, [])
        if missing := [c for c in want if c not in got]:
            problems.append(f"{part}: 未使用 {missing}")
        if extra := [c for c in got if c not in want]:
            problems.append(f"{part}: 不属于本部分或不在目录中 {extra}")
        if twice := sorted({c for c in got if got.count(c) > 1}):
            problems.append(f"{part}: 重复使用 {twice}")
    for part, codes in uses.changes.items():
        if stray := [c for c in codes if c not in uses.figs.get(part, [])]:
            problems.append(f"{part}: change 所指指标未在本部分出现 {stray}")
    if problems:
        raise SystemExit("模板指标与 catalogue.toml 不一致：\n  " + "\n  ".join(problems))
