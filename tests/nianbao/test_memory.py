"""Batch steps pause the cycle collector and always leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from nianbao.memory import paused_gc


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False], ids=["was-on", "was-off"])
def test_collector_is_paused_inside_and_restored_after(collector: None, enabled: bool) -> None:
    """Inside the pause the collector is off; afterwards it is as it was before (nesting too)."""
    gc.enable() if enabled else gc.disable()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_collector_is_restored_when_the_step_fails(collector: None) -> None:
    """An exception inside the pause still turns the collector back on."""
    gc.enable()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("步骤失败")
    assert gc.isenabled()
