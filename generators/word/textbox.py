"""Text boxes placed on the page or at the foot of the text block: the 信函格式 head and rules, a 版记
that shares the body's last page. Written as Word writes them: DrawingML with a VML fallback."""

from __future__ import annotations

from generators.word import gbt9704 as G
from generators.word.ooxml import EMU_PER_PT, NS, emu, qn
from generators.word.proxy import xml


def bottom_text_box(paragraph, width_mm: float, name: str, content: list) -> None:
    """A borderless, auto-growing text box anchored to the bottom of the text block, holding `content`."""
    text_box(
        paragraph,
        width_mm,
        name,
        content,
        horizontal=("margin", "center", None),
        vertical=("margin", "bottom", None),
        height_pt=G.BANJI_SIZE_PT * 4,
    )


def page_text_box(
    paragraph, width_mm: float, name: str, top_mm: float, height_pt: float, box_id: int, content: list
) -> None:
    """A borderless text box centred on the page, its top `top_mm` below the page's top edge.

    Placed on the page rather than in the text flow, so it lands where GB/T 9704 measures from the
    page edges (the 信函格式 head and rules) and takes no room from the text.
    """
    text_box(
        paragraph,
        width_mm,
        name,
        content,
        horizontal=("page", "center", None),
        vertical=("page", None, top_mm),
        height_pt=height_pt,
        wrap="none",
        box_id=box_id,
        anchor="t",
    )


def text_box(
    paragraph,
    width_mm: float,
    name: str,
    content: list,
    horizontal: tuple[str, str | None, float | None],
    vertical: tuple[str, str | None, float | None],
    height_pt: float,
    wrap: str = "topAndBottom",
    box_id: int = 900,
    anchor: str = "b",
) -> None:
    """A borderless, auto-growing text box holding the w:p elements `content`, written as Word writes it:
    mc:AlternateContent with the DrawingML shape (wps) as the choice and a VML shape as the fallback
    that older Word, WPS and OA previewers read. Positions are (relative to, align, offset in mm)."""
    import copy

    from docx.oxml import parse_xml

    ns = " ".join(f'xmlns:{p}="{NS[p]}"' for p in ("w", "wp", "a", "wps", "mc", "v", "o", "w10"))
    cx, cy = emu(width_mm), round(height_pt * EMU_PER_PT)  # a first guess: the box grows to its text

    def position(axis: str, spec) -> str:
        relative, align, offset_mm = spec
        where = f"<wp:align>{align}</wp:align>" if align else f"<wp:posOffset>{emu(offset_mm)}</wp:posOffset>"
        return f'<wp:position{axis} relativeFrom="{relative}">{where}</wp:position{axis}>'

    def vml_position(axis: str, spec) -> str:
        relative, align, offset_mm = spec
        edge = "margin-left" if axis == "horizontal" else "margin-top"
        placed = f"mso-position-{axis}:{align}" if align else f"{edge}:{offset_mm:.2f}mm"
        return f"{placed};mso-position-{axis}-relative:{relative}"

    vml_anchor = {"t": "top", "b": "bottom", "ctr": "middle"}[anchor]
    style = ";".join(
        [
            "position:absolute",
            vml_position("horizontal", horizontal),
            vml_position("vertical", vertical),
            f"width:{width_mm:.2f}mm",
            f"height:{height_pt:.2f}pt",
            "z-index:251659264",
            "mso-wrap-style:square",
            f"v-text-anchor:{vml_anchor}",
        ]
    )
    markup = f"""
<mc:AlternateContent {ns}>
  <mc:Choice Requires="wps">
    <w:drawing>
      <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"
                 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">
        <wp:simplePos x="0" y="0"/>
        {position("H", horizontal)}
        {position("V", vertical)}
        <wp:extent cx="{cx}" cy="{cy}"/>
        <wp:effectExtent l="0" t="0" r="0" b="0"/>
        <wp:wrap{"None" if wrap == "none" else "TopAndBottom"}/>
        <wp:docPr id="{box_id}" name="{name}"/>
        <wp:cNvGraphicFramePr/>
        <a:graphic>
          <a:graphicData uri="{NS["wps"]}">
            <wps:wsp>
              <wps:cNvSpPr txBox="1"/>
              <wps:spPr>
                <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
                <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
                <a:noFill/>
                <a:ln><a:noFill/></a:ln>
              </wps:spPr>
              <wps:txbx><w:txbxContent/></wps:txbx>
              <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}">
                <a:spAutoFit/>
              </wps:bodyPr>
            </wps:wsp>
          </a:graphicData>
        </a:graphic>
      </wp:anchor>
    </w:drawing>
  </mc:Choice>
  <mc:Fallback>
    <w:pict>
      <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">
        <v:stroke joinstyle="miter"/>
        <v:path gradientshapeok="t" o:connecttype="rect"/>
      </v:shapetype>
      <v:shape id="{name}" o:spid="_x0000_s{box_id}" type="#_x0000_t202" style="{style}"
               filled="f" stroked="f">
        <v:textbox inset="0,0,0,0" style="mso-fit-shape-to-text:t"><w:txbxContent/></v:textbox>
        <w10:wrap type="{wrap}"/>
      </v:shape>
    </w:pict>
  </mc:Fallback>
</mc:AlternateContent>"""
    alternate = parse_xml(markup)
    choice, fallback = alternate.iter(qn("w:txbxContent"))
    for p in content:
        fallback.append(copy.deepcopy(p))
        choice.append(p)
    xml(paragraph.add_run()).append(alternate)
