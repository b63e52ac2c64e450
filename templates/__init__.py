"""The docxtpl templates, one per document kind, shipped with the package.

They are ordinary Word files that clerks may edit; `python tools/build_templates.py` rebuilds them
from each kind's `layout()` (overwriting such edits).
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def template_path(kind: str) -> Path:
    """templates/<kind>.docx."""
    return FOLDER / f"{kind}.docx"
