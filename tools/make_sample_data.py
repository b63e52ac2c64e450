"""(Re)build the sample workspace (示例数据) in data/: a fictional 2022 for the 12 counties of 榆林市.

Everything is drawn from one seeded generator, so every run writes the same numbers. The files are
shaped the way counties really send them, because the reader must cope with all of these:

    设置.yaml                 office settings (the example in docs/数据格式.md)
    县区名单.xlsx              roster: name, alias, order, 类别
    指标.xlsx                  seven indicator definitions
    年度目标/2022年.xlsx        annual targets of the three cumulative indicators
    月报/2021-12.xls           old .xls (xlwt), full-year 2021: an independent series
    月报/2022-01.xlsx …        one workbook per month, two merged header rows, a 合计 row
    月报/2022-03.csv           the same layout saved by Excel as GBK CSV
    月报/2022-11/榆阳区.xlsx …  one workbook per county, with typical mess (aliases, text numbers, spaces)
    问题台账.xlsx              problem ledger for the reminder letters
    工作要点/2023年.xlsx        the 2023 work plan's tasks, with placeholders for figures from 2022

Monthly values are cumulative from 1 January. Within 2022 every column except the two loan
balances only grows, 已支出 ≤ 下达, 已消除 ≤ 监测对象, 开工 ≤ 计划, and each 合计 row is exactly the
column sums. November is tuned so completion against the annual targets spreads from about 75%
to 118% and fund spending from 70% to 98%, which makes the bulletin's ranking worth reading.

    python3 tools/make_sample_data.py            # writes data/
    python3 tools/make_sample_data.py --out DIR  # writes elsewhere (for tests or a look)

Only the files listed above are (re)written; anything else in data/ is left alone.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import re
import shutil
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.reading.ledger import COLUMNS as LEDGER_COLUMNS  # noqa: E402

SEED = 20221130
YEAR = 2022
CITY = "榆林市"
STAMP, STAMP_TUPLE = "2022-12-03T09:00:00Z", (2022, 12, 3, 9, 0, 0)  # the files' save time, fixed
MARK = "（示例数据）"

# --- the counties -----------------------------------------------------------------------------
# name, size (1.0 = the largest; scales every amount), pace (how far ahead of plan the county is
# in 2022; drives November's completion and spending), 类别.
COUNTIES = [
    ("榆阳区", 1.00, 1.09, ""),
    ("横山区", 0.55, 0.93, ""),
    ("神木市", 0.95, 1.13, ""),
    ("府谷县", 0.78, 1.03, ""),
    ("靖边县", 0.82, 0.96, ""),
    ("定边县", 0.86, 0.88, ""),
    ("绥德县", 0.50, 1.00, ""),
    ("米脂县", 0.30, 0.85, ""),
    ("佳县", 0.42, 0.80, "重点帮扶县"),
    ("吴堡县", 0.17, 0.91, "重点帮扶县"),
    ("清涧县", 0.36, 0.83, "重点帮扶县"),
    ("子洲县", 0.44, 0.98, "重点帮扶县"),
]
NAMES = [c[0] for c in COUNTIES]

# November's step against an ordinary month's: a late push or a slack month, so that some ranks
# change between October and November (the bulletin reports the change).
PUSH = {"靖边县": 2.6, "吴堡县": 3.0, "米脂县": 2.6, "绥德县": 0.35, "定边县": 0.4}

# --- growth shapes ----------------------------------------------------------------------------
# Share of the year-end value reached by the end of each month (Jan … Dec). Only the steps
# matter: each month's increment is jittered, then the curve is pinned to November's value.
SHAPES = {
    "steady": [0.08, 0.16, 0.25, 0.33, 0.42, 0.50, 0.58, 0.67, 0.75, 0.83, 0.92, 1.00],
    # migrant work starts after the Spring Festival, then levels off
    "spring": [0.10, 0.22, 0.45, 0.60, 0.70, 0.77, 0.82, 0.86, 0.90, 0.94, 0.97, 1.00],
    # consumption support peaks around festivals and the autumn harvest
    "harvest": [0.07, 0.16, 0.22, 0.29, 0.36, 0.44, 0.51, 0.59, 0.69, 0.78, 0.88, 1.00],
    # funds are allocated in batches: advance allocation, then the central and provincial batches
    "batches": [0.45, 0.45, 0.62, 0.62, 0.75, 0.85, 0.85, 0.92, 0.96, 0.98, 1.00, 1.00],
    # the project plan is fixed early in the year and topped up until summer
    "plan": [0.55, 0.60, 0.75, 0.85, 0.92, 0.96, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00],
    # monitoring objects: most are carried over, new ones are identified through the year
    "stock": [0.88, 0.89, 0.90, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 1.00],
}

# --- the monthly table ------------------------------------------------------------------------
# (group header, children); a group whose only child is None is one column merged vertically.
GROUPS = [
    ("防返贫动态监测", ["监测对象户数", "监测对象人数", "已消除风险人数"]),
    ("衔接资金", ["下达资金", "已支出资金"]),
    ("脱贫劳动力务工人数", [None]),
    ("小额信贷", ["当年放贷金额", "贷款余额", "逾期金额"]),
    ("消费帮扶", ["销售金额"]),
    ("项目建设", ["计划项目数", "开工项目数"]),
]
COLUMNS = [f"{g}/{c}" if c else g for g, cs in GROUPS for c in cs]
MONEY = {
    "衔接资金/下达资金",
    "衔接资金/已支出资金",
    "小额信贷/当年放贷金额",
    "小额信贷/贷款余额",
    "小额信贷/逾期金额",
    "消费帮扶/销售金额",
}
TOTAL_LABEL = "合计"
UNIT_LINE = "单位：户、人、万元、个"
NOTES = "填报说明：1.数据为当年1月1日起累计数；2.资金单位为万元。"
CSV_MONTH = 3  # 2022-03 is sent as a CSV
FOLDER_MONTH = 11  # 2022-11 is sent as one workbook per county

# --- annual targets: the three cumulative indicators, per unit of county size ------------------
TARGETS = [  # indicator name, monthly column, target for size 1.0, rounding step, growth shape
    ("脱贫劳动力务工就业", "脱贫劳动力务工人数", 38000, 100, "spring"),
    ("小额信贷新增放贷", "小额信贷/当年放贷金额", 11500, 50, "steady"),
    ("消费帮扶销售额", "消费帮扶/销售金额", 19000, 50, "harvest"),
]

INDICATORS = [
    (
        "fxxc",
        "风险消除率",
        "%",
        "比率",
        "防返贫动态监测/已消除风险人数",
        "防返贫动态监测/监测对象人数",
        "越高越好",
        "否",
        15,
        "100%",
    ),
    ("zjzc", "衔接资金支出进度", "%", "比率", "衔接资金/已支出资金", "衔接资金/下达资金", "越高越好", "是", 25, "100%"),
    ("wgjy", "脱贫劳动力务工就业", "人", "累计值", "脱贫劳动力务工人数", None, "越高越好", "是", 20, None),
    ("xexd", "小额信贷新增放贷", "万元", "累计值", "小额信贷/当年放贷金额", None, "越高越好", "是", 10, None),
    ("yql", "小额信贷逾期率", "%", "比率", "小额信贷/逾期金额", "小额信贷/贷款余额", "越低越好", "否", 10, "100%"),
    ("xfbf", "消费帮扶销售额", "万元", "累计值", "消费帮扶/销售金额", None, "越高越好", "是", 10, None),
    ("xmkg", "项目开工率", "%", "比率", "项目建设/开工项目数", "项目建设/计划项目数", "越高越好", "否", 10, "100%"),
]

SETTINGS = """\
# 办公室设置（示例数据）
发文机关:
  全称: 榆林市巩固拓展脱贫攻坚成果同乡村振兴有效衔接领导小组办公室
  简称: 市巩固衔接办
  标志: 榆林市巩固衔接办文件        # 红头上的发文机关标志
  署名: 榆林市巩固衔接办
  城市: 榆林市

