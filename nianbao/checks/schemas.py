"""Pandera schemas of the submitted indicator rows, before and after value parsing."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

CODE_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"


def codes_schema(known_codes: Iterable[str]) -> pa.DataFrameSchema:
    """Return the schema of the distinct codes typed: well formed and in the catalogue."""
    return pa.DataFrameSchema(
        {
            "code": pa.Column(
                str,
                checks=[
                    pa.Check.str_matches(CODE_PATTERN, name="code_format"),
                    pa.Check.isin(sorted(known_codes), name="known_code"),
                ],
            ),
        },
        name="指标编码",
    )


def rows_schema() -> pa.DataFrameSchema:
    """Return the schema of raw indicator rows: each code once per unit."""
    return pa.DataFrameSchema(
        {"unit_id": pa.Column(str), "code": pa.Column(str)},
        unique=["unit_id", "code"],
        report_duplicates="exclude_first",
        name="指标数据",
    )


def parsed_schema() -> pa.DataFrameSchema:
    """Return the schema of parsed values: non-negative, whole counts, percents within 0–100."""
    return pa.DataFrameSchema(
        {
            "value": pa.Column(float, pa.Check.ge(0, name="non_negative")),
            "kind": pa.Column(str),
            "whole": pa.Column(bool),
        },
        checks=[
            pa.Check(lambda df: (df["kind"] != "count") | df["whole"], name="whole_count"),
            pa.Check(
                lambda df: (df["kind"] != "percent") | (df["value"] <= 100), name="percent_range"
            ),
        ],
        name="指标数值",
    )


_CHECK_PREFIXES = (
    ("multiple_fields_uniqueness", "duplicate"),
    ("field_uniqueness", "duplicate"),
    ("str_matches", "code_format"),
    ("isin", "known_code"),
    ("greater_than_or_equal_to", "non_negative"),
)


def check_name(check: object) -> str:
    """Return the short name of a pandera check as it appears in failure cases."""
    text = str(check)
    return next((name for prefix, name in _CHECK_PREFIXES if text.startswith(prefix)), text)


def failed_rows(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> dict[int, list[str]]:
    """Return the names of the checks each row of `frame` fails, keyed by the row's `row` id."""
    if frame.empty:
        return {}
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        row_ids = [int(r) for r in frame["row"].tolist()]
        failed: dict[int, list[str]] = {}
        for index, check in zip(cases["index"], cases["check"], strict=True):
            if pd.isna(index):
                continue
            row = row_ids[int(str(index))]  # index: positional label of the failing row
            names = failed.setdefault(row, [])
            name = check_name(check)
            if name not in names:
                names.append(name)
        for names in failed.values():
            if "code_format" in names and "known_code" in names:
                names.remove("known_code")  # one message for a malformed code
        return failed
    return {}
