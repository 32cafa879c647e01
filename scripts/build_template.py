"""Build the default Word template templates_docx/default/report.docx (docxtpl + GB/T 9704 styles).

Run from the project root:  .venv/bin/python scripts/build_template.py [--out PATH]

The template text lives in this file (PARTS below). Figures are written as ``[code]`` (the figure with
its unit word, ``{{r 'code'|fig }}``) and ``[code|change]`` (year-on-year wording,
``{{r 'code'|change('，') }}``); the builder turns them into template tags, puts every Jinja tag in a
run of its own, and checks against catalogue.toml that every reported indicator of a part is used
exactly once in that part. Once the office edits report.docx by hand, that file is the master copy:
do not rebuild it over their edits.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "templates_docx" / "default"
OUT = PROFILE / "report.docx"

# ------------------------------------------------------------------------------------------ fonts
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
BODY_PT = 16
LINE_TWIPS = 579  # 28.95 pt: 22 lines fill the 225 mm type area
FONT_TABLE = (  # name, altName, family, pitch (fontTable fallbacks, format.md §2.8)
    (FANGSONG, "仿宋,FangSong", "modern", "fixed"),
    (KAITI, "楷体,KaiTi", "modern", "fixed"),
    (HEITI, "SimHei", "modern", "fixed"),
    (SONGTI, "SimSun", "auto", "variable"),
    (XIAOBIAOSONG, "方正小标宋_GBK,华文中宋,宋体", "auto", "variable"),
)
# custom style names (python-docx looks styles up by name; the ids are GwTitle, NbChecklist …)
TITLE = "公文标题"
CHECKLIST = "审核清单"
RUNIN = "段内标题"
CANDIDATE = "候选内容"
CONFIRM = "待确认段落"
ANNEX = "附件正文"
ANNEX_TITLE = "附件标题"
ANNEX_TABLE = "附件表格"
ANNEX_PT = 10.5  # 五号
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The catalogue's helper bases: they only feed formulas and never appear in the prose.
HELPER_CODES = frozenset(
    {
        "zwfw.good_reviews",
        "xy.joint_objects",
        "gk.requests_answered",
        "tj.disputes_received",
        "tj.disputes_resolved",
    }
)

# w:pPr children in schema order (new children are inserted before their successors)
PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

NUMBERING_LINE = '{%p do num.style(h1="一、", h2="（一）", h3="1、", runin="一是") %}'


# ------------------------------------------------------------------------------------------ text
@dataclass(frozen=True)
class Area:
    """One （一）…（八） area of part 一: heading, fixed items with figures, then the units' texts."""

    key: str
    heading: str
    items: tuple[str, ...] = ()
    optional: bool = False  # wrapped in {%p if texts.of(key) %} (areas without figures)


@dataclass(frozen=True)
class Task:
    """One （一）…（四） run-in paragraph of part 三, shown only when units wrote texts for it."""

    key: str
    heading: str


OPENING = (
    "{{ year }}年，区政府以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "认真落实上级关于法治政府建设的各项部署，把依法行政贯穿政府工作各环节，围绕全区发展大局持续"
    "推进政府职能转变、制度建设和执法规范化，法治政府建设迈出新的步伐。现将主要情况报告如下："
)

