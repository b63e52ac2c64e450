"""gen serve without a browser: who may drive it, what uploads become, the month's rows, paths that leave.

The page is driven through Flask's test client; documents are made by the real worker processes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, month_rows, write_ledger, write_xlsx
from helpers import Page, bomb_xlsx, county_book, folder_month, open_page, set_saved, tiny_png, upload

from cli import main
from generators.serve import uploads
from generators.serve.app import Config, cleanup, create_app
from generators.serve.paths import Outside, inside
from generators.serve.security import CROSS_ORIGIN, NO_CSRF, NO_SECRET, Guard
from generators.serve.server import check_bind


@pytest.fixture
def page(tiny, tmp_path):
    """The tiny workspace with November as a folder of county workbooks, 丁县's not yet sent."""
    folder_month(tiny, "2022-11", NOVEMBER, without=("丁县",))
    opened = open_page(tiny, tmp_path / "out", tmp_path)
    yield opened
    cleanup(opened.app)


def month_folder(page: Page) -> Path:
    return page.ws / "月报" / "2022-11"


def hidden_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- who may drive it


def test_a_request_without_the_secret_is_refused(page):
    stranger = page.app.test_client()
    for response in (stranger.get("/"), stranger.get("/month/2022-11"), stranger.get("/registers")):
        assert response.status_code == 403
        assert NO_SECRET in response.get_data(as_text=True)
    wrong = stranger.get("/?token=" + "x" * 43)
    assert wrong.status_code == 403
    posted = stranger.post("/jobs", data={"action": "bulletin", "month": "2022-11", "csrf": page.guard.csrf})
    assert posted.status_code == 403 and not page.jobs.all()


def test_the_token_becomes_a_cookie_only_this_origin_sends(tiny, tmp_path):
    guard = Guard({"localhost"})
    app = create_app(Config(tiny, tmp_path / "out", guard, base=tmp_path))
    first = app.test_client().get("/month/2022-11?token=" + guard.secret)
    assert first.status_code == 302 and "token" not in first.headers["Location"]  # not left in the address bar
    cookie = first.headers["Set-Cookie"]
    assert guard.secret in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    cleanup(app)


def test_the_host_header_must_name_this_server(page):
    response = page.get("/month/2022-11", headers={"Host": "evil.example:8765"})  # DNS rebinding
    assert response.status_code == 421


def test_a_cross_origin_post_is_refused_even_with_the_cookie(page):
    data = {"action": "bulletin", "month": "2022-11"}
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        response = page.post("/jobs", data, headers=headers)
        assert response.status_code == 403 and CROSS_ORIGIN in response.get_data(as_text=True)
    assert not page.jobs.all()


def test_every_form_needs_the_csrf_token(page):
    for url in ("/jobs", "/month/2022-11/upload", "/preview", "/month/2022-11/upload/0123456789abcdef"):
        response = page.post(url, {"action": "bulletin", "month": "2022-11"}, csrf=False)
        assert response.status_code == 403 and NO_CSRF in response.get_data(as_text=True), url
        wrong = page.client.post(url, data={"csrf": "0" * 64})
        assert wrong.status_code == 403
    assert not page.jobs.all()


def test_pages_forbid_other_origins_scripts_and_framing(page):
    response = page.get("/month/2022-11")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    html = response.get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html  # no CDN, no font service
    assert "<script>" not in html and " on" + "click=" not in html  # no inline script


def test_only_loopback_without_an_explicit_flag():
    assert check_bind("127.0.0.1", False) is None and check_bind("localhost", False) is None
    assert check_bind("::1", False) is None
    with pytest.raises(Exception, match="--allow-remote"):
        check_bind("0.0.0.0", False)
    assert "警告" in check_bind("0.0.0.0", True)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 1 and "只在本机地址" in result.output


# ---------------------------------------------------------------- paths


