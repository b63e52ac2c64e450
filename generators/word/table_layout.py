"""Tables as rendered: rows that survive a page break, columns that fit their figures.

A template's table has one body row that docxtpl repeats, so what depends on the rows a table ends up
with is set after rendering, here:

- no row splits across pages (w:cantSplit): 「监测对象风险消除 / 率」 was a row cut in two;
- the header rows, the first body row and the last but one keep with the next row (keepNext on their
  paragraphs), so a page never ends with a header and one row, nor starts with a lone last row;
- the header rows repeat on every page (w:tblHeader, set in the template);
- the columns are sized to what they hold (`fit_columns`).
"""

from __future__ import annotations

import re

from generators.word.ooxml import PPR_ORDER, cell_margins, make, mm_twips, put, qn

# w:trPr's children in schema order (ECMA-376 CT_TrPrBase), for placing cantSplit.
TRPR_ORDER = [
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
    "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
]  # fmt: skip


def _row_props(row):
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = make(row, "trPr")
        tblpr_ex = row.find(qn("w:tblPrEx"))
        if tblpr_ex is not None:
            tblpr_ex.addnext(trpr)
        else:
            row.insert(0, trpr)
    return trpr


def is_header(row) -> bool:
    el = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    return el is not None and el.get(qn("w:val")) not in ("0", "false", "off")


def _keep_with_next(row) -> None:
    for p in row.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = make(p, "pPr")
            p.insert(0, ppr)
        put(ppr, "keepNext", PPR_ORDER)


def lay_out(table) -> None:
    """Rows unsplit and kept together at the table's ends (module docstring); tables without a header row
    (the 版记's frame) are left as they are."""
    rows = table.findall(qn("w:tr"))
    headers = [row for row in rows if is_header(row)]
    if not headers:
        return
    body = [row for row in rows if not is_header(row)]
    for row in rows:
        put(_row_props(row), "cantSplit", TRPR_ORDER)
    kept = headers + (body[:1] if len(body) >= 2 else []) + (body[-2:-1] if len(body) >= 3 else [])
    for row in kept:
        _keep_with_next(row)
    fit_columns(table)


def lay_out_tables(root) -> None:
    """Every table of a document part (`root`), nested ones included."""
    for table in root.iter(qn("w:tbl")):
        lay_out(table)


# ---------------------------------------------------------------- columns

# Sizes a table's type steps down through when its figures do not fit on one line: 小四, 五号, 小五.
TABLE_SIZES_PT = (12, 10.5, 9)
WORD_CELL_MARGIN_TWIPS = 108  # Word's default left and right cell margin (1.9 mm)
NARROW_MARGIN_MM = 1  # the margins of a table with many columns, as the letters' tables have
SLACK_PT = 2  # for rounding in the readers' own measuring
FONT_SLACK = 1.1  # a reader without Times New Roman sets figures a little wider (Noto Serif CJK's, 5 %)
# Advance widths in ems of Times New Roman (and its metric twin Liberation Serif) for what figures hold.
LATIN_EM = {".": 0.25, ",": 0.25, ":": 0.278, "%": 0.833, "-": 0.333, "+": 0.564, " ": 0.25, "/": 0.278}
AUTOSPACE_EM = 0.25  # the gap Word and LibreOffice set between a digit or Latin letter and a Chinese one
_TOKEN = re.compile(r"[（(《「][^）)》」]*[）)》」]|[A-Za-z0-9.,:%+\-/]+|\S")


def _em(ch: str) -> float:
    if ch.isascii():
        return LATIN_EM.get(ch, 0.72 if ch.isupper() else 0.5)
    return 1.0


def text_em(text: str) -> float:
    """The width of `text` on one line in ems of its size: Chinese and full-width marks 1, figures as set
    in Times New Roman, the gap between figures and Chinese characters included."""
    width = sum(_em(ch) for ch in text)
    for a, b in zip(text, text[1:]):
        if (
            a.isascii()
            and a.isalnum()
            and not b.isascii()
            and b.isalpha()
            or b.isascii()
            and b.isalnum()
            and not a.isascii()
            and a.isalpha()
        ):
            width += AUTOSPACE_EM
    return width


def longest_token_em(text: str) -> float:
    """The widest piece a line may not break inside: a number with its unit signs, a bracketed rank."""
    return max((text_em(t) for t in _TOKEN.findall(text)), default=0.0)


def _cell_text(cell) -> str:
    return "".join(t.text or "" for t in cell.iter(qn("w:t")))