AREAS: tuple[Area, ...] = (
    Area(
        key="leadership",
        heading="坚持以习近平法治思想为引领，统筹推进法治建设",
        optional=True,
    ),
    Area(
        key="functions",
        heading="全面正确履行政府职能，持续提升政务服务水平",
        items=(
            "推进政务服务事项网上办理。全区纳入“一网通办”的业务事项达到[zwfw.online_items]，"
            "其中四星级事项[zwfw.four_star_items]，占事项总数的[zwfw.four_star_share]。"
            "加强行政审批中介服务管理，[zwfw.agency_items]中介服务事项进驻网上中介超市。"
            "基层便民服务体系加快完善，乡镇（街道）便民服务中心[zwfw.town_centers]、"
            "村（社区）便民服务站[zwfw.village_stations]建成并投入使用。"
            "推动“互联网+监管”系统落地应用，覆盖监管主项[scjg.supervision_main_items]，"
            "主项覆盖率为[scjg.supervision_main_rate]，子项覆盖率为[scjg.supervision_sub_rate]。"
            "“双随机、一公开”监管常态化开展，全年确定抽查事项[scjg.random_check_items]，"
            "实施检查[scjg.random_checks]，其中跨部门联合检查[scjg.joint_checks]，"
            "占检查总次数的[scjg.joint_check_share]。",
            "提高政务服务效能。以企业和群众办事需求为导向推行“一件事一次办”，"
            "设立综合受理窗口，梳理上线[zwfw.one_thing_items]“一件事”事项。"
            "对照先进地区[zwfw.benchmark_startup_days]的办结标准压缩办理环节，"
            "全区企业开办时间缩短至[zwfw.startup_days]。拓展网上办、预约办、延时办等服务方式，"
            "推行容缺受理，方便群众就近办、少跑腿。完善普惠金融服务网络，"
            "乡镇金融分支机构和行政村普惠金融服务站覆盖率达到[jr.finance_coverage]。"
            "认真落实政务服务“好差评”制度，全年收到群众评价[zwfw.reviews][zwfw.reviews|change]，"
            "好评率为[zwfw.good_review_rate]。全面推行证明事项告知承诺制，"
            "向社会公布区级实行告知承诺制的证明事项[zwfw.notification_items]。",
            "加快社会信用体系建设。全年举办信用体系建设专题培训[xy.trainings]，"
            "开展诚信教育和宣传活动[xy.integrity_events]，召开社会信用体系建设新闻发布会"
            "[xy.press_conferences]。信用分级分类监管覆盖[xy.graded_departments]部门，"
            "行政许可信用承诺制覆盖[xy.pledge_fields]领域。全年反馈联合奖惩案例[xy.joint_cases]，"
            "占守信激励和失信惩戒对象总数的[xy.joint_case_share]。"
            "依托“信易贷”平台，全区企业获得信用贷款[xy.credit_loans]，"
            "比{{ prev_year }}年[xy.credit_loans_growth]；"
            "拓展“信易+”应用场景[xy.scenarios]，守信便利的社会氛围逐步形成。",
        ),
    ),
    Area(
        key="rules",
        heading="完善依法行政制度体系，提升制度建设质量",
        items=(
            "加强行政规范性文件管理。严格执行合法性审核和备案审查制度，"
            "全年以区政府名义制发规范性文件[gf.normative_docs]，均按规定报送备案。"
            "根据法律法规修改情况和上级部署，开展规范性文件专项清理[gf.special_cleanups]、"
            "全面清理[gf.full_cleanups]，宣布废止[gf.repealed]、修改[gf.amended]，"
            "清理结果及时向社会公布，文件管理实行动态更新。",
            "发挥政府法律顾问作用。围绕重大项目建设、征收安置、招商引资、涉诉事务等工作，"
            "政府法律顾问为区政府提供法律服务[gw.services]，审查合同和涉法性文件[gw.contracts]，"
            "出具法律意见书[gw.opinions]，帮助政府在决策和管理中防范法律风险。",
        ),
    ),
    Area(
        key="service_enforcement",
        heading="推进服务型行政执法建设，发挥示范带动作用",
        items=(
            "完善推进机制。制定年度服务型行政执法建设实施方案，按照执法领域和部门特点分类指导，"
            "规范行政指导、行政调解的程序和文书。把服务型行政执法建设纳入法治政府建设考评，"
            "对工作中的创新做法及时总结推广，并在年度考核中予以体现。",
            "营造创建氛围。利用户外电子屏、宣传栏和新媒体宣传服务型行政执法理念，"
            "组织执法部门开展集中宣传；结合领导干部学法和执法人员培训安排专题辅导，"
            "引导执法人员牢固树立执法为民的理念。",
            "培育示范典型。截至{{ year }}年底，全区有市级服务型行政执法示范点[fwzf.city_sites]、"
            "省级示范点[fwzf.province_sites]、省级服务型行政执法标兵单位[fwzf.province_models]。"
            "组织[fwzf.visiting_departments]区直行政执法部门到示范点和标兵单位观摩交流，"
            "命名表彰优秀执法人员[fwzf.honored_officers]，带动全区服务型行政执法整体水平提升。",
        ),
    ),
    Area(
        key="enforcement",
        heading="规范行政执法行为，提升执法队伍素质",
        items=(
            "落实行政执法责任制。指导各执法部门梳理调整行政执法权责事项，重新公布权责清单和"
            "执法流程图，把执法责任落实到岗位和人员。全面推行行政执法公示、执法全过程记录和"
            "重大执法决定法制审核制度，推动执法程序规范、过程留痕、结果可查。",
            "加强执法人员管理和执法监督。组织行政执法人员在岗轮训，[zf.trained_officers]"
            "执法骨干参加学习；严格执法资格管理，把培训考试结果与证件年审挂钩，"
            "全年审核发放行政执法证件[zf.certificates]。组织开展行政执法监督检查，"
            "重点查找涉企执法中该管不管、执法随意等问题，对发现的问题逐项督促整改。",
        ),
    ),
    Area(
        key="oversight",
        heading="加强行政权力制约监督，深入推进政务公开",
        items=(
            "自觉接受各方面监督。坚持重大事项向区委请示报告，依法接受区人大及其常委会的"
            "监督，主动接受区政协的民主监督。全年办理区人大代表建议[jd.npc_suggestions]、"
            "区政协提案[jd.cppcc_proposals]，办理满意度为[jd.satisfaction_rate]。"
            "认真办理司法建议、检察建议和监察建议，办复率为[jd.judicial_reply_rate]。"
            "加强审计监督，推动公共资金、国有资产和领导干部经济责任审计全覆盖。",
            "深入推进政务公开。落实政务公开各项要求，用好政府网站和新媒体平台。"
            "全年通过政府门户网站主动发布信息[gk.portal_posts]，通过微信公众号发布信息"
            "[gk.wechat_posts]，通过微博发布信息[gk.weibo_posts]，通过其他渠道发布信息"
            "[gk.other_posts]。围绕群众关心的热点问题发布政策解读[gk.interpretations]。"
            "依法办理政府信息公开申请[gk.requests]，答复率为[gk.reply_rate]。",
        ),
    ),
    Area(
        key="disputes",
        heading="多元化解矛盾纠纷，完善公共法律服务",
        items=(
            "健全矛盾纠纷调处机制。践行新时代“枫桥经验”，促进人民调解与行政调解、司法调解"
            "有机衔接。全区有专职人民调解员[tj.mediators]，人民调解委员会[tj.committees]。"
            "区、乡、村三级调解网络不断健全，建成区级“泥土情”调解室[tj.district_rooms]、"
            "乡级“泥土情·五老”调解室[tj.town_rooms]、村级“泥土情·五老”调解室[tj.village_rooms]，"
            "以个人名字命名的“泥土情”调解室[tj.named_rooms]，聘请“五老”人员[tj.elders]参与调解。"
            "全年调处各类矛盾纠纷[tj.disputes_mediated][tj.disputes_mediated|change]，"
            "调解率为[tj.mediation_rate]，调处成功率为[tj.success_rate]；"
            "化解疑难复杂矛盾纠纷[tj.hard_cases]，防止群体性上访事件[tj.petitions_prevented]、"
            "涉及[tj.petition_people]，调处纠纷涉及金额[tj.amount]。",
            "完善公共法律服务体系。全区[fw.village_studios]村（居）建有公共法律服务工作室，"
            "[fw.lawyers]律师和[fw.legal_workers]法律服务工作者受聘担任村（居）法律顾问，"
            "定期到村（居）开展法律咨询和服务。全年为困难群众办理法律援助案件"
            "[fw.legal_aid_cases][fw.legal_aid_cases|change]，其中办理农民工讨薪法律援助"
            "[fw.wage_cases]，涉及维权金额[fw.wage_amount]。公证机构为征收拆迁、棚户区改造等"
            "工作提供证据保全服务，全年办理各类公证业务[fw.notarizations]。",
            "规范行政复议和行政应诉工作。细化复议应诉案件办理流程，提高办案质量。"
            "全年区政府收到行政复议申请[fy.applications]，其中受理[fy.accepted]、"
            "不予受理[fy.rejected]；审结[fy.concluded]，当事人撤回申请[fy.withdrawn]；"
            "维持原具体行政行为[fy.upheld]，撤销[fy.revoked]。全年收到行政诉讼案件"
            "[ys.new_cases]，上期结转[ys.carried_cases]；已结案件[ys.closed_cases]，"
            "其中胜诉[ys.won]、裁定驳回起诉[ys.dismissed]、败诉[ys.lost]。"
            "行政机关负责人出庭应诉率为[ys.appearance_rate]。定期通报败诉案件和负责人出庭应诉情况，"
            "督促行政机关依法行政。",
        ),
    ),
    Area(
        key="publicity",
        heading="深化普法宣传教育，推进法治乡村建设",
        items=(
            "抓好重点对象学法用法。落实区政府领导干部年度学法计划，在区政府常务会议上集体学习"
            "与全区重点工作联系紧密的法律法规；把依法行政列入公务员初任培训和日常考核内容。"
            "面向学校、企业和项目一线开展“送法进校园”“送法进企业”等活动，增强普法的针对性。",
            "落实普法责任，推进法治创建。落实“谁执法谁普法”普法责任制，利用宪法宣传周等"
            "重要时间节点集中开展法治宣传。深化民主法治示范创建，全区有全国民主法治示范村"
            "[pf.national_villages]、省级民主法治示范社区[pf.province_communities]、"
            "省级法治乡镇[pf.province_towns]、市级法治乡镇[pf.city_towns]、"
            "市级民主法治村（社区）[pf.city_villages]，在全区[pf.villages]行政村培育"
            "“法律明白人”[pf.legal_literates]。",
        ),
    ),
)

