"""The two kinds of gaps in a draft, named the same in every summary, artifact and command."""

from __future__ import annotations

from collections.abc import Mapping

from nianbao.figures.aggregation import Figure
from nianbao.profile.catalogue import Catalogue

# The 【待补充…】 markers left in the draft's text: finalize refuses while any remains.
PLACES = "待补充处（草稿中的【待补充】）"
# Figures printed in the draft but summed without some units' numbers (【数据不全】 in the checklist).
INCOMPLETE = "数据不全的指标（缺少部分单位）"


def incomplete_figures(figures: Mapping[str, Figure], cat: Catalogue) -> tuple[str, ...]:
    """Return each figure summed without some units, e.g. “人民调解委员会数（缺少：查山乡）”."""
    return tuple(
        f"{cat.indicators[code].name}（{fig.note}）"
        for code, fig in figures.items()
        if fig.status == "partial"
    )
