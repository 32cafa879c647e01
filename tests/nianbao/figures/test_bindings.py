"""Binding numbers in prose to indicators: the rules, and precision and recall on hand-labelled texts."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from nianbao.figures.bindings import Binder, names_of
from nianbao.figures.mentions import find_mentions
from nianbao.pipeline import gather
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import load_catalogue

from ...conftest import INPUTS, edited_profile

LABELLED = Path(__file__).resolve().parent.parent.parent / "data" / "mentions_labelled.toml"
# (labelled set, least precision, least recall): precision first, a wrong binding is a false 提醒
FLOORS = [
    ("shipped", 1.0, 1.0),
    ("own", 1.0, 0.9),
    ("holdout", 0.95, 0.7),
    ("final_holdout", 0.95, 0.7),
]
Case = tuple[str | None, str, int, list[list[str]]]  # unit id, text, year, [written, code]


@pytest.fixture(scope="module")
def labelled() -> dict[str, Any]:
    """Return the hand-labelled mentions (tests/data/mentions_labelled.toml)."""
    return tomllib.loads(LABELLED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped_texts(catalogue: Catalogue) -> dict[tuple[int, str, str, str], Any]:
    """Return the units' texts of inputs/2021 and inputs/2022 by (year, file, sheet, cell)."""
    return {
        (year, t.ref.file, t.ref.sheet, t.ref.cell): t
        for year in (2021, 2022)
        for t in gather(INPUTS / str(year), catalogue, year).texts
    }


def _cases(name: str, labelled: dict[str, Any], shipped: dict[Any, Any]) -> list[Case]:
    if name != "shipped":
        return [(c["unit"], c["text"], 2022, c["mentions"]) for c in labelled[name]]
    found = []
    for c in labelled["shipped"]:
        text = shipped[(c["year"], c["file"], c["sheet"], c["cell"])]
        found.append((text.unit_id, text.text, c["year"], c["mentions"]))
    return found


def _score(binder: Binder, cases: Iterable[Case]) -> tuple[int, int, int]:
    """Return (right bindings, wrong bindings, labelled numbers missed or bound wrongly)."""
    right = wrong = missed = 0
    for unit, text, year, gold in cases:
        mentions = find_mentions(text, year)
        for code, (_, want) in zip(binder.bind(mentions, unit), gold, strict=True):
            right += bool(code) and code == want
            wrong += bool(code) and code != want
            missed += bool(want) and code != want
    return right, wrong, missed


def test_every_shipped_text_is_labelled(
    labelled: dict[str, Any], shipped_texts: dict[Any, Any]
) -> None:
    """The labels name exactly the texts of the sample inputs (none forgotten, none stale)."""
    keys = {(c["year"], c["file"], c["sheet"], c["cell"]) for c in labelled["shipped"]}
    assert keys == set(shipped_texts)


@pytest.mark.parametrize("name", [name for name, _, _ in FLOORS])
def test_the_recogniser_finds_exactly_the_labelled_numbers(
    name: str, labelled: dict[str, Any], shipped_texts: dict[Any, Any]
) -> None:
    """Every number written with a unit word is found, as written, and nothing else."""
    for _, text, year, gold in _cases(name, labelled, shipped_texts):
        assert [m.text for m in find_mentions(text, year)] == [w for w, _ in gold], text


@pytest.mark.parametrize(("name", "precision", "recall"), FLOORS)
def test_precision_and_recall_on_labelled_texts(
    name: str,
    precision: float,
    recall: float,
    labelled: dict[str, Any],
    shipped_texts: dict[Any, Any],
    catalogue: Catalogue,
) -> None:
    """Bindings are measured against the hand labels; the figures are printed (pytest -s)."""
    right, wrong, missed = _score(Binder(catalogue), _cases(name, labelled, shipped_texts))
    measured = (right / (right + wrong), right / (right + missed))
    print(f"{name}: precision {right}/{right + wrong} = {measured[0]:.1%}, "
          f"recall {right}/{right + missed} = {measured[1]:.1%}")  # fmt: skip
    assert measured[0] >= precision
    assert measured[1] >= recall


