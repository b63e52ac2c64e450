"""设置.yaml: the office's own settings, read once into a typed object and checked in full.

Every key is declared once in `KEYS` (section, key, kind, required, default, range); `load()` reports
every missing or wrong key in one error, each naming its line, so `gen validate` shows them all before a
deadline. Values are read as YAML's BaseLoader reads them (all text: 「0912…」 keeps its 0 and 「012」 is
not octal), from the composed nodes, so each value knows its line. What Notepad users get wrong is said
for what it is, on its line, before YAML gives its own verdict: a full-width colon 「：」, no space after
the colon, a tab in the indentation. Duplicate keys, keys that are lists, anchors and deep nesting are
refused (YAML would keep the last duplicate silently, and recurse without bound).

Longer than 400 lines: most of it is the KEYS table (every setting declared once) and its line-numbered messages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from generators.errors import DataError, GongwenError, Problem, Source

MAX_SERIAL = 99_999  # a 发文字号 serial beyond this is a typo, not a document count
MAX_DAYS = 366
MAX_BYTES = 1 << 20
MAX_NESTING = 10  # brackets inside brackets: a settings file needs one level ([市委农办, 市财政局])
# A choice key's values as written in 设置.yaml, and what each means to the program.
CHOICES = {"格式": {"图片": "image", "可编辑": "native"}}


class Kind(Enum):
    """What a key holds."""

    TEXT = "text"
    NAMES = "names"  # a list of names (抄送)
    NUMBER = "number"  # a whole number in [low, high]
    CHOICE = "choice"  # one of CHOICES[name]


@dataclass(frozen=True)
class Key:
    section: str
    name: str
    kind: Kind
    required: bool = True
    default: object = None
    hint: str = ""
    low: int = 0  # a number's range, inclusive
    high: int = 0


KEYS = [
    Key("发文机关", "全称", Kind.TEXT, hint="发文机关全称"),
    Key("发文机关", "简称", Kind.TEXT, hint="如「市巩固衔接办」"),
    Key("发文机关", "标志", Kind.TEXT, hint="红头上的发文机关标志，如「榆林市巩固衔接办文件」"),
    Key("发文机关", "署名", Kind.TEXT, hint="落款的发文机关署名"),
    Key("发文机关", "城市", Kind.TEXT, hint="如「榆林市」"),
    Key("发文字号", "前缀", Kind.TEXT, hint="如「榆巩衔办发」"),
    Key("发文字号", "下一个序号", Kind.NUMBER, required=False, default=1, low=1, high=MAX_SERIAL),
    Key("发文字号", "函前缀", Kind.TEXT, hint="如「榆巩衔办函」"),
    Key("发文字号", "函下一个序号", Kind.NUMBER, required=False, default=1, low=1, high=MAX_SERIAL),
    Key(
        "发文字号",
        "起始年份",
        Kind.NUMBER,
        required=False,
        default=0,
        hint="「下一个序号」「函下一个序号」是哪一年的，如「2022」；不写时为发文登记中最早的年份",
        low=2000,
        high=2100,
    ),
    Key("发文字号", "报告前缀", Kind.TEXT, required=False, default="", hint="上报的报告用，如「榆巩衔办字」"),
    Key("公文", "主送", Kind.TEXT, hint="如「各县（市、区）巩固衔接办」"),
    Key("公文", "抄送", Kind.NAMES, required=False, default=()),
    Key("公文", "印发机关", Kind.TEXT),
    Key("公文", "上报主送", Kind.TEXT, required=False, default="", hint="报告的主送机关，如「市委、市政府」"),
    Key("公文", "签发人", Kind.TEXT, required=False, default="", hint="上行文的签发人姓名"),
    Key("联系", "联系人", Kind.TEXT),
    Key("联系", "电话", Kind.TEXT),
    Key("提醒函", "提前天数", Kind.NUMBER, required=False, default=15, high=MAX_DAYS),
    Key("提醒函", "回复天数", Kind.NUMBER, required=False, default=10, low=1, high=MAX_DAYS),
    Key("月报", "报送截止日", Kind.NUMBER, required=False, default=0, hint="次月几日前报送，0为不检查", high=31),
    Key(
        "图表",
        "格式",
        Kind.CHOICE,
        required=False,
        default="image",
        hint="「图片」，或「可编辑」（Word、WPS 中可编辑数据）",
    ),
    Key(
        "工作要点",
        "主送",
        Kind.TEXT,
        required=False,
        default="",
        hint="印发工作要点的主送机关，默认同「公文」下的「主送」",
    ),
]


@dataclass(frozen=True)
class Organ:
    full: str
    short: str
    mark: str  # 发文机关标志
    signature: str  # 署名
    city: str


@dataclass(frozen=True)
class Numbering:
    prefix: str
    first_serial: int
    letter_prefix: str
    letter_first_serial: int
    report_prefix: str
    start_year: int = 0  # the year the first serials are for; 0: the register's first year


@dataclass(frozen=True)
class Documents:
    recipients: str  # 主送 of 下行文
    cc: tuple[str, ...]
    printer: str  # 印发机关
    report_recipients: str  # 主送 of a 报告 (上行文)
    issuer: str  # 签发人


@dataclass(frozen=True)
class Contact:
    person: str
    phone: str


@dataclass(frozen=True)
class Reminders:
    window_days: int  # problems due within this many days of the letter's date are reminded of
    reply_days: int  # the reply is due this many days after the letter's date


@dataclass(frozen=True)
class Settings:
    """The office's settings, every value checked."""

    organ: Organ
    numbering: Numbering
    documents: Documents
    contact: Contact
    reminders: Reminders
    file: str
    report_day: int = 0  # counties send the month's table by this day of the next month; 0: not checked
    work_plan_recipients: str = ""  # 主送 of the 工作要点's 通知; "" → documents.recipients
    chart_style: str = "image"  # 图表/格式: "image" (pictures) or "native" (charts Word and WPS can edit)

    def require(self, value: str, section: str, key: str) -> str:
        """An optional setting that this document needs after all (e.g. 签发人 for a 报告)."""
        if not value:
            spec = next(k for k in KEYS if (k.section, k.name) == (section, key))
            raise GongwenError(
                f"设置文件「{self.file}」缺少「{section}」下的「{key}」（{spec.hint}），生成这份公文需要它。"
            )
        return value


