"""The CJK font the charts are drawn in, found through matplotlib's font manager.

Fonts are looked up by family name, never by file: a .ttc collection such as
NotoSansCJK-Regular.ttc holds the JP, KR, SC, TC and HK faces, and loading it by path
picks face 0 (JP), which draws 门 as 門. matplotlib (3.10+) indexes every face of a
collection, so naming 「Noto Sans CJK SC」 selects the simplified-Chinese face.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

from generators.errors import GongwenError

# Preference order: the fonts Chinese offices see on Windows first (charts then match the
# documents' look), then the free Linux fonts, then macOS.
PREFERRED_FAMILIES = (
    "Microsoft YaHei",
    "SimHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "PingFang SC",
)

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
    for family in families:
        faces = [e for e in entries if e.name == family]
        if faces:
            # Prefer the regular upright face: it is the one the default FontProperties picks.
            face = min(faces, key=lambda e: (e.style != "normal", abs(_weight(e.weight) - 400)))
            return ChartFont(family, face.fname, getattr(face, "index", 0))
    return None


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
