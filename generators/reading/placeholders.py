"""The 【】 placeholders an office writes in its own sentences (年度总结.xlsx, 工作要点): their syntax, read
here; the figures they name are worded by generators/numbers/placeholders.py.

    【名称】  【2022年名称】  【名称×1.02】  【修饰:名称】 (修饰: 较上年 上年 增幅 占比 任务 完成率 目标)
    【年份】【上一年】【下一年】
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from generators.errors import Problem, Source

PLACEHOLDER = re.compile(r"【([^【】]*)】")
MODIFIERS = ("较上年", "上年", "增幅", "占比", "任务", "完成率", "目标")
SCALED = ("", "上年", "任务", "目标")  # the modifiers a factor (×1.02) may go with: amounts
YEAR_WORDS = {"年份": 0, "上一年": -1, "下一年": 1}
AS_OF = "截至"  # 【截至】: how far the figures run (「截至2022年11月底」, or 「2022年」 for a finished year)
_INNER = re.compile(
    r"^\s*(?:(\d{4})\s*年\s*)?(?:("
    + "|".join(MODIFIERS)
    + r")\s*[:：]\s*)?(.+?)\s*(?:[×xX*＊]\s*([0-9０-９.．]+)\s*)?$"
)
_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
EXAMPLES = "「【2022年指标名称】」「【指标名称×1.02】」「【较上年:指标名称】」或「【2023年目标:指标名称】」"


@dataclass(frozen=True)
class Placeholder:
    written: str  # inside the brackets, as typed
    year: int | None
    modifier: str  # "" or one of MODIFIERS
    name: str
    factor: Decimal | None


def parse(inner: str) -> Placeholder | str:
    """One placeholder's parts, or why it cannot be read."""
    m = _INNER.match(inner)
    if not m or not m[3]:
        return f"无法识别的占位符「【{inner}】」"
    factor = None
    if m[4]:
        try:
            factor = Decimal(m[4].translate(_DIGITS))
        except InvalidOperation:
            factor = Decimal(0)
        if not factor.is_finite() or factor <= 0:
            return f"占位符「【{inner}】」中的倍数无效"
    modifier = m[2] or ""
    if factor is not None and modifier not in SCALED:
        return f"占位符「【{inner}】」：「{modifier}」不能乘倍数"
    return Placeholder(inner, int(m[1]) if m[1] else None, modifier, m[3], factor)


def found(text: str, source: Source, problems: list[Problem]) -> list[Placeholder]:
    """The placeholders of `text` that can be read; each that cannot (and 【】 not in pairs) is a Problem."""
    if text.count("【") != text.count("】"):
        problems.append(Problem(source, "占位符的「【」「】」不成对", text, "如【2022年脱贫劳动力务工就业】"))
        return []
    result = []
    for inner in PLACEHOLDER.findall(text):
        ph = parse(inner.strip())
        if isinstance(ph, str):
            problems.append(Problem(source, ph, expected=EXAMPLES))
        else:
            result.append(replace(ph, written=inner))
    return result
