"""Typeset stage: lay a Document out as a handout PDF with ReportLab, in memory.

Styles, geometry and words all come from the Layout; this module only turns
them into flowables. Every string is escaped by markup.paragraph() first.
"""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from handout import rlext
from handout.assemble import GROUP_WORD, Document, Item, Section, long_date
from handout.collation import sort_key
from handout.errors import InputError, Problem
from handout.figures import calendar_page
from handout.fonts import register_family
from handout.layout import Layout
from handout.markup import escape, paragraph, spacing
from handout.pictures import draw_figure
from handout.rlext import Paragraph
from handout.rlext.tagging import (END, LBODY, LINK, PAGINATION, REFERENCE, Elem, TaggedCanvas, Tagger, emphasis, tag,
                                    tagged)


rlext.install()  # speed-ups, Chinese line breaking and tagged PDF: see rlext/__init__.py


def typeset_handout(doc: Document, layout: Layout, paper: str) -> bytes:
    family = register_family(*layout.fonts)
    bold = layout.fonts[1].rsplit(".", 1)[0]
    styles = _styles(layout, family, bold)
    width, height = layout.papers[paper]
    m = layout.margins
    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out, pagesize=(width, height), invariant=1,
        leftMargin=m["left"], rightMargin=m["right"], topMargin=m["top"], bottomMargin=m["bottom"],
        title=spacing(doc.words["pdf_title"]), author=doc.clinic.name if doc.clinic else doc.words["pdf_author"],
        subject=spacing(doc.words["pdf_subject"]),
        creator="handout", producer="handout (ReportLab)", lang=doc.locale,
        initialFontName=family,  # ReportLab's default, Helvetica, would be referenced but never embedded
    )
    # The structure tree is built in reading order beside the story: title, the call box,
    # the sections, words to know, sources, the calendar, then the footer's notices.
    tagger = Tagger()
    root = tagger.root
    story = _title(doc, styles, root) + _callbox(doc, layout, styles, pdf.width, root)
    story += _keypoints(doc, layout, styles, pdf.width, root)
    for section in doc.body:
        story += _section(doc, section, styles, layout, pdf.width, root)
    story += _glossary(doc, styles, root)
    story += _sources(doc, styles, layout, root, tagger)
    if doc.calendar:  # last, so the page can be torn off and kept on the fridge
        story += calendar_page(doc, layout, styles, pdf.width,
                               lambda n: layout.word("calendar_day", doc.audience, n=n), root)
    notices = [root.add("P") for _ in range(1 if doc.reviewed_translation else 2)]
    pdf.build(story, canvasmaker=_furniture_canvas(doc, layout, family, (width, height), tagger, notices))
    return out.getvalue()


def _colour(layout: Layout, name: str):
    return colors.HexColor(layout.colours.get(name, layout.colours["ink"]))


def _styles(layout: Layout, family: str, bold: str) -> dict:
    out = {}
    for name, s in layout.styles.items():
        out[name] = ParagraphStyle(
            name, fontName=bold if s.bold else family, fontSize=s.size, leading=s.leading,
            textColor=_colour(layout, s.colour), spaceBefore=s.space_before, spaceAfter=s.space_after,
            leftIndent=s.indent, alignment=TA_LEFT, keepWithNext=(name == "heading"),
            wordWrap=layout.word_wrap,
        )
    return out


MARKER_COLOUR = "#595959"  # 7:1 on white: traceable, but quieter than the black text (PEMAT-P 2)


def _cite_marker(numbers: tuple, style: ParagraphStyle) -> str:
    """[1,2] raised and smaller, tagged as a Reference to the numbered sources."""
    if not numbers:
        return ""
    size = round(style.fontSize * 0.72, 1)
    return (f'{REFERENCE}<super><font size="{size}" color="{MARKER_COLOUR}">[{_ranges(numbers)}]</font></super>'
            f'{END}')


def _cite_line(numbers: tuple, label: str, style: ParagraphStyle) -> str:
    """"Sources [1–3]" in grey at the smallest reading size, on its own line under a list of steps;
    the numbers in brackets are the Reference, as in a marker."""
    size = min(style.fontSize, 12)
    return (f'<font size="{size}" color="{MARKER_COLOUR}">{escape(label)} {REFERENCE}[{_ranges(numbers)}]{END}'
            f'</font>')


