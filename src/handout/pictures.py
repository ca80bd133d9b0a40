"""The handout's drawings, by the id a layout section names (`figure: ...`): the cycle timeline,
the "who to call" picture and the drawing of the pump and the IV line.

Every drawing is vector (ReportLab shapes and text, no image), is tagged as one Figure whose Alt
text starts with a layout word, and reads in black and white: shape, border weight and words say
what colour only repeats. Every label is a layout word (translated through layout.po); a label
too long for its room is found before printing (`figure_problems`), naming the word and locale.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Spacer

from handout.assemble import Document
from handout.errors import Problem
from handout.figures import timeline, timeline_problems
from handout.fonts import register_family
from handout.layout import FIGURES as FIGURE_IDS, Layout
from handout.markup import NBSP, WJ, bind_units, paragraph, spacing
from handout.rlext import Paragraph
from handout.rlext.tagging import Elem, emphasis, tag

BLACK, WHITE = colors.black, colors.white


@dataclass(frozen=True)
class Figure:
    """How to draw one kind of figure, where it goes in its section, and how to check its labels."""
    draw: Callable      # (doc, layout, styles, width, parent Elem) -> flowables
    problems: Callable  # (doc, layout) -> [Problem]
    first: bool         # before the section's blocks (else after them)


# ---- text that must fit -----------------------------------------------------------------------

_NO_LINE_START = "，。、；：？！）》」』%…,.;:?!)"
_TOKENS = re.compile(r"[A-Za-z0-9À-ɏ°.,;:()%/'’-]+\s*|\s+|.")


def wrap(text: str, font: str, size: float, room: float, cjk: bool) -> list | None:
    """Greedy line breaking of a label into `room` points; None if one word alone is wider.
    Chinese breaks between characters (never before closing punctuation), other scripts at spaces;
    a number stays with its unit, and Chinese is spaced from Latin letters and digits as in the
    paragraphs (markup.py)."""
    text = bind_units(spacing(text))
    glue = (NBSP, WJ)
    if cjk:
        tokens = []
        for t in _TOKENS.findall(text):
            if tokens and (t[0] in _NO_LINE_START or t[0] in glue or tokens[-1][-1] in glue):
                tokens[-1] += t
            else:
                tokens.append(t)
        tokens = _keep_brackets(tokens, font, size, room)
    else:
        tokens = [w + " " for w in text.split(" ") if w]  # not at a no-break space

    def width(t: str) -> float:
        return stringWidth(t.strip(" ").replace(WJ, ""), font, size)
    lines, line = [], ""
    for t in tokens:
        if width(t) > room:
            return None
        if line and width(line + t) > room:
            lines.append(line.strip(" "))
            line = t.lstrip(" ")
        else:
            line += t
    if line.strip(" "):
        lines.append(line.strip(" "))
    return [ln.replace(WJ, "") for ln in lines]  # the joiner only joins: not drawn, not measured


def _keep_brackets(tokens: list, font: str, size: float, room: float) -> list:
    """A bracketed aside （...） that fits on one line is never broken, so no line ends on "（"."""
    out, group = [], None
    for t in tokens:
        if group is None and t.startswith(("（", "(")):
            group = [t]
        elif group is not None:
            group.append(t)
        else:
            out.append(t)
        if group is not None and t.rstrip().endswith(("）", ")")):
            whole = "".join(group)
            out += [whole] if stringWidth(whole.strip().replace(WJ, ""), font, size) <= room else group
            group = None
    return out + (group or [])


def _fit(doc: Document, layout: Layout, word: str, font: str, size: float, room: float, max_lines: int,
         what: str, out: list) -> list:
    """The word's lines in its room; a Problem in `out` (naming the word and locale) if it does not fit."""
    text = doc.words[word]
    lines = wrap(text, font, size, room, layout.word_wrap == "CJK")
    if lines is None or len(lines) > max_lines:
        need = "a word of it is wider than" if lines is None else f"it takes {len(lines)} lines of"
        out.append(Problem(*layout.place("word", word, doc.audience, layout.word_lines.get(word, 0)),
                           f"word {word!r} ({doc.locale}): {text!r} does not fit {what}: {need} {room:.0f} pt"
                           f" (at most {max_lines} line{'s' if max_lines > 1 else ''}); shorten it"))
        return (lines or [text])[:max_lines]
    return lines


def _signs(doc: Document, tier: str) -> list:
    """The layout words tier_sign1, tier_sign2, ... in number order (a layout may add or remove signs)."""
    found = sorted((int(m.group(1)), name) for name in doc.words
                   if (m := re.fullmatch(re.escape(tier) + r"_sign(\d+)", name)))
    return [name for _, name in found]


