"""Safe YAML loading that remembers where every key and list item came from.

PyYAML's plain dicts forget line numbers and silently keep the last of two
duplicate keys; content editors need both reported with the line.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from handout.errors import InputError, Problem

# Limits on what a file people edit may hold (README, "Limits"): far above any real handout, low
# enough that a mistaken or hostile file is refused at once instead of hanging the build.
MAX_FILE_BYTES = 2_000_000     # one YAML file
MAX_TEXT_CHARS = 20_000        # one text value
MAX_DEPTH = 24                 # mappings and lists inside each other


class Map(dict):
    """A YAML mapping; `line` is where it starts, `lines[key]` where each key is. `raw[key]` keeps
    the text as written of an unquoted value YAML read as something other than text (a number,
    date, true/false), so a text field can say what to quote."""

    line = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lines: dict = {}
        self.raw: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class Seq(list):
    """A YAML sequence; `lines[i]` is the line of item i."""

    line = 0

    def __init__(self, *a):
        super().__init__(*a)
        self.lines: list[int] = []
        self.raw: dict = {}  # item index -> text as written, as Map.raw

    def line_of(self, i: int) -> int:
        return self.lines[i] if 0 <= i < len(self.lines) else self.line


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


# libyaml's parser when PyYAML has it (ten times faster on a large library); same safe constructors.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _raw(node) -> str | None:
    """The text as written of a plain (unquoted) scalar that YAML does not read as text."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag != "tag:yaml.org,2002:str":
        return node.value
    return None


class _Deep(yaml.MarkedYAMLError):
    pass


def _enter(loader, node) -> None:
    loader.depth = getattr(loader, "depth", 0) + 1
    if loader.depth > MAX_DEPTH:
        raise _Deep(None, None, f"mappings and lists are nested more than {MAX_DEPTH} deep; "
                                "no handout file needs that many levels", node.start_mark)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Map:
    _enter(loader, node)
    try:
        return _mapping_body(loader, node)
    finally:
        loader.depth -= 1


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    _enter(loader, node)
    try:
        return _sequence_body(loader, node)
    finally:
        loader.depth -= 1


def _mapping_body(loader: _Loader, node: yaml.MappingNode) -> Map:
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
        raw = _raw(value_node)
        if raw is not None:
            out.raw[key] = raw
    return out


def _sequence_body(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    out = Seq()
    out.line = node.start_mark.line + 1
    for item in node.value:
        raw = _raw(item)
        if raw is not None:
            out.raw[len(out)] = raw
        out.append(loader.construct_object(item, deep=True))
        out.lines.append(item.start_mark.line + 1)
    return out


class _BadValue(yaml.MarkedYAMLError):
    pass


def _checked(constructor, what: str):
    """A scalar constructor that turns an impossible value (2026-02-30) into a marked error."""
    def construct(loader, node):
        try:
            return constructor(loader, node)
        except (ValueError, OverflowError) as exc:
            raise _BadValue(None, None, f"{node.value!r} is not a possible {what} ({exc}); correct it, or put it "
                                        "in quotes if it is meant as text", node.start_mark) from None
    return construct


def _text(loader, node):
    if len(node.value) > MAX_TEXT_CHARS:
        raise _BadValue(None, None, f"this text is {len(node.value):,} characters long; the limit is "
                                    f"{MAX_TEXT_CHARS:,} for one value: split it or shorten it", node.start_mark)
    return loader.construct_yaml_str(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp",
                        _checked(yaml.constructor.SafeConstructor.construct_yaml_timestamp, "date"))
_Loader.add_constructor("tag:yaml.org,2002:int", _checked(yaml.constructor.SafeConstructor.construct_yaml_int, "number"))
_Loader.add_constructor("tag:yaml.org,2002:float",
                        _checked(yaml.constructor.SafeConstructor.construct_yaml_float, "number"))


def _syntax_hint(exc: yaml.YAMLError, line_text: str) -> str:
    text = str(getattr(exc, "problem", None) or exc)
    if "\t" in line_text or "'\\t'" in text:
        return "a tab character is not allowed here; indent with spaces"
    if isinstance(exc, (_DuplicateKey, _BadValue, _Deep)):
        return text
    context = getattr(exc, "context", None)
    detail = f"{text} ({context})" if context else text
    return f"this is not valid YAML: {detail}; check indentation and quoting (text with ': ' or '#' needs quotes)"


def read_bytes(path: Path, shown, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, only if it is a regular file within the size limit: a FIFO or a device
    (/dev/zero) would hang the build, a huge file exhaust memory."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, device or socket)"
            raise InputError([Problem(shown, 0, f"this is {kind}; give the path of a saved file")])
        if info.st_size > limit:
            raise InputError([Problem(shown, 0, f"the file is {info.st_size:,} bytes; the limit is {limit:,} "
                                                "(is it the right file?)")])
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError([Problem(shown, 0, "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, 0, f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(data) > limit:
        raise InputError([Problem(shown, 0, f"the file is more than {limit:,} bytes, the limit")])
    return data


def load(path: Path, *, shown_as: str | Path | None = None):
    """Parse one YAML file safely; a syntax error becomes an InputError with file and line."""
    shown = shown_as or path
    data = read_bytes(path, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(shown, line, "the file is not UTF-8 text; save it as UTF-8")]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        lines = text.splitlines()
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        if isinstance(exc, yaml.reader.ReaderError):  # a control character: its line, and which one
            line = text[: exc.position].count("\n") + 1
            raise InputError([Problem(shown, line, f"this line holds a control character (U+{exc.character:04X}), "
                                                   "which YAML does not allow; delete it (it often comes from "
                                                   "copy and paste or a damaged file)")]) from None
        raise InputError([Problem(shown, line, _syntax_hint(exc, line_text))]) from None
