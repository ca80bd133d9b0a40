"""Typeset stage for the wallet card: one exact-size card PDF (front, back) and
duplex print sheets with crop marks.

Text is set as large as the safe area allows, shrinking step by step to the
layout's floor; text that still does not fit fails the build and names the
block, never truncating silently. Each face is drawn once as a PDF form and
placed wherever a card goes, so every card on a sheet is identical.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

import handout.typeset  # noqa: F401  (its CJK line-start rules and speed-ups apply to cards too)
from handout.assemble import Document
from handout.errors import InputError, Problem
from handout.fonts import register_family
from handout.layout import Kind, Layout
from handout.markup import escape, paragraph
from handout.rlext import Paragraph
from handout.rlext.tagging import Elem, TaggedCanvas, Tagger, emphasis, tag

MM = 72 / 25.4
ABSOLUTE_MIN_SIZE = 6.5  # below this no card text is readable, whatever a layout says

CARD = Kind(
    places=("front", "back"), heading_places=(),
    required_styles=("title", "body", "bullet", "label"),
    reading_styles=("body", "bullet", "label"), min_reading_size=ABSOLUTE_MIN_SIZE,
    required_words=("title", "back_title", "patient_label", "care_team_label", "phone_label", "day_label",
                    "night_label", "pdf_title", "pdf_subject", "pdf_author", "fallback_note"),
    extra={
        "card": {k: ("number", True) for k in ("width_mm", "height_mm", "corner_radius_mm", "safe_mm", "bleed_mm",
                                               "bar_inset_mm", "write_line_mm")},
        "fit": {k: ("number", True) for k in ("max_size", "min_size", "step", "leading")},
        "sheet": {k: ("number", True) for k in ("gutter_mm", "mark_offset_mm", "mark_length_mm", "mark_width_pt")},
    },
)


def check_card_layout(layout: Layout) -> None:
    fit, card = layout.extra["fit"], layout.extra["card"]
    problems = []
    if fit["min_size"] < ABSOLUTE_MIN_SIZE:
        problems.append(Problem(layout.file, fit.line_of("min_size"),
                                f"fit: min_size {fit['min_size']} is below {ABSOLUTE_MIN_SIZE} pt, too small to read"))
    if fit["max_size"] < fit["min_size"] or fit["step"] <= 0:
        problems.append(Problem(layout.file, fit.line_of("max_size"),
                                "fit: max_size must be at least min_size, and step more than 0"))
    if card["safe_mm"] < 3:
        problems.append(Problem(layout.file, card.line_of("safe_mm"),
                                "card: safe_mm below 3 puts text where duplex printing and cutting can clip it"))
    if problems:
        raise InputError(problems)


@dataclass(frozen=True)
class Placed:
    """A fitted face: its flowables with positions (in card coordinates) and the size used."""

    size: float
    items: tuple  # (flowable, x, y_top)
    title: Paragraph  # wrapped to the safe width, at the size that fits
    bar_h: float


def _geometry(layout: Layout):
    c = layout.extra["card"]
    return c["width_mm"] * MM, c["height_mm"] * MM, c["safe_mm"] * MM


def _styles(layout: Layout, family: str, bold: str, size: float) -> dict:
    ratio = layout.extra["fit"]["leading"]
    out = {}
    for name, s in layout.styles.items():
        scaled = name != "title"
        fsize = size if scaled else s.size
        out[name] = ParagraphStyle(
            name, fontName=bold if s.bold else family, fontSize=fsize, wordWrap=layout.word_wrap,
            leading=fsize * ratio if scaled else s.leading,
            textColor=colors.HexColor(layout.colours.get(s.colour, layout.colours["ink"])),
            spaceAfter=s.space_after * (size / layout.extra["fit"]["max_size"]) if scaled else s.space_after,
        )
    return out


def _fit_title(text: str, layout: Layout) -> tuple[Paragraph, float]:
    """The title on one line if it can be (shrinking toward the fit floor), else on more lines
    with a taller bar: a title is never cut off. Returns the wrapped paragraph and the bar height."""
    width, _, safe = _geometry(layout)
    base = _title_style(layout)
    size, floor = base.fontSize, layout.extra["fit"]["min_size"]
    while True:
        style = ParagraphStyle("card-title", parent=base, fontSize=size, leading=size * base.leading / base.fontSize)
        title = Paragraph(escape(text), style)
        title.wrap(width - 2 * safe, 1000)
        if len(title.blPara.lines) == 1 or size - 0.25 < floor:
            return title, safe + title.height + 2
        size -= 0.25


def _face_content(doc: Document, face: str, layout: Layout, styles: dict) -> list:
    """(flowable, block or None) in reading order for one face."""
    out = []
    for section in doc.sections:
        if section.place != face:
            continue
        for item in section.items:
            if item.fallback:
                out.append((Paragraph(emphasis(f"<i>{escape(doc.words['fallback_note'])}</i>"), styles["body"]), item))
            lang = item.lang or ("en" if item.fallback and doc.locale != "en" else None)
            text = emphasis(_label(item, styles) + paragraph(item.text))
            if section.id == "call-now":
                # every line at one indent: the label's own width plus ReportLab's 0.6 em gap (a
                # Chinese font's "•" is 1 em wide, which pushed first lines right of the rest)
                b = styles["bullet"]
                indent = max(b.fontSize * 0.9, stringWidth("•", b.fontName, b.fontSize) + 0.6 * b.fontSize)
                style = ParagraphStyle("b", parent=b, leftIndent=indent, bulletIndent=0,
                                       bulletFontName=b.fontName, bulletFontSize=b.fontSize)
                out.append((_lang(Paragraph(text, style, bulletText="•"), lang), item))
            else:
                style = styles["body"]
                if item.lang and item.lang == doc.locale:  # the second language follows at once: one note
                    style = ParagraphStyle("pair", parent=style, spaceAfter=0)
                out.append((_lang(Paragraph(text, style), lang), item))
    if face == fields_face(doc):
        out += [(f, None) for f in _fields(doc, layout, styles, paired=face == "back")]
    return out


def fields_face(doc: Document) -> str:
    """Where the name and phone lines go: on the front, unless the note to doctors and nurses
    prints there in two languages and fills it; then on the back, under "call my care team", paired
    two to a row (the card has no room for both notes and three write-in lines on one face)."""
    twice = any(item.lang for s in doc.sections if s.place == "front" for item in s.items)
    return "back" if twice else "front"


def _label(item, styles: dict) -> str:
    """A note printed in two languages starts each copy with its language's name, in the label
    colour, so a nurse finds the one they read ("English:")."""
    if not item.label:
        return ""
    colour = styles["label"].textColor.hexval()[2:]
    gap = "" if item.label.endswith("：") else " "  # a full-width colon carries its own space (clreq)
    return f'<font color="#{colour}"><i>{escape(item.label)}</i></font>{gap}'


def _lang(flowable, lang):
    flowable._text_lang = lang  # tagged with its own Lang when drawn (the English fallback)
    return flowable


def _fields(doc: Document, layout: Layout, styles: dict, paired: bool = False) -> list:
    """Name, care team and phone: printed from the clinic profile, or lines to write on. Paired (to
    save a line): the name and the care team share a row and the phone to write keeps a whole one,
    or the printed day and night phones share a row."""
    w = doc.words
    clinic = doc.clinic
    rows = [(w["patient_label"], None)]
    if clinic:
        team = [(w["care_team_label"], clinic.name)]
        phones = [(w["day_label"], clinic.daytime_phone), (w["night_label"], clinic.after_hours_phone)]
    else:
        team, phones = [], [(w["care_team_label"], None), (w["phone_label"], None)]
    line = layout.extra["card"]["write_line_mm"] * MM
    if paired and not clinic:  # the phone is written by hand: it keeps a whole line, name and team share one
        name, (team_label, _), (phone_label, _) = rows[0], *phones
        return [_Row([_Field(name[0], None, styles, line), _Field(team_label, None, styles, line)]),
                _Field(phone_label, None, styles, line)]
    fields = [_Field(label, value, styles, line) for label, value in rows + team]
    if paired:  # printed phones: day and night side by side
        return fields + [_Row([_Field(label, value, styles, line) for label, value in phones])]
    return fields + [_Field(label, value, styles, line) for label, value in phones]


class _Row(Flowable):
    """Fields side by side: each its label and an equal share of what is left (write-in lines of
    the same length)."""

    GAP = 6  # pt between fields

    def __init__(self, fields: list):
        super().__init__()
        self.fields = fields

    def wrap(self, aw, ah):
        labels = [f.label_width for f in self.fields]
        rest = max(0.0, aw - self.GAP * (len(self.fields) - 1) - sum(labels)) / len(self.fields)
        self.width = aw
        self.height = max(f.wrap(label + rest, ah)[1] for f, label in zip(self.fields, labels))
        return self.width, self.height

    def getSpaceAfter(self):
        return self.fields[0].getSpaceAfter()

    def draw(self):
        x = 0
        for f in self.fields:
            f.drawOn(self.canv, x, self.height - f.height)
            x += f.width + self.GAP


class _Field(Flowable):
    """'Label: value', or 'Label:' on a ruled line to write on by hand."""

    def __init__(self, label: str, value: str | None, styles: dict, line_height: float):
        super().__init__()
        style = styles["label"]
        self.para = Paragraph(emphasis(f"{escape(label)} <b>{escape(value)}</b>") if value else escape(label), style)
        self.label_width = stringWidth(label, style.fontName, style.fontSize)
        self.blank = value is None
        self.line_height = line_height

    def wrap(self, aw, ah):
        _, h = self.para.wrap(aw, ah)
        self.width, self.height = aw, (max(h, self.line_height) if self.blank else h)
        return self.width, self.height

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def draw(self):
        self.para.drawOn(self.canv, 0, 1 if self.blank else self.height - self.para.height)
        if self.blank:
            self.canv.setLineWidth(0.5)
            self.canv.line(self.label_width + 3, 1, self.width, 1)


def fit_face(doc: Document, face: str, layout: Layout) -> Placed:
    family = register_family(*layout.fonts)
    bold = layout.fonts[1].rsplit(".", 1)[0]
    width, height, safe = _geometry(layout)
    fit = layout.extra["fit"]
    size = fit["max_size"]
    title, bar_h = _fit_title(doc.words["title"] if face == "front" else doc.words["back_title"], layout)
    while True:
        styles = _styles(layout, family, bold, size)
        frame_w = width - 2 * safe
        top = height - bar_h - 2
        # A paragraph's height counts whole leadings, but the last line's descenders hang below
        # its baseline by more than the leading leaves: keep them inside the safe area too.
        available = top - safe - _overhang(styles["body"])
        content = _face_content(doc, face, layout, styles)
        used, placed = 0.0, []
        for flowable, item in content:
            _, h = flowable.wrap(frame_w, available)
            placed.append((flowable, safe, top - used))
            used += h + flowable.getSpaceAfter()
        used -= content[-1][0].getSpaceAfter() if content else 0
        if used <= available + 0.01:
            return Placed(size, tuple(placed), title, bar_h)
        if size - fit["step"] < fit["min_size"] - 1e-9:
            if bar_h > height / 2:  # the title alone takes most of the face: it is what to shorten
                name = "title" if face == "front" else "back_title"
                raise InputError([Problem(*layout.place("word", name, doc.audience, layout.word_lines.get(name, 0)),
                                          f"wallet card {face} ({doc.audience}, {doc.locale}): word {name!r} is too "
                                          f"long for the card's title bar ({len(doc.words[name])} characters fill "
                                          f"{bar_h / MM:.0f} mm of the card's {height / MM:.0f}); shorten it")])
            raise _overflow(doc, face, fit["min_size"], used - available, content, layout)
        size = round(size - fit["step"], 4)


def _overhang(style: ParagraphStyle) -> float:
    """How far the font's descenders reach below a paragraph's box (0 if the leading covers them)."""
    descent = -getFont(style.fontName).face.descent / 1000 * style.fontSize
    return max(0.0, descent - (style.leading - style.fontSize))


def _overflow(doc, face, min_size, excess_pt, content, layout) -> InputError:
    """Name the blocks on the face, tallest first, so a writer or translator knows what to shorten."""
    blocks = sorted(((f.height, item) for f, item in content if item is not None), key=lambda hi: -hi[0])
    listed = "; ".join(f"{item.block_id!r}{f' ({item.lang})' if item.lang else ''} ({h / MM:.1f} mm, "
                       f"{'%s:%s' % _written_at(item)})" for h, item in blocks)
    file, line = _written_at(blocks[0][1]) if blocks else (layout.file, 0)
    return InputError([Problem(
        file, line,
        f"wallet card {face} ({doc.audience}, {doc.locale}): the text does not fit even at {min_size} pt; "
        f"it overflows by {excess_pt / MM:.1f} mm. Shorten the card text of a block on this face; "
        f"tallest first: {listed}",
    )])


def _written_at(item) -> tuple:
    """Where the card text a reader sees was written: its translation's PO entry, else the block."""
    return item.places[0] if item.places and item.places[0] else (item.file, item.line)


