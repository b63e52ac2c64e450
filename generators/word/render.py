"""Rendering a docxtpl template into a .docx: sandboxed, strict, with pictures.

Templates may come from the user (`--template`), so they are rendered in a bounded jinja2 sandbox
(word/sandbox.py): a template can read the context, never reach Python internals, and cannot
exhaust memory or time. `autoescape=True` turns 「A&B」 and 「<县>」 into valid XML instead of a
corrupt document, and `StrictUndefined` makes a misspelt name an error instead of a silent blank.

Rendered documents are made reproducible and written atomically by generators/writing.py: the same
input gives the same bytes, dated by the caller's `stamp` (the document's date).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
import threading
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generators.errors import GongwenError
from generators.word import gbt9704
from generators.writing import reproducible_parts, write_all, write_bytes

# A process pool pays off only for large batches: starting workers costs about a second.
POOL_THRESHOLD = 24


class RenderError(GongwenError):
    """A template could not be rendered or the document could not be saved."""


@dataclass(frozen=True)
class Picture:
    """A PNG image for the document, as wide as `width_mm` (the text block by default)."""

    png: bytes
    width_mm: float = gbt9704.TEXT_WIDTH_MM


def figure(drawn):
    """What a document's context holds for a chart as charts drew it: a Picture of PNG bytes, or the
    editable chart itself (charts.native.NativeChart; both placed at their size by the renderer)."""
    return Picture(drawn) if isinstance(drawn, bytes) else drawn


def render_docx(template: Path, context: dict, out_path: Path, stamp: dt.date | None = None) -> Path:
    """Render `template` with `context` and save it atomically at `out_path`; return `out_path`.

    On any failure nothing is written: no partial file appears and an existing file is kept.
    `stamp` (the document's date) dates the file's parts and properties, so a rerun gives the same bytes.
    """
    template = Path(template)
    data = _render_bytes(_read_template(template), template, context, stamp)
    return write_bytes(Path(out_path), data)


def render_many(template: Path, jobs, progress=None, extra=(), stamp: dt.date | None = None) -> list[Path]:
    """Render many (context, out_path) pairs from one template; the template file is read once.

    All or nothing: every document is rendered in memory first (large batches in a process pool),
    and only when all succeeded are they written, each atomically. A failure in any one writes none
    of them, and files from an earlier run stay as they were. `progress(n)` advances as documents render.
    `extra` (path, bytes) pairs are written in the same all-or-nothing step. (Numbered documents are
    written with their register by `register.Register.commit` instead: see `render_all`.)
    """
    jobs = [(context, Path(out)) for context, out in jobs]
    rendered = render_all(template, [context for context, _ in jobs], progress, stamp)
    written = write_all([(out, data) for (_, out), data in zip(jobs, rendered)] + list(extra))
    return written[: len(jobs)]


def render_all(template: Path, contexts, progress=None, stamp: dt.date | None = None) -> list[bytes]:
    """Every context rendered from `template` (read once) into .docx bytes, in order, large batches in a
    process pool; the first failure raises, naming its document. `progress(n)` advances as they render."""
    template = Path(template)
    source = _read_template(template)
    rendered: list[bytes] = []
    if len(contexts) < POOL_THRESHOLD or (os.cpu_count() or 1) < 2:
        for context in contexts:
            rendered.append(_render_bytes(source, template, context, stamp))
            if progress:
                progress(1)
        return rendered
    with _pool() as pool:
        futures = [pool.submit(_render_bytes, source, template, context, stamp) for context in contexts]
        try:
            for future in futures:  # in order, so errors name the first failing document
                rendered.append(future.result())
                if progress:
                    progress(1)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return rendered


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
    """A copy of `value` where every Picture, at any depth, is a docxtpl InlineImage of `tpl`, and every
    NativeChart (charts.native) an editable chart (word.chart_parts)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    if isinstance(value, Picture):
        return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
    native = sys.modules.get("charts.native")  # an editable chart exists only once its module is loaded
    if native is not None and isinstance(value, native.NativeChart):
        from generators.word.chart_parts import InlineChart

        return InlineChart(tpl, value)
    if isinstance(value, dict):
        return {k: _with_images(v, tpl) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_with_images(v, tpl) for v in value]
    return value


def preload() -> None:
    """Import the rendering stack in a thread while the inputs are read and the charts drawn: gen waits on
    the chart worker for most of a second with nothing to do, and these imports are a tenth of its wall.

    A process forked while the thread imports would inherit a module lock held by nobody and hang on its
    first import of that module: every fork of this process waits for the thread first."""
    global _preloading
    if _preloading is not None:
        return

    def load() -> None:
        import docxtpl  # noqa: F401
        import jinja2.sandbox  # noqa: F401

        from generators.word import package, sandbox  # noqa: F401

    _preloading = threading.Thread(target=load, name="preload", daemon=True)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_preloaded)
    _preloading.start()


def _preloaded() -> None:
    if _preloading is not None and _preloading is not threading.current_thread():
        _preloading.join()


_preloading: threading.Thread | None = None


def _render_bytes(source: bytes, template: Path, context: dict, stamp: dt.date | None = None) -> bytes:
    """The rendered document, its zip made reproducible (see `reproducible`)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError
    from lxml.etree import XMLSyntaxError

    from generators.word import package
    from generators.word.sandbox import TemplateLimitError, memory_cap

    name = template.name
    try:
        tpl = DocxTemplate(io.BytesIO(source))
        with memory_cap():
            tpl.render(_with_images(context, tpl), jinja_env=_environment())
        buffer = io.BytesIO()
        tpl.save(buffer)
        parts = package.parts_of(buffer.getvalue())
        package.finish(parts, package.Properties.of(context))
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
    return reproducible_parts(parts, stamp)


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
