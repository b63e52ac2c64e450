"""The `gen` command: one thin subcommand per document kind.

Heavy libraries (pandas, matplotlib, docxtpl) are imported inside the commands so that
`gen --help` stays instant.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def friendly(fn):
    """Turn a GongwenError into its Chinese message on stderr and exit status 1, Ctrl-C into 130."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from generators.errors import GongwenError
        from generators.processes import interruptible

        try:
            with interruptible():
                return fn(*args, **kwargs)
        except GongwenError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            sys.exit(130)

    return wrapper


def reading_report(ledger: bool = False):
    """Add --strict, and print what reading found (提醒, 说明) after the command, whatever its outcome.

    The readers put it in generators.reading.report; `ledger` asks them to check the problem ledger
    with the tables, so that one run lists every problem. Place it above @friendly.
    """

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, strict=False, **kwargs):
            from generators.reading.report import reporting

            with reporting(strict=strict, ledger=ledger) as report:
                try:
                    return fn(*args, **kwargs)
                finally:
                    if report.text():
                        click.echo(report.text(), err=True)

        return click.option("--strict", is_flag=True, help="有提醒（如合计不符、数据全空）时也停止，不生成文件。")(
            wrapper
        )

    return decorate


def data_option(fn):
    return click.option(
        "--data",
        "data_dir",
        default="data",
        show_default=True,
        type=click.Path(path_type=Path),
        help="工作区文件夹（月报、名单、指标、设置）。",
    )(fn)


def output_option(fn):
    return click.option(
        "--output",
        "output_dir",
        default="output",
        show_default=True,
        type=click.Path(path_type=Path),
        help="输出文件夹。",
    )(fn)


class Gen(click.Group):
    def main(self, *args, **kwargs):
        from generators.console import make_safe

        make_safe()  # before anything is printed, --help included: no console encoding ends a command
        return super().main(*args, **kwargs)


@click.group(cls=Gen, context_settings=CONTEXT_SETTINGS)
def main():
    """gongwen：把各县区报送的统计表生成 GB/T 9704-2012 格式的公文。

    \b
    常用命令：
      gen validate --month 2022-11   检查某月数据，列出错误和提醒（--year 2022 检查年度文件）
      gen bulletin --month 2022-11   通报排队（月度通报）
      gen reminder --month 2022-11 --all   问题整改提醒函
      gen summary --year 2022        年度工作总结（加 --report 作为报告上报）
      gen workplan --year 2023       印发年度工作要点的通知
      gen check 文件.docx             按 GB/T 9704 检查公文格式
      gen serve                      在浏览器中操作（本机页面）
    """


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--month", metavar="YYYY-MM", help="月份，如 2022-11：检查这个月的月报。")
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    metavar="YYYY",
    help="年度，如 2022：检查年度总结和工作要点用到的全部文件。",
)
@data_option
@reading_report()
@friendly
def validate(month, year, data_dir):
    """检查数据：读取、校验并汇总（例：gen validate --month 2022-11，或 gen validate --year 2022）。"""
    if (month is None) == (year is None):
        raise click.UsageError("请用 --month 指定月份，或用 --year 指定年度（二者选一）。")
    if year is not None:
        from generators.year_check import summarize as summarize_year

        click.echo(summarize_year(data_dir, year))
        return
    from generators.reading.validate import summarize

    click.echo(summarize(data_dir, month))


def document_options(fn):
    """The options every document command shares: workspace, output, template, date, PDF."""
    for option in reversed(
        [
            data_option,
            output_option,
            click.option(
                "--template",
                type=click.Path(path_type=Path, dir_okay=False),
                help="使用自己修改过的模板（.docx），默认用 templates/ 中的模板。",
            ),
            click.option(
                "--date",
                "issued",
                type=click.DateTime(["%Y-%m-%d"]),
                default=None,
                metavar="YYYY-MM-DD",
                help="成文日期，默认今天。",
            ),
            click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（PDF/A-2b，字体嵌入，便于归档）。"),
        ]
    ):
        fn = option(fn)
    return fn


def charts_option(fn):
    """--charts, for the commands that draw."""
    return click.option(
        "--charts",
        "chart_style",
        type=click.Choice(["image", "native"]),
        default=None,
        help="图表：image 为图片，native 为可在 Word、WPS 中「编辑数据」的图表；默认按设置.yaml「图表/格式」（未设置为图片）。",
    )(fn)


