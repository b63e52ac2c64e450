"""公文标题 broken into lines: one rule for every kind.

GB/T 9704 §7.3.3 asks for a title broken where the meaning breaks, symmetric, as a diamond or a
trapezoid. A title is cut into atoms that never break (a vocabulary word, 《…》, 「2022年」, a digit
run with its unit, punctuation with the word it follows), then every split of the atoms into the
fewest lines that fit is scored: lines close to the mean width, no line shorter than both its
neighbours (an hourglass), the first line not much shorter than the second, breaks preferred after
punctuation and before 和/与/及 and 的通报, breaks between two unknown characters (likely inside a
name) avoided. A title too long to try every split (SEARCH_STEPS) gets the split that is best line by
line instead. A Chinese segmenter was measured and rejected: jieba is 42 MB and ~0.8 s of CPU to
load its dictionary, for titles that use a small 公文 vocabulary.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

from generators.word import gbt9704 as G
from generators.word.ooxml import PT_PER_MM

# Characters of 2号 a line of the 版心 holds: 156 mm / 7.76 mm = 20.
LINE_CHARS = int(G.TEXT_WIDTH_MM * PT_PER_MM / G.TITLE_SIZE_PT)
# 小标宋's digits and latin letters run wider than half a character.
LATIN_WIDTH = 0.6
# Word (autoSpaceDN) and LibreOffice set a gap of about a quarter character between a run of digits or
# Latin letters and the Chinese beside it: 「2023 年 5 月」. A line estimated without it wraps its last word.
LATIN_GAP = 0.25
# Splits the exact search may try for one title. Real titles take a few hundred, the longest in the tests
# (two bulletin titles end to end) about 2,100; a county name of a hundred characters would take billions,
# and such a title gets the line-by-line optimum instead (`_additive_split`).
SEARCH_STEPS = 10_000

# Words a 公文 title is made of; longest match wins, so compounds keep their parts together.
_WORDS = """
    关于 督促 抓好 做好 加强 加快 推进 推动 落实 开展 实施 进一步 切实 全面 深入 扎实 认真 严格
    巩固 拓展 巩固拓展 脱贫 攻坚 脱贫攻坚 成果 乡村 振兴 乡村振兴 有效 衔接 有效衔接
    巩固衔接 问题 整改 问题整改 整改落实 重点 工作 重点工作 进展 情况 进展情况 推进情况
    全市 全省 全县 全区 各县区 县区 市级 省级 年度 上半年 下半年 季度 月份 一季度 二季度 三季度 四季度
    通报 通知 报告 请示 批复 意见 函 提醒函 纪要 决定 方案 计划 总结 要点 工作要点 工作总结 工作计划
    的通报 的通知 的报告 的请示 的批复 的意见 的函 的提醒函 的纪要 的决定 的方案 的计划 的总结
    印发 转发 表彰 考核 评估 评价 督查 督办 检查 调度 监测 帮扶 防止 返贫 防止返贫 动态 监测帮扶
    资金 项目 衔接资金 资金支出 支出 进度 产业 就业 务工 收入 人口 农村 农民 低收入 易地 搬迁
    易地搬迁 后续 扶持 后续扶持 消费 协作 东西部 东西部协作 定点 定点帮扶 驻村 干部 责任 制度
    机制 体系 建设 管理 服务 发展 安全 生产 组织 领导 专项 行动 部署 安排 通报批评 表扬
    数据 质量 统计 报送 信息 系统 台账 核查 排查 风险 隐患 政策 措施 任务 目标 成效 经验 做法
"""
VOCABULARY = frozenset(_WORDS.split())
_LONGEST = max(map(len, VOCABULARY))

CONJUNCTIONS = frozenset("和与及同并暨")
FUNCTION_CHARS = CONJUNCTIONS | frozenset("的对在为于把将从以")
CLOSING = frozenset("，、。；：？！）》」』”’〕】")
OPENING = frozenset("（《「『“‘〔【")
UNITS = ("月份", "年度", "年", "月", "日", "号", "份", "个", "项", "万", "亿", "%", "％")


def _char_widths(text: str) -> list[float]:
    """Each character's width in 2号 characters; a gap between Latin and Chinese counts to the Latin side."""
    widths = [LATIN_WIDTH if ch.isascii() else 1.0 for ch in text]
    for i in range(1, len(text)):
        if text[i - 1].isascii() != text[i].isascii():
            widths[i - 1 if text[i - 1].isascii() else i] += LATIN_GAP
    return widths


def width(text: str) -> float:
    """A text's width in 2号 characters, the gaps around its runs of digits and Latin letters included."""
    return sum(_char_widths(text))