def _fonts(layout: Layout) -> tuple:
    register_family(*layout.fonts)
    body = layout.styles["body"]
    return layout.fonts[0].rsplit(".", 1)[0], layout.fonts[1].rsplit(".", 1)[0], body.size, body.leading


def _narrowest(layout: Layout) -> float:
    m = layout.margins
    return min(w for w, _ in layout.papers.values()) - m["left"] - m["right"]


def _alt(doc: Document, parts: list) -> str:
    """Sentences joined as the locale writes them."""
    zh = doc.locale.startswith("zh")
    stop = "。" if zh else "."
    return ("" if zh else " ").join(t if t.endswith((".", "。", "!", "?", ":", "：")) else t + stop for t in parts)


def _caption(doc: Document, word: str, styles: dict, parent: Elem):
    return tag(Paragraph(emphasis(paragraph(doc.words[word])), styles["body"]), parent.add("P"))


def _title(doc: Document, word: str, styles: dict, layout: Layout, parent: Elem) -> list:
    """A picture's own title above it (PEMAT-P 17), a heading under its section's; none if the
    layout has no such word."""
    if not doc.words.get(word):
        return []
    style = ParagraphStyle(f"{word}-style", parent=styles["body"], fontName=_fonts(layout)[1], spaceAfter=2,
                           keepWithNext=True)
    return [tag(Paragraph(paragraph(doc.words[word]), style), parent.add("H3"))]


# ---- who to call ------------------------------------------------------------------------------

# Most urgent first. Each tier reads without colour: the 911 tier has the heaviest border, a black
# panel with white words and an octagon; "now" a thick border, a light panel and a phone with a
# clock (any hour); "next visit" a thin border, a white panel and a calendar.
TIERS = (("who_call_911", 4.0), ("who_call_now", 2.5), ("who_call_visit", 1.0))
COLUMNS = ("who_call_col_do", "who_call_col_signs")  # headings over the two columns (PEMAT-P 19)
_PAD, _ICON = 8, 34


def _call_plan(doc: Document, layout: Layout, width: float, out: list) -> list:
    """Per tier: (title lines, [lines of each sign], row height), checking every label's fit."""
    font, bold, size, lead = _fonts(layout)
    panel = width * 0.34
    sign_room = width - panel - 2 * _PAD - 14
    plan = []
    _fit(doc, layout, COLUMNS[0], bold, size, panel, 1, "its column heading in the who-to-call picture", out)
    _fit(doc, layout, COLUMNS[1], bold, size, sign_room, 1, "its column heading in the who-to-call picture", out)
    for tier, _ in TIERS:
        title = _fit(doc, layout, tier, bold, size, panel - 2 * _PAD, 3, "its box in the who-to-call picture", out)
        signs = [_fit(doc, layout, s, font, size, sign_room, 3, "the who-to-call picture", out)
                 for s in _signs(doc, tier)]
        if not signs:
            out.append(Problem(layout.file, layout.word_lines.get(tier, 0),
                               f"word {tier!r}: the who-to-call picture needs at least one sign ({tier}_sign1)"))
        left = 2 * _PAD + _ICON + 6 + len(title) * lead
        right = 2 * _PAD + sum(len(s) for s in signs) * lead + 3 * max(len(signs) - 1, 0)
        plan.append((title, signs, max(left, right)))
    return plan