def _tag_face(placed: Placed, face: Elem, heading: str) -> None:
    """Hang this document's structure on a face's flowables (a face is fitted once and drawn in
    several documents): its title, bullets as one list, paragraphs, and the fields as paragraphs
    (their write-in lines are artifacts)."""
    tag(placed.title, face.add(heading))
    items = None
    for flowable, _, _ in placed.items:
        lang = flowable.__dict__.get("_text_lang")
        if isinstance(flowable, (_Field, _Row)):
            items = None
            for field in (flowable.fields if isinstance(flowable, _Row) else [flowable]):
                tag(field.para, face.add("P"))
        elif getattr(flowable, "bulletText", None):
            if items is None:
                items = face.add("L", lang=lang, attrs={"O": "List", "ListNumbering": "Disc"})
            li = items.add("LI")
            label = li.add("Lbl")
            tag(flowable, li.add("LBody", lang=lang if lang != items.lang else None), label)
        else:
            items = None
            tag(flowable, face.add("P", lang=lang))


def _draw_face(canv: Canvas, placed: Placed, layout: Layout, face: Elem | None = None, heading: str = "H1"):
    """Draw one face with its lower-left trim corner at the origin; tagged as face (a Sect) if given."""
    if face is not None:
        _tag_face(placed, face, heading)
    width, height, safe = _geometry(layout)
    card = layout.extra["card"]
    inset = card["bar_inset_mm"] * MM
    bar_h = placed.bar_h
    canv.setFillColor(colors.HexColor(layout.colours["bar"]))
    canv.roundRect(inset, height - bar_h, width - 2 * inset, bar_h - inset,
                   max(card["corner_radius_mm"] * MM - inset, 1), stroke=0, fill=1)
    placed.title.drawOn(canv, safe, height - safe - placed.title.height)
    for flowable, x, y_top in placed.items:
        flowable.drawOn(canv, x, y_top - flowable.height)


