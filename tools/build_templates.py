"""(Re)build templates/*.docx from each document kind's `layout()` and the GB/T 9704 numbers.

    python tools/build_templates.py            # every kind
    python tools/build_templates.py bulletin   # one kind

The templates are ordinary Word files: clerks edit the wording in Word afterwards, so rebuilding
overwrites their edits.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators import KINDS  # noqa: E402
from templates import template_path  # noqa: E402


def build(kind: str) -> Path:
    module = importlib.import_module(f"generators.{kind}")
    path = template_path(kind)
    module.layout().save(path)
    return path


def main(kinds: list[str]) -> None:
    for kind in kinds or KINDS:
        print(f"已生成：{build(kind).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