发文字号:
  前缀: 榆巩衔办发                 # 通报：榆巩衔办发〔2022〕12号
  下一个序号: 12                   # 开始用 gongwen 那一年的下一个序号，以后每年从1号起；也可用 --number 指定
  函前缀: 榆巩衔办函               # 提醒函：榆巩衔办函〔2022〕30号起连续编号
  函下一个序号: 30
  起始年份: 2022                   # 上面两个序号是2022年的（开始用 gongwen 的那一年）
  报告前缀: 榆巩衔办字             # 上报的年度总结（报告）：榆巩衔办字〔2023〕1号

公文:
  主送: 各县（市、区）巩固衔接办
  抄送: [市委农办, 市乡村振兴局, 市财政局]
  印发机关: 榆林市巩固衔接办
  上报主送: 市委、市政府            # 报告（上行文）的主送机关
  签发人: 李华                     # 上行文的签发人

联系:
  联系人: 张明
  电话: 0912-3288123

提醒函:
  提前天数: 15                     # 期限在发函日期后这些天内到期的问题也提醒
  回复天数: 10                     # 要求在发函日期后这些天内书面回复（至少1天）
"""

# --- the 2023 work plan (工作要点) ------------------------------------------------------------
# Hand-written tasks in six sections (so the items run past （二十一）); 【…】 are figures computed
# from the 2022 December tables when the plan is generated (docs/数据格式.md).
PLAN_YEAR = 2023
PLAN_INTRO = (
    f"{PLAN_YEAR}年是巩固拓展脱贫攻坚成果同乡村振兴有效衔接的关键之年。今年工作的总体思路是：坚守不发生规模性返贫底线，"
    "聚焦“守底线、抓发展、促振兴”，以产业就业为重点，以项目资金为抓手，推动巩固成果上台阶、乡村振兴谱新篇。"
    "2022年全市脱贫劳动力务工就业【2022年脱贫劳动力务工就业】，消费帮扶销售额【2022年消费帮扶销售额】，"
    "为今年工作打下了坚实基础。"
)
PLAN_RATES = [("脱贫劳动力务工就业", "2%"), ("消费帮扶销售额", "5%")]  # 目标增长率 for 【2023年目标:…】
PLAN_SECTIONS = [
    (
        "持续巩固拓展脱贫成果，牢牢守住不发生规模性返贫底线",
        [
            (
                "强化防返贫动态监测和帮扶",
                "细化风险摸排网格化、监测预警信息化管理，健全部门间会商和信息互通机制，实现早发现、早干预、早帮扶。",
                "市乡村振兴局",
                "",
                "各县市区",
            ),
            (
                "持续巩固“三保障”和饮水安全成果",
                "巩固控辍保学成果，确保脱贫人口和监测对象应保尽保，定期开展农村饮水安全排查，及时化解供水风险隐患。",
                "市教育局、市医保局、市水利局、市住建局",
                "",
                "各县市区",
            ),
            (
                "扎实推动脱贫地区产业发展",
                "发展壮大特色产业，完善联农带农富农机制，提高衔接资金用于产业发展的比重。",
                "市农业农村局、市乡村振兴局",
                "",
                "各县市区",
            ),
            (
                "促进脱贫人口稳岗就业",
                "落实稳岗就业政策措施，确保全市脱贫劳动力务工就业规模不低于【2022年脱贫劳动力务工就业×1.02】。",
                "市人社局",
                "市乡村振兴局、市林草局等部门",
                "各县市区",
            ),
            (
                "倾斜支持重点帮扶县发展",
                "编制重点帮扶县实施方案，推动项目、金融、土地等倾斜支持政策落地。",
                "市乡村振兴局",
                "市发改委、市财政局",
                "佳县、清涧县、子洲县",
            ),
            (
                "强化易地搬迁后续扶持",
                "完善安置点基础设施和公共服务，大力发展社区工厂，促进搬迁群众就地就近就业。",
                "市发改委",
                "市人社局、市民政局",
                "各县市区",
            ),
        ],
    ),
    (
        "深化帮扶协作，凝聚社会帮扶合力",
        [
            (
                "加强定点驻村帮扶",
                "抓好市县单位驻村联户帮扶工作，4月底前制定年度帮扶计划，11月底前各项帮扶措施落实到位。",
                "市委组织部、市乡村振兴局",
                "",
                "相关定点帮扶单位、各县市区",
            ),
            (
                "深化东西部协作",
                "拓展协作领域，接续推进产业合作、劳务对接和消费帮扶。",
                "市发改委",
                "市乡村振兴局",
                "各县市区",
            ),
            (
                "深化拓展企业帮扶行动",
                "持续推进“万企兴万村”行动，选树一批企业参与乡村振兴的典型案例。",
                "市工商联",
                "",
                "各县市区",
            ),
            (
                "扩大消费帮扶",
                "拓宽脱贫地区农产品销售渠道，全年消费帮扶销售额力争达到【2023年目标:消费帮扶销售额】。",
                "市乡村振兴局",
                "市商务局",
                "各县市区",
            ),
            (
                "动员其他社会力量参与乡村振兴",
                "组织工会、共青团、妇联、慈善协会等团体组织参与帮扶济困活动。",
                "市总工会、团市委、市妇联",
                "",
                "",
            ),
        ],
    ),
    (
        "务实推进乡村振兴，夯实农村发展基础",
        [
            (
                "强化规划引领",
                "编制乡村振兴五年行动方案，指导县市区编制特色产业发展规划。",
                "市资源规划局",
                "市农业农村局、市发改委",
                "各县市区",
            ),
            (
                "抓好示范带动",
                "巩固提升乡村振兴示范村建设成果，分类分级打造一批乡村振兴示范样板。",
                "市委农办",
                "",
                "各县市区",
            ),
            (
                "接续推进农村人居环境整治提升",
                "统筹推进农村生活污水和生活垃圾治理，不断提升村容村貌。",
                "市农业农村局、市林草局",
                "",
                "各县市区",
            ),
            (
                "稳妥推进农村厕所革命",
                "坚持求好不求快，扎实推进问题厕所整改，确保改一个、成一个、用一个。",
                "市农业农村局",
                "",
                "各县市区",
            ),
            (
                "加强农村社会事业建设",
                "推动教育、医疗、养老、社保等公共服务在县域内优化配置。",
                "市农业农村局",
                "",
                "各县市区",
            ),
        ],
    ),
    (
        "健全乡村治理体系，培育文明乡风",
        [
            (
                "健全乡村治理体系",
                "推广积分制、清单制、数字化治理等有效做法，激发群众自治的内生动力。",
                "市委组织部",
                "市民政局、市农业农村局",
                "各县市区",
            ),
            (
                "推进农村移风易俗",
                "组织开展移风易俗专项行动，探索解决高价彩礼、人情攀比等突出问题。",
                "市委宣传部",
                "",
                "各县市区",
            ),
            (
                "讲好乡村振兴故事",
                "策划推出一批专题深度报道，全方位展示全市巩固衔接工作成果。",
                "市委宣传部、市委网信办",
                "",
                "市级相关部门、各县市区",
            ),
            (
                "加强农村法治建设",
                "深入开展法治乡村建设，健全农村矛盾纠纷排查化解机制。",
                "市委政法委",
                "市司法局",
                "各县市区",
            ),
        ],
    ),
    (
        "强化政策支撑保障，确保重点工作落地见效",
        [
            (
                "用好用足衔接政策",
                "保持主要帮扶政策总体稳定，做好政策成效的跟踪监测和评估反馈。",
                "市乡村振兴局",
                "相关市级行业部门",
                "各县市区",
            ),
            (
                "加强项目资金监管",
                "严格项目库建设管理，确保资金支出进度达到序时进度，年底资金支出率达到100%。",
                "市乡村振兴局、市财政局",
                "",
                "各县市区",
            ),
            (
                "做好金融帮扶工作",
                "加大小额信贷投放力度，全年新增放贷不低于【2022年小额信贷新增放贷】，坚决守住逾期率红线。",
                "市金融局",
                "",
                "各县市区",
            ),
            (
                "搞好专项帮扶工作",
                "抓好光伏扶贫电站运维监管和收益分配，切实加强互助资金协会监管。",
                "市乡村振兴局",
                "",
                "各县市区",
            ),
            (
                "加强扶贫项目资产管理",
                "落实资产管理主体责任，推动扶贫项目资产持续稳定发挥效益。",
                "市乡村振兴局",
                "市财政局、市农业农村局",
                "各县市区",
            ),
        ],
    ),
    (
        "加强队伍建设，提高乡村振兴干部能力",
        [
            (
                "深入学习贯彻党的二十大精神",
                "持续学习习近平总书记关于“三农”工作的重要论述，切实把理论成果转化为推进乡村振兴的思路办法。",
                "市巩固衔接办",
                "",
                "市级成员单位、各县市区",
            ),
            (
                "扎实开展乡村振兴干部培训",
                "分级分类开展干部培训，持续提升乡村振兴干部工作能力和业务水平。",
                "市委组织部",
                "市农业农村局、市乡村振兴局",
                "各县市区、相关行业部门",
            ),
            (
                "继续实行严督实考",
                "坚持“一月一推进、两月一审计、一季一点评”工作机制，开展常态化督导。",
                "市委农办、市乡村振兴局",
                "市级行业部门",
                "各县市区",
            ),
            (
                "扎实做好问题整改",
                "抓好各类考核评估和督导检查发现问题的整改，举一反三、建章立制。",
                "市乡村振兴局",
                "市级行业部门",
                "各县市区",
            ),
            (
                "全面加强乡村振兴系统建设",
                "持续加强乡村振兴系统干部队伍建设，以良好作风保障各项目标任务落实落细。",
                "市乡村振兴局",
                "",
                "各县市区",
            ),
        ],
    ),
]

# --- the problem ledger, as of 2022-11-30 -----------------------------------------------------
# Hand-written so the reminder letters have every case: open and past deadline, due within 15
# days, due later, rectified; 榆阳区, 神木市 and 府谷县 have nothing open.
LEDGER = [  # county, source, description, unit, found, deadline, status, rectified, note
    (
        "榆阳区",
        "国考反馈",
        "部分监测对象帮扶措施不精准，风险消除把关不严",
        "县乡村振兴局",
        "2022-03-10",
        "2022-06-30",
        "已整改",
        "2022-06-20",
        "",
    ),
    (
        "横山区",
        "国考反馈",
        "衔接资金项目资产后续管护责任未落实",
        "县财政局",
        "2022-03-10",
        "2022-09-30",
        "整改中",
        None,
        "已制定管护办法，待落实到村",
    ),
    (
        "神木市",
        "省考反馈",
        "防返贫监测信息采集不及时，部分农户收入数据与实际不符",
        "县乡村振兴局",
        "2022-04-15",
        "2022-07-31",
        "已整改",
        "2022-07-25",
        "",
    ),
    (
        "府谷县",
        "督导检查",
        "小额信贷“户贷企用”问题排查不彻底",
        "县金融办",
        "2022-05-12",
        "2022-08-31",
        "已整改",
        "2022-08-28",
        "",
    ),
    (
        "靖边县",
        "暗访",
        "个别脱贫户饮水安全保障不稳定，供水时断时续",
        "县水利局",
        "2022-06-08",
        "2022-11-15",
        "整改中",
        None,
        "",
    ),
    (
        "定边县",
        "审计",
        "衔接资金支出进度缓慢，部分资金闲置超过一年",
        "县财政局",
        "2022-05-20",
        "2022-09-30",
        "未整改",
        None,
        "",
    ),
    (
        "绥德县",
        "国考反馈",
        "产业帮扶项目带贫益贫机制不健全，利益联结不紧密",
        "县农业农村局",
        "2022-03-10",
        "2022-12-10",
        "整改中",
        None,
        "",
    ),
    (
        "米脂县",
        "省考反馈",
        "脱贫劳动力务工就业台账不完善，稳岗补贴发放不及时",
        "县人社局",
        "2022-04-15",
        "2022-12-05",
        "整改中",
        None,
        "",
    ),
    (
        "佳县",
        "国考反馈",
        "部分监测对象帮扶措施不精准，风险消除把关不严",
        "县乡村振兴局",
        "2022-03-10",
        "2022-06-30",
        "整改中",
        None,
        "需持续跟踪",
    ),
    (
        "佳县",
        "暗访",
        "个别脱贫户住房存在安全隐患，鉴定后未及时维修",
        "县住建局",
        "2022-08-18",
        "2022-12-15",
        "未整改",
        None,
        "",
    ),
    (
        "吴堡县",
        "督导检查",
        "扶贫项目资产确权登记不完整，台账与实际不一致",
        "县乡村振兴局",
        "2022-07-06",
        "2023-03-31",
        "整改中",
        None,
        "",
    ),
    (
        "清涧县",
        "审计",
        "衔接资金项目绩效目标设定不合理，部分项目未按期完工",
        "县财政局",
        "2022-06-22",
        "2022-11-15",
        "整改中",
        None,
        "",
    ),
    (
        "子洲县",
        "省考反馈",
        "消费帮扶产品认定和销售渠道单一，带动作用不明显",
        "县农业农村局",
        "2022-04-15",
        "2023-03-31",
        "整改中",
        None,
        "",
    ),
    (
        "横山区",
        "督导检查",
        "易地搬迁安置点后续扶持措施落实不到位，就业帮扶不足",
        "县发改局",
        "2022-07-06",
        "2022-12-15",
        "整改中",
        None,
        "",
    ),
    (
        "靖边县",
        "国考反馈",
        "防止返贫监测预警线未按规定动态调整",
        "县乡村振兴局",
        "2022-03-10",
        "2022-05-31",
        "已整改",
        "2022-05-26",
        "",
    ),
    (
        "定边县",
        "暗访",
        "义务教育控辍保学动态监测不及时，个别学生长期未返校",
        "县教育局",
        "2022-09-14",
        "2022-12-10",
        "未整改",
        None,
        "",
    ),
    (
        "绥德县",
        "审计",
        "小额信贷逾期贷款清收不力，风险补偿金使用不规范",
        "县金融办",
        "2022-06-22",
        "2022-09-30",
        "整改中",
        None,
        "已收回部分逾期贷款",
    ),
    (
        "米脂县",
        "督导检查",
        "村级公益性岗位管理不规范，存在“只拿钱不上岗”现象",
        "县人社局",
        "2022-05-12",
        "2022-08-31",
        "已整改",
        "2022-09-06",
        "逾期完成",
    ),
    (
        "吴堡县",
        "暗访",
        "部分脱贫人口医疗保险参保不及时，报销政策宣传不到位",
        "县医保局",
        "2022-08-18",
        "2022-12-05",
        "整改中",
        None,
        "",
    ),
    (
        "清涧县",
        "国考反馈",
        "光伏帮扶电站收益分配不规范，公益岗位设置不合理",
        "县乡村振兴局",
        "2022-03-10",
        "2023-06-30",
        "整改中",
        None,
        "",
    ),
    (
        "子洲县",
        "审计",
        "衔接资金项目资产后续管护责任未落实",
        "县财政局",
        "2022-06-22",
        "2022-10-31",
        "已整改",
        "2022-10-26",
        "",
    ),
    (
        "榆阳区",
        "暗访",
        "个别村产业项目建成后闲置，未发挥带动效益",
        "县农业农村局",
        "2022-08-18",
        "2022-11-30",
        "已整改",
        "2022-11-18",
        "",
    ),
    (
        "神木市",
        "审计",
        "部分衔接资金项目招投标程序不规范",
        "县财政局",
        "2022-06-22",
        "2022-10-31",
        "已整改",
        "2022-10-20",
        "",
    ),
    (
        "佳县",
        "督导检查",
        "红枣产业帮扶项目联农带农效果不明显",
        "县农业农村局",
        "2022-07-06",
        "2023-03-31",
        "整改中",
        None,
        "",
    ),
    (
        "定边县",
        "省考反馈",
        "雨露计划补助资金发放不及时",
        "县乡村振兴局",
        "2022-04-15",
        "2022-07-31",
        "已整改",
        "2022-07-20",
        "",
    ),
    (
        "子洲县",
        "暗访",
        "部分监测户收入测算不准确，存在“体外循环”问题",
        "县乡村振兴局",
        "2022-09-14",
        "2022-12-31",
        "未整改",
        None,
        "",
    ),
]


# ============================================================================================
# Numbers
# ============================================================================================

CENT = Decimal("0.01")


def money(x: float) -> Decimal:
    """万元 with two decimals, rounded half-up as the office does (round() rounds half to even)."""
    return Decimal(repr(x)).quantize(CENT, ROUND_HALF_UP)


def count(x: float) -> int:
    return int(Decimal(repr(x)).quantize(Decimal(1), ROUND_HALF_UP))


def curve(rng: random.Random, shape: str, pin_month: int = 11, push: float = 1.0) -> list[float]:
    """A cumulative curve over 12 months, equal to 1.0 at pin_month and strictly increasing.

    Each month's increment is jittered by ±25% so counties do not march in lockstep; flat steps
    in the shape (no new allocation that month) stay flat. `push` scales the pinned month's own
    step: a county that pushed hard in November (> 1) or slackened (< 1).
    """
    steps = SHAPES[shape]
    increments = [b - a for a, b in zip([0.0] + steps, steps)]
    jittered = list(
        itertools.accumulate(
            d * rng.uniform(0.75, 1.25) * (push if m == pin_month else 1.0) for m, d in enumerate(increments, 1)
        )
    )
    return [v / jittered[pin_month - 1] for v in jittered]


def spread(rng: random.Random, pace: float, low: float, high: float, lean: float = 1.0) -> float:
    """Map a county's pace (0.80 … 1.13) onto [low, high], with a little noise so ranks differ by indicator.

    lean < 1 pushes counties towards high (so that some are ahead of 序时进度, not only the best one).
    """
    t = (pace - 0.80) / 0.33 + rng.uniform(-0.12, 0.12)
    return low + (high - low) * min(1.0, max(0.0, t)) ** lean


def county_year(
    rng: random.Random, size: float, pace: float, push: float, targets: dict[str, int]
) -> list[dict[str, object]]:
    """Twelve monthly rows (cumulative, 2022) for one county, keyed by monthly column name."""
    months = range(1, 13)

    # cumulative indicators: November's value is the target times a completion of ~75%–118%
    cumulative = {}
    for name, column, _, _, shape in TARGETS:
        completion = min(1.18, max(0.75, pace * rng.uniform(0.94, 1.06)))
        nov = targets[name] * completion
        c = curve(rng, shape, push=push)
        cumulative[column] = [nov * v for v in c]

    # monitoring: a mostly carried-over stock of households; elimination climbs through the year
    households = 1150 * size * rng.uniform(0.85, 1.15)
    per_household = rng.uniform(2.3, 2.9)
    stock = curve(rng, "stock", pin_month=12)
    elim_nov = spread(rng, pace, 0.55, 0.86)
    elim_rate = [0.12 + (elim_nov - 0.12) * (m - 1) / 10 for m in months]
    elim_rate[11] = min(0.95, elim_nov + rng.uniform(0.03, 0.08))

    # funds: allocated in batches, spent along a smooth curve that reaches 70%–98% in November
    allocated_total = 52000 * size * rng.uniform(0.9, 1.1)
    allocated = [allocated_total * v for v in curve(rng, "batches")]
    # some counties spend early, some leave it to the autumn (so October's ranks differ from November's)
    spent_nov = spread(rng, pace, 0.70, 0.98, lean=0.6)
    lateness = rng.uniform(1.0, 1.6) * push**0.5
    spent = [min(allocated[m - 1] * 0.97, allocated_total * spent_nov * (m / 11) ** lateness) for m in months]
    spent[11] = allocated_total * max(spent_nov + 0.01, rng.uniform(0.93, 0.99))

    # loans: a balance that drifts; overdue share small (0.2%–3%), worse where the pace is slow
    balance0 = targets["小额信贷新增放贷"] * rng.uniform(2.0, 2.6)
    overdue0 = rng.uniform(0.004, 0.012) + (1.05 - pace) * 0.04
    balance, overdue, b, r = [], [], balance0, overdue0
    for _ in months:
        b *= rng.uniform(0.98, 1.03)
        r = min(0.029, max(0.0025, r * rng.uniform(0.9, 1.1)))
        balance.append(b)
        overdue.append(b * r)

    # projects: the plan is fixed by summer; starts climb to 82%–99% by November
    planned_total = (35 + 150 * size) * rng.uniform(0.9, 1.1)
    planned = [count(planned_total * v) for v in curve(rng, "plan", pin_month=12)]
    start_nov = spread(rng, pace, 0.82, 0.99)
    start_rate = [0.10 + (start_nov - 0.10) * (m - 1) / 10 for m in months]
    start_rate[11] = max(start_nov, rng.uniform(0.95, 1.0))

    rows = []
    for m in months:
        i = m - 1
        hh = count(households * stock[i])
        people = count(households * per_household * stock[i])
        rows.append(
            {
                "防返贫动态监测/监测对象户数": hh,
                "防返贫动态监测/监测对象人数": people,
                "防返贫动态监测/已消除风险人数": count(people * elim_rate[i]),
                "衔接资金/下达资金": money(allocated[i]),
                "衔接资金/已支出资金": money(spent[i]),
                "脱贫劳动力务工人数": count(cumulative["脱贫劳动力务工人数"][i]),
                "小额信贷/当年放贷金额": money(cumulative["小额信贷/当年放贷金额"][i]),
                "小额信贷/贷款余额": money(balance[i]),
                "小额信贷/逾期金额": money(overdue[i]),
                "消费帮扶/销售金额": money(cumulative["消费帮扶/销售金额"][i]),
                "项目建设/计划项目数": planned[i],
                "项目建设/开工项目数": count(planned[i] * start_rate[i]),
            }
        )
    return rows


def previous_year(rng: random.Random, dec: dict[str, object]) -> dict[str, object]:
    """Full-year 2021 for one county: an independent series, a bit smaller than 2022 and nearly all spent."""
    grow = {c: rng.uniform(0.82, 0.97) for c in COLUMNS}
    row = {c: (money(float(v) * grow[c]) if c in MONEY else count(v * grow[c])) for c, v in dec.items()}
    people = row["防返贫动态监测/监测对象人数"]
    row["防返贫动态监测/已消除风险人数"] = count(people * rng.uniform(0.70, 0.90))
    row["衔接资金/已支出资金"] = money(float(row["衔接资金/下达资金"]) * rng.uniform(0.93, 0.995))
    row["小额信贷/逾期金额"] = money(float(row["小额信贷/贷款余额"]) * rng.uniform(0.003, 0.02))
    row["项目建设/开工项目数"] = count(row["项目建设/计划项目数"] * rng.uniform(0.95, 1.0))
    return row


def round_target(x: float, step: int) -> int:
    return int(step * count(x / step))


def build_numbers(rng: random.Random):
    """Targets {county: {indicator: value}} and months {(year, month): {county: row}}."""
    targets, months = {}, {}
    for name, size, pace, _ in COUNTIES:
        targets[name] = {t: round_target(base * size * rng.uniform(0.9, 1.1), step) for t, _, base, step, _ in TARGETS}
        year = county_year(rng, size, pace, PUSH.get(name, 1.0), targets[name])
        for m, row in enumerate(year, 1):
            months.setdefault((YEAR, m), {})[name] = row
        months.setdefault((YEAR - 1, 12), {})[name] = previous_year(rng, year[11])
    months = dict(sorted(months.items()))
    return targets, months


def totals(rows: dict[str, dict]) -> dict[str, object]:
    return {c: sum(r[c] for r in rows.values()) for c in COLUMNS}


# ============================================================================================
# Sheet layout (shared by .xlsx, .xls and .csv)
# ============================================================================================


def title_of(who: str, year: int, month: int) -> str:
    return f"{who}{year}年{month}月巩固衔接重点指标月报表{MARK}"


def report_date(year: int, month: int) -> str:
    """The 3rd of the following month, written as the counties write it."""
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{y}年{m}月3日"


def month_grid(
    year: int,
    month: int,
    rows: dict[str, dict],
    who: str = CITY,
    unit: str = "各县（市、区）",
    total_first: bool | None = None,
):
    """(grid, merges) of one monthly sheet; merges as (row1, col1, row2, col2), 0-based inclusive.

    total_first: True puts 合计 under the header, False at the bottom, None leaves it out.
    """
    width = 2 + len(COLUMNS)
    top, sub = ["序号", "县区"], [None, None]
    merges = [(0, 0, 0, width - 1), (1, 0, 1, width - 1), (2, 0, 2, width - 1), (3, 0, 4, 0), (3, 1, 4, 1)]
    for group, children in GROUPS:
        first = len(top)
        for i, child in enumerate(children):
            top.append(group if i == 0 else None)
            sub.append(child)
        if children == [None]:
            merges.append((3, first, 4, first))
        elif len(children) > 1:
            merges.append((3, first, 3, len(top) - 1))
    grid = [
        [title_of(who, year, month)] + [None] * (width - 1),
        [f"填报单位：{unit}巩固衔接办　　填报日期：{report_date(year, month)}"] + [None] * (width - 1),
        [UNIT_LINE] + [None] * (width - 1),
        top,
        sub,
    ]
    body = [[i, name] + [row[c] for c in COLUMNS] for i, (name, row) in enumerate(rows.items(), 1)]
    total = [None, TOTAL_LABEL] + [totals(rows)[c] for c in COLUMNS]
    if total_first is True:
        body.insert(0, total)
    elif total_first is False:
        body.append(total)
    grid += body
    grid.append([NOTES] + [None] * (width - 1))
    merges.append((len(grid) - 1, 0, len(grid) - 1, width - 1))
    return grid, merges


COLUMN_WIDTHS = [6, 10] + [11 if c in MONEY else 9 for c in COLUMNS]


def money_column(col: int) -> bool:
    return col >= 2 and COLUMNS[col - 2] in MONEY


# ============================================================================================
# Writers
# ============================================================================================

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_xlsx(
    path: Path, sheet: str, grid: list[list], merges=(), widths=(), header_rows=(), table_rows=(), wrap_cols=()
) -> None:
    """One workbook with one styled sheet: a bold title, boxed header and table cells, set widths."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in grid:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    for r in header_rows:
        for cell in ws[r + 1]:
            cell.font, cell.alignment, cell.border = Font(bold=True), CENTER, BOX
    for r in table_rows:
        for cell in ws[r + 1]:
            cell.border = BOX
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if cell.column in wrap_cols:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    freeze(path)