PROBLEMS_LEAD = "对照法治政府建设的目标要求，我区工作中还存在一些问题和不足，主要是："

TASKS_LEAD = (
    "{{ next_year }}年，区政府将把习近平法治思想贯彻到政府工作全过程，认真落实上级关于法治政府建设的"
    "部署要求，坚持问题导向，补短板、强弱项，统筹抓好以下重点工作，为全区高质量发展提供"
    "有力法治保障。"
)

TASKS: tuple[Task, ...] = (
    Task("mechanism", "完善法治政府建设推进机制。"),
    Task("decision", "提高行政决策规范化水平。"),
    Task("governance", "推进基层社会治理法治化。"),
    Task("business", "营造法治化营商环境。"),
)


# ------------------------------------------------------------------------------------------ tags
_FIGURE = re.compile(r"\[([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)(\|change)?\]")
_TAG = re.compile(r"({{.*?}}|{%.*?%})")


@dataclass
class FigureUse:
    """The indicator codes the prose uses, per part, to check them against the catalogue."""

    figs: dict[str, list[str]] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)


def expand(text: str, part: str, uses: FigureUse) -> str:
    """Return `text` with ``[code]`` / ``[code|change]`` turned into docxtpl run tags."""

    def tag(m: re.Match[str]) -> str:
        code, change = m.group(1), m.group(2)
        if change:
            uses.changes.setdefault(part, []).append(code)
            return "{{r '" + code + "'|change('，') }}"
        uses.figs.setdefault(part, []).append(code)
        return "{{r '" + code + "'|fig }}"

    return _FIGURE.sub(tag, text)


