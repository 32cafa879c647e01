"""Checks of each typed value against its indicator: code, parsing, unit word, range, parts and wholes."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

from nianbao.checks.schemas import codes_schema, failed_rows, parsed_schema, rows_schema
from nianbao.checks.value_findings import CHECKS, finding, say
from nianbao.core.errors import ValueParseError
from nianbao.core.findings import Finding, split_advice
from nianbao.intake.cells import is_blank
from nianbao.intake.readers import CellRef, Formula, RawValue, Submission
from nianbao.intake.submission import builder
from nianbao.intake.values import Quantity, is_whole, parse_value, whole_quantity
from nianbao.profile.catalogue import Catalogue, Indicator

_MONEY = ("万元",)
_BARE_YUAN = re.compile(r"(?<![万亿])元")
_ONE = Decimal(1)
_REVIEWED = ("percent", "amount")  # kinds whose values _review looks at


class Entry(NamedTuple):
    """An accepted value: which unit reported which indicator, what it is, where it was typed."""

    unit_id: str
    code: str
    quantity: Quantity
    ref: CellRef


make_entry = builder(Entry)


def check_values(
    submitted: dict[str, Submission], cat: Catalogue, findings: list[Finding]
) -> list[Entry]:
    """Return the accepted values of the chosen files; every value set aside gets a finding at its cell."""
    rows = _coded_rows(submitted, findings)
    failed = _failed_rows(rows, cat)
    plain = _plain_reporters(cat)
    accepted: list[Entry | None] = []  # None: a slot kept for a value the parsed schema checks
    reviewed: list[tuple[int, str, RawValue, Quantity]] = []  # what went through parse_value
    for i, (uid, raw) in enumerate(rows):
        if i in failed:
            findings.extend(_row_failures(raw, uid, failed[i]))
            continue
        value = raw.raw
        # The common cell: a whole number ≥ 0 of a plain indicator its unit reports. Nothing below
        # applies to it, and the parsed schema cannot fail it (not negative, whole, not a percent).
        if (
            type(value) is float
            and value >= 0
            and value.is_integer()
            and not raw.merged
            and uid in plain.get(raw.code, ())
        ):
            accepted.append(make_entry((uid, raw.code, whole_quantity(int(value)), raw.ref)))
        elif (quantity := _parse(raw, uid, cat, findings)) is not None:
            reviewed.append((len(accepted), uid, raw, quantity))
            accepted.append(None)
    bad = failed_rows(parsed_schema(), _parsed_frame(reviewed, cat))
    for slot, uid, raw, quantity in reviewed:
        if slot in bad:
            for check in bad[slot]:
                findings.append(say(raw, uid, CHECKS[check], name=_name(raw, cat)))
        else:
            accepted[slot] = Entry(uid, raw.code, quantity, raw.ref)
    entries = [e for e in accepted if e is not None]
    entries = _check_parts(entries, cat, findings)
    _check_missing(submitted, cat, findings)
    return entries


def _coded_rows(
    submitted: dict[str, Submission], findings: list[Finding]
) -> list[tuple[str, RawValue]]:
    """Return (unit id, row) for the rows with a code; hidden rows and values without a code get findings."""
    rows = []
    for uid, sub in submitted.items():
        for raw in sub.values:
            if raw.hidden and not is_blank(raw.raw):
                findings.append(say(raw, uid, "row.hidden"))
            if raw.code:
                rows.append((uid, raw))
            elif not is_blank(raw.raw):
                findings.append(say(raw, uid, "row.no_code"))
    return rows


def _failed_rows(rows: list[tuple[str, RawValue]], cat: Catalogue) -> dict[int, list[str]]:
    """Return row → the checks it fails: once per unit first, then form and catalogue per distinct code."""
    frame = pd.DataFrame(
        {
            "row": range(len(rows)),
            "unit_id": [u for u, _ in rows],
            "code": [r.code for _, r in rows],
        }
    )
    failed = failed_rows(rows_schema(), frame)
    codes = sorted({raw.code for _, raw in rows})
    frame = pd.DataFrame({"row": range(len(codes)), "code": codes})
    bad = {codes[k]: names for k, names in failed_rows(codes_schema(cat.indicators), frame).items()}
    if bad:
        for i, (_, raw) in enumerate(rows):
            if raw.code in bad:
                failed.setdefault(i, []).extend(bad[raw.code])
    return failed


def _parsed_frame(
    parsed: list[tuple[int, str, RawValue, Quantity]], cat: Catalogue
) -> pd.DataFrame:
    """Return the frame of parsed values checked by the parsed schema."""
    return pd.DataFrame(
        {
            "row": [p[0] for p in parsed],
            "kind": [cat.indicators[p[2].code].kind for p in parsed],
            "value": [float(p[3].value) for p in parsed],
            "whole": [is_whole(p[3]) for p in parsed],
        }
    )


def _plain_reporters(cat: Catalogue) -> dict[str, frozenset[str]]:
    """Return code → reporting unit ids for the typed indicators whose values need no review."""
    return {
        code: cat.reporter_ids(ind)
        for code, ind in cat.indicators.items()
        if ind.is_input and ind.kind not in _REVIEWED
    }


def _row_failures(raw: RawValue, uid: str, checks: list[str]) -> list[Finding]:
    """Return the findings of a row whose code failed `checks` (at the code cell, duplicates at the value)."""
    code_at = RawValue(raw.code, raw.code, raw.code_ref, raw.code_ref)
    return [say(raw if c == "duplicate" else code_at, uid, CHECKS[c]) for c in checks]


def _parse(raw: RawValue, uid: str, cat: Catalogue, findings: list[Finding]) -> Quantity | None:
    """Return the quantity of a row with a known code, or None with a finding saying why not."""
    ind = cat.indicators[raw.code]
    if (kind := _unusable(raw, uid, ind, cat)) is not None:
        findings.append(say(raw, uid, kind, name=_name(raw, cat), merged=raw.merged))
        return None
    try:
        quantity = parse_value(raw.raw)
    except ValueParseError as exc:
        problem, advice = split_advice(str(exc))
        findings.append(finding(raw, uid, exc.kind, _name(raw, cat) + problem, advice))
        return None
    if quantity is None:
        findings.append(say(raw, uid, "value.empty", name=_name(raw, cat)))
        return None
    if quantity.suffix and not _suffix_fits(quantity.suffix, ind):
        unit = ind.unit or "%"
        findings.append(
            say(
                raw,
                uid,
                "value.unit_mismatch",
                name=_name(raw, cat),
                typed=quantity.suffix,
                unit=unit,
            )
        )
        return None
    if ind.kind not in _REVIEWED:
        return quantity  # _review only looks at percents and amounts
    return _review(raw, uid, ind, _name(raw, cat), quantity, findings)


def _unusable(raw: RawValue, uid: str, ind: Indicator, cat: Catalogue) -> str | None:
    """Return the kind of finding for a row that is not read as a value at all, else None."""
    if not ind.is_input:
        return "value.derived"
    if uid not in cat.reporter_ids(ind):
        return "value.not_reporter"
    if isinstance(raw.raw, Formula):
        return "value.formula_uncached"
    if raw.merged and not is_blank(raw.raw):
        return "value.merged"
    return None


def _review(
    raw: RawValue, uid: str, ind: Indicator, name: str, q: Quantity, findings: list[Finding]
) -> Quantity | None:
    """Return the quantity after the checks that depend on what was typed: percent and money words.

    Rule: a percent typed as a fraction 0 < x < 1 without “%” is refused (the office is told to type
    99.16 for 0.9916); exactly 1 is kept as 1% with a warning; 0 and anything with “%” are kept.
    """
    if ind.kind == "percent" and q.suffix != "%" and 0 < q.value < _ONE:
        percent = f"{(q.value * 100).normalize():f}"
        findings.append(
            say(raw, uid, "value.percent_fraction", name=name, value=q.value, percent=percent)
        )
        return None
    if ind.kind == "percent" and q.suffix != "%" and q.value == _ONE:
        findings.append(say(raw, uid, "value.percent_one", name=name))
    if ind.kind == "amount" and isinstance(raw.raw, str) and _BARE_YUAN.search(raw.raw):
        findings.append(say(raw, uid, "value.unit_converted", name=name, value=q.value))
    return q


def _suffix_fits(suffix: str, ind: Indicator) -> bool:
    if not suffix or suffix == ind.unit:
        return True
    if ind.kind == "percent":
        return suffix == "%"
    return ind.kind == "amount" and suffix in _MONEY


def _check_parts(entries: list[Entry], cat: Catalogue, findings: list[Finding]) -> list[Entry]:
    """Return `entries` without the parts above their whole (each reported at the part's cell)."""
    parts = {c: w for c, ind in cat.indicators.items() if (w := ind.not_above)}
    if not parts:
        return entries
    wholes = set(parts.values())
    by_key = {(e.unit_id, e.code): e for e in entries if e.code in wholes}
    kept = []
    for e in entries:
        whole_code = parts.get(e.code)
        whole = by_key.get((e.unit_id, whole_code)) if whole_code else None
        if whole is None or e.quantity.value <= whole.quantity.value:
            kept.append(e)
            continue
        raw = RawValue(e.code, e.quantity.value, e.ref, e.ref)
        findings.append(
            say(
                raw,
                e.unit_id,
                "value.part_above_whole",
                name=cat.indicators[e.code].name,
                value=f"（{e.quantity.value}）",
                whole=cat.indicators[whole.code].name,
                total=whole.quantity.value,
                cell=whole.ref.cell,
            )
        )
    return kept


def _check_missing(
    submitted: dict[str, Submission], cat: Catalogue, findings: list[Finding]
) -> None:
    for uid, sub in submitted.items():
        typed = {raw.code for raw in sub.values}
        missing = [cat.indicators[c].name for c in cat.codes_for(uid) if c not in typed]
        if missing and sub.values:
            findings.append(
                Finding.warning(
                    sub.file,
                    "",
                    "",
                    f"报表缺少{len(missing)}个应填指标行：{'、'.join(missing)}",
                    unit=uid,
                    advice="请使用下发的最新填报表，补齐缺少的指标行",
                    kind="indicator.missing_rows",
                )
            )


def _name(raw: RawValue, cat: Catalogue) -> str:
    ind = cat.indicators.get(raw.code)
    return f"{ind.name}：" if ind else ""
