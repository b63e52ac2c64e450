"""Rendering a docxtpl template into a .docx: sandboxed, strict, with pictures, saved atomically.

Templates may come from the user (`--template`), so they are rendered in a bounded jinja2 sandbox
(word/sandbox.py): a template can read the context, never reach Python internals, and cannot
exhaust memory or time. `autoescape=True` turns 「A&B」 and 「<县>」 into valid XML instead of a
corrupt document, and `StrictUndefined` makes a misspelt name an error instead of a silent blank.

The same input gives the same bytes: every .docx and .xlsx written gets fixed zip entry times and
core properties dated by the caller's `stamp` (the document's date), or by SOURCE_DATE_EPOCH when
that is set, never by the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generators.errors import GongwenError
from generators.word import gbt9704

# A process pool pays off only for large batches: starting workers costs about a second.
POOL_THRESHOLD = 24
# Zip entry times when neither the caller nor SOURCE_DATE_EPOCH gives one: the earliest a zip can hold.
ZIP_EPOCH = dt.datetime(1980, 1, 1)
OOXML_SUFFIXES = (".docx", ".xlsx")


class RenderError(GongwenError):
    """A template could not be rendered or the document could not be saved."""


@dataclass(frozen=True)
class Picture:
    """A PNG image for the document, as wide as `width_mm` (the text block by default)."""

    png: bytes
    width_mm: float = gbt9704.TEXT_WIDTH_MM


def render_docx(template: Path, context: dict, out_path: Path, stamp: dt.date | None = None) -> Path:
    """Render `template` with `context` and save it atomically at `out_path`; return `out_path`.

    On any failure nothing is written: no partial file appears and an existing file is kept.
    `stamp` (the document's date) dates the file's parts and properties, so a rerun gives the same bytes.
    """
    template = Path(template)
    data = _render_bytes(_read_template(template), template, context, stamp)
    return _write(Path(out_path), data)


def render_many(template: Path, jobs, progress=None, extra=(), stamp: dt.date | None = None) -> list[Path]:
    """Render many (context, out_path) pairs from one template; the template file is read once.

    All or nothing: every document is rendered in memory first (large batches in a process pool),
    and only when all succeeded are they written, each atomically. A failure in any one writes none
    of them, and files from an earlier run stay as they were. `progress(n)` advances as documents render.
    `extra` (path, bytes) pairs, e.g. the registers, are written in the same all-or-nothing step.
    """
    template = Path(template)
    source = _read_template(template)
    jobs = [(context, Path(out)) for context, out in jobs]
    rendered: list[bytes] = []
    if len(jobs) < POOL_THRESHOLD or (os.cpu_count() or 1) < 2:
        for context, _ in jobs:
            rendered.append(_render_bytes(source, template, context, stamp))
            if progress:
                progress(1)
    else:
        with _pool() as pool:
            futures = [pool.submit(_render_bytes, source, template, context, stamp) for context, _ in jobs]
            try:
                for future in futures:  # in order, so errors name the first failing document
                    rendered.append(future.result())
                    if progress:
                        progress(1)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    written = _write_all([(out, data) for (_, out), data in zip(jobs, rendered)] + list(extra))
    return written[: len(jobs)]


def _pool() -> ProcessPoolExecutor:
    """Workers forked where the platform can, dying with this process even after `kill -9`."""
    import multiprocessing

    from generators.processes import die_with_parent

    workers = min(os.cpu_count() or 2, 8)
    if "fork" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers)
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


def _write_all(documents: list[tuple[Path, bytes]]) -> list[Path]:
    """Write every document or none: stage them all as temporary files, then rename them into place.

    Staging catches a full disk or a folder that cannot be made before any file is replaced. Should a
    rename still fail (a letter open in Word on Windows), the ones already replaced are put back.
    """
    from generators.processes import terminating_cleanly

    with terminating_cleanly():
        return _write_all_now(documents)


def _write_all_now(documents: list[tuple[Path, bytes]]) -> list[Path]:
    staged: list[tuple[Path, str]] = []
    try:
        for out, data in documents:
            staged.append((out, _stage(out, data)))
    except BaseException:
        for _, tmp in staged:
            _discard(tmp)
        raise
    replaced: list[tuple[Path, bytes | None]] = []
    try:
        for out, tmp in staged:
            try:
                previous = out.read_bytes() if out.is_file() else None
            except OSError as exc:
                raise RenderError(f"无法写入「{out}」：文件可能正在 Word 或 WPS 中打开，请关闭后重试。") from exc
            _commit(tmp, out)
            replaced.append((out, previous))
    except BaseException:
        for _, tmp in staged:
            _discard(tmp)
        for out, previous in reversed(replaced):
            try:
                if previous is None:
                    out.unlink()
                else:
                    _commit(_stage(out, previous), out)
            except (OSError, RenderError):
                pass  # best effort: the error below is what the user needs to see
        raise
    return [out for out, _ in documents]


def _read_template(template: Path) -> bytes:
    if not template.is_file():
        raise RenderError(f"找不到模板文件「{template}」。请检查路径，或不加 --template 使用默认模板。")
    if template.suffix.lower() != ".docx":
        raise RenderError(f"模板「{template}」不是 Word 文档（.docx）。请用 Word 或 WPS 另存为 .docx 格式后再用。")
    data = template.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise zipfile.BadZipFile
    except zipfile.BadZipFile:
        raise RenderError(
            f"模板「{template}」不是有效的 Word 文档（.docx）。若是 .doc 或 WPS 格式，请另存为 .docx 后再用。"
        ) from None
    return data


def template_text(template: Path) -> str:
    """The text of a template's body with the XML tags taken out, so a tag Word split over runs reads whole."""
    with zipfile.ZipFile(io.BytesIO(_read_template(template))) as zf:
        xml = zf.read("word/document.xml").decode("utf-8", errors="replace")
    return re.sub(r"<[^>]+>", "", xml)


def _environment():
    # Imported here so `gen --help` stays fast; a new environment per document holds its own budget.
    from jinja2 import StrictUndefined

    from generators.word.sandbox import BoundedSandbox

    return BoundedSandbox(autoescape=True, undefined=StrictUndefined)


def _with_images(value, tpl):
    """A copy of `value` where every Picture, at any depth, is a docxtpl InlineImage of `tpl`."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    if isinstance(value, Picture):
        return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _with_images(v, tpl) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_images(v, tpl) for v in value]
    return value


def _render_bytes(source: bytes, template: Path, context: dict, stamp: dt.date | None = None) -> bytes:
    """The rendered document, its zip made reproducible (see `reproducible`)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError
    from lxml.etree import XMLSyntaxError

    from generators.word.sandbox import TemplateLimitError, memory_cap

    name = template.name
    try:
        tpl = DocxTemplate(io.BytesIO(source))
        with memory_cap():
            tpl.render(_with_images(context, tpl), jinja_env=_environment())
        buffer = io.BytesIO()
        tpl.save(buffer)
    except TemplateLimitError as exc:
        raise RenderError(
            f"模板「{name}」超出了生成限制：{exc.message}。模板中可能有过大的重复（*）或层层嵌套的循环，请检查模板。"
        ) from None
    except (MemoryError, RecursionError) as exc:
        what = "内存" if isinstance(exc, MemoryError) else "嵌套层数"
        raise RenderError(
            f"模板「{name}」渲染时所需{what}超过上限，已停止。模板中可能有过大的重复（*）、自我调用的宏或层层嵌套的循环，请检查模板。"
        ) from None
    except SecurityError as exc:
        raise RenderError(
            f"模板「{name}」中含有不允许的操作（{exc}）。模板只能引用数据名称，不能调用程序内部属性。"
        ) from exc
    except UndefinedError as exc:
        raise RenderError(_undefined_message(name, source, exc)) from exc
    except TemplateSyntaxError as exc:
        raise RenderError(_syntax_message(name, exc)) from exc
    except TemplateError as exc:
        raise RenderError(f"模板「{name}」渲染出错：{exc}。") from exc
    except XMLSyntaxError as exc:
        raise RenderError(
            f"模板「{name}」渲染后的文档结构不完整（{exc}）。请检查 {{%p %}}、{{%tr %}}、{{%tc %}} 标记"
            "是否各自单独占一个段落、表格行或单元格，且 for/if 与 endfor/endif 成对出现。"
        ) from exc
    except (TypeError, ValueError, LookupError, AttributeError, ArithmeticError) as exc:
        # A user template can iterate a string or index a number; say so rather than crash.
        raise RenderError(
            f"模板「{name}」渲染出错：{type(exc).__name__}: {exc}。请检查模板中的标记与数据是否对应。"
        ) from exc
    except Exception as exc:  # python-docx / zip errors on a damaged template
        if type(exc).__module__.startswith(("docx", "zipfile")):
            raise RenderError(f"模板「{name}」无法打开或已损坏（{exc}）。请用 Word 重新保存为 .docx。") from exc
        raise
    return reproducible(buffer.getvalue(), stamp)


_UNDEFINED = [
    re.compile(r"^'([^']+)' is undefined"),
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"has no element (\S+)"),
]


