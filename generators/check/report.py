"""`gen check`: a .docx against GB/T 9704, rule by rule (the rules are in check.rules.RULES).

check_file() gives a Report per document; as_text() and as_json() show reports to people
and to programs. Unreadable files raise docx_styles.UnreadableDocx (exit status 2 in the CLI).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generators.check.anatomy import GENERAL, LETTER, Kind
from generators.check.docx_styles import Docx, UnreadableDocx
from generators.check.rules import RULES, Anatomy, Finding, Rule, Skip


class Status(Enum):
    """A rule's verdict on a document; the value is the word shown to people and written in JSON."""

    PASS = "通过"
    FAIL = "不符合"
    NA = "不适用"


PASS, FAIL, NA = Status.PASS, Status.FAIL, Status.NA
UNJUDGED = "此项无法检查：文档中相关部分的结构无法识别"
SHOWN_PER_RULE = 5  # locations printed per failing rule; --json lists them all


@dataclass
class Result:
    rule: Rule
    status: Status
    findings: list[Finding] = field(default_factory=list)
    note: str = ""  # why a rule does not apply

    def as_dict(self) -> dict:
        first = self.findings[0] if self.findings else Finding("", self.note)
        return {
            "id": self.rule.id,
            "name": self.rule.name,
            "status": self.status.value,
            "where": first.where,
            "expected": self.rule.expected,
            "found": first.found,
            "locations": [{"where": f.where, "found": f.found} for f in self.findings],
        }


@dataclass
class Report:
    path: Path
    kind: Kind
    results: list[Result]

    @property
    def letter(self) -> bool:
        return self.kind == LETTER

    @property
    def ok(self) -> bool:
        return all(r.status != FAIL for r in self.results)

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def summary(self) -> str:
        text = f"共 {len(self.results)} 项，通过 {self.count(PASS)} 项，不符合 {self.count(FAIL)} 项"
        return text + (f"，不适用 {self.count(NA)} 项" if self.count(NA) else "")


def check_file(path: Path, letter: bool | None = None) -> Report:
    """Apply every rule to one document; letter=None detects the 信函格式 by 「函」 in the 发文字号
    (and the 命令 and 纪要 by their 标志 and serial)."""
    try:
        anatomy = Anatomy(Docx(path), letter)
    except UnreadableDocx:
        raise
    except Exception:  # noqa: BLE001 - a package that opens but whose parts are not laid out as Word writes them
        raise UnreadableDocx(f"文件「{path}」的结构无法识别；请用 Word 或 WPS 打开后另存为 .docx 再检查。") from None
    results = []
    for rule in RULES:
        if anatomy.kind not in rule.kinds:
            results.append(Result(rule, NA, note=f"{anatomy.kind.value}格式不适用"))
            continue
        try:
            findings = rule.check(anatomy, rule)
        except (ValueError, TypeError, ArithmeticError):  # a value Word wrote in a form not read here (e.g. "1in")
            findings = [Finding("", "文档中此项设置的写法无法识别，请在 Word 中重新设置后再检查")]
        except Exception:  # noqa: BLE001 - one rule's trouble with an odd structure must not hide the others
            findings = Skip(UNJUDGED)
        if findings is None:
            results.append(Result(rule, NA, note="文档中没有此项"))
        elif isinstance(findings, Skip):
            results.append(Result(rule, NA, note=findings.why))
        else:
            results.append(Result(rule, FAIL if findings else PASS, findings))
    return Report(Path(path), anatomy.kind, results)


# ---------------------------------------------------------------- output


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def as_text(report: Report) -> str:
    kind = f"（{report.kind.value}格式）" if report.kind != GENERAL else ""
    rows = []
    for r in report.results:
        if r.status == FAIL:
            first, *more = r.findings
            rows.append((r.status.value, r.rule.name, first.where, f"{first.found}；要求：{r.rule.expected}"))
            rows += [("", "", f.where, f.found) for f in more[: SHOWN_PER_RULE - 1]]
            if len(more) >= SHOWN_PER_RULE:
                rows.append(("", "", f"……另有 {len(more) - SHOWN_PER_RULE + 1} 处", ""))
        else:
            rows.append((r.status.value, r.rule.name, "", r.note))
    header = ("结果", "项目", "位置", "说明")
    widths = [max(width(row[i]) for row in rows + [header]) for i in range(3)]
    lines = [f"{report.path}{kind}"]
    for row in [header] + rows:
        cells = [pad(row[i], widths[i]) for i in range(3)]
        lines.append(("  " + "  ".join(cells) + "  " + row[3]).rstrip())
    lines.append(report.summary)
    return "\n".join(lines)


def as_json(reports: list[Report | tuple[Path, str]]) -> str:
    """Reports (or (path, error message) for unreadable files) as JSON for other programs."""
    files = []
    for item in reports:
        if isinstance(item, Report):
            files.append(
                {
                    "file": str(item.path),
                    "letter": item.letter,
                    "kind": item.kind.value,
                    "ok": item.ok,
                    "summary": item.summary,
                    "rules": [r.as_dict() for r in item.results],
                }
            )
        else:
            files.append({"file": str(item[0]), "error": item[1]})
    return json.dumps({"files": files}, ensure_ascii=False, indent=2)