def who_to_call(doc: Document, layout: Layout, styles: dict, width: float, parent: Elem) -> list:
    font, bold, size, lead = _fonts(layout)
    plan = _call_plan(doc, layout, width, [])
    heading = _title(doc, "who_call_title", styles, layout, parent)
    gap = 6
    head = lead + 4  # the column headings
    height = head + sum(h for *_, h in plan) + gap * (len(plan) - 1)
    d = Drawing(width, height)
    panel = width * 0.34
    urgent = colors.HexColor(layout.colours.get("callbox_bar", "#A4161A"))
    soon = colors.HexColor(layout.colours.get("tier_now", "#FFE08A"))
    d.add(String(panel / 2, height - size, doc.words[COLUMNS[0]], fontName=bold, fontSize=size,
                 textAnchor="middle", fillColor=BLACK))
    d.add(String(panel + _PAD + 6, height - size, doc.words[COLUMNS[1]], fontName=bold, fontSize=size,
                 fillColor=BLACK))
    top = height - head
    for (tier, border), (title, signs, h) in zip(TIERS, plan):
        y0 = top - h
        fill, ink = {"who_call_911": (BLACK, WHITE), "who_call_now": (soon, BLACK)}.get(tier, (WHITE, BLACK))
        d.add(Rect(0, y0, panel, h, fillColor=fill, strokeColor=None))
        half = border / 2
        d.add(Rect(half, y0 + half, width - border, h - border, fillColor=None, strokeColor=BLACK,
                   strokeWidth=border))
        d.add(Line(panel, y0, panel, top, strokeColor=BLACK, strokeWidth=border))
        cx, icon_y = panel / 2, top - _PAD - _ICON
        _ICONS[tier](d, doc, cx, icon_y, bold, urgent)
        y = icon_y - 6 - size
        for line in title:
            d.add(String(cx, y + (lead - size) / 2, line, fontName=bold, fontSize=size, textAnchor="middle",
                         fillColor=ink))
            y -= lead
        x = panel + _PAD + 14
        y = top - _PAD - size
        for lines in signs:
            d.add(Circle(x - 8, y + size * 0.33, 2.4, fillColor=BLACK, strokeColor=None))
            for line in lines:
                d.add(String(x, y, line, fontName=font, fontSize=size, fillColor=BLACK))
                y -= lead
            y -= 3
        top = y0 - gap
    sep = "：" if doc.locale.startswith("zh") else ": "
    comma = "、" if doc.locale.startswith("zh") else ", "
    alt = _alt(doc, [doc.words["who_call_alt"]] + [
        doc.words[tier] + sep + comma.join(doc.words[s].rstrip(".。") for s in _signs(doc, tier)) for tier, _ in TIERS])
    tag(d, parent.add("Figure", alt=alt))
    return [KeepTogether([Spacer(1, 4), *heading, d, Spacer(1, 6), _caption(doc, "who_call_caption", styles, parent)])]


def _octagon(d: Drawing, doc: Document, cx: float, y: float, bold: str, red) -> None:
    r = _ICON / 2 + 2
    pts = []
    for k in range(8):
        a = math.pi / 8 + k * math.pi / 4
        pts += [cx + r * math.cos(a), y + _ICON / 2 + r * math.sin(a)]
    d.add(Polygon(pts, fillColor=red, strokeColor=WHITE, strokeWidth=2))
    d.add(String(cx, y + _ICON / 2 - 4.5, doc.words["who_call_911_icon"], fontName=bold, fontSize=13,
                 textAnchor="middle", fillColor=WHITE))


def _phone(d: Drawing, doc: Document, cx: float, y: float, bold: str, red) -> None:
    """A desk phone (handset over a base with a dial) and a clock beside it: call, at any hour."""
    px = cx - 14
    d.add(Polygon([px - 14, y, px + 14, y, px + 10, y + 18, px - 10, y + 18], fillColor=BLACK, strokeColor=None))
    d.add(Circle(px, y + 8, 5, fillColor=WHITE, strokeColor=None))
    d.add(Rect(px - 17, y + 21, 34, 6, rx=3, ry=3, fillColor=BLACK, strokeColor=None))
    d.add(Rect(px - 17, y + 17, 9, 10, rx=2, ry=2, fillColor=BLACK, strokeColor=None))
    d.add(Rect(px + 8, y + 17, 9, 10, rx=2, ry=2, fillColor=BLACK, strokeColor=None))
    kx, ky = cx + 18, y + 14
    d.add(Circle(kx, ky, 12, fillColor=WHITE, strokeColor=BLACK, strokeWidth=2))
    d.add(Line(kx, ky, kx, ky + 8, strokeColor=BLACK, strokeWidth=2))
    d.add(Line(kx, ky, kx + 6, ky, strokeColor=BLACK, strokeWidth=2))


def _calendar(d: Drawing, doc: Document, cx: float, y: float, bold: str, red) -> None:
    w, h = 34, 30
    x = cx - w / 2
    d.add(Rect(x, y, w, h, fillColor=WHITE, strokeColor=BLACK, strokeWidth=1.4))
    d.add(Rect(x, y + h - 8, w, 8, fillColor=BLACK, strokeColor=None))
    for i in (0, 1):
        d.add(Line(x + 9 + i * 16, y + h - 4, x + 9 + i * 16, y + h + 4, strokeColor=BLACK, strokeWidth=2))
    for row in range(3):
        for col in range(4):
            d.add(Rect(x + 4 + col * 7.5, y + 3 + row * 6.5, 4, 3.5, fillColor=BLACK, strokeColor=None))


_ICONS = {"who_call_911": _octagon, "who_call_now": _phone, "who_call_visit": _calendar}


def who_to_call_problems(doc: Document, layout: Layout) -> list:
    out: list = []
    _call_plan(doc, layout, _narrowest(layout), out)
    return out