def _ranges(numbers) -> str:
    """"2,15–19" for 2,15,16,17,18,19: a short marker distracts less (PEMAT-P 2); three or more
    numbers in a row make a range."""
    runs, out = [], []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        out += [f"{run[0]}\u2013{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
    return ",".join(out)


def _hanging(base: ParagraphStyle, name: str, label: str, space_after: float | None = None) -> ParagraphStyle:
    """A list item's style: its label ("•", "10.") at the base indent, and every line of its text,
    the first too, at one indent. ReportLab starts the first line after the label plus 0.6 em when
    the indent is narrower (Noto Sans SC's "•" is 1 em wide): the indent is that, at least."""
    gap = max(11.0, stringWidth(label, base.fontName, base.fontSize) + 0.6 * base.fontSize)
    return ParagraphStyle(name, parent=base, bulletIndent=base.leftIndent, leftIndent=base.leftIndent + gap,
                          bulletFontName=base.fontName, bulletFontSize=base.fontSize,
                          spaceAfter=base.spaceAfter if space_after is None else space_after)


def _item_flowables(item: Item, styles: dict, parent: Elem, body: str = "body", bullet: str = "bullet",
                    note: str = "", locale: str = "en", cite: bool = True, cite_label: str = "") -> list:
    """One block: its paragraph, bullets and numbered steps. Its citation marker goes once, at the
    very end of the block, never mid-way (none at all in the call box, where it would distract)."""
    marker = _cite_marker(item.cites, styles[body]) if cite else ""
    out = []
    lang = "en" if item.fallback and locale != "en" else None  # read with English pronunciation
    if item.heading:  # one idea per chunk, named (CDC index 9)
        out.append(tag(Paragraph(emphasis(paragraph(item.heading)), styles["subheading"]),
                       parent.add("H3", lang=lang)))
    if item.fallback:  # printed in English: say so where it stands
        out.append(tag(Paragraph(emphasis(f"<i>{escape(note)}</i>"), styles[body]), parent.add("P")))
    if item.text:
        lead_in = bool(item.items or item.steps)  # "If the pump alarms:" stays on the page of its list
        style = ParagraphStyle(f"{styles[body].name}-lead", parent=styles[body], keepWithNext=True) if lead_in \
            else styles[body]
        out.append(tag(Paragraph(emphasis(paragraph(item.text)) + ("" if lead_in else marker), style),
                       parent.add("P", lang=lang)))
    if item.items:
        # Paragraph's own bullet keeps "•" and its text in one run, so text extraction
        # and screen readers get "• item" rather than a lone bullet.
        base = styles[bullet]
        style = _hanging(base, f"{base.name}-item", "•")
        last_style = _hanging(base, f"{base.name}-last", "•", styles[body].spaceAfter)
        last = len(item.items) - 1
        last_kid = parent.kids[-1] if parent.kids else None
        if isinstance(last_kid, Elem) and last_kid.role == "L" and last_kid.lang == lang:
            items = last_kid  # the bullets of consecutive blocks read as one list
        else:
            items = parent.add("L", lang=lang, attrs={"O": "List", "ListNumbering": "Disc"})
        for i, t in enumerate(item.items):
            li = items.add("LI")
            label = li.add("Lbl")
            end = marker if i == last and not item.steps else ""
            out.append(tag(Paragraph(emphasis(paragraph(t)) + end, last_style if i == last else style,
                                     bulletText="•"), li.add("LBody"), label))
    if item.steps:
        # after step 5, "[1–3]" would read as "see steps 1 to 3": the sources get a line of their own
        out += _steps(item.steps, styles[bullet], styles[body].spaceAfter, parent, lang)
        if marker:
            out.append(tag(Paragraph(_cite_line(item.cites, cite_label, styles[body]), styles[body]), parent.add("P")))
    if item.heading and len(out) > 1:  # a sub-heading never ends a page alone (tagged flowables lose keepWithNext)
        out[:2] = [_together(out[:2])]
    return out


def _together(flowables: list) -> KeepTogether:
    """One KeepTogether of these flowables, any KeepTogether among them opened up: ReportLab
    moves a KeepTogether nested in another to a new page even when it would fit."""
    flat = []
    for f in flowables:
        flat += f._content if isinstance(f, KeepTogether) else [f]
    return KeepTogether(flat)


def _steps(steps: tuple, base: ParagraphStyle, space_after: float, parent: Elem, lang) -> list:
    """Numbered steps: a list numbered 1, 2, 3 (L with Decimal numbering), each step kept whole
    on one page, so nobody turns a page in the middle of an instruction."""
    widest = max((f"{n}." for n in range(1, len(steps) + 1)), key=lambda t: stringWidth(t, base.fontName, base.fontSize))
    style = _hanging(base, f"{base.name}-step", widest, base.spaceAfter + 2)
    last_style = _hanging(base, f"{base.name}-step-last", widest, space_after)
    steps_list = parent.add("L", lang=lang, attrs={"O": "List", "ListNumbering": "Decimal"})
    out, last = [], len(steps) - 1
    for i, text in enumerate(steps):
        li = steps_list.add("LI")
        label = li.add("Lbl")
        para = Paragraph(emphasis(paragraph(text)), last_style if i == last else style, bulletText=f"{i + 1}.")
        out.append(KeepTogether([tag(para, li.add("LBody"), label)]))
    return out


def _title(doc: Document, styles: dict, root: Elem) -> list:
    out = [tag(Paragraph(paragraph(doc.words["title"]), styles["title"]), root.add("H1"))]
    if doc.words.get("pronunciation"):  # empty when the locale has no respelling (assemble)
        out.append(tag(Paragraph(emphasis(paragraph(doc.words["pronunciation"])), styles["subtitle"]), root.add("P")))
    out.append(tag(Paragraph(emphasis(paragraph(doc.words["subtitle"])), styles["subtitle"]), root.add("P")))
    out.append(Spacer(1, 10))
    return out


def _callbox(doc: Document, layout: Layout, styles: dict, width: float, root: Elem) -> list:
    """The "call right away" box: a section with its heading, what to call about, the phone
    numbers (a table: label, number), then what is an emergency. The box itself is drawn as an artifact."""
    if not doc.callbox:
        return []
    box = layout.extra["callbox"]
    pad = box["padding"]
    inner = width - 2 * pad
    sect = root.add("Sect")
    title = tag(Paragraph(paragraph(doc.words["callbox_title"]), styles["callbox_title"]), sect.add("H2"))

    def items(emergency: bool) -> list:
        return [f for section in doc.callbox if (section.id == "emergency") == emergency for item in section.items
                for f in _item_flowables(item, styles, sect, "callbox_body", "callbox_body",
                                         doc.words["fallback_note"], doc.locale, cite=False)]
    call = items(False)
    phones = _phones(doc, styles, inner, sect)
    emergency = items(True)
    rows = [[title], [call]]
    rows.append([phones])
    if emergency:
        rows.append([emergency])
    table = Table(rows, colWidths=[width])
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), box["border_width"], _colour(layout, "callbox_border")),
        ("BACKGROUND", (0, 0), (-1, 0), _colour(layout, "callbox_bar")),
        ("BACKGROUND", (0, 1), (-1, -1), _colour(layout, "callbox_fill")),
        ("LINEABOVE", (0, 2), (-1, -1), 1.2, _colour(layout, "callbox_border")),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6), ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), styles["body"].fontName),
    ]))
    return [table, Spacer(1, 12)]


