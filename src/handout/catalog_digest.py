"""Digests of a PO catalog entry by entry, for incremental builds, without Babel (a no-op build
must stay fast even for hundreds of catalogs).

A digest may be charged to one entry only when that entry's text cannot reach any other entry
as Babel reads the file. Babel ignores blank lines and leading whitespace: a continuation line,
a "#~" line or a flag comment after a blank line still belongs to the entry before or after it.
So every blank-line-separated chunk must have the exact shape Babel writes: comments (not "#~"),
then msgctxt, msgid, [msgid_plural], msgstr lines, each with its continuation strings, all from
the first column and nothing after; or be the header, or an obsolete entry that starts with its
own "#~ msgctxt" or "#~ msgid". If any chunk has another shape, the whole file counts as shared:
every document that uses the catalog depends on all of it, which is slower, never wrong.
"""
from __future__ import annotations

import hashlib
import re

_BLANK = re.compile(r"\n(?:[ \t\r]*\n)+")  # one or more blank lines
_COMMENT = re.compile(r"#(?!~)")
_OBSOLETE_START = re.compile(r"#~ (msgctxt|msgid) ")
_FIELD = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "')
_CONTEXT = re.compile(r'msgctxt "(.*)"$')
_STRING = re.compile(r'"(.*)"$')


def catalog_digests(data: bytes) -> tuple:
    """(digest of what every document shares, {context: digest of its entry})."""
    # surrogateescape keeps every byte distinct, whatever the catalog's charset
    text = data.decode("utf-8", "surrogateescape")
    found = chunks(text)
    if found is None:
        return _sha(text), {}
    shared, entries = hashlib.sha256(), {}
    for context, chunk in found:
        if context is None:
            shared.update(_bytes(chunk) + b"\0")
        else:
            entries[context] = _sha(entries.get(context, "") + "\0" + chunk)
    return shared.hexdigest(), entries


def chunks(text: str) -> list | None:
    """(context, chunk) for each blank-line-separated chunk: the context of a chunk that is one
    entry with a context, else None (the header, obsolete entries); None for the whole file when
    a chunk has a shape this module does not know."""
    out = []
    for chunk in _BLANK.split(text.strip("\n")):
        if not chunk.strip():
            continue
        shape = _shape(chunk.split("\n"))
        if shape is None:
            return None
        out.append((shape[1], chunk))
    return out


def _shape(lines: list) -> tuple | None:
    """("entry", context or None) or ("obsolete", None) for a chunk of a known shape, else None."""
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    i = 0
    while i < len(lines) and _COMMENT.match(lines[i]):
        i += 1
    if i < len(lines) and _OBSOLETE_START.match(lines[i]):  # a comment after it would reach the next entry
        return ("obsolete", None) if all(line.startswith("#~") for line in lines[i:]) else None
    fields = []
    while i < len(lines):
        found = _FIELD.match(lines[i])
        if not found or not _STRING.match(lines[i][len(found.group(1)) + 1:]):
            return None
        name, value = found.group(1), [_STRING.match(lines[i][len(found.group(1)) + 1:]).group(1)]
        i += 1
        while i < len(lines) and lines[i].startswith('"'):
            more = _STRING.match(lines[i])
            if not more:
                return None
            value.append(more.group(1))
            i += 1
        fields.append((name.split("[")[0], "".join(value)))
    names = [name for name, _ in fields]
    if names and names[0] == "msgctxt":
        context, names = fields[0][1], names[1:]
    else:
        context = None
    if not names or names[0] != "msgid" or "msgstr" not in names or "msgctxt" in names \
            or names.count("msgid") != 1 or names[-1] != "msgstr":
        return None
    return "entry", context


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _sha(text: str) -> str:
    return hashlib.sha256(_bytes(text)).hexdigest()
