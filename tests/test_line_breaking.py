"""Line breaking in every locale, read back from the built PDFs (issue 17, item 4): a citation
marker never starts a line, a number never parts from its unit, no line starts with a space,
a bullet's text hangs at one indent, Chinese is spaced from Latin letters and digits by one rule,
and the no-break characters that do this never reach the PDF's text."""
from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

import pdfplumber
import pytest

from handout.markup import paragraph
from handout.rlext.cjk import _lines

LOCALES = ("en", "es", "zh-Hans")
# Units as a reader would name them, in the three languages; a number before one must share its line.
UNITS = re.compile(r"\d[ \u00a0]?(?:°[FC]|hours?|days?|weeks?|months?|horas?|días?|semanas?|mes(?:es)?|kg|"
                   r"小时|分钟|个月|天|周|磅)")
HAN = "\u4e00-\u9fff"
LATIN = "0-9A-Za-z"


def _pdfs(out: Path, locale: str) -> list[Path]:
    found = sorted((out / "blinatumomab" / locale).glob("*.pdf"))
    assert any("handout" in p.name for p in found), f"no {locale} handout was built: {found}"
    return found


def lines(page) -> list[list[dict]]:
    """The page's visual lines, top to bottom: characters by baseline (the text matrix, which a
    superscript's rise leaves alone, so a marker stays on its line), split where a wide gap
    separates two columns (a table's label and value, a picture's two sides)."""
    chars = sorted(page.chars, key=lambda c: (-round(c["matrix"][5], 1), c["x0"]))
    out = []
    for _, row in groupby(chars, key=lambda c: round(c["matrix"][5], 1)):
        row = list(row)
        segment = [row[0]]
        for c in row[1:]:
            if c["x0"] - segment[-1]["x1"] > 2 * segment[-1]["size"]:
                out.append(segment)
                segment = []
            segment.append(c)
        out.append(segment)
    return out


def text(line) -> str:
    return "".join(c["text"] for c in line)


def _is_marker(line) -> bool:
    """A line whose first character is a raised citation marker ("[3,6]")."""
    first = line[0]
    body = max(c["size"] for c in line)
    return first["text"] == "[" and (first["size"] < 0.8 * body or len(line) <= 8)


def _following(all_lines, k):
    """The line below line k in the same column, if it continues the same paragraph."""
    line = all_lines[k]
    y, x0, size = line[0]["matrix"][5], line[0]["x0"], line[0]["size"]
    for other in all_lines[k + 1:]:
        dy = y - other[0]["matrix"][5]
        if dy > 2 * size:
            return None
        if 0 < dy and abs(other[0]["x0"] - x0) < 40 and other[0]["size"] == size:
            return other
    return None


@pytest.fixture(scope="module")
def every_page(built) -> dict:
    """(locale, file name, page number) -> visual lines, for every PDF of the three locales."""
    pages = {}
    for locale in LOCALES:
        for path in _pdfs(built["out"], locale):
            with pdfplumber.open(path) as pdf:
                for n, page in enumerate(pdf.pages, 1):
                    pages[(locale, path.name, n)] = lines(page)
    return pages


def test_no_line_starts_with_a_citation_marker(every_page):
    lone = [(where, text(line)) for where, page in every_page.items() for line in page if _is_marker(line)]
    assert not lone


def test_no_chinese_line_starts_with_a_closing_mark(every_page):
    """Also where a bold run ends right before the mark ("**请拨打 911**。"): the run's end is an
    invisible tagging mark, which must not let the line break before "。"."""
    bad = [(where, text(line)[:12]) for where, page in every_page.items() if where[0] == "zh-Hans"
           for line in page if text(line).lstrip()[:1] in "，。、：；？！）》」』】"]
    assert not bad


def test_a_chinese_marker_never_takes_one_character_alone(every_page):
    """"输液 / 泵。[3,6,9]" splits a word and leaves a line of one character: two go together."""
    bad = []
    for where, page in every_page.items():
        if where[0] != "zh-Hans":
            continue
        for line in page:
            t = text(line).strip()
            core = re.sub(r"\[[\d,\u2013]+\]", "", t).strip()
            if core != t and len(core.rstrip("。，！？；：")) <= 1:
                bad.append((where, t))
    assert not bad


