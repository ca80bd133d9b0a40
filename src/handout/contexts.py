"""How translation entries are named (their PO msgctxt), and which documents print each one.

The catalogs (i18n.py) write these names, localizing (localize.py) looks them up, and
incremental builds (incremental.py) use them to rebuild only the documents an edited entry
feeds. A light module (no Babel, no ReportLab), since every build plans with it.

    <block>|<audience>|text, ...|item3  the handout's paragraph and list items
    <block>|<audience>|step1, ...       the handout's numbered steps
    <block>|<audience>|card             the wallet card's short text
    glossary|<term>|term, ...|definition "Words to know", printed in handouts only
    <format>|<word>|<audience or *>     a layout's words (layout catalog)
    <format>|heading:<section>|<aud.>   a layout's section headings
"""
from __future__ import annotations

import re

LAYOUT_CATALOG = "layout"  # locales/<locale>/layout.po; every drug has its own catalog, <drug>.po
ALL_AUDIENCES = "*"
GLOSSARY = "glossary"
GLOSSARY_PARTS = ("term", "definition")
_HANDOUT_FIELD = re.compile(r"text|item\d+|step\d+")


def block_context(block_id: str, audience: str, field: str) -> str:
    return f"{block_id}|{audience}|{field}"


def glossary_context(term_id: str, part: str) -> str:
    return f"{GLOSSARY}|{term_id}|{part}"


def layout_context(fmt: str, name: str, audience: str) -> str:
    return f"{fmt}|{name}|{audience}"


def heading_name(section_id: str) -> str:
    return f"heading:{section_id}"


def field_format(field: str) -> str | None:
    """The format that prints a block's field: "card" for the card text, "handout" for the rest."""
    if field == "card":
        return "card"
    return "handout" if _HANDOUT_FIELD.fullmatch(field) else None


def printed_by(catalog: str, context: str) -> tuple:
    """(audience, format) of the documents that can print the entry `context` of `catalog`; None
    stands for any. A name of an unknown shape counts for every document: rebuilding too much is
    safe."""
    parts = context.split("|")
    if len(parts) != 3:
        return None, None
    if catalog == LAYOUT_CATALOG:
        kind, _, aud = parts
        return (None if aud == ALL_AUDIENCES else aud), kind
    first, aud, last = parts
    if first == GLOSSARY and last in GLOSSARY_PARTS:
        return None, "handout"
    wanted = field_format(last)
    return (None, None) if wanted is None else (aud, wanted)


def printed_in(catalog: str, context: str, audience: str, fmt: str) -> bool:
    """Whether the document (audience, format) can print the entry `context` of `catalog`."""
    return matches(printed_by(catalog, context), audience, fmt)


def matches(printers: tuple, audience: str, fmt: str) -> bool:
    aud, kind = printers
    return aud in (None, audience) and kind in (None, fmt)
