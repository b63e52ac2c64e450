"""`gen check` rules that need the laid-out pages, judged from the PDF beside the .docx (LibreOffice makes it
here, once for every document of the module): no page number on a blank page before the 版记 page nor on
the 版记 page (GB/T 9704 §7.5), the page count, and where a 版记 in the text flow lands (§7.4)."""

from __future__ import annotations

import pytest
from check_corpus import banji_after_blank_page, blank, notice
from helpers import needs_poppler, needs_soffice

from generators.check import FAIL, NA, PASS, check_file

pytestmark = [needs_soffice, needs_poppler]


def banji_in_flow(lines_before: int):
    """The 通知 with its 版记 in the text flow, `lines_before` empty lines pushing it down its last page."""
    pkg = notice()
    at = pkg.index("cc")
    pkg.body[at:at] = [blank() for _ in range(lines_before)]
    return pkg


CASES = {
    "numbered": lambda: banji_after_blank_page(numbered=True),
    "bare": lambda: banji_after_blank_page(numbered=False),
    "high": lambda: banji_in_flow(0),  # the 版记 right under the date, half a page above the foot
    "low": lambda: banji_in_flow(9),  # …and pushed down to the foot of the page
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    from generators.word.pdf import to_pdf_many

    folder = tmp_path_factory.mktemp("pdf")
    paths = {name: make().save(folder / f"{name}.docx") for name, make in CASES.items()}
    to_pdf_many(list(paths.values()))
    return {name: {r.rule.id: r for r in check_file(path).results} for name, path in paths.items()}


def test_a_blank_page_and_the_banji_page_with_page_numbers_fail(checked):
    got = checked["numbered"]
    result = got["banji-page-numbers"]
    assert result.status == FAIL
    assert [(f.where, f.found) for f in result.findings] == [
        ("第3页（空白页）", "有页码「— 3 —」"),
        ("第4页（版记页）", "有页码「— 4 —」"),
    ]
    assert got["even-pages"].status == PASS
    assert [rule for rule, r in got.items() if r.status == FAIL] == ["banji-page-numbers"]


def test_a_blank_page_and_the_banji_page_without_page_numbers_pass(checked):
    got = checked["bare"]
    assert got["banji-page-numbers"].status == PASS
    # The docx rule asks for a page number in every footer, but not on those pages.
    assert got["page-number"].status == PASS
    assert got["even-pages"].status == PASS
    assert [rule for rule, r in got.items() if r.status == FAIL] == []


def test_without_the_pdf_the_rule_is_not_judged(tmp_path):
    result = {r.rule.id: r for r in check_file(banji_after_blank_page(True).save(tmp_path / "a.docx")).results}
    assert result["banji-page-numbers"].status == NA and "gen pdf" in result["banji-page-numbers"].note


def test_a_banji_in_the_text_flow_is_placed_from_the_pdf(checked):
    high, low = checked["high"]["banji-position"], checked["low"]["banji-position"]
    assert high.status == FAIL and "依同名 PDF" in high.findings[0].found, high
    assert [rule for rule, r in checked["high"].items() if r.status == FAIL] == ["banji-position"]
    assert low.status == PASS
    assert [rule for rule, r in checked["low"].items() if r.status == FAIL] == []


def test_without_the_pdf_a_banji_in_the_text_flow_is_not_judged(tmp_path):
    result = {r.rule.id: r for r in check_file(banji_in_flow(0).save(tmp_path / "a.docx")).results}
    assert result["banji-position"].status == NA and "gen pdf" in result["banji-position"].note