def freeze(path: Path) -> None:
    """Pin the save time openpyxl stamps into an .xlsx (core.xml and zip entries).

    Without this every run changes every file's bytes, and re-running the script would show all
    of data/ as modified in git even when no number changed.
    """
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", STAMP.encode(), data)
            dst.writestr(zipfile.ZipInfo(name, date_time=STAMP_TUPLE), data, zipfile.ZIP_DEFLATED)


def write_month_xlsx(path: Path, sheet: str, grid, merges) -> None:
    n = len(grid)
    write_xlsx(path, sheet, grid, merges, COLUMN_WIDTHS, header_rows=(3, 4), table_rows=range(5, n - 1))


def write_month_xls(path: Path, sheet: str, grid, merges) -> None:
    """The old .xls format (Excel 97-2003), as some counties still save it."""
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    title = xlwt.easyxf("font: bold on, height 320; align: horiz center, vert center")
    plain = xlwt.easyxf("")
    head = xlwt.easyxf(
        "font: bold on; align: horiz center, vert center, wrap on; borders: left thin, right thin, top thin, bottom thin"
    )
    box = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    box_money = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin", num_format_str="0.00")
    merged = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if r == 0:
                style = title
            elif r in (3, 4):
                style = head
            elif 5 <= r < len(grid) - 1:
                style = box_money if money_column(c) else box
            else:
                style = plain
            value = float(value) if isinstance(value, Decimal) else value
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                ws.write_merge(r, r2, c, c2, value, style)
            elif (r, c) not in covered:
                ws.write(r, c, value, style)
    for c, w in enumerate(COLUMN_WIDTHS):
        ws.col(c).width = 256 * w
    ws.row(0).height_mismatch = True
    ws.row(0).height = 20 * 30
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))