class _Lines(dict):
    """(section,) or (section, key) → the line it is written on (1-based)."""

    def at(self, *where: str) -> Source:
        line = self.get(where) or (self.get(where[:1]) if len(where) > 1 else None)
        return Source(self.file, "", f"第{line}行" if line else "")

    file: str = ""


def _known_names() -> set[str]:
    return {k.section for k in KEYS} | {k.name for k in KEYS}


def _lint(text: str, shown: str) -> list[Problem]:
    """What is wrong on a line before YAML reads it: each problem names its line and its cause."""
    known = _known_names()
    problems = []
    depth = 0
    for n, line in enumerate(text.splitlines(), 1):
        where = Source(shown, "", f"第{n}行")
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        if body.startswith("\t") or "\t" in line[: len(line) - len(body.lstrip(" \t"))]:
            problems.append(Problem(where, "行首有Tab（制表符），缩进只能用空格", expected="用两个空格缩进"))
            continue
        body = body.strip()
        full, half = body.find("："), body.find(":")
        if full > 0 and (half < 0 or full < half) and body[:full].strip() in known:
            name = body[:full].strip()
            problems.append(
                Problem(
                    where,
                    f"「{name}」后面用了全角冒号「：」",
                    body,
                    f"半角冒号加一个空格，如「{name}: {body[full + 1 :].strip()}」",
                )
            )
            continue
        if half > 0 and body[half + 1 : half + 2] not in ("", " ", "\t") and body[:half].strip() in known:
            name = body[:half].strip()
            problems.append(
                Problem(where, "冒号后面缺少空格", body, f"冒号后加一个空格，如「{name}: {body[half + 1 :].strip()}」")
            )
            continue
        for ch in body.split(" #", 1)[0]:
            depth += (ch in "[{") - (ch in "]}")
            if depth > MAX_NESTING:
                problems.append(
                    Problem(
                        where,
                        f"括号「[」「{{」套了{MAX_NESTING}层以上，这不是办公室设置",
                        expected="如 [市委农办, 市财政局]",
                    )
                )
                return problems
    return problems


def _deepest(text: str, shown: str) -> Source:
    """The line that nests deepest (indentation, 「- 」, brackets): where a runaway structure is."""
    depth = [
        len(line) - len(line.lstrip(" ")) + line.count("- ") + line.count("[") + line.count("{")
        for line in text.splitlines()
    ]
    return Source(shown, "", f"第{depth.index(max(depth)) + 1}行") if depth else Source(shown)


