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

_BLANK = re.compile(r"(?<=\n)(?:[ \t\r]*\n)+")  # one or more blank lines; each chunk keeps its last newline
_STRINGS = r'(?:"[^\n]*"\n)*'            # continuation lines
_ENTRY = re.compile(rf"""
    (?:\#(?!~)[^\n]*\n)*                                # comments, flags, previous msgid (not "#~")
    (?:msgctxt\ "(?P<context>[^\n]*)"\n(?P<more>{_STRINGS}))?
    msgid\ "[^\n]*"\n{_STRINGS}
    (?:msgid_plural\ "[^\n]*"\n{_STRINGS})?
    (?:msgstr(?:\[\d+\])?\ "[^\n]*"\n{_STRINGS})+""", re.X)
_OBSOLETE = re.compile(r"(?:\#(?!~)[^\n]*\n)*\#~\ (?:msgctxt|msgid)\ [^\n]*\n(?:\#~[^\n]*\n)*", re.X)
_PIECE = re.compile(r'"([^\n]*)"\n')


def catalog_digests(data: bytes, group=lambda context: context) -> tuple:
    """(digest of what every document shares, {group(context): digest of its entries}); by default
    a group is one entry. Entries are hashed in file order: moving one is an edit too."""
    # surrogateescape keeps every byte distinct, whatever the catalog's charset
    text = data.decode("utf-8", "surrogateescape")
    found = chunks(text)
    if found is None:
        return _sha(text), {}
    shared, groups = [], {}
    for context, chunk in found:
        if context is None:
            shared.append(chunk)
        else:
            groups.setdefault(group(context), []).append(f"{context}\0{chunk}")
    return _sha("\0".join(shared)), {key: _sha("\0".join(texts)) for key, texts in groups.items()}


def chunks(text: str) -> list | None:
    """(context, chunk) for each blank-line-separated chunk: the context of a chunk that is one
    entry with a context, else None (the header, obsolete entries); None for the whole file when
    a chunk has a shape this module does not know."""
    out = []
    for chunk in _BLANK.split(text.strip("\n") + "\n"):
        if not chunk.strip():
            continue
        lines = chunk.replace("\r\n", "\n")  # Babel reads CRLF as LF; the digest keeps the chunk's own bytes
        entry = _ENTRY.fullmatch(lines)
        if entry:
            context = entry["context"]
            if context is not None and entry["more"]:
                context += "".join(_PIECE.findall(entry["more"]))
            out.append((context, chunk))
        elif _OBSOLETE.fullmatch(lines):  # a comment after it would reach the next entry: not matched
            out.append((None, chunk))
        else:
            return None
    return out


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _sha(text: str) -> str:
    return hashlib.sha256(_bytes(text)).hexdigest()
