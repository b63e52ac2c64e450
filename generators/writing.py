"""Writing files: atomic, and the same bytes for the same input.

Every file gongwen writes — documents, PDFs, registers, the 计算过程 workbook — goes through here:
staged as a temporary file beside its target, then renamed over it, so a reader never sees half a
file and a failure keeps the old one (`write_atomically`; `write_all` for several files that are
replaced together or not at all). New files get the mode the user's umask gives.

An OOXML package (.docx, .xlsx) carries nothing from the clock: its zip entries and core.xml are dated
by the caller's `stamp` (the document's date), or by SOURCE_DATE_EPOCH when that is set
(`reproducible`, `zip_package`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from generators.errors import GongwenError

# Zip entry times when neither the caller nor SOURCE_DATE_EPOCH gives one: the earliest a zip can hold.
ZIP_EPOCH = dt.datetime(1980, 1, 1)
OOXML_SUFFIXES = (".docx", ".xlsx")


class WriteError(GongwenError):
    """A file could not be written (full disk, no permission, open in another program)."""


def write_all(documents: list[tuple[Path, bytes]]) -> list[Path]:
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
                raise WriteError(f"无法写入「{out}」：文件可能正在 Word 或 WPS 中打开，请关闭后重试。") from exc
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
            except (OSError, WriteError):
                pass  # best effort: the error below is what the user needs to see
        raise
    return [out for out, _ in documents]


def write_atomically(out_path: Path, data: bytes, stamp: dt.date | None = None) -> Path:
    """Write to a temporary file beside `out_path`, then rename over it: readers never see half a file.

    Every file gongwen writes (documents, PDFs, registers) goes through here. It gets the mode the
    user's umask gives new files (0644 under the usual 022), and a .docx or .xlsx is made
    reproducible on the way (`reproducible`, dated by `stamp`).
    """
    out_path = Path(out_path)
    if out_path.suffix.lower() in OOXML_SUFFIXES:
        data = reproducible(data, stamp)
    return write_bytes(out_path, data)


def write_bytes(out_path: Path, data: bytes) -> Path:
    """`data` written atomically as it is (already made reproducible, or not a package)."""
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
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data
    with src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    return reproducible_parts(parts, stamp)


def reproducible_parts(parts: dict[str, bytes], stamp: dt.date | None = None) -> bytes:
    """The package of `parts` made as `reproducible` makes one."""
    moment = _moment(stamp)
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _dated_core(parts["docProps/core.xml"], moment)
    return zip_package(parts, moment)


def zip_package(parts: dict[str, bytes], moment: dt.datetime | None) -> bytes:
    """The parts as a zip, in their order, every entry dated `moment` (None: 1980-01-01) and deflated,
    with nothing from the system that wrote it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, body in parts.items():
            entry = zipfile.ZipInfo(name, date_time=(moment or ZIP_EPOCH).timetuple()[:6])
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


def file_mode() -> int:
    """The mode a new file gets under the user's umask (mkstemp's own 0600 is for secrets)."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def _stage(out_path: Path, data: bytes) -> str:
    """`data` in a new temporary file beside `out_path` (same folder, so the rename is atomic); its name."""
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"无法创建输出文件夹「{out_path.parent}」：{exc.strerror or exc}。") from exc
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~" + out_path.stem[:20], suffix=".tmp", dir=out_path.parent)
    except OSError as exc:
        raise WriteError(f"无法写入「{out_path}」：{exc.strerror or exc}。") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), file_mode())
            fh.write(data)
    except OSError as exc:
        _discard(tmp)
        raise WriteError(f"无法写入「{out_path}」：{exc.strerror or exc}。") from exc
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _commit(tmp: str, out_path: Path) -> None:
    """Rename the staged file over `out_path`; on failure the temporary file is removed."""
    try:
        os.replace(tmp, out_path)
    except PermissionError as exc:
        raise WriteError(f"无法写入「{out_path}」：文件可能正在 Word、WPS 或其他程序中打开，请关闭后重试。") from exc
    except OSError as exc:
        raise WriteError(f"无法写入「{out_path}」：{exc.strerror or exc}。") from exc
    finally:
        _discard(tmp)


def _discard(tmp: str) -> None:
    try:
        if os.path.exists(tmp):
            os.unlink(tmp)
    except OSError:
        pass
