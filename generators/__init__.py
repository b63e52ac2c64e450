"""gongwen's engine: the document kinds at this level, the layers beneath by role.

reading/  what counties send → checked tables        numbers/  figures in Decimal → official wording
word/     templates, rendering, PDF, GB/T 9704       check/    `gen check` for any .docx
"""

__version__ = "0.1.0"  # setup.cfg reads it from here: asking the installed metadata costs 35 ms a run

# Every document kind: a module here with `layout()` (its template) and `build()`/`write()`.
KINDS = ("bulletin", "reminder", "workplan", "summary")
