"""The bulletin's wording from the tiny workspace, every number worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

from generators import bulletin
from generators.numbers.figures import period_figures
from generators.reading.entry import read_period
from generators.reading.workspace import Month, Workspace


def figures(root):
    ws = Workspace(root)
    return period_figures(ws, read_period(ws, Month(2022, 11)))


def test_city_sentences(tiny):
    zjzc, wgjy = figures(tiny).indicators
    # 3330 / 4300 = 77.44%; 91.67 - 77.44 = 14.23; October 2980 / 4300 = 69.30%, +8.14 (printed minus printed)
    assert (
        bulletin.city_sentence(zjzc, Month(2022, 11))
        == "衔接资金支出进度为77.44%，低于序时进度14.23个百分点，较上月提高8.14个百分点"
    )
    # 3350 people of 3700 targeted = 90.54%; 91.67 - 90.54 = 1.13; October 3020 / 3700 = 81.62%, +8.92
    assert bulletin.city_sentence(wgjy, Month(2022, 11)) == (
        "脱贫劳动力务工就业3350人，完成年度任务的90.54%，低于序时进度1.13个百分点，完成率较上月提高8.92个百分点"
    )


def test_item_text_names_counties_by_schedule(tiny):
    zjzc, _ = figures(tiny).indicators
    text = bulletin.item_text(zjzc, Month(2022, 11))
    assert "达到序时进度的有2个县区：石楼县、甲县" in text
    assert "低于序时进度的有2个县区：乙县、丁县" in text


def test_ranking_sentence_and_overview(tiny):
    figs = figures(tiny)
    assert bulletin.ranking_sentence(figs).startswith(
        "按照各项指标权重计算综合得分，排名依次为甲县、石楼县、乙县、丁县。"
    )
    first, second = bulletin.overview(figs)
    assert first.startswith("截至2022年11月底，全市衔接资金支出进度为77.44%")
    assert second == "按序时进度（91.67%）衡量，全市2项序时指标均低于序时进度：衔接资金支出进度、脱贫劳动力务工就业。"


def test_context_head_from_settings(tiny):
    ctx = bulletin.build(Workspace(tiny), Month(2022, 11), dt.date(2022, 12, 5)).context
    head = ctx["head"]
    assert head["doc_number"] == "小巩衔办发〔2022〕7号"
    assert head["date"] == "2022年12月5日"
    assert head["cc"] == "市委农办，市财政局。"
    assert head["title"] == "关于2022年11月份全市巩固拓展\n脱贫攻坚成果同乡村振兴有效衔接\n重点工作进展情况的通报"
    assert [r["county"] for r in ctx["ranking"]["rows"]] == ["甲县", "石楼县", "乙县", "丁县"]
    assert [r["score"] for r in ctx["ranking"]["rows"]] == ["98.70", "73.33", "32.61", "4.44"]
