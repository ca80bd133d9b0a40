"""The editors' review report: a PDF with each document's reading grades as a chart (before and
after each block's rewrite, against the target), lint findings, citation coverage and review dates."""
from __future__ import annotations

import datetime as _dt
import io
from collections import Counter

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from handout.content import Library
from handout.fonts import register_family
from handout.layout import Layout
from handout.markup import escape
from handout.reading_check import DocReading
from handout.rlext import tagging
from handout.rlext.tagging import Elem, Tagger, tag

BEFORE, AFTER, TARGET = colors.HexColor("#B8B8B8"), colors.HexColor("#1F4E79"), colors.HexColor("#C00000")


def _styles(family: str, bold: str) -> dict:
    base = dict(fontName=family, fontSize=10, leading=13)
    return {
        "title": ParagraphStyle("t", fontName=bold, fontSize=18, leading=22, spaceAfter=6),
        "h": ParagraphStyle("h", fontName=bold, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "p": ParagraphStyle("p", **base, spaceAfter=4),
        "cell": ParagraphStyle("c", fontName=family, fontSize=8.5, leading=10.5),
    }


def _chart(reading: DocReading, family: str, width: float) -> Drawing:
    blocks = list(reversed(reading.blocks))  # the chart draws from the bottom: first block at the top
    row = 15
    height = len(blocks) * row + 60
    values = [b.before for b in blocks if b.before is not None] + [b.after for b in blocks if b.after is not None]
    low, high = min([0.0] + values), max([reading.target + 2] + values)
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 35, width - 170, len(blocks) * row
    chart.data = [[b.before or 0 for b in blocks], [b.after or 0 for b in blocks]]
    chart.categoryAxis.categoryNames = [b.block_id + (" *" if b.exempt else "") for b in blocks]
    chart.categoryAxis.labels.fontName = family
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = (int(low) - 1 if low < 0 else 0), int(high) + 1
    chart.valueAxis.valueStep = 10 if reading.ease else 2  # an ease score runs to about 100
    chart.valueAxis.labels.fontName = family
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor, chart.bars[1].fillColor = BEFORE, AFTER
    chart.bars.strokeWidth = 0
    chart.barSpacing, chart.groupSpacing = 0.5, 3
    d.add(chart)
    scale = chart.width / (chart.valueAxis.valueMax - chart.valueAxis.valueMin)
    x = chart.x + (reading.target - chart.valueAxis.valueMin) * scale
    d.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=TARGET, strokeWidth=1.2, strokeDashArray=[4, 2]))
    target = f"target: at least {reading.target:g}" if reading.ease else f"target: grade {reading.target:g}"
    d.add(String(x + 3, chart.y + chart.height + 4, target, fontName=family, fontSize=8, fillColor=TARGET))
    axis = f"{reading.gate_name} (higher is easier)" if reading.ease else "Flesch-Kincaid grade"
    d.add(String(chart.x + chart.width / 2, 5, axis, fontName=family, fontSize=8, textAnchor="middle"))
    legend = Legend()
    legend.x, legend.y = 10, height - 8
    legend.fontName, legend.fontSize = family, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(BEFORE, "before: the clinical facts"), (AFTER, "after: what the reader gets")]
    d.add(legend)
    return d


def _chart_alt(reading: DocReading) -> str:
    def grade(g):
        return "none" if g is None else f"{g:.1f}"
    what = (f"{reading.gate_name} scores (higher is easier) per block, against the lowest allowed score"
            if reading.ease else "Flesch-Kincaid grades per block, before and after, against the target grade")
    return (f"Bar chart of {what} {reading.target:g}: " + "; ".join(f"{b.block_id}{' (exempt)' if b.exempt else ''} "
                                                f"{grade(b.before)} before, {grade(b.after)} after"
                                                for b in reading.blocks) + ".")


def _locale_styles(st: dict, layout: Layout, locale: str) -> dict:
    """The styles with a cell font that has the locale's script (findings quote translated text)."""
    fonts, wrap = layout.locale_fonts.get(locale, (layout.fonts, layout.word_wrap))
    if fonts == layout.fonts:
        return st
    cell = ParagraphStyle(f"c-{locale}", parent=st["cell"], fontName=register_family(*fonts), wordWrap=wrap)
    return dict(st, cell=cell)