def _undefined_message(name: str, source: bytes, exc) -> str:
    text = str(exc)
    var = next((m.group(1) for p in _UNDEFINED if (m := p.search(text))), text)
    where = _paragraph_using(source, var)
    msg = f"模板「{name}」中使用了数据中没有的名称「{var}」"
    if where:
        msg += f"，所在段落：「{where}」"
    return msg + "。请检查名称是否写错（区分大小写），或删除这个标记。"


def _paragraph_using(source: bytes, var: str) -> str:
    """The first paragraph of the template's text that mentions `var` inside a tag, for the message."""
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as zf:
            xml = zf.read("word/document.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile):
        return ""
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para))
        if re.search(r"[{][{%][^}]*\b" + re.escape(var) + r"\b", text):
            return _shorten(text)
    return ""


_SYNTAX_HINTS = [
    ("Unexpected end of template", "for/if 缺少对应的 endfor/endif"),
    ("Encountered unknown tag", "有无法识别的标记（多写了 endfor/endif，或标记名拼错）"),
    ("expected token", "标记中的符号不完整（如少写了 }} 或 %}）"),
    ("unexpected", "有多余或不成对的符号"),
]


def _syntax_message(name: str, exc) -> str:
    original = exc.message or str(exc)
    hint = next((h for key, h in _SYNTAX_HINTS if key in original), "")
    msg = f"模板「{name}」的标记写法有误" + (f"：{hint}" if hint else "") + f"（原始信息：{original}）"
    lines = list(getattr(exc, "docx_context", []) or [])
    if lines and exc.lineno:
        # docxtpl keeps the template lines from lineno-4 on, tags stripped: the error line is the 4th.
        index = min(exc.lineno - 1, 3)
        line = lines[index].strip() if index < len(lines) else ""
        line = line or next((x.strip() for x in lines if "{" in x), "")
        if line:
            msg += f"，出错处：「{_shorten(line)}」"
    return msg + "。请检查 {{ }} 与 {% %} 是否成对、for/if 是否有对应的 endfor/endif。"


