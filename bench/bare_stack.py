"""The floor this stack allows: docxtpl and matplotlib doing the bulletin's visible work, nothing else.

    python bench/bare_stack.py --prepare context.json   # once: the bulletin's context, charts as markers
    python bench/bare_stack.py --prepare context.json summary    # or the annual summary's (2022)
    python bench/bare_stack.py --prepare context.json workplan   # or the 工作要点's (2023, no charts)
    python bench/bare_stack.py context.json out.docx    # measured: draw the charts, render, save

No reading, no validation, no figures: the context is prepared ahead, and each chart is a plain
bar chart of the same size, resolution and number of bars as gongwen draws.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH_MM, HEIGHT_MM, DPI = 156, 80, 300


def prepare(path: Path, kind: str = "bulletin") -> None:
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    from generators import bulletin, summary, workplan
    from generators.reading.workspace import Month, Workspace
    from generators.word.render import Picture

    ws = Workspace(ROOT / "data")
    bars = len(ws.roster.names)  # one bar a county, in every chart
    if kind == "summary":
        made = summary.build(ws, 2022, dt.date(2023, 1, 10))
    elif kind == "workplan":
        made = workplan.build(ws, 2023, dt.date(2023, 3, 15))
    else:
        made = bulletin.build(ws, Month(2022, 11), dt.date(2022, 12, 5))

    def strip(value):
        if isinstance(value, Picture):
            return {"__chart__": bars}
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    context = strip(made.context)
    context["__template__"] = kind
    path.write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")


def chart(bars: int) -> bytes:
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # The same visible work includes Chinese labels, so the floor draws them in a CJK font too.
    matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Microsoft YaHei", "SimHei", "PingFang SC"]

    fig = Figure(figsize=(WIDTH_MM / 25.4, HEIGHT_MM / 25.4), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar([f"县{i}" for i in range(bars)], [80 + i for i in range(bars)], color="#4a6f8a")
    ax.axhline(91.67, linestyle="--", color="black")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def render(context_file: Path, out: Path) -> None:
    import io

    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    context = json.loads(context_file.read_text(encoding="utf-8"))
    tpl = DocxTemplate(ROOT / "templates" / f"{context.pop('__template__')}.docx")

    def images(value):
        if isinstance(value, dict) and "__chart__" in value:
            return InlineImage(tpl, io.BytesIO(chart(value["__chart__"])), width=Mm(WIDTH_MM))
        if isinstance(value, dict):
            return {k: images(v) for k, v in value.items()}
        if isinstance(value, list):
            return [images(v) for v in value]
        return value

    tpl.render(images(context), autoescape=True)
    tpl.save(out)


if __name__ == "__main__":
    if sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]), *sys.argv[3:4])
    else:
        render(Path(sys.argv[1]), Path(sys.argv[2]))