def _table(rows: list, widths: list, styles: dict, parent: Elem, lang: str | None = None) -> Table:
    """A data table: its first row header cells; lang: the language of the cells after the first column."""
    table = parent.add("Table")
    data = []
    for i, r in enumerate(rows):
        tr = table.add("TR")
        data.append([tag(Paragraph(escape(str(c)), styles["cell"]),
                         tr.add("TH", attrs={"O": "Table", "Scope": "Column"}) if i == 0
                         else tr.add("TD", lang=lang if j and lang != "en" else None))
                     for j, c in enumerate(r)])
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName)]))
    return t


def typeset_report(library: Library, readings: list, layout: Layout, today: _dt.date) -> bytes:
    family = register_family(*layout.fonts)
    bold = layout.fonts[1].rsplit(".", 1)[0]
    st = _styles(family, bold)
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=layout.papers["a4"], invariant=1, initialFontName=family,
                            title="handout content review report", author="handout", lang="en",
                            leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40)
    w = pdf.width
    tagger = Tagger()
    root = tagger.root
    story = [tag(Paragraph("Content review report", st["title"]), root.add("H1")),
             tag(Paragraph(escape(f"Review dates as of {today.isoformat()}. Grades are Flesch-Kincaid; bars show each "
                              "block's clinical facts (before) and the text the reader gets (after). Spanish "
                              "is scored on Fernández-Huerta reading ease, where higher is easier; Chinese has "
                              "no agreed formula and is not scored. * marks a block exempt from the target."), st["p"]), root.add("P"))]
    for reading in readings:
        doc = reading.document
        scores = ", ".join(f"{k.replace('_', ' ')} {v:.1f}" for k, v in doc.scores.items() if v is not None)
        over = [b.block_id for b in reading.blocks if b.over]
        sect = root.add("Sect")
        story += [tag(Paragraph(escape(f"{reading.drug} · {reading.audience} · {reading.locale} · {reading.format}"),
                                st["h"]), sect.add("H2")),
                  tag(Paragraph(escape(f"Whole document: {scores}. Blocks {'below' if reading.ease else 'above'} target: "
                                       f"{', '.join(over) if over else 'none'}."), st["p"]), sect.add("P")),
                  tag(_chart(reading, family, w), sect.add("Figure", alt=_chart_alt(reading)))]
        findings = [(b.block_id, f) for b in reading.blocks for f in b.lints]
        if findings:
            story += [Spacer(1, 6), _table([("block", "plain-language finding")] + findings, [110, w - 110],
                                           _locale_styles(st, layout, reading.locale), sect, reading.locale)]
        story.append(PageBreak())
    for drug in library.drugs.values():
        sect = root.add("Sect")
        story.append(tag(Paragraph(escape(f"{drug.brand_name} ({drug.generic_name}): citation coverage"), st["h"]),
                         sect.add("H2")))
        cited = Counter(k for b in drug.blocks for k in b.cites)
        alone = {k: [b.id for b in drug.blocks if b.cites == (k,)] for k in drug.sources}
        rows = [("source", "publisher", "blocks citing it", "blocks resting on it alone")]
        rows += [(k, s.publisher, cited.get(k, 0), ", ".join(alone[k]) or "none") for k, s in drug.sources.items()]
        story.append(_table(rows, [60, 150, 70, w - 280], st, sect))
        story.append(tag(Paragraph(escape(f"{len(drug.blocks)} blocks, every one citing at least one source; "
                                          f"{sum(1 for b in drug.blocks if b.safety_critical)} safety-critical."),
                                   st["p"]), sect.add("P")))
        sect = root.add("Sect")
        story.append(tag(Paragraph(escape(f"{drug.brand_name}: review dates"), st["h"]), sect.add("H2")))
        rows = [("block", "last reviewed", "due", "status")]
        for b in sorted(drug.blocks, key=lambda b: b.review.due):
            status = "due" if today >= b.review.due else f"in {(b.review.due - today).days} days"
            rows.append((b.id, b.review.last.isoformat(), b.review.due.isoformat(), status))
        story.append(_table(rows, [150, 90, 90, w - 330], st, sect))
    pdf.build(story, canvasmaker=tagging.canvasmaker(tagger))
    return out.getvalue()