def _atoms(title: str, keep: frozenset[str]) -> list[tuple[str, bool]]:
    """The title as unbreakable atoms, each with whether it is a known word (breaks around it are safe)."""
    words = VOCABULARY | keep
    longest = max(_LONGEST, *(len(k) for k in keep)) if keep else _LONGEST
    atoms: list[tuple[str, bool]] = []
    i, n = 0, len(title)
    while i < n:
        ch = title[i]
        if ch == "《":
            j = title.find("》", i)
            j = n if j < 0 else j + 1
            atoms.append((title[i:j], True))
            i = j
            continue
        if ch.isascii() and ch.isalnum():
            j = i
            while j < n and title[j].isascii() and (title[j].isalnum() or title[j] in ".-"):
                j += 1
            unit = next((u for u in UNITS if title.startswith(u, j)), "")
            atoms.append((title[i : j + len(unit)], True))
            i = j + len(unit)
            continue
        for size in range(min(longest, n - i), 1, -1):
            if title[i : i + size] in words:
                atoms.append((title[i : i + size], True))
                i += size
                break
        else:
            atoms.append((ch, ch in FUNCTION_CHARS or ch in CLOSING or ch in OPENING))
            i += 1
    # Punctuation never starts or ends a line away from its word: closing marks join the atom before,
    # opening marks the atom after.
    merged: list[tuple[str, bool]] = []
    pending = ""
    for text, known in atoms:
        if text in CLOSING and merged:
            merged[-1] = (merged[-1][0] + text, True)
        elif text in OPENING:
            pending += text
        else:
            merged.append((pending + text, known))
            pending = ""
    if pending:
        merged.append((pending, True))
    return merged


def _open_up(atom: tuple[str, bool], keep: frozenset[str], max_chars: float) -> list[tuple[str, bool]]:
    """A too-wide atom as its inner words, the brackets kept on the first and last."""
    text, known = atom
    if width(text) <= max_chars:
        return [atom]
    head = text[0] if text[0] in OPENING else ""
    tail = text[-1] if text[-1] in CLOSING else ""
    inner = text[len(head) : len(text) - len(tail)]
    parts = _atoms(inner, keep) if inner != text else [(ch, False) for ch in text]
    if len(parts) == 1:
        parts = [(ch, False) for ch in parts[0][0]]
    parts[0] = (head + parts[0][0], parts[0][1])
    parts[-1] = (parts[-1][0] + tail, parts[-1][1])
    return [p for part in parts for p in _open_up(part, keep, max_chars)]


def _break_cost(left: tuple[str, bool], right: tuple[str, bool], first: bool) -> float:
    """How bad a line break between two atoms reads (negative: a good place)."""
    ltext, lknown = left
    rtext, rknown = right
    if first and ltext == "关于":
        return 4.0  # 关于 leads its subject
    if ltext[-1] in CLOSING:
        return -3.0
    if rtext.startswith("的") and len(rtext) > 1 and rtext in VOCABULARY:
        return -1.0  # before 的通报
    if rtext[0] in CONJUNCTIONS and len(rtext) == 1:
        return -1.5
    if ltext in CONJUNCTIONS:
        return -0.5
    if ltext == "的":
        return 1.5
    if not lknown and not rknown:
        return 8.0  # between two unknown characters: likely inside a name
    return 0.0


def _shape_cost(widths: list[float]) -> float:
    """Diamond or inverted trapezoid: lines near their mean, no hourglass, the top not the shortest."""
    mean = sum(widths) / len(widths)
    cost = sum((w - mean) ** 2 for w in widths) / 2
    for a, b, c in zip(widths, widths[1:], widths[2:], strict=False):
        if b < min(a, c) - 1:
            cost += 20 + 4 * (min(a, c) - b)
    if len(widths) >= 2 and widths[0] < widths[1] - 1:
        cost += widths[1] - widths[0]
    return cost


def break_title(title: str, max_chars: float = LINE_CHARS, keep: tuple[str, ...] = ()) -> list[str]:
    """The title's lines: fewest that fit `max_chars` (2号 characters, digits counted narrower),
    broken between words, roughly symmetric. `keep`: names to keep whole (a county, an organ)."""
    return list(_break(title.strip(), float(max_chars), frozenset(keep)))


