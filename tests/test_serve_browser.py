"""gen serve in a real browser: Debian's headless Chromium, driven through Selenium, against `gen serve` itself.

One server and one browser for the module; the tests run in order, as a clerk's month goes: open the month,
drop a county workbook with a bad cell, see the error row, drop the fixed one, make the bulletin, preview
it, download it, make the letters, see them registered. Each screen is saved at 1366×768 (set
GONGWEN_SCREENSHOTS=folder to keep them) and must fit the width without scrolling sideways.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from conftest import NOVEMBER, build_tiny, ledger_row, write_ledger
from helpers import county_book, folder_month, needs_soffice

CHROMIUM, DRIVER = (
    shutil.which("chromium") or "/usr/bin/chromium",
    shutil.which("chromedriver") or "/usr/bin/chromedriver",
)
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason="Chromium 未安装（bash tools/setup.sh --test 安装 chromium 和 chromium-driver）",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--lang=zh-CN",
]
WIDTH, HEIGHT = 1366, 768
WAIT_S = 120


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The tiny workspace (November in county files, 丁县's not yet sent), `gen serve` on it, and a browser."""
    root = tmp_path_factory.mktemp("browser")
    ws = build_tiny(root / "data")
    folder_month(ws, "2022-11", NOVEMBER, without=("丁县",))
    write_ledger(ws, [ledger_row("W1", "乙县", "2022-11-20")])
    shots = Path(os.environ.get("GONGWEN_SCREENSHOTS") or root / "screens")
    shots.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-c", "from cli import main; main()", "serve", "--port", "0", "--no-browser",
         "--data", str(ws), "--output", str(root / "output")],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )  # fmt: skip
    url = re.search(r"http://\S+", server.stdout.readline())[0]
    driver = _browser(root / "downloads")
    try:
        yield {"url": url, "ws": ws, "out": root / "output", "root": root, "driver": driver, "shots": shots}
    finally:
        driver.quit()
        server.send_signal(2)  # Ctrl-C
        _, err = server.communicate(timeout=60)
        assert server.returncode == 0 and "已停止" in err, err


def _browser(downloads: Path):
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="gongwen-chromium-"))
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "intl.accept_languages": "zh-CN,zh",
        },
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    return driver


def wait_for(driver, predicate, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            found = predicate(driver)
        except Exception:  # the page is being swapped
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"等待超时：{what}\n{driver.find_element('tag name', 'body').text[:3000]}")


def css(driver, selector: str):
    return driver.find_elements("css selector", selector)


def screen(office, name: str) -> Path:
    """Save the screen; it must fit 1366 pixels without a sideways scroll."""
    driver = office["driver"]
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name}: 页面宽 {width} 像素，超过 {WIDTH}"
    path = office["shots"] / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def text(driver) -> str:
    return driver.find_element("tag name", "body").text


def drop(office, path: Path) -> None:
    """Drop a file on the month's zone (the file input under it, as a drop onto it fills it)."""
    css(office["driver"], "#drop input[type=file]")[0].send_keys(str(path))


def test_the_printed_address_opens_the_month(office):
    driver = office["driver"]
    driver.get(office["url"])
    assert "token" not in driver.current_url  # the secret moved into a cookie
    wait_for(driver, lambda d: "2022年11月" in d.title, "月份页面")
    rows = {
        r.find_elements("tag name", "td")[0].text: r.get_attribute("class")
        for r in css(driver, "table.arrivals tbody tr")
    }
    assert rows == {"甲县": "in", "乙县": "in", "石楼县": "in", "丁县": "missing"}
    assert "未报送 1 个" in text(driver)
    screen(office, "01-月份")


def test_a_dropped_workbook_with_a_bad_cell_shows_the_error_row(office):
    driver = office["driver"]

    def bad(rows):
        rows[5][3] = "九百五"

    drop(office, county_book(office["root"] / "sent" / "丁县11月报表.xlsx", "丁县", edit=bad))
    row = wait_for(driver, lambda d: [r for r in css(d, "table.problems.errors tbody tr") if "D6" in r.text], "错误行")[
        0
    ]
    cells = [td.text for td in row.find_elements("tag name", "td")]
    assert cells[0].endswith("丁县.xlsx") and cells[2] == "单元格 D6" and cells[3] == "九百五"
    assert "已保存" in text(driver) and "原文件名「丁县11月报表.xlsx」" not in text(driver)  # shown once it reads
    assert (office["ws"] / "月报" / "2022-11" / "丁县.xlsx").is_file()
    screen(office, "02-错误行")


