"""Cross-checks of a catalogue: duplicates, references, formulas and their cycles, units; all problems collected."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING, get_args

from nianbao.profile.formula import check_formula
from nianbao.profile.shapes import Section, where

if TYPE_CHECKING:
    from nianbao.profile.catalogue import Catalogue, Indicator

SECTION_NAMES: dict[str, str] = {
    "achievements": "主要做法和成效",
    "problems": "存在的问题和不足",
    "tasks": "主要任务",
}


def duplicates(table: str, names: Iterable[str], what: str) -> list[str]:
    """Return a problem for each name given to more than one entry of `table`."""
    counts = Counter(names)
    return [f"{where(table, n)}：{what}重复（共{c}处）" for n, c in counts.items() if c > 1]


def catalogue_problems(cat: Catalogue, broken: dict[str, set[str]]) -> list[str]:
    """Return what is wrong across the entries of `cat`, located; names in `broken` were reported already."""
    problems = [
        f'{where("part")}：没有 section = "{s}" 的报告部分（{SECTION_NAMES[s]}）'
        for s in get_args(Section)
        if not broken.get("part") and all(p.section != s for p in cat.parts)
    ]
    units = {u.id for u in cat.units} | {u.group for u in cat.units} | broken.get("unit", set())
    for ind in cat.indicators.values():
        problems += [
            f"{where('indicator', ind.code, key)}：{problem}"
            for key, problem in _indicator_problems(ind, cat, broken, units)
        ]
    return problems + _cycles(cat)


def _indicator_problems(
    ind: Indicator, cat: Catalogue, broken: dict[str, set[str]], units: set[str]
) -> list[tuple[str, str]]:
    """Return (key, problem) for what is wrong with `ind` given the other entries (`units`: the
    roster's unit ids and groups)."""
    known = set(cat.indicators) | broken.get("indicator", set())
    parts = {p.key for p in cat.parts} | broken.get("part", set())
    found: list[tuple[str, str]] = []
    if ind.part not in parts:
        found.append(("part", f"报告部分“{ind.part}”不在 [[part]] 中"))
    if ind.kind == "amount" and ind.unit != "万元":
        found.append(("unit", f"金额类指标（amount）的单位须为“万元”，不能是“{ind.unit}”"))
    found += _reporter_problems(ind, cat, broken, units)
    found += _formula_problems(ind, known)
    if ind.not_above and ind.not_above not in known:
        found.append(("not_above", f"指标“{ind.not_above}”不在 [[indicator]] 中"))
    elif ind.not_above == ind.code:
        found.append(("not_above", "不能是本指标自身"))
    return found


def _reporter_problems(
    ind: Indicator, cat: Catalogue, broken: dict[str, set[str]], known: set[str]
) -> list[tuple[str, str]]:
    if not ind.is_input and ind.reporters:
        return [("reporters", "计算类指标由程序计算，不由单位填报；请删除 reporters")]
    if not ind.is_input:
        return []
    if not ind.reporters:
        return [("reporters", "未指定填报单位")]
    if unknown := [r for r in ind.reporters if r not in known]:
        return [("reporters", f"“{'、'.join(unknown)}”不是名册中的单位代码或分组")]
    n = len(cat.reporter_ids(ind))
    if ind.aggregation == "single" and n != 1 and not broken.get("unit"):
        return [("reporters", f"汇总方式为 single，但按名册有{n}个填报单位")]
    return []


def _formula_problems(ind: Indicator, known: set[str]) -> list[tuple[str, str]]:
    if ind.is_input and ind.formula:
        return [("formula", f"汇总方式为 {ind.aggregation} 的指标不用公式；请删除 formula")]
    if ind.is_input:
        return []
    if not ind.formula:
        return [("formula", "计算类指标缺少公式")]
    if ind.aggregation == "growth" and ind.formula_codes() != [ind.formula.strip()]:
        return [("formula", "增速指标（growth）只能写一个被比较的指标编码")]
    if problem := check_formula(ind.formula):
        return [("formula", f"“{ind.formula}”{problem}")]
    if unknown := [c for c in ind.formula_codes() if c not in known]:
        return [("formula", f"引用了不存在的指标“{'、'.join(unknown)}”")]
    return []


def _cycles(cat: Catalogue) -> list[str]:
    """Return a problem for each cycle of derived indicators whose formulas refer to one another."""
    graph = {
        code: {c for c in ind.formula_codes() if c in cat.indicators}
        for code, ind in cat.indicators.items()
        if not ind.is_input
    }
    found: list[str] = []
    while True:
        try:
            TopologicalSorter(graph).prepare()
            return found
        except CycleError as exc:
            cycle = list(reversed(exc.args[1]))  # graphlib lists a node before the ones using it
            path = " → ".join(cycle)
            found.append(f"{where('indicator', cycle[0], 'formula')}：公式循环引用（{path}）")
            for code in cycle:
                graph.pop(code, None)
