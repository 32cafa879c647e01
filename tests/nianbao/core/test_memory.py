"""Batch steps pause the cycle collector and always leave it as they found it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from nianbao.core.memory import paused_gc


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


class _Node:
    """A weak-referenceable object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: object = None


def test_objects_made_in_the_pause_join_the_oldest_generation(collector: None) -> None:
    """What a batch step made is not scanned again as young objects once the collector is back."""
    gc.enable()
    with paused_gc():
        made = [_Node()]
    assert any(o is made for o in gc.get_objects(generation=2))


def test_a_cycle_made_in_the_pause_is_still_freed_by_a_full_collection(collector: None) -> None:
    """Nothing made during the pause is kept forever: a dropped cycle goes at the next full collection."""
    gc.enable()
    with paused_gc():
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
    gc.collect()
    assert gone() is None


def test_objects_frozen_by_the_caller_stay_frozen(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller's own gc.freeze() is left as it was: the pause neither freezes nor unfreezes.

    (Watched through the calls, not the freeze count, which other threads' frees change.)
    """
    gc.enable()
    gc.freeze()
    calls: list[str] = []
    try:
        monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
        monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
        with paused_gc():
            _Node()
        monkeypatch.undo()
        assert calls == []
        assert gc.get_freeze_count() > 0
    finally:
        monkeypatch.undo()
        gc.unfreeze()