# PyYAML's own words for what went wrong, and what a clerk should do about it.
_YAML_PROBLEMS = [
    (
        "mapping values are not allowed",
        "冒号「:」用得不对：一行只写一个「项目: 内容」，内容中有冒号时请把内容放在英文引号中",
    ),
    ("could not find expected ':'", "缺少冒号：每行写「项目: 内容」"),
    ("expected <block end>", "缩进与上面的行不一致：同一组中的项目缩进相同（两个空格）"),
    ("did not find expected key", "缩进与上面的行不一致：同一组中的项目缩进相同（两个空格）"),
    ("did not find expected ',' or ']'", "方括号「[ ]」没有配对"),
    ("did not find expected ',' or '}'", "花括号「{ }」没有配对"),
    ("found unexpected end of stream", "引号或括号没有配对"),
    ("found undefined alias", "不能用「*」开头（YAML的引用）：请把内容放在英文引号中"),
    ("expected a single document", "文件中有两个「---」分隔的部分，设置只能有一个"),
]


def _yaml_problem(exc, shown: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    where = Source(shown, "", f"第{mark.line + 1}行") if mark else Source(shown)
    said = f"{getattr(exc, 'problem', '')} {getattr(exc, 'context', '')}"
    reason = next((why for key, why in _YAML_PROBLEMS if key in said), None)
    return Problem(where, reason or "格式有误：每行「项目: 内容」，冒号后要有一个空格，下级项目用两个空格缩进")


def _parse_file(path: Path, shown: str) -> tuple[dict, _Lines]:
    import yaml

    from generators.reading import files

    if not (path.exists() or path.is_symlink()):
        raise GongwenError(f"找不到设置文件「{shown}」，请参照 docs/数据格式.md 新建。")
    try:
        if files.check_regular(path) > MAX_BYTES:
            raise files.Unreadable(f"有 {path.stat().st_size // 1024} KB，不像是办公室设置（通常不到 2 KB）")
        text = files.read_bytes(path).decode("utf-8-sig")
    except files.Unreadable as exc:
        raise GongwenError(f"设置文件「{shown}」{exc}。") from None
    except UnicodeDecodeError:
        raise GongwenError(f"设置文件「{shown}」不是UTF-8编码，请在记事本中另存为UTF-8。") from None
    problems = _lint(text, shown)
    if problems:
        raise DataError(problems)
    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        raise DataError([_yaml_problem(exc, shown)]) from None
    except RecursionError:  # _lint bounds brackets; YAML's block nesting (「- - - …」) recurses too
        raise DataError(
            [Problem(_deepest(text, shown), "内容一层套一层，超过了能读取的层数，这不是办公室设置")]
        ) from None
    lines = _Lines()
    lines.file = shown
    if root is None:
        return {}, lines
    raw = _construct(root, shown, lines, problems, ())
    if problems:
        raise DataError(problems)
    if not isinstance(raw, dict):
        raise DataError([Problem(Source(shown), "格式有误：应为「项目: 内容」的形式")])
    return raw, lines


def _construct(node, shown: str, lines: _Lines, problems: list[Problem], path: tuple[str, ...], seen=None):
    """A composed YAML node as plain text, lists and dicts, recording each key's line. Every node is
    visited once: an alias (the same node twice) is refused, so 「billion laughs」 costs nothing."""
    import yaml

    seen = set() if seen is None else seen
    where = Source(shown, "", f"第{node.start_mark.line + 1}行")
    if id(node) in seen:
        problems.append(Problem(where, "用了YAML的引用（「&」「*」），设置中不支持", expected="直接写出内容"))
        return None
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, shown, lines, problems, path, seen) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        at = Source(shown, "", f"第{key_node.start_mark.line + 1}行")
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(at, "项目名称应为文字，不能是列表或分组", expected="「项目: 内容」"))
            continue
        key = key_node.value
        if key in result:
            problems.append(Problem(at, f"「{key}」写了两次，请删除重复的一项"))
            continue
        if len(path) < 2:
            lines[path + (key,)] = key_node.start_mark.line + 1
        result[key] = _construct(value_node, shown, lines, problems, (*path, key), seen)
    return result


