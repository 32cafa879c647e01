"""Districts for the roll-up tests (the sample district's package renamed and scaled), and drafts read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from nianbao import pipeline
from nianbao.core.clock import OFFICE_TZ
from nianbao.figures.aggregation import aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content, package_content, publish_content
from nianbao.rollup.records import FigureRecord, FiguresFile
from nianbao.word.document import paragraph_text

PUBLISHED = datetime(2023, 2, 10, 9, 30, tzinfo=OFFICE_TZ)  # before the city's 02-15 deadline
LATE = datetime(2023, 2, 16, 8, 0, tzinfo=OFFICE_TZ)  # the morning after it

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


def sample_content(inputs: Path, cat: Catalogue) -> Content:
    """Return what the sample district (平桥区) publishes for the year of the folder `inputs`."""
    year = int(inputs.name)
    intake = pipeline.gather(inputs, cat, year)
    history = pipeline.gather_history(inputs, cat, year)
    figures = aggregate(intake, cat, history.values.get(year - 1, {}))
    findings = pipeline.findings_of(intake, figures, cat, history.entries)
    return package_content(cat, intake, figures, findings)


def sample_share(folder: Path, content: Content) -> Location:
    """Return a location in `folder` where 东湖区 published once, 西关区 twice (values ×2, then ×4),
    南湾区 once with figures.json damaged after publication, and 北岭县 and the rest never published."""
    location = Location(folder)
    publish_content(district_content(content, "东湖区", 1), location, PUBLISHED)
    publish_content(district_content(content, "西关区", 2), location, PUBLISHED)
    publish_content(district_content(content, "西关区", 4), location, PUBLISHED)
    publish_content(district_content(content, "南湾区", 3), location, PUBLISHED)
    damaged = folder / str(content.year) / "南湾区" / "1" / "figures.json"
    before = damaged.read_bytes()
    damaged.write_bytes(before.replace(b'"4614"', b'"4615"', 1))  # 1538 × 3, edited by hand
    assert damaged.read_bytes() != before
    return location


def checklist_items(draft: Path) -> list[str]:
    """Return the numbered items of a draft's review checklist, in order."""
    texts = [paragraph_text(p) for p in Document(str(draft)).element.body.iter(qn("w:p"))]
    return [t for t in texts[texts.index("附：审核清单（定稿时删除）") + 1 :] if t[:1].isdigit()]
