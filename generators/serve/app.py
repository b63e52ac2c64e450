"""The page: Flask routes over the month, the documents, the jobs and the registers.

Server-rendered HTML; htmx (vendored in static/) only swaps parts of a page and polls, so every form
also works as a plain form. Each request reads the workspace afresh: what the clerk saved in Explorer a
moment ago is what the page shows.

Longer than 400 lines: the page's routes, grouped by screen; each group is a function of its own.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, send_file, url_for

from generators.errors import GongwenError
from generators.reading.files import MAX_FILE_BYTES
from generators.reading.periods import Quarter
from generators.reading.workspace import Month, Workspace
from generators.serve import jobs as jobs_module
from generators.serve import month as month_view
from generators.serve import numbers, registers, uploads
from generators.serve.paths import Outside, inside, is_regular, relative_to
from generators.serve.security import CSRF_FIELD, CSRF_HEADER, HEADERS, Guard

MAX_FILES = 200  # one drop: a province's counties at most
NOTICES_KEPT = 50
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".xlsx")


@dataclass
class Config:
    data: Path
    output: Path
    guard: Guard
    base: Path = field(default_factory=Path.cwd)  # relative paths in the registers are from here
    previews: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="gongwen-serve-")))
    max_upload: int = MAX_FILE_BYTES


def workspace(config: Config) -> Workspace:
    try:
        return Workspace(config.data)
    except GongwenError as exc:
        abort(_error(str(exc)))


def parse_month(key: str) -> Month:
    try:
        return Month.parse(key)
    except GongwenError as exc:
        abort(_error(str(exc), 404))


def parse_quarter(key: str) -> Quarter:
    try:
        return Quarter.parse(key)
    except GongwenError as exc:
        abort(_error(str(exc), 404))


@dataclass
class Shared:
    """What the routes of one app share: its settings, its jobs, the upload notices shown once."""

    config: Config
    jobs: jobs_module.Jobs
    notices: dict[str, list[uploads.Outcome]]
    notices_lock: threading.Lock


def create_app(config: Config) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_upload + (1 << 20)  # the form's own fields besides the file
    app.config["MAX_FORM_PARTS"] = MAX_FILES + 20
    app.extensions["gongwen"] = config
    jobs = jobs_module.Jobs()
    app.extensions["gongwen.jobs"] = jobs
    notices: dict[str, list[uploads.Outcome]] = {}
    notices_lock = threading.Lock()

    shared = Shared(config, jobs, notices, notices_lock)
    for routes in (_guarded, _month_routes, _job_routes, _file_routes):
        routes(app, shared)
    return app


def _guarded(app: Flask, shared: Shared) -> None:
    """The guard before every request (secret, CSRF, Host, Origin), the headers after, the shared names."""
    config = shared.config

    @app.before_request
    def guard():
        if request.endpoint == "static" and request.method == "GET" and request.host in config.guard.hosts:
            return None  # the package's own stylesheet and htmx: public code, so a refusal page is readable too
        refused = config.guard.refusal(
            request.method, request.host, request.headers, request.cookies, request.args, _LazyForm()
        )
        if refused is not None:
            status, message = refused
            return render_template("refused.html", message=message), status
        if request.args.get("token") is not None and request.method == "GET":  # the secret moves to a cookie
            args = {k: v for k, v in request.args.items() if k != "token"}
            values: dict[str, Any] = {**(request.view_args or {}), **args}
            response = redirect(url_for(request.endpoint or "home", **values))
            response.set_cookie(config.guard.cookie, config.guard.secret, httponly=True, samesite="Strict")
            return response
        g.csrf = config.guard.csrf
        return None

    @app.after_request
    def headers(response):
        response.headers.update(HEADERS)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(413)
    def too_large(_):
        limit = config.max_upload // 2**20
        return render_template(
            "refused.html", message=f"上传的文件超过 {limit} MB，不像是县区报送的报表，未保存。"
        ), 413

    @app.context_processor
    def common():
        return {
            "csrf_field": CSRF_FIELD,
            "csrf_header": CSRF_HEADER,
            "data_dir": str(config.data),
            "output_dir": str(config.output),
        }


def _month_routes(app: Flask, shared: Shared) -> None:
    """The month's screen: arrivals, validation, uploads, the letters to choose."""
    config, jobs, notices, notices_lock = shared.config, shared.jobs, shared.notices, shared.notices_lock

    @app.get("/")
    def home():
        ws = workspace(config)
        months = ws.months()
        today = dt.date.today()
        chosen = months[-1] if months else Month(today.year, today.month).previous()
        return redirect(url_for("month_page", key=chosen.key))

    @app.get("/month")
    def month_pick():
        chosen = request.args.get("other") or request.args.get("m", "")
        return redirect(url_for("month_page", key=parse_month(chosen).key))

    @app.get("/month/<key>")
    def month_page(key: str):
        ws, month = workspace(config), parse_month(key)
        if month.key != key:
            return redirect(url_for("month_page", key=month.key))
        stamp = month_view.fingerprint(ws)
        if request.args.get("since") == stamp and request.headers.get("HX-Request"):
            return "", 204  # nothing changed since the page was drawn: htmx keeps it
        uploads.sweep(ws)
        found = month_view.check(ws, month)
        with notices_lock:
            shown = notices.get(request.args.get("notice", ""), [])
        issued = _date(request.args.get("date"))  # the forms' 成文日期, and the year of the numbers shown
        return render_template(
            "month.html",
            check=found,
            month=month,
            months=ws.months(),
            stamp=stamp,
            outcomes=shown,
            documents=_documents(config, [month.key, str(month.year), str(month.year + 1)]),
            quarter=Quarter(month.year, month.number // 3) if month.number % 3 == 0 else None,
            issued=issued.isoformat(),
            bulletin_number=numbers.bulletin(ws, month, issued) if found.passed else "",
            year=month.year,
            plan_year=month.year + 1,
            workplan_number=numbers.workplan(ws, month.year + 1, issued),
            report_number=numbers.summary_report(ws, month.year, issued),
            running=[j for j in jobs.all() if j.state == jobs_module.RUNNING],
        )

    @app.get("/number/<kind>/<subject>")
    def number_preview(kind: str, subject: str):
        """The 发文字号 for the date just chosen in a form (htmx swaps it in)."""
        ws, issued = workspace(config), _date(request.args.get("date"))
        if kind == "bulletin":
            return numbers.bulletin(ws, parse_month(subject), issued)
        if kind in ("workplan", "report"):
            year = _year(subject)
            return (
                numbers.workplan(ws, year, issued) if kind == "workplan" else numbers.summary_report(ws, year, issued)
            )
        abort(404)

    @app.post("/month/<key>/upload")
    def upload(key: str):
        ws, month = workspace(config), parse_month(key)
        sent = request.files.getlist("files")
        outcomes = [uploads.receive(ws, month, f.filename, f.stream, config.max_upload) for f in sent if f.filename]
        if not outcomes:
            outcomes = [uploads.Outcome("", problems=["没有收到文件：请把县区的报表拖到框中，或点击框选择文件"])]
        return redirect(url_for("month_page", key=month.key, notice=remember(outcomes)), 303)

    @app.post("/month/<key>/upload/<token>")
    def upload_answer(key: str, token: str):
        ws, month = workspace(config), parse_month(key)
        try:
            outcome = uploads.answer(ws, month, token, request.form.get("answer") == "replace")
        except GongwenError as exc:
            outcome = uploads.Outcome("", problems=[str(exc)])
        return redirect(url_for("month_page", key=month.key, notice=remember([outcome])), 303)

    def remember(outcomes: list[uploads.Outcome]) -> str:
        notice = secrets.token_hex(6)
        with notices_lock:
            notices[notice] = outcomes
            for old in list(notices)[:-NOTICES_KEPT]:
                del notices[old]
        return notice

    @app.get("/month/<key>/letters")
    def letters_page(key: str):
        from generators import reminder
        from generators.reading.report import reporting

        ws, month = workspace(config), parse_month(key)
        issued = _date(request.args.get("date"))
        said, error, batch = "", "", None
        with reporting(ledger=True) as report:
            try:
                batch = reminder.plan(ws, month, issued)
            except GongwenError as exc:
                error = f"错误：{exc}"
            said = report.text()
        letters = batch.letters if batch else []
        taken = numbers.letters(ws, month, issued, [letter.county for letter in letters]) if letters else []
        return render_template(
            "letters.html",
            month=month,
            issued=issued.isoformat(),
            batch=batch,
            rows=list(zip(letters, taken)),
            error=error,
            said=said,
        )


def _job_routes(app: Flask, shared: Shared) -> None:
    """Documents made in worker processes, their progress, cancelling, previews."""
    config, jobs = shared.config, shared.jobs

    @app.post("/jobs")
    def start_job():
        form = request.form
        action = form.get("action", "")
        common = {"data": str(config.data), "output": str(config.output)}
        date = form.get("date") or None
        if date is not None:
            _date(date)
        number = _number(form.get("number"))
        pdf = form.get("pdf") == "on"
        charts = form.get("charts") if form.get("charts") in ("image", "native") else None  # --charts; else 设置.yaml
        kwargs: dict[str, object]
        key: tuple
        if action == "bulletin" and form.get("quarter"):
            quarter = parse_quarter(form.get("quarter", ""))
            kwargs = {"quarter": quarter.key, "date": date, "number": number, "pdf": pdf, "charts": charts}
            kwargs["trace"] = form.get("trace") == "on"
            key, title = ("bulletin", quarter.key), f"{quarter.label}点评通报"
        elif action == "bulletin":
            month = parse_month(form.get("month", ""))
            kwargs = {
                "month": month.key,
                "date": date,
                "number": number,
                "trace": form.get("trace") == "on",
                "pdf": pdf,
                "charts": charts,
            }
            key, title = ("bulletin", month.key), f"{month.label}通报"
        elif action == "letters":
            month = parse_month(form.get("month", ""))
            counties = form.getlist("county")
            if not counties:
                abort(_error("请至少选择一个县区。", 400))
            kwargs = {"month": month.key, "date": date, "counties": counties, "pdf": pdf}
            key, title = ("letters", month.key, tuple(counties)), f"{month.label}提醒函（{len(counties)}个县区）"
        elif action in ("summary", "workplan"):
            year = _year(form.get("year"))
            kwargs = {"year": year, "date": date, "number": number, "pdf": pdf, "through": form.get("through") or None}
            if action == "summary":
                kwargs["report"] = form.get("report") == "on"
                kwargs["charts"] = charts
            key = (action, year, kwargs.get("report"), kwargs["through"])
            title = f"{year}年{'工作总结' if action == 'summary' else '工作要点'}"
        else:
            abort(_error("不认识的操作。", 400))
        job = jobs.start(key, title, action, **common, **kwargs)
        return redirect(url_for("job_page", job_id=job.id), 303)

    @app.post("/preview")
    def start_preview():
        target = _output_file(config, request.form.get("file", ""))
        if target.suffix.lower() != ".docx":
            abort(_error("只能预览 Word 文档（.docx）。", 400))
        folder = Path(tempfile.mkdtemp(dir=config.previews))
        job = jobs.start(
            ("preview", str(target), target.stat().st_mtime_ns),
            f"预览：{target.name}",
            "preview",
            docx=str(target),
            folder=str(folder),
        )
        return redirect(url_for("job_page", job_id=job.id), 303)

    @app.get("/jobs/<job_id>")
    def job_page(job_id: str):
        job = jobs.get(job_id) or abort(_error("没有这项任务（服务重启后，以前的任务不再显示）。", 404))
        result = job.result
        files = [
            {
                "path": path,
                "link": relative_to(config.output, _absolute(config, path)),
                "number": result["numbers"].get(path, ""),
            }
            for path in result.get("files", [])
        ]
        return render_template("job.html", job=job, files=files, pages=result.get("pages", []))

    @app.post("/jobs/<job_id>/cancel")
    def cancel_job(job_id: str):
        jobs.cancel(job_id) or abort(404)
        jobs.wait(job_id, timeout=10)
        return redirect(url_for("job_page", job_id=job_id), 303)

    @app.get("/jobs/<job_id>/page/<int:n>.png")
    def preview_page(job_id: str, n: int):
        job = jobs.get(job_id) or abort(404)
        pages = job.result.get("pages", [])
        if not 1 <= n <= len(pages):
            abort(404)
        return send_file(pages[n - 1], mimetype="image/png")


def _file_routes(app: Flask, shared: Shared) -> None:
    """Downloads and the registers."""
    config, jobs = shared.config, shared.jobs

    @app.get("/files/<path:relative>")
    def download(relative: str):
        target = _output_file(config, relative)
        inline = target.suffix.lower() == ".pdf" and request.args.get("view") == "1"
        return send_file(target, as_attachment=not inline, download_name=target.name)

    @app.get("/register.xlsx")
    def register_file():
        from generators.register import FILE

        path = config.data / FILE
        if not is_regular(path):
            abort(_error("还没有发文登记。", 404))
        return send_file(path, as_attachment=True, download_name=FILE)

    @app.get("/registers")
    def registers_page():
        return render_template(
            "registers.html",
            issued=registers.issued(config.data, config.output, config.base),
            letters=registers.letters(config.output),
        )

    @app.get("/jobs")
    def jobs_page():
        return render_template("jobs.html", jobs=jobs.all())


class _LazyForm:
    """request.form, parsed only if the CSRF token is not in the header (a refused request's body is never read)."""

    def get(self, name: str, default=None):
        return request.form.get(name, default)


def _error(message: str, status: int = 400):
    from flask import make_response

    return make_response(render_template("refused.html", message=message), status)


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        abort(_error(f"成文日期「{text}」格式不对，应写成 2022-12-05 这样的年-月-日。"))


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 99_999:
        abort(_error(f"发文字号的序号「{text}」不对，应为1到99999的整数；不填则取下一个未用的号。"))
    return int(text)


def _year(text: str | None) -> int:
    if not text or not text.isdigit() or not 2000 <= int(text) <= 2100:
        abort(_error(f"年份「{text}」不对，应为2000到2100的整数。"))
    return int(text)


def _absolute(config: Config, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else config.base / p


def _output_file(config: Config, relative: str) -> Path:
    try:
        target = inside(config.output, relative)
    except Outside:
        abort(_error("只能下载输出文件夹中的文件。", 404))
    if target.suffix.lower() not in DOCUMENT_SUFFIXES or not is_regular(target):
        abort(_error("没有这个文件。", 404))
    return target


def _documents(config: Config, folders: list[str]) -> list[dict]:
    """The documents already in the output folder for these months and years (newest first)."""
    found = []
    for name in folders:
        folder = Path(config.output) / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in DOCUMENT_SUFFIXES and is_regular(path) and not path.name.startswith((".", "~$")):
                link = relative_to(config.output, path)
                if link is not None:
                    found.append(
                        {
                            "name": path.name,
                            "link": link,
                            "folder": name,
                            "suffix": path.suffix.lower(),
                            "mtime": dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%m-%d %H:%M"),
                        }
                    )
    return found


def cleanup(app: Flask) -> None:
    """Stop the jobs and remove the preview images (the server is stopping)."""
    app.extensions["gongwen.jobs"].shutdown()
    shutil.rmtree(app.extensions["gongwen"].previews, ignore_errors=True)
