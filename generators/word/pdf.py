"""PDF through LibreOffice (soffice --headless --convert-to pdf), as PDF/A-2b with every font embedded.

Each conversion runs LibreOffice with a private, throw-away user profile: a LibreOffice the user
has open, or another conversion running at the same time, would otherwise share the profile and
make the call return without a PDF. On Linux the shipped fontconfig/fonts.conf maps the official
font names of the .docx (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) to free fonts.

LibreOffice runs under soffice_guard.py, which kills it and removes the temporary folder (it holds
a copy of the document) if gongwen is interrupted or killed. A PDF already beside the .docx is
removed before converting, so a failed or interrupted conversion never leaves last run's PDF
next to this run's document. A PDF counts as made only when LibreOffice exits 0 and the file is a
whole PDF (`pdf_problem`); LibreOffice's own temporary files are kept inside the guarded folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generators.errors import GongwenError
from generators.word.libreoffice_copy import libreoffice_copy

TIMEOUT_S = 180  # one document; LibreOffice's first start with a fresh profile takes a few seconds
# PDF export filter options (LibreOffice 7.4+ reads them as JSON). The blank page Word and LibreOffice
# insert before a section that starts on an even page (the 版记 page) is printed, so the PDF has it too.
# PDF/A-2b: the archival form OA systems ask for, every font embedded.
EXPORT_OPTIONS = {
    "IsSkipEmptyPages": {"type": "boolean", "value": "false"},
    "SelectPdfVersion": {"type": "long", "value": "2"},
}
TIMEOUT_PER_EXTRA_S = 30  # each further document in the same call
MIN_PER_RUN = 6  # documents a LibreOffice run must have to be worth a second one beside it (its start: ~2 s)
MAX_RUNS = 4
FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
GUARD = Path(__file__).resolve().parent / "soffice_guard.py"
WORKDIR_PREFIX = "gongwen-pdf-"
MAX_DOCX_BYTES = 200 << 20  # a bulletin for 2,800 counties is a few MB
MAX_UNPACKED_BYTES = 1 << 30  # what its parts may expand to

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
    """Convert one .docx; the PDF goes to `pdf`, or beside the .docx with the same name.

    A PDF already at the target is removed first: should the conversion fail, none is left that
    belongs to another version of the document.
    """
    docx = Path(docx)
    return _convert([(docx, Path(pdf) if pdf else docx.with_suffix(".pdf"))])[0]


def to_pdf_many(docx_paths) -> list[Path]:
    """Convert several .docx files in one LibreOffice run (starting LibreOffice is most of the cost)."""
    return _convert([(Path(p), Path(p).with_suffix(".pdf")) for p in docx_paths])


def _environment(work: Path) -> dict:
    """LibreOffice's environment: the font map on Linux, and its temporary files (the lu*.tmp folders)
    inside `work`, which the guard removes even when LibreOffice is killed and cannot."""
    env = dict(os.environ)
    if sys.platform.startswith("linux") and FONTCONFIG_FILE.is_file():
        env["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    scratch = work / "tmp"
    scratch.mkdir(exist_ok=True)
    for name in ("TMPDIR", "TMP", "TEMP"):
        env[name] = str(scratch)
    return env


def _convert(pairs: list[tuple[Path, Path]]) -> list[Path]:
    if not pairs:
        return []
    from generators.processes import terminating_cleanly

    documents, problems = [], []
    for docx, _ in pairs:  # every unusable file named at once
        try:
            documents.append(_read_docx(docx))
        except PdfError as exc:
            problems.append(str(exc))
    if problems:
        raise PdfError("\n".join(problems))
    soffice = find_soffice()
    with terminating_cleanly():  # SIGTERM: stop LibreOffice and remove the temporary folder too
        removed = _remove_old_pdfs([target for _, target in pairs])
        try:
            return _convert_now(soffice, pairs, documents)
        except PdfError as exc:
            if removed:
                raise PdfError(
                    f"{exc}\n原有的 PDF（{'、'.join(f'「{p.name}」' for p in removed)}）已删除，以免与新的 Word 文档不一致。"
                ) from None
            raise


def _convert_now(soffice: str, pairs: list[tuple[Path, Path]], documents: list[bytes]) -> list[Path]:
    """Convert every document; a document whose 版记 page turns out to follow a blank page is converted a
    second time with that page unnumbered (see libreoffice_copy.banji_numbered)."""
    from generators.word.libreoffice_copy import has_banji_page

    _sweep_abandoned_workdirs()
    with tempfile.TemporaryDirectory(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-") as name:
        work = Path(name)
        copies = []
        for (docx, _), data in zip(pairs, documents):
            try:
                copies.append(libreoffice_copy(data))
            except Exception as exc:  # lxml, zip or KeyError in a part that looked whole
                raise PdfError(_damaged(docx, exc)) from None
        made = _soffice(soffice, work, "1", [docx for docx, _ in pairs], copies)
        again = [i for i, data in enumerate(documents) if has_banji_page(data) and blank_before_last(made[i])]
        if again:
            redone = _soffice(
                soffice, work, "2", [pairs[i][0] for i in again], [libreoffice_copy(documents[i], False) for i in again]
            )
            for i, pdf in zip(again, redone):
                made[i] = pdf
        from generators.writing import write_all

        return write_all([(target, pdf) for (_, target), pdf in zip(pairs, made)])  # every PDF of the call, or none


def _soffice(soffice: str, work: Path, round_: str, names: list[Path], copies: list[bytes]) -> list[bytes]:
    """The PDFs of `copies` (the documents `names`), each checked whole: one LibreOffice run, or for many
    documents one run per core at once (LibreOffice converts on one core; each run has its own profile)."""
    runs = min(os.cpu_count() or 1, MAX_RUNS, len(copies) // MIN_PER_RUN) or 1
    if runs == 1:
        return _soffice_run(soffice, work, round_, names, copies)
    from concurrent.futures import ThreadPoolExecutor

    shares = [range(k, len(copies), runs) for k in range(runs)]
    with ThreadPoolExecutor(runs) as pool:
        done = [
            pool.submit(
                _soffice_run, soffice, work, f"{round_}-{k}", [names[i] for i in share], [copies[i] for i in share]
            )
            for k, share in enumerate(shares)
        ]
        made: list[bytes] = [b""] * len(copies)
        for share, future in zip(shares, done):
            for i, pdf in zip(share, future.result()):
                made[i] = pdf
    return made


def _soffice_run(soffice: str, work: Path, round_: str, names: list[Path], copies: list[bytes]) -> list[bytes]:
    """One LibreOffice run over `copies` (the documents `names`); their PDFs, each checked whole."""
    profile, indir, outdir = work / f"profile{round_.partition('-')[2]}", work / f"in{round_}", work / f"out{round_}"
    indir.mkdir()
    # ASCII copies: no clash between equal names from different folders, no locale trouble
    # with Chinese file names, and a document open in Word can still be read.
    inputs = []
    for i, data in enumerate(copies):
        copy = indir / f"doc{i}.docx"
        copy.write_bytes(data)
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
    timeout = TIMEOUT_S + TIMEOUT_PER_EXTRA_S * (len(copies) - 1)
    code, stdout, stderr = _run(command, timeout, work)
    detail = (stderr or stdout).strip() or "（LibreOffice 没有输出任何信息）"
    if code != 0:
        listed = "、".join(f"「{docx}」" for docx in names)
        raise PdfError(f"LibreOffice 转换{listed}时出错（退出状态 {code}），未生成 PDF。LibreOffice 的输出：\n{detail}")
    made = []
    for i, docx in enumerate(names):
        pdf = outdir / f"doc{i}.pdf"
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data:
            raise PdfError(f"LibreOffice 未能把「{docx}」转换为 PDF。LibreOffice 的输出：\n{detail}")
        problem = pdf_problem(data)
        if problem:  # the folder and the PDF in it go with the caller's `with`; nothing was placed
            raise PdfError(
                f"LibreOffice 把「{docx}」转换成的 PDF {problem}，已删除，未生成 PDF。"
                "请重试；仍不行时用 Word 或 WPS 另存为 PDF。"
            )
        made.append(data)
    return made


def blank_before_last(pdf: bytes) -> bool:
    """Whether the page before a PDF's last page is blank: the page a reader inserts before a section
    that starts on an even page (it has no page number either, so no text at all)."""
    import io

    from pypdf import PdfReader

    try:
        pages = PdfReader(io.BytesIO(pdf)).pages
        if len(pages) < 2:
            return False
        page = pages[-2]
        resources = page.get("/Resources") or {}
        pictures = resources.get("/XObject") if hasattr(resources, "get") else None
        return not page.extract_text().strip() and not pictures
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot read through: leave its numbers as they are
        return False


def pdf_problem(data: bytes) -> str:
    """What makes `data` not a complete PDF ("" when it is one): the header, and a trailer whose
    startxref points at a cross-reference table or stream, as a PDF written to its end has."""
    import re

    if not data.startswith(b"%PDF-"):
        return "不是 PDF 文件"
    trailer = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if not trailer:
        return "不完整（文件在结尾之前中断）"
    offset = int(trailer.group(1))
    if not re.match(rb"xref\b|\d+\s+\d+\s+obj\b", data[offset : offset + 32]):
        return "已损坏（交叉引用表的位置不对）"
    return ""


def _read_docx(docx: Path) -> bytes:
    """The bytes of a .docx that LibreOffice can be given, or a PdfError saying what is wrong with it."""
    import io
    import stat
    import zipfile

    try:
        info = docx.stat()
    except FileNotFoundError:
        raise PdfError(f"找不到要转换的文件「{docx}」。") from None
    except OSError as exc:
        raise PdfError(f"无法读取「{docx}」：{exc.strerror or exc}。") from None
    if stat.S_ISDIR(info.st_mode):
        raise PdfError(f"「{docx}」是文件夹，不是 Word 文档。请给出 .docx 文件。")
    if not stat.S_ISREG(info.st_mode):
        raise PdfError(f"「{docx}」不是普通文件，不能转换。请给出 .docx 文件。")
    if info.st_size > MAX_DOCX_BYTES:
        raise PdfError(
            f"「{docx}」有 {info.st_size >> 20} MB，超过 {MAX_DOCX_BYTES >> 20} MB，不像是一份公文，未转换。"
        )
    try:
        data = docx.read_bytes()
    except OSError as exc:
        raise PdfError(f"无法读取「{docx}」：{exc.strerror or exc}。") from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: a .doc, or a .docx with a password
        raise PdfError(
            f"「{docx}」是旧版 Word（.doc）文件或设置了打开密码。请用 Word 或 WPS 去掉密码、另存为 .docx 后再转换。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, ValueError):
        names, unpacked = [], 0
    if "word/document.xml" not in names:
        raise PdfError(
            f"「{docx}」不是有效的 Word 文档（.docx），可能已损坏或是其他格式的文件。"
            "请用 Word 或 WPS 打开并另存为 .docx 后再转换。"
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise PdfError(f"「{docx}」解压后超过 {MAX_UNPACKED_BYTES >> 30} GB，可能已损坏或是恶意文件，未转换。")
    return data


def _damaged(docx: Path, exc: Exception) -> str:
    return f"「{docx}」已损坏，无法读取（{type(exc).__name__}）。请用 Word 或 WPS 打开并另存为 .docx 后再转换。"


def _remove_old_pdfs(targets: list[Path]) -> list[Path]:
    """Remove the PDFs about to be replaced; the ones removed."""
    removed = []
    for target in targets:
        try:
            target.unlink()
            removed.append(target)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise PdfError(
                f"无法替换原有的「{target}」：{exc.strerror or exc}。文件可能正在 PDF 阅读器中打开，请关闭后重试。"
            ) from None
    return removed


def _sweep_abandoned_workdirs() -> None:
    """Remove temporary folders of earlier runs that were killed before their guard started."""
    for folder in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*-*"):
        pid = folder.name[len(WORKDIR_PREFIX) :].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.stat().st_uid != os.getuid() or _alive(int(pid)):
                continue
        except (OSError, AttributeError):  # no getuid on Windows: leave the folder to the system
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _run(command: list[str], timeout: float, work: Path) -> tuple[int, str, str]:
    """Run LibreOffice under its guard: its exit status and output. On timeout, Ctrl-C or SIGTERM the
    guard stops it and cleans up."""
    windows = sys.platform.startswith("win")
    proc = subprocess.Popen(
        [sys.executable, "-I", str(GUARD), str(os.getpid()), str(work), "--", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(work),
        start_new_session=not windows,  # a kill of gongwen's process group leaves the guard to clean up
        stdin=subprocess.DEVNULL,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc)
        raise PdfError(
            f"LibreOffice 转换 PDF 超时（{round(timeout)} 秒），已停止。请稍后重试，或用 Word/WPS 另存为 PDF。"
        ) from None
    except BaseException:
        _stop(proc)
        raise
    decode = lambda b: b.decode("utf-8", errors="replace")  # noqa: E731
    return proc.returncode, decode(out), decode(err)


def _stop(guard: subprocess.Popen) -> None:
    """Ask the guard to kill LibreOffice and remove the folder; wait until it has."""
    guard.terminate()
    try:
        guard.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        guard.kill()
        guard.communicate()