KEYPOINT_LINES = 5  # a summary a reader takes in at a glance (PEMAT item 11)


def _keypoint_lines(doc: Document, section, body: list, width: float) -> Problem | None:
    """The problem if the key points wrap to more than KEYPOINT_LINES lines at this width: named at
    the point that wraps most, in its PO entry for a translation (that is where to shorten it)."""
    counts = []
    for f in body:  # each point is one bulleted Paragraph: count the lines it wraps to
        f.wrap(width, 10_000)
        counts.append(len(f.blPara.lines))
    lines = sum(counts)
    if lines <= KEYPOINT_LINES:
        return None
    item = section.items[0]
    k = max(range(len(counts)), key=counts.__getitem__)
    file, line = (item.places[k] if k < len(item.places) and item.places[k] else (item.file, item.line))
    return Problem(file, line, f"block {item.block_id!r} ({doc.audience}, {doc.locale}): the key points take "
                               f"{lines} lines; keep them to {KEYPOINT_LINES} (shorter points, or fewer; "
                               f"this point takes {counts[k]})")


def keypoint_problems(doc: Document, layout: Layout) -> list:
    """What `check` and a build report before typesetting: the key points at the narrowest paper."""
    family = register_family(*layout.fonts)
    styles = _styles(layout, family, layout.fonts[1].rsplit(".", 1)[0])
    m = layout.margins
    width = min(w for w, _ in layout.papers.values()) - m["left"] - m["right"]
    pad = layout.extra["callbox"]["padding"]
    out = []
    for section in doc.keypoints:
        body = [f for item in section.items for f in _item_flowables(item, styles, Tagger().root, "body", "bullet",
                                                                       doc.words["fallback_note"], doc.locale,
                                                                       cite=False)]
        found = _keypoint_lines(doc, section, body, width - 2 * pad)
        out += [found] if found else []
    return out