def csv_text(value) -> str:
    """A cell as Excel writes it to CSV: the displayed text, money with its two decimals."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def write_month_csv(path: Path, grid) -> None:
    """CSV as Excel on Chinese Windows saves it: GBK, CRLF, merged cells as value then blanks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="gbk", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        for row in grid:
            writer.writerow(csv_text(v) for v in row)


def thousands(value) -> str:
    """Numbers as text with thousands separators, as a county that pastes from another system sends them."""
    return f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"


def write_county_folder(folder: Path, year: int, month: int, rows: dict[str, dict]) -> None:
    """One workbook per county, each with its own title, one county row and no 合计; with the usual mess."""
    for name, row in rows.items():
        grid, merges = month_grid(year, month, {name: row}, who=name, unit=name, total_first=None)
        line = grid[5]
        if name == "神木市":
            line[1] = "神木"  # an alias instead of the full name
        elif name == "府谷县":
            line[2:] = [thousands(v) for v in line[2:]]  # text numbers: "1,234", "2,345.60"
        elif name == "米脂县":
            col = 2 + COLUMNS.index("项目建设/计划项目数")
            line[col] = f" {line[col]} "  # a number typed as text with stray spaces
        elif name == "吴堡县":
            line[1] = f" {name} "  # the county name padded with spaces
        write_month_xlsx(folder / f"{name}.xlsx", f"{year}年{month}月", grid, merges)


