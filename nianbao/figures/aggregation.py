"""District figures from accepted values: sums over units, derived formulas, growth, with provenance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, DivisionByZero, InvalidOperation
from operator import attrgetter, itemgetter
from typing import Literal, NamedTuple

from nianbao.checks.accepted import Intake
from nianbao.checks.entries import Entry
from nianbao.core.findings import Finding
from nianbao.core.memory import paused_gc
from nianbao.intake.submission import builder
from nianbao.profile.catalogue import Catalogue, Indicator
from nianbao.profile.formula import evaluate

Status = Literal["ok", "partial", "missing"]
_HUNDRED = Decimal(100)


class Source(NamedTuple):
    """One unit's contribution to a figure: who, which file, sheet and cell, and the value."""

    unit_id: str
    unit: str
    file: str
    sheet: str
    cell: str
    value: Decimal


make_source = builder(Source)
_UNIT_ID, _QUANTITY, _VALUE = itemgetter(0), itemgetter(2), itemgetter(5)
_APPROX = attrgetter("approx")


@dataclass(frozen=True)
class Figure:
    """A district figure: value (None when unknown), status, provenance and last year's value."""

    code: str
    value: Decimal | None
    status: Status
    approx: str = ""
    sources: tuple[Source, ...] = ()
    missing_units: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    note: str = ""
    previous: Decimal | None = None
    # When `sources` are themselves figures (a city's, from its districts' packages): the unit
    # cells beneath them, each `unit` naming the district too.
    cells: tuple[Source, ...] = ()

    @property
    def known(self) -> bool:
        """Return whether the figure has a value to print (complete or partial)."""
        return self.value is not None


def aggregate(
    intake: Intake, cat: Catalogue, previous: Mapping[str, Decimal] | None = None
) -> dict[str, Figure]:
    """Return every catalogue figure for the year of `intake`, with `previous` year values attached."""
    with paused_gc():
        return _aggregate(intake, cat, previous)


def _aggregate(
    intake: Intake, cat: Catalogue, previous: Mapping[str, Decimal] | None
) -> dict[str, Figure]:
    by_code: dict[str, list[Entry]] = defaultdict(list)
    for entry in intake.entries:
        by_code[entry.code].append(entry)
    names = {uid: cat.unit(uid).name for uid in {e.unit_id for e in intake.entries}}
    figures: dict[str, Figure] = {}
    for code, ind in cat.indicators.items():
        if ind.is_input:
            figures[code] = _sum(ind, by_code.get(code, []), names, cat)
    prev = dict(previous or {})
    for code in cat.indicators:
        _derive(code, cat, figures, prev)
    return {code: replace(fig, previous=prev.get(code)) for code, fig in figures.items()}


def known_values(figures: Mapping[str, Figure]) -> dict[str, Decimal]:
    """Return the values of the complete figures (used as last year's values)."""
    return {c: f.value for c, f in figures.items() if f.status == "ok" and f.value is not None}


def check_totals(figures: Mapping[str, Figure], cat: Catalogue) -> list[Finding]:
    """Return warnings where a district part exceeds its whole (e.g. 四星级事项 > 一网通办事项)."""
    found = []
    for code, fig in figures.items():
        whole_code = cat.indicators[code].not_above
        whole = figures.get(whole_code) if whole_code else None
        if (
            fig.value is not None
            and whole is not None
            and whole.value is not None
            and fig.value > whole.value
        ):
            found.append(
                Finding.warning(
                    "",
                    "",
                    "",
                    f"全区汇总后{cat.indicators[code].name}（{fig.value}）大于{cat.indicators[whole_code].name}（{whole.value}）",
                    code=code,
                )
            )
    return found


def _sum(ind: Indicator, entries: list[Entry], names: dict[str, str], cat: Catalogue) -> Figure:
    sources = tuple(
        [
            make_source((uid, names[uid], file, sheet, cell, q.value))
            for uid, _, q, (file, sheet, cell) in entries
        ]
    )
    reported = set(map(_UNIT_ID, sources))  # map with getters: C loops over 10⁵ sources
    missing = (
        ()
        if cat.reporter_ids(ind) <= reported
        else tuple(u.name for u in cat.reporters_of(ind) if u.id not in reported)
    )
    approx = (
        next(q.approx for _, _, q, _ in entries if q.approx)
        if set(map(_APPROX, map(_QUANTITY, entries))) - {""}
        else ""
    )
    if not entries:
        why = "未报送或未填写：" + "、".join(missing)
        return Figure(ind.code, None, "missing", sources=(), missing_units=missing, note=why)
    total = sum(map(_VALUE, sources), Decimal(0))
    status: Status = "partial" if missing else "ok"
    note = ("缺少：" + "、".join(missing)) if missing else ""
    return Figure(ind.code, total, status, approx, sources, missing, note=note)


def _derive(
    code: str, cat: Catalogue, figures: dict[str, Figure], prev: dict[str, Decimal]
) -> Figure:
    if code in figures:
        return figures[code]
    ind = cat.indicators[code]
    names = ind.formula_codes()
    parts = [_derive(name, cat, figures, prev) for name in names]
    figure = (
        _growth(ind, parts[0], prev) if ind.aggregation == "growth" else _formula(ind, names, parts)
    )
    figures[code] = figure
    return figure


def _formula(ind: Indicator, names: list[str], parts: list[Figure]) -> Figure:
    gaps = [p for p in parts if p.value is None]
    if gaps:
        return Figure(
            ind.code,
            None,
            "missing",
            inputs=tuple(names),
            note="依据指标缺数：" + "、".join(p.code for p in gaps),
        )
    values = {p.code: p.value for p in parts if p.value is not None}
    try:
        value = evaluate(ind.formula, values)
    except (DivisionByZero, InvalidOperation):
        return Figure(ind.code, None, "missing", inputs=tuple(names), note="计算时分母为0")
    status: Status = "partial" if any(p.status == "partial" for p in parts) else "ok"
    missing = tuple(dict.fromkeys(u for p in parts for u in p.missing_units))
    sources = tuple(s for p in parts for s in p.sources)
    return Figure(
        ind.code,
        value,
        status,
        "",
        sources,
        missing,
        tuple(names),
        note="缺少：" + "、".join(missing) if missing else "",
    )


def _growth(ind: Indicator, base: Figure, prev: dict[str, Decimal]) -> Figure:
    last = prev.get(base.code)
    if base.value is None or last is None or last == 0:
        note = (
            "缺少上年数据"
            if last is None
            else ("上年数值为0，无法计算增速" if last == 0 else base.note)
        )
        return Figure(ind.code, None, "missing", inputs=(base.code,), note=note)
    value = (base.value / last - 1) * _HUNDRED
    return Figure(
        ind.code, value, base.status, "", base.sources, base.missing_units, (base.code,), base.note
    )
