"""The city template's fixed text: the same parts as a district's, said of the whole city and its 县区."""

from __future__ import annotations

from .prose import Area, Task

OPENING = (
    "{{ year }}年，市政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "统筹指导各县区落实法治政府建设各项任务，以考评督导促落实、以示范创建促提升，"
    "全市法治政府建设整体水平稳步提高。现将主要情况报告如下："
)
ANNEX_NOTES = (
    "本附件由程序根据各县区报送的数据包汇总生成，供审核参考，定稿时删除；"
    "各县区的数值、版本和来源单元格见同目录“数据附表.xlsx”和草稿旁的 .figures.json 文件。",
)
AREAS: tuple[Area, ...] = (
    Area(
        key="leadership",
        heading="加强统筹协调，压实各县区法治建设责任",
        optional=True,
    ),
    Area(
        key="functions",
        heading="推动政府职能转变，提升全市政务服务水平",
        items=(
            "推进政务服务标准化。全市纳入“一网通办”的业务事项达到[zwfw.online_items]，"
            "其中四星级事项[zwfw.four_star_items]，占[zwfw.four_star_share]。"
            "各县区累计建成乡镇（街道）便民服务中心[zwfw.town_centers]、"
            "村（社区）便民服务站[zwfw.village_stations]，"
            "上线“一件事”集成服务[zwfw.one_thing_items]。"
            "全市收到政务服务“好差评”评价[zwfw.reviews][zwfw.reviews|change]，好评率为"
            "[zwfw.good_review_rate]；实行告知承诺制的证明事项[zwfw.notification_items]。",
            "创新事中事后监管。各县区开展“双随机、一公开”抽查[scjg.random_checks]，其中跨部门"
            "联合抽查[scjg.joint_checks]，占[scjg.joint_check_share]。依托“信易贷”平台，"
            "全市企业获得信用贷款[xy.credit_loans]，比{{ prev_year }}年[xy.credit_loans_growth]。",
        ),
    ),
    Area(
        key="rules",
        heading="加强制度建设，提高规范性文件质量",
        items=(
            "全市各级政府制发规范性文件[gf.normative_docs]，全部按规定审核备案；"
            "结合清理工作宣布废止[gf.repealed]、修改[gf.amended]。"
            "政府法律顾问全年出具法律意见书[gw.opinions]。",
        ),
    ),
    Area(
        key="service_enforcement",
        heading="深化服务型行政执法，培育示范典型",
        items=(
            "各县区持续推进服务型行政执法建设，截至{{ year }}年底，全市有市级示范点"
            "[fwzf.city_sites]、省级示范点[fwzf.province_sites]。",
        ),
    ),
    Area(
        key="enforcement",
        heading="严格规范公正文明执法",
        items=(
            "全市组织行政执法人员在岗轮训，[zf.trained_officers]执法骨干参加学习，"
            "审核发放行政执法证件[zf.certificates]。",
        ),
    ),
    Area(
        key="oversight",
        heading="强化行政权力制约监督，推进政务公开",
        items=(
            "各级政府办理人大代表建议[jd.npc_suggestions]、政协提案[jd.cppcc_proposals]。"
            "通过政务微博发布信息[gk.weibo_posts]；依法办理政府信息公开申请[gk.requests]，"
            "答复率为[gk.reply_rate]。",
        ),
    ),
    Area(
        key="disputes",
        heading="依法化解矛盾纠纷，完善公共法律服务",
        items=(
            "全市有专职人民调解员[tj.mediators]、人民调解委员会[tj.committees]，全年调处矛盾纠纷"
            "[tj.disputes_mediated][tj.disputes_mediated|change]，调解率为[tj.mediation_rate]，"
            "调处成功率为[tj.success_rate]。办理法律援助案件[fw.legal_aid_cases]，"
            "办理公证业务[fw.notarizations]。",
            "全市收到行政复议申请[fy.applications]，其中受理[fy.accepted]、不予受理[fy.rejected]。"
            "新收行政诉讼案件[ys.new_cases]，已结案件[ys.closed_cases]，其中胜诉[ys.won]、"
            "裁定驳回起诉[ys.dismissed]、败诉[ys.lost]。",
        ),
    ),
    Area(
        key="publicity",
        heading="深化普法宣传教育，推进法治乡村建设",
        items=(
            "全市有全国民主法治示范村[pf.national_villages]，在[pf.villages]行政村培育"
            "“法律明白人”[pf.legal_literates]。",
        ),
    ),
)
PROBLEMS_LEAD = "对照法治政府建设的目标要求，全市工作中还存在一些问题和不足，主要是："
TASKS_LEAD = (
    "{{ next_year }}年，市政府将继续把习近平法治思想贯彻到政府工作全过程，"
    "加强对各县区的统筹指导和督促检查，重点抓好以下工作。"
)
TASKS: tuple[Task, ...] = (
    Task("mechanism", "健全全市法治政府建设推进机制。"),
    Task("decision", "推进重大行政决策规范化。"),
    Task("governance", "提升基层治理法治化水平。"),
    Task("business", "营造法治化营商环境。"),
)