def _title_style(layout: Layout) -> ParagraphStyle:
    family = register_family(*layout.fonts)
    bold = layout.fonts[1].rsplit(".", 1)[0]
    s = layout.styles["title"]
    return ParagraphStyle("card-title", fontName=bold if s.bold else family, fontSize=s.size, leading=s.leading,
                          textColor=colors.HexColor(layout.colours[s.colour]), wordWrap=layout.word_wrap)


def _canvas(out, pagesize, doc: Document, layout: Layout, tagger: Tagger) -> Canvas:
    family = register_family(*layout.fonts)
    canv = TaggedCanvas(out, pagesize=pagesize, invariant=1, initialFontName=family, lang=doc.locale, tagger=tagger)
    canv.setTitle(doc.words["pdf_title"])
    canv.setAuthor(doc.clinic.name if doc.clinic else doc.words["pdf_author"])
    canv.setSubject(doc.words["pdf_subject"])
    canv.setCreator("handout")
    canv.setProducer("handout (ReportLab)")
    # Print at 100 %: a "fit to page" printer would shrink the card and move the crop marks.
    canv.setViewerPreference("PrintScaling", "None")
    return canv


def _forms(canv: Canvas, faces: dict, layout: Layout) -> None:
    """Each face as a form for the copies on a sheet: drawn untagged, placed as artifacts."""
    width, height, _ = _geometry(layout)
    tagger, canv._tagger = canv._tagger, None
    for face, placed in faces.items():
        canv.beginForm(f"card-{face}", 0, 0, width, height)
        _draw_face(canv, placed, layout)
        canv.endForm()
    canv._tagger = tagger


