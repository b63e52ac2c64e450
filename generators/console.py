"""What gen prints never fails on the console's encoding.

A Windows console (or a pipe there) encodes in GBK; a document's text, a file name or a check's
finding can hold ✓, an emoji or a rare character GBK lacks, and Python's strict default would end the
command with UnicodeEncodeError after its work was done. Here such a character is written as the
console can show it: a look-alike the console has (✓ → √), else an escape (\\u2713); JSON output gets
JSON's own escape, so a program reading it gets the very same text.
"""

from __future__ import annotations

import codecs
import contextlib
import sys

ERRORS = "gongwen-console"
JSON_ERRORS = "gongwen-json"

# Look-alikes GBK has, for characters GBK lacks that documents and checks commonly show.
LOOK_ALIKES = {
    "✓": "√",
    "✔": "√",
    "✗": "×",
    "✘": "×",
    "−": "-",
    "•": "·",
    "⏎": "\\n",
    **{chr(0x246A + i): f"({11 + i})" for i in range(10)},  # ⑪ … ⑳
}


def _printable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(LOOK_ALIKES.get(c) or c.encode("unicode_escape").decode("ascii") for c in bad), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """JSON's \\uXXXX (a surrogate pair beyond the BMP): valid wherever a non-ASCII character can stand in
    JSON, which is only inside a string."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for c in error.object[error.start : error.end]:
        units = c.encode("utf-16-be")
        out += [f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)]
    return "".join(out), error.end


codecs.register_error(ERRORS, _printable)
codecs.register_error(JSON_ERRORS, _json_escape)


def make_safe() -> None:
    """Let stdout and stderr write any character: what their encoding lacks is replaced, never an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        # A handler the user chose (PYTHONIOENCODING=gbk:replace) is kept; Python's defaults are not.
        if reconfigure is not None and getattr(stream, "errors", None) in ("strict", "backslashreplace", None):
            with contextlib.suppress(ValueError, OSError):  # closed or detached: nothing is printed there
                reconfigure(errors=ERRORS)


def json_text(text: str, stream=None) -> str:
    """`text` (JSON) with every character `stream`'s encoding lacks written as a JSON escape."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    return text.encode(encoding, errors=JSON_ERRORS).decode(encoding)