def test_the_fixed_workbook_replaces_it_after_asking(office):
    driver = office["driver"]
    drop(office, county_book(office["root"] / "fixed" / "丁县11月报表（改）.xlsx", "丁县"))
    wait_for(driver, lambda d: "是否替换" in text(d), "替换的询问")
    screen(office, "03-是否替换")
    css(driver, "form.ask button[value=replace]")[0].click()
    wait_for(driver, lambda d: css(d, ".badge.ok") and "通过" in css(d, ".badge.ok")[0].text, "数据检查通过")
    assert not css(driver, "table.problems.errors")
    assert "原文件名「丁县11月报表（改）.xlsx」" in text(driver) and "未报送 0 个" in text(driver)
    screen(office, "04-检查通过")


def test_the_bulletin_is_made_with_its_progress_shown(office):
    driver = office["driver"]
    form = css(driver, "form.card")[0]
    date = form.find_element("css selector", "input[name=date]")
    driver.execute_script("arguments[0].value = '2022-12-05'; arguments[0].dispatchEvent(new Event('change'))", date)
    number = wait_for(
        driver,
        lambda d: "〔2022〕" in css(d, "#bulletin-number")[0].text and css(d, "#bulletin-number")[0].text,
        "发文字号随日期更新",
    )
    form.find_element("css selector", "input[name=trace]").click()
    form.find_element("css selector", "button.primary").click()
    wait_for(driver, lambda d: "/jobs/" in d.current_url, "任务页面")
    wait_for(driver, lambda d: css(d, "#state") and css(d, "#state")[0].text == "已完成", "通报完成")
    lines = css(driver, "#lines")[0].text
    assert "已生成：" in lines and "计算过程：" in lines and "已登记：" in lines
    assert number == "小巩衔办发〔2022〕7号" and number in text(driver)
    screen(office, "05-通报已生成")


@needs_soffice
def test_a_page_of_it_is_previewed(office):
    driver = office["driver"]
    css(driver, "#files button.link")[0].click()
    wait_for(driver, lambda d: css(d, "#pages img"), "页面预览")
    images = css(driver, "#pages img")
    assert len(images) >= 5  # the bulletin's pages, 版记 included

    def loaded(d):
        return all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", i) > 500 for i in images
        )

    wait_for(driver, loaded, "页面图片载入")
    screen(office, "06-预览")


def test_the_docx_downloads_and_reads_back(office):
    driver = office["driver"]
    driver.back() if "预览" in driver.title else None
    wait_for(driver, lambda d: css(d, "#files a"), "文件列表")
    link = next(a for a in css(driver, "#files a") if a.get_attribute("href").endswith(".docx"))
    link.click()
    downloads = driver.downloads
    got = wait_for(driver, lambda d: [p for p in downloads.glob("*.docx")], "下载完成")[0]
    made = next((office["out"] / "2022-11").glob("*通报.docx"))
    wait_for(driver, lambda d: got.stat().st_size == made.stat().st_size, "下载写完")
    assert got.read_bytes() == made.read_bytes()
    body = "\n".join(p.text for p in docx.Document(got).paragraphs)
    assert "小巩衔办发〔2022〕7号" in body and "2022年11月" in body


def test_letters_are_made_and_their_register_rows_shown(office):
    driver = office["driver"]
    driver.get(office["url"].split("?")[0] + "month/2022-11/letters?date=2022-12-05")
    wait_for(driver, lambda d: css(d, "#letters"), "提醒函页面")
    ticked = [c.get_attribute("value") for c in css(driver, "#letters input[name=county]")]
    assert "乙县" in ticked  # its problem W1 is overdue
    numbers = [td.text for td in css(driver, "#letters td.number")]
    screen(office, "07-提醒函")
    css(driver, "#make-letters")[0].click()
    wait_for(driver, lambda d: css(d, "#state") and css(d, "#state")[0].text == "已完成", "提醒函完成")
    driver.get(office["url"].split("?")[0] + "registers")
    page = text(driver)
    for number in numbers:
        assert number in page
    assert "小巩衔办发〔2022〕7号" in page and "提醒函登记表" in page
    links = [a.get_attribute("href") for a in css(driver, ".register a")]
    assert len(links) >= 1 + 2 * len(numbers)
    screen(office, "08-发文登记")


def test_without_the_secret_nothing_is_shown(office):
    driver = office["driver"]
    driver.delete_all_cookies()
    driver.get(office["url"].split("?")[0] + "month/2022-11")
    assert "请用 gen serve 启动时显示的地址" in text(driver)
    screen(office, "09-拒绝")
