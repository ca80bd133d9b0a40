"""Glossaries in the order readers of the language expect, read from the built handouts
(issue 17, item 5): Spanish alphabetical ignoring accents, Chinese by pinyin; the separator
between term and definition is the layout word, "：" in Chinese."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT
from pypinyin import Style, lazy_pinyin
from test_line_breaking import lines, text

from handout.collation import sort_key


def _word(locale: str, name: str, english: str) -> str:
    if locale == "en":
        return english
    with open(ROOT / "locales" / locale / "layout.po", "rb") as f:
        for m in read_po(f):
            if m.context == f"handout|{name}|*":
                return m.string or english
    return english


def glossary(path: Path, locale: str) -> list[tuple[str, str]]:
    """(term, what follows it) for each entry: the bold run that starts a line under the
    glossary's heading, up to the sources' heading."""
    heading, end = _word(locale, "glossary_heading", "Words to know"), _word(locale, "sources_heading", "Sources")
    entries, inside = [], False
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for line in lines(page):
                t = text(line).strip()
                if t == heading:
                    inside = True
                elif t == end:
                    inside = False
                elif inside and "Bold" in line[0]["fontname"] and line[0]["size"] < 14:
                    n = next((i for i, c in enumerate(line) if "Bold" not in c["fontname"]), len(line))
                    entries.append((text(line[:n]).strip(), text(line[n:n + 2])))
    return entries


def _handout(built, locale: str, audience: str = "adult") -> Path:
    path = built["out"] / "blinatumomab" / locale / f"{audience}-handout-letter.pdf"
    assert path.exists(), f"no {locale} handout was built"
    return path


def _unaccented(t: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", t.replace("ñ", "n~")) if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize("audience", ["adult", "pediatric"])
def test_spanish_glossary_is_alphabetical_ignoring_accents(built, audience):
    terms = [t for t, _ in glossary(_handout(built, "es", audience), "es")]
    assert len(terms) >= 8
    assert terms == sorted(terms, key=_unaccented)
    if "Células T" in terms and "Convulsión" in terms:
        assert terms.index("Células T") < terms.index("Convulsión")


@pytest.mark.parametrize("audience", ["adult", "pediatric"])
def test_chinese_glossary_is_in_pinyin_order(built, audience):
    entries = glossary(_handout(built, "zh-Hans", audience), "zh-Hans")
    terms = [t for t, _ in entries]
    assert len(terms) >= 8
    reading = [" ".join(lazy_pinyin(t, style=Style.NORMAL)).casefold() for t in terms]
    assert reading == sorted(reading), list(zip(terms, reading))
    assert all(after.startswith("：") for _, after in entries)  # the layout word, not ": "


def test_english_glossary_is_alphabetical(built):
    terms = [t for t, _ in glossary(_handout(built, "en"), "en")]
    assert len(terms) >= 8
    assert terms == sorted(terms, key=str.casefold)


def test_collation_keys():
    assert sorted(["Convulsión", "Células", "Ñandú", "Nube", "Oído"], key=sort_key("es")) == \
        ["Células", "Convulsión", "Nube", "Ñandú", "Oído"]
    assert sorted(["震颤", "白细胞", "B 细胞", "冲管", "抽搐"], key=sort_key("zh-Hans")) == \
        ["B 细胞", "白细胞", "冲管", "抽搐", "震颤"]