def _keypoints(doc: Document, layout: Layout, styles: dict, width: float, root: Elem) -> list:
    """The few things that matter most, in a framed box after the call box: a section with its
    heading, bullets without citation markers, at most KEYPOINT_LINES lines in all."""
    out = []
    for section in doc.keypoints:
        pad = layout.extra["callbox"]["padding"]
        sect = root.add("Sect")
        rows = [[tag(Paragraph(paragraph(section.heading), styles["heading"]), sect.add("H2"))]]
        body = [f for item in section.items for f in _item_flowables(item, styles, sect, "body", "bullet",
                                                                       doc.words["fallback_note"], doc.locale,
                                                                       cite=False)]
        found = _keypoint_lines(doc, section, body, width - 2 * pad)
        if found:
            raise InputError([found])
        rows.append([body])
        table = Table(rows, colWidths=[width])
        table.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 2, _colour(layout, "accent")),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (0, 0), 0), ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.4),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), styles["body"].fontName),
        ]))
        out += [KeepTogether([table]), Spacer(1, 8)]  # the box is read whole, never split over a page
    return out


def _phones(doc: Document, styles: dict, width: float, parent: Elem) -> Table:
    """The clinic's numbers, or labelled blank lines to write them in by hand."""
    style = styles["callbox_body"]
    labels = [doc.words["clinic_label"], doc.words["daytime_label"], doc.words["after_hours_label"]]
    clinic = doc.clinic
    values = [clinic.name, clinic.daytime_phone, clinic.after_hours_phone] if clinic else ["", "", ""]
    if clinic and clinic.address:
        labels.append(doc.words["address_label"])
        values.append(clinic.address)
    bold_style = ParagraphStyle("phone", parent=style, fontName=styles["callbox_title"].fontName)
    rows = []
    table = parent.add("Table")
    for label, value in zip(labels, values):
        tr = table.add("TR")
        rows.append([tag(Paragraph(paragraph(label), style), tr.add("TH", attrs={"O": "Table", "Scope": "Row"})),
                     tag(Paragraph(escape(value), bold_style), tr.add("TD"))])
    label_width = width * 0.42
    t = Table(rows, colWidths=[label_width, width - label_width])
    # blank lines get room above them to write on; a label that wraps (in a longer language) grows its row
    commands = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("FONTNAME", (0, 0), (-1, -1), style.fontName),
                ("TOPPADDING", (0, 0), (-1, -1), 2 if clinic else style.leading * 0.9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if not clinic:
        commands.append(("LINEBELOW", (1, 0), (1, -1), 0.8, colors.black))
    t.setStyle(TableStyle(commands))
    return t


def _section(doc: Document, section: Section, styles: dict, layout: Layout, width: float, root: Elem) -> list:
    sect = root.add("Sect")
    out = [tag(Paragraph(paragraph(section.heading), styles["heading"]), sect.add("H2"))]
    out += draw_figure(doc, section, True, layout, styles, width, sect)  # a drawing that opens the section
    for item in section.items:
        out += _item_flowables(item, styles, sect, note=doc.words["fallback_note"], locale=doc.locale,
                               cite_label=doc.words["cite_label"])
    out += draw_figure(doc, section, False, layout, styles, width, sect)  # no marker in a caption
    if section.write_lines:
        rows = [[""] for _ in range(section.write_lines)]
        lines = Table(rows, colWidths=[width], rowHeights=styles["body"].leading * 1.6)
        lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, _colour(layout, "rule")),
                                   ("FONTNAME", (0, 0), (-1, -1), styles["body"].fontName)]))
        # the lines stay whole and with the text that asks for them: never a page of bare rules
        out.append(_together([out.pop(), lines]) if len(out) > 2 else lines)
    # Keep a heading with its first block so a heading never ends a page alone.
    return [_together(out[:2])] + out[2:]


def _glossary(doc: Document, styles: dict, root: Elem) -> list:
    if not doc.glossary:
        return []
    sect = root.add("Sect")
    out = [tag(Paragraph(paragraph(doc.words["glossary_heading"]), styles["heading"]), sect.add("H2"))]
    separator = escape(doc.words["glossary_separator"])  # "：" in Chinese
    key = sort_key(doc.locale)  # the order readers of the language expect (collation.py)
    for term, definition, cites in sorted(doc.glossary, key=lambda entry: key(entry[0])):
        out.append(tag(Paragraph(emphasis(f"<b>{paragraph(term)}</b>{separator}{paragraph(definition)}")
                                 + _cite_marker(cites, styles["glossary"]), styles["glossary"]), sect.add("P")))
    return out


FULL_WIDTH_STOPS = tuple("。！？；：，、）")  # Chinese punctuation whose glyph ends in its own space