# ---- the pump, the bag, the tubing and the IV line ----------------------------------------------

# Labels in the middle of the drawing: those about the person (right) end at one x and point right;
# those about the bag and pump (left) start at one x and point left. (word, slot top y, side, bold)
PUMP_LABELS = (("pump_label_line", 226, "right", False), ("pump_label_dry", 188, "right", True),
               ("pump_label_flush", 150, "right", True), ("pump_label_bag", 114, "left", False),
               ("pump_label_pump", 80, "left", False), ("pump_label_tubing", 50, "left", False),
               ("pump_label_clamp", 24, "right", True))
_PUMP_H, _PERSON, _LEFT = 240, 150, 140


def _pump_rooms(width: float) -> float:
    return width - _PERSON - 16 - _LEFT


def _pump_plan(doc: Document, layout: Layout, width: float, out: list) -> dict:
    font, bold, size, _ = _fonts(layout)
    room = _pump_rooms(width)
    plan = {}
    for word, _, side, strong in PUMP_LABELS:
        space = room - (18 if word == "pump_label_flush" else 0)  # the "no" sign beside it
        plan[word] = _fit(doc, layout, word, bold if strong else font, size, space, 2,
                          "its place in the drawing of the pump and line", out)
    return plan


def pump_line(doc: Document, layout: Layout, styles: dict, width: float, parent: Elem) -> list:
    font, bold, size, _ = _fonts(layout)
    lead = size * 1.2
    plan = _pump_plan(doc, layout, width, [])
    heading = _title(doc, "pump_title", styles, layout, parent)
    d = Drawing(width, _PUMP_H)
    grey = colors.HexColor("#D9D9D9")
    bag_fill = colors.HexColor("#DCE9F5")
    screen = colors.HexColor(layout.colours.get("accent", "#1F4E79"))
    # the medicine bag, hanging above the pump
    d.add(Rect(16, 128, 80, 90, rx=12, ry=12, fillColor=WHITE, strokeColor=BLACK, strokeWidth=1.5))
    d.add(Rect(19, 131, 74, 58, rx=10, ry=10, fillColor=bag_fill, strokeColor=None))
    d.add(Rect(46, 208, 20, 5, rx=2.5, ry=2.5, fillColor=WHITE, strokeColor=BLACK, strokeWidth=1.2))
    d.add(Rect(30, 150, 52, 28, fillColor=WHITE, strokeColor=BLACK, strokeWidth=0.8))
    for k in range(3):
        d.add(Line(35, 171 - k * 7, 77 - k * 10, 171 - k * 7, strokeColor=BLACK, strokeWidth=1))
    d.add(Rect(52, 120, 8, 8, fillColor=BLACK, strokeColor=None))
    # the pump
    d.add(Rect(16, 22, 110, 80, rx=8, ry=8, fillColor=grey, strokeColor=BLACK, strokeWidth=1.5))
    d.add(Rect(28, 60, 62, 30, fillColor=screen, strokeColor=BLACK, strokeWidth=1))
    for k in range(3):
        d.add(Circle(40 + k * 20, 40, 6, fillColor=WHITE, strokeColor=BLACK, strokeWidth=1.2))
    d.add(Rect(100, 60, 16, 30, rx=3, ry=3, fillColor=WHITE, strokeColor=BLACK, strokeWidth=1))
    # tubing: bag to pump, then along the bottom and up into the line in the arm
    p = width - _PERSON
    tube = dict(strokeColor=BLACK, strokeWidth=2.4, strokeLineCap=1, strokeLineJoin=1)
    d.add(Line(56, 120, 56, 102, **tube))
    start, end = (126, 44), (p + 22, 96)
    c1, c2 = (p - 40, 44), (p + 10, 50)
    pts = []
    for k in range(25):
        t = k / 24
        pts += [(1 - t) ** 3 * start[i] + 3 * (1 - t) ** 2 * t * c1[i] + 3 * (1 - t) * t * t * c2[i] + t ** 3 * end[i]
                for i in (0, 1)]
    d.add(PolyLine(pts, **tube))
    # the clamp: a small clip across the tubing near the arm, the one the leak steps close
    clamp = (pts[32], pts[33])  # on the tubing, before it turns up into the arm
    d.add(Rect(clamp[0] - 5, clamp[1] - 8, 10, 16, rx=2, ry=2, fillColor=WHITE, strokeColor=BLACK, strokeWidth=1.5))
    d.add(Line(clamp[0] - 5, clamp[1] + 3, clamp[0] + 5, clamp[1] + 3, strokeColor=BLACK, strokeWidth=1.5))
    # the person: head, torso, the arm with the PICC and its dressing, a port on the chest
    line_w = dict(fillColor=WHITE, strokeColor=BLACK, strokeWidth=1.5)
    d.add(Rect(p + 76, 166, 20, 20, **line_w))  # the neck, behind the shoulders
    d.add(Rect(p + 42, 8, 88, 166, rx=20, ry=20, **line_w))
    d.add(Rect(p + 14, 14, 28, 156, rx=13, ry=13, **line_w))
    d.add(Circle(p + 86, 204, 22, **line_w))
    dressing = (p + 28, 100)
    d.add(Rect(dressing[0] - 10, dressing[1] - 10, 20, 20, fillColor=grey, strokeColor=BLACK, strokeWidth=1.2))
    d.add(Line(dressing[0] - 6, dressing[1] - 4, dressing[0] + 5, dressing[1] + 7, strokeColor=BLACK, strokeWidth=2))
    port = (p + 102, 140)
    d.add(Circle(*port, 8, fillColor=grey, strokeColor=BLACK, strokeWidth=1.5))
    d.add(Circle(*port, 3, fillColor=BLACK, strokeColor=None))
    # the labels, each with a leader line to what it names
    left_x, right_x = _LEFT, p - 16
    targets = {"pump_label_line": [(dressing[0] - 10, dressing[1] + 6), (port[0] - 8, port[1])],
               "pump_label_dry": [(dressing[0] - 10, dressing[1] + 10)],
               "pump_label_flush": [(p + 4, 84)],
               "pump_label_bag": [(98, 170)], "pump_label_pump": [(128, 80)], "pump_label_tubing": [],
               "pump_label_clamp": [(clamp[0] - 2, clamp[1] - 8)]}
    leader = dict(strokeColor=BLACK, strokeWidth=0.8)
    for word, y, side, strong in PUMP_LABELS:
        f = bold if strong else font
        lines = plan[word]
        for k, text in enumerate(lines):
            anchor = "end" if side == "right" else "start"
            d.add(String(right_x if side == "right" else left_x, y - k * lead, text, fontName=f, fontSize=size,
                         textAnchor=anchor, fillColor=BLACK))
        mid = y + size * 0.3
        for tx, ty in targets[word]:
            if side == "right":
                d.add(Line(right_x + 3, mid, tx, ty, **leader))
            else:
                d.add(Line(left_x - 3, mid, tx, ty, **leader))
        if word == "pump_label_flush":  # a "no" sign before the words
            w = max(stringWidth(t, f, size) for t in lines)
            nx, ny = right_x - w - 11, mid
            d.add(Circle(nx, ny, 7, fillColor=WHITE, strokeColor=BLACK, strokeWidth=2))
            d.add(Line(nx - 5, ny - 5, nx + 5, ny + 5, strokeColor=BLACK, strokeWidth=2))
    words = doc.words
    tag(d, parent.add("Figure", alt=_alt(doc, [words["pump_alt"], words["pump_label_flush"],
                                              words["pump_label_dry"], words["pump_label_clamp"]])))
    return [KeepTogether([Spacer(1, 4), *heading, d, Spacer(1, 6), _caption(doc, "pump_caption", styles, parent)])]


