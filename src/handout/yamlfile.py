"""Safe YAML loading that remembers where every key and list item came from.

PyYAML's plain dicts forget line numbers and silently keep the last of two
duplicate keys; content editors need both reported with the line.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from handout.errors import InputError, Problem


class Map(dict):
    """A YAML mapping; `line` is where it starts, `lines[key]` where each key is."""

    line = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class Seq(list):
    """A YAML sequence; `lines[i]` is the line of item i."""

    line = 0

    def __init__(self, *a):
        super().__init__(*a)
        self.lines: list[int] = []

    def line_of(self, i: int) -> int:
        return self.lines[i] if 0 <= i < len(self.lines) else self.line


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


# libyaml's parser when PyYAML has it (ten times faster on a large library); same safe constructors.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    out = Map()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _DuplicateKey(None, None, "a key must be a plain word, not a list or mapping", key_node.start_mark)
        if key in out:
            raise _DuplicateKey(
                None, None,
                f"the key {key!r} appears twice in the same mapping (first on line {out.lines[key]}); keep one",
                key_node.start_mark,
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    out = Seq()
    out.line = node.start_mark.line + 1
    for item in node.value:
        out.append(loader.construct_object(item, deep=True))
        out.lines.append(item.start_mark.line + 1)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _syntax_hint(exc: yaml.YAMLError, line_text: str) -> str:
    text = str(getattr(exc, "problem", None) or exc)
    if "\t" in line_text or "'\\t'" in text:
        return "a tab character is not allowed here; indent with spaces"
    if isinstance(exc, _DuplicateKey):
        return text
    context = getattr(exc, "context", None)
    detail = f"{text} ({context})" if context else text
    return f"this is not valid YAML: {detail}; check indentation and quoting (text with ': ' or '#' needs quotes)"


def load(path: Path, *, shown_as: str | Path | None = None):
    """Parse one YAML file safely; a syntax error becomes an InputError with file and line."""
    shown = shown_as or path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(shown, 0, "file not found")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError([Problem(shown, line, "the file is not UTF-8 text; save it as UTF-8")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, 0, f"cannot read the file: {exc.strerror}")]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        lines = text.splitlines()
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        raise InputError([Problem(shown, line, _syntax_hint(exc, line_text))]) from None
