"""word.titles.break_title: every kind's title broken between words, symmetric, within the line."""

import pytest

from generators.word.titles import LINE_CHARS, break_title, width

SUBJECTS = [
    "全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况",
    "衔接资金支出进度",
    "防止返贫动态监测帮扶工作",
    "督促佳县抓好巩固衔接问题整改和重点工作推进",
    "进一步加强衔接资金项目管理、确保资金安全和项目效益",
    "印发《榆林市2023年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点》",
    "印发《全市易地搬迁后续扶持工作方案》",
    "做好2023年度东西部协作和定点帮扶工作",
    "2022年1月至11月全市农村低收入人口监测帮扶、务工就业和产业发展情况",
]
KINDS = ["的通报", "的通知", "的提醒函", "的报告", ""]
TITLES = [f"关于{s}{k}" for s in SUBJECTS for k in KINDS] + [
    "2022年全市巩固衔接工作总结",
    "关于2022年11月份全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报" * 2,
]


# Words a reader sees as one; kept independent of the module's vocabulary.
_WORDS = """巩固 拓展 脱贫 攻坚 成果 乡村 振兴 有效 衔接 重点 工作 进展 情况 资金 支出 进度 问题 整改 推进
提醒函 防止 返贫 动态 监测 帮扶 易地 搬迁 后续 扶持 东西部 协作 定点 佳县 印发 督促 抓好 做好 加强
进一步 项目 管理 确保 安全 效益 全市 年度 低收入 人口 务工 就业 产业 发展 工作要点 方案 通报 通知 报告"""
WORDS = _WORDS.split()


def _inside_word(lines: list[str]) -> list[str]:
    """Words the breaks cut: a word spanning the end of one line and the start of the next."""
    return [
        word
        for a, b in zip(lines, lines[1:])
        for word in WORDS
        for i in range(1, len(word))
        if a.endswith(word[:i]) and b.startswith(word[i:])
    ]


@pytest.mark.parametrize("title", TITLES)
def test_lines_fit_keep_words_and_are_symmetric(title):
    lines = break_title(title, keep=("佳县",))
    assert "".join(lines) == title
    assert all(width(line) <= LINE_CHARS for line in lines), lines
    assert len(lines) <= -(-width(title) // LINE_CHARS) + 1, lines
    # A break inside a word may only happen where no split along words fits; the vocabulary compounds
    # here always leave one.
    assert not _inside_word(lines), (lines, _inside_word(lines))
    widths = [width(line) for line in lines]
    for a, b, c in zip(widths, widths[1:], widths[2:]):
        assert b >= min(a, c) - 1, f"hourglass: {lines}"
    assert "佳" not in lines[0][-1:] or "县" not in "".join(lines[1:])[:1]
    for line in lines:
        assert line[0] not in "，、。；：）》", lines
        assert line[-1] not in "《（", lines


def test_titles_cover_the_lengths_asked():
    lengths = [len(t) for t in TITLES]
    assert min(lengths) <= 12 and max(lengths) >= 80


def test_sample_titles():
    assert break_title("关于2022年11月份全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报") == [
        "关于2022年11月份全市巩固拓展",
        "脱贫攻坚成果同乡村振兴有效衔接",
        "重点工作进展情况的通报",
    ]
    lines = break_title("关于督促石楼县抓好巩固衔接问题整改和重点工作推进的提醒函", keep=("石楼县",))
    assert len(lines) == 2 and "工作" not in [lines[0][-1:] + lines[1][:1]]
    assert not lines[0].endswith("工") and not lines[0].endswith("石楼")


def test_short_title_is_one_line_and_names_stay_whole():
    assert break_title("衔接资金支出进度的通报") == ["衔接资金支出进度的通报"]
    lines = break_title("关于督促神木市抓好巩固衔接问题整改和重点工作推进的提醒函", keep=("神木市",))
    assert any("神木市" in line for line in lines)


def test_years_and_books_are_never_split():
    for title in TITLES:
        for a, b in zip(break_title(title), break_title(title)[1:]):
            assert not (a[-1].isdigit() and b[0] in "年月日号"), (a, b)
            assert not (a[-1].isdigit() and b[0].isdigit()), (a, b)
    lines = break_title("关于印发《全市易地搬迁后续扶持工作方案》的通知", max_chars=20)
    assert any("《全市易地搬迁后续扶持工作方案》" in line for line in lines)


def test_gaps_around_digits_count_so_a_full_line_does_not_wrap():
    # 「关于2023年5月份全市巩固拓展脱贫攻坚成果」 is 20.0 characters without the gaps Word and LibreOffice put
    # around 「2023」 and 「5」; printed, its last character wrapped onto a line of its own.
    assert width("2023年5月") == 4 * 0.6 + 0.25 + 1 + 0.6 + 2 * 0.25 + 1
    assert break_title("关于2023年5月份全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报") == [
        "关于2023年5月份全市巩固拓展",
        "脱贫攻坚成果同乡村振兴有效衔接",
        "重点工作进展情况的通报",
    ]


def test_a_county_name_of_a_hundred_characters_is_broken_in_bounded_work(monkeypatch):
    # Every split of 150 atoms was tried before (80 characters: 4.7 s, 120: hours). Counted in break
    # costs weighed, not seconds: the exact search gives way to a line-by-line optimum.
    from generators.word import titles

    weighed = []
    cost = titles._break_cost
    monkeypatch.setattr(titles, "_break_cost", lambda *a, **k: weighed.append(1) or cost(*a, **k))
    name = ("东乡族撒拉族保安族自治" * 12)[:119] + "县"
    title = f"关于督促{name}抓好巩固衔接问题整改和重点工作推进的提醒函"
    lines = break_title(title, keep=(name,))
    assert "".join(lines) == title
    assert all(width(line) <= LINE_CHARS for line in lines), lines
    assert len(lines) <= -(-width(title) // LINE_CHARS) + 1
    assert lines[-1].endswith("的提醒函") and len(lines[-1]) > len("的提醒函")
    assert len(weighed) < 100_000, len(weighed)
