"""No-break characters are for line breaking only: the PDF gets the text a reader sees.

markup.py keeps a number with its unit with a no-break space (U+00A0) and joins the characters
of a Chinese unit with word joiners (U+2060). Both ReportLab's line breaking and ours (cjk.py)
honour them; here every text a canvas draws (paragraphs, labels, footers) gets a plain space
for the no-break space and loses the joiners, so the PDF's text extracts and searches as
"48 hours" and "48 小时", and no font needs a glyph for the joiner. A no-break space is as wide
as a space in the fonts handout ships (tests/test_line_breaking.py checks), so nothing moves.
"""
from __future__ import annotations

from reportlab.pdfgen import textobject

_DRAWN = str.maketrans({"\u00a0": " ", "\u2060": None})


def install() -> None:
    original = textobject.PDFTextObject._formatText
    if getattr(original, "_handout", False):
        return

    def _formatText(self, text):  # noqa: N802 - ReportLab's name
        if isinstance(text, str) and not hasattr(text, "__shapeData__"):
            text = text.translate(_DRAWN)
        return original(self, text)

    _formatText._handout = True
    textobject.PDFTextObject._formatText = _formatText
