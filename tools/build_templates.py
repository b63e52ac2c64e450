"""(Re)build templates/*.docx from each document kind's `layout()` and the GB/T 9704 numbers.

    python tools/build_templates.py            # every kind
    python tools/build_templates.py bulletin   # one kind

The templates are ordinary Word files: clerks edit the wording in Word afterwards, so rebuilding
overwrites their edits. The same layout always gives the same bytes.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators import KINDS  # noqa: E402
from templates import template_path  # noqa: E402

# What each template is, for its document properties (a kind not named here is called by its name).
TITLES = {
    "bulletin": "通报",
    "reminder": "问题整改提醒函",
    "summary": "年度工作总结",
    "summary_report": "年度工作总结（报告）",
    "workplan": "印发工作要点的通知",
}


def template(module, name: str, options: dict) -> bytes:
    """The bytes of template `name`: the kind's layout() with `options`, packaged as gongwen ships it."""
    from generators.word.package import template_bytes

    return template_bytes(module.layout(**options), f"{TITLES.get(name, name)}（模板）")


def build(kind: str) -> list[Path]:
    """The kind's template, and the variants it declares (e.g. the summary's 报告 frame)."""
    module = importlib.import_module(f"generators.{kind}")
    variants = {kind: {}, **getattr(module, "VARIANTS", {})}
    for name, options in variants.items():
        template_path(name).write_bytes(template(module, name, options))
    return [template_path(name) for name in variants]


def main(kinds: list[str]) -> None:
    for kind in kinds or KINDS:
        for path in build(kind):
            print(f"已生成：{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
