"""Shared fixtures of the roll-up tests: the sample district's 2022 package content, computed once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from nianbao import pipeline
from nianbao.core.clock import OFFICE_TZ
from nianbao.figures.aggregation import aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content, package_content, publish_content

from ...conftest import INPUTS, ROOT
from .districts import district_content

PUBLISHED = datetime(2023, 2, 10, 9, 30, tzinfo=OFFICE_TZ)  # before the city's 02-15 deadline


@pytest.fixture(scope="session")
def content_2022(catalogue: Catalogue) -> Content:
    """Return what the sample district (平桥区) publishes for 2022."""
    folder = INPUTS / "2022"
    intake = pipeline.gather(folder, catalogue, 2022)
    history = pipeline.gather_history(folder, catalogue, 2022)
    figures = aggregate(intake, catalogue, history.values.get(2021, {}))
    findings = pipeline.findings_of(intake, figures, catalogue, history.entries)
    return package_content(catalogue, intake, figures, findings)


CITY = ROOT / "templates_docx" / "city"


@pytest.fixture(scope="session")
def city() -> Catalogue:
    """Return the shipped city profile (淮州市 and its ten 县区)."""
    return load_catalogue(CITY)


@pytest.fixture
def share(tmp_path: Path, content_2022: Content) -> Location:
    """Return a location where 东湖区 published once, 西关区 twice (values ×2, then ×4), 南湾区 once
    with figures.json damaged after publication, and 北岭县 and the rest never published."""
    location = Location(tmp_path / "share")
    publish_content(district_content(content_2022, "东湖区", 1), location, PUBLISHED)
    publish_content(district_content(content_2022, "西关区", 2), location, PUBLISHED)
    publish_content(district_content(content_2022, "西关区", 4), location, PUBLISHED)
    publish_content(district_content(content_2022, "南湾区", 3), location, PUBLISHED)
    damaged = tmp_path / "share" / "2022" / "南湾区" / "1" / "figures.json"
    before = damaged.read_bytes()
    damaged.write_bytes(before.replace(b'"4614"', b'"4615"', 1))  # 1538 × 3, edited by hand
    assert damaged.read_bytes() != before
    return location
