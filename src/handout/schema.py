"""A tiny schema checker for the YAML files people edit.

Each spec maps a key to (kind, required). Problems are collected with the file
and line of the key (or of the mapping, for a missing key), never raised one by one.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import math
import re

from handout.errors import Problems
from handout.yamlfile import Map, Seq

_NAMES = {
    "text": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "date": "a date written like 2026-11-22",
    "text-list": "a list of text items",
    "id-list": "a list of ids (lowercase words joined by '-')",
    "mapping": "a mapping (keys with values under them)",
    "list": "a list",
    "id": "an id (lowercase letters, digits and '-')",
    "url": "a web address starting with https://",
    "colour": "a colour written like \"#1F4E79\"",
    "any": "a value",
}

DATE_RANGE = (_dt.date(1900, 1, 1), _dt.date(2100, 12, 31))  # dates in content (sources, reviews)
ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _is_text(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _ok(kind: str, v) -> bool:
    if kind == "any":
        return v is not None
    if kind == "text":
        return _is_text(v)
    if kind == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    if kind == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if kind == "boolean":
        return isinstance(v, bool)
    if kind == "date":
        return isinstance(v, _dt.date) and not isinstance(v, _dt.datetime) and DATE_RANGE[0] <= v <= DATE_RANGE[1]
    if kind == "text-list":
        return isinstance(v, list) and len(v) > 0 and all(_is_text(x) for x in v)
    if kind == "id-list":
        return isinstance(v, list) and len(v) > 0 and all(isinstance(x, str) and ID.match(x) for x in v)
    if kind == "mapping":
        return isinstance(v, dict)
    if kind == "list":
        return isinstance(v, list)
    if kind == "id":
        return isinstance(v, str) and bool(ID.match(v))
    if kind == "url":
        return isinstance(v, str) and v.startswith(("https://", "http://")) and " " not in v
    if kind == "colour":
        return isinstance(v, str) and bool(COLOUR.match(v))
    raise ValueError(kind)


# Kinds whose values are text: an unquoted 02071234567, 1.10, 2026-01-01 or yes there is read by
# YAML as a number, date or boolean (and printed changed: 02071234567 is octal), so it is refused.
TEXT_KINDS = ("text", "id", "url", "colour", "text-list", "id-list")


def _read_as(value) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"a date ({value.isoformat()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    return "no text"


def unquoted(node, key) -> str | None:
    """If node[key] (or an item of it) is an unquoted value YAML did not read as text, the hint
    to quote it; else None."""
    raw = getattr(node, "raw", {})
    if key in raw and raw[key]:
        return (f"{key!r} is written {raw[key]} without quotes, which YAML reads as {_read_as(node[key])}, "
                f"not as text; put it in quotes: {key}: \"{raw[key]}\"")
    value = node.get(key) if isinstance(node, dict) else None
    items = getattr(value, "raw", {}) if isinstance(value, list) else {}
    for i, text in sorted(items.items()):
        if text:
            return (f"{key!r}: the item {text} is written without quotes, which YAML reads as "
                    f"{_read_as(value[i])}, not as text; put it in quotes: \"{text}\"")
    return None


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return "empty text" if not value.strip() else repr(value if len(value) < 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return repr(value)


def _found(kind: str, value) -> str:
    """What is wrong with a value of the wrong kind: for a list, the list or the first bad item."""
    if kind in ("text-list", "id-list") and isinstance(value, list):
        if not value:
            return "an empty list; name at least one"
        for item in value:
            if not _ok(kind, [item]):
                return f"the item {describe(item)}" + (" (not an id)" if kind == "id-list" and _is_text(item) else "")
    return describe(value)


def check(node, spec: dict, file, problems: Problems, what: str) -> bool:
    """Check one mapping against `spec`; add a problem for each mistake.

    True if every known field is present and valid, so the caller can go on to
    cross-checks; an unknown key is reported but does not stop that.
    """
    if not isinstance(node, Map):
        line = getattr(node, "line", 0)
        problems.add(file, line, f"{what} should be {_NAMES['mapping']}, found {describe(node)}")
        return False
    for key in node:
        if key not in spec:
            close = difflib.get_close_matches(str(key), list(spec), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            expected = ", ".join(sorted(spec))
            problems.add(file, node.line_of(key), f"{what}: unknown key {key!r}; {hint}expected one of: {expected}")
    before = len(problems.items)
    for key, (kind, required) in spec.items():
        if key not in node:
            if required:
                problems.add(file, node.line, f"{what}: missing {key!r} ({_NAMES[kind]})")
            continue
        if not _ok(kind, node[key]):
            hint = unquoted(node, key) if kind in TEXT_KINDS else None
            if kind == "date" and isinstance(node[key], _dt.date):
                hint = (f"{key!r} {node[key].isoformat()} is outside the dates handout takes "
                        f"({DATE_RANGE[0].year} to {DATE_RANGE[1].year}); check the year")
            problems.add(file, node.line_of(key),
                         f"{what}: {hint}" if hint else
                         f"{what}: {key!r} should be {_NAMES[kind]}, found {_found(kind, node[key])}")
    return len(problems.items) == before


def line_of(node, key) -> int:
    if isinstance(node, (Map, Seq)):
        return node.line_of(key)
    return 0
