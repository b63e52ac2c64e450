"""One issue pipeline: a kind is a declaration, base.issue does the rest, and no kind writes on its own."""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest
from docxtpl import DocxTemplate
from helpers import one_line_template

from generators import base, bulletin, register, reminder, summary, workplan
from generators.errors import DataError, GongwenError
from generators.reading.entry import PeriodData, read_period
from generators.reading.periods import Month, Quarter, YearToDate
from generators.reading.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
KINDS = [bulletin, reminder, summary, workplan]


@dataclass
class Note:
    tables: PeriodData


class CountyCount(base.Kind[Month, Note]):
    """A kind a newcomer adds from the interface alone: one line saying how many counties reported."""

    label = "情况说明"
    periods = (Month, Quarter)

    def __init__(self, template: Path):
        self.template = template

    def dates(self, period):
        return period.first_day, period.last_day + dt.timedelta(days=366), period.words

    def read(self, ws, period, issued):
        return Note(read_period(ws, period))

    def build(self, note, period, issued, numbers):
        ws = note.tables.current
        reported = len(ws.values) - len(ws.unreported)
        head = {"doc_number": numbers[0], "title": f"{period.words}报送情况"}
        context = {"head": head, "text": f"{period.words}共有{reported}个县区报送。"}
        return [base.Draft(period.key, [head["title"]], context, period.key, {period.OPTION: period.key})]


def template(tmp_path: Path) -> Path:
    return one_line_template(tmp_path / "说明.docx", "{{ head.doc_number }} {{ text }}")


def test_a_kind_from_the_interface_alone_is_numbered_registered_and_kept(tiny, tmp_path):
    ws = Workspace(tiny)
    kind = CountyCount(template(tmp_path))
    first = base.issue(kind, ws, Month(2022, 11), tmp_path / "out", dt.date(2022, 12, 5))
    (path,) = first.paths
    assert path == tmp_path / "out" / "2022-11" / "2022年11月份报送情况.docx"
    assert docx.Document(path).paragraphs[0].text == "小巩衔办发〔2022〕7号 2022年11月份共有4个县区报送。"
    again = base.issue(kind, Workspace(tiny), Month(2022, 11), tmp_path / "out", dt.date(2022, 12, 6))
    assert again.drafts[0].context["head"]["doc_number"] == "小巩衔办发〔2022〕7号"  # the same document, its number
    rows = list(openpyxl.load_workbook(tiny / register.FILE).worksheets[0].iter_rows(values_only=True))
    assert [r[rows[0].index("文种")] for r in rows[1:]] == ["情况说明"]
    with pytest.raises(GongwenError, match="不能按「2022年」生成"):
        base.issue(kind, ws, YearToDate(2022), tmp_path / "out", dt.date(2022, 12, 5))


def test_the_pipeline_reads_and_checks_before_it_numbers(tiny, tmp_path):
    (tiny / "月报" / "2022-11.xlsx").unlink()
    with pytest.raises(DataError):
        base.issue(
            CountyCount(template(tmp_path)), Workspace(tiny), Month(2022, 11), tmp_path / "o", dt.date(2022, 12, 5)
        )
    assert not (tiny / register.FILE).exists() and not (tmp_path / "o").exists()


def test_a_taken_number_is_refused_before_anything_is_built(tiny, tmp_path):
    ws, out = Workspace(tiny), tmp_path / "out"
    base.issue(CountyCount(template(tmp_path)), ws, Month(2022, 11), out, dt.date(2022, 12, 5), number=9)
    with pytest.raises(GongwenError, match="已用于"):
        base.issue(CountyCount(template(tmp_path)), ws, Month(2022, 10), out, dt.date(2022, 12, 5), number=9)
    assert not (out / "2022-10").exists()


def _calls(module) -> set[str]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return names


@pytest.mark.parametrize("module", KINDS, ids=lambda m: m.__name__)
def test_no_kind_writes_a_document_or_the_register_itself(module):
    """Rendering, writing and the register belong to base.issue: a kind only reads and words."""
    forbidden = {"render_all", "render_docx", "render_many", "write_all", "write_bytes", "opened", "commit", "assign"}
    assert not _calls(module) & forbidden
    assert issubclass(module.Kind, base.Kind)


@pytest.mark.parametrize("module", KINDS, ids=lambda m: m.__name__)
def test_every_context_is_declared_as_its_template_reads_it(module):
    """A renamed key fails here, not in a clerk's hands: the context's declared keys are exactly the names
    the template uses (docxtpl lists them)."""
    kind = module.Kind()
    declared = set(getattr(module, "Context", dict).__annotations__)
    used = DocxTemplate(str(kind.template)).get_undeclared_template_variables()
    spare = getattr(module, "FOR_USER_TEMPLATES", set())  # names kept for offices' own templates
    assert used <= declared and declared - used == spare, (declared - used, used - declared)
