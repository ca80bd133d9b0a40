"""Read a layout file (layouts/<format>.yaml): geometry, type scale, colours,
section order and the layout's own words, checked with file and line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handout import yamlfile
from handout.errors import InputError, Problem, Problems
from handout.fonts import FACES, FONT_DIR
from handout.schema import check, unquoted
from handout.templating import TemplateProblem, compile_text, render
from handout.yamlfile import Map

# Drawings the typesetter knows (handout.pictures draws them), and what each is drawn from: a
# "schedule" figure needs the drug's schedule.yaml (and cites it); a "words" one only layout words.
FIGURES = {"timeline": "schedule", "who-to-call": "words", "pump-line": "words"}

# What a layout may set, so that no style makes required text invisible or unreadable and no
# number makes the typesetter loop or fail (README, "Limits"). Sizes in pt.
MIN_TEXT_SIZE = 6.5              # any text at all (headers, footers, card labels)
MAX_TEXT_SIZE = 72
MAX_LEADING_RATIO = 4            # leading at most this many times the size
MAX_SPACE = 144                  # space before/after, indent
PAPER_RANGE = (144, 2000)        # 2 inches to about 28 inches, either side
MIN_TEXT_AREA = 144              # width and height left inside the margins
MIN_CONTRAST = 4.5               # WCAG 2 AA contrast of text against what it is printed on
EXTRA_RANGE = (0, 500)           # the format's own numbers, unless listed below
# (mapping, key) -> (lowest, highest): what a typesetter can draw with (beyond these ReportLab fails
# or draws nothing readable). The card is ID-1 (85.6 x 53.98 mm) unless a layout says otherwise.
_EXTRA_RANGES = {
    ("callbox", "border_width"): (0, 12), ("callbox", "padding"): (0, 36),
    ("card", "width_mm"): (50, 300), ("card", "height_mm"): (30, 300), ("card", "corner_radius_mm"): (0, 10),
    ("card", "safe_mm"): (0, 10), ("card", "bleed_mm"): (0, 10), ("card", "bar_inset_mm"): (0, 10),
    ("card", "write_line_mm"): (2, 20),
    ("fit", "max_size"): (6.5, 72), ("fit", "min_size"): (0, 72), ("fit", "step"): (0.05, 5),
    ("fit", "leading"): (1, 4),
    ("sheet", "gutter_mm"): (0, 50), ("sheet", "mark_offset_mm"): (0, 20), ("sheet", "mark_length_mm"): (0, 30),
    ("sheet", "mark_width_pt"): (0.1, 5),
}
PAPER_WHITE = "#FFFFFF"
MAX_WRITE_LINES = 40             # ruled lines for the reader's notes, after one section
# The colour behind a style's text, where it is not the paper (handout call box; card title bar).
_BACKGROUND = {"handout": {"callbox_title": "callbox_bar", "callbox_body": "callbox_fill"},
               "card": {"title": "bar"}}

_COMMON_TOP = {
    "papers": ("mapping", True),
    "margins": ("mapping", True),
    "fonts": ("mapping", True),
    "styles": ("mapping", True),
    "colours": ("mapping", True),
    "sections": ("list", True),
    "words": ("mapping", True),
    # the sections every document must print (the call box, the 911 line): a document that would
    # have nothing in one of them is refused, never printed without it
    "required_sections": ("id-list", True),
}


@dataclass(frozen=True)
class Kind:
    """What one output format (handout, card) needs from its layout file."""

    places: tuple            # where a section may go; the first is the default
    heading_places: tuple    # sections placed here need a heading
    required_styles: tuple
    reading_styles: tuple    # text a patient reads: at least min_reading_size
    min_reading_size: float
    required_words: tuple
    extra: dict              # format-specific top-level mappings: key -> spec


HANDOUT = Kind(
    places=("body", "callbox", "keypoints"), heading_places=("body", "keypoints"),
    required_styles=("body", "bullet", "callbox_body", "glossary", "sources", "title", "subtitle", "heading",
                     "subheading", "callbox_title", "header", "footer"),
    reading_styles=("body", "bullet", "callbox_body", "glossary", "sources"), min_reading_size=12,
    required_words=(
        "title", "pronunciation", "subtitle", "header", "callbox_title", "clinic_label", "daytime_label",
        "after_hours_label", "address_label", "glossary_heading", "glossary_separator", "sources_heading", "cite_label",
        "footer_disclaimer",
        "footer_version", "footer_page", "pdf_title", "pdf_subject", "pdf_author",
        "timeline_medicine", "timeline_break", "timeline_week", "timeline_hospital", "timeline_steroid",
        "timeline_caption", "who_call_alt", "who_call_caption", "who_call_col_do", "who_call_col_signs",
        "who_call_911", "who_call_911_icon",
        "who_call_now", "who_call_visit", "pump_alt", "pump_caption", "pump_label_pump", "pump_label_bag",
        "pump_label_tubing", "pump_label_line", "pump_label_flush", "pump_label_dry", "pump_label_clamp", "calendar_title",
        "calendar_dates", "calendar_key", "calendar_day", "calendar_medicine",
        "calendar_break", "calendar_hospital", "calendar_start", "calendar_start_hospital", "calendar_next",
        "calendar_bags", "calendar_bag_date", "calendar_bag_time", "calendar_bag_notes", "calendar_questions",
        "fallback_note", "translation_unreviewed", "source_updated", "source_reviewed", "source_dated",
        "source_revised",
    ),
    extra={"callbox": {"border_width": ("number", True), "padding": ("number", True)}},
)
_PAPER = {"width": ("number", True), "height": ("number", True)}
_MARGINS = {k: ("number", True) for k in ("top", "bottom", "left", "right")}
_STYLE = {
    "size": ("number", True), "leading": ("number", True), "bold": ("boolean", False),
    "colour": ("text", False), "space_before": ("number", False), "space_after": ("number", False),
    "indent": ("number", False),
}
_SECTION = {"id": ("id", True), "place": ("id", False), "heading": ("any", False),
            "write_lines": ("integer", False), "figure": ("id", False)}


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    bold: bool = False
    colour: str = "ink"
    space_before: float = 0
    space_after: float = 0
    indent: float = 0


@dataclass(frozen=True)
class SectionSpec:
    id: str
    place: str
    heading: dict  # audience (or "*") -> compiled template; empty for the call box
    line: int
    write_lines: int = 0  # blank ruled lines after the section, for the reader's own notes
    figure: str | None = None  # a drawing in the section (handout.pictures.FIGURES says where)
    heading_sources: dict = field(default_factory=dict)  # audience -> the English template text


@dataclass(frozen=True)
class Layout:
    file: str
    papers: dict        # name -> (width, height) in pt
    margins: dict       # top/bottom/left/right in pt
    fonts: tuple        # (regular, bold, italic, bold_italic) file names
    styles: dict        # name -> Style
    colours: dict       # name -> "#RRGGBB"
    extra: dict         # format-specific mappings (handout: callbox; card: card, fit, sheet)
    sections: tuple     # SectionSpec, in page order
    words: dict         # name -> {audience or "*": compiled template}
    word_lines: dict    # name -> line, for messages
    word_sources: dict = field(default_factory=dict)  # name -> {audience or "*": template text}
    locale_fonts: dict = field(default_factory=dict)  # locale -> (four font files, word wrap or None)
    word_wrap: str | None = None  # "CJK" for scripts written without spaces
    required_sections: tuple = ()  # (section id, line in the layout file)
    # Where a translated word or heading came from, for messages: ("word", name) or
    # ("heading", section id) -> {audience or "*": (PO file, line)}. Empty in English.
    places: dict = field(default_factory=dict)

    def place(self, kind: str, name: str, audience: str, default_line: int = 0) -> tuple:
        """(file, line) of the text a document of this audience prints for a word or heading."""
        found = self.places.get((kind, name), {})
        return found.get(audience) or found.get("*") or (self.file, default_line)

    def word(self, name: str, audience: str, **values) -> str:
        return _pick(self.words[name], audience, self.file, self.word_lines[name], f"word {name!r}", values)

    def heading(self, section: SectionSpec, audience: str, **values) -> str:
        return _pick(section.heading, audience, self.file, section.line, f"section {section.id!r}", values)


def _pick(variants: dict, audience: str, file, line, what: str, values: dict) -> str:
    template = variants.get(audience, variants.get("*"))
    if template is None:
        raise InputError([Problem(file, line, f"{what}: no text for audience {audience!r}; "
                                              f"add '{audience}:' or give one text for all")])
    try:
        return render(template, audience=audience, **values)
    except TemplateProblem as exc:
        raise InputError([Problem(file, line, f"{what}: {exc}")]) from None


def load_layout(path: Path, shown: str, kind: Kind = HANDOUT) -> Layout:
    problems = Problems()
    data = yamlfile.load(path, shown_as=shown)
    top = dict(_COMMON_TOP, **{key: ("mapping", True) for key in kind.extra}, locale_fonts=("mapping", False))
    if not check(data, top, shown, problems, "layout"):
        problems.raise_if_any()

    papers = {}
    for name, node in data["papers"].items():
        if check(node, _PAPER, shown, problems, f"paper {name!r}"):
            papers[name] = (float(node["width"]), float(node["height"]))
            for key in ("width", "height"):
                if not PAPER_RANGE[0] <= node[key] <= PAPER_RANGE[1]:
                    problems.add(shown, node.line_of(key), f"paper {name!r}: {key} {node[key]} pt is not a page size; "
                                                           f"use {PAPER_RANGE[0]} to {PAPER_RANGE[1]} pt "
                                                           "(Letter is 612 x 792)")
    margins = {}
    if check(data["margins"], _MARGINS, shown, problems, "margins"):
        margins = {k: float(v) for k, v in data["margins"].items()}
        for key, value in margins.items():
            if value < 0:
                problems.add(shown, data["margins"].line_of(key), f"margins: {key} cannot be below 0")
        for name, (width, height) in papers.items():
            left = (width - margins["left"] - margins["right"], height - margins["top"] - margins["bottom"])
            if min(left) < MIN_TEXT_AREA:
                problems.add(shown, data["margins"].line, f"margins: on paper {name!r} they leave "
                                                          f"{left[0]:g} x {left[1]:g} pt for text; leave at least "
                                                          f"{MIN_TEXT_AREA} pt each way")

    fonts = data["fonts"]
    if check(fonts, {f: ("text", True) for f in FACES}, shown, problems, "fonts"):
        for face in FACES:
            if _outside(fonts[face]):
                problems.add(shown, fonts.line_of(face), f"font {fonts[face]!r}: give only a file name from the "
                                                         "package's fonts folder, not a path")
            elif not (FONT_DIR / fonts[face]).is_file():
                available = ", ".join(sorted(p.name for p in FONT_DIR.glob("*.ttf")))
                problems.add(shown, fonts.line_of(face),
                             f"font file {fonts[face]!r} is not in the package's fonts folder (available: {available})")

    locale_fonts = {}
    for locale, node in (data.get("locale_fonts") or {}).items():
        spec = dict({f: ("text", True) for f in FACES}, word_wrap=("text", False))
        if not check(node, spec, shown, problems, f"locale_fonts {locale!r}"):
            continue
        missing = [node[f] for f in FACES if _outside(node[f]) or not (FONT_DIR / node[f]).is_file()]
        if missing:
            problems.add(shown, node.line, f"locale_fonts {locale!r}: font file {missing[0]!r} is not in the "
                                           "package's fonts folder")
        elif node.get("word_wrap") not in (None, "CJK"):
            problems.add(shown, node.line_of("word_wrap"), f"locale_fonts {locale!r}: word_wrap can only be CJK")
        else:
            locale_fonts[locale] = (tuple(node[f] for f in FACES), node.get("word_wrap"))

    colours = {}
    for name, value in data["colours"].items():
        if check(_wrap(data["colours"], name), {"value": ("colour", True)}, shown, problems, f"colour {name!r}"):
            colours[name] = value

    styles = {}
    for name, node in data["styles"].items():
        if not check(node, _STYLE, shown, problems, f"style {name!r}"):
            continue
        style = Style(**{k: node[k] for k in node if k in _STYLE})  # unknown keys are reported above
        if style.colour not in colours and style.colour != "ink":
            problems.add(shown, node.line_of("colour"), f"style {name!r}: colour {style.colour!r} is not in colours")
        if name in kind.reading_styles and style.size < kind.min_reading_size:
            problems.add(shown, node.line_of("size"),
                         f"style {name!r}: size {style.size} is too small for text a patient reads; "
                         f"use {kind.min_reading_size} or more")
        if not MIN_TEXT_SIZE <= style.size <= MAX_TEXT_SIZE:
            problems.add(shown, node.line_of("size"), f"style {name!r}: size {style.size} would make its text "
                                                      f"unreadable; use {MIN_TEXT_SIZE} to {MAX_TEXT_SIZE}")
        if style.leading < style.size:
            problems.add(shown, node.line_of("leading"), f"style {name!r}: leading should be at least the size")
        elif style.leading > MAX_LEADING_RATIO * style.size:
            problems.add(shown, node.line_of("leading"), f"style {name!r}: leading {style.leading} is more than "
                                                         f"{MAX_LEADING_RATIO} times the size")
        for key in ("space_before", "space_after", "indent"):
            if not 0 <= getattr(style, key) <= MAX_SPACE:
                problems.add(shown, node.line_of(key), f"style {name!r}: {key} should be 0 to {MAX_SPACE} pt")
        styles[name] = style
    for name in kind.required_styles:
        if name not in data["styles"]:
            problems.add(shown, data["styles"].line, f"styles: missing the {name!r} style")
    if "ink" not in colours:
        problems.add(shown, data["colours"].line, "colours: missing 'ink' (the colour of body text)")

    format_name = "handout" if kind is HANDOUT else "card"
    for name, style in styles.items():
        ink = colours.get(style.colour, colours.get("ink")) if style.colour != "ink" else colours.get("ink")
        behind = colours.get(_BACKGROUND[format_name].get(name, ""), PAPER_WHITE)
        if ink and _contrast(ink, behind) < MIN_CONTRAST:
            problems.add(shown, data["styles"][name].line_of("colour") if "colour" in data["styles"][name]
                         else data["styles"][name].line,
                         f"style {name!r}: its text ({ink}) on {behind} has a contrast of "
                         f"{_contrast(ink, behind):.1f}:1; readers need at least {MIN_CONTRAST}:1, so use a darker "
                         "(or, on a dark bar, lighter) colour")

    extra = {}
    for key, spec in kind.extra.items():
        if check(data[key], spec, shown, problems, key):
            extra[key] = data[key]
            for field_name, value in data[key].items():
                low, high = _EXTRA_RANGES.get((key, field_name), EXTRA_RANGE)
                if not low <= value <= high:
                    problems.add(shown, data[key].line_of(field_name), f"{key}: {field_name} {value} is out of range; "
                                                                       f"use {low} to {high}")

    sections, seen = [], set()
    for i, node in enumerate(data["sections"]):
        if not check(node, _SECTION, shown, problems, "section"):
            continue
        place = node.get("place", kind.places[0])
        if place not in kind.places:
            problems.add(shown, node.line_of("place"),
                         f"section {node['id']!r}: place should be one of {', '.join(kind.places)}")
            continue
        if node["id"] in seen:
            problems.add(shown, node.line, f"section {node['id']!r} is listed twice")
            continue
        seen.add(node["id"])
        heading, heading_sources = {}, {}
        if place in kind.heading_places:
            if "heading" not in node:
                problems.add(shown, node.line, f"section {node['id']!r}: a {place} section needs a 'heading'")
                continue
            heading = _variants(node["heading"], shown, node.line_of("heading"), problems, f"section {node['id']!r}",
                                unquoted(node, "heading"))
            heading_sources = _texts(node["heading"])
        if not 0 <= node.get("write_lines", 0) <= MAX_WRITE_LINES:
            problems.add(shown, node.line_of("write_lines"), f"section {node['id']!r}: write_lines should be 0 to "
                                                             f"{MAX_WRITE_LINES}")
            continue
        if node.get("figure") not in (None, *FIGURES):
            problems.add(shown, node.line_of("figure"), f"section {node['id']!r}: figure should be one of "
                                                        f"{', '.join(FIGURES)}")
            continue
        sections.append(SectionSpec(node["id"], place, heading, node.line, node.get("write_lines", 0),
                                    node.get("figure"), heading_sources))

    required = []
    listed = {spec.id for spec in sections}
    for i, section_id in enumerate(data["required_sections"]):
        line = data["required_sections"].line_of(i)
        if section_id not in listed:
            problems.add(shown, line, f"required_sections: {section_id!r} is not one of the sections; a required "
                                      "section must be printed")
        required.append((section_id, line))

    words, word_lines, word_sources = {}, {}, {}
    for name, text in data["words"].items():
        line = data["words"].line_of(name)
        words[name] = _variants(text, shown, line, problems, f"word {name!r}", unquoted(data["words"], name))
        word_lines[name] = line
        word_sources[name] = _texts(text)
    for name in kind.required_words:
        if name not in data["words"]:
            problems.add(shown, data["words"].line, f"words: missing {name!r}")
    problems.raise_if_any()
    return Layout(
        file=shown, papers=papers, margins=margins, fonts=tuple(fonts[f] for f in FACES), styles=styles,
        colours=colours, extra=extra, sections=tuple(sections), words=words, word_lines=word_lines,
        word_sources=word_sources, locale_fonts=locale_fonts, required_sections=tuple(required),
    )


def _outside(name: str) -> bool:
    """A font named by a path (../../etc/x.ttf, /usr/...) rather than a file of the fonts folder."""
    return "/" in name or "\\" in name or name.startswith(".") or ":" in name


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two "#RRGGBB" colours, 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _wrap(mapping, key):
    """Present one scalar value as a one-key mapping so `check` reports it with its line."""
    m = Map(value=mapping[key])
    m.line = mapping.line_of(key)
    m.lines = {"value": m.line}
    return m


def _texts(node) -> dict:
    return {"*": node} if isinstance(node, str) else dict(node) if isinstance(node, dict) else {}


def _variants(node, shown, line, problems, what, quote_hint=None) -> dict:
    """Text for everyone ("*"), or a mapping of audience -> text."""
    texts = {"*": node} if isinstance(node, str) else node
    if not isinstance(texts, dict) or not all(isinstance(v, str) and v.strip() for v in texts.values()):
        hint = quote_hint
        if hint is None and isinstance(texts, dict):  # one audience's text written as a number
            hint = next((unquoted(texts, k) for k in texts if unquoted(texts, k)), None)
        problems.add(shown, line, f"{what}: {hint}" if hint else
                     f"{what}: should be text, or a mapping of audience to text")
        return {}
    out = {}
    for audience, text in texts.items():
        try:
            out[audience] = compile_text(text)
        except TemplateProblem as exc:
            problems.add(shown, getattr(texts, "line_of", lambda k: line)(audience), f"{what}: {exc}")
    return out
