"""Typeface classes: GB/T 9704 names a class of typeface (仿宋, 小标宋, 黑体, 楷体, 宋体), not a file.

A document made elsewhere names the same face in many ways: the Chinese family name, the English
one Windows shows (FangSong, SimHei), the vendor's PostScript name (FZXiaoBiaoSong-B05S), with or
without the character-set suffix (_GB2312, _GBK). All of those are one class here; a face of
another class (华文中宋 is a 宋, not a 小标宋; 微软雅黑 is not the 黑体 of the standard) stays apart.
"""

from __future__ import annotations

import re

CLASSES: dict[str, tuple[str, ...]] = {
    "仿宋": (
        "仿宋",
        "仿宋体",
        "FangSong",
        "方正仿宋",
        "FZFangSong-Z02",
        "FZFangSong-Z02S",
        "FZFSK--GBK1-0",
        "FZFSJW--GB1-0",
        "华文仿宋",
        "STFangsong",
        "中易仿宋",
    ),
    "小标宋": (
        "方正小标宋",
        "小标宋",
        "小标宋体",
        "FZXiaoBiaoSong-B05",
        "FZXiaoBiaoSong-B05S",
        "FZXBSK--GBK1-0",
        "FZXBSJW--GB1-0",
    ),
    "黑体": (
        "黑体",
        "SimHei",
        "方正黑体",
        "FZHei-B01",
        "FZHei-B01S",
        "FZHTK--GBK1-0",
        "FZHTJW--GB1-0",
        "华文黑体",
        "STHeiti",
        "Heiti SC",
        "中易黑体",
        "思源黑体",
        "Source Han Sans SC",
        "Source Han Sans CN",
        "Noto Sans CJK SC",
        "Noto Sans SC",
    ),
    "楷体": (
        "楷体",
        "KaiTi",
        "方正楷体",
        "FZKai-Z03",
        "FZKai-Z03S",
        "FZKTK--GBK1-0",
        "FZKTJW--GB1-0",
        "华文楷体",
        "STKaiti",
        "Kaiti SC",
        "中易楷体",
        "霞鹜文楷",
        "LXGW WenKai",
    ),
    "宋体": (
        "宋体",
        "SimSun",
        "新宋体",
        "NSimSun",
        "华文宋体",
        "STSong",
        "Songti SC",
        "方正书宋",
        "FZShuSong-Z01",
        "FZShuSong-Z01S",
        "FZSSK--GBK1-0",
        "中易宋体",
        "思源宋体",
        "Source Han Serif SC",
        "Source Han Serif CN",
        "Noto Serif CJK SC",
        "Noto Serif SC",
    ),
}

# Character-set and script suffixes that name the same face: 仿宋_GB2312, 方正小标宋_GBK, 方正楷体简体.
SUFFIX = re.compile(r"(?:[\s_\-]*(?:gb2312|gbk|gb18030|gb|简体|简|繁体|std|regular))+$")


def normalise(name: str) -> str:
    name = re.sub(r"[\s\u3000]+", " ", name.strip()).casefold()
    return SUFFIX.sub("", name).replace(" ", "")


ALIASES = {normalise(alias): cls for cls, names in CLASSES.items() for alias in names}


def font_class(name: str | None) -> str | None:
    """「仿宋」 for 仿宋_GB2312, FangSong, 方正仿宋_GBK …; None for a face outside the table."""
    return ALIASES.get(normalise(name)) if name else None


def same_class(got: str | None, want: str) -> bool:
    """True when `got` is a face of the class GB/T 9704 asks for with `want` (a name from gbt9704)."""
    if not got:
        return False
    wanted = font_class(want)
    return font_class(got) == wanted if wanted else normalise(got) == normalise(want)