def _margins_twips(table) -> int:
    mar = table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    sides = [mar.find(qn("w:" + s)) for s in ("left", "right")] if mar is not None else [None, None]
    return sum(
        int(el.get(qn("w:w"), WORD_CELL_MARGIN_TWIPS)) if el is not None else WORD_CELL_MARGIN_TWIPS for el in sides
    )


def _needs_twips(widest: list[float], size_pt: float, margins: int) -> list[int]:
    """Each column's width for its widest text (`widest`, in ems), at `size_pt`, with `margins`."""
    return [round((em * size_pt * FONT_SLACK + SLACK_PT) * 20) + margins for em in widest]


def _widest(columns: list[list[str]], measure) -> list[float]:
    return [max(map(measure, dict.fromkeys(col)), default=0.0) for col in columns]  # each text measured once


def _share(needs: list[int], total: int) -> list[int]:
    """The table's width among its columns: each its need, what is left in equal parts."""
    spare = (total - sum(needs)) // len(needs)
    return [n + spare for n in needs]


def column_plan(columns: list[list[str]], total: int, margins: int, widths: list[int]) -> tuple[list[int], float, int]:
    """Column widths (twips), the type size and the cell margins (left plus right, twips) for body cells
    `columns` (each column's texts) in a table `total` twips wide whose columns are now `widths`.

    Every figure on one line if it can be: at the largest of TABLE_SIZES_PT, then with cell margins of
    NARROW_MARGIN_MM; else in the smallest type broken only between a figure and its bracket; else (more
    columns than that) as they are, in the smallest type and margins."""
    narrow = min(margins, 2 * mm_twips(NARROW_MARGIN_MM))
    widest = _widest(columns, text_em)
    for margin in dict.fromkeys((margins, narrow)):
        for size in TABLE_SIZES_PT:
            needs = _needs_twips(widest, size, margin)
            if margin == margins and size == TABLE_SIZES_PT[0] and all(n <= w for n, w in zip(needs, widths)):
                return widths, size, margin
            if sum(needs) <= total:
                return _share(needs, total), size, margin
    smallest = TABLE_SIZES_PT[-1]
    needs = _needs_twips(_widest(columns, longest_token_em), smallest, narrow)
    if sum(needs) <= total:
        return _share(needs, total), smallest, narrow
    return widths, smallest, narrow


def _set_size(table, size_pt: float) -> None:
    from generators.word import gbt9704 as G
    from generators.word.ooxml import RPR_ORDER, twips

    for p in table.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = make(p, "pPr")
            p.insert(0, ppr)
        put(ppr, "spacing", PPR_ORDER, before=0, after=0, line=twips(size_pt * G.TABLE_LINE_RATIO), lineRule="exact")
    for run in table.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = make(run, "rPr")
            run.insert(0, rpr)
        put(rpr, "sz", RPR_ORDER, val=round(size_pt * 2))
        put(rpr, "szCs", RPR_ORDER, val=round(size_pt * 2))


def fit_columns(table) -> None:
    """Fixed column widths that every reader lays out alike, sized so no figure breaks (column_plan)."""
    from generators.word.ooxml import TBLPR_ORDER, TCPR_ORDER

    grid = table.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol")) if grid is not None else []
    rows = [row for row in table.findall(qn("w:tr")) if not is_header(row)]
    if not cols or not rows or any(len(row.findall(qn("w:tc"))) != len(cols) for row in rows):
        return  # merged cells: left to the template
    widths = [int(c.get(qn("w:w"), "0")) for c in cols]
    columns = [[_cell_text(row.findall(qn("w:tc"))[i]) for row in rows] for i in range(len(cols))]
    margins = _margins_twips(table)
    planned, size, margin = column_plan(columns, sum(widths), margins, widths)
    tblpr = table.find(qn("w:tblPr"))
    if margin != margins:
        cell_margins(tblpr, {"left": margin // 2, "right": margin - margin // 2})
    put(tblpr, "tblW", TBLPR_ORDER, w=sum(planned), type="dxa")
    put(tblpr, "tblLayout", TBLPR_ORDER, type="fixed")
    for col, width in zip(cols, planned):
        col.set(qn("w:w"), str(width))
    for row in table.findall(qn("w:tr")):
        for cell, width in zip(row.findall(qn("w:tc")), planned):
            tcpr = cell.find(qn("w:tcPr"))
            if tcpr is None:
                tcpr = make(cell, "tcPr")
                cell.insert(0, tcpr)
            put(tcpr, "tcW", TCPR_ORDER, w=width, type="dxa")
    if size != TABLE_SIZES_PT[0]:
        _set_size(table, size)