def test_no_path_leaves_the_output_folder(page, tmp_path):
    (page.out / "2022-11").mkdir(parents=True)
    (page.out / "2022-11" / "通报.docx").write_bytes(b"PK")
    secret = tmp_path / "secret.docx"
    secret.write_bytes(b"not yours")
    (page.out / "2022-11" / "link.docx").symlink_to(secret)
    assert page.get("/files/2022-11/通报.docx").status_code == 200
    for bad in ("../secret.docx", "2022-11/../../secret.docx", "%2e%2e/secret.docx", str(secret).lstrip("/"),
                "/" + str(secret), "2022-11\\..\\..\\secret.docx", "C:/secret.docx", "2022-11/link.docx"):  # fmt: skip
        response = page.get("/files/" + bad, follow_redirects=True)  # 「//x」 is redirected to 「/x」 first
        assert response.status_code == 404, bad
        assert b"not yours" not in response.data
    for bad in ("../x", "/etc/passwd", "a/../../x", "a\\..\\x", "C:x", ""):
        with pytest.raises(Outside):
            inside(page.out, bad)


def test_a_preview_or_pdf_is_only_made_of_a_document_in_the_output_folder(page, tmp_path):
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"PK")
    for bad in ("../elsewhere.docx", str(elsewhere)):
        assert page.post("/preview", {"file": bad}).status_code == 404
    assert not page.jobs.all()


# ---------------------------------------------------------------- uploads


def test_a_county_file_is_saved_under_its_county_name_with_its_own_name_kept(page, tmp_path):
    sent = county_book(tmp_path / "榆林市丁县2022年11月报表（终稿）.xlsx", "丁县")
    html = upload(page, sent).get_data(as_text=True)
    saved = month_folder(page) / "丁县.xlsx"
    assert saved.read_bytes() == sent.read_bytes()  # the county's bytes, untouched
    assert "已保存" in html and "丁县" in html
    notes = (month_folder(page) / uploads.NOTES_FILE).read_text(encoding="utf-8")
    assert "丁县.xlsx\t原文件名「榆林市丁县2022年11月报表（终稿）.xlsx」" in notes
    assert not hidden_leftovers(month_folder(page))
    month = page.text("/month/2022-11")
    assert "原文件名「榆林市丁县2022年11月报表（终稿）.xlsx」" in month
    assert "未报送 0 个" in month


def test_whose_table_it_is_is_read_from_its_rows_not_its_name(page, tmp_path):
    sent = county_book(tmp_path / "乙县.xlsx", "丁县")  # misnamed by the clerk: its rows are 丁县's
    upload(page, sent)
    assert (month_folder(page) / "丁县.xlsx").read_bytes() == sent.read_bytes()
    assert (month_folder(page) / "乙县.xlsx").read_bytes() != sent.read_bytes()  # 乙县's own file untouched


def test_a_county_that_has_a_file_is_asked_before_anything_is_replaced(page, tmp_path):
    before = (month_folder(page) / "甲县.xlsx").read_bytes()
    newer = county_book(tmp_path / "甲县（修改）.xlsx", "甲县", (1000, 960, 1100))
    html = upload(page, newer).get_data(as_text=True)
    assert "是否替换" in html and (month_folder(page) / "甲县.xlsx").read_bytes() == before
    token = re.search(r"/upload/([0-9a-f]{16})", html)[1]
    kept = page.post(f"/month/2022-11/upload/{token}", {"answer": "keep"}, follow_redirects=True)
    assert "未替换" in kept.get_data(as_text=True)
    assert (month_folder(page) / "甲县.xlsx").read_bytes() == before and not hidden_leftovers(month_folder(page))
    token = re.search(r"/upload/([0-9a-f]{16})", upload(page, newer).get_data(as_text=True))[1]
    page.post(f"/month/2022-11/upload/{token}", {"answer": "replace"})
    assert (month_folder(page) / "甲县.xlsx").read_bytes() == newer.read_bytes()
    assert not hidden_leftovers(month_folder(page))
    again = page.post(f"/month/2022-11/upload/{token}", {"answer": "replace"}, follow_redirects=True)
    assert "已经处理过" in again.get_data(as_text=True)


