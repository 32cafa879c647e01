"""Self-checks of the re-read samples: identity, per-unit rules, 2021 report figures, 2022 gaps."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from nianbao.profile.catalogue import Catalogue, Unit

from .data import INPUTS, YearData
from .readback import ReadBack, match_unit, parse_value, read_back

_CODE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_OPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def evaluate(formula: str, totals: dict[str, float]) -> float:
    """Return the value of a catalogue formula (+ − × ÷ over codes and numbers)."""
    names = {code: f"v{i}" for i, code in enumerate(sorted(set(_CODE.findall(formula))))}
    expr = _CODE.sub(lambda m: names[m.group(0)], formula)
    env = {v: totals[k] for k, v in names.items()}

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            return env[node.id]
        raise ValueError(f"不支持的公式：{formula}")

    return walk(ast.parse(expr, mode="eval"))


def rounded(value: float, precision: int) -> float:
    """Return `value` rounded half-up to `precision` decimals (as the report phrases figures)."""
    quantum = Decimal(1).scaleb(-precision)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass
class YearCheck:
    """Re-read contents of one year folder and the problems found."""

    year: int
    units: dict[str, ReadBack] = field(default_factory=dict)
    values: dict[str, dict[str, float]] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, float]:
        """Return the sum per code over all units (accepted values only)."""
        sums: dict[str, float] = {}
        for cells in self.values.values():
            for code, value in cells.items():
                sums[code] = sums.get(code, 0.0) + value
        return {code: round(v, 6) for code, v in sums.items()}


def reread_year(cat: Catalogue, data: YearData) -> YearCheck:
    """Read back inputs/<year>/ and check identity, indicator lists and per-unit consistency."""
    check = YearCheck(data.year)
    for path in sorted((INPUTS / str(data.year)).iterdir()):
        back = read_back(path)
        unit = match_unit(cat, back.label)
        if unit is None:
            check.problems.append(f"{path.name}：单位名称“{back.label}”不在名册中")
            continue
        if str(back.year) not in (str(data.year), f"{data.year}.0"):
            check.problems.append(f"{path.name}：填报年度为 {back.year!r}")
        if tuple(back.cells) != cat.codes_for(unit.id):
            check.problems.append(f"{path.name}：指标列表与目录不一致")
        check.units[unit.id] = back
        accepted: dict[str, float] = {}
        for code, (ref, raw, _prev) in back.cells.items():
            value = parse_value(raw)
            if value is None:
                check.invalid.append(f"{path.name} {ref}（{code}）= {raw!r}")
            else:
                accepted[code] = value
        check.values[unit.id] = accepted
        check.problems += consistency(cat, path.name, unit, accepted)
    missing = [u.id for u in cat.units if u.id not in check.units]
    if missing != [u.id for u in cat.units if u.id not in data.filings]:
        check.problems.append(f"缺少的单位与样例数据不符：{missing}")
    return check


def consistency(cat: Catalogue, name: str, unit: Unit, values: dict[str, float]) -> list[str]:
    """Return the per-unit rule violations: parts above wholes, town village counts differing."""
    problems = []
    for code, value in values.items():
        whole = cat.indicators[code].not_above
        if whole in values and value > values[whole]:
            problems.append(f"{name}：{code}={value:g} 大于 {whole}={values[whole]:g}")
    if unit.group == "town":
        same = ["pf.villages", "zwfw.village_stations", "tj.village_rooms", "fw.village_studios"]
        if len({values.get(c) for c in same}) != 1:
            problems.append(f"{name}：行政村、便民服务站、调解室、法律服务工作室数不一致")
        if values.get("tj.committees") != values.get("pf.villages", 0) + 1:
            problems.append(f"{name}：人民调解委员会数应为行政村数 + 1")
    return problems


def check_2021(
    cat: Catalogue, data: YearData, check: YearCheck, prev: YearCheck
) -> dict[str, float]:
    """Check the 2021 totals, derived figures, typed cells and free texts against the report.

    Return the derived figures as computed from the re-read files.
    """
    totals = check.totals()
    if check.invalid:
        check.problems.append(f"2021 不应有无效单元格：{check.invalid}")
    for code, want in data.expected.items():
        if round(totals.get(code, -1.0), 2) != round(float(want), 2):
            check.problems.append(f"{code}：合计 {totals.get(code)}，报告为 {want}")
    unlisted = {c for c, i in cat.indicators.items() if i.is_input} - set(data.expected)
    if unlisted:
        check.problems.append(f"[expected] 缺少指标：{sorted(unlisted)}")
    prev_totals = prev.totals()
    derived = {}
    for code, want in data.expected_derived.items():
        ind = cat.indicators[code]
        if ind.aggregation == "growth":
            value = 100 * (totals[ind.formula] / prev_totals[ind.formula] - 1)
        else:
            value = evaluate(ind.formula, totals)
        derived[code] = value
        if rounded(value, ind.precision) != float(want):
            check.problems.append(f"{code}：计算得 {value:.4f}，报告为 {want}")
    for unit_id, typed in data.typed.items():
        for code, raw in typed.items():
            _ref, read, _prev = check.units[unit_id].cells[code]
            if read != raw:
                check.problems.append(f"{unit_id} {code}：写入 {raw!r}，读回 {read!r}")
    check.problems += text_rules(cat, data)
    return derived


def texts_read_back(data: YearData, check: YearCheck) -> list[str]:
    """Return the units whose free texts do not read back exactly as written."""
    problems = []
    for unit_id, back in check.units.items():
        wrote = [(t.category, t.part, t.content) for t in data.texts if t.unit == unit_id]
        read = [(t.category, t.part, t.content) for t in back.texts]
        if sorted(wrote) != sorted(read):
            problems.append(f"{back.path.name}：文字材料读回不一致")
    return problems


def text_rules(cat: Catalogue, data: YearData) -> list[str]:
    """Return violations of the free-text requirements of the 2021 samples."""
    problems = []
    with_text = {t.unit for t in data.texts}
    towns = [u for u in with_text if cat.unit(u).group == "town"]
    departments = [u.id for u in cat.units if u.group == "department"]
    if not set(departments) <= with_text or len(towns) < 8:
        problems.append("文字材料应覆盖全部部门和至少 8 个乡镇（街道）")
    leadership = cat.part("leadership").name
    if not 2 <= sum(t.part == leadership for t in data.texts) <= 3:
        problems.append("“学习贯彻习近平法治思想”部分应有 2–3 条")
    if not 3 <= sum(t.category == "存在问题" for t in data.texts) <= 5:
        problems.append("存在问题应有 3–5 条")
    for part in (p for p in cat.parts if p.section == "tasks"):
        if not any(t.part == part.name for t in data.texts):
            problems.append(f"下一年打算缺少“{part.name}”")
    joined = "".join(t.content for t in data.texts)
    if not all(ch in joined for ch in "“”《》（）") or not ("&" in joined or "<" in joined):
        problems.append("文字材料应包含 “”《》（） 和 & 或 <")
    return problems


def check_2022(cat: Catalogue, data: YearData, check: YearCheck, prev: YearData) -> None:
    """Check the 2022 gaps (one unit missing, one invalid cell) and the pre-filled 上年数值."""
    if len(check.invalid) != 1:
        check.problems.append(f"2022 应恰有 1 个无效单元格，实际 {check.invalid}")
    missing = [u.id for u in cat.units if u.id not in check.units]
    if missing != list(data.not_submitted):
        check.problems.append(f"2022 未报送单位应为 {data.not_submitted}，实际 {missing}")
    for unit_id, back in check.units.items():
        for code, (ref, _cur, shown) in back.cells.items():
            want = prev.values.get(unit_id, {}).get(code)
            if parse_value(shown) != (None if want is None else float(want)):
                check.problems.append(f"{back.path.name} {ref}：上年数值 {shown!r}，应为 {want}")
