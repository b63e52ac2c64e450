"""`gen check`: any .docx against GB/T 9704-2012.

docx_styles reads the OOXML with style inheritance resolved; rules holds the rules as one table;
report runs them and shows the result to people (text) and programs (JSON).
"""

from generators.check.docx_styles import UnreadableDocx
from generators.check.report import FAIL, NA, PASS, Report, Status, as_json, as_text, check_file

__all__ = ["FAIL", "NA", "PASS", "Report", "Status", "UnreadableDocx", "as_json", "as_text", "check_file"]