def _value(key: Key, value, problems: list[Problem], source: Source):
    """The typed value of one key, or None after recording why it is wrong."""
    where = f"「{key.section}」下的「{key.name}」"
    if key.kind is Kind.NAMES:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            problems.append(Problem(source, f"{where}应为一个或多个名称", expected="如 [市委农办, 市财政局]"))
            return None
        return tuple(v.strip() for v in items if v.strip())
    if not isinstance(value, str):
        problems.append(Problem(source, f"{where}应为一项文字，不能是列表或分组", expected=key.hint or "一项文字"))
        return None
    text = value.strip()
    if key.kind is Kind.TEXT:
        return text
    if key.kind is Kind.CHOICE:
        if text not in CHOICES[key.name]:
            problems.append(
                Problem(source, f"{where}不是可选的值", text, "或".join(f"「{c}」" for c in CHOICES[key.name]))
            )
            return None
        return CHOICES[key.name][text]
    digits = unicodedata.normalize("NFKC", text)  # full-width digits are digits; 「1_3」 and 「+5」 are not
    if not re.fullmatch(r"-?[0-9]+", digits):
        problems.append(Problem(source, f"{where}不是整数", text, f"整数，如「{key.default or key.low or 5}」"))
        return None
    number = int(digits) if len(digits) <= 12 else key.high + 1
    if not key.low <= number <= key.high:
        problems.append(Problem(source, f"{where}超出范围", text, f"{key.low}到{key.high}之间的整数"))
        return None
    return number


def _blank(value) -> bool:
    """Nothing written: YAML's BaseLoader keeps 「null」 and 「~」 as text, which here mean blank too."""
    return value is None or (isinstance(value, str) and value.strip() in ("", "null", "Null", "NULL", "~"))


def _unknown_keys(raw: dict, lines: _Lines) -> list[Problem]:
    """A section or key gongwen does not know is a typo until shown otherwise (「下一个需号」 would
    silently leave the serial at its default); each names the closest known one."""

    def unknown(name, known: list[str], where: str, source: Source) -> Problem:
        import difflib  # only when there is something to say

        near = difflib.get_close_matches(str(name), known, n=1, cutoff=0.3)
        hint = f"，是不是「{near[0]}」？" if near else ""
        return Problem(source, f"{where}不认识的设置项「{name}」{hint}", expected="、".join(known))

    sections = list(dict.fromkeys(k.section for k in KEYS))
    problems = []
    for section, body in raw.items():
        if section not in sections:
            problems.append(unknown(section, sections, "", lines.at(section)))
        elif isinstance(body, dict):
            names = [k.name for k in KEYS if k.section == section]
            problems += [
                unknown(name, names, f"「{section}」下", lines.at(section, name)) for name in body if name not in names
            ]
    return problems


def load(path: Path, shown: str) -> Settings:
    """Read and check 设置.yaml; every problem in one DataError."""
    raw, lines = _parse_file(path, shown)
    problems: list[Problem] = _unknown_keys(raw, lines)
    values: dict[tuple[str, str], Any] = {}
    reported: set[str] = set()
    for key in KEYS:
        section = raw.get(key.section)
        if _blank(section):  # a section whose keys are all commented out
            section = {}
        if not isinstance(section, dict):
            if key.section not in reported:
                problems.append(
                    Problem(
                        lines.at(key.section),
                        f"「{key.section}」应为一组「项目: 内容」",
                        section if isinstance(section, str) else None,
                        "下面每行一项，用两个空格缩进",
                    )
                )
                reported.add(key.section)
            section = {}
        value = section.get(key.name)
        if _blank(value) or value == []:
            if key.required and key.section not in reported:
                hint = f"（{key.hint}）" if key.hint else ""
                problems.append(Problem(lines.at(key.section), f"缺少「{key.section}」下的「{key.name}」{hint}"))
            values[(key.section, key.name)] = key.default
            continue
        values[(key.section, key.name)] = _value(key, value, problems, lines.at(key.section, key.name))
    if problems:
        raise DataError(problems)
    v = lambda section, name: values[(section, name)]  # noqa: E731
    return Settings(
        organ=Organ(
            v("发文机关", "全称"),
            v("发文机关", "简称"),
            v("发文机关", "标志"),
            v("发文机关", "署名"),
            v("发文机关", "城市"),
        ),
        numbering=Numbering(
            v("发文字号", "前缀"),
            v("发文字号", "下一个序号"),
            v("发文字号", "函前缀"),
            v("发文字号", "函下一个序号"),
            v("发文字号", "报告前缀"),
            v("发文字号", "起始年份"),
        ),
        documents=Documents(
            v("公文", "主送"),
            tuple(v("公文", "抄送")),
            v("公文", "印发机关"),
            v("公文", "上报主送"),
            v("公文", "签发人"),
        ),
        contact=Contact(v("联系", "联系人"), v("联系", "电话")),
        reminders=Reminders(v("提醒函", "提前天数"), v("提醒函", "回复天数")),
        file=shown,
        report_day=v("月报", "报送截止日"),
        work_plan_recipients=v("工作要点", "主送"),
        chart_style=v("图表", "格式"),
    )
