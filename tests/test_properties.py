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
from handout.markup import paragraph, plain, unbalanced_bold
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
    assert _words(para.getPlainText()) == _words(plain(text))


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
