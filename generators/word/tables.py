"""Tables of a template: body rows repeated by a {%tr for %} loop, columns by {%tc for %}, the header
row repeated on every page; and the borderless one-cell table that holds the 版记 at a page's foot."""

from __future__ import annotations

from generators.word import gbt9704 as G
from generators.word.ooxml import (
    TBLPR_ORDER,
    TCPR_ORDER,
    cell_margins,
    make,
    mm_twips,
    put,
    qn,
    table_borders,
)
from generators.word.proxy import xml
from generators.word.tags import column_loop, tr


def _table_props(table, width_mm: float) -> None:
    """Full text width, centred, single rules, header row repeated on each page, cells centred vertically."""
    tblpr = xml(table).tblPr
    put(tblpr, "tblW", TBLPR_ORDER, w=5000, type="pct")
    put(tblpr, "jc", TBLPR_ORDER, val="center")
    table_borders(tblpr, 0.5)
    put(tblpr, "tblLayout", TBLPR_ORDER, type="autofit")
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    # Equal grid columns across the block; docxtpl rescales them when a {%tc %} loop adds columns.
    cols = xml(table).tblGrid.findall(qn("w:gridCol"))
    for col in cols:
        col.set(qn("w:w"), str(mm_twips(width_mm) // len(cols)))
    for row in table.rows:
        for cell in row.cells:
            tcpr = xml(cell).get_or_add_tcPr()
            width = tcpr.find(qn("w:tcW"))
            if width is not None:  # cell widths would be repeated by column loops; let the grid decide
                tcpr.remove(width)
            put(tcpr, "vAlign", TCPR_ORDER, val="center")
    header = xml(table.rows[0]).get_or_add_trPr()
    header.append(make(header, "tblHeader"))


def _fill(row, texts, style):
    for cell, text in zip(row.cells, texts):
        p = cell.paragraphs[0]
        p.style = style
        if text:
            p.add_run(text)


def loop_table(doc, width_mm: float, header: list[str], loop: str, cells: list[str]):
    """A table whose body rows repeat with {%tr for … %}; `cells` may hold {%tc %} column-loop cells."""
    table = doc.add_table(rows=4, cols=len(header))
    _table_props(table, width_mm)
    blank = [""] * (len(header) - 1)
    _fill(table.rows[0], header, "表头")
    _fill(table.rows[1], [tr(f"for {loop}"), *blank], "表格文字")
    _fill(table.rows[2], cells, "表格文字")
    _fill(table.rows[3], [tr("endfor"), *blank], "表格文字")
    return table


def county_table(doc, width_mm: float, columns: str, rows: str) -> None:
    """An annex's table of counties: 县区, then a column for each name in `columns`; a row for each item of
    `rows`, its `county` and its `cells` (the bulletin's 附件2, the summary's 附件)."""
    loop_table(
        doc,
        width_mm,
        ["县区", *column_loop("name", columns, "{{ name }}")],
        f"row in {rows}",
        ["{{ row.county }}", *column_loop("cell", "row.cells", "{{ cell }}")],
    )


def column_widths(table, width_mm: float, weights: list[int]) -> None:
    """Grid columns in proportion to `weights` (loop_table makes them equal), with narrow cell margins."""
    margin = mm_twips(G.LETTER_CELL_MARGIN_MM)
    cell_margins(xml(table).tblPr, {"left": margin, "right": margin})
    cols = xml(table).tblGrid.findall(qn("w:gridCol"))
    total = mm_twips(width_mm)
    for col, weight in zip(cols, weights):
        col.set(qn("w:w"), str(total * weight // sum(weights)))


def foot_cell(doc, height_twips: int):
    """A borderless one-cell table `height_twips` tall and as wide as the text block, its content at the
    bottom; returns the cell, empty."""
    table = doc.add_table(rows=1, cols=1)
    tblpr = xml(table).tblPr
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    put(tblpr, "tblW", TBLPR_ORDER, w=mm_twips(G.TEXT_WIDTH_MM), type="dxa")
    put(tblpr, "jc", TBLPR_ORDER, val="center")
    table_borders(tblpr, 0)
    put(tblpr, "tblLayout", TBLPR_ORDER, type="fixed")
    cell_margins(tblpr, dict.fromkeys(("top", "left", "bottom", "right"), 0))
    xml(table).tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(mm_twips(G.TEXT_WIDTH_MM)))
    trpr = xml(table.rows[0]).get_or_add_trPr()
    trpr.append(make(trpr, "trHeight", val=height_twips, hRule="exact"))
    cell = table.rows[0].cells[0]
    tcpr = xml(cell).get_or_add_tcPr()
    width = tcpr.find(qn("w:tcW"))
    if width is not None:
        tcpr.remove(width)
    put(tcpr, "vAlign", TCPR_ORDER, val="bottom")
    xml(cell).remove(xml(cell.paragraphs[0]))  # the cell holds what the caller puts in it only
    return cell