def check_figures(uses: FigureUse) -> None:
    """Raise SystemExit unless every reported indicator of each part is used exactly once there."""
    catalogue = tomllib.loads((PROFILE / "catalogue.toml").read_text(encoding="utf-8"))
    expected: dict[str, list[str]] = {}
    for ind in catalogue["indicator"]:
        if ind["code"] not in HELPER_CODES:
            expected.setdefault(ind["part"], []).append(ind["code"])
    problems = []
    for part in sorted(set(expected) | set(uses.figs)):
        want, got = expected.get(part, []), uses.figs.get(part, [])
        if missing := [c for c in want if c not in got]:
            problems.append(f"{part}: 未使用 {missing}")
        if extra := [c for c in got if c not in want]:
            problems.append(f"{part}: 不属于本部分或不在目录中 {extra}")
        if twice := sorted({c for c in got if got.count(c) > 1}):
            problems.append(f"{part}: 重复使用 {twice}")
    for part, codes in uses.changes.items():
        if stray := [c for c in codes if c not in uses.figs.get(part, [])]:
            problems.append(f"{part}: change 所指指标未在本部分出现 {stray}")
    if problems:
        raise SystemExit("模板指标与 catalogue.toml 不一致：\n  " + "\n  ".join(problems))


# ------------------------------------------------------------------------------------------ xml
def set_fonts(rpr: etree._Element, east_asia: str, latin: str | None = None) -> None:
    """Set all four rFonts slots (drop theme attributes, which would override the names)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    latin = latin or east_asia
    for attr, value in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:eastAsia", east_asia),
        ("w:cs", latin),
    ):
        rfonts.set(qn(attr), value)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(rpr: etree._Element, twips: int) -> None:
    """Set character spacing (w:spacing/@w:val, in twips) in a run or style rPr."""
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(twips))
    rpr.insert_element_before(
        sp,
        *(
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ),
    )


def set_lang(rpr: etree._Element) -> None:
    """Mark East Asian text as Chinese and Western text (digits, %, Latin) as English, as Word does.

    With the Western slot also zh-CN, LibreOffice breaks lines inside numbers (“612 / 8起”, “99.98 / %”).
    """
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_ppr_child(ppr: etree._Element, tag: str, attrs: dict[str, str]) -> etree._Element:
    """Replace (or add) a simple pPr child element such as w:ind, w:snapToGrid or w:outlineLvl."""
    for old in ppr.findall(qn(tag)):
        ppr.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key), value)
    after = PPR_ORDER[PPR_ORDER.index(tag) + 1 :]
    ppr.insert_element_before(el, *after)
    return el


def set_first_line(ppr: etree._Element, chars: int, font_pt: int = BODY_PT) -> None:
    """Set a first-line indent in characters, with the absolute twips as a fallback."""
    set_ppr_child(
        ppr,
        "w:ind",
        {"w:firstLineChars": str(chars * 100), "w:firstLine": str(chars * font_pt * 20)},
    )


def set_size(style: BaseStyle, pt: float) -> None:
    """Set the font size of a style in both slots (w:sz and the complex-script w:szCs)."""
    style.font.size = Pt(pt)  # type: ignore[attr-defined]
    rpr = style.element.get_or_add_rPr()
    sz = rpr.find(qn("w:sz"))
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), sz.get(qn("w:val")))
    sz.addnext(szcs)


def strip_rpr(rpr: etree._Element, *tags: str) -> None:
    """Remove the given children (colour, bold, italic …) from an rPr."""
    for tag in tags:
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)


def exact_lines(
    style: BaseStyle, align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY
) -> None:
    """Exact 28.95 pt line spacing, no space before/after, the given alignment."""
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Twips(LINE_TWIPS)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if align is not None:
        pf.alignment = align


# ------------------------------------------------------------------------------------------ styles
def setup_defaults(doc: DocxDocument) -> None:
    """docDefaults without theme fonts or 10 pt paragraph spacing; Chinese theme language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        for el in rpr.findall(qn(tag)):
            el.set(qn("w:val"), str(BODY_PT * 2))
    set_lang(rpr)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        ppr = ppr_default.find(qn("w:pPr"))
        for sp in ppr.findall(qn("w:spacing")):
            ppr.remove(sp)
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:val"), "en-US")
        tfl.set(qn("w:eastAsia"), "zh-CN")


