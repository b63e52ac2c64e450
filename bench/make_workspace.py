"""A province- or country-sized workspace for the benchmark: N synthetic counties, not committed.

It copies the sample workspace's settings and indicator definitions, and writes a roster, annual
targets, October and November 2022 tables (one workbook each) and a problem ledger for N counties
named 测试县0001…, with values drawn from a seeded generator so every run measures the same work.

    python bench/make_workspace.py 120 bench/work/ws120
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "data"

from generators.reading.ledger import COLUMNS as LEDGER_COLUMNS  # noqa: E402

GROUPS = [  # (group header, children) as in the sample's monthly tables
    ("防返贫动态监测", ["监测对象户数", "监测对象人数", "已消除风险人数"]),
    ("衔接资金", ["下达资金", "已支出资金"]),
    ("脱贫劳动力务工人数", [None]),
    ("小额信贷", ["当年放贷金额", "贷款余额", "逾期金额"]),
    ("消费帮扶", ["销售金额"]),
    ("项目建设", ["计划项目数", "开工项目数"]),
]
TARGET_COLUMNS = ["脱贫劳动力务工就业", "小额信贷新增放贷", "消费帮扶销售额"]


def county_names(n: int) -> list[str]:
    return [f"测试县{i:04d}" for i in range(1, n + 1)]


def header_rows(title: str) -> tuple[list[list], list[str]]:
    top, sub, merges, col = ["序号", "县区"], [None, None], ["A4:A5", "B4:B5"], 3
    for group, children in GROUPS:
        first = col
        for i, child in enumerate(children):
            top.append(group if i == 0 else None)
            sub.append(child)
            col += 1
        letter = openpyxl.utils.get_column_letter
        merges.append(f"{letter(first)}4:{letter(col - 1)}{4 if children[0] else 5}")
    return [[title], ["填报单位：各县巩固衔接办"], ["单位：户、人、万元、个"], top, sub], merges


def month_values(rng: random.Random, scale: float, month: int) -> list:
    share = month / 12
    households = int(300 * scale)
    people = households * 2 + rng.randint(0, 50)
    granted = round(20000 * scale * min(1, share + 0.1), 2)
    balance = round(6000 * scale * (0.8 + rng.random() * 0.4), 2)
    planned = int(60 * scale) + 1
    return [
        households,
        people,
        int(people * share * rng.uniform(0.7, 1.0)),
        granted,
        round(granted * share * rng.uniform(0.75, 1.05) if share < 1 else granted, 2),
        int(15000 * scale * share * rng.uniform(0.8, 1.2)),
        round(6000 * scale * share * rng.uniform(0.8, 1.2), 2),
        balance,
        round(balance * rng.uniform(0.01, 0.03), 2),  # within 10x of last month: gen refuses a tenfold jump
        round(9000 * scale * share * rng.uniform(0.8, 1.2), 2),
        planned,
        int(planned * min(1.0, share * rng.uniform(0.9, 1.2))),
    ]


def write(path: Path, rows: list[list], merges=()) -> None:
    book = openpyxl.Workbook(write_only=not merges)
    ws = book.active if merges else book.create_sheet("Sheet1")
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def build(n: int, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("设置.yaml", "指标.xlsx"):
        shutil.copy(SAMPLE / name, root / name)
    names = county_names(n)
    rng = random.Random(20221130)
    scales = {name: rng.uniform(0.4, 2.5) for name in names}
    write(
        root / "县区名单.xlsx",
        [
            ["县区名单（基准测试数据）"],
            ["序号", "县区名称", "别名", "类别"],
            *[[i, name, name[3:], ""] for i, name in enumerate(names, 1)],
        ],
    )
    write(
        root / "年度目标" / "2022年.xlsx",
        [
            ["2022年目标（基准测试数据）"],
            ["县区", *TARGET_COLUMNS],
            *[[name, int(15000 * s), int(6000 * s), int(9000 * s)] for name, s in scales.items()],
        ],
    )
    for month in (10, 11):
        rows, merges = header_rows(f"2022年{month}月月报表（基准测试数据）")
        month_rng = random.Random(month)
        rows += [[i, name, *month_values(month_rng, scales[name], month)] for i, name in enumerate(names, 1)]
        rows.append(["填报说明：数据为当年1月1日起累计数。"])
        write(root / "月报" / f"2022-{month}.xlsx", rows, merges)
    base = dt.datetime(2022, 11, 30)
    ledger = [
        ["问题整改台账（基准测试数据）"],
        list(LEDGER_COLUMNS),
    ]
    for i, name in enumerate(names):
        for k in range(2):
            deadline = base + dt.timedelta(days=rng.randint(-120, 40))
            ledger.append(
                [
                    f"WT-{i:04d}-{k}",
                    name,
                    "督导检查",
                    "帮扶措施落实不到位",
                    "县乡村振兴局",
                    deadline - dt.timedelta(days=90),
                    deadline,
                    rng.choice(["整改中", "未整改"]),
                    None,
                    None,
                ]
            )
    write(root / "问题台账.xlsx", ledger)
    return root


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "bench" / "work" / f"ws{count}"
    print(build(count, target))
