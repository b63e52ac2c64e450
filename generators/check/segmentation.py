"""Chinese word segmentation for `gen check`'s title-break rule: jieba with its own dictionary.

jieba is imported only when a title breaks between two Chinese characters (most checks of most
documents never load it), without pkg_resources (which jieba would import first, for 0.25 s, to find
its dictionary beside its own module), and its prefix dictionary, built once (about a second), is cached
in the user's cache folder rather than in the shared temporary folder that jieba uses by default.
"""

from __future__ import annotations

import logging
import os
import sys
from functools import lru_cache
from pathlib import Path


def cache_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home() != Path("/") else None)
    if base is None:
        return None
    folder = Path(base) / "gongwen"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's Tokenizer on its default dictionary, initialised (the dictionary read or loaded from the cache)."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # jieba then opens its files by path
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    folder = cache_dir()
    if folder is not None:
        tok.tmp_dir = str(folder)
    tok.initialize()
    return tok


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` by jieba's dictionary, without HMM guesses of words it does not know."""
    out, at = [], 0
    for word in tokenizer().cut(text, HMM=False):
        out.append((at, at + len(word)))
        at += len(word)
    return out


def is_word(text: str) -> bool:
    """A word of jieba's dictionary (a frequency above zero; prefixes are kept there at zero)."""
    return bool(tokenizer().FREQ.get(text))
