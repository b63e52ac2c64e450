"""The one place that reaches behind python-docx's proxies to the XML they stand for.

python-docx has no public way from a Paragraph, Run, Table, row, cell or Section to its lxml element,
and the building blocks need it for what python-docx cannot say (grids, borders, East-Asian fonts,
text boxes). Every such step goes through `xml()`, so a python-docx release that renames its private
attributes is mended here alone.
"""

from __future__ import annotations


def xml(proxy):
    """The lxml element behind a python-docx Paragraph, Run, Table, _Row, _Cell or Section."""
    from docx.section import Section

    if isinstance(proxy, Section):
        return proxy._sectPr
    return proxy._element


def ppr(paragraph):
    """The paragraph's w:pPr, made when missing."""
    return xml(paragraph).get_or_add_pPr()


def rpr(run):
    """The run's w:rPr, made when missing."""
    return xml(run).get_or_add_rPr()
