"""设置.yaml: the office's own settings, read once into a typed object and checked in full.

Every key is declared once in `KEYS` (section, key, kind, required, default); `load()` reports every
missing or wrong key in one error, so `gen validate` shows them all before a deadline. Values are read
with YAML's BaseLoader, so 「0912…」 keeps its 0 and 「012」 is not octal; duplicate keys are errors
(YAML would otherwise keep the last one silently).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generators.errors import DataError, GongwenError, Problem, Source

MAX_SERIAL = 99_999  # a 发文字号 serial beyond this is a typo, not a document count
MAX_DAYS = 366
# A choice key's values as written in 设置.yaml, and what each means to the program.
CHOICES = {"格式": {"图片": "image", "可编辑": "native"}}


@dataclass(frozen=True)
class Key:
    section: str
    name: str
    kind: str  # text | names | serial | days | choice (one of CHOICES[name])
    required: bool = True
    default: object = None
    hint: str = ""


KEYS = [
    Key("发文机关", "全称", "text", hint="发文机关全称"),
    Key("发文机关", "简称", "text", hint="如「市巩固衔接办」"),
    Key("发文机关", "标志", "text", hint="红头上的发文机关标志，如「榆林市巩固衔接办文件」"),
    Key("发文机关", "署名", "text", hint="落款的发文机关署名"),
    Key("发文机关", "城市", "text", hint="如「榆林市」"),
    Key("发文字号", "前缀", "text", hint="如「榆巩衔办发」"),
    Key("发文字号", "下一个序号", "serial", required=False, default=1),
    Key("发文字号", "函前缀", "text", hint="如「榆巩衔办函」"),
    Key("发文字号", "函下一个序号", "serial", required=False, default=1),
    Key("发文字号", "报告前缀", "text", required=False, default="", hint="上报的报告用，如「榆巩衔办字」"),
    Key("公文", "主送", "text", hint="如「各县（市、区）巩固衔接办」"),
    Key("公文", "抄送", "names", required=False, default=()),
    Key("公文", "印发机关", "text"),
    Key("公文", "上报主送", "text", required=False, default="", hint="报告的主送机关，如「市委、市政府」"),
    Key("公文", "签发人", "text", required=False, default="", hint="上行文的签发人姓名"),
    Key("联系", "联系人", "text"),
    Key("联系", "电话", "text"),
    Key("提醒函", "提前天数", "days", required=False, default=15),
    Key("提醒函", "回复天数", "days", required=False, default=10),
    Key("月报", "报送截止日", "days", required=False, default=0, hint="次月几日前报送，0为不检查"),
    Key(
        "图表",
        "格式",
        "choice",
        required=False,
        default="image",
        hint="「图片」，或「可编辑」（Word、WPS 中可编辑数据）",
    ),
    Key(
        "工作要点",
        "主送",
        "text",
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


def _loader():
    import yaml

    class UniqueKeyLoader(yaml.BaseLoader):
        """BaseLoader that refuses a key written twice in one section."""

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key}", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    return UniqueKeyLoader


def _parse_file(path: Path, shown: str) -> dict:
    import yaml

    if not path.is_file():
        raise GongwenError(f"找不到设置文件「{shown}」，请参照 docs/数据格式.md 新建。")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_loader()) or {}
    except UnicodeDecodeError:
        raise GongwenError(f"设置文件「{shown}」不是UTF-8编码，请在记事本中另存为UTF-8。") from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        key = str(exc.problem).removeprefix("duplicate key ")
        raise GongwenError(f"设置文件「{shown}」第{line}行：「{key}」写了两次，请删除重复的一项。") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise GongwenError(f"设置文件「{shown}」{where}格式有误（冒号后要有空格，缩进用空格）。") from None
    if not isinstance(raw, dict):
        raise GongwenError(f"设置文件「{shown}」格式有误：应为「项目: 内容」的形式。")
    return raw


def _value(key: Key, value, problems: list[Problem], source: Source):
    """The typed value of one key, or None after recording why it is wrong."""
    where = f"「{key.section}」下的「{key.name}」"
    if key.kind == "names":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            problems.append(Problem(source, f"{where}应为一个或多个名称", expected="如 [市委农办, 市财政局]"))
            return None
        return tuple(v.strip() for v in items if v.strip())
    if not isinstance(value, str):
        problems.append(Problem(source, f"{where}应为一项文字，不能是列表或分组", expected=key.hint or "一项文字"))
        return None
    text = value.strip()
    if key.kind == "text":
        return text
    if key.kind == "choice":
        if text not in CHOICES[key.name]:
            problems.append(
                Problem(source, f"{where}不是可选的值", text, "或".join(f"「{c}」" for c in CHOICES[key.name]))
            )
            return None
        return CHOICES[key.name][text]
    try:
        number = int(text)
    except ValueError:
        problems.append(Problem(source, f"{where}应为整数", text, "整数"))
        return None
    low, high = (1, MAX_SERIAL) if key.kind == "serial" else (1 if key.name == "回复天数" else 0, MAX_DAYS)
    if not low <= number <= high:
        problems.append(Problem(source, f"{where}超出范围", text, f"{low}到{high}之间的整数"))
        return None
    return number


def _blank(value) -> bool:
    """Nothing written: YAML's BaseLoader keeps 「null」 and 「~」 as text, which here mean blank too."""
    return value is None or (isinstance(value, str) and value.strip() in ("", "null", "Null", "NULL", "~"))


def _unknown_keys(raw: dict, source: Source) -> list[Problem]:
    """A section or key gongwen does not know is a typo until shown otherwise (「下一个需号」 would
    silently leave the serial at its default); each names the closest known one."""

    def unknown(name, known: list[str], where: str) -> Problem:
        import difflib  # only when there is something to say

        near = difflib.get_close_matches(str(name), known, n=1, cutoff=0.3)
        hint = f"，是不是「{near[0]}」？" if near else ""
        return Problem(source, f"{where}不认识的设置项「{name}」{hint}", expected="、".join(known))

    sections = list(dict.fromkeys(k.section for k in KEYS))
    problems = []
    for section, body in raw.items():
        if section not in sections:
            problems.append(unknown(section, sections, ""))
        elif isinstance(body, dict):
            names = [k.name for k in KEYS if k.section == section]
            problems += [unknown(name, names, f"「{section}」下") for name in body if name not in names]
    return problems


def load(path: Path, shown: str) -> Settings:
    """Read and check 设置.yaml; every problem in one DataError."""
    raw = _parse_file(path, shown)
    source = Source(shown)
    problems: list[Problem] = _unknown_keys(raw, source)
    values: dict[tuple[str, str], Any] = {}
    reported: set[str] = set()
    for key in KEYS:
        section = raw.get(key.section)
        if _blank(section):  # a section whose keys are all commented out
            section = {}
        if not isinstance(section, dict):
            if key.section not in reported:
                problems.append(Problem(source, f"「{key.section}」应为一组「项目: 内容」"))
                reported.add(key.section)
            section = {}
        value = section.get(key.name)
        if _blank(value) or value == []:
            if key.required:
                hint = f"（{key.hint}）" if key.hint else ""
                problems.append(Problem(source, f"缺少「{key.section}」下的「{key.name}」{hint}"))
            values[(key.section, key.name)] = key.default
            continue
        values[(key.section, key.name)] = _value(key, value, problems, source)
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
