"""Property tests: arbitrary text, markup and Unicode thrown at the loaders and the typesetter.

The result is always either a valid PDF that shows exactly that text, or a clean
InputError: never a crash, a hang, a file read, or text that silently vanishes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from conftest import ROOT
from handout.assemble import assemble
from handout.clinic import load_clinic
from handout.content import Block, Drug, Review, Source, Wording, load_library
from handout.errors import InputError
from handout.glyphs import check_glyphs
from handout.layout import load_layout
from handout.markup import spacing, paragraph, plain, unbalanced_bold
from handout.typeset import typeset_handout

# The fuzzed drug has one block, so the layout's required call box is lifted (tests/test_check.py
# tests that rule); everything else is the real layout.
LAYOUT = replace(load_layout(ROOT / "layouts" / "handout.yaml", "layouts/handout.yaml"), required_sections=())
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Markup-looking text, template code and any Unicode outside surrogates.
hostile = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    st.lists(st.sampled_from(["<b>", "</b>", "<img src='/etc/passwd'/>", "&", "&amp;", "<font color=red>", "{{ x }}",
                              "{0.__class__}", "**", "<para>", "]]>", "<!--", "\\", "°F", "100.4", "é", "ñ"]),
             min_size=1, max_size=8).map(" word ".join),
)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _drug(text: str) -> Drug:
    block = Block(id="fuzz", section="pump", audiences=("adult",), formats=("handout",), cites=("s",),
                  safety_critical=False, facts="f", wording={"adult": Wording(text, (), None)},
                  review=Review(dt.date(2026, 11, 22), 12), file="fuzz.yaml", line=1)
    source = Source(key="s", publisher="P", title="T", file="f.txt")
    return Drug(id="d", generic_name="generic", brand_name="Brand", pronunciation=None, content_version="1",
                blocks=(block,), sources={"s": source}, glossary=())


@SETTINGS
@given(hostile)
@example("soft\u00adhyphen")
@example("zero\u200bwidth")
@example("right-to-left \u202eoverride")
@example("tab\tand\nnewline")
def test_block_text_prints_exactly_or_fails_cleanly(text):
    assume(not unbalanced_bold(text))  # the loader rejects a lone '**' with file and line
    doc = assemble(_drug(text), "adult", "handout", LAYOUT, None)
    try:
        check_glyphs(doc, LAYOUT)
    except InputError as exc:
        assert "fuzz.yaml:1: block 'fuzz'" in str(exc) and "U+" in str(exc)
        return
    # reaching here means every character is visible and in the font: all of it must print
    pdf = typeset_handout(doc, LAYOUT, "letter")
    shown = _words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert _words(plain(text)) in shown  # **bold** is our markup: its stars are not printed


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_escaped_text_never_becomes_markup(text):
    para = Paragraph(paragraph(text), ParagraphStyle("p", fontName="Helvetica"))
    # what the reader sees: the words, spaced by the Chinese-Latin rule (markup.spacing); word
    # joiners only hold a unit together
    assert _words(para.getPlainText().replace("\u2060", "")) == _words(plain(spacing(text)))


def _library(root: Path, block_yaml: str) -> None:
    drug = root / "content" / "d"
    (drug / "blocks").mkdir(parents=True, exist_ok=True)
    (root / "content" / "audiences.yaml").write_text("adult: {name: Adult}\n")
    (drug / "drug.yaml").write_text("id: d\ngeneric_name: g\nbrand_name: B\ncontent_version: '1'\n")
    (drug / "sources.yaml").write_text("s: {publisher: P, title: T, file: f.txt}\n")
    (drug / "glossary.yaml").write_text("[]\n")
    (drug / "blocks" / "x.yaml").write_text(block_yaml, encoding="utf-8")


yamlish = st.lists(st.sampled_from(list("- :{}[]'\"#&*!|>%@`\t\n ") + ["id", "adult", "text", "cites", "yes",
                                                                      "2026-11-22", "1e3", "~", "null", "é"]),
                   max_size=60).map("".join)


@SETTINGS
@given(st.one_of(yamlish, st.text(max_size=120)))
def test_block_loader_accepts_or_reports_with_a_line(tmp_path, text):
    _library(tmp_path, text)
    try:
        load_library(tmp_path / "content")
    except InputError as exc:
        for problem in exc.problems:
            assert str(problem.file).endswith(".yaml") or str(problem.file).endswith("blocks")


@SETTINGS
@given(st.one_of(yamlish, st.text(max_size=120)))
def test_clinic_loader_accepts_or_reports(tmp_path, text):
    path = tmp_path / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        clinic = load_clinic(path)
    except InputError as exc:
        assert all(str(p.file) == str(path) for p in exc.problems)
    else:
        assert clinic.name and clinic.daytime_phone


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("Words to know\n")
@example("Line one\n\nline two\n\n")
@example("")
def test_a_word_without_placeholders_renders_as_jinja_would(source):
    """Layout words with nothing to fill in skip Jinja (templating._Plain); same text out."""
    from handout.templating import _ENV, compile_text, render

    assume("{" not in source and "\r" not in source)
    assert render(compile_text(source), brand="Blincyto") == _ENV.from_string(source).render(brand="Blincyto")


# --- issue 15: clinic values and translations -------------------------------------------------

phone_chars = st.lists(st.sampled_from(list("0123456789 ()-.+x") + ["ext. ", "٣", "０", "\u200b", "#", "a"]),
                       max_size=30).map("".join)
scalar = st.one_of(phone_chars, st.sampled_from(["02071234567", "5550100", "1.10", "2026-01-01", "yes", "~", "0x1F",
                                                 "1e3", ".nan", "'(555) 010-0100'", '"+44 20 7123 4567"']))


@SETTINGS
@given(scalar, scalar, st.text(st.characters(blacklist_categories=("Cs",)), max_size=90))
def test_a_clinic_prints_its_numbers_as_written_or_is_refused(tmp_path, day, night, name):
    """Whatever is typed, a loaded clinic's phone is the text as written in the file (never a
    number YAML made of it), has 7 digits or more and only phone characters; else a clean error."""
    path = tmp_path / "clinic.yaml"
    path.write_text(f"name: {name!r}\ndaytime_phone: {day}\nafter_hours_phone: {night}\n".replace("\\", "\\\\"),
                    encoding="utf-8")
    try:
        clinic = load_clinic(path)
    except InputError as exc:
        assert exc.problems and all(str(p.file) == str(path) for p in exc.problems)
        return
    for written, phone in ((day, clinic.daytime_phone), (night, clinic.after_hours_phone)):
        assert phone == " ".join(written.strip("'\"").split())
        assert sum(c in "0123456789" for c in phone) >= 7
        assert re.fullmatch(r"[0-9 ().+\-extEXT]+", phone)


ENGLISH_WORDS = ["Page {{ page }} of {{ pages }}", "{{ brand }} ({{ generic }})", "Medicine 24 hours a day: "
                 "{{ infusion_days }} days", "{% if pronunciation %}Say {{ generic }}: {{ pronunciation }}{% endif %}",
                 "Fever of 100.4 °F (38 °C) or higher"]
VALUES = {"page": 3, "pages": 7, "brand": "Blincyto", "generic": "blinatumomab", "infusion_days": 28,
          "pronunciation": "blih-nuh-TOO-moh-mab"}
translation_pieces = st.lists(st.sampled_from(
    ["ES", " ", "página", "{{ page }}", "{{ pages }}", "{{ brand }}", "{{ generic }}", "{{ page\n}}", "{#", "#}",
     "{# 24 #}", "{{ 7*7 }}", "{%", "%}", "{% if pronunciation %}", "{% endif %}", "{{ pronunciation }}", "24",
     "100.4 °F", "(38 °C)", "38 °C", "100,4 °F", "٢٤", "\u200b", "{{ infusion_days }}", "}}", "{", "}", "**"]),
    max_size=10).map("".join)


def _placeholders_filled(text: str) -> str:
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: str(VALUES[m.group(1)]), text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ENGLISH_WORDS), translation_pieces)
def test_a_translation_is_data_or_refused(english, translated):
    """Accepted translations print as written, with only the English's placeholders filled in:
    nothing else a translator writes is ever evaluated, and numbers keep the English's order."""
    from handout.localize import _numbers, entry_problems
    from handout.templating import compile_text, render

    problems = entry_problems(english, translated)
    if problems:
        return
    assert _numbers(translated) == _numbers(english)
    out = render(compile_text(translated), **VALUES)
    if "{%" not in english:
        assert out == _placeholders_filled(translated)
    assert "{#" not in translated and "{{ 7*7 }}" not in translated and "\u200b" not in translated


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_po_file_reads_or_is_refused_at_its_name(tmp_path, data):
    from handout.i18n import read_catalog

    path = tmp_path / "layout.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + data)
    try:
        read_catalog(path, "locales/xx/layout.po")
    except InputError as exc:
        assert all(p.file == "locales/xx/layout.po" for p in exc.problems)
