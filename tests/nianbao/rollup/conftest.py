"""Shared fixtures of the roll-up tests: the sample district's 2022 package content, computed once."""

from __future__ import annotations

import pytest

from nianbao import pipeline
from nianbao.figures.aggregation import aggregate
from nianbao.profile.catalogue import Catalogue
from nianbao.rollup.package import Content, package_content

from ...conftest import INPUTS


@pytest.fixture(scope="session")
def content_2022(catalogue: Catalogue) -> Content:
    """Return what the sample district (平桥区) publishes for 2022."""
    folder = INPUTS / "2022"
    intake = pipeline.gather(folder, catalogue, 2022)
    history = pipeline.gather_history(folder, catalogue, 2022)
    figures = aggregate(intake, catalogue, history.values.get(2021, {}))
    findings = pipeline.findings_of(intake, figures, catalogue, history.entries)
    return package_content(catalogue, intake, figures, findings)
