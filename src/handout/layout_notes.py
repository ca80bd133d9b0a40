"""Translator notes for the layouts' words (layouts/translator-notes.yaml): where each word appears,
for whom, and the most characters it may take where room is tight. i18n.layout_template writes
them into the layout catalog; entry_checks enforces the limits."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

FILE = "translator-notes.yaml"
_NOTE = {"note": ("text", True), "max": ("integer", False)}


@dataclass(frozen=True)
class Note:
    text: str
    max: int | None
    line: int


def load_notes(root: Path) -> dict:
    """{(format, word or heading:<section>): Note}; empty when the project keeps no notes."""
    path = root / "layouts" / FILE
    if not path.exists():
        return {}
    shown = f"layouts/{FILE}"
    problems = Problems()
    data = yamlfile.load(path, shown_as=shown)
    notes = {}
    if check(data, {"handout": ("mapping", False), "card": ("mapping", False)}, shown, problems, "translator notes"):
        for kind, words in data.items():
            for name, node in words.items():
                if check(node, _NOTE, shown, problems, f"{kind} word {name!r}"):
                    if node.get("max") is not None and not 1 <= node["max"] <= 1000:
                        problems.add(shown, node.line_of("max"), f"{kind} word {name!r}: max should be 1 to 1000")
                        continue
                    notes[(kind, name)] = Note(node["note"], node.get("max"), node.line)
    problems.raise_if_any()
    return notes


def width(text: str) -> int:
    """Characters a translation takes in print: {{ names }} (and {% tags %}) do not count, a
    wide (Chinese, Japanese, Korean) character counts 2."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