def setup_normal(doc: DocxDocument) -> None:
    """Normal: 3号仿宋, justified, exact 579 twips, 2-character first-line indent, −0.25 pt."""
    normal = doc.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr, FANGSONG)
    set_size(normal, BODY_PT)
    set_char_spacing(rpr, -5)
    set_lang(rpr)
    exact_lines(normal)
    set_first_line(normal.element.get_or_add_pPr(), 2)


def setup_headings(doc: DocxDocument) -> None:
    """Heading 1 黑体, Heading 2 楷体, Heading 3–4 仿宋: 3号, not bold, black, body indent."""
    fonts = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
    for level, font in fonts.items():
        style = doc.styles[f"Heading {level}"]
        rpr = style.element.get_or_add_rPr()
        strip_rpr(rpr, "w:color", "w:i", "w:iCs", "w:b", "w:bCs")
        set_fonts(rpr, font)
        set_size(style, BODY_PT)
        style.font.bold = False
        exact_lines(style)
        pf = style.paragraph_format
        pf.keep_with_next = True
        pf.keep_together = True
        ppr = style.element.get_or_add_pPr()
        set_first_line(ppr, 2)
        set_ppr_child(ppr, "w:outlineLvl", {"w:val": str(level - 1)})
        # the linked character style (used when a heading style is applied to part of a paragraph)
        linked = doc.styles[f"Heading {level} Char"]
        lrpr = linked.element.get_or_add_rPr()
        strip_rpr(lrpr, "w:color", "w:i", "w:iCs", "w:b", "w:bCs")
        set_fonts(lrpr, font)
        set_size(linked, BODY_PT)


