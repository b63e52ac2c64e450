"""The CJK font the charts are drawn in, found through matplotlib's font manager.

Fonts are looked up by family name, never by file: a .ttc collection such as
NotoSansCJK-Regular.ttc holds the JP, KR, SC, TC and HK faces, and loading it by path
picks face 0 (JP), which draws 门 as 門. matplotlib 3.11+ indexes every face of a
collection, so naming 「Noto Sans CJK SC」 selects the simplified-Chinese face. Older
matplotlib (the newest for Python 3.10 is 3.10) sees face 0 only: there the named face is
copied out of the collection once into a font file of its own (fontTools, which matplotlib
depends on, copies its tables as they are), kept in matplotlib's cache folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from generators.errors import GongwenError

# Preference order: the fonts Chinese offices see on Windows first (charts then match the
# documents' look), then the free Linux fonts, then macOS; a 楷体-like face as the last resort.
PREFERRED_FAMILIES = (
    "Microsoft YaHei",
    "SimHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "LXGW WenKai",
)
COLLECTIONS = (".ttc", ".otc")

INSTALL_HINT = (
    "未找到可用于图表的中文字体（需要以下任一字体：" + "、".join(PREFERRED_FAMILIES) + "）。请安装中文字体后重试：\n"
    "  Debian/Ubuntu：sudo apt-get install fonts-noto-cjk\n"
    "  Windows：系统自带「微软雅黑」，请确认未被删除；\n"
    "  macOS：系统自带「苹方」（PingFang SC）。\n"
    "若刚安装了字体，请删除 matplotlib 的字体缓存（~/.cache/matplotlib/fontlist-*.json）后重试。"
)


class ChartFontError(GongwenError):
    """No CJK font is installed that the charts can use."""


@dataclass(frozen=True)
class ChartFont:
    """A resolved font face: family name to draw with, and the file + face it comes from."""

    family: str
    path: str
    face_index: int


_lock = threading.Lock()


def _lookup(families) -> ChartFont | None:
    from matplotlib import font_manager

    entries = font_manager.fontManager.ttflist
    hidden = None if _sees_every_face() else _collection_faces(entries)
    for family in families:
        faces = [e for e in entries if e.name == family]
        if faces:
            # Prefer the regular upright face: it is the one the default FontProperties picks.
            face = min(faces, key=lambda e: (e.style != "normal", abs(_weight(e.weight) - 400)))
            return ChartFont(family, face.fname, getattr(face, "index", 0))
        if hidden and family in hidden:
            path = _face_file(*hidden[family])
            font_manager.fontManager.addfont(path)
            return ChartFont(family, path, 0)
    return None


def _sees_every_face() -> bool:
    """matplotlib 3.11+ lists each face of a collection with its index; older ones only face 0."""
    from matplotlib import font_manager

    return hasattr(font_manager.FontEntry, "index")


def _collection_faces(entries) -> dict[str, tuple[str, int]]:
    """{family: (collection, face index)} of the regular faces after face 0 of each font collection."""
    from fontTools.ttLib import TTCollection

    faces: dict[str, tuple[str, int]] = {}
    for path in sorted({e.fname for e in entries if e.fname.lower().endswith(COLLECTIONS)}):
        try:
            collection = TTCollection(path, lazy=True)
        except Exception:  # noqa: BLE001 - an unreadable font is one we cannot use, not an error of ours
            continue
        for index, font in enumerate(collection.fonts):
            if index and font["name"].getDebugName(2) in ("Regular", None):
                faces.setdefault(str(font["name"].getDebugName(1)), (path, index))
    return faces


def _face_file(collection: str, index: int) -> str:
    """A font file holding face `index` of `collection` alone, made once and kept (named after the
    collection's path, size and time, so an updated collection gets a fresh copy)."""
    from fontTools.ttLib import TTCollection

    stat = os.stat(collection)
    key = hashlib.sha256(f"{collection}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    name = f"{Path(collection).stem}-{index}-{key}.otf"
    for folder in _cache_folders():
        path = folder / name
        if path.is_file():
            return str(path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, part = tempfile.mkstemp(dir=folder, suffix=".part")
        except OSError:
            continue  # a read-only cache folder: try the next
        try:
            with os.fdopen(fd, "wb") as file:
                TTCollection(collection, lazy=True).fonts[index].save(file)
            os.replace(part, path)  # another gen drawing at the same time makes the same bytes
            return str(path)
        finally:
            Path(part).unlink(missing_ok=True)
    raise ChartFontError(f"无法保存图表字体文件（{name}）：请检查 matplotlib 缓存文件夹和临时文件夹是否可写。")


def _cache_folders() -> list[Path]:
    from matplotlib import get_cachedir

    user = getattr(os, "getuid", lambda: "")()  # a folder of this user's own in a shared temporary folder
    return [Path(get_cachedir()) / "gongwen-fonts", Path(tempfile.gettempdir()) / f"gongwen-fonts-{user}"]


def _weight(weight) -> int:
    from matplotlib import font_manager

    if isinstance(weight, int):
        return weight
    return font_manager.weight_dict.get(str(weight), 400)


def _rebuild_font_cache() -> None:
    """Rescan the system fonts, for a font installed after matplotlib wrote its cache.

    backend_agg holds a reference to the `fontManager` singleton, so the fresh scan is
    copied into that object rather than replacing it; the fresh scan also rewrites the
    on-disk cache so later runs see the font at once.
    """
    from matplotlib import font_manager

    fresh = font_manager._load_fontmanager(try_read_cache=False)  # type: ignore[attr-defined]  # private, no public rescan
    live = font_manager.fontManager
    live.ttflist = fresh.ttflist
    live.afmlist = fresh.afmlist
    live._findfont_cached.cache_clear()  # type: ignore[attr-defined]


@functools.cache
def chart_font() -> ChartFont:
    """The CJK font for charts; raises ChartFontError (with install advice) if there is none."""
    with _lock:
        found = _lookup(PREFERRED_FAMILIES)
        if found is None:
            _rebuild_font_cache()
            found = _lookup(PREFERRED_FAMILIES)
    if found is None:
        raise ChartFontError(INSTALL_HINT)
    return found


def warm() -> None:
    """Import what drawing needs and load the font's face, in a process about to fork chart helpers
    (they inherit it all instead of each loading it again)."""
    import matplotlib.artist

    # matplotlib writes the docstring of every Artist subclass's set() as its classes are made (kwdoc: a
    # quarter of a second, the longest step of a chart worker's start); nobody reads them here.
    kwdoc, matplotlib.artist.kwdoc = matplotlib.artist.kwdoc, lambda *_: ""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    finally:
        matplotlib.artist.kwdoc = kwdoc
    from PIL import PngImagePlugin  # noqa: F401 - the PNG encoder, imported on first save otherwise

    fig = Figure(figsize=(0.5, 0.2), dpi=72)
    FigureCanvasAgg(fig)
    fig.text(0, 0, "县区0%", fontfamily=chart_font().family)
    fig.canvas.draw()
