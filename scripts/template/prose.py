"""The template's fixed text: opening, the areas of part 一 with their figures, leads and tasks."""

from __future__ import annotations

from dataclasses import dataclass


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
