"""The shape of a district package's JSON files as pydantic models, and their problems said in Chinese."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PACKAGE_FORMAT: Literal["nianbao-package/1"] = "nianbao-package/1"
MANIFEST_FILE = "manifest.json"
FIGURES_FILE = "figures.json"
TEXTS_FILE = "texts.json"
FINDINGS_FILE = "findings.json"
CONTENT_FILES = (FIGURES_FILE, TEXTS_FILE, FINDINGS_FILE)  # the manifest is written after them

R = TypeVar("R", bound="Record")


class Record(BaseModel):
    """A JSON object of a package: unknown keys refused, read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRecord(NamedTuple):
    """One unit's cell behind a district figure (a JSON array: a province holds ~10⁵ of them)."""

    unit_id: str
    unit: str
    file: str
    sheet: str
    cell: str
    value: Decimal


class FigureRecord(Record):
    """A district figure as published: value, status, phrasing inputs and provenance to unit cells."""

    code: str
    name: str
    kind: str
    unit: str = ""
    precision: int = 0
    approx: str = ""
    value: Decimal | None
    status: Literal["ok", "partial", "missing"]
    text: str = ""  # as the district's draft prints it, e.g. 1426项
    previous: Decimal | None = None
    note: str = ""
    missing_units: list[str] = Field(default_factory=list)
    inputs: list[str] = Field(default_factory=list)
    sources: list[SourceRecord] = Field(default_factory=list)


class FiguresFile(Record):
    """figures.json: every catalogue figure of the district's year."""

    year: int
    district: str
    figures: dict[str, FigureRecord]


class TextRecord(Record):
    """One accepted free text of a unit, with the cell it was typed in."""

    unit_id: str
    unit: str
    part: str
    category: str
    text: str
    file: str
    sheet: str
    cell: str


class TextsFile(Record):
    """texts.json: the units' accepted texts."""

    texts: list[TextRecord]


class FindingsFile(Record):
    """findings.json: what the district's checks found, counted, and who submitted."""

    errors: int
    warnings: int
    kinds: dict[str, int]
    submitted: list[str]
    missing: list[str]
    incomplete: list[str]


class Manifest(Record):
    """manifest.json: what the package is, who made it with what, and the sha256 of every file."""

    format: Literal["nianbao-package/1"]
    year: int
    district: str
    issuer: str
    revision: int
    published: datetime
    nianbao: str
    profile: str
    catalogue_sha256: str
    roster_sha256: str
    files: dict[str, str]


_SAY = {
    "missing": "缺少必填项",
    "extra_forbidden": "不是可用的字段",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "string_type": "应为文字",
    "literal_error": "取值不符合要求",
    "datetime_parsing": "应为日期时间",
    "datetime_from_date_parsing": "应为日期时间",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "model_type": "应为对象",
}


def parse(model: type[R], name: str, data: bytes) -> R:
    """Return the JSON `data` of the file `name` as `model`; ValueError with a Chinese reason naming it.

    Parsed by pydantic's own JSON reader, which keeps one copy of each repeated short text.
    """
    try:
        return model.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            raise ValueError(f"{name} 不是有效的 JSON（{first['msg']}）") from None
        where = ".".join(str(p) for p in first["loc"]) or "顶层"
        more = f"等{exc.error_count()}处" if exc.error_count() > 1 else ""
        raise ValueError(
            f"{name} 格式不符：{where} {_SAY.get(first['type'], '取值不符合要求')}{more}"
        ) from None


def dump(record: Record) -> bytes:
    """Return `record` as UTF-8 JSON bytes (numbers exact, as text)."""
    text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
