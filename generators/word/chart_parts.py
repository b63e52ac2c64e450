"""Editable charts in a .docx: the chart part and its embedded workbook (parts, relationships, content
types) and the inline drawing that places the chart in the text.

charts/native.py writes the chart (c:chartSpace) and its workbook; this is all the .docx adds:
/word/charts/chartN.xml related from the document part, /word/embeddings/…N.xlsx related from the chart
part (which is what Word's and WPS's 「编辑数据」 open), and a wp:inline whose graphic is that chart, made
by python-docx as for a picture. docxtpl prints an `InlineChart` where the template says {{ chart }}.
"""

from __future__ import annotations

from charts.native import WORKBOOK_RID, NativeChart

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHART_PARTS = "/word/charts/chart%d.xml"
WORKBOOK_PARTS = "/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"
EMU_PER_MM = 36000


def add_chart(part, chart: NativeChart) -> str:
    """Add `chart` and its workbook to the package of `part` (the document part); return the w:drawing's
    inline XML that shows it."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.oxml.shape import CT_Inline
    from docx.shared import Emu

    package = part.package
    chart_part = Part(package.next_partname(CHART_PARTS), CT.DML_CHART, chart.xml, package)
    workbook = Part(package.next_partname(WORKBOOK_PARTS), CT.SML_SHEET, chart.workbook, package)
    if chart_part.relate_to(workbook, RT.PACKAGE) != WORKBOOK_RID:
        raise AssertionError("the chart's workbook must be its first relationship")
    graphic = OxmlElement("c:chart", attrs={qn("r:id"): part.relate_to(chart_part, RT.CHART)})
    width, height = Emu(round(chart.width_mm * EMU_PER_MM)), Emu(round(chart.height_mm * EMU_PER_MM))
    inline = CT_Inline.new(width, height, 1, graphic)  # docxtpl numbers every drawing's id afresh
    inline.graphic.graphicData.uri = CHART_URI
    inline.docPr.set("name", "Chart")
    return inline.xml


class InlineChart:
    """What docxtpl prints for a NativeChart: its parts are added to the document being rendered."""

    def __init__(self, tpl, chart: NativeChart):
        self.tpl, self.chart = tpl, chart

    def __html__(self) -> str:
        inline = add_chart(self.tpl.current_rendering_part, self.chart)
        # As docxtpl's InlineImage does: close the text run the tag stands in, open one for the drawing.
        return f'</w:t></w:r><w:r><w:drawing>{inline}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__
