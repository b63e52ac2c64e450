"""The template sandbox: jinja2's immutable sandbox, with bounds on size, steps and time.

Templates may come from the user (`--template`). jinja2's sandbox keeps them away from Python's
internals but not from exhausting the machine: `{{ 'x' * 3000000000 }}` asks for 3 GB, and nested
`range` loops run for hours. Here every way a template can build something big or spin is bounded
and refused with a Chinese message, the big things *before* their memory is taken:

- one string or list built by the template (`*`, `+`, `~`, `%`, padding and replacing methods and
  filters, slices) holds at most MAX_ITEMS characters or items; a number at most MAX_INT_BITS bits;
- everything the template builds for one document adds up to at most MAX_BUILT;
- every loop iteration and every callable run (a call, a filter, a test, also those that `map`, `select`
  and their kind run once per item) is a step: at most MAX_STEPS per document, and each step reads the
  clock, so no document renders for longer than MAX_SECONDS;
- the text of one rendered part (the document body, a header, a macro's output) is at most
  MAX_OUTPUT characters, and so is a list written out with `{{ }}` (one list may hold another many times).

`memory_cap()` adds a ceiling on the process's address space while rendering (Linux), for whatever
these checks did not foresee.

Real templates stay far below: the sample bulletin takes 236 steps and builds 77 thousand characters.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time

from jinja2 import nodes
from jinja2.exceptions import TemplateRuntimeError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context
from jinja2.visitor import NodeTransformer

MAX_ITEMS = 1_000_000  # characters of one string, items of one list
MAX_BUILT = 100_000_000  # characters and items built in all, per document
MAX_INT_BITS = 100_000  # about 30,000 decimal digits
MAX_STEPS = 1_000_000  # loop iterations and calls per document
MAX_SECONDS = 120.0  # per document
MAX_OUTPUT = 50_000_000  # characters of one rendered part (2,800 counties: about 15 million)
MEMORY_HEADROOM = 1 << 30  # bytes of address space a render may add (2,800 counties use about 200 MB)

_LOOP = "gongwen_loop_budget"
_CONCAT = "gongwen_concat"
_SLICE = "gongwen_slice"
_SEQUENCES = (str, bytes, list, tuple)
_GROWING_FILTERS = {"center", "batch", "slice", "wordwrap", "truncate", "indent"}
# Filters that turn their value into text: a list given to them must be printable.
_TEXT_FILTERS = {
    *("string", "tojson", "pprint", "format", "safe", "e", "escape", "forceescape", "urlize", "urlencode"),
    *("wordcount", "title", "upper", "lower", "capitalize", "trim", "striptags", "xmlattr", "replace"),
    *("truncate", "wordwrap", "center", "indent"),
}

# A width or precision of seven digits or more, a `*` width, or a nested `{}` inside a format spec.
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d{7,}|\d*\.(?:\*|\d{7,}))")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*(?:\d{7,}|\{)")


class TemplateLimitError(TemplateRuntimeError):
    """A template asked for more than the bounds allow; the message is Chinese, for the user."""


def _fits(size: int) -> None:
    """Refuse one string or list of `size` characters or items, before it is built."""
    if size > MAX_ITEMS:
        raise TemplateLimitError(f"模板要生成的字符串或列表过长（约 {size:,} 个字符或元素，上限 {MAX_ITEMS:,}）")


def _int_fits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimitError(f"模板要计算的数字过大（约 {bits:,} 位二进制，上限 {MAX_INT_BITS:,}）")


def _format_fits(fmt) -> None:
    if isinstance(fmt, str) and (_PERCENT_WIDTH.search(fmt) or _BRACE_WIDTH.search(fmt)):
        raise TemplateLimitError("模板的格式化写法要求的宽度过大")


def _weight(value, limit: int) -> int:
    """Roughly how many characters str(value) has, counting no further than just past `limit`."""
    total, stack = 0, [value]
    while stack and total <= limit:
        x = stack.pop()
        if isinstance(x, (str, bytes)):
            total += len(x)
        elif isinstance(x, (list, tuple, set, frozenset, dict)):
            total += 2 + 2 * len(x)
            if total <= limit:
                stack.extend(x.items() if isinstance(x, dict) else x)
        else:
            total += 8
    return total


def _finalize(value):
    """Every `{{ }}` value passes here before it is written: a list written out must stay printable."""
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        weight = _weight(value, MAX_OUTPUT)
        if weight > MAX_OUTPUT:
            raise TemplateLimitError(f"模板要输出的列表过长（超过 {MAX_OUTPUT:,} 个字符）")
    return value


def _binop_fits(op: str, left, right) -> None:
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                _fits(len(seq) * max(times, 0))
        if isinstance(left, int) and isinstance(right, int):
            _int_fits(left.bit_length() + right.bit_length())
    elif op == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        _fits(len(left) + len(right))
    elif op == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        _int_fits(left.bit_length() * right)
    elif op == "%" and isinstance(left, str):
        _format_fits(left)
        _fits(len(left) + _weight(right, MAX_ITEMS))


def _replaced_size(s, old, new, count=-1) -> int:
    if not isinstance(old, type(s)) or not isinstance(new, type(s)):
        return len(s)
    hits = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(s) + hits * (len(new) - len(old))


def _collect(items, separator="") -> list:
    """`items` as a list, refused as soon as joining them would be too long (an iterator is consumed)."""
    kept, size = [], 0
    for item in items:
        size += _weight(item, MAX_ITEMS) + len(separator)
        _fits(size)
        kept.append(item)
    return kept


def _method_args(text, name: str, args: tuple, kwargs: dict) -> tuple:
    """Check a call of a str/bytes method that can grow its text; the args to call it with."""
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _fits(args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _fits(len(text) * max(size, 1))
    elif name == "replace" and len(args) >= 2:
        _fits(_replaced_size(text, *args[:3]))
    elif name == "join" and args:
        args = (_collect(args[0], text), *args[1:])
    elif name in ("format", "format_map"):
        _format_fits(text)
        _fits(len(text) + _weight([args, kwargs], MAX_ITEMS))
    return args


class _Budget:
    """What one document's rendering may still spend."""

    def __init__(self, steps: int, seconds: float):
        self.steps = steps
        self.built = 0
        self.deadline = time.monotonic() + seconds

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise TemplateLimitError(f"模板中的循环或调用次数超过上限（{MAX_STEPS:,} 次）")
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"模板渲染时间超过上限（{MAX_SECONDS:g} 秒）")

    def made(self, value):
        """Count what was just built; return it."""
        if isinstance(value, _SEQUENCES):
            self.built += len(value)
            if self.built > MAX_BUILT:
                raise TemplateLimitError(f"模板生成的内容总量过大（超过 {MAX_BUILT:,} 个字符或元素）")
        return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The environment every template renders in; one instance per document (it holds the budget)."""

    intercepted_binops = frozenset(["*", "+", "**", "%"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = _Budget(MAX_STEPS, MAX_SECONDS)
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: no use in an official document
        self.filters = {name: self._bounded_filter(name, f) for name, f in self.filters.items()}
        # `select('odd')` runs a test per item inside one filter: each run is a step like any call.
        self.tests = {name: self._counted(t) for name, t in self.tests.items()}
        self.filters[_LOOP] = self._loop
        self.filters[_CONCAT] = self._concat
        self.filters[_SLICE] = self._slice
        self.finalize = _finalize
        self.concat = self._bounded_concat  # type: ignore[method-assign]  # Jinja joins every rendered part with it

    # --- the template's compiled code calls these -------------------------------------------------

    def call_binop(self, context, operator, left, right):
        _binop_fits(operator, left, right)
        return self.budget.made(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (jinja2's own signature)
        __self.budget.step()
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(target, "__self__", None)
        if isinstance(owner, (str, bytes)):
            args = _method_args(owner, getattr(target, "__name__", ""), args, kwargs)
        return __self.budget.made(super().call(__context, __obj, *args, **kwargs))

    def getitem(self, obj, argument):
        if isinstance(argument, slice) and isinstance(obj, _SEQUENCES):
            return self.budget.made(super().getitem(obj, argument))
        return super().getitem(obj, argument)

    def _bounded_filter(self, name: str, func):
        """`func` (a jinja2 filter) with its arguments checked before it runs and its result counted."""
        first = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # context, eval context or env
        budget = self.budget

        def bounded(*args, **kwargs):
            budget.step()  # `map('sum')` over a million lists runs this once per item, loops or not
            if len(args) > first:
                args = (*args[:first], *_filter_args(name, args[first], args[first + 1 :], kwargs))
            return budget.made(func(*args, **kwargs))

        return _like(bounded, func)

    def _counted(self, func):
        """`func` (a jinja2 test) counted as a step each time it runs."""
        budget = self.budget

        def counted(*args, **kwargs):
            budget.step()
            return func(*args, **kwargs)

        return _like(counted, func)

    @pass_context
    def _loop(self, context, iterable):
        for item in iterable:
            self.budget.step()
            yield item

    @pass_context
    def _slice(self, context, value, start, stop, step):
        return self.budget.made(value[start:stop:step])

    @pass_context
    def _concat(self, context, items):
        for x in items:
            if not isinstance(x, str):
                _fits(_weight(x, MAX_ITEMS))
        parts = [x if hasattr(x, "__html__") else str(x) for x in items]
        _fits(sum(map(len, parts)))
        return self.budget.made((markup_join if context.eval_ctx.autoescape else str_join)(parts))

    def _bounded_concat(self, pieces) -> str:
        kept, size = [], 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_OUTPUT:,} 个字符）")
            kept.append(piece)
        return self.budget.made("".join(kept))

    # --- every loop and `~` is routed through the budget ----------------------------------------

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        key = (source, name, filename, defer_init) if isinstance(source, str) and not raw else None
        if key is not None and key in _COMPILED:  # a batch of letters compiles the same parts once
            return _COMPILED[key]
        if isinstance(source, str):
            source = self.parse(source, name, filename)
            _route_through_budget(source)
        code = super().compile(source, name, filename, raw, defer_init)
        if key is not None:
            if len(_COMPILED) >= COMPILED_KEPT:
                _COMPILED.pop(next(iter(_COMPILED)))
            _COMPILED[key] = code
        return code


# Compiled template code by source. The code takes its environment (and so its budget) as an argument
# when it runs, so one compilation serves every document of a batch, each counted on its own budget.
_COMPILED: dict[tuple, object] = {}
COMPILED_KEPT = 64


def _like(wrapper, func):
    """`wrapper` passed what jinja2 reads off `func` (which context it wants, its name)."""
    for attr in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attr):
            setattr(wrapper, attr, getattr(func, attr))
    return wrapper


def _filter_args(name: str, value, rest: tuple, kwargs: dict) -> tuple:
    """Check a filter's arguments; the value and arguments to call it with."""
    if name in _TEXT_FILTERS and not isinstance(value, str):
        _fits(_weight(value, MAX_ITEMS))
    if name in _GROWING_FILTERS:
        for n in (*rest, *kwargs.values()):
            if isinstance(n, int) and not isinstance(n, bool):
                _fits(n)
    if name == "replace" and isinstance(value, str) and len(rest) >= 2:
        _fits(_replaced_size(value, *rest[:3]))
    elif name == "join" and not isinstance(value, str):
        separator = rest[0] if rest and isinstance(rest[0], str) else kwargs.get("d", "")
        value = _collect(value, separator if isinstance(separator, str) else "")
    elif name == "indent" and isinstance(value, str):
        width = rest[0] if rest else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        _fits(len(value) + (value.count("\n") + 1) * pad)
    elif name == "wordwrap" and isinstance(value, str):
        wrap = kwargs.get("wrapstring", rest[2] if len(rest) > 2 else None)
        if isinstance(wrap, str):
            _fits(len(value) * (len(wrap) + 1))
    elif name == "format" and isinstance(value, str):
        _format_fits(value)
    return (value, *rest)


