"""Shared fixtures: a tiny hand-made workspace for exact checks, and the sample workspace."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"

SETTINGS = """\
# 测试用设置
发文机关:
  全称: 小市巩固拓展脱贫攻坚成果同乡村振兴有效衔接领导小组办公室
  简称: 市巩固衔接办
  标志: 小市巩固衔接办文件
  署名: 小市巩固衔接办
  城市: 小市

发文字号:
  前缀: 小巩衔办发
  下一个序号: 7
  函前缀: 小巩衔办函
  函下一个序号: 3

公文:
  主送: 各县（市、区）巩固衔接办
  抄送: [市委农办, 市财政局]
  印发机关: 小市巩固衔接办

联系:
  联系人: 李四
  电话: 0000-1234567

提醒函:
  提前天数: 15
  回复天数: 10
"""

COUNTIES = ["甲县", "乙县", "石楼县", "丁县"]
HEADER = [
    ["小市巩固衔接月报表（测试数据）"],  # month_rows(month=…) names the month, as counties' titles do
    ["填报单位：各县巩固衔接办　　填报日期：2022年12月3日"],
    ["单位：人、万元"],
    ["序号", "县区", "衔接资金", None, "务工人数"],
    [None, None, "下达资金", "已支出资金", None],
]
MERGES = ["A4:A5", "B4:B5", "C4:D4", "E4:E5"]
NOTES = ["填报说明：数据为当年累计数。"]

# November values: 下达资金, 已支出资金, 务工人数 (targets below).
NOVEMBER = {"甲县": (1000, 950, 1100), "乙县": (2000, 1500, 800), "石楼县": (500, 480, 450), "丁县": (800, 400, 1000)}
OCTOBER = {"甲县": (1000, 900, 1000), "乙县": (2000, 1400, 700), "石楼县": (500, 300, 420), "丁县": (800, 380, 900)}
TARGETS = {"甲县": 1000, "乙县": 1000, "石楼县": 500, "丁县": 1200}


def write_xlsx(path: Path, rows, merges=(), sheet="Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def month_rows(values: dict, total: bool = True, month: str = "") -> list[list]:
    """A county table of `values`; `month` (「2022年11月」) goes into its title, which must then agree with
    the month the table is read as."""
    rows = [list(r) for r in HEADER]
    if month:
        rows[0] = [f"小市{month}巩固衔接月报表（测试数据）"]
    if total:
        sums = [sum(v[i] for v in values.values()) for i in range(3)]
        rows.append([None, "合计", *sums])
    rows += [[i, name, *vals] for i, (name, vals) in enumerate(values.items(), 1)]
    rows.append(list(NOTES))
    return rows


def write_indicators(root: Path, scheduled: str = "是", weight: int = 40) -> Path:
    """The tiny workspace's two indicators; `scheduled` and `weight` are 务工's 序时进度 and 权重."""
    return write_xlsx(
        root / "指标.xlsx",
        [
            ["指标（测试数据）"],
            ["代码", "指标名称", "单位", "类型", "数据列", "分母列", "方向", "序时进度", "权重", "上限"],
            [
                "zjzc",
                "衔接资金支出进度",
                "%",
                "比率",
                "衔接资金/已支出资金",
                "衔接资金/下达资金",
                "越高越好",
                "是",
                60,
                "100%",
            ],
            ["wgjy", "脱贫劳动力务工就业", "人", "累计值", "务工人数", None, "越高越好", scheduled, weight, None],
        ],
    )


def build_tiny(root: Path, rename: dict | None = None) -> Path:
    """The tiny workspace; `rename` swaps county names everywhere (e.g. to test 「A&B」)."""
    rename = rename or {}
    counties = [rename.get(n, n) for n in COUNTIES]
    nov = {rename.get(n, n): v for n, v in NOVEMBER.items()}
    octo = {rename.get(n, n): v for n, v in OCTOBER.items()}
    targets = {rename.get(n, n): v for n, v in TARGETS.items()}
    root.mkdir(parents=True, exist_ok=True)
    (root / "设置.yaml").write_text(SETTINGS, encoding="utf-8")
    write_xlsx(
        root / "县区名单.xlsx",
        [
            ["县区名单（测试数据）"],
            ["序号", "县区名称", "别名", "类别"],
            *[[i, n, "石楼" if n == "石楼县" else "", ""] for i, n in enumerate(counties, 1)],
        ],
    )
    write_indicators(root)
    write_xlsx(
        root / "年度目标" / "2022年.xlsx",
        [["2022年目标（测试数据）"], ["县区", "脱贫劳动力务工就业"], *[[n, t] for n, t in targets.items()]],
    )
    write_xlsx(root / "月报" / "2022-10.xlsx", month_rows(octo, month="2022年10月"), MERGES)
    write_xlsx(root / "月报" / "2022-11.xlsx", month_rows(nov, month="2022年11月"), MERGES)
    return root


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A four-county workspace whose every number the tests know."""
    return build_tiny(tmp_path / "ws")


@pytest.fixture
def sample(tmp_path) -> Path:
    """A private copy of the sample workspace (so a test can never touch data/)."""
    return copy_sample(tmp_path / "data")


def copy_sample(to: Path) -> Path:
    """The sample's inputs, without the 发文登记 a run of the README's command may have left in data/."""
    from generators import register

    return Path(shutil.copytree(SAMPLE, to, ignore=shutil.ignore_patterns(register.FILE, register.LOCK)))


def tree_digest(root: Path) -> str:
    """A fingerprint of every file below root, to prove inputs were not modified. The 发文登记 and its
    lock are the tool's own files in the workspace, not inputs."""
    from generators import register

    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name not in (register.FILE, register.LOCK):
            h.update(str(p.relative_to(root)).encode() + p.read_bytes())
    return h.hexdigest()


LEDGER_HEADER = [
    "编号",
    "县区",
    "问题来源",
    "问题描述",
    "责任单位",
    "发现日期",
    "整改期限",
    "整改状态",
    "整改完成日期",
    "备注",
]


def ledger_row(id, county, deadline, status="整改中", found="2022-03-01", rectified=None, origin="国考反馈"):
    import datetime as dt

    day = lambda s: dt.datetime.strptime(s, "%Y-%m-%d") if s else None  # noqa: E731
    return [
        id,
        county,
        origin,
        f"{county}问题{id}的描述",
        "县乡村振兴局",
        day(found),
        day(deadline),
        status,
        day(rectified),
        None,
    ]


def write_ledger(root: Path, rows) -> Path:
    return write_xlsx(root / "问题台账.xlsx", [["问题整改台账（测试数据）"], LEDGER_HEADER, *rows])
