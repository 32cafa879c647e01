"""Districts for the roll-up tests: the sample district's package renamed, its counts and amounts scaled."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from nianbao.rollup.package import Content
from nianbao.rollup.records import FigureRecord, FiguresFile

SCALED = (
    "count",
    "amount",
)  # percents and durations are not multiplied (their formulas still hold)


def district_content(base: Content, name: str, factor: int) -> Content:
    """Return `base` as published by district `name`, every count and amount `factor` times larger."""
    figures = {code: _scaled(record, factor) for code, record in base.figures.figures.items()}
    return replace(
        base,
        district=name,
        issuer=f"淮州市{name}人民政府",
        figures=FiguresFile(year=base.year, district=name, figures=figures),
    )


def _scaled(record: FigureRecord, factor: int) -> FigureRecord:
    if record.kind not in SCALED:
        return record
    times = Decimal(factor)
    return record.model_copy(
        update={
            "value": None if record.value is None else record.value * times,
            "previous": None if record.previous is None else record.previous * times,
            "sources": [s._replace(value=s.value * times) for s in record.sources],
        }
    )
