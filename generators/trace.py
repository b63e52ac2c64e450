"""计算过程: a workbook beside a bulletin that shows how every figure was reached (`gen bulletin --trace`).

For each county and indicator: the values read (with the cell each came from), the target, the compared
figure in full precision and as printed, the rank and the 单项得分; the composite table; the city's sums.
An office can check any number of the bulletin in Excel without gongwen. pandas shapes the county ×
indicator tables; the workbook is written by generators/xlsx (text cells stay text).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from generators.numbers.figures import MonthFigures
from generators.reading.tables import MonthData

SUFFIX = "（计算过程）"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def frames(figures: MonthFigures, data: MonthData):
    """(per county and indicator, composite scores, city) as pandas frames; values read stay Decimal,
    so the city's sums are exact."""
    import pandas as pd

    long = []
    for fig in figures.indicators:
        ind = fig.indicator
        for f in fig.counties:
            row = data.values.get(f.county, {})
            num = row.get(ind.column)
            den = row.get(ind.denominator) if ind.denominator else None
            long.append(
                {
                    "县区": f.county,
                    "指标": ind.name,
                    "数据列": ind.column,
                    "数值": num.number if num else None,
                    "来源": str(num.source) if num else "",
                    "分母列": ind.denominator or "",
                    "分母": den.number if den else None,
                    "年度目标": f.target,
                    "比较值（完成率或比率）": _number(f.compared),
                    "印出值": _number(f.shown),
                    "位次": f.rank,
                    "单项得分": _number(f.score) if ind.weight else None,
                }
            )
    detail = pd.DataFrame(long)
    weighted = [fig.indicator.name for fig in figures.weighted]
    scores = (
        detail[detail["指标"].isin(weighted)]
        .pivot(index="县区", columns="指标", values="单项得分")
        .reindex(index=[r.county for r in figures.ranking], columns=weighted)
    )
    scores["综合得分"] = [float(r.score) for r in figures.ranking]
    scores["名次"] = [r.rank for r in figures.ranking]
    scores[f"{figures.period.compared_name}名次"] = [r.previous_rank for r in figures.ranking]
    # The city's sums, over the counties that take part: a rate counts a county with both its numerator
    # and denominator, an amount a county with its value (and its target, for 完成率).
    detail["下"] = detail["分母"].fillna(detail["年度目标"])
    counted = detail[detail["数值"].notna() & (detail["分母列"].eq("") | detail["分母"].notna())]
    sums = counted.groupby("指标", sort=False)[["数值", "下"]].sum(min_count=1)
    detail = detail.drop(columns="下")
    city = pd.DataFrame(
        [
            {
                "指标": fig.indicator.name,
                "Σ数值": sums["数值"].get(fig.indicator.name),
                "Σ分母或年度目标": sums["下"].get(fig.indicator.name),
                "全市值（比率为Σ分子÷Σ分母）": _number(fig.city_value),
                "全市比较值（完成率或比率）": _number(fig.city_compared),
                "序时进度": float(figures.schedule) if fig.held_to_schedule else None,
            }
            for fig in figures.indicators
        ]
    )
    return detail, scores.reset_index(), city


def _rows(frame) -> tuple[list[str], list[list]]:
    """A frame as header and rows for the writer: NaN (a blank) as None, whole numbers kept whole."""
    import pandas as pd

    def cell(v):
        if v is None or (not isinstance(v, (str, Decimal)) and pd.isna(v)):
            return None
        return float(v) if isinstance(v, Decimal) else v

    rows = [[cell(v) for v in record] for record in frame.itertuples(index=False)]
    return [str(c) for c in frame.columns], rows


def workbook(figures: MonthFigures, data: MonthData, issued: dt.date) -> bytes:
    from generators.xlsx import workbook_bytes

    detail, scores, city = frames(figures, data)
    sheets = [(name, *_rows(frame)) for name, frame in (("各县区指标", detail), ("综合得分", scores), ("全市", city))]
    return workbook_bytes(sheets, issued)


def path_beside(document: Path) -> Path:
    return document.with_name(document.stem + SUFFIX + ".xlsx")
