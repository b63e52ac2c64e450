"""Every document gongwen writes passes its own GB/T 9704 check."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main

ALWAYS = {
    "page-size",
    "margins",
    "line-pitch",
    "chars-per-line",
    "body-font",
    "body-size",
    "title-font",
    "title-size",
    "title-punctuation",
    "level-fonts",
    "heading-numbering",
    "explicit-fonts",
    "page-number",
    "page-number-font",
    "page-number-position",
    "organ-mark",
    "head-number",
    "doc-number",
    "recipients",
    "date",
    "half-width",
    "placeholders",
    "revisions",
    "text-color",
    "highlight",
}
BULLETIN = ALWAYS | {
    "title-breaks",
    "page-one-number",
    "head-rule",
    "attachments",
    "imprint",
    "banji-rules",
    "banji-rule-weights",
    "cc",
    "banji-portrait",
    "banji-position",
}
LETTER = ALWAYS | {"letter-rules", "letter-lower-rule", "letter-first-page"}


def check(paths) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["files"]


def statuses(report) -> dict[str, str]:
    return {rule["id"]: rule["status"] for rule in report["rules"]}


def test_bulletin_and_letters_pass(tmp_path, sample):
    args = ["--month", "2022-11", "--data", str(sample), "--output", str(tmp_path), "--date", "2022-12-05"]
    runner = CliRunner()
    assert runner.invoke(main, ["bulletin", *args]).exit_code == 0
    assert runner.invoke(main, ["reminder", "--all", *args]).exit_code == 0
    (bulletin,) = (tmp_path / "2022-11").glob("*.docx")
    letters = sorted((tmp_path / "2022-11" / "提醒函").glob("*.docx"))
    assert len(letters) >= 3
    report = check([bulletin])[0]
    got = statuses(report)
    assert all(got[rule] == "通过" for rule in BULLETIN), got
    assert report["ok"] and report["kind"] == "通用"
    for report in check(letters):
        got = statuses(report)
        assert report["letter"] and report["kind"] == "信函" and report["ok"], got
        assert all(got[rule] == "通过" for rule in LETTER), got