def write_months(out: Path, months: dict) -> None:
    folder = out / "月报"
    if folder.exists():
        shutil.rmtree(folder)
    for (year, month), rows in months.items():
        sheet = f"{year}年{month}月"
        stem = f"{year}-{month:02d}"
        if year == YEAR and month == FOLDER_MONTH:
            write_county_folder(folder / stem, year, month, rows)
            continue
        grid, merges = month_grid(year, month, rows, total_first=month % 2 == 1)
        if year < YEAR:
            write_month_xls(folder / f"{stem}.xls", sheet, grid, merges)
        elif month == CSV_MONTH:
            write_month_csv(folder / f"{stem}.csv", grid)
        else:
            write_month_xlsx(folder / f"{stem}.xlsx", sheet, grid, merges)


def write_roster(out: Path) -> None:
    grid = [[f"{CITY}县区名单{MARK}"], ["序号", "县区名称", "别名", "类别"]]
    grid += [[i, name, name[:-1], kind or None] for i, (name, _, _, kind) in enumerate(COUNTIES, 1)]
    write_xlsx(
        out / "县区名单.xlsx",
        "县区名单",
        grid,
        widths=[6, 12, 10, 12],
        header_rows=(1,),
        table_rows=range(2, len(grid)),
    )


def write_indicators(out: Path) -> None:
    grid = [
        [f"{CITY}巩固衔接重点指标定义{MARK}"],
        ["代码", "指标名称", "单位", "类型", "数据列", "分母列", "方向", "序时进度", "权重", "上限"],
    ]
    grid += [list(row) for row in INDICATORS]
    write_xlsx(
        out / "指标.xlsx",
        "指标",
        grid,
        widths=[7, 18, 6, 8, 30, 30, 10, 9, 6, 7],
        header_rows=(1,),
        table_rows=range(2, len(grid)),
    )


