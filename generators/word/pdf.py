"""PDF previews through LibreOffice (soffice --headless --convert-to pdf).

Each conversion runs LibreOffice with a private, throw-away user profile: a LibreOffice the user
has open, or another conversion running at the same time, would otherwise share the profile and
make the call return without a PDF. On Linux the shipped fontconfig/fonts.conf maps the official
font names of the .docx (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) to free fonts.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from generators.errors import GongwenError

TIMEOUT_S = 180  # one document; LibreOffice's first start with a fresh profile takes a few seconds
# PDF export filter options (LibreOffice 7.4+ reads them as JSON). The blank page Word and LibreOffice
# insert before a section that starts on an even page (the 版记 page) is printed, so the PDF has it too.
EXPORT_OPTIONS = {"IsSkipEmptyPages": {"type": "boolean", "value": "false"}}
TIMEOUT_PER_EXTRA_S = 30  # each further document in the same call
FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"

WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
MACOS_PATHS = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF（Word 文档已正常生成，可直接使用）。请安装 LibreOffice 后重试：\n"
    "  Windows：从 https://zh-cn.libreoffice.org/ 下载安装，使用默认安装位置即可；\n"
    "  macOS：安装到「应用程序」文件夹；\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-lxgw-wenkai"
)


class PdfError(GongwenError):
    """LibreOffice is missing or could not convert a document."""


def find_soffice() -> str:
    """The LibreOffice executable: on PATH, else at its default install location."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = WINDOWS_PATHS if sys.platform.startswith("win") else MACOS_PATHS if sys.platform == "darwin" else ()
    for candidate in candidates:
        if Path(candidate).is_file():
            return candidate
    raise PdfError(INSTALL_HINT)


def to_pdf(docx: Path, pdf: Path | None = None) -> Path:
    """Convert one .docx; the PDF goes to `pdf`, or beside the .docx with the same name."""
    docx = Path(docx)
    return _convert([(docx, Path(pdf) if pdf else docx.with_suffix(".pdf"))])[0]


def to_pdf_many(docx_paths) -> list[Path]:
    """Convert several .docx files in one LibreOffice run (starting LibreOffice is most of the cost)."""
    return _convert([(Path(p), Path(p).with_suffix(".pdf")) for p in docx_paths])


def word_grid_for_libreoffice(docx: bytes) -> bytes:
    """The .docx with Word's character grid replaced by what LibreOffice lays out the same way.

    GB/T 9704 templates fit 28 characters of 16 pt into 156 mm with a `linesAndChars` grid whose
    negative charSpace makes Word compress each character slightly. LibreOffice instead gives a
    character wider than the grid cell two cells, and the text runs at half density. For the PDF
    the grid keeps its lines only and the characters are condensed by the same amount, in the
    default run properties, except in styles that do not snap to the grid (titles, tables).
    The user's .docx is never changed: this works on the temporary copy.
    """
    import io
    import math
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    src = zipfile.ZipFile(io.BytesIO(docx))
    parts = {name: src.read(name) for name in src.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    condense = 0
    for grid in doc.iter(w + "docGrid"):
        space = int(grid.get(w + "charSpace", "0"))
        if grid.get(w + "type") in ("linesAndChars", "snapToChars") and space < 0:
            grid.set(w + "type", "lines")
            grid.attrib.pop(w + "charSpace")
            condense = min(condense, math.floor(space / 4096 * 20))  # 1/4096 pt -> twips, rounded down
    if not condense:
        return docx
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    styles = etree.fromstring(parts["word/styles.xml"])
    rpr = styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr")
    if rpr is not None:
        _set_char_spacing(rpr, condense, w)
    for style in styles.iter(w + "style"):
        snap = style.find(f"{w}pPr/{w}snapToGrid")
        if snap is not None and snap.get(w + "val") in ("0", "false", "off"):
            _set_char_spacing(
                style.find(w + "rPr") if style.find(w + "rPr") is not None else etree.SubElement(style, w + "rPr"), 0, w
            )
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, parts[info.filename])
    return out.getvalue()


# w:spacing's place among the run properties (ECMA-376): after these, before the rest.
_RPR_BEFORE_SPACING = {
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
}


def _set_char_spacing(rpr, twips: int, w: str) -> None:
    from lxml import etree

    old = rpr.find(w + "spacing")
    if old is not None:
        if twips == 0:
            return  # the style sets its own spacing
        rpr.remove(old)
    el = etree.Element(w + "spacing")
    el.set(w + "val", str(twips))
    index = sum(1 for child in rpr if child.tag.split("}")[-1] in _RPR_BEFORE_SPACING)
    rpr.insert(index, el)


def _environment() -> dict:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and FONTCONFIG_FILE.is_file():
        env["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    return env


def _convert(pairs: list[tuple[Path, Path]]) -> list[Path]:
    if not pairs:
        return []
    for docx, _ in pairs:
        if not docx.is_file():
            raise PdfError(f"找不到要转换的文件「{docx}」。")
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="gongwen-pdf-") as work:
        work = Path(work)
        profile, indir, outdir = work / "profile", work / "in", work / "out"
        indir.mkdir()
        # ASCII copies: no clash between equal names from different folders, no locale trouble
        # with Chinese file names, and a document open in Word can still be read.
        inputs = []
        for i, (docx, _) in enumerate(pairs):
            copy = indir / f"doc{i}.docx"
            copy.write_bytes(word_grid_for_libreoffice(docx.read_bytes()))
            inputs.append(copy)
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS),
            "--outdir",
            str(outdir),
            *map(str, inputs),
        ]
        timeout = TIMEOUT_S + TIMEOUT_PER_EXTRA_S * (len(pairs) - 1)
        stdout, stderr = _run(command, timeout)
        results = []
        for i, (docx, target) in enumerate(pairs):
            made = outdir / f"doc{i}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                detail = (stderr or stdout).strip() or "（LibreOffice 没有输出任何信息）"
                raise PdfError(f"LibreOffice 未能把「{docx}」转换为 PDF。LibreOffice 的输出：\n{detail}")
            results.append(_place(made, target))
        return results


def _run(command: list[str], timeout: float) -> tuple[str, str]:
    """Run LibreOffice; on timeout kill it with its children (soffice starts soffice.bin)."""
    windows = sys.platform.startswith("win")
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(),
        start_new_session=not windows,
        stdin=subprocess.DEVNULL,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if windows:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PdfError(
            f"LibreOffice 转换 PDF 超时（{round(timeout)} 秒），已停止。请稍后重试，或用 Word/WPS 另存为 PDF。"
        ) from None
    except BaseException:
        proc.kill()
        raise
    decode = lambda b: b.decode("utf-8", errors="replace")  # noqa: E731
    return decode(out), decode(err)


def _place(made: Path, target: Path) -> Path:
    """Move LibreOffice's PDF beside the .docx atomically (the temporary folder may be another disk)."""
    from generators.word.render import write_atomically

    return write_atomically(target, made.read_bytes())
