"""`gen check` rules that need the laid-out pages, judged from the PDF beside the .docx (LibreOffice makes it
here, once for every document of the module): no page number on a blank page before the 版记 page nor on
the 版记 page (GB/T 9704 §7.5), and the page count."""

from __future__ import annotations

import pytest
from check_corpus import banji_after_blank_page
from helpers import needs_poppler, needs_soffice

from generators.check import FAIL, NA, PASS, check_file

pytestmark = [needs_soffice, needs_poppler]

CASES = {
    "numbered": lambda: banji_after_blank_page(numbered=True),
    "bare": lambda: banji_after_blank_page(numbered=False),
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