def setup_custom_styles(doc: DocxDocument) -> None:
    """GwTitle, NbChecklist (paragraph); NbMissing, NbSource, GwRunInHeading (character)."""
    styles = doc.styles

    title = styles.add_style(TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.style_id = "GwTitle"
    title.base_style = styles["Normal"]
    title.next_paragraph_style = styles["Normal"]
    title.quick_style = True
    trpr = title.element.get_or_add_rPr()
    set_fonts(trpr, XIAOBIAOSONG)
    set_size(title, 22)
    title.font.bold = False
    set_char_spacing(trpr, 0)
    exact_lines(title, WD_ALIGN_PARAGRAPH.CENTER)
    tppr = title.element.get_or_add_pPr()
    set_ppr_child(tppr, "w:snapToGrid", {"w:val": "0"})
    set_ppr_child(tppr, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})

    checklist = styles.add_style(CHECKLIST, WD_STYLE_TYPE.PARAGRAPH)
    checklist.style_id = "NbChecklist"
    checklist.base_style = styles["Normal"]
    checklist.quick_style = True
    crpr = checklist.element.get_or_add_rPr()
    set_fonts(crpr, FANGSONG)
    set_size(checklist, 14)
    set_char_spacing(crpr, 0)
    set_ppr_child(
        checklist.element.get_or_add_pPr(), "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"}
    )

    missing = styles.add_style("待补充标记", WD_STYLE_TYPE.CHARACTER)
    missing.style_id = "NbMissing"
    missing.font.bold = True

    source = styles.add_style("来源标注", WD_STYLE_TYPE.CHARACTER)
    source.style_id = "NbSource"
    srpr = source.element.get_or_add_rPr()
    set_fonts(srpr, FANGSONG)
    set_size(source, 14)
    source.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    set_char_spacing(srpr, 0)

    runin = styles.add_style(RUNIN, WD_STYLE_TYPE.CHARACTER)
    runin.style_id = "GwRunInHeading"
    set_fonts(runin.element.get_or_add_rPr(), KAITI)

    candidate = styles.add_style(CANDIDATE, WD_STYLE_TYPE.CHARACTER)
    candidate.style_id = "NbCandidate"  # generated by a rule; render adds the yellow highlight
    set_fonts(candidate.element.get_or_add_rPr(), FANGSONG)

    # carried-over narrative: shaded until a reviewer gives the paragraph the 正文 style
    confirm = styles.add_style(CONFIRM, WD_STYLE_TYPE.PARAGRAPH)
    confirm.style_id = "NbConfirm"
    confirm.base_style = styles["Normal"]
    confirm.next_paragraph_style = styles["Normal"]
    confirm.quick_style = True
    set_ppr_child(
        confirm.element.get_or_add_pPr(),
        "w:shd",
        {"w:val": "clear", "w:color": "auto", "w:fill": "FFF2CC"},
    )
    setup_annex_styles(doc)


def setup_annex_styles(doc: DocxDocument) -> None:
    """NbAnnex, NbAnnexTitle (paragraph) and NbAnnexTable (table): the annex finalize removes."""
    styles = doc.styles
    annex = styles.add_style(ANNEX, WD_STYLE_TYPE.PARAGRAPH)
    annex.style_id = "NbAnnex"
    annex.base_style = styles["Normal"]
    arpr = annex.element.get_or_add_rPr()
    set_fonts(arpr, FANGSONG)
    set_size(annex, ANNEX_PT)
    set_char_spacing(arpr, 0)
    pf = annex.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    appr = annex.element.get_or_add_pPr()
    set_ppr_child(appr, "w:snapToGrid", {"w:val": "0"})
    set_ppr_child(appr, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})

    title = styles.add_style(ANNEX_TITLE, WD_STYLE_TYPE.PARAGRAPH)
    title.style_id = "NbAnnexTitle"
    title.base_style = styles["Normal"]
    title.next_paragraph_style = annex
    set_fonts(title.element.get_or_add_rPr(), HEITI)
    title.paragraph_format.page_break_before = True
    set_ppr_child(
        title.element.get_or_add_pPr(), "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"}
    )

    table = styles.add_style(ANNEX_TABLE, WD_STYLE_TYPE.TABLE)
    table.style_id = "NbAnnexTable"
    table.base_style = styles["Table Grid"]


def setup_footer_style(doc: DocxDocument) -> None:
    """Footer: 4号宋体, single spacing, no grid, no indent, no Letter-size tab stops."""
    footer = doc.styles["Footer"]
    ppr = footer.element.get_or_add_pPr()
    for tabs in ppr.findall(qn("w:tabs")):
        ppr.remove(tabs)
    pf = footer.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    set_ppr_child(ppr, "w:snapToGrid", {"w:val": "0"})
    set_ppr_child(ppr, "w:ind", {"w:firstLineChars": "0", "w:firstLine": "0"})
    rpr = footer.element.get_or_add_rPr()
    set_fonts(rpr, SONGTI)
    set_size(footer, 14)
    set_char_spacing(rpr, 0)


