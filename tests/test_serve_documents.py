"""Documents made on the page are the commands' documents: the same bytes, the same lines, the numbers it
showed beforehand; two tabs never share a number or leave half a file; a cancelled job leaves none."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import NOVEMBER, OCTOBER, copy_sample
from helpers import folder_month, needs_soffice, open_page

from cli import main
from generators.register import FILE
from generators.serve.app import cleanup
from generators.xlsx import read_sheets, records

# (command line, the page's form): the same request made both ways on two copies of the sample.
REQUESTS = [
    (["bulletin", "--month", "2022-11", "--date", "2022-12-05", "--trace"],
     {"action": "bulletin", "month": "2022-11", "date": "2022-12-05", "trace": "on"}),
    (["reminder", "--month", "2022-11", "--date", "2022-12-05"],  # --county for each county the page ticked
     {"action": "letters", "month": "2022-11", "date": "2022-12-05"}),
    (["workplan", "--year", "2023", "--date", "2023-01-10"],
     {"action": "workplan", "year": "2023", "date": "2023-01-10"}),
    (["summary", "--year", "2022", "--date", "2023-01-05", "--report"],
     {"action": "summary", "year": "2022", "date": "2023-01-05", "report": "on"}),
    (["bulletin", "--quarter", "2022Q3", "--date", "2022-10-10"],
     {"action": "bulletin", "month": "2022-09", "quarter": "2022Q3", "date": "2022-10-10"}),
    (["summary", "--year", "2022", "--through", "2022-11", "--date", "2022-12-20"],
     {"action": "summary", "year": "2022", "through": "2022-11", "date": "2022-12-20"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The documents of REQUESTS made by the commands in one workspace and by the page in another."""
    root = tmp_path_factory.mktemp("serve-documents")
    cli_ws, page_ws = copy_sample(root / "cli" / "data"), copy_sample(root / "page" / "data")
    cli_out, page_out = root / "cli" / "output", root / "page" / "output"
    page = open_page(page_ws, page_out, base=root / "page")
    shown = {
        "bulletin": re.search(r'id="bulletin-number">([^<]+)<', page.text("/month/2022-11?date=2022-12-05"))[1],
        "workplan": page.text("/number/workplan/2023?date=2023-01-10"),
        "report": page.text("/number/report/2022?date=2023-01-05"),
        "letters": re.findall(r'<td class="number">([^<]+)</td>', page.text("/month/2022-11/letters?date=2022-12-05")),
    }
    letters = re.findall(r'name="county" value="([^"]+)"', page.text("/month/2022-11/letters?date=2022-12-05"))
    commands, jobs = [], []
    for args, form in REQUESTS:
        if form["action"] == "letters":
            args = [*args, *(a for county in letters for a in ("--county", county))]
        result = CliRunner().invoke(main, [*args, "--data", str(cli_ws), "--output", str(cli_out)])
        assert result.exit_code == 0, result.output
        commands.append(result)
        form = {**form, "county": letters} if form["action"] == "letters" else form
        job = page.run(form)
        assert job.state == "done", job.error
        jobs.append(job)
    yield {"cli": (cli_ws, cli_out), "page": (page_ws, page_out), "commands": commands, "jobs": jobs,
           "shown": shown, "letters": letters, "app": page}  # fmt: skip
    cleanup(page.app)


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_document_is_byte_identical_to_the_commands(both):
    made_by_command, made_by_page = files_below(both["cli"][1]), files_below(both["page"][1])
    assert sorted(made_by_page) == sorted(made_by_command)
    kinds = {name.rsplit(".", 1)[1] for name in made_by_page}
    assert kinds == {"docx", "xlsx"}  # documents, 计算过程 and 提醒函登记表
    assert len([n for n in made_by_page if n.endswith(".docx")]) == 5 + len(both["letters"])
    assert any(n.startswith("2022Q3/") for n in made_by_page) and any(
        n.startswith("2022年1-11月/") for n in made_by_page
    )
    for name, data in made_by_page.items():
        assert data == made_by_command[name], name


def test_the_page_says_what_the_command_printed(both):
    def normalised(text: str, side: str) -> list[str]:
        ws, out = both[side]
        return [line for line in text.replace(str(out), "OUT").replace(str(ws), "WS").splitlines() if line]

    for result, job in zip(both["commands"], both["jobs"]):
        assert normalised("\n".join(job.result["lines"]), "page") == normalised(result.stdout, "cli")
        said = "\n".join(job.result["said"])
        for line in normalised(result.stderr, "cli"):
            if not line.startswith("正在生成"):  # the command's progress bar; the page has its own
                assert line in normalised(said, "page")


def test_the_numbers_shown_before_are_the_numbers_taken(both):
    ws = both["page"][0]
    rows, _ = records(read_sheets(ws / FILE, "发文登记")["发文登记"], ("文号", "文种", "对象"), "发文登记")
    taken = {(r["文种"], r["对象"]): r["文号"] for r in rows}
    shown = both["shown"]
    assert taken[("通报", "2022-11")] == shown["bulletin"] == "榆巩衔办发〔2022〕12号"
    assert taken[("工作要点", "2023")] == shown["workplan"]
    assert taken[("报告", "2022年工作总结")] == shown["report"] == "榆巩衔办字〔2023〕1号"
    assert [taken[("提醒函", f"2022-11 {c}")] for c in both["letters"]] == shown["letters"]
    assert len(set(taken.values())) == len(taken)


