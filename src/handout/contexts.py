"""How translation entries are named (their PO msgctxt), and which documents print each one.

The catalogs (i18n.py) write these names, localizing (localize.py) looks them up, and
incremental builds (incremental.py) use them to rebuild only the documents an edited entry
feeds. A light module (no Babel, no ReportLab), since every build plans with it.

    <block>|<audience>|text, ...|item3  the handout's paragraph and list items
    <block>|<audience>|step1, ...       the handout's numbered steps
    <block>|<audience>|heading          the sub-heading over a block in the handout
    <block>|<audience>|card             the wallet card's short text
    glossary|<term>|term, ...|definition "Words to know", printed in handouts only
    drug|*|generic_name, brand_name,    the drug's official names and how to say them, printed in
        pronunciation                   every document (a "-" pronunciation leaves the line out)
    <format>|<word>|<audience or *>     a layout's words (layout catalog)
    <format>|heading:<section>|<aud.>   a layout's section headings
"""
from __future__ import annotations

import re

LAYOUT_CATALOG = "layout"  # locales/<locale>/layout.po; every drug has its own catalog, <drug>.po
ALL_AUDIENCES = "*"
GLOSSARY = "glossary"
GLOSSARY_PARTS = ("term", "definition")
DRUG = "drug"
# The drug's names, per locale: the official name for readers of the language (or the one they
# meet on the label) and a respelling for saying it. What the translator is told about each.
DRUG_NAMES = {
    "generic_name": "The medicine's generic name (INN) as officially used for readers of this language; "
                    "name its source in a translator comment (e.g. the national drug regulator's "
                    "approved name). Keep the English spelling if there is no official one.",
    "brand_name": "The brand name as officially registered where readers of this language live; name its "
                  "source in a translator comment. Keep the English one if the product is sold under it.",
    "pronunciation": "How to say the generic name, respelled for readers of this language. Write a single "
                     "- (hyphen) to leave the line out: an English respelling misleads readers of "
                     "another language. An empty entry counts as missing, not as left out.",
}
# Sections written for doctors and nurses (the card's note to them): printed in the clinic's
# language too (clinic profile, language:), so emergency staff can read them whatever the patient's.
STAFF_SECTIONS = ("clinician-note",)
OMITTED = "-"  # a translation that says "leave this line out", so it is never mistaken for a missing one
_HANDOUT_FIELD = re.compile(r"heading|text|item\d+|step\d+")


def block_context(block_id: str, audience: str, field: str) -> str:
    return f"{block_id}|{audience}|{field}"


def glossary_context(term_id: str, part: str) -> str:
    return f"{GLOSSARY}|{term_id}|{part}"


def drug_context(name: str) -> str:
    return f"{DRUG}|{ALL_AUDIENCES}|{name}"


def drug_name_entries(drug) -> list[tuple]:
    """(context, English, translator notes) of the drug's names in its catalog; no pronunciation
    entry when drug.yaml has none."""
    out = []
    for name, note in DRUG_NAMES.items():
        english = getattr(drug, name)
        if english:
            source = f" (English: {drug.names_source})" if drug.names_source and name != "pronunciation" else ""
            out.append((drug_context(name), english, [note + source]))
    return out


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
    if first == DRUG and last in DRUG_NAMES:
        return None, None  # names print in every document
    wanted = field_format(last)
    return (None, None) if wanted is None else (aud, wanted)


def printed_in(catalog: str, context: str, audience: str, fmt: str) -> bool:
    """Whether the document (audience, format) can print the entry `context` of `catalog`."""
    return matches(printed_by(catalog, context), audience, fmt)


def matches(printers: tuple, audience: str, fmt: str) -> bool:
    aud, kind = printers
    return aud in (None, audience) and kind in (None, fmt)