def setup_font_table(doc: DocxDocument) -> None:
    """Add altName fallbacks for the 公文 fonts to word/fontTable.xml."""
    part = next(
        p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    root = etree.fromstring(part.blob)
    for name, alt, family, pitch in FONT_TABLE:
        for old in root.findall(f"{{{W_NS}}}font"):
            if old.get(f"{{{W_NS}}}name") == name:
                root.remove(old)
        font = etree.SubElement(root, f"{{{W_NS}}}font")
        font.set(f"{{{W_NS}}}name", name)
        for tag, value in (
            ("altName", alt),
            ("charset", "86"),
            ("family", family),
            ("pitch", pitch),
        ):
            etree.SubElement(font, f"{{{W_NS}}}{tag}").set(f"{{{W_NS}}}val", value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ------------------------------------------------------------------------------------------ page
def setup_page(doc: DocxDocument) -> None:
    """A4, GB/T 9704 margins, line grid 579 twips, odd/even page-number footers."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        par = footer.paragraphs[0]
        par.style = doc.styles["Footer"]
        pf = par.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        ind = {"w:firstLineChars": "0", "w:firstLine": "0"}
        ind["w:right" if odd else "w:left"] = str(14 * 20)
        set_ppr_child(par._p.get_or_add_pPr(), "w:ind", ind)
        add_page_number(par)


def add_page_number(par: Paragraph) -> None:
    """Write "— PAGE —" as a complete field, each field part in its own 宋体 4号 run."""

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None) -> None:
        r = par.add_run(text) if text else par.add_run()
        rpr = r._r.get_or_add_rPr()
        set_fonts(rpr, SONGTI)
        r.font.size = Pt(14)
        if fld:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


# ------------------------------------------------------------------------------------------ body
class Body:
    """Appends template paragraphs, one run per piece of text and one run per Jinja tag."""

    def __init__(self, doc: DocxDocument, uses: FigureUse) -> None:
        self.doc = doc
        self.uses = uses

    def para(self, text: str, style: str = "Normal", part: str = "") -> Paragraph:
        p = self.doc.add_paragraph(style=self.doc.styles[style])
        self.runs(p, expand(text, part, self.uses))
        return p

    def runs(self, p: Paragraph, text: str, char_style: str | None = None) -> None:
        for piece in _TAG.split(text):
            if piece:
                run = p.add_run(piece)
                if char_style:
                    run.style = self.doc.styles[char_style]

    def control(self, tag: str) -> None:
        """A {%p …%} tag alone in its paragraph (docxtpl removes the paragraph)."""
        if not (tag.startswith("{%p ") and tag.endswith(" %}")):
            raise ValueError(tag)
        self.para(tag)

    def texts_loop(self, key: str) -> None:
        self.control(f"{{%p for t in texts.of('{key}') %}}")
        self.para("{{ num.h3() }}{{ t.text }}{{r t|source }}")
        self.control("{%p endfor %}")


def build_body(doc: DocxDocument, uses: FigureUse) -> None:
    """Write the whole template text."""
    body = Body(doc, uses)
    body.control(NUMBERING_LINE)
    body.para("{{ issuer }}", TITLE)
    body.para("{{ title }}", TITLE)
    body.para("")
    body.para(OPENING)

    # 一、成效
    body.para("{{ num.h1() }}{{ year }}年法治政府建设主要做法和成效", "Heading 1")
    for area in AREAS:
        if area.optional:
            body.control(f"{{%p if texts.of('{area.key}') %}}")
        body.para("{{ num.h2() }}" + area.heading, "Heading 2")
        for item in area.items:
            body.para("{{ num.h3() }}" + item, CONFIRM, part=area.key)
        body.texts_loop(area.key)
        if area.optional:
            body.control("{%p endif %}")

    # 二、问题（单位报送的问题，之后是规则生成的候选问题）
    body.control("{%p if texts.of('problems') or candidates.problems %}")
    body.para("{{ num.h1() }}存在的问题和不足", "Heading 1")
    body.para(
        PROBLEMS_LEAD
        + "{% for t in texts.of('problems') %}{{ num.runin() }}{{ t.text }}"
        + "{{r t|source }}{% endfor %}"
        + "{% for c in candidates.problems %}{{ num.runin() }}{{r c|candidate }}{% endfor %}"
    )
    body.control("{%p endif %}")

    # 三、任务
    body.para("{{ num.h1() }}{{ next_year }}年法治政府建设主要任务", "Heading 1")
    body.para(TASKS_LEAD)
    for task in TASKS:
        cands = f"candidates.tasks_for('{task.key}')"
        body.control(f"{{%p if texts.of('{task.key}') or {cands} %}}")
        p = doc.add_paragraph(style=doc.styles["Normal"])
        body.runs(p, "{{ num.h2() }}" + task.heading, char_style=RUNIN)
        body.runs(
            p,
            f"{{% for t in texts.of('{task.key}') %}}{{{{ t.text }}}}{{{{r t|source }}}}{{% endfor %}}"
            + f"{{% for c in {cands} %}}{{{{r c|candidate }}}}{{% endfor %}}",
        )
        body.control("{%p endif %}")

    build_annex(doc, body)

    # 审核清单（finalize 删除）
    body.control("{%p if checklist %}")
    body.para("附：审核清单（定稿时删除）", CHECKLIST)
    body.control("{%p for item in checklist %}")
    body.para("{{ loop.index }}. {{ item }}", CHECKLIST)
    body.control("{%p endfor %}")
    body.control("{%p endif %}")


ANNEX_NOTE = (
    "本附件由程序根据各单位报表汇总生成，供审核参考，定稿时删除；"
    "完整数据（含来源单位）见同目录“数据附表.xlsx”。"
)
ANNEX_COLUMNS = (  # header, cell tag, width (mm); 156 mm type area
    ("序号", "{{ loop.index }}", 10),
    ("指标", "{{ r.name }}", 48),
    ("{{ year }}年", "{{ r.now_text }}", 23),
    ("{{ prev_year }}年", "{{ r.before_text }}", 23),
    ("同比", "{{ r.change }}", 34),
    ("状态", "{{ r.status }}", 18),
)


def build_annex(doc: DocxDocument, body: Body) -> None:
    """附件：主要数据表 (a row per indicator) and the charts, in NbAnnex styles (finalize removes)."""
    body.control("{%p if annex %}")
    body.para("附件：主要数据表", ANNEX_TITLE)
    body.para(ANNEX_NOTE, ANNEX)
    table = doc.add_table(rows=4, cols=len(ANNEX_COLUMNS))
    table.style = doc.styles[ANNEX_TABLE]
    add_table_borders(table._tbl)
    table.autofit = False
    for column, (_, _, width) in zip(table.columns, ANNEX_COLUMNS, strict=True):
        column.width = Mm(width)  # w:gridCol, which LibreOffice uses
    rows = (
        [h for h, _, _ in ANNEX_COLUMNS],
        ["{%tr for r in annex %}"] + [""] * (len(ANNEX_COLUMNS) - 1),
        [tag for _, tag, _ in ANNEX_COLUMNS],
        ["{%tr endfor %}"] + [""] * (len(ANNEX_COLUMNS) - 1),
    )
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text, (_, _, width) in zip(row.cells, texts, ANNEX_COLUMNS, strict=True):
            cell.width = Mm(width)
            par = cell.paragraphs[0]
            par.style = doc.styles[ANNEX]
            body.runs(par, text)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
    body.control("{%p for c in charts %}")
    for text in ("{{ c.image }}", "{{ c.title }}"):
        body.para(text, ANNEX).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.control("{%p endfor %}")
    body.control("{%p endif %}")


def add_table_borders(tbl: etree._Element) -> None:
    """Single 0.5 pt borders set on the table itself (LibreOffice ignores inherited table styles)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "auto"),
        ):
            el.set(qn(key), value)
        borders.append(el)
    tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def build(out: Path) -> None:
    """Build the template and save it to `out`."""
    doc = Document()
    body = doc.element.body
    for p in body.findall(qn("w:p")):  # python-docx's default template: drop any stray paragraph
        body.remove(p)
    setup_defaults(doc)
    setup_normal(doc)
    setup_headings(doc)
    setup_custom_styles(doc)
    setup_footer_style(doc)
    setup_font_table(doc)
    setup_page(doc)
    uses = FigureUse()
    build_body(doc, uses)
    check_figures(uses)
    props = doc.core_properties
    props.title = "法治政府建设年度报告模板"
    props.author = "nianbao"
    props.comments = "由 scripts/build_template.py 生成；标签说明见同目录 README.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    n_figs = sum(len(v) for v in uses.figs.values())
    n_changes = sum(len(v) for v in uses.changes.values())
    print(f"已生成 {out}（数字标签 {n_figs} 个，同比标签 {n_changes} 个）")


def main() -> None:
    parser = argparse.ArgumentParser(description="生成 default 配置的 Word 报告模板 report.docx")
    parser.add_argument("--out", type=Path, default=OUT, help=f"输出路径（默认 {OUT}）")
    args = parser.parse_args()
    build(args.out)


if __name__ == "__main__":
    main()