def typeset_card(doc: Document, layout: Layout, faces: dict) -> bytes:
    """A two-page PDF, front then back, each page the card's trim size plus any bleed, fully tagged."""
    width, height, _ = _geometry(layout)
    bleed = layout.extra["card"]["bleed_mm"] * MM
    out = io.BytesIO()
    tagger = Tagger()
    canv = _canvas(out, (width + 2 * bleed, height + 2 * bleed), doc, layout, tagger)
    root = tagger.root
    for face in ("front", "back"):
        if bleed:
            canv.setTrimBox((bleed, bleed, bleed + width, bleed + height))
            canv.setBleedBox((0, 0, width + 2 * bleed, height + 2 * bleed))
        canv.saveState()
        canv.translate(bleed, bleed)
        _draw_face(canv, faces[face], layout, root.add("Sect"), "H1" if face == "front" else "H2")
        canv.restoreState()
        canv.showPage()
    canv.save()
    return out.getvalue()


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    x0: float      # left edge of the grid
    y0: float      # bottom edge of the grid
    pitch_x: float
    pitch_y: float

    def cell(self, col: int, row: int) -> tuple[float, float]:
        """Lower-left corner of the card in column col, row row (row 0 at the top)."""
        return self.x0 + col * self.pitch_x, self.y0 + (self.rows - 1 - row) * self.pitch_y