def test_two_tabs_dropping_the_same_county_never_overwrite_each_other(page, tmp_path):
    first = county_book(tmp_path / "a" / "丁县.xlsx", "丁县", (800, 400, 1000))
    second = county_book(tmp_path / "b" / "丁县.xlsx", "丁县", (800, 410, 1000))
    from generators.reading.workspace import Month, Workspace

    barrier, outcomes = threading.Barrier(2), []

    def drop(path: Path):
        barrier.wait()
        with open(path, "rb") as f:
            outcomes.append(uploads.receive(Workspace(page.ws), Month(2022, 11), path.name, f))

    threads = [threading.Thread(target=drop, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(bool(o.saved) for o in outcomes) == [False, True]  # one saved, the other asks
    waiting = next(o for o in outcomes if not o.saved)
    assert waiting.pending and waiting.existing
    assert (month_folder(page) / "丁县.xlsx").read_bytes() in (first.read_bytes(), second.read_bytes())


def test_hostile_uploads_are_refused_and_leave_nothing(page, tmp_path):
    folder = month_folder(page)
    before = sorted(p.name for p in folder.iterdir())
    png = ("丁县.xlsx", tiny_png())
    renamed_csv = ("丁县.xlsx", "县区,务工人数\n丁县,1\n".encode())
    bomb = bomb_xlsx(tmp_path / "丁县.xlsx", 120)
    word = ("丁县.docx", b"PK\x03\x04" + b"\0" * 100)
    program = ("丁县.exe", b"MZ" + b"\0" * 100)
    nameless = ("", b"")
    cases = {
        png: "PNG图片",
        renamed_csv: "文本文件",
        bomb: "解压后",
        word: "不是表格文件",
        program: "不是表格文件",
    }
    for sent, expected in cases.items():
        html = upload(page, sent).get_data(as_text=True)
        assert expected in html, (sent if isinstance(sent, Path) else sent[0], html[-2000:])
    assert "没有收到文件" in upload(page, nameless).get_data(as_text=True)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_an_upload_over_the_limit_is_refused(tiny, tmp_path):
    folder_month(tiny, "2022-11", NOVEMBER, without=("丁县",))
    limit = 64 * 1024
    small = open_page(tiny, tmp_path / "out", tmp_path, max_upload=limit)
    try:
        just_over = county_book(tmp_path / "丁县.xlsx", "丁县").read_bytes()
        just_over += b"\0" * (limit + 1 - len(just_over))
        html = upload(small, ("丁县.xlsx", just_over)).get_data(as_text=True)
        assert "超过 0 MB" in html or "超过" in html
        huge = upload(small, ("丁县.xlsx", b"\0" * (limit + 2**21)))
        assert huge.status_code == 413 and "超过" in huge.get_data(as_text=True)
        folder = tiny / "月报" / "2022-11"
        assert not (folder / "丁县.xlsx").exists() and not hidden_leftovers(folder)
    finally:
        cleanup(small.app)


def test_a_name_with_dots_or_a_path_never_leads_outside_the_month_folder(page, tmp_path):
    data = county_book(tmp_path / "x.xlsx", "丁县").read_bytes()
    for name in ("../../设置.xlsx", "..\\..\\..\\丁县.xlsx", "/etc/丁县.xlsx", "C:\\Windows\\丁县.xlsx", "..xlsx.xlsx"):
        html = upload(page, (name, data)).get_data(as_text=True)
        saved = month_folder(page) / "丁县.xlsx"
        assert saved.read_bytes() == data, (name, html[-1500:])
        saved.unlink()
    assert not (page.ws / "设置.xlsx").exists() and not (page.ws.parent / "丁县.xlsx").exists()
    assert (page.ws / "设置.yaml").read_text(encoding="utf-8").startswith("# 测试用设置")


def test_a_table_of_several_counties_is_not_taken_as_one_county(page, tmp_path):
    whole = write_xlsx(tmp_path / "全市.xlsx", month_rows(NOVEMBER), MERGES)
    assert "这里只接受一个县区的报表" in upload(page, whole).get_data(as_text=True)


def test_a_month_kept_as_one_workbook_takes_no_county_files(tiny, tmp_path):
    single = open_page(tiny, tmp_path / "out", tmp_path)  # the tiny workspace's November is one workbook
    try:
        html = upload(single, county_book(tmp_path / "丁县.xlsx", "丁县")).get_data(as_text=True)
        assert "不是按县区分文件的文件夹" in html
        assert 'id="drop"' not in single.text("/month/2022-11")
    finally:
        cleanup(single.app)


# ---------------------------------------------------------------- the month


def test_a_bad_cell_is_a_row_naming_file_sheet_cell_and_value(page, tmp_path):
    def bad(rows):
        rows[5][3] = "九百五"  # 已支出资金 written in words, in D6

    upload(page, county_book(tmp_path / "丁县.xlsx", "丁县", edit=bad))
    html = page.text("/month/2022-11")
    row = re.search(r'<tr title="([^"]*)"><td class="file">([^<]*)</td><td>([^<]*)</td><td class="cell">([^<]*)</td>\s*'
                    r'<td class="value">([^<]*)</td>', html)  # fmt: skip
    assert row, html[-3000:]
    sentence, file, sheet, cell, value = row.groups()
    assert file.endswith("月报/2022-11/丁县.xlsx") and sheet == "Sheet1" and cell == "单元格 D6" and value == "九百五"
    validate = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(page.ws)])
    assert validate.exit_code == 1
    assert sentence.split("：", 1)[1].replace("&#34;", '"') in validate.output  # the command's own sentence
    assert "1 处错误" in html


