"""Numbers in the units' texts checked against the data: one that contradicts it is a 提醒 at the text's cell."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from nianbao.checks.accepted import Intake
from nianbao.core.findings import Finding
from nianbao.figures.aggregation import Figure
from nianbao.figures.bindings import Binder
from nianbao.figures.mentions import Mention, find_mentions
from nianbao.figures.phrasing import phrase_figure
from nianbao.profile.catalogue import Catalogue, Indicator

KIND = "text.number_mismatch"
MARK = "【文字与数据不符】"
_PLANS = "下一年打算"  # plans name targets, not the year's figures
_WIDTH = 30  # characters quoted on each side of the number
_ENDS = "。；！？"
_ADVICE = "请核对：文字有误的请改正后重新报送，报表数据有误的请更正报表；确属不同口径的可不改"


def text_findings(intake: Intake, figures: Mapping[str, Figure], cat: Catalogue) -> list[Finding]:
    """Return a 提醒 for every number in a unit's text that the data contradicts.

    A number is compared with the unit's own accepted value of the indicator it states and with
    the district figure (when complete); it agrees when it reads as either. Numbers bound to no
    indicator, and the texts of 下一年打算 (targets), are left alone.
    """
    binder = Binder(cat)
    own = {(e.unit_id, e.code): e.quantity.value for e in intake.entries}
    found = []
    for text in intake.texts:
        if text.category == _PLANS:
            continue
        mentions = find_mentions(text.text, intake.year)
        for m, code in zip(mentions, binder.bind(mentions, text.unit_id), strict=True):
            if code is None:
                continue
            ind = cat.indicators[code]
            readings = _readings(own.get((text.unit_id, code)), figures.get(code))
            if not readings or any(m.agrees(v) for _, v in readings):
                continue
            shown = "，".join(f"{who}{shown_value(v, ind)}" for who, v in readings)
            found.append(
                Finding.warning(
                    text.ref.file,
                    text.ref.sheet,
                    text.ref.cell,
                    f"文字中的“{m.text}”与{ind.name}不符（{shown}）",
                    unit=text.unit_id,
                    code=code,
                    raw=excerpt(text.text, m),
                    advice=_ADVICE,
                    kind=KIND,
                )
            )
    return found


def _readings(own: Decimal | None, fig: Figure | None) -> list[tuple[str, Decimal]]:
    """Return the values a number may be read against: the unit's own, then the district's."""
    readings = [("本单位报表填报", own)] if own is not None else []
    if fig is not None and fig.value is not None and fig.status == "ok" and fig.value != own:
        readings.append(("全区为", fig.value))
    return readings


def shown_value(value: Decimal, ind: Indicator) -> str:
    """Return `value` as the report prints a figure of `ind` (1426项, 99.16%, 1.85亿元)."""
    return phrase_figure(value, ind.kind, ind.unit, ind.precision).text


def excerpt(text: str, m: Mention, width: int = _WIDTH) -> str:
    """Return the sentence of `m` in `text` (at most `width` characters on each side of it), on one
    line, with …… where it was cut; a cut never splits a number."""
    start = max(m.start - width, *(text.rfind(end, 0, m.start) + 1 for end in _ENDS))
    stop = min(m.end + width, *(_find(text, end, m.end) for end in _ENDS))
    while start > 0 and text[start - 1 : start + 1].isascii() and text[start].isalnum():
        start -= 1
    while stop < len(text) and text[stop - 1 : stop + 1].isascii() and text[stop].isalnum():
        stop += 1
    body = " ".join(text[start:stop].split())
    head = "……" if start > 0 and text[start - 1] not in _ENDS else ""
    tail = "……" if stop < len(text) and text[stop - 1] not in _ENDS else ""
    return head + body + tail


def _find(text: str, sub: str, start: int) -> int:
    found = text.find(sub, start)
    return len(text) if found < 0 else found + 1


def checklist_items(findings: Iterable[Finding], cat: Catalogue) -> list[str]:
    """Return one checklist item per number contradicting the data, quoting its paragraph."""
    names = {u.id: u.name for u in cat.units}
    return [
        f"{MARK}{names.get(f.unit, f.unit)}报送的文字“{f.raw}”：{f.message}；见{f.where}"
        for f in findings
        if f.kind == KIND
    ]