def _route_through_budget(tree: nodes.Template) -> None:
    """`for x in seq` becomes `for x in seq|gongwen_loop_budget`, `a ~ b` becomes `[a, b]|gongwen_concat`
    and `s[i:j]` becomes `s|gongwen_slice(i, j, None)`, so that each is counted."""
    _Counted().visit(tree)


class _Counted(NodeTransformer):
    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _filter(node.iter, _LOOP)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT)

    def visit_Getitem(self, node: nodes.Getitem) -> nodes.Node:
        self.generic_visit(node)
        if not isinstance(node.arg, nodes.Slice):
            return node
        bounds = [nodes.Const(None) if b is None else b for b in (node.arg.start, node.arg.stop, node.arg.step)]
        return _filter(node.node, _SLICE, bounds)


def _filter(node: nodes.Node, name: str, args: list | None = None) -> nodes.Filter:
    return nodes.Filter(node, name, args or [], [], None, None, lineno=node.lineno)


@contextlib.contextmanager
def memory_cap(headroom: int = MEMORY_HEADROOM):
    """Within this block the process may take at most `headroom` more bytes of address space (Linux).

    Past it an allocation fails with MemoryError instead of swapping the machine to a halt.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    import resource

    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError):
        yield
        return
    cap = current + headroom
    if (soft != resource.RLIM_INFINITY and soft <= cap) or (hard != resource.RLIM_INFINITY and hard < cap):
        yield  # already tighter than ours
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