def write_targets(out: Path, targets: dict) -> None:
    names = [t[0] for t in TARGETS]
    grid = [[f"{CITY}{YEAR}年巩固衔接重点指标年度目标{MARK}"], ["县区", *names]]
    grid += [[county, *(targets[county][n] for n in names)] for county in NAMES]
    write_xlsx(
        out / "年度目标" / f"{YEAR}年.xlsx",
        f"{YEAR}年目标",
        grid,
        widths=[10, 20, 18, 16],
        header_rows=(1,),
        table_rows=range(2, len(grid)),
    )


# --- the annual summary: year-level tables the office keeps, and the summary's configuration ----
YEAR_COLUMNS = [  # column, unit
    ("脱贫人口数", "人"),
    ("人均纯收入", "元"),
    ("新识别户数", "户"),
    ("新识别人数", "人"),
    ("监测对象户数", "户"),
    ("监测对象人数", "人"),
    ("消除风险户数", "户"),
    ("消除风险人数", "人"),
    ("防返贫保险保费", "万元"),
    ("防返贫保险赔付", "万元"),
]
YEAR_INDICATORS = [  # 代码, 指标名称, 数据列, 单位, 算法, 权数列, 配对列, 配对单位, 占比于
    ("tprk", "脱贫人口", "脱贫人口数", "人", "合计", None, None, None, None),
    ("rjsr", "脱贫人口人均纯收入", "人均纯收入", "元", "人均", "脱贫人口数", None, None, None),
    ("xsb", "新识别监测对象", "新识别户数", "户", "合计", None, "新识别人数", "人", None),
    ("jcdx", "监测对象", "监测对象户数", "户", "合计", None, "监测对象人数", "人", None),
    ("xcfx", "累计消除风险", "消除风险户数", "户", "合计", None, "消除风险人数", "人", "jcdx"),
    ("bxbf", "防返贫保险保费", "防返贫保险保费", "万元", "合计", None, None, None, None),
    ("bxpf", "防返贫保险赔付", "防返贫保险赔付", "万元", "合计", None, None, None, None),
    ("pfl", "防返贫保险赔付率", "防返贫保险赔付", "%", "比率", "防返贫保险保费", None, None, None),
]
SECTIONS = [  # 部分, 段落引语, 指标, 文字
    (
        "开头",
        "",
        "",
        "{年份}年，市巩固衔接办坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院和省委、"
        "省政府关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署，按照月调度、月通报工作机制，"
        "推进各项重点工作。现将{年份}年工作情况总结如下。",
    ),
    (
        "强化组织领导，狠抓责任落实",
        "高位推动抓落实。",
        "",
        "市委、市政府把巩固拓展脱贫攻坚成果同乡村振兴有效衔接作为“三农”工作的首要任务，定期研究部署，"
        "建立月调度、月通报工作机制，压紧压实各级责任。",
    ),
    (
        "强化组织领导，狠抓责任落实",
        "资金保障抓落实。",
        "zjzc",
        "持续加大衔接资金投入力度，加快资金拨付和项目实施进度。",
    ),
    (
        "守牢底线任务，巩固脱贫成果",
        "动态监测帮扶。",
        "xsb、jcdx、xcfx",
        "坚持早发现、早干预、早帮扶，对监测对象逐户落实帮扶措施。",
    ),
    (
        "守牢底线任务，巩固脱贫成果",
        "防贫保险兜底。",
        "bxbf、bxpf、pfl",
        "全面推行防返贫保险，为脱贫人口和监测对象织密保障网。",
    ),
    (
        "促进稳定增收，激发内生动力",
        "稳岗就业增收。",
        "wgjy、rjsr",
        "通过劳务协作、就业帮扶车间和公益性岗位，多渠道促进脱贫劳动力就业。",
    ),
    ("促进稳定增收，激发内生动力", "金融帮扶增收。", "xexd、yql", "用足用好脱贫人口小额信贷政策，应贷尽贷、应续尽续。"),
    (
        "促进稳定增收，激发内生动力",
        "消费帮扶增收。",
        "xfbf、xmkg",
        "深入开展消费帮扶，推动帮扶产品进机关、进学校、进企业。",
    ),
    (
        "{下一年}年工作打算",
        "",
        "",
        "{下一年}年，我们将坚持把巩固拓展脱贫攻坚成果同乡村振兴有效衔接作为头等大事，"
        "守牢不发生规模性返贫底线，健全防止返贫动态监测和帮扶机制，推动各项重点指标稳中有进。",
    ),
]


