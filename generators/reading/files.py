"""What an input file really is, before any parser sees it.

A month file can be anything a clerk's folder holds: a FIFO or a link to /dev/zero (reading would
block or never end), a dangling link, a PNG or a CSV renamed .xlsx, a password-protected workbook,
a truncated download, or an archive that expands a thousandfold. Each gets a sentence here instead
of a traceback, a hang or gigabytes of memory. Only the standard library is used.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# A county's monthly table is tens of kilobytes; a province's a few megabytes.
MAX_FILE_BYTES = 64 * 2**20
# What an .xlsx (a zip of XML) may expand to, in total, and by how much past RATIO_FLOOR: real
# workbooks compress 5–20 times; a zip bomb a thousand times.
MAX_INFLATED_BYTES = 100 * 2**20
MAX_RATIO = 100
RATIO_FLOOR = 16 * 2**20

MB = 2**20


class Unreadable(Exception):
    """The file cannot be read as a table; the text says why, in Chinese."""


@dataclass(frozen=True)
class Kind:
    """What the bytes are: 'zip' (an .xlsx), 'ole' (an .xls), 'text' (a CSV), or something else."""

    name: str
    label: str  # in Chinese, for messages: 「PNG图片」


_MAGIC = [
    (b"PK\x03\x04", Kind("zip", "压缩包")),
    (b"PK\x05\x06", Kind("zip", "压缩包")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Kind("ole", "旧版Office文件")),
    (b"\x89PNG", Kind("png", "PNG图片")),
    (b"\xff\xd8\xff", Kind("jpeg", "JPEG图片")),
    (b"GIF8", Kind("gif", "GIF图片")),
    (b"BM", Kind("bmp", "BMP图片")),
    (b"%PDF", Kind("pdf", "PDF文件")),
    (b"Rar!", Kind("rar", "RAR压缩包")),
    (b"7z\xbc\xaf", Kind("7z", "7z压缩包")),
    (b"\x1f\x8b", Kind("gzip", "gzip压缩包")),
    (b"{\\rtf", Kind("rtf", "RTF文档")),
]


def check_regular(path: Path) -> int:
    """The size of `path` if it is a regular file of sane size (links followed); Unreadable otherwise.

    Never opens the file: opening a FIFO blocks until someone writes to it.
    """
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        raise Unreadable("找不到文件") from None
    except OSError as exc:
        raise Unreadable(f"无法访问（{_os_reason(exc)}）") from None
    if stat.S_ISLNK(own.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            target = os.readlink(path)
            raise Unreadable(f"是指向「{target}」的链接（快捷方式），但链接的目标不存在") from None
    else:
        info = own
    mode = info.st_mode
    if stat.S_ISFIFO(mode):
        raise Unreadable("是一个管道（FIFO），不是普通文件")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise Unreadable("是一个设备文件（如 /dev/zero），不是普通文件")
    if stat.S_ISSOCK(mode):
        raise Unreadable("是一个套接字，不是普通文件")
    if stat.S_ISDIR(mode):
        raise Unreadable("是一个文件夹，不是文件")
    if not stat.S_ISREG(mode):
        raise Unreadable("不是普通文件")
    if info.st_size > MAX_FILE_BYTES:
        raise Unreadable(f"文件有 {info.st_size / MB:.0f} MB，超过上限 {MAX_FILE_BYTES // MB} MB，不像是县区报送的报表")
    return info.st_size


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return exc.strerror or type(exc).__name__


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, when it is a regular file of sane size; Unreadable otherwise.

    Never blocks: the file is opened without waiting (O_NONBLOCK: opening a FIFO returns at once) and what
    was opened is checked again, so a file swapped for a pipe after check_regular is refused too. Every
    reader of a file the user controls (tables, settings, the register) opens it through here.
    """
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(f"无法读取（{_os_reason(exc)}）") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        check_regular(path)  # says what it became
        raise Unreadable("不是普通文件")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_bytes(path: Path) -> bytes:
    """The whole file, opened by open_regular."""
    with open_regular(path) as f:
        try:
            return f.read()
        except OSError as exc:
            raise Unreadable(f"无法读取（{_os_reason(exc)}）") from None