def _shorten(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def write_atomically(out_path: Path, data: bytes, stamp: dt.date | None = None) -> Path:
    """Write to a temporary file beside `out_path`, then rename over it: readers never see half a file.

    Every file gongwen writes (documents, PDFs, registers) goes through here. It gets the mode the
    user's umask gives new files (0644 under the usual 022), and a .docx or .xlsx is made
    reproducible on the way (`reproducible`, dated by `stamp`).
    """
    out_path = Path(out_path)
    if out_path.suffix.lower() in OOXML_SUFFIXES:
        data = reproducible(data, stamp)
    return _write(out_path, data)


def _write(out_path: Path, data: bytes) -> Path:
    from generators.processes import terminating_cleanly

    with terminating_cleanly():  # SIGTERM between staging and renaming still removes the staged file
        _commit(_stage(out_path, data), out_path)
    return out_path


def reproducible(data: bytes, stamp: dt.date | None = None) -> bytes:
    """The OOXML package `data` with nothing from the clock: every zip entry dated at the same moment,
    and docProps/core.xml's created/modified set to it (or left out when there is no date to give).

    The moment is SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else `stamp`,
    else none: zip entries then carry 1980-01-01, the earliest a zip can hold. Data that is not a
    zip is returned unchanged.
    """
    moment = _moment(stamp)
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data
    out = io.BytesIO()
    with src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _dated_core(body, moment)
            entry = zipfile.ZipInfo(info.filename, date_time=(moment or ZIP_EPOCH).timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # the same bytes whichever system wrote them
            entry.external_attr = 0
            dst.writestr(entry, body)
    return out.getvalue()


def _moment(stamp: dt.date | None) -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    elif isinstance(stamp, dt.datetime):
        moment = stamp.replace(tzinfo=None)
    elif isinstance(stamp, dt.date):
        moment = dt.datetime(stamp.year, stamp.month, stamp.day)
    else:
        return None
    return max(moment, ZIP_EPOCH).replace(microsecond=0)


def _dated_core(xml: bytes, moment: dt.datetime | None) -> bytes:
    """core.xml with dcterms:created/modified at `moment`, or without them when `moment` is None."""
    from lxml import etree

    dcterms = "{http://purl.org/dc/terms/}"
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}"
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    for name in ("created", "modified"):
        el = root.find(dcterms + name)
        if moment is None:
            if el is not None:
                root.remove(el)
            continue
        if el is None:
            el = etree.SubElement(root, dcterms + name)
        el.set(xsi + "type", "dcterms:W3CDTF")
        el.text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _file_mode() -> int:
    """The mode a new file gets under the user's umask (mkstemp's own 0600 is for secrets)."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def _stage(out_path: Path, data: bytes) -> str:
    """`data` in a new temporary file beside `out_path` (same folder, so the rename is atomic); its name."""
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"无法创建输出文件夹「{out_path.parent}」：{exc.strerror or exc}。") from exc
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~" + out_path.stem[:20], suffix=".tmp", dir=out_path.parent)
    except OSError as exc:
        raise RenderError(f"无法写入「{out_path}」：{exc.strerror or exc}。") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), _file_mode())
            fh.write(data)
    except OSError as exc:
        _discard(tmp)
        raise RenderError(f"无法写入「{out_path}」：{exc.strerror or exc}。") from exc
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _commit(tmp: str, out_path: Path) -> None:
    """Rename the staged file over `out_path`; on failure the temporary file is removed."""
    try:
        os.replace(tmp, out_path)
    except PermissionError as exc:
        raise RenderError(f"无法写入「{out_path}」：文件可能正在 Word、WPS 或其他程序中打开，请关闭后重试。") from exc
    except OSError as exc:
        raise RenderError(f"无法写入「{out_path}」：{exc.strerror or exc}。") from exc
    finally:
        _discard(tmp)


def _discard(tmp: str) -> None:
    try:
        if os.path.exists(tmp):
            os.unlink(tmp)
    except OSError:
        pass