def test_who_reported_who_did_not_and_who_was_late(page, tmp_path):
    settings = page.ws / "设置.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n月报:\n  报送截止日: 5\n", encoding="utf-8")
    set_saved(month_folder(page) / "乙县.xlsx", dt.datetime(2022, 12, 9, 2, 0, tzinfo=dt.timezone.utc))
    for name in ("甲县", "石楼县"):  # judged by the workbook's own saved time, not the file's date
        set_saved(month_folder(page) / f"{name}.xlsx", dt.datetime(2022, 12, 3, 2, 0, tzinfo=dt.timezone.utc))
    html = page.text("/month/2022-11")
    rows = dict(re.findall(r'<tr class="(?:in|missing|late)"><td>([^<]+)</td><td>([^<]+)</td>', html))
    assert rows == {"甲县": "已报送", "乙县": "迟报", "石楼县": "已报送", "丁县": "未报送"}
    assert "2022-12-09 10:00" in html and "报送截止日：2022年12月5日" in html


def test_the_page_polls_and_only_redraws_when_an_input_changed(page, tmp_path):
    html = page.text("/month/2022-11")
    since = re.search(r"since=([0-9a-f]+)", html)[1]
    assert page.get(f"/month/2022-11?since={since}", headers={"HX-Request": "true"}).status_code == 204
    county_book(month_folder(page) / "丁县.xlsx", "丁县")  # saved by Explorer, not the page
    changed = page.get(f"/month/2022-11?since={since}", headers={"HX-Request": "true"})
    assert changed.status_code == 200 and "未报送 0 个" in changed.get_data(as_text=True)


def test_a_month_without_data_offers_the_drop_zone(page):
    html = page.text("/month/2022-12")
    assert "还没有2022年12月的数据" in html and 'id="drop"' in html
    assert "没有2022年12月的数据" in html  # gen validate's own error


def test_the_letters_page_says_why_each_county_gets_a_letter_or_none(page):
    write_ledger(page.ws, [])
    html = page.text("/month/2022-11/letters?date=2022-12-05")
    assert "丁县" in html and "本月未报送报表" in html
    assert "没有逾期、临期问题或滞后指标，不发函" in html or "小巩衔办函〔2022〕3号" in html
    assert "小巩衔办函〔2022〕3号" in html  # the first free letter number from the settings


# ---------------------------------------------------------------- the server itself


def test_gen_serve_prints_its_address_serves_it_and_stops_on_ctrl_c(tiny, tmp_path):
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    server = subprocess.Popen(
        [sys.executable, "-c", "from cli import main; main()", "serve", "--port", "0", "--no-browser",
         "--data", str(tiny), "--output", str(tmp_path / "out")],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )  # fmt: skip
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", server.stdout.readline())[0]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url) as response:  # the token becomes a cookie, the redirect drops it
            assert response.status == 200 and "token" not in response.url
            assert "2022年11月" in response.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.split("?")[0] + "month/2022-11")
        assert refused.value.code == 403
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0 and "已停止" in err
    assert url.split("token=")[1] not in err + out.replace(url, "")  # the secret is printed once, never logged


def test_the_browser_gets_the_address_through_a_file_only_the_user_can_read(monkeypatch, tmp_path):
    from generators.serve.server import open_browser

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("BROWSER", "true")  # webbrowser runs `true <file>`: no browser starts
    path = open_browser("http://127.0.0.1:8765/?token=s3cret")
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        assert "http://127.0.0.1:8765/?token=s3cret" in path.read_text(encoding="utf-8")
    finally:
        path.unlink()
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if __import__("sys").platform.startswith("linux"):
        assert open_browser("http://127.0.0.1:8765/") is None  # no screen: no text browser in the terminal