def test_the_registers_page_lists_each_document_with_a_link_to_it(both):
    page = both["app"]
    html = page.text("/registers")
    for job in both["jobs"]:
        for path, number in job.result["numbers"].items():
            assert number in html
            link = Path(path).relative_to(both["page"][1]).as_posix()
            assert page.get("/files/" + link).status_code == 200
    assert "提醒函登记表" in html and html.count("<tr>") >= 1 + 4 + 1 + 2 * len(both["letters"])
    assert ">2023年1月10日<" in html and ">2023-01-10<" not in html  # 成文日期, an Excel date, as documents write it
    download = page.get("/register.xlsx")
    assert download.status_code == 200 and download.data == (both["page"][0] / FILE).read_bytes()


def test_a_quarter_end_month_offers_the_quarterly_bulletin_and_the_year_the_as_of_drafts(both):
    page = both["app"]
    september = page.text("/month/2022-09")
    assert 'name="quarter" value="2022Q3"' in september and "生成2022年第三季度点评通报" in september
    november = page.text("/month/2022-11")
    assert 'name="quarter"' not in november and 'name="through" value="2022-11"' in november


def test_a_downloaded_document_is_the_file_and_reads_back(both):
    page, (_, out) = both["app"], both["page"]
    bulletin = next(out.glob("2022-11/*通报.docx"))
    response = page.get("/files/" + bulletin.relative_to(out).as_posix())
    assert response.data == bulletin.read_bytes()
    assert "attachment" in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(bulletin).paragraphs)
    assert "榆巩衔办发〔2022〕12号" in text


# ---------------------------------------------------------------- two tabs, cancel


@pytest.fixture
def folder_tiny(tiny, tmp_path):
    folder_month(tiny, "2022-11", NOVEMBER)
    folder_month(tiny, "2022-10", OCTOBER)
    page = open_page(tiny, tmp_path / "out", tmp_path)
    yield page
    cleanup(page.app)


def test_two_tabs_never_share_a_number_or_a_job(folder_tiny):
    page = folder_tiny
    forms = [
        {"action": "bulletin", "month": m, "date": "2022-12-05", "csrf": page.guard.csrf}
        for m in ("2022-10", "2022-11")
    ]
    starts, barrier = [], threading.Barrier(3)

    def tab(form):
        barrier.wait()
        client = page.app.test_client()
        client.set_cookie(page.guard.cookie, page.guard.secret)
        starts.append(client.post("/jobs", data=form).headers["Location"])

    threads = [threading.Thread(target=tab, args=(f,)) for f in (forms[0], forms[1], forms[1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(starts)) == 2  # the second tab asking for November joined the first one's job
    done = [page.jobs.wait(url.rsplit("/", 1)[1], 240) for url in set(starts)]
    assert all(j.state == "done" for j in done), [j.error for j in done]
    numbers = sorted(n for j in done for n in j.result["numbers"].values())
    assert numbers == ["小巩衔办发〔2022〕7号", "小巩衔办发〔2022〕8号"]
    for job in done:
        for path in job.result["files"]:
            assert docx.Document(path).paragraphs  # whole documents
    assert not [p for p in page.out.rglob(".~*")]


@needs_soffice
def test_a_cancelled_job_leaves_every_file_whole_or_as_it_was(folder_tiny):
    page = folder_tiny
    from conftest import write_ledger

    write_ledger(page.ws, [])
    response = page.post("/jobs", {"action": "letters", "month": "2022-11", "date": "2022-12-05", "pdf": "on",
                                   "county": ["甲县", "乙县", "石楼县", "丁县"]})  # fmt: skip
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 120
    while "PDF" not in page.jobs.get(job_id).step and page.jobs.get(job_id).state == "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    worker = page.jobs.get(job_id).process.pid
    time.sleep(0.5)  # LibreOffice has started
    cancelled = page.post(f"/jobs/{job_id}/cancel", follow_redirects=True)
    job = page.jobs.wait(job_id, 60)
    if job.state == "done":
        pytest.skip("LibreOffice finished before the cancel arrived")
    assert job.state == "cancelled" and "已取消" in cancelled.get_data(as_text=True)
    out = page.out / "2022-11" / "提醒函"
    letters = sorted(out.glob("*.docx"))
    assert letters and all(docx.Document(p).paragraphs for p in letters)
    for pdf in out.glob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    assert not [p for p in page.out.rglob(".~*")]
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob(f"gongwen-pdf-{worker}-*"))
    assert not _children_alive(worker)


def _children_alive(pid: int) -> list[int]:
    """Processes whose parent is `pid` (LibreOffice's guard, LibreOffice) still alive."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", text, re.M):
            found.append(int(status.parent.name))
    return found