def _sources(doc: Document, styles: dict, layout: Layout, root: Elem, tagger: Tagger) -> list:
    """On a sheet of their own (a reader may set it aside), numbered lists of at most a few
    sources each under their group's sub-heading (the number its Lbl); each address a link."""
    if not doc.sources:
        return []
    sect = root.add("Sect")
    out = [PageBreak(), tag(Paragraph(paragraph(doc.words["sources_heading"]), styles["heading"]), sect.add("H2"))]
    if doc.words.get("sources_note"):  # before the list: a reader learns first that they may skip it
        out.append(tag(Paragraph(emphasis(paragraph(doc.words["sources_note"])), styles["sources"]), sect.add("P")))
    hanging = ParagraphStyle("src", parent=styles["sources"], leftIndent=22, firstLineIndent=-22)
    numbered, group, heading = None, object(), []
    for number, src in doc.sources:
        if src.group != group:  # assemble numbered each group's sources in a run
            group = src.group
            word = doc.words.get(f"{GROUP_WORD}{group}") if group else None
            if word:  # kept with the group's first source below
                heading = [tag(Paragraph(emphasis(paragraph(word)), styles["subheading"]), sect.add("H3"))]
            numbered = sect.add("L", attrs={"O": "List", "ListNumbering": "Decimal"})
        parts = [f"{src.publisher}.", f"“{src.title}.”"]
        if src.date:
            word = {"updated": "source_updated", "reviewed": "source_reviewed"}.get(src.date_means, "source_dated")
            parts.append(layout.word(word, doc.audience, date=long_date(src.date, doc.locale)))
        if src.revision:
            parts.append(layout.word("source_revised", doc.audience, revision=src.revision))
        text = escape(spacing(" ".join(parts)))
        if src.url:
            tagger.link_contents[src.url] = f"{src.publisher}: {src.title}"  # what the link leads to
            href = escape(src.url).replace('"', "&quot;")
            space = "" if text.endswith(FULL_WIDTH_STOPS) else " "  # "。" carries its own space
            text += f'{space}{LINK}<a href="{href}">{escape(src.url)}</a>{END}'
        # whole on one page: a link split over two pages would be tagged as a link on the first only
        out.append(KeepTogether(heading + [tag(Paragraph(f"{number}.{LBODY}&nbsp;&nbsp;" + text, hanging),
                                               numbered.add("LI").add("Lbl"))]))
        heading = []
    return out


def _furniture_canvas(doc: Document, layout: Layout, family: str, pagesize, tagger: Tagger, notices: list):
    """A canvas class that draws header and footer once the page count is known. Header, rule,
    version and page number are artifacts; the footer's notices are content on page 1 (notices,
    at the end of the structure tree) and artifacts where they repeat."""
    header_style, footer_style = layout.styles["header"], layout.styles["footer"]
    m = layout.margins
    width, height = pagesize

    class FurnitureCanvas(TaggedCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, tagger=tagger, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw(self._pageNumber, total)
                super().showPage()
            super().save()

        def _draw(self, page: int, total: int):
            with tagged(self, PAGINATION):  # running header and footer; the notices on page 1 are content
                self._furniture(page, total)

        def _furniture(self, page: int, total: int):
            ink = _colour(layout, "ink")
            self.setFillColor(_colour(layout, header_style.colour))
            self.setFont(family, header_style.size)
            top = height - m["top"] + 18
            if page > 1:
                self.drawString(m["left"], top, spacing(doc.words["header"]))
            if doc.clinic:
                self.drawRightString(width - m["right"], top, doc.clinic.name)
            self.setStrokeColor(_colour(layout, "rule"))
            self.setLineWidth(0.6)
            base = m["bottom"] - 18
            self.line(m["left"], base + footer_style.leading + 4, width - m["right"], base + footer_style.leading + 4)
            self.setFillColor(ink)
            self.setFont(family, footer_style.size)
            with tagged(self, notices[0] if page == 1 else PAGINATION):
                self.drawString(m["left"], base, spacing(doc.words["footer_disclaimer"]))
            self.drawString(m["left"], base - footer_style.leading, spacing(doc.words["footer_version"]))
            self.drawRightString(width - m["right"], base - footer_style.leading,
                                 spacing(layout.word("footer_page", doc.audience, page=page, pages=total)))
            if not doc.reviewed_translation:
                with tagged(self, notices[1] if page == 1 else PAGINATION):
                    self.drawString(m["left"], base - 2 * footer_style.leading, spacing(doc.words["translation_unreviewed"]))

    return FurnitureCanvas