def _issued(value):
    import datetime as dt

    return value.date() if value else dt.date.today()


def _maybe_pdf(paths, pdf):
    if pdf:
        from generators.word.pdf import to_pdf_many

        for path in to_pdf_many(paths):
            click.echo(f"已生成：{path}")
        return
    for path in paths:  # a PDF from an earlier run no longer matches the document just written
        old = Path(path).with_suffix(".pdf")
        if old.is_file():
            click.echo(
                f"提示：「{old}」是以前生成的，与新的 Word 文档可能不一致；需要时请加 --pdf 重新生成。", err=True
            )


def period_options(*names: str):
    """--month / --quarter / --year, as the periods named (reading.periods) spell and explain them."""

    def decorate(fn):
        from generators.reading.periods import PERIODS

        for period in reversed([p for p in PERIODS if p.OPTION in names]):
            fn = click.option(f"--{period.OPTION}", metavar=period.METAVAR, help=period.HELP)(fn)
        return fn

    return decorate


def number_option(fn):
    return click.option(
        "--number", "serial", type=click.IntRange(1, 99_999), help="发文字号的序号，默认取发文登记中下一个未用的号。"
    )(fn)


def _period(kind, **given):
    """The one period given among the kind's options, parsed by its type."""
    chosen = [(p, given[p.OPTION]) for p in kind.periods if given.get(p.OPTION)]
    if len(chosen) != 1:
        named = "或".join(f"--{p.OPTION}" for p in kind.periods)
        raise click.UsageError(f"请用 {named} 指定时期（只写一个）。")
    period, text = chosen[0]
    return period.parse(text)


def _issue(kind, data_dir, output_dir, template, issued, serial=None, period=None, **periods):
    """Issue `kind` for `period` (or the one given among its period options) through the one pipeline."""
    from generators import base
    from generators.reading.workspace import Workspace

    period = period or _period(kind, **periods)
    return base.issue(kind, Workspace(data_dir), period, output_dir, _issued(issued), template=template, number=serial)


def through_option(fn):
    return click.option(
        "--through",
        metavar="YYYY-MM",
        help="截至某月：年底前起草时用这个月的累计数（如 --through 2023-11，写「截至2023年11月底」，按序时进度衡量）。",
    )(fn)


def _said(kind, done, pdf):
    for line in kind.said(done):
        click.echo(line)
    _maybe_pdf(done.paths, pdf)


@main.command(context_settings=CONTEXT_SETTINGS)
@period_options("month", "quarter")
@document_options
@number_option
@click.option("--trace", is_flag=True, help="同时生成「计算过程」工作簿：每个数字由哪些单元格、怎样算出。")
@charts_option
@reading_report()
@friendly
def bulletin(month, quarter, data_dir, output_dir, template, issued, serial, pdf, trace, chart_style):
    """通报排队：月度或季度重点工作进展通报（例：gen bulletin --month 2022-11，或 --quarter 2022Q3）。"""
    from generators import bulletin as doc

    kind = doc.Kind(chart_style, trace)
    _said(kind, _issue(kind, data_dir, output_dir, template, issued, serial, month=month, quarter=quarter), pdf)


@main.command(context_settings=CONTEXT_SETTINGS)
@period_options("month")
@click.option("--county", "counties", multiple=True, metavar="县区", help="给这个县区发函（可写多次）。")
@click.option("--all", "everyone", is_flag=True, help="给所有需要提醒的县区发函。")
@document_options
@reading_report(ledger=True)
@friendly
def reminder(month, counties, everyone, data_dir, output_dir, template, issued, pdf):
    """问题整改提醒函（例：gen reminder --month 2022-11 --all，或 --county 佳县）。"""
    from generators import reminder as doc

    if not counties and not everyone:
        raise click.UsageError("请用 --county 县区名 指定县区，或用 --all 给所有需要提醒的县区发函。")
    kind = doc.Kind(list(counties) or None)
    _said(kind, _issue(kind, data_dir, output_dir, template, issued, month=month), pdf)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--year", required=True, type=int, metavar="YYYY", help="工作要点的年份，如 2023。")