def sheet_grid(layout: Layout, paper: str) -> Grid:
    pw, ph = layout.papers[paper]
    width, height, _ = _geometry(layout)
    m = layout.margins
    gutter = layout.extra["sheet"]["gutter_mm"] * MM
    cols = int((pw - m["left"] - m["right"] + gutter) // (width + gutter))
    rows = int((ph - m["top"] - m["bottom"] + gutter) // (height + gutter))
    grid_w, grid_h = cols * width + (cols - 1) * gutter, rows * height + (rows - 1) * gutter
    # Centred, so that flipping the sheet on its long edge maps the grid onto itself.
    return Grid(cols, rows, (pw - grid_w) / 2, (ph - grid_h) / 2, width + gutter, height + gutter)


def typeset_sheet(doc: Document, layout: Layout, faces: dict, paper: str) -> bytes:
    """Front page, then back page mirrored for long-edge duplex, with crop marks at every cut line.
    The first card's front and its back are tagged; the copies are artifacts (a screen reader
    reads one card, not ten)."""
    pw, ph = layout.papers[paper]
    grid = sheet_grid(layout, paper)
    out = io.BytesIO()
    tagger = Tagger()
    canv = _canvas(out, (pw, ph), doc, layout, tagger)
    canv.setViewerPreference("Duplex", "DuplexFlipLongEdge")
    _forms(canv, faces, layout)
    for face in ("front", "back"):
        for row in range(grid.rows):
            for col in range(grid.cols):
                # Long-edge flip mirrors left and right: the back of column c prints in column cols-1-c.
                x, y = grid.cell(col if face == "front" else grid.cols - 1 - col, row)
                canv.saveState()
                canv.translate(x, y)
                if row == 0 and col == 0:  # drawn as the form is, tagged
                    _draw_face(canv, faces[face], layout, tagger.root.add("Sect"),
                               "H1" if face == "front" else "H2")
                else:
                    canv.doForm(f"card-{face}")
                canv.restoreState()
        _crop_marks(canv, grid, layout)
        canv.showPage()
    canv.save()
    return out.getvalue()


def crop_lines(grid: Grid, layout: Layout) -> tuple[list, list]:
    """x positions of vertical cuts and y positions of horizontal cuts."""
    width, height, _ = _geometry(layout)
    xs = sorted({grid.x0 + c * grid.pitch_x + d for c in range(grid.cols) for d in (0, width)})
    ys = sorted({grid.y0 + r * grid.pitch_y + d for r in range(grid.rows) for d in (0, height)})
    return xs, ys


def _crop_marks(canv: Canvas, grid: Grid, layout: Layout) -> None:
    """Short marks in the margin, outside every card, on the line of every cut."""
    sheet = layout.extra["sheet"]
    width, height, _ = _geometry(layout)
    offset, length = sheet["mark_offset_mm"] * MM, sheet["mark_length_mm"] * MM
    left, right = grid.x0, grid.x0 + (grid.cols - 1) * grid.pitch_x + width
    bottom, top = grid.y0, grid.y0 + (grid.rows - 1) * grid.pitch_y + height
    xs, ys = crop_lines(grid, layout)
    # Marks stop at the printer margin: a printer cannot print closer to the paper's edge.
    pw, ph = canv._pagesize
    m = layout.margins
    up, down = min(length, ph - m["top"] - top - offset), min(length, bottom - m["bottom"] - offset)
    out_l, out_r = min(length, left - m["left"] - offset), min(length, pw - m["right"] - right - offset)
    canv.setStrokeColor(colors.black)
    canv.setLineWidth(sheet["mark_width_pt"])
    for x in xs:
        canv.line(x, top + offset, x, top + offset + up)
        canv.line(x, bottom - offset, x, bottom - offset - down)
    for y in ys:
        canv.line(left - offset, y, left - offset - out_l, y)
        canv.line(right + offset, y, right + offset + out_r, y)


__all__ = ["CARD", "MM", "check_card_layout", "crop_lines", "fit_face", "sheet_grid", "typeset_card",
           "typeset_sheet"]