@lru_cache(maxsize=256)
def _break(title: str, max_chars: float, keep: frozenset[str]) -> tuple[str, ...]:
    if width(title) <= max_chars:
        return (title,) if title else ()
    atoms = _atoms(title, keep)
    # An atom wider than a line (a very long 《…》) gives way to its own words.
    if any(width(text) > max_chars for text, _ in atoms):
        atoms = [part for atom in atoms for part in _open_up(atom, keep, max_chars)]
    # Widths in the title's context: an atom of digits carries the gaps to its Chinese neighbours, so a
    # line's width never exceeds the sum of its atoms' (a gap at a line's edge is simply not printed).
    chars = _char_widths("".join(text for text, _ in atoms))
    ends = list(itertools.accumulate(len(text) for text, _ in atoms))
    widths = [sum(chars[end - len(text) : end]) for (text, _), end in zip(atoms, ends, strict=True)]
    total = sum(widths)
    fewest = math.ceil(total / max_chars)
    best: tuple[float, list[int]] | None = None
    budget = [SEARCH_STEPS]
    for lines in range(fewest, len(atoms) + 1):
        try:
            found = _best_split(atoms, widths, lines, max_chars, strict=lines <= fewest + 2, budget=budget)
        except _OutOfSteps:
            found = _additive_split(atoms, widths, lines, max_chars)
        if found is not None:
            cost = found[0] + 12 * (lines - fewest)
            if best is None or cost < best[0]:
                best = (cost, found[1])
        if best is not None and lines > fewest:
            break
    assert best is not None  # every atom fits a line, so len(atoms) lines always do
    cuts = [0, *best[1], len(atoms)]
    return tuple("".join(text for text, _ in atoms[a:b]) for a, b in zip(cuts, cuts[1:], strict=False))


class _OutOfSteps(Exception):
    pass


def _best_split(
    atoms, widths, lines: int, max_chars: float, strict: bool, budget: list[int]
) -> tuple[float, list[int]] | None:
    """The cheapest cut of atoms into `lines` lines, each line within `max_chars` and, when `strict`,
    not below a quarter of the mean (which keeps the search small). Every split tried takes a step
    from `budget`; _OutOfSteps when none is left."""
    n = len(atoms)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    floor = min(prefix[-1] / lines * 0.25, max_chars) if strict else 0.0
    best: tuple[float, list[int]] | None = None

    def walk(start: int, left: int, cuts: list[int], breaks: float) -> None:
        nonlocal best
        budget[0] -= 1
        if budget[0] < 0:
            raise _OutOfSteps
        if left == 1:
            last = prefix[n] - prefix[start]
            if last > max_chars:
                return
            line_widths = [prefix[b] - prefix[a] for a, b in zip([0, *cuts], [*cuts, n], strict=False)]
            cost = breaks + _shape_cost(line_widths) + _last_line_cost(atoms, cuts[-1])
            if best is None or cost < best[0]:
                best = (cost, list(cuts))
            return
        for end in range(start + 1, n - left + 2):
            line = prefix[end] - prefix[start]
            if line > max_chars:
                break
            if line < floor or prefix[n] - prefix[end] > max_chars * (left - 1):
                continue
            cost = _break_cost(atoms[end - 1], atoms[end], first=start == 0)
            walk(end, left - 1, [*cuts, end], breaks + cost)

    walk(0, lines, [], 0.0)
    return best


def _last_line_cost(atoms, start: int) -> float:
    """「的通报」 alone on the last line reads badly."""
    last = atoms[-1][0]
    return 15.0 if len(atoms) - start == 1 and last in VOCABULARY and last.startswith("的") else 0.0


def _additive_split(atoms, widths, lines: int, max_chars: float) -> tuple[float, list[int]] | None:
    """The cut into `lines` lines that is cheapest in the costs that add up line by line (breaks and the
    lines' spread about their mean), found by dynamic programming in O(lines × atoms × atoms a line
    holds); scored with the full cost. For titles too long to search every split of (a county name of
    a hundred characters)."""
    n = len(atoms)
    prefix = list(itertools.accumulate(widths, initial=0.0))
    mean = prefix[-1] / lines
    inf = math.inf
    # cost[k][e]: the cheapest k lines ending at atom e; back[k][e]: where the k-th line starts.
    cost = [[inf] * (n + 1) for _ in range(lines + 1)]
    back = [[0] * (n + 1) for _ in range(lines + 1)]
    cost[0][0] = 0.0
    for k in range(1, lines + 1):
        for start in range(n):
            if cost[k - 1][start] == inf:
                continue
            for end in range(start + 1, n + 1):
                line = prefix[end] - prefix[start]
                if line > max_chars:
                    break
                step = (line - mean) ** 2 / 2
                if end < n:
                    step += _break_cost(atoms[end - 1], atoms[end], first=start == 0)
                if cost[k - 1][start] + step < cost[k][end]:
                    cost[k][end], back[k][end] = cost[k - 1][start] + step, start
    if cost[lines][n] == inf:
        return None
    cuts, end = [], n
    for k in range(lines, 1, -1):
        end = back[k][end]
        cuts.append(end)
    cuts.reverse()
    line_widths = [prefix[b] - prefix[a] for a, b in zip([0, *cuts], [*cuts, n], strict=False)]
    breaks = sum(_break_cost(atoms[c - 1], atoms[c], first=a == 0) for a, c in zip([0, *cuts], cuts, strict=False))
    return breaks + _shape_cost(line_widths) + _last_line_cost(atoms, cuts[-1]), cuts