@through_option
@document_options
@number_option
@reading_report()
@friendly
def workplan(year, through, data_dir, output_dir, template, issued, serial, pdf):
    """印发年度工作要点的通知，任务取自「工作要点/年份年.xlsx」（例：gen workplan --year 2023；上年12月前起草加
    --through 2022-11）。"""
    from generators import workplan as doc
    from generators.reading.periods import Month

    kind = doc.Kind(Month.parse(through) if through else None)
    _said(kind, _issue(kind, data_dir, output_dir, template, issued, serial, year=str(year)), pdf)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="总结的年度，如 2022。")
@document_options
@through_option
@click.option("--report", is_flag=True, help="以报告（上行文）形式上报：带版头、发文字号、签发人和版记。")
@number_option
@charts_option
@reading_report()
@friendly
def summary(year, data_dir, output_dir, template, issued, through, report, serial, pdf, chart_style):
    """年度工作总结（例：gen summary --year 2022；12月前起草用 --through 2022-11；上报加 --report）。"""
    import logging

    from generators import summary as doc
    from generators.reading.periods import YearToDate

    class Echo(logging.Handler):  # comparisons left out for want of last year's data are said, not hidden
        def emit(self, record):
            click.echo(f"注意：{record.getMessage()}", err=True)

    if serial is not None and not report:
        raise click.UsageError("--number 只用于 --report 上报的报告（作为OA附件的总结没有发文字号）。")
    echo = Echo(logging.WARNING)
    doc.LOG.addHandler(echo)
    kind = doc.Kind(report, chart_style)
    try:
        done = _issue(
            kind, data_dir, output_dir, template, issued, serial, period=YearToDate.through_text(year, through)
        )
    finally:
        doc.LOG.removeHandler(echo)
    _said(kind, done, pdf)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（供其他程序读取）。")
@click.option("--letter", is_flag=True, help="按信函格式检查（发文字号含「函」时自动识别）。")
def check(files, as_json, letter):
    """按 GB/T 9704-2012 检查 .docx 公文格式（例：gen check 通报.docx）。

    \b
    也可检查 Word 模板（.dotx）；信函、命令、纪要按各自格式判断。
    版记页是否为双数页依同一文件夹中较新的同名 PDF 判断（gen pdf 生成）。
    退出状态：0 全部通过；1 有不符合项；2 有文件无法读取。
    """
    from generators import check as checker

    reports: list[checker.Report | tuple[Path, str]] = []
    unreadable = False
    for path in files:
        try:
            reports.append(checker.check_file(path, True if letter else None))
        except checker.UnreadableDocx as exc:
            unreadable = True
            reports.append((path, str(exc)))
            click.echo(f"错误：{exc}", err=True)
    if as_json:
        from generators.console import json_text

        click.echo(json_text(checker.as_json(reports)))
    elif any(isinstance(r, checker.Report) for r in reports):
        click.echo("\n\n".join(checker.as_text(r) for r in reports if isinstance(r, checker.Report)))
    sys.exit(2 if unreadable else 0 if all(isinstance(r, checker.Report) and r.ok for r in reports) else 1)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly
def pdf(files):
    """用 LibreOffice 把 .docx 转成 PDF/A，放在原文件旁边（例：gen pdf 通报.docx）。"""
    _maybe_pdf(list(files), True)


@main.command(context_settings=CONTEXT_SETTINGS)
@data_option
@output_option
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="端口，默认 8765（被占用时取下一个空闲的）。")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="绑定的地址；只能是本机地址，除非加 --allow-remote。"
)
@click.option("--allow-remote", is_flag=True, help="允许绑定到其他电脑能连接的地址（不建议；会给出警告）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@friendly
def serve(data_dir, output_dir, port, host, allow_remote, no_browser):
    """在本机浏览器中完成一个月的工作：报送情况、数据检查、生成公文、发文登记（例：gen serve）。

    \b
    页面只在本机（127.0.0.1）提供，地址中含本次启动的密钥；按 Ctrl-C 停止。
    """
    from generators.serve.server import serve as run

    run(data_dir, output_dir, host, port, allow_remote, not no_browser, click.echo)


if __name__ == "__main__":
    main()
