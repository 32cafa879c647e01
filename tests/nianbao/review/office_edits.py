"""How an office reviews the 2021 draft before publishing it: the edits `office_copy` applies, in order.

A paragraph is named by words it holds (unique in the document at that step). In a rewrite,
`{code}` puts the draft's content control of that figure here (it moves, with its bookmark and
comment), `{code=digits}` types the figure by hand as plain text (full-width digits as some
typists do), and `{~code=digits}` types a year-on-year change of that figure by hand. Item numbers (1、2、…) are set again after all edits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rewrite:
    """The first paragraph named by `keys` gets the text `spec`; the others are merged into it."""

    keys: tuple[str, ...]
    spec: str


@dataclass(frozen=True)
class Delete:
    """The paragraph is taken out (a unit's text the office already folded into the prose)."""

    key: str


@dataclass(frozen=True)
class Move:
    """The paragraph goes right after the paragraph named by `after`."""

    key: str
    after: str


Edit = Rewrite | Delete | Move

EDITS: tuple[Edit, ...] = (
    Rewrite(
        ("现将主要情况报告如下",),
        "2021年，区政府在区委的坚强领导下，坚持用习近平法治思想武装头脑、指导实践，对标上级法治"
        "政府建设部署要求，把依法行政落到政府工作的每个环节，在转变政府职能、完善制度体系、规范执法"
        "行为等方面持续用力，全区法治政府建设取得新成效。现将有关情况报告如下：",
    ),
    # Two items of part one merged into one paragraph.
    Rewrite(
        ("党组理论学习中心组", "专题听取全区法治政府建设情况汇报"),
        "1、区政府把学习习近平法治思想列为党组理论学习中心组和政府常务会议的固定议题，坚持常务会议"
        "会前学法，系统学习了《民法典》《行政处罚法》等法律法规；政府主要负责同志专门听取法治政府"
        "建设工作汇报，审定年度工作要点，将服务型行政执法省级示范项目创建纳入政府重点工作，按月跟踪调度。",
    ),
    Rewrite(
        ("区委依法治区办推动全区23个乡镇",),
        "2、全区23个乡镇（街道）均已成立依法治乡（镇、街）委员会和法治政府建设领导小组，基层法治工作"
        "做到有机构负责、有专人办理、有台账可查。",
    ),
    Rewrite(
        ("（二）全面正确履行政府职能",),
        "（二）全面履行政府职能，持续优化政务服务",
    ),
    Rewrite(
        ("推进政务服务事项网上办理", "进一次门、查多项事"),
        "1、推动政务服务网上可办。纳入“一网通办”平台的业务事项达{zwfw.online_items}项，其中四星级"
        "事项{zwfw.four_star_items}项，四星级事项占比达到{zwfw.four_star_share}%。规范行政审批中介服务，"
        "{zwfw.agency_items}个中介服务事项入驻网上中介超市。基层便民服务网络日趋完善，建成并运行乡镇"
        "（街道）便民服务中心{zwfw.town_centers}个、村（社区）便民服务站{zwfw.village_stations}个。"
        "“互联网+监管”系统深入应用，覆盖监管主项{scjg.supervision_main_items}项，主项覆盖率"
        "{scjg.supervision_main_rate}%，子项覆盖率{scjg.supervision_sub_rate}%。“双随机、一公开”成为"
        "日常监管的基本方式，全年确定抽查事项{scjg.random_check_items}项，开展检查{scjg.random_checks}次，"
        "跨部门联合检查{scjg.joint_checks}次，占全部检查的{scjg.joint_check_share}%，做到“进一次门、"
        "查多项事”。",
    ),
    # Units' texts folded into the prose; the good-review rate retyped by hand in a new sentence.
    Rewrite(
        ("提高政务服务效能", "开设企业开办综合窗口", "金融&产业链"),
        "2、提升政务服务效能。围绕企业和群众办事需求推行“一件事一次办”，梳理上线“一件事”事项"
        "{zwfw.one_thing_items}个。在区政务服务中心开设企业开办综合窗口，营业执照、印章刻制、涉税事项"
        "一次提交、并联办理，企业开办时间压缩至{zwfw.startup_days}个工作日，优于先进地区"
        "{zwfw.benchmark_startup_days}个工作日的水平。拓展网上办、预约办、延时办，推行容缺受理，让群众"
        "就近办、少跑腿。组织银行机构走进园区和乡镇，乡镇金融分支机构和行政村普惠金融服务站覆盖率达到"
        "{jr.finance_coverage}%。全面落实政务服务“好差评”制度，全年收到群众评价{zwfw.reviews}条，"
        "比上年增长{~zwfw.reviews=12.47}%。群众对政务服务的好评率达到{zwfw.good_review_rate=９９．９８}％。"
        "全面推行证明事项告知承诺制，区级实行告知承诺制的证明事项{zwfw.notification_items}项已向社会公布。",
    ),
    Delete("收集群众评价107147条"),
    Rewrite(
        ("加快社会信用体系建设", "搭建银企对接渠道", "联合奖惩案例152例。（"),
        "3、加快社会信用体系建设。全年举办信用体系建设专题培训{xy.trainings}场次，开展诚信教育和宣传"
        "活动{xy.integrity_events}场次，召开社会信用体系建设新闻发布会{xy.press_conferences}次。信用分级"
        "分类监管覆盖{xy.graded_departments}个部门，行政许可信用承诺制覆盖{xy.pledge_fields}个领域。全年"
        "反馈联合奖惩案例{xy.joint_cases}例，占守信激励和失信惩戒对象总数的{xy.joint_case_share}%。依托"
        "“信易贷”平台搭建银企对接渠道，帮助企业获得信用贷款{xy.credit_loans}万元，比2020年增长"
        "{xy.credit_loans_growth}%；新开发“信易+”应用场景{xy.scenarios}个，守信主体在审批、融资等方面"
        "享受更多便利。",
    ),
    # A paragraph moved to another part.
    Move("发挥政府法律顾问作用", after="自觉接受各方面监督"),
    Rewrite(
        ("培育示范典型", "行政执法标兵”评选"),
        "3、培育示范典型。截至2021年底，全区共有市级服务型行政执法示范点{fwzf.city_sites}个、省级示范点"
        "{fwzf.province_sites}个，省级服务型行政执法标兵单位{fwzf.province_models}个。分批组织"
        "{fwzf.visiting_departments}多个区直行政执法部门到示范点和标兵单位现场观摩，开展“行政执法标兵”"
        "评选，{fwzf.honored_officers}名执法人员受到命名表彰，以点带面推动全区服务型行政执法水平整体提升。",
    ),
    Rewrite(
        ("加强执法人员管理和执法监督",),
        "2、加强执法队伍管理和执法监督。分期分批开展行政执法人员在岗轮训，{zf.trained_officers}余名执法"
        "骨干参训；严把执法资格关，培训考试结果与证件年审挂钩，全年审核发放行政执法证件"
        "{zf.certificates}个。组织行政执法监督检查，聚焦涉企执法中不作为、乱作为等问题，逐项督促整改到位。",
    ),
    Rewrite(
        ("自觉接受各方面监督", "交办—督办—答复"),
        "1、自觉接受各方面监督。重大事项按规定向区委请示报告，依法接受区人大及其常委会监督，主动接受区"
        "政协民主监督。全年承办区人大代表建议{jd.npc_suggestions}件、区政协提案{jd.cppcc_proposals}件，"
        "实行“交办—督办—答复”闭环管理，代表委员对办理结果满意度为{jd.satisfaction_rate}%。司法建议、"
        "检察建议和监察建议全部按时办复，办复率{jd.judicial_reply_rate}%。强化审计监督，推动公共资金、"
        "国有资产和领导干部经济责任审计全覆盖。",
    ),
    Rewrite(
        ("健全矛盾纠纷调处机制", "擦亮“泥土情”调解品牌"),
        "1、健全矛盾纠纷多元调处机制。坚持和发展新时代“枫桥经验”，推动人民调解、行政调解、司法调解衔接"
        "联动。全区现有人民调解委员会{tj.committees}个、专职人民调解员{tj.mediators}名。擦亮“泥土情”"
        "调解品牌，区、乡、村三级调解网络同步运转：区级“泥土情”调解室{tj.district_rooms}个、乡级"
        "“泥土情·五老”调解室{tj.town_rooms}个、村级“泥土情·五老”调解室{tj.village_rooms}个，另有以个人"
        "名字命名的“泥土情”调解室{tj.named_rooms}个，{tj.elders}名“五老”人员参与调解。全年调处各类矛盾"
        "纠纷{tj.disputes_mediated}起，调解率{tj.mediation_rate}%，调处成功率保持在{tj.success_rate}%以上；"
        "化解疑难复杂矛盾纠纷{tj.hard_cases}起，防止群体性上访事件{tj.petitions_prevented}起、涉及"
        "{tj.petition_people}人次，调处纠纷涉及金额{tj.amount}亿元。",
    ),
    Rewrite(
        ("完善公共法律服务体系", "信易+公证"),
        "2、完善公共法律服务体系。全区{fw.village_studios}个村（居）建有公共法律服务工作室，{fw.lawyers}名"
        "律师和{fw.legal_workers}名法律服务工作者受聘担任村（居）法律顾问，定期驻村开展咨询服务。全年为"
        "困难群众办理法律援助案件{fw.legal_aid_cases}件，同比增长8.43%，其中办理农民工讨薪法律援助"
        "{fw.wage_cases}案，涉及维权金额{fw.wage_amount}万余元。开通“信易+公证”绿色通道，为征收拆迁、"
        "棚户区改造等工作提供证据保全服务，全年办理各类公证业务{fw.notarizations}件。",
    ),
    Rewrite(
        ("规范行政复议和行政应诉工作",),
        "3、规范行政复议和行政应诉工作。优化复议应诉案件办理流程，着力提高办案质量。全年区政府共收到"
        "行政复议申请{fy.applications}件，受理{fy.accepted}件，不予受理{fy.rejected}件；审结"
        "{fy.concluded}件，申请人主动撤回{fy.withdrawn}件；维持原具体行政行为{fy.upheld}件，撤销"
        "{fy.revoked}件。全年新收行政诉讼案件{ys.new_cases}件，上期结转{ys.carried_cases}件；已结案"
        "{ys.closed_cases}件，其中胜诉{ys.won}件、裁定驳回起诉{ys.dismissed}件、败诉{ys.lost}件。行政"
        "机关负责人出庭应诉率达到{ys.appearance_rate}%。定期通报败诉案件和负责人出庭应诉情况，督促各行政"
        "机关依法履职。",
    ),
    Move("依托12个村公共法律服务工作室", after="落实普法责任，推进法治创建"),
    Rewrite(
        ("落实普法责任，推进法治创建",),
        "2、压实普法责任，深化法治创建。落实“谁执法谁普法”普法责任制，抓住宪法宣传周等重要节点集中开展"
        "法治宣传。深入开展民主法治示范创建，全区现有全国民主法治示范村{pf.national_villages}个、省级民主"
        "法治示范社区{pf.province_communities}个、省级法治乡镇{pf.province_towns}个、市级法治乡镇"
        "{pf.city_towns}个、市级民主法治村（社区）{pf.city_villages}个；在全区{pf.villages}个行政村共培育"
        "“法律明白人”{pf.legal_literates}人。",
    ),
    # The problems worked through: candidates reworded or dropped, units' texts folded together.
    Rewrite(
        ("我区工作中还存在一些问题和不足",),
        "对照法治政府建设的目标要求，我区工作仍有一些差距和不足：一是少数乡镇和部门主要负责人履行推进"
        "法治建设第一责任人职责的意识不够强，“重部署、轻落实”的现象仍然存在，各单位工作推进不够平衡，"
        "叫得响的法治品牌还不多。二是行政机关负责人出庭应诉率为{ys.appearance_rate=90}%，尚未实现全覆盖，"
        "仍有部分案件由工作人员代为出庭，“出庭又出声”的意识有待增强。三是综合行政执法改革后，乡镇承接"
        "下放事项的能力不足，执法人员大多缺乏法律专业背景，执法程序和文书还不够规范；个别乡没有单独设置"
        "法制机构，法治工作由司法所和党政办人员兼顾，专业人才短缺。四是全年行政诉讼败诉{ys.lost=1}件，"
        "个别行政行为在合法性和程序规范上仍有欠缺。五是全年通过政务微博发布信息{gk.weibo_posts=105}条，"
        "比上年减少{~gk.weibo_posts=20.45}%，政务新媒体发布力度需要加强。",
    ),
)
