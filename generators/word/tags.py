"""docxtpl's Jinja tags as the template builder writes them.

docxtpl reads `{%p … %}`, `{%tr … %}` and `{%tc … %}` as tags that replace their whole paragraph,
table row or table cell; each must stand alone in its paragraph, row or cell. Kinds and building
blocks write them through these helpers, so a tag is never mistyped and a control paragraph is known
as one (it vanishes on rendering).
"""

from __future__ import annotations


def value(expression: str) -> str:
    """「{{ head.title }}」: the value of `expression` in the text."""
    return f"{{{{ {expression} }}}}"


def p(statement: str) -> str:
    """A paragraph that is a tag: 「{%p for text in overview %}」."""
    return f"{{%p {statement} %}}"


def tr(statement: str) -> str:
    """A table row that is a tag (written in the row's first cell)."""
    return f"{{%tr {statement} %}}"


def tc(statement: str) -> str:
    """A table cell that is a tag."""
    return f"{{%tc {statement} %}}"


def is_control(text: str) -> bool:
    """Whether a paragraph's text is a {%p … %} tag, which leaves nothing in the rendered document."""
    text = text.strip()
    return text.startswith("{%p") and text.endswith("%}")


def column_loop(item: str, items: str, body: str) -> list[str]:
    """The three cells of a docxtpl column loop: {%tc for %} | body | {%tc endfor %} (each tag takes a cell)."""
    return [tc(f"for {item} in {items}"), body, tc("endfor")]
