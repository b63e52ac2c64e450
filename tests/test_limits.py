"""Templates that would exhaust memory or time are refused with a Chinese message, early and cheaply."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest
from conftest import ROOT
from helpers import BULLETIN, example_context, one_line_template

from generators.word import sandbox
from generators.word.render import RenderError, render_docx

S = "{% set s = 'x' * 999999 %}"  # the longest string a template may build
TEN = "{% set a = [s,s,s,s,s,s,s,s,s,s] %}{% set b = [a,a,a,a,a,a,a,a,a,a] %}"

BOMBS = {
    "repeat": "{{ 'x' * 3000000000 }}",
    "repeat, number first": "{{ 3000000000 * 'x' }}",
    "list repeat": "{{ [1] * 3000000000 }}",
    "nested range loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "power": "{{ 2 ** 3000000000 }}",
    "doubling with ~": "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "doubling with +": "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "padding method": "{{ 'x'.center(3000000000) }}",
    "padding filter": "{{ 'x'|center(3000000000) }}",
    "format width": "{{ '{:>3000000000}'.format(1) }}",
    "format nested width": "{{ '{:{}}'.format(1, 3000000000) }}",
    "percent width": "{{ '%3000000000d' % 1 }}",
    "percent star width": "{{ '%*d' % (3000000000, 1) }}",
    "replace empty": S + "{{ s.replace('', s) }}",
    "replace filter": S + "{{ s|replace('', s) }}",
    "join many": S + "{{ (['x'] * 100000)|map('center', 999999)|join }}",
    "list of big strings": S + "{{ (['x'] * 100000)|map('center', 999999)|list|length }}",
    "batch fill": "{{ [1]|batch(3000000000, 'x')|list }}",
    "kept slices": S
    + "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}{% set ns.l = ns.l + [s[1:]] %}{% endfor %}",
    "aliased list printed": S + "{{ [s] * 1000000 }}",
    "aliased list as text": S + TEN + "{{ b|string }}",
    "aliased list joined": S + TEN + "{{ b ~ '' }}",
    "output": S + "{% for i in range(100000) %}{{ s }}{% endfor %}",
    "block set doubling": "{% set ns = namespace(x='x') %}{% for i in range(60) %}{% set ns.x %}{{ ns.x }}{{ ns.x }}{% endset %}{% endfor %}",
    "self-calling macro": "{% macro m() %}{{ m() }}{{ m() }}{% endmacro %}{{ m() }}",
    "lipsum": "{{ lipsum(3000000000) }}",
    "division by zero": "{{ 1 / 0 }}",
}


@pytest.mark.parametrize("payload", BOMBS.values(), ids=BOMBS.keys())
def test_runaway_templates_are_refused_in_chinese(tmp_path, payload):
    template = one_line_template(tmp_path / "模板.docx", payload)
    with pytest.raises(RenderError) as err:
        render_docx(template, {}, tmp_path / "out.docx")
    message = str(err.value)
    assert "模板「模板.docx」" in message and "Traceback" not in message
    assert not (tmp_path / "out.docx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["模板.docx"]


def test_limits_name_what_was_too_big(tmp_path):
    cases = {
        "{{ 'x' * 3000000000 }}": "字符串或列表过长",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}": "循环或调用次数超过上限",
        "{{ 2 ** 3000000000 }}": "数字过大",
        "{{ '%3000000000d' % 1 }}": "宽度过大",
    }
    for i, (payload, words) in enumerate(cases.items()):
        with pytest.raises(RenderError, match=words):
            render_docx(one_line_template(tmp_path / f"t{i}.docx", payload), {}, tmp_path / "out.docx")


def test_ordinary_template_features_still_work(tmp_path):
    payload = (
        "{% for r in rows %}{{ loop.index }}.{{ r ~ '！' }}{% if not loop.last %}、{% endif %}{% endfor %}"
        "|{{ '—' * 3 }}|{{ '%s-%s' % (1, 2) }}|{{ '、'.join(rows) }}|{{ rows|join('，') }}|{{ '{:>4}'.format('x') }}"
        "|{{ rows[::-1]|join }}|{{ '甲乙丙丁'[1:3] }}|{{ rows|length * 2 + 1 }}"
    )
    out = render_docx(one_line_template(tmp_path / "t.docx", payload), {"rows": ["甲", "乙"]}, tmp_path / "o.docx")
    import docx

    assert docx.Document(out).paragraphs[0].text == "1.甲！、2.乙！|———|1-2|甲、乙|甲，乙|   x|乙甲|乙丙|5"


def test_real_bulletin_is_far_below_the_bounds(tmp_path, monkeypatch):
    # A tenth of every bound still renders the bulletin: the limits leave a wide margin.
    for name in ("MAX_ITEMS", "MAX_BUILT", "MAX_STEPS", "MAX_OUTPUT"):
        monkeypatch.setattr(sandbox, name, getattr(sandbox, name) // 1000)
    render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")


# Work done per item inside one filter: `map` and `select` run a filter or a test for every item, with
# no loop in sight. Each run is a step; a tenth of a million of them would pass the old count unseen.
PER_ITEM = {
    "filter inside map": "{{ (['x'] * 5000)|map('upper')|map('lower')|list|length }}",
    "test inside select": "{{ (['x'] * 5000)|select('string')|list|length }}",
    "filter inside map, summing lists": "{% set r = range(10)|list %}{{ ([r] * 5000)|map('sum')|sum }}",
}


@pytest.mark.parametrize("payload", PER_ITEM.values(), ids=PER_ITEM.keys())
def test_every_callable_run_per_item_is_a_step(tmp_path, monkeypatch, payload):
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1000)
    with pytest.raises(RenderError, match="循环或调用次数超过上限"):
        render_docx(one_line_template(tmp_path / "t.docx", payload), {}, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("payload", ["{{ [1, 2]|map('string')|list }}", "{{ [1, 2]|select('odd')|list }}"])
def test_the_clock_is_read_by_filters_and_tests_without_loops(tmp_path, monkeypatch, payload):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)
    with pytest.raises(RenderError, match="渲染时间超过上限"):
        render_docx(one_line_template(tmp_path / "t.docx", payload), {}, tmp_path / "out.docx")


def test_time_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)  # already over at the first step: no clock race
    template = one_line_template(tmp_path / "t.docx", "{% for i in range(3) %}{{ i }}{% endfor %}")
    with pytest.raises(RenderError, match="渲染时间超过上限"):
        render_docx(template, {}, tmp_path / "out.docx")


BOMB_MEMORY = """
import resource, sys, pathlib
sys.path.insert(0, "tests")
from generators.word.render import RenderError, render_docx
from helpers import one_line_template
tmp = pathlib.Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    render_docx(one_line_template(tmp / "t.docx", sys.argv[2]), {}, tmp / "out.docx")
except RenderError:
    pass
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB on Linux")
@pytest.mark.parametrize("payload", [BOMBS["repeat"], BOMBS["aliased list as text"]], ids=["repeat", "aliased"])
def test_refusal_takes_no_memory(tmp_path, payload):
    run = subprocess.run(
        [sys.executable, "-c", BOMB_MEMORY, str(tmp_path), payload], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) < 64  # MiB more than loading the template stack took


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="address-space limit on Linux")
def test_memory_cap_turns_a_runaway_allocation_into_memory_error():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), sandbox.memory_cap(headroom=64 << 20):
        bytearray(1 << 30)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