def year_rows(rng: random.Random, months: dict) -> dict[int, dict[str, dict]]:
    """Year-level rows for 2021 and 2022; monitoring counts agree with each December's monthly table."""
    years: dict[int, dict[str, dict]] = {}
    for name, size, pace, _ in COUNTIES:
        population = count(110000 * size * rng.uniform(0.85, 1.15))
        income = 12500 + 3000 * (pace - 0.8) + rng.uniform(-600, 600)
        for year, grow in ((YEAR, 1.0), (YEAR - 1, 1 / rng.uniform(1.08, 1.16))):
            dec = months[(year, 12)][name]
            hh, people = dec["防返贫动态监测/监测对象户数"], dec["防返贫动态监测/监测对象人数"]
            eliminated = dec["防返贫动态监测/已消除风险人数"]
            new_hh = count(hh * rng.uniform(0.10, 0.20))
            premium = money(900 * size * rng.uniform(0.85, 1.15) * grow)
            years.setdefault(year, {})[name] = {
                "脱贫人口数": count(population * (1 if year == YEAR else rng.uniform(0.99, 1.0))),
                "人均纯收入": money(income * grow),
                "新识别户数": new_hh,
                "新识别人数": count(new_hh * rng.uniform(2.2, 2.6)),
                "监测对象户数": hh,
                "监测对象人数": people,
                "消除风险户数": count(hh * eliminated / people * rng.uniform(0.97, 1.03)),
                "消除风险人数": eliminated,
                "防返贫保险保费": premium,
                "防返贫保险赔付": money(float(premium) * rng.uniform(0.45, 0.9)),
            }
    return years


