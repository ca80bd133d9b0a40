"""Read a layout file (layouts/<format>.yaml): geometry, type scale, colours,
section order and the layout's own words, checked with file and line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handout import yamlfile
from handout.errors import InputError, Problem, Problems
from handout.fonts import FACES, FONT_DIR
from handout.schema import check
from handout.templating import TemplateProblem, compile_text, render
from handout.yamlfile import Map

FIGURES = ("timeline",)  # drawings the typesetter knows

_COMMON_TOP = {
    "papers": ("mapping", True),
    "margins": ("mapping", True),
    "fonts": ("mapping", True),
    "styles": ("mapping", True),
    "colours": ("mapping", True),
    "sections": ("list", True),
    "words": ("mapping", True),
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
    places=("body", "callbox"), heading_places=("body",),
    required_styles=("body", "bullet", "callbox_body", "glossary", "sources", "title", "subtitle", "heading",
                     "callbox_title", "header", "footer"),
    reading_styles=("body", "bullet", "callbox_body", "glossary", "sources"), min_reading_size=12,
    required_words=(
        "title", "pronunciation", "subtitle", "header", "callbox_title", "clinic_label", "daytime_label",
        "after_hours_label", "address_label", "glossary_heading", "sources_heading", "footer_disclaimer",
        "footer_version", "footer_page", "pdf_title", "pdf_subject", "pdf_author",
        "timeline_medicine", "timeline_break", "timeline_week", "timeline_hospital", "timeline_steroid",
        "timeline_caption", "calendar_title", "calendar_dates", "calendar_key", "calendar_day", "calendar_medicine",
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
    figure: str | None = None  # a drawing after the section's blocks
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
    margins = {}
    if check(data["margins"], _MARGINS, shown, problems, "margins"):
        margins = {k: float(v) for k, v in data["margins"].items()}

    fonts = data["fonts"]
    if check(fonts, {f: ("text", True) for f in FACES}, shown, problems, "fonts"):
        for face in FACES:
            if not (FONT_DIR / fonts[face]).is_file():
                available = ", ".join(sorted(p.name for p in FONT_DIR.glob("*.ttf")))
                problems.add(shown, fonts.line_of(face),
                             f"font file {fonts[face]!r} is not in the package's fonts folder (available: {available})")

    locale_fonts = {}
    for locale, node in (data.get("locale_fonts") or {}).items():
        spec = dict({f: ("text", True) for f in FACES}, word_wrap=("text", False))
        if not check(node, spec, shown, problems, f"locale_fonts {locale!r}"):
            continue
        missing = [node[f] for f in FACES if not (FONT_DIR / node[f]).is_file()]
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
        style = Style(**{k: node[k] for k in node})
        if style.colour not in colours and style.colour != "ink":
            problems.add(shown, node.line_of("colour"), f"style {name!r}: colour {style.colour!r} is not in colours")
        if name in kind.reading_styles and style.size < kind.min_reading_size:
            problems.add(shown, node.line_of("size"),
                         f"style {name!r}: size {style.size} is too small for text a patient reads; "
                         f"use {kind.min_reading_size} or more")
        if style.leading < style.size:
            problems.add(shown, node.line_of("leading"), f"style {name!r}: leading should be at least the size")
        styles[name] = style
    for name in kind.required_styles:
        if name not in data["styles"]:
            problems.add(shown, data["styles"].line, f"styles: missing the {name!r} style")
    if "ink" not in colours:
        problems.add(shown, data["colours"].line, "colours: missing 'ink' (the colour of body text)")

    extra = {}
    for key, spec in kind.extra.items():
        if check(data[key], spec, shown, problems, key):
            extra[key] = data[key]

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
            heading = _variants(node["heading"], shown, node.line_of("heading"), problems, f"section {node['id']!r}")
            heading_sources = _texts(node["heading"])
        if node.get("figure") not in (None, *FIGURES):
            problems.add(shown, node.line_of("figure"), f"section {node['id']!r}: figure should be one of "
                                                        f"{', '.join(FIGURES)}")
            continue
        sections.append(SectionSpec(node["id"], place, heading, node.line, node.get("write_lines", 0),
                                    node.get("figure"), heading_sources))

    words, word_lines, word_sources = {}, {}, {}
    for name, text in data["words"].items():
        line = data["words"].line_of(name)
        words[name] = _variants(text, shown, line, problems, f"word {name!r}")
        word_lines[name] = line
        word_sources[name] = _texts(text)
    for name in kind.required_words:
        if name not in data["words"]:
            problems.add(shown, data["words"].line, f"words: missing {name!r}")
    problems.raise_if_any()
    return Layout(
        file=shown, papers=papers, margins=margins, fonts=tuple(fonts[f] for f in FACES), styles=styles,
        colours=colours, extra=extra, sections=tuple(sections), words=words, word_lines=word_lines,
        word_sources=word_sources, locale_fonts=locale_fonts,
    )


def _wrap(mapping, key):
    """Present one scalar value as a one-key mapping so `check` reports it with its line."""
    m = Map(value=mapping[key])
    m.line = mapping.line_of(key)
    m.lines = {"value": m.line}
    return m


def _texts(node) -> dict:
    return {"*": node} if isinstance(node, str) else dict(node) if isinstance(node, dict) else {}


def _variants(node, shown, line, problems, what) -> dict:
    """Text for everyone ("*"), or a mapping of audience -> text."""
    texts = {"*": node} if isinstance(node, str) else node
    if not isinstance(texts, dict) or not all(isinstance(v, str) and v.strip() for v in texts.values()):
        problems.add(shown, line, f"{what}: should be text, or a mapping of audience to text")
        return {}
    out = {}
    for audience, text in texts.items():
        try:
            out[audience] = compile_text(text)
        except TemplateProblem as exc:
            problems.add(shown, getattr(texts, "line_of", lambda k: line)(audience), f"{what}: {exc}")
    return out
