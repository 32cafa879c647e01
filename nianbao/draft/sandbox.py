"""The template's sandbox: the office's template reads plain data and calls only the methods declared for it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

# Types whose public attributes Jinja's own sandbox already judges (string methods, loop variables, …).
_PLAIN_MODULES = ("builtins", "decimal", "datetime", "jinja2.runtime", "jinja2.utils", "markupsafe")


@lru_cache(maxsize=256)
def readable(cls: type) -> frozenset[str]:
    """Return what a template may read of a `cls` object: its dataclass fields and declared methods.

    Asked at every attribute a template reads: worked out once per class.
    """
    fields = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    return frozenset(fields | set(getattr(cls, "TEMPLATE_METHODS", ())))


def plain_attributes() -> frozenset[str]:
    """Return the public attribute names of the plain types a template sees (str, list, dict, numbers)."""
    kinds = (str, list, dict, tuple, int, Decimal)
    return frozenset(n for kind in kinds for n in dir(kind) if not n.startswith("_"))


class DataSandbox(SandboxedEnvironment):
    """Jinja's sandbox, narrowed: objects of nianbao (or anything else) show only what `readable` allows.

    So no object handed to a template carries a path to files or to the document being written
    (a chart is a placeholder string the renderer replaces after rendering, not an image object).
    """

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        cls: type = type(obj)
        return cls.__module__ in _PLAIN_MODULES or attr in readable(cls)
