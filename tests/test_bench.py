"""The benchmark's floor is prepared from the kinds as they are, so a change to a kind cannot leave it broken."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("kind", ["bulletin", "summary", "workplan"])
def test_the_bare_stack_context_is_the_kinds_context(kind, tmp_path):
    spec = importlib.util.spec_from_file_location("bare_stack", ROOT / "bench" / "bare_stack.py")
    assert spec and spec.loader
    bare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bare)
    bare.prepare(tmp_path / "context.json", kind)
    context = json.loads((tmp_path / "context.json").read_text(encoding="utf-8"))
    assert context["__template__"] == kind and context["head"]["title"]
    charts = json.dumps(context).count('"__chart__"')
    if kind == "workplan":
        assert charts == 0  # the plan draws nothing
    else:
        assert charts >= 2  # the floor draws as many charts as the kind
