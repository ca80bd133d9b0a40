"""The layout's short text templates ("What is {{ brand }}?"), in a locked-down Jinja.

Templates come from layout files a clinic may edit, so they run in an immutable
sandbox with StrictUndefined. Autoescaping is off on purpose: a template renders
plain text, and markup.paragraph() escapes all plain text in one place before it
reaches ReportLab (escaping here too would print "&amp;").
"""
from __future__ import annotations

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


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
