"""The layout's short text templates ("What is {{ brand }}?"), in a locked-down Jinja.

Templates come from layout files a clinic may edit, so they run in an immutable
sandbox with StrictUndefined. Autoescaping is off on purpose: a template renders
plain text, and markup.paragraph() escapes all plain text in one place before it
reaches ReportLab (escaping here too would print "&amp;").
"""
from __future__ import annotations

import re
from collections import Counter

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_TEMPLATE_NUMBER = 10_000  # no layout word needs more; 'x' * 10**10 or .center(10**10) would exhaust memory


class _Bounded(ImmutableSandboxedEnvironment):
    """The sandbox, with no operation that could make a huge string or number: a layout word is
    a line of text, so a template may not multiply, raise to a power or call with big numbers."""

    intercepted_binops = frozenset(["*", "**", "//", "%"])

    def call_binop(self, context, operator, left, right):
        for value in (left, right):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_TEMPLATE_NUMBER:
                raise SecurityError(f"numbers above {MAX_TEMPLATE_NUMBER} are not allowed in a layout word")
        if operator == "**" and isinstance(right, (int, float)) and right > 8:
            raise SecurityError("powers above 8 are not allowed in a layout word")
        if operator == "*" and (isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))):
            raise SecurityError("repeating text with * is not allowed in a layout word")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        for value in (*args, *kwargs.values()):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_TEMPLATE_NUMBER:
                raise SecurityError(f"numbers above {MAX_TEMPLATE_NUMBER} are not allowed in a layout word")
        return super().call(__context, __obj, *args, **kwargs)


_ENV = _Bounded(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


class TemplateProblem(Exception):
    """A template that does not compile or render; the caller adds file and line."""


class _Plain:
    """A template with nothing to fill in renders as itself, less one trailing newline as Jinja
    does (keep_trailing_newline=False): most layout words, and compiling each through Jinja
    would cost about half a millisecond."""

    def __init__(self, source: str):
        self.text = source[:-1] if source.endswith("\n") else source

    def render(self, **values) -> str:
        return self.text


def compile_text(source: str):
    if "{" not in source and "\r" not in source:  # no Jinja syntax; Jinja would also rewrite \r\n
        return _Plain(source)
    try:
        return _ENV.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"template error: {exc.message}") from None


def render(template, **values) -> str:
    try:
        return template.render(**values)
    except TemplateError as exc:
        known = ", ".join(sorted(values))
        raise TemplateProblem(f"template error: {exc}; the values you can use are: {known}") from None


# Every spelling of Jinja syntax: expressions, statements and comments, with or without
# whitespace control ("{%-"), over several lines; and the delimiters on their own.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DELIMITER = re.compile(r"\{[{%#]|[}%#]\}")


def tags(text: str) -> list[str]:
    return _TAG.findall(text)


def translation_syntax_problem(english: str, translated: str) -> str | None:
    """Translations are data, never code: the only template syntax a translation may hold is the
    English's own tags, each copied exactly ("{{ brand }}"), as many times as in the English,
    statements ({% if %}) in the English's order. Anything else that Jinja would read ("{# ... #}",
    "{{ 7*7 }}", an expression split over lines, a lone "{{") is refused; None when it is fine."""
    own = tags(english)
    found = tags(translated)
    foreign = [t for t in found if t not in own]
    if foreign:
        shown = foreign[0] if len(foreign[0]) <= 40 else foreign[0][:37] + "..."
        return (f"contains template code {shown!r} that is not in the English; a translation may only copy "
                f"the English's placeholders exactly ({', '.join(dict.fromkeys(own)) or 'there are none'})")
    rest = _TAG.sub(" ", translated)
    stray = _DELIMITER.search(rest)
    if stray:
        return (f"contains {stray.group(0)!r}, which starts or ends template code; translations are plain text: "
                "remove it")
    if Counter(found) != Counter(own):
        return (f"the placeholders differ from the English ({' '.join(own) or 'none'} in the English, "
                f"{' '.join(found) or 'none'} here); keep each one exactly, once for each time the English has it")
    if [t for t in found if t.startswith("{%")] != [t for t in own if t.startswith("{%")]:
        return "the {% ... %} parts are in another order than in the English; keep their order"
    if found != own:  # "Página {{ pages }} de {{ page }}" would print "Página 13 de 1"
        return (f"the placeholders are in another order than in the English ({' '.join(own)}); keep their "
                "order, as for numbers: two swapped placeholders print each other's values")
    return None
