"""Prefect settings changed for a block: the fields named, at any depth, and only for the block."""

from __future__ import annotations

from prefect.settings import get_current_settings

from flows.settings import changed_settings


def test_named_fields_change_for_the_block_only() -> None:
    before = get_current_settings()
    changes = {"flows.heartbeat_frequency": None, "server.database.migrate_on_start": False}
    with changed_settings(changes):
        inside = get_current_settings()
        assert inside.flows.heartbeat_frequency is None
        assert inside.server.database.migrate_on_start is False
        # the rest is the same settings, not defaults
        assert inside.home == before.home
        assert inside.server.database.timeout == before.server.database.timeout
        assert inside.api.url == before.api.url
    after = get_current_settings()
    assert after.server.database.migrate_on_start == before.server.database.migrate_on_start
    assert after.flows.heartbeat_frequency == before.flows.heartbeat_frequency


def test_no_change_keeps_the_settings() -> None:
    before = get_current_settings()
    with changed_settings({}):
        assert get_current_settings() == before