@pytest.mark.parametrize(
    ("unit", "text", "codes"),
    [
        ("wuli", "镇便民服务中心和18个村便民服务站全部建成运行。", ["zwfw.village_stations"]),
        (
            "scjg",
            "全年开展抽查99次，其中多部门联合抽查56次。",
            ["scjg.random_checks", "scjg.joint_checks"],
        ),
        ("changtaiguan", "乡便民服务中心设置综合窗口4个。", [None]),
        ("sfj", "选派41名律师担任村（居）法律顾问。", ["fw.lawyers"]),
        ("wuli", "选派41名律师担任村（居）法律顾问。", [None]),
        ("sfj", "政府法律顾问提供法律服务20余次。", ["gw.services"]),
        ("gzc", "为企业提供法律服务50余次。", [None]),
        ("sfj", "全年调处各类矛盾纠纷6128起。", ["tj.disputes_mediated"]),
        (None, "宣布废止16件。", ["gf.repealed"]),
        ("gzc", "全年办理各类公证3915件，其中涉企公证1200余件。", ["fw.notarizations", None]),
        ("fgw", "企业获得的信用贷款同比增长25.9%。", ["xy.credit_loans_growth"]),
        ("fgw", "全年帮助企业获得信用贷款2900万元。", ["xy.credit_loans"]),
        ("pingzhong", "全年培育“法律明白人”11名。", ["pf.legal_literates"]),
        ("zwfw", "全年收到群众评价107147件。", [None]),
        ("zfb", "全年办理人大建议和政协提案共151件。", [None]),
        ("sfj", "当事人主动撤回行政复议申请3件。", ["fy.withdrawn"]),
        ("pingchangguan", "镇调解委员会全年受理纠纷186起。", ["tj.disputes_received"]),
        ("sfj", "力争行政机关负责人出庭应诉率达到100%。", [None]),
        (None, "全区建成村（社区）便民服务站272个。", ["zwfw.village_stations"]),
        (None, "全区272个村（社区）便民服务站已建成。", ["zwfw.village_stations"]),
        (None, "成功创建1个民主法治先进村。", [None]),
        (None, "全区272个村全部通电。", ["pf.villages"]),
    ],
    ids=[
        "noun-after-the-unit-word",
        "nearest-name-then-longest",
        "name-too-far-before",
        "short-name-of-own-indicator",
        "short-name-of-another-units",
        "own-department-figure",
        "another-departments-figure",
        "district-wide-figure",
        "district-prose-short-name",
        "part-of-a-total",
        "change-states-a-growth-rate",
        "money-in-yuan",
        "ming-counts-people",
        "wrong-unit-word",
        "total-of-two-figures",
        "verb-with-its-noun",
        "words-of-a-name-stand-close",
        "target",
        "place-word-before-the-noun",
        "place-word-with-its-gloss",
        "one-character-name-away-from-the-number",
        "one-character-name-right-after-the-unit-word",
    ],
)
def test_binding_rules(
    unit: str | None, text: str, codes: list[str | None], catalogue: Catalogue
) -> None:
    """One sentence, one rule of nianbao.figures.bindings: what each number is bound to (None: nothing)."""
    assert Binder(catalogue).bind(find_mentions(text, 2022), unit) == codes


def test_names_come_from_the_catalogue_name_and_aliases(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """An alias added to catalogue.toml binds numbers it did not bind before."""
    text = "全年收到办事评价1000条。"
    edited = load_catalogue(
        edited_profile(
            tmp_path,
            'aliases = ["群众评价", "好差评"]',
            'aliases = ["群众评价", "好差评", "办事评价"]',
        )
    )
    assert names_of(edited.indicators["zwfw.reviews"])[-1] == ("办事评价",)
    assert Binder(catalogue).bind(find_mentions(text), "zwfw") == [None]
    assert Binder(edited).bind(find_mentions(text), "zwfw") == ["zwfw.reviews"]