def sniff(head: bytes) -> Kind:
    """The file's kind from its first bytes."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head[:4096]:
        return Kind("binary", "二进制文件")
    start = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return Kind("html", "网页（HTML）文件")
    if start.startswith(b"<?xml"):
        return Kind("xml", "XML文件")
    return Kind("text", "文本文件")


def describe_misnamed(kind: Kind, suffix: str) -> str:
    """The message for a file whose content is not a table at all."""
    return f"这个文件其实是{kind.label}，不是表格（扩展名是「{suffix}」），请让县区重新报送Excel或CSV表格"


def is_encrypted_ole(data: bytes) -> bool:
    """An OLE container holding an encrypted OOXML package: a workbook with an opening password."""
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def check_xlsx(path: Path) -> None:
    """Refuse a zip that is not a workbook, is truncated, or expands too far; before any parser reads it.

    Sizes are checked twice: as the archive declares them (instant), then by inflating every entry
    against the budget, because a crafted archive can declare small sizes and expand to gigabytes.
    """
    with open_regular(path) as f:
        try:
            archive = zipfile.ZipFile(f)
        except zipfile.BadZipFile:
            raise Unreadable("文件不完整或已损坏（压缩结构残缺，可能是下载或复制时中断了），请让县区重新报送") from None
        _check_archive(archive, f)


def _check_archive(archive: zipfile.ZipFile, f: BinaryIO) -> None:
    with archive:
        infos = archive.infolist()
        names = {i.filename.lower() for i in infos}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            if "word/document.xml" in names:
                raise Unreadable("这个文件其实是Word文档，不是Excel表格")
            if "ppt/presentation.xml" in names:
                raise Unreadable("这个文件其实是PowerPoint演示文稿，不是Excel表格")
            raise Unreadable("这个文件是压缩包，但里面没有Excel工作簿")
        if "xl/workbook.bin" in names:
            raise Unreadable("这是Excel二进制工作簿（.xlsb），请另存为 .xlsx")
        declared = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        _check_budget(declared, packed)
        _check_inflated(f, infos, packed)


def _check_budget(inflated: int, packed: int) -> None:
    if inflated > MAX_INFLATED_BYTES:
        raise Unreadable(
            f"文件解压后超过 {inflated / MB:.0f} MB（压缩前 {packed / MB:.1f} MB），超过上限"
            f" {MAX_INFLATED_BYTES // MB} MB，不像是正常的报表，已拒绝读取"
        )
    if inflated > RATIO_FLOOR and inflated > MAX_RATIO * packed:
        raise Unreadable(
            f"文件解压后是压缩前的 {inflated // packed} 倍（{inflated / MB:.0f} MB），超过 {MAX_RATIO} 倍的上限，"
            "不像是正常的报表，已拒绝读取"
        )


def _check_inflated(f: BinaryIO, infos: list[zipfile.ZipInfo], packed: int) -> None:
    budget = MAX_INFLATED_BYTES
    for info in infos:
        f.seek(info.header_offset)
        header = f.read(30)
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            raise Unreadable("文件不完整或已损坏（压缩结构残缺），请让县区重新报送")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        if info.compress_type == zipfile.ZIP_STORED:
            produced = info.compress_size
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            produced = _inflate_size(f, info.compress_size, budget + 1)
        else:
            raise Unreadable("文件使用了Excel不会用的压缩方式，请在Excel中另存为 .xlsx")
        budget -= produced
        if budget < 0:
            _check_budget(MAX_INFLATED_BYTES + 1, packed)
    _check_budget(MAX_INFLATED_BYTES - budget, packed)


def _inflate_size(f, compressed: int, cap: int) -> int:
    """How many bytes an entry inflates to, stopping as soon as it passes `cap`."""
    inflater = zlib.decompressobj(-15)
    produced, left = 0, compressed
    while left > 0:
        chunk = f.read(min(left, 1 << 16))
        if not chunk:
            raise Unreadable("文件不完整（内容在中途截断了），请让县区重新报送")
        left -= len(chunk)
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, 1 << 20)
            except zlib.error:
                raise Unreadable("文件已损坏（压缩数据有误），请让县区重新报送") from None
            produced += len(out)
            if produced > cap:
                return produced
            data = inflater.unconsumed_tail
    return produced


def csv_text(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without BOM, as WPS and new Excel save) or GBK (old Excel)."""
    kind = sniff(data[:8192])
    if kind.name != "text":
        raise Unreadable(describe_misnamed(kind, ".csv"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("文字编码无法识别，请在Excel中另存为「CSV UTF-8」")
