"""Shared fixtures of the roll-up tests: the sample district's 2022 package content, computed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue
from nianbao.rollup.location import Location
from nianbao.rollup.package import Content

from ...conftest import INPUTS, ROOT
from .districts import sample_content, sample_share


@pytest.fixture(scope="session")
def content_2022(catalogue: Catalogue) -> Content:
    """Return what the sample district (平桥区) publishes for 2022."""
    return sample_content(INPUTS / "2022", catalogue)


CITY = ROOT / "templates_docx" / "city"


@pytest.fixture(scope="session")
def city() -> Catalogue:
    """Return the shipped city profile (淮州市 and its ten 县区)."""
    return load_catalogue(CITY)


@pytest.fixture
def share(tmp_path: Path, content_2022: Content) -> Location:
    """Return a location where 东湖区 published once, 西关区 twice (values ×2, then ×4), 南湾区 once
    with figures.json damaged after publication, and 北岭县 and the rest never published."""
    return sample_share(tmp_path / "share", content_2022)
