"""Fonts ship inside the package and are registered with ReportLab once per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
FACES = ("regular", "bold", "italic", "bold_italic")


@lru_cache(maxsize=None)
def register_family(regular: str, bold: str, italic: str, bold_italic: str) -> str:
    """Register four TTF files as one family; return the family name used in styles."""
    names = {}
    for face, filename in zip(FACES, (regular, bold, italic, bold_italic)):
        name = Path(filename).stem
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        names[face] = name
    family = names["regular"]
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    # ReportLab falls back to Helvetica (never embedded) wherever a canvas, chart or legend is
    # not told a font; make our family the fallback so no PDF references a font it lacks.
    rl_config.canvas_basefontname = family
    rl_config.defaultGraphicsFontName = family
    return family


def missing_glyphs(text: str, font_name: str) -> list[str]:
    """Characters of `text` the font cannot draw (ReportLab would print empty boxes)."""
    cmap = pdmetrics_cmap(font_name)
    return sorted(ch for ch in set(text) if ch not in "\n\t" and ord(ch) not in cmap)


@lru_cache(maxsize=None)
def pdmetrics_cmap(font_name: str) -> frozenset:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)
