"""The translator's proof: English and translation side by side, block by block, with each
entry's status and check results, on paper a reviewing translator can mark up."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from handout.entry_checks import Checker
from handout.fonts import register_family
from handout.glyphs import unprintable
from handout.i18n import templates
from handout.localize import Translation
from handout.markup import escape, paragraph
from handout.rlext import tagging
from handout.rlext.tagging import Tagger, emphasis, tag


def _printable(text: str, fonts: tuple) -> str:
    """The text with each character the proof's font cannot draw written as [U+XXXX]: the proof
    shows what is there instead of an empty box (which PDF/UA forbids, and a reviewer cannot read)."""
    missing = set(unprintable(text, fonts))
    return "".join(f"[U+{ord(ch):04X}]" if ch in missing else ch for ch in text) if missing else text


def typeset_proof(project, tr: Translation) -> bytes:
    """tr names the locale; every entry is checked as `handout i18n status` checks it (the build's
    checks, glyphs in the locale's fonts, length limits, terminology)."""
    layout = project.handout_layout
    fonts, wrap = layout.locale_fonts.get(tr.locale, (layout.fonts, layout.word_wrap))  # Chinese needs its font
    catalogs = templates(project).catalogs
    checker = Checker(project, tr.locale, catalogs)
    family = register_family(*fonts)
    bold = fonts[1].rsplit(".", 1)[0]
    cell = ParagraphStyle("cell", fontName=family, fontSize=9.5, leading=12)
    translated = ParagraphStyle("translated", parent=cell, wordWrap=wrap)
    small = ParagraphStyle("small", parent=cell, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
    head = ParagraphStyle("head", fontName=bold, fontSize=15, leading=19, spaceAfter=6)
    sub = ParagraphStyle("sub", fontName=bold, fontSize=11.5, leading=14, spaceBefore=10, spaceAfter=4)
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=layout.papers["a4"], invariant=1, initialFontName=family,
                            title=f"Translation proof: {tr.locale}", author="handout", lang=tr.locale,
                            leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36)
    width = pdf.width
    review = "reviewed by a qualified medical translator" if tr.reviewed else \
        "NOT yet reviewed by a qualified medical translator"
    tagger = Tagger()
    root = tagger.root
    story = [tag(Paragraph(escape(f"Translation proof: {tr.locale}"), head), root.add("H1")),
             tag(Paragraph(escape(f"Status: {review}. Each row: the English, the translation, and what the checks "
                                  "found (numbers, placeholders, bold marks, characters the locale's font cannot "
                                  "draw, length limits, terminology; fuzzy or missing). A character the font "
                                  "cannot draw is shown as [U+XXXX]."), cell),
                 root.add("P"))]
    counts_para = root.add("P")
    counts = {"ok": 0, "to fix": 0}
    head_cells = [escape("English"), escape(f"Translation ({tr.locale})"), escape("Status")]
    for name, catalog in catalogs.items():
        sect = root.add("Sect")
        caption = tag(Paragraph(escape(f"Catalog: {name}"), sub), sect.add("H2"))
        table = sect.add("Table")
        tr_el = table.add("TR")
        rows, group = [[tag(Paragraph(f"<b>{h}</b>", cell), tr_el.add("TH", attrs={"O": "Table", "Scope": "Column"}))
                        for h in head_cells]], None
        for msg in catalog:
            if not msg.id:
                continue
            key = msg.context.rsplit("|", 1)[0]
            if key != group:
                group = key
                tr_el = table.add("TR")
                rows.append([tag(Paragraph(f"<b>{escape(key)}</b>", cell),
                                 tr_el.add("TD", attrs={"O": "Table", "ColSpan": 3})), "", ""])
            entry = checker.check(name, msg.context, msg.id)
            shown = _printable(entry.shown, fonts)
            status = "ok" if entry.ok else "; ".join(
                [*([] if entry.state == "translated" else
                   [entry.state if entry.state == "missing" else "fuzzy: the English changed; check the translation "
                                                                 "and remove the fuzzy flag"]),
                 *(message for _, message in entry.failures)])
            counts["ok" if entry.ok else "to fix"] += 1
            tr_el = table.add("TR")
            lang = tr.locale
            rows.append([tag(Paragraph(emphasis(paragraph(_printable(msg.id, fonts))), cell), tr_el.add("TD", lang="en")),
                         tag(Paragraph(emphasis(paragraph(shown)) or "—", translated), tr_el.add("TD", lang=lang)),
                         tag(Paragraph(escape(_printable(f"{msg.context.rsplit('|', 1)[-1]}: {status}", fonts)), small),
                             tr_el.add("TD", lang="en"))])
        table = Table(rows, colWidths=[width * 0.4, width * 0.4, width * 0.2], repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("FONTNAME", (0, 0), (-1, -1), family)]
        for i, row in enumerate(rows):
            if row[1] == "":
                style += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#E8EEF4"))]
        table.setStyle(TableStyle(style))
        story += [caption, table, Spacer(1, 8)]
    story.insert(2, tag(Paragraph(escape(f"{counts['ok']} entries pass, {counts['to fix']} need work."), cell),
                        counts_para))
    pdf.build(story, canvasmaker=tagging.canvasmaker(tagger))
    return out.getvalue()
