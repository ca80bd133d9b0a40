"""Turn untrusted plain text into ReportLab paragraph markup.

Content, templates and clinic files are data, never markup: everything is
escaped first, then the one inline syntax we allow (**bold**) becomes <b>.

Two typographic rules are applied here, by code, whatever spaces a translator typed:

- Chinese next to Latin letters or digits (W3C clreq, section 3.2.2, "Mixed text composition"):
  exactly one word space between a Han character and a Latin letter or digit ("用 Blincyto",
  "48 小时"), none between Han characters and none beside full-width punctuation, whose glyphs
  carry their own space ("（38 °C）"). The word space of Noto Sans SC is 0.22 em, close to the
  quarter em clreq describes, and it is a real space, so the text extracts and searches as words.
- A number never parts from its unit ("48 hours", "2 semanas", "100.4 °F", "48 小时"): the space
  between them becomes a no-break space, and a Chinese unit of several characters is joined by
  word joiners (U+2060). Both are for line breaking only: handout.rlext.spaces draws a no-break
  space as a plain space and drops the joiners, so the PDF's text is what the reader sees.
"""
from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")

NBSP, WJ = "\u00a0", "\u2060"  # no-break space, word joiner

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FULL_WIDTH_PUNCT = "\u3000-\u303f\uff01-\uff60"  # 、。「」【】 and （），：；？！ ...
_LATIN = "0-9A-Za-z\u00c0-\u024f"
_SPACES = "[ \u00a0]*"
_HAN_THEN_LATIN = re.compile(rf"([{_HAN}])(\*\*)?{_SPACES}(?=(?:\*\*)?[{_LATIN}])")
_LATIN_THEN_HAN = re.compile(rf"([{_LATIN}])(\*\*)?{_SPACES}(?=(?:\*\*)?[{_HAN}])")
_AROUND_PUNCT = re.compile(rf"[ \u00a0]+(?=(?:\*\*)?[{_FULL_WIDTH_PUNCT}])|(?<=[{_FULL_WIDTH_PUNCT}])[ \u00a0]+")
_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}])[ \u00a0]+(?=[{_HAN}])")

# Units a number is kept with, in the languages handout prints (en, es, zh-Hans). Latin units end
# at a word boundary ("2 days" but not "2 dayside"); Chinese ones are matched as written.
_LATIN_UNITS = ("hours? days? weeks? months? years? minutes? seconds? pounds? lbs? kg mg mL ml "
                "horas? días? semanas? mes meses años? minutos? segundos? libras? kilos?").split()
_HAN_UNITS = "小时 分钟 个月 个星期 个疗程 星期 公斤 千克 毫克 毫升 天 周 年 岁 磅 次".split()
_UNIT = re.compile(r"(\d)[ \u00a0](\*\*)?(?=(°[FC]|(?:" + "|".join(_LATIN_UNITS) + r")\b|"
                   + "|".join(_HAN_UNITS) + "))")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def spacing(text: str) -> str:
    """Plain text with the clreq spacing between Chinese and Latin letters or digits (see above);
    text without Chinese comes back unchanged. For words drawn outside paragraphs too."""
    if not re.search(f"[{_HAN}{_FULL_WIDTH_PUNCT}]", text):
        return text
    text = _AROUND_PUNCT.sub("", text)
    text = _BETWEEN_HAN.sub("", text)
    text = _HAN_THEN_LATIN.sub(r"\1\2 ", text)
    return _LATIN_THEN_HAN.sub(r"\1\2 ", text)


def bind_units(text: str) -> str:
    """A no-break space between a number and its unit, word joiners inside a Chinese unit."""
    def bind(m: re.Match) -> str:
        return m.group(1) + NBSP + (m.group(2) or "")
    text = _UNIT.sub(bind, text)
    if re.search(f"[{_HAN}]", text):
        text = re.sub(f"(?<={NBSP})(?:\\*\\*)?(" + "|".join(u for u in _HAN_UNITS if len(u) > 1) + ")",
                      lambda m: m.group(0)[:-len(m.group(1))] + WJ.join(m.group(1)), text)
    return text


def paragraph(text: str) -> str:
    out = escape(bind_units(spacing(text)))
    return _BOLD.sub(r"<b>\1</b>", out)


def unbalanced_bold(text: str) -> bool:
    return text.count("**") % 2 == 1


def plain(text: str) -> str:
    """The words a reader sees, without inline syntax (for search and glossary matching)."""
    return _BOLD.sub(r"\1", text)
