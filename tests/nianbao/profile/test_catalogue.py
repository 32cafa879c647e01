"""The default profile's catalogue and roster load, and malformed edits are refused in Chinese."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.core.errors import CatalogueError
from nianbao.profile.catalogue import Catalogue
from nianbao.profile.loading import build_catalogue, load_catalogue

from ...conftest import PROFILE, edited_profile


def test_default_profile_has_the_reference_indicators_and_roster(catalogue: Catalogue) -> None:
    """103 indicators (98 report figures and 5 bases), 7 departments and 23 乡镇（街道）."""
    assert len(catalogue.indicators) == 103
    groups = [u.group for u in catalogue.units]
    assert (groups.count("department"), groups.count("town")) == (7, 23)
    assert catalogue.profile.title_for(2021) == "关于2021年度法治政府建设工作的报告"


def test_every_unit_reports_something_and_towns_report_alike(catalogue: Catalogue) -> None:
    """Each roster unit has indicators to report; all towns share one list."""
    assert all(catalogue.codes_for(u.id) for u in catalogue.units)
    town_lists = {catalogue.codes_for(u.id) for u in catalogue.units if u.group == "town"}
    assert len(town_lists) == 1


@pytest.mark.parametrize(
    ("profile", "words"),
    [("default", ("单位", "报表")), ("city", ("县区", "数据包"))],
)
def test_a_profile_names_who_reports_and_what_they_hand_in(
    profile: str, words: tuple[str, str]
) -> None:
    """A district's profile leaves the words out (单位, 报表); the city's says 县区 and 数据包."""
    cat = load_catalogue(PROFILE.parent / profile)
    assert (cat.profile.reporter_word, cat.profile.submission_word) == words


PROBLEMS_PART = '[[part]]\nkey = "problems"\nsection = "problems"\nname = "存在的问题和不足"\n'
APPLICATIONS = 'formula = "fy.accepted + fy.rejected"'
WAGE_AMOUNT = 'unit = "万元"\nkind = "amount"\napprox = "余"'
COVERAGE = 'precision = 0\npart = "functions"\nreporters = ["jrj"]'

# One edit of the shipped catalogue.toml (or roster.toml) → where the problem is, and what it says.
BROKEN = [
    ("cycle", APPLICATIONS, 'formula = "fy.accepted + fy.applications"',
     "[[indicator]] fy.applications 的 formula", "公式循环引用（fy.applications → fy.applications）"),
    ("amount-unit", WAGE_AMOUNT, WAGE_AMOUNT.replace("万元", "元"),
     "[[indicator]] fw.wage_amount 的 unit", "单位须为“万元”，不能是“元”"),
    ("no-problems-part", PROBLEMS_PART, "",
     "[[part]]", 'section = "problems" 的报告部分'),
    ("unknown-reference", "100 * zwfw.four_star_items", "100 * zwfw.nothing",
     "[[indicator]] zwfw.four_star_share 的 formula", "不存在的指标“zwfw.nothing”"),
    ("unknown-whole", 'not_above = "zwfw.reviews"', 'not_above = "zwfw.review"',
     "[[indicator]] zwfw.good_reviews 的 not_above", "“zwfw.review”不在 [[indicator]] 中"),
    ("precision-text", COVERAGE, COVERAGE.replace("0", '"0"'),
     "[[indicator]] jr.finance_coverage 的 precision", "应为整数"),
    ("precision-negative", COVERAGE, COVERAGE.replace("0", "-1"),
     "[[indicator]] jr.finance_coverage 的 precision", "不能小于 0"),
    ("duplicate-code", 'code = "xy.scenarios"', 'code = "xy.trainings"',
     "[[indicator]] xy.trainings", "指标编码重复（共2处）"),
    ("code-format", 'code = "xy.scenarios"', 'code = "XY-scenarios"',
     "[[indicator]] XY-scenarios 的 code", "须为“领域.名称”形式"),
    ("kind", 'kind = "count"', 'kind = "counts"',
     "[[indicator]] zwfw.online_items 的 kind", '只能是 "count"、"amount"、"percent"、"days"'),
    ("approx", 'approx = "余"', 'approx = "约"',
     "[[indicator]] gw.services 的 approx", '只能是 ""、"余"、"多"、"以上"'),
    ("formula-call", APPLICATIONS, 'formula = "max(fy.accepted, fy.rejected)"',
     "[[indicator]] fy.applications 的 formula", "不支持的写法"),
    ("formula-syntax", APPLICATIONS, 'formula = "fy.accepted +"',
     "[[indicator]] fy.applications 的 formula", "不是有效的算式"),
    ("growth-formula", 'formula = "xy.credit_loans"', 'formula = "xy.credit_loans * 2"',
     "[[indicator]] xy.credit_loans_growth 的 formula", "只能写一个被比较的指标编码"),
    ("formula-missing", 'formula = "100 * gk.requests_answered / gk.requests"\n', "",
     "[[indicator]] gk.reply_rate 的 formula", "缺少公式"),
    ("formula-on-typed", 'reporters = ["gzc"]', 'reporters = ["gzc"]\nformula = "fw.lawyers"',
     "[[indicator]] fw.notarizations 的 formula", "不用公式"),
    ("reporter", 'reporters = ["gzc"]', 'reporters = ["nobody"]',
     "[[indicator]] fw.notarizations 的 reporters", "“nobody”不是名册中的单位代码或分组"),
    ("reporters-text", 'reporters = ["gzc"]', 'reporters = "gzc"',
     "[[indicator]] fw.notarizations 的 reporters", "应为列表"),
    ("single-many", COVERAGE, COVERAGE.replace("jrj", "town"),
     "[[indicator]] jr.finance_coverage 的 reporters", "single，但按名册有23个填报单位"),
    ("part", 'part = "functions"', 'part = "nowhere"',
     "[[indicator]] zwfw.online_items 的 part", "“nowhere”不在 [[part]] 中"),
    ("name-missing", 'name = "“一网通办”业务事项数"\n', "",
     "[[indicator]] zwfw.online_items 的 name", "缺少必填项"),
    ("key-typo", 'not_above = "zwfw.reviews"', 'not_abov = "zwfw.reviews"',
     "[[indicator]] zwfw.good_reviews 的 not_abov", "不是可用的字段，是否应为 not_above？"),
    ("bool-text", "higher_is_better = false", 'higher_is_better = "否"',
     "[[indicator]] zwfw.startup_days 的 higher_is_better", "应为 true 或 false"),
    ("band-zero", "band = 100 ", "band = 0 ", "[[indicator]] gf.repealed 的 band", "须大于 0"),
    ("band-text", "band = 100 ", 'band = "宽" ', "[[indicator]] gf.repealed 的 band", "应为数字"),
    ("section", 'section = "problems"', 'section = "problem"',
     "[[part]] problems 的 section", '只能是 "achievements"、"problems"、"tasks"'),
    ("part-name-twice", 'name = "健全依法行政制度体系"', 'name = "依法全面履行政府职能"',
     "[[part]] 依法全面履行政府职能", "报告部分名称重复"),
    ("title", 'title = "关于{year}', 'title = "关于{年度}',
     "[profile] 的 title", "花括号只能用于 {year}"),
    ("deadline", 'deadline = "03-31"', 'deadline = "02-30"',
     "[profile] 的 deadline", "应为“月-日”"),
    ("contact-missing", 'contact = "区司法局（依法治区办）法治督察科"\n', "",
     "[profile] 的 contact", "缺少必填项"),
    ("table-typo", "\n[trend]\n", "\n[trends]\n", "catalogue.toml [trends]", "不是可用的表"),
    ("chart-empty", 'indicators = ["zwfw.reviews", "zwfw.good_reviews"]', "indicators = []",
     "[[chart]] “好差评”群众评价数 的 indicators", "不能为空"),
    ("unit-twice", 'id = "youhe"', 'id = "yanghe"', "roster.toml [[unit]] yanghe", "单位代码重复"),
    ("unit-group", 'group = "department"', "group = 1",
     "roster.toml [[unit]] zwfw 的 group", "应为文字"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "place", "problem"),
    [pytest.param(*row[1:], id=row[0]) for row in BROKEN],
)
def test_a_broken_catalogue_is_refused_naming_table_and_key(
    tmp_path: Path, old: str, new: str, place: str, problem: str
) -> None:
    """One edit of the office gives one located Chinese problem, never a traceback."""
    file = "roster.toml" if place.startswith("roster.toml") else "catalogue.toml"
    with pytest.raises(CatalogueError) as refused:
        load_catalogue(edited_profile(tmp_path, old, new, file))
    assert len(refused.value.problems) == 1, refused.value.problems
    found = refused.value.problems[0]
    assert found.startswith((place if place.startswith(file) else f"{file} {place}") + "：")
    assert problem in found
    assert "\n" not in str(refused.value)


def test_all_problems_of_a_catalogue_are_reported_at_once(tmp_path: Path) -> None:
    """A formula cycle, an amount not in 万元 and no problems part: three problems in one error."""
    edited_profile(tmp_path, APPLICATIONS, 'formula = "fy.accepted + fy.applications"')
    edited_profile(tmp_path, WAGE_AMOUNT, WAGE_AMOUNT.replace("万元", "元"))
    with pytest.raises(CatalogueError) as refused:
        load_catalogue(edited_profile(tmp_path, PROBLEMS_PART, ""))
    assert [p.split("：")[0] for p in refused.value.problems] == [
        "catalogue.toml [[part]]",
        "catalogue.toml [[indicator]] fw.wage_amount 的 unit",
        "catalogue.toml [[indicator]] fy.applications 的 formula",
    ]
    assert "有3处错误" in str(refused.value)


@pytest.mark.parametrize(
    "profile", sorted((PROFILE.parent).glob("*/catalogue.toml")), ids=lambda p: p.parent.name
)
def test_shipped_catalogues_load_clean(profile: Path) -> None:
    """Every profile shipped under templates_docx/ loads without a problem."""
    assert load_catalogue(profile.parent).indicators


def test_missing_profile_file_is_named(tmp_path: Path) -> None:
    """A profile folder without catalogue.toml is reported with the path it looked for."""
    with pytest.raises(CatalogueError, match="找不到配置文件"):
        load_catalogue(tmp_path)


SHIPPED = (
    tomllib.loads((PROFILE / "catalogue.toml").read_text(encoding="utf-8")),
    tomllib.loads((PROFILE / "roster.toml").read_text(encoding="utf-8")),
)
TABLES = ("profile", "part", "indicator", "rule", "chart", "trend", "unit")
TOML_VALUES = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["zwfw.online_items", "town", "problems", "万元", "formula", "{year}", "1 /"]),
    st.integers(-2, 200),
    st.floats(),
    st.booleans(),
    st.lists(st.sampled_from(["zwfw", "town", "nobody", "zwfw.reviews", ""]), max_size=3),
    st.dictionaries(st.sampled_from(["key", "code", "id"]), st.text(max_size=3), max_size=1),
)


@given(data=st.data())
@settings(max_examples=150, deadline=None)
def test_any_edit_gives_a_catalogue_or_a_located_catalogue_error(data: st.DataObject) -> None:
    """Up to three arbitrary edits of the shipped data: never a traceback, always located problems."""
    files = copy.deepcopy(SHIPPED)
    for _ in range(data.draw(st.integers(1, 3))):
        table = data.draw(st.sampled_from(TABLES))
        top = files[1] if table == "unit" else files[0]
        if data.draw(st.integers(0, 9)) == 0:  # now and then a whole table
            top[table] = data.draw(TOML_VALUES)
            continue
        entry = top.setdefault(table, {})
        if isinstance(entry, list) and entry:
            entry = entry[data.draw(st.integers(0, len(entry) - 1))]
        if not isinstance(entry, dict):
            continue
        key = data.draw(st.sampled_from([*entry, "formular"]))
        if data.draw(st.booleans()):
            entry.pop(key, None)
        else:
            entry[key] = data.draw(TOML_VALUES)
    try:
        build_catalogue(PROFILE, *files)
    except CatalogueError as exc:
        problems, message = exc.problems, str(exc)
    else:
        return
    assert problems
    assert all(p.startswith(("catalogue.toml [", "roster.toml [")) for p in problems)
    assert "\n" not in message