def pump_line_problems(doc: Document, layout: Layout) -> list:
    out: list = []
    _pump_plan(doc, layout, _narrowest(layout), out)
    return out


# ---- the registry -----------------------------------------------------------------------------

FIGURES = {
    # after the section's text, which cites the schedule (no marker in the caption)
    "timeline": Figure(lambda doc, layout, styles, width, parent: timeline(doc, layout, styles, width, "", parent)
                       if doc.schedule else [], timeline_problems, first=False),
    "who-to-call": Figure(who_to_call, who_to_call_problems, first=True),
    "pump-line": Figure(pump_line, pump_line_problems, first=True),
}
assert set(FIGURES) == set(FIGURE_IDS), "layout.FIGURES names the drawings this registry draws"


def figure_problems(doc: Document, layout: Layout) -> list:
    """Every label of every figure the document prints that does not fit its room."""
    return [p for section in doc.body if section.figure in FIGURES for p in FIGURES[section.figure].problems(doc, layout)]


def draw_figure(doc: Document, section, first: bool, layout: Layout, styles: dict, width: float,
                parent: Elem) -> list:
    """The section's figure if it goes at this end of the section (typeset's hook)."""
    kind = FIGURES.get(section.figure)
    return kind.draw(doc, layout, styles, width, parent) if kind and kind.first == first else []
