"""Candidate problems and tasks: the catalogue's target rules applied to the year's figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from nianbao.figures.aggregation import Figure
from nianbao.figures.phrasing import phrase_change, phrase_figure, round_half_up
from nianbao.profile.catalogue import Catalogue, Indicator
from nianbao.profile.targets import Rule

_EXPECT_WORDS = {">=": "目标为不低于", "<=": "目标为不高于", "==": "目标为"}


@dataclass(frozen=True)
class Candidate:
    """A generated sentence for reviewers to keep or drop, tied to the rule that produced it."""

    rule: str
    code: str
    section: Literal["problems", "tasks"]
    part: str
    text: str
    reason: str

    TEMPLATE_METHODS = ("marker",)

    @property
    def marker(self) -> str:
        """Return the attribution printed after the sentence, e.g. （依据规则“ys.lost”：…）."""
        return f"（依据规则“{self.rule}”：{self.reason}）"


class CandidateIndex:
    """The candidates of a draft: `candidates.problems` and `candidates.tasks_for('mechanism')`."""

    TEMPLATE_METHODS = ("all", "problems", "tasks_for")

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.all = list(candidates)

    @property
    def problems(self) -> list[Candidate]:
        """Return the candidate problems, in rule order."""
        return [c for c in self.all if c.section == "problems"]

    def tasks_for(self, part: str) -> list[Candidate]:
        """Return the candidate tasks of the task part `part`, in rule order."""
        return [c for c in self.all if c.section == "tasks" and c.part == part]


def find_candidates(figures: Mapping[str, Figure], cat: Catalogue) -> list[Candidate]:
    """Return a candidate problem and a candidate task for every rule a figure misses."""
    problems_part = next((p.key for p in cat.parts if p.section == "problems"), "problems")
    found: list[Candidate] = []
    for rule in cat.targets.rules:
        fig = figures.get(rule.indicator)
        ind = cat.indicators[rule.indicator]
        words = _words(rule, fig, ind) if fig is not None else None
        if fig is None or words is None:
            continue
        reason = _reason(rule, fig, ind, words)
        found += [
            Candidate(
                rule.id, ind.code, "problems", problems_part, rule.problem.format(**words), reason
            ),
            Candidate(rule.id, ind.code, "tasks", rule.part, rule.task.format(**words), reason),
        ]
    return found


def _words(rule: Rule, fig: Figure, ind: Indicator) -> dict[str, str] | None:
    """Return the placeholder values when `fig` misses `rule`, or None when it meets it."""
    if fig.value is None:
        return None
    now = round_half_up(fig.value, ind.precision)
    words = {"name": ind.name, "value": _phrase(fig.value, ind, fig.approx or ind.approx)}
    if rule.expect == "not_worse":
        if fig.previous is None or fig.status != "ok":
            return None
        before = round_half_up(fig.previous, ind.precision)
        if not (now > before if not ind.higher_is_better else now < before):
            return None
        words["previous"] = _phrase(fig.previous, ind)
        words["change"] = phrase_change(fig.value, fig.previous, ind.kind, ind.unit, ind.precision)
        return words
    assert rule.target is not None  # guaranteed by the catalogue check
    met = {">=": now >= rule.target, "<=": now <= rule.target, "==": now == rule.target}
    if met[rule.expect]:
        return None
    words["target"] = _phrase(rule.target, ind)
    return words


def _reason(rule: Rule, fig: Figure, ind: Indicator, words: dict[str, str]) -> str:
    if rule.expect == "not_worse":
        return f"{ind.name}{words['value']}，上年{words['previous']}，{words['change']}"
    partial = "（按已报送数据计算）" if fig.status != "ok" else ""
    return f"{ind.name}{words['value']}{partial}，{_EXPECT_WORDS[rule.expect]}{words['target']}"


def _phrase(value: Decimal, ind: Indicator, approx: str = "") -> str:
    return phrase_figure(value, ind.kind, ind.unit, ind.precision, approx).text