def test_a_number_never_parts_from_its_unit(every_page):
    split = []
    for where, page in every_page.items():
        for k, line in enumerate(page):
            below = _following(page, k)
            if below is None:
                continue
            end, start = text(line).rstrip()[-12:], text(below).lstrip()[:12]
            joined = end + start
            for m in UNITS.finditer(joined):
                if m.start() < len(end) < m.end():
                    split.append((where, end, start))
    assert not split


def test_no_line_starts_with_a_space(every_page):
    spaced = [(where, text(line)[:20]) for where, page in every_page.items() for line in page
              if line[0]["text"] in (" ", "\u00a0")]
    assert not spaced


def test_no_break_characters_stay_out_of_the_text(every_page):
    """A reader searching "48 hours" or "48 小时" finds it: plain spaces, no joiners."""
    found = [(where, text(line)) for where, page in every_page.items() for line in page
             if "\u00a0" in text(line) or "\u2060" in text(line)]
    assert not found
    en = " ".join(text(line) for (loc, name, _), page in every_page.items() for line in page
                  if loc == "en" and name.startswith("adult-handout-letter"))
    assert "24 hours" in en or "48 hours" in en


@pytest.mark.parametrize("locale", LOCALES)
def test_bullets_hang_at_one_indent(every_page, locale):
    """Every line of a bullet's text starts at the same x, the first line too."""
    uneven = []
    for (loc, name, n), page in every_page.items():
        if loc != locale or "handout" not in name:
            continue
        for k, line in enumerate(page):
            if line[0]["text"] != "•":
                continue
            first = next(c for c in line[1:] if c["text"].strip())
            below = _following(page, k)
            if below is None or below[0]["text"] == "•" or below[0]["x0"] <= line[0]["x0"] + 1:
                continue
            if abs(below[0]["x0"] - first["x0"]) > 0.5:
                uneven.append((name, n, text(line)[:20], round(first["x0"] - below[0]["x0"], 1)))
    assert not uneven


def test_chinese_and_latin_are_spaced_by_one_rule(every_page):
    """One word space between a Han character and a Latin letter or digit, whatever the translator
    typed; none between Han characters or beside full-width punctuation (markup.py, clreq 3.2.2)."""
    wrong = []
    for (loc, name, n), page in every_page.items():
        if loc != "zh-Hans" or "handout" not in name:  # the card sets its own labels (typeset_card.py)
            continue
        for line in page:
            t = text(line)
            for pattern in (f"[{HAN}][{LATIN}]", f"[{LATIN}][{HAN}]", f"[{HAN}]  +[{LATIN}]", f"[{LATIN}]  +[{HAN}]",
                            f"[{HAN}] [{HAN}]", " [（），。：；、]|[（），。：；、] "):
                wrong += [(name, n, m.group()) for m in re.finditer(pattern, t)]
    assert not wrong


def test_spacing_does_not_depend_on_how_the_translator_typed_it():
    assert paragraph("用Blincyto治疗") == paragraph("用 Blincyto  治疗") == "用 Blincyto 治疗"
    assert paragraph("请拨打 911 。") == "请拨打 911。"
    assert paragraph("达到 100.4 °F （38 °C）") == "达到 100.4\u00a0°F（38\u00a0°C）"
    assert paragraph("Fever of 100.4 °F for 2 weeks") == "Fever of 100.4\u00a0°F for 2\u00a0weeks"
    assert paragraph("Durante 2 semanas") == "Durante 2\u00a0semanas"


def test_the_breaker_keeps_a_number_with_a_chinese_unit():
    """A line that would end between 48 and 小时, or inside 小时, ends before the number."""
    chars = list("每天用药" + paragraph("48 小时").replace("<b>", ""))
    widths = [0 if c == "\u2060" else 10 for c in chars]
    for room in range(55, 120, 5):  # from the width of "48 小时" (a run longer than a line must break)
        for a, b, *_ in _lines(chars, widths, [room]):
            line = "".join(chars[a:b]).replace("\u2060", "")
            assert not re.search(r"\d\s*$|^\s*[小时]", line), (room, line)


def test_no_characters_are_drawn_over_each_other(every_page):
    """A line that runs into the margin keeps its spaces: ReportLab squeezes a line's no-break
    spaces when it has less than no room left, which drew "45 kg（99 磅）" over itself."""
    overlapping = []
    for where, page in every_page.items():
        for line in page:
            for a, b in zip(line, line[1:]):
                if b["x0"] < a["x1"] - 1.5 and b["size"] == a["size"]:
                    overlapping.append((where, a["text"] + b["text"]))
    assert not overlapping
