"""Alphabetical order as readers of each language expect it (the glossary, "Words to know").

- Latin-script languages: the Unicode Collation Algorithm (pyuca, the default table DUCET):
  accents and case count only between words that are otherwise the same, so in Spanish
  "Células" comes before "Convulsión" (a code-point sort puts "Convulsión" first, and every
  lower-case word after every capital).
- Spanish: one tailoring on top (RAE, Ortografía 2010): ñ is a letter of its own, after n
  ("Nube", then "Ñandú"); ch and ll are no longer letters of their own.
- Chinese: by Hanyu Pinyin, syllable by syllable, then by tone (as Xiandai Hanyu Cidian
  orders words), with pypinyin's readings (it knows phrases, e.g. 血 is xue in 血细胞). A run
  of Latin letters or digits ("CD19", "B 细胞") counts as one syllable spelled as written, so
  "B 细胞" comes before 白细胞 (bai) and ICANS among the i's.
"""
from __future__ import annotations

import re
from functools import lru_cache

_LATIN_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")
_PINYIN = re.compile(r"([a-zü]+)([1-5]?)")
_N_TILDE = str.maketrans({"ñ": "n\U0010ffff", "Ñ": "N\U0010ffff"})  # sorts after every n-word, before o


@lru_cache(maxsize=1)
def _collator():
    from pyuca import Collator  # reads its table once (about 0.4 s)
    return Collator()


def _uca_key(text: str):
    return _collator().sort_key(text)


def _spanish_key(text: str):
    return _collator().sort_key(text.translate(_N_TILDE))


def _pinyin_key(text: str):
    from pypinyin import Style, lazy_pinyin
    key = []
    for chunk in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True):
        m = _PINYIN.fullmatch(chunk)
        if m and chunk not in text:  # a syllable read from a Han character, with its tone
            key.append((m.group(1), int(m.group(2) or 5)))  # (Latin text comes back as it is)
            continue
        key += [(run.casefold(), 0) for run in _LATIN_RUN.findall(chunk)]
    return tuple(key), _uca_key(text)  # same reading: a fixed order all the same


def sort_key(locale: str):
    """The key function that orders words of this locale (BCP 47 tag: "es", "zh-Hans")."""
    language = locale.split("-")[0].lower()
    if language == "zh":
        return _pinyin_key
    if language == "es":
        return _spanish_key
    return _uca_key
