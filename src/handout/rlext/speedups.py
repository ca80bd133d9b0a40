"""Faster ReportLab typesetting, byte-identical PDFs (tests/test_speedups.py checks, benchmarks/ measures).

These costs dominate a handout's typesetting, all in ReportLab's paragraph code:
- Paragraph parses its markup with html.parser, for the few tags we write (and tagging marks): Paragraph here
  tokenizes them itself and calls ReportLab's own tag handlers, so the fragments are the same;
  those handlers copy a fragment at every tag with copy.copy's slow generic protocol.
- Paragraph.wrap is called again at the same width (KeepTogether measures its content,
  then the frame places it; tables measure cells more than once); Paragraph here keeps
  the last result per width.
- stringWidth is asked for the same word in the same font thousands of times a document;
  a bounded cache answers repeats (bounded, so memory does not grow with the library).
- Graphics shapes (the timeline) check every attribute set against a type map, a help while
  writing drawing code that ReportLab lets one switch off (rl_config.shapeChecking).
- getAscentDescent is asked once per character of a Chinese line, for a handful of fonts.
- rl_accel's C sameFrag is about six times slower than ReportLab's own Python version
  (it looks up attributes a fragment does not have, raising and catching an error each
  time), while rl_accel's other functions are faster: keep those, use the Python one.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from reportlab.graphics.shapes import Shape
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl
from reportlab.platypus import paraparser
from reportlab.platypus.paraparser import ParaFrag, ParaParser
from reportlab.rl_config import _FUZZ

_SAME_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


# The markup handout writes (markup.py and the typesetters): these tags and entities only.
# <onDraw name="tag" label="..."/> is a tagging mark (tagging.py).
_TOKENS = re.compile(r'<(/?)(b|i|super|font|br)(?: size="([0-9.]+)")?(/?)>|&(amp|lt|gt|nbsp);|([^<&]+)'
                     r'|<onDraw name="(\w+)" label="(\w+)"/>')


def _parse(text: str, style, case_sensitive) -> tuple | None:
    """ReportLab's ParaParser.parse, its handlers called straight from our tokens instead of through
    html.parser (most of the cost). (style, frags, bullet frags), or None for other markup."""
    if text.lstrip().startswith("<para"):
        return None
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parser._setup_for_parse(style)
    try:
        parser.start_para({})
        end = 0
        for m in _TOKENS.finditer(text):
            if m.start() != end:
                return None
            end = m.end()
            close, tag, size, empty, entity, data, cb_name, cb_label = m.groups()
            if cb_name is not None:
                parser.handle_starttag("onDraw", {"name": cb_name, "label": cb_label})
                parser.handle_endtag("onDraw")
            elif data is not None:
                parser.handle_data(data)
            elif entity:
                parser.handle_entityref(entity)
            elif close:
                parser.handle_endtag(tag)
            else:
                parser.handle_starttag(tag, {"size": size} if size else {})
                if empty:
                    parser.handle_endtag(tag)
        if end != len(text):
            return None
        parser.end_para()
    except Exception:  # ill-formed: ReportLab's own parser gives its own message
        return None
    style, frags, bullet_frags = parser._complete_parse()
    return None if frags is None else (style, frags, bullet_frags)


class Paragraph(rl.Paragraph):
    """ReportLab's Paragraph, parsed without html.parser, laid out once per width."""

    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is None and isinstance(text, str):
            cleaned = cleaner(text)
            parsed = _parse(cleaned, style, self.caseSensitive)
            if parsed:
                style, frags, bullet_frags = parsed
                rl.textTransformFrags(frags, style)
                text, bulletText = cleaned, bullet_frags or bulletText
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_wrapped")
        if memo and memo[0] == availWidth:
            _, size, self.blPara, self.height, self._wrapWidths = memo
            self.width = availWidth
            return size
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:  # narrower, ReportLab answers "does not fit" without laying out
            self._wrapped = (availWidth, size, self.blPara, self.height, self._wrapWidths)
        return size


def _same_frag(f, g) -> bool:
    """ReportLab's _py_sameFrag (reportlab.lib.rl_accel, BSD licence), quick for a fragment and
    itself: Chinese lines ask that once per character."""
    fd, gd = f.__dict__, g.__dict__
    if f is g:
        return not ("cbDefn" in fd or "lineBreak" in fd)
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    f_get, g_get = fd.get, gd.get
    for key in _SAME_FRAG_KEYS:
        if f_get(key) != g_get(key):
            return False
    return True


@lru_cache(maxsize=1 << 16)
def _string_width(text, font_name, font_size, encoding="utf8"):
    return pdfmetrics.stringWidth(text, font_name, font_size, encoding)


@lru_cache(maxsize=256)
def _ascent_descent(font_name, font_size=None):
    return pdfmetrics.getAscentDescent(font_name, font_size)


class _QuickCopy:
    """Stands in for the copy module inside ReportLab's paragraph parser, which copies a
    fragment at every tag and run of text: for a ParaFrag, what copy.copy does, without its
    generic protocol (no __copy__, no __setstate__: a new object with the same attributes)."""

    deepcopy = staticmethod(copy.deepcopy)

    @staticmethod
    def copy(x):
        if type(x) is ParaFrag:
            new = ParaFrag.__new__(ParaFrag)
            new.__dict__.update(x.__dict__)
            return new
        return copy.copy(x)


def install() -> None:
    paraparser.copy = _QuickCopy
    if "__setattr__" in Shape.__dict__:  # as with rl_config.shapeChecking = 0, set before the import
        del Shape.__setattr__
    rl.sameFrag = _same_frag
    rl.stringWidth = _string_width
    rl.getAscentDescent = _ascent_descent
