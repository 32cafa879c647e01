"""The template context: figures phrased for print, free texts by part, numbering and the review checklist."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from nianbao.checks.accepted import Intake, Text
from nianbao.core.findings import Finding, count_errors
from nianbao.draft.annex import AnnexRow, annex_rows
from nianbao.draft.numbering import Numbering
from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import Phrase, phrase_change, phrase_figure
from nianbao.figures.prose import checklist_items
from nianbao.figures.rules import Candidate, CandidateIndex, find_candidates
from nianbao.figures.trends import figure_warnings
from nianbao.profile.catalogue import Catalogue, Indicator

if TYPE_CHECKING:
    from nianbao.draft.charts import Charts

# Context names the template may use; `figures` is read by the render filters only.
CONTEXT_NAMES = (
    "issuer",
    "title",
    "district",
    "year",
    "prev_year",
    "next_year",
    "num",
    "texts",
    "checklist",
    "candidates",
    "annex",
    "charts",
)


@dataclass(frozen=True)
class FigureView:
    """A figure ready for print: its phrase (None when missing), change wording and review flags."""

    code: str
    name: str
    phrase: Phrase | None
    change: str
    flagged: bool
    warnings: tuple[str, ...] = ()  # year-on-year 提醒 to show on the figure (e.g. as a comment)
    # provenance for comments and the sidecar (nianbao.draft.provenance)
    figure: Figure | None = None
    formula: str = ""
    previous_text: str = ""  # last year's value as printed, e.g. 1356项
    notes: tuple[str, ...] = ()  # findings about this figure, one Chinese line each


class TextIndex:
    """The units' free texts grouped by report part, in roster order (`texts.of('functions')`)."""

    TEMPLATE_METHODS = ("of",)

    def __init__(self, texts: list[Text], unit_order: Mapping[str, int]) -> None:
        self._by_part: dict[str, list[Text]] = {}
        for text in sorted(texts, key=lambda t: unit_order.get(t.unit_id, 0)):
            self._by_part.setdefault(text.part, []).append(text)

    def of(self, part: str) -> list[Text]:
        """Return the texts of the part with key `part` (empty list when none)."""
        return self._by_part.get(part, [])


# The types of the objects a template can reach through CONTEXT_NAMES (the sandbox shows their `readable`).
TEMPLATE_TYPES: tuple[type, ...] = (Numbering, TextIndex, Text, CandidateIndex, Candidate, AnnexRow)


def build_context(
    figures: Mapping[str, Figure],
    intake: Intake,
    cat: Catalogue,
    findings: list[Finding],
    planned: Sequence[Text] = (),
    charts: Charts | None = None,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the template context for the year of `intake`.

    `planned` are last year's 下一年打算 texts (followed up in the checklist); `charts` the annex
    charts already drawn (render turns them into inline images) and those that could not be,
    which the checklist names with the reason; `notes` are further checklist items (a city's
    districts sent back or late).
    """
    year = intake.year
    order = {u.id: i for i, u in enumerate(cat.units)}
    warnings = figure_warnings(figures, cat)
    return {
        "issuer": cat.profile.issuer,
        "title": cat.profile.title_for(year),
        "district": cat.profile.district,
        "year": year,
        "prev_year": year - 1,
        "next_year": year + 1,
        "num": Numbering(),
        "texts": TextIndex(intake.texts, order),
        "checklist": [
            *build_checklist(figures, intake, cat, findings),
            *notes,
            *(gap.describe() for gap in (charts.gaps if charts else [])),
            *follow_up(planned, year - 1),
        ],
        "candidates": CandidateIndex(find_candidates(figures, cat)),
        "annex": annex_rows(figures, cat, warnings),
        "charts": list(charts.drawn) if charts else [],
        "figures": {
            code: replace(
                view_figure(fig, cat.indicators[code], findings), warnings=warnings.get(code, ())
            )
            for code, fig in figures.items()
        },
    }


def follow_up(planned: Sequence[Text], year: int) -> list[str]:
    """Return one checklist item per task planned in the `year` report, to note what became of it."""
    return [
        f"{year}年部署任务落实情况：{t.text}（提出单位：{t.unit}；请注明已完成、正在推进或未落实）"
        for t in planned
    ]


def view_figure(fig: Figure, ind: Indicator, findings: Sequence[Finding] = ()) -> FigureView:
    """Return `fig` phrased with the catalogue's kind, unit word, precision and approximation."""
    phrase = None
    if fig.value is not None and ind.aggregation == "growth":
        growth = phrase_figure(abs(fig.value), ind.kind, ind.unit, ind.precision)
        phrase = replace(growth, prefix="增长" if fig.value >= 0 else "下降")
    elif fig.value is not None:
        approx = fig.approx or ind.approx
        phrase = phrase_figure(fig.value, ind.kind, ind.unit, ind.precision, approx)
    change = ""
    if fig.value is not None and fig.previous is not None and ind.aggregation != "growth":
        change = phrase_change(fig.value, fig.previous, ind.kind, ind.unit, ind.precision)
    previous = ""
    if fig.previous is not None and ind.aggregation != "growth":
        previous = phrase_figure(fig.previous, ind.kind, ind.unit, ind.precision).text
    notes = tuple(f"{f.level}：{f.where}：{f.message}" for f in findings if f.code == fig.code)
    formula = ind.formula if ind.aggregation == "formula" else ""
    return FigureView(
        fig.code, ind.name, phrase, change, fig.status != "ok", (), fig, formula, previous, notes
    )


def conflicted(intake: Intake, cat: Catalogue) -> list[str]:
    """Return one checklist item per unit whose differing files could not be ordered (none counted)."""
    return [
        f"【重复报送】{cat.unit(uid).name}：{'、'.join(f'“{s.file}”' for s in subs)}"
        "内容不一致且无法判断先后，未计入合计"
        for uid, subs in intake.conflicts.items()
    ]


def build_checklist(
    figures: Mapping[str, Figure], intake: Intake, cat: Catalogue, findings: list[Finding]
) -> list[str]:
    """Return the review checklist: missing units, figures to complete or check, input findings."""
    items = []
    missing_units = intake.roll_call(cat)[1]
    who, what = cat.profile.reporter_word, cat.profile.submission_word
    if missing_units:
        items.append(
            f"未报送或{what}未采用的{who}（{len(missing_units)}个）：{'、'.join(missing_units)}"
        )
    items.extend(conflicted(intake, cat))
    part_order = {p.key: i for i, p in enumerate(cat.parts)}
    ordered = sorted(figures.values(), key=lambda f: part_order[cat.indicators[f.code].part])
    for fig in ordered:
        name = cat.indicators[fig.code].name
        if fig.status == "missing":
            items.append(f"【待补充】{name}：{fig.note or '无数据'}")
        elif fig.status == "partial":
            items.append(f"【数据不全】{name}：已按报送数汇总，{fig.note}")
    items += checklist_items(findings, cat)
    errors = count_errors(findings)
    warnings = len(findings) - errors
    if findings:
        items.append(f"{what}校验发现错误{errors}处、提醒{warnings}处，详见校验报告.xlsx")
    return items
