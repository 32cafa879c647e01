"""Prefect settings changed for a block, copied rather than validated again (pydantic's model_copy)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect.context import SettingsContext, get_settings_context
from pydantic import BaseModel


@contextmanager
def changed_settings(changes: dict[str, Any]) -> Iterator[None]:
    """Run the block with the settings at dotted paths (`flows.heartbeat_frequency`) changed.

    Prefect's temporary_settings would validate every setting again: 0.05 s each time.
    """
    context = get_settings_context()
    settings = context.settings
    for path, value in changes.items():
        settings = _changed(settings, path.split("."), value)
    with SettingsContext(profile=context.profile, settings=settings):
        yield


def _changed(model: BaseModel, path: list[str], value: Any) -> Any:
    """Return a copy of `model` with the field at `path` set to `value`."""
    field, *rest = path
    new = _changed(getattr(model, field), rest, value) if rest else value
    return model.model_copy(update={field: new})