def write_yearly(out: Path, months: dict) -> None:
    """年度数据/2021年.xlsx, 2022年.xlsx and 年度总结.xlsx (drawn from their own seed: the monthly files stay as they were)."""
    rng = random.Random(SEED + 1)
    for year, rows in sorted(year_rows(rng, months).items()):
        grid = [[f"{CITY}{year}年巩固衔接年度数据{MARK}"], ["县区", *(f"{c}" for c, _ in YEAR_COLUMNS)]]
        grid += [[county, *(rows[county][c] for c, _ in YEAR_COLUMNS)] for county in NAMES]
        write_xlsx(
            out / "年度数据" / f"{year}年.xlsx",
            f"{year}年",
            grid,
            widths=[10] + [14] * len(YEAR_COLUMNS),
            header_rows=(1,),
            table_rows=range(2, len(grid)),
        )
    path = out / "年度总结.xlsx"
    grid = [
        [f"{CITY}年度工作总结：年度指标定义{MARK}"],
        ["代码", "指标名称", "数据列", "单位", "算法", "权数列", "配对列", "配对单位", "占比于"],
    ]
    grid += [list(row) for row in YEAR_INDICATORS]
    write_xlsx(
        path, "年度指标", grid, widths=[7, 20, 16, 6, 6, 16, 12, 9, 8], header_rows=(1,), table_rows=range(2, len(grid))
    )
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("部分")
    sheet.append([f"{CITY}年度工作总结：部分与段落{MARK}"])
    sheet.append(["部分", "段落引语", "指标", "文字"])
    for row in SECTIONS:
        sheet.append(list(row))
    for c, width in enumerate([26, 18, 24, 80], 1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    book.save(path)
    freeze(path)


def write_ledger(out: Path) -> None:
    day = lambda s: dt.date.fromisoformat(s) if s else None  # noqa: E731
    grid = [
        [f"{CITY}巩固衔接问题整改台账{MARK}"],
        list(LEDGER_COLUMNS),
    ]
    for i, (county, origin, text, unit, found, deadline, status, done, note) in enumerate(LEDGER, 1):
        grid.append(
            [f"WT-{i:03d}", county, origin, text, unit, day(found), day(deadline), status, day(done), note or None]
        )
    write_xlsx(
        out / "问题台账.xlsx",
        "问题台账",
        grid,
        widths=[8, 9, 10, 46, 13, 12, 12, 9, 13, 24],
        header_rows=(1,),
        table_rows=range(2, len(grid)),
        wrap_cols=(4,),
    )


def write_plan(out: Path) -> int:
    """工作要点/2023年.xlsx: a 总体要求 sheet (标题, 总体要求), 目标增长率, and the 任务 sheet, one row per task."""
    book = openpyxl.Workbook()
    intro = book.active
    intro.title = "总体要求"
    for row in (
        [f"{CITY}{PLAN_YEAR}年工作要点任务表{MARK}"],
        ["项目", "内容"],
        ["标题", f"{CITY}{PLAN_YEAR}年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点"],
        ["总体要求", PLAN_INTRO],
    ):
        intro.append(row)
    intro.column_dimensions["A"].width, intro.column_dimensions["B"].width = 10, 100
    rates = book.create_sheet("目标增长率")
    for row in ([f"{PLAN_YEAR}年目标增长率{MARK}"], ["指标", "增长率"], *PLAN_RATES):
        rates.append(list(row))
    rates.column_dimensions["A"].width, rates.column_dimensions["B"].width = 22, 10
    tasks = book.create_sheet("任务")
    tasks.append([f"{CITY}{PLAN_YEAR}年工作要点任务{MARK}"])
    tasks.append(["部分", "标题", "内容", "牵头单位", "配合单位", "落实单位"])
    count = 0
    for section, items in PLAN_SECTIONS:
        for i, item in enumerate(items):
            tasks.append([section if i == 0 else None, *item])  # a section is named once, like merged cells
            count += 1
    for col, width in zip("ABCDEF", (24, 22, 60, 22, 22, 18)):
        tasks.column_dimensions[col].width = width
    for sheet in (intro, rates, tasks):
        sheet["A1"].font = Font(name="宋体", size=16, bold=True)
        for cell in sheet[2]:
            cell.font, cell.alignment, cell.border = Font(bold=True), CENTER, BOX
    path = out / "工作要点" / f"{PLAN_YEAR}年.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    freeze(path)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="workspace folder (default: data/)")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    targets, months = build_numbers(rng)
    (out / "设置.yaml").write_text(SETTINGS, encoding="utf-8")
    write_roster(out)
    write_indicators(out)
    write_targets(out, targets)
    write_months(out, months)
    write_ledger(out)
    write_yearly(out, months)
    tasks = write_plan(out)
    print(
        f"示例数据已写入 {out}：{len(months)}个月的月报，{len(NAMES)}个县区，{len(LEDGER)}条问题，{tasks}项工作要点任务"
    )


if __name__ == "__main__":
    main()
