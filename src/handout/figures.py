"""Drawings and tool pages for the handout: the treatment-cycle timeline (vector) and the
personal cycle calendar. Both read in black and white: every part is labelled, and colour
only repeats what a label or a pattern already says."""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from handout.assemble import Document
from handout.errors import Problem
from handout.fonts import register_family
from handout.layout import Layout
from handout.markup import escape, paragraph, spacing
from handout.rlext import Paragraph
from handout.rlext.tagging import Elem, emphasis, tag


def timeline(doc: Document, layout: Layout, styles: dict, width: float, marker: str, parent: Elem) -> list:
    """One cycle drawn to scale: medicine days, break days, the hospital start and the steroid first.
    Tagged as a Figure whose Alt text is the layout word timeline_alt (translated like any word)."""
    sch = doc.schedule
    words = doc.words
    body = styles["body"]
    font, bold, size = body.fontName, styles["heading"].fontName, body.fontSize
    ink = colors.HexColor(layout.colours["ink"])
    dark = colors.HexColor(layout.colours["accent"])
    rule = colors.HexColor(layout.colours["rule"])
    x0, bar_y, bar_h = 4, size + 10, size * 2.4
    scale = (width - 2 * x0) / sch.cycle_days
    med_w = sch.infusion_days * scale
    rows_above = 2 if sch.hospital_cycles and sch.steroid_before else 1
    height = bar_y + bar_h + 8 + rows_above * (size + 8)
    d = Drawing(width, height)
    # medicine: dark with white words; break: white, hatched, black words (reads without colour)
    d.add(Rect(x0, bar_y, med_w, bar_h, fillColor=dark, strokeColor=ink, strokeWidth=1))
    d.add(Rect(x0 + med_w, bar_y, sch.break_days * scale, bar_h, fillColor=colors.white, strokeColor=ink,
               strokeWidth=1))
    step = 7
    x = x0 + med_w + step
    while x < x0 + sch.cycle_days * scale + bar_h:
        x1, y1, x2, y2 = x - bar_h, bar_y, x, bar_y + bar_h
        if x1 < x0 + med_w:  # clip the hatch to the break segment
            y1 += (x0 + med_w - x1)
            x1 = x0 + med_w
        if x2 > x0 + sch.cycle_days * scale:
            y2 -= x2 - (x0 + sch.cycle_days * scale)
            x2 = x0 + sch.cycle_days * scale
        if y2 > y1:
            d.add(Line(x1, y1, x2, y2, strokeColor=rule, strokeWidth=0.6))
        x += step
    _label(d, spacing(words["timeline_medicine"]), x0 + med_w / 2, bar_y + bar_h / 2 - size * 0.35, bold, size,
           colors.white, med_w - 8)
    brk_mid = x0 + med_w + sch.break_days * scale / 2
    label = spacing(words["timeline_break"])
    lw = stringWidth(label, bold, size)
    d.add(Rect(brk_mid - lw / 2 - 3, bar_y + bar_h / 2 - size * 0.6, lw + 6, size * 1.3, fillColor=colors.white,
               strokeColor=None))
    _label(d, label, brk_mid, bar_y + bar_h / 2 - size * 0.35, bold, size, ink, sch.break_days * scale)
    # weeks under the bar
    for week in range(sch.cycle_days // 7 + (sch.cycle_days % 7 > 0)):
        left = x0 + week * 7 * scale
        d.add(Line(left, bar_y - 4, left, bar_y, strokeColor=ink, strokeWidth=0.8))
        right = min(left + 7 * scale, x0 + sch.cycle_days * scale)
        # a whole phrase per week ("Week {{ n }}", "第 {{ n }} 周"), never a word glued to a number here
        d.add(String((left + right) / 2, 2, spacing(layout.word("timeline_week", doc.audience, n=week + 1)),
                     fontName=font, fontSize=size, textAnchor="middle", fillColor=ink))
    # above the bar: the hospital start (a bracket over the first days) and the steroid first
    y = bar_y + bar_h + 4
    if sch.hospital_cycles:
        end = x0 + 3 * scale  # "the first few days": drawn, never numbered
        d.add(Line(x0, y, x0, y + 5, strokeColor=ink, strokeWidth=1.2))
        d.add(Line(x0, y + 5, end, y + 5, strokeColor=ink, strokeWidth=1.2))
        d.add(Line(end, y + 5, end + 2 * scale, y + 5, strokeColor=ink, strokeWidth=1.2, strokeDashArray=[2, 2]))
        d.add(String(end + 2 * scale + 6, y + 1, spacing(words["timeline_hospital"]), fontName=font, fontSize=size,
                     fillColor=ink))
        y += size + 8
    if sch.steroid_before:
        d.add(Polygon([x0 - 4, y + size + 2, x0 + 4, y + size + 2, x0, y + size - 5], fillColor=ink,
                      strokeColor=None))
        d.add(String(x0 + 8, y + 5, spacing(words["timeline_steroid"]), fontName=font, fontSize=size, fillColor=ink))
    # The Alt text says what the drawing shows: the cycle, then the labels drawn above the bar.
    stop = "。" if doc.locale.startswith("zh") else "."
    shown = [words["timeline_alt"]] + [words[k] for k, drawn in (("timeline_hospital", sch.hospital_cycles),
                                                                ("timeline_steroid", sch.steroid_before)) if drawn]
    tag(d, parent.add("Figure", alt=("" if stop == "。" else " ").join(
        t if t.endswith((".", "。", "!", "?")) else t + stop for t in shown)))
    caption = tag(Paragraph(emphasis(paragraph(words["timeline_caption"])) + marker, body), parent.add("P"))
    return [KeepTogether([Spacer(1, 4), d, Spacer(1, 6), caption])]


def _label(d: Drawing, text: str, cx: float, y: float, font: str, size: float, colour, room: float) -> None:
    d.add(String(cx, y, text, fontName=font, fontSize=size, textAnchor="middle", fillColor=colour))


def timeline_problems(doc: Document, layout: Layout) -> list:
    """Labels too long for their part of the timeline (a long translation): found before printing,
    because a label that ran past its bar would be white on white."""
    if not doc.schedule:
        return []
    register_family(*layout.fonts)
    body, bold = layout.styles["body"], layout.fonts[1].rsplit(".", 1)[0]
    m = layout.margins
    width = min(w for w, _ in layout.papers.values()) - m["left"] - m["right"] - 8
    scale = width / doc.schedule.cycle_days
    room = {"timeline_medicine": doc.schedule.infusion_days * scale - 8,
            "timeline_break": doc.schedule.break_days * scale - 8}
    out = []
    for word, space in room.items():
        need = stringWidth(spacing(doc.words[word]), bold, body.size)
        if need > space:
            out.append(Problem(layout.file, layout.word_lines.get(word, 0),
                               f"word {word!r} ({doc.locale}): {doc.words[word]!r} is {need - space:.0f} pt too long "
                               "for its part of the timeline; shorten it"))
    return out


def calendar_page(doc: Document, layout: Layout, styles: dict, width: float, day_word, root: Elem) -> list:
    """The weeks of one cycle, each day marked, then lines for bag changes and questions. Tagged as
    a section: heading, the dates, the key, the weeks as a table (weekday header cells), the bag
    log as a table; its ruled lines are artifacts."""
    sect = root.add("Sect")
    sect_title = tag(Paragraph(paragraph(doc.words["calendar_title"]), styles["heading"]), sect.add("H2"))
    dates = tag(Paragraph(emphasis(paragraph(doc.words["calendar_dates"])), styles["body"]), sect.add("P"))
    key = tag(Paragraph(emphasis(paragraph(doc.words["calendar_key"])), styles["body"]), sect.add("P"))
    weeks = sect.add("Table")
    cal, w = doc.calendar, doc.words
    body = styles["body"]
    cell = ParagraphStyle("cal", parent=body, fontSize=body.fontSize, leading=body.fontSize * 1.1, spaceAfter=0)
    head = ParagraphStyle("calh", parent=cell, fontName=styles["heading"].fontName, alignment=1)
    shade = colors.HexColor(layout.colours.get("calendar_medicine", "#D9E2EC"))
    hospital = colors.HexColor(layout.colours.get("calendar_hospital", "#9FB3C8"))
    tr = weeks.add("TR")
    rows = [[tag(Paragraph(escape(n), head), tr.add("TH", attrs={"O": "Table", "Scope": "Column"}))
             for n in cal.weekdays]]
    commands = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("FONTNAME", (0, 0), (-1, -1), body.fontName)]
    for r, week in enumerate(cal.weeks, start=1):
        row = []
        tr = weeks.add("TR")
        for c, day in enumerate(week):
            lines = [f"<b>{paragraph(day.label)}</b>"]
            if day.cycle_day:
                lines.append(paragraph(day_word(day.cycle_day)))
            if day.hospital:
                status = w["calendar_hospital"]
            elif day.hospital_start:
                status = w["calendar_start_hospital"]
            elif day.cycle_day == 1:
                status = w["calendar_start"]
            else:
                status = {"medicine": w["calendar_medicine"], "break": w["calendar_break"],
                          "next": w["calendar_next"]}.get(day.kind, "")
            if status:
                lines.append(paragraph(status))
            style = cell if day.kind else ParagraphStyle("out", parent=cell, textColor=colors.HexColor("#6B6B6B"))
            row.append(tag(Paragraph(emphasis("<br/>".join(lines)), style), tr.add("TD")))
            if day.kind == "medicine":
                commands.append(("BACKGROUND", (c, r), (c, r), hospital if day.hospital else shade))
            if day.kind == "next":
                commands.append(("BOX", (c, r), (c, r), 2.2, colors.black))
        rows.append(row)
    grid = Table(rows, colWidths=[width / 7] * 7, repeatRows=1)
    grid.setStyle(TableStyle(commands))
    # Bag changes and questions side by side, so the whole calendar stays on one page.
    left, right = width * 0.58, width * 0.42 - 12
    sub = ParagraphStyle("calsub", parent=styles["heading"], spaceBefore=0)
    bags_heading = tag(Paragraph(paragraph(w["calendar_bags"]), sub), sect.add("H3"))
    log = sect.add("Table")
    tr = log.add("TR")
    bag_rows = [[tag(Paragraph(escape(w[k]), head), tr.add("TH", attrs={"O": "Table", "Scope": "Column"}))
                 for k in ("calendar_bag_date", "calendar_bag_time", "calendar_bag_notes")]] + [["", "", ""]] * 4
    for _ in range(4):  # rows to write in
        tr = log.add("TR")
        for _ in range(3):
            tr.add("TD")
    questions = tag(Paragraph(paragraph(w["calendar_questions"]), sub), sect.add("H3"))
    bags = Table(bag_rows, colWidths=[left * 0.32, left * 0.24, left * 0.44], rowHeights=[None] + [21] * 4)
    bags.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                              ("FONTNAME", (0, 0), (-1, -1), body.fontName)]))
    lines = Table([[""]] * 5, colWidths=[right], rowHeights=21)
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.HexColor(layout.colours["rule"])),
                               ("FONTNAME", (0, 0), (-1, -1), body.fontName)]))
    bottom = Table([[[bags_heading, bags], [questions, lines]]],
                   colWidths=[left + 12, right])
    bottom.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 10),
                                ("FONTNAME", (0, 0), (-1, -1), body.fontName)]))
    return [PageBreak(), sect_title, dates, key, Spacer(1, 4), grid, bottom]
