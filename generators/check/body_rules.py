"""Rules about the paragraphs of the body text: the two-character first-line indent, justification, no bold
(but a lead sentence), and the blank line between the title and the 主送."""

from __future__ import annotations

import re

from generators.check.anatomy import Anatomy, Finding, Rule
from generators.check.docx_styles import Para
from generators.check.text_rules import recipients
from generators.word import gbt9704 as G

INDENT_TOLERANCE_CHARS = 0.3
LEAD_END = "。：:！？"  # a bold lead sentence (段首小标题 「高位推动抓落实。」) ends so


def closing_lines(a: Anatomy) -> set[int]:
    """The 署名 and 成文日期 (and lines placed by tabs): their place is their own rule's."""
    out = {
        id(p) for p in a.text if p.text.startswith("\t") or (p.text.strip() and p.text.lstrip(" \u3000")[:1] == "\t")
    }
    for text in (a.main, a.issued):
        filled = [p for p in text if p.text.strip()]
        if filled and a._dated(filled[-1]):
            out.add(id(filled[-1]))
            if len(filled) > 1 and not re.search(r"[。，；：]", filled[-2].text) and len(filled[-2].text.strip()) <= 30:
                out.add(id(filled[-2]))
    return out


def body_paragraphs(a: Anatomy) -> list[Para]:
    """The paragraphs of running text: body text but the 主送, 附件说明, 署名 and 成文日期."""
    skip = {id(p) for p in a.attachments} | closing_lines(a)
    to = recipients(a)
    if to is not None:
        skip.add(id(to))
    return [p for p in a.ordinary if id(p) not in skip]


def first_line_chars(a: Anatomy, p: Para) -> float:
    """Where the first line starts, in characters from the text block's edge: left and first-line indents and
    the spaces typed before the text (a full-width space one character, an ASCII space half)."""
    size = a.doc.type_size(p, G.BODY_SIZE_PT)
    typed = p.text[: len(p.text) - len(p.text.lstrip(" \u3000"))]
    return (
        a.doc.indent_chars(p, "left", size)
        + a.doc.first_line_chars(p, size)
        + typed.count("\u3000")
        + typed.count(" ") / 2
    )


def check_body_indent(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """Each paragraph of the body starts two characters in (GB/T 9704 §7.3.3: 每个自然段左空二字)."""
    paragraphs = body_paragraphs(a)
    out = []
    for p in paragraphs:
        chars = first_line_chars(a, p)
        if abs(chars - 2) > rule.tolerance:
            out.append(Finding(p.label, f"首行缩进{chars:.1f}字" if chars else "首行没有缩进"))
    return out if paragraphs else None


def check_body_justified(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """Body paragraphs justified (两端对齐), so every full line ends at the edge of the text block."""
    paragraphs = body_paragraphs(a)
    names = {"left": "左对齐", "start": "左对齐", "distribute": "分散对齐", "thaiDistribute": "分散对齐"}
    out = [
        Finding(p.label, f"{names.get(got, got)}，应两端对齐")
        for p in paragraphs
        if (got := a.doc.raw_align(p)) not in ("both", "justify")
    ]
    return out if paragraphs else None


def check_body_bold(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """No bold in the body text, but for a lead sentence that opens a paragraph (「高位推动抓落实。」)."""
    paragraphs = body_paragraphs(a)
    out = []
    for p in paragraphs:
        lead = True  # still in the bold stretch that opens the paragraph
        bold_text = ""
        for run in p.text_runs:
            bold = a.doc.bold(p, run)
            if bold and lead:
                bold_text += run.text
                continue
            if lead and bold_text and bold_text.rstrip()[-1:] not in LEAD_END:
                out.append(Finding(p.label, f"「{bold_text.strip()[:12]}」加粗"))
                break
            lead = False
            if bold:
                out.append(Finding(p.label, f"「{run.text.strip()[:12]}」加粗"))
                break
        else:
            if bold_text and bold_text.strip() == p.text.strip():
                out.append(Finding(p.label, f"「{bold_text.strip()[:12]}」加粗（整段）"))
    return out if paragraphs else None


def check_title_gap(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """A blank line between the title and the 主送 (§7.3.1–7.3.2: 主送机关在标题下空一行)."""
    to = recipients(a)
    if not a.title_lines or to is None:
        return None
    last = a.title_lines[-1]
    between = a.body[a.body.index(last) + 1 : a.body.index(to)] if to in a.body else []
    if any(not p.text.strip() for p in between):
        return []
    space = a.doc.space_pt(last, "after") + a.doc.space_pt(to, "before")
    if space >= G.BODY_SIZE_PT * 0.75:
        return []
    return [Finding(to.label, "标题与主送之间没有空行")]
