"""The ReportLab speed-ups must not change a single byte of any PDF, nor a single fragment."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.shapes import Shape
from reportlab.lib import rl_accel
from reportlab.lib.attrmap import validateSetattr
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl
from reportlab.platypus import paraparser
from reportlab.platypus.paraparser import ParaParser

import handout.rlext.cjk
import handout.figures
import handout.pictures
import handout.typeset
import handout.typeset_card
from handout.rlext import speedups as reportlab_speedups
from handout.rlext import tagging
from handout.build import _render, all_targets, open_project, prepare
from handout.clinic import load_clinic
from handout.fonts import register_family
from handout.incremental import outputs_for
from handout.names import FORMATS


def _all_pdfs(tmp_path) -> dict:
    """Every document of the three-locale matrix, with a clinic and a calendar page."""
    project = open_project(ROOT)
    clinic = load_clinic(ROOT / "clinics" / "example.yaml")
    targets = all_targets(project.library.drugs, ["en", "es", "zh-Hans"], project.library.audiences, FORMATS)
    jobs = prepare(project, targets, clinic=clinic, allow_incomplete=True,
                   calendar={"start_date": dt.date(2026, 12, 1), "cycle": 1, "hospital_days": 9})
    return {output.path: _render(project, job, output)
            for target, job in zip(targets, jobs) for output in outputs_for(tmp_path, *target, ["letter", "a4"])}


def _reference_cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """Our Chinese line breaking the plain way: ReportLab's per-character objects and line maker."""
    chars = [rl.cjkU(t, f, encoding) for f in frags for t in (f.text or [f.text])]
    lines = handout.rlext.cjk._lines(chars, [u.width for u in chars], maxWidths, lambda k: hasattr(chars[k].frag, "lineBreak"))
    return rl.ParaLines(kind=1, lines=[rl.makeCJKParaLine(chars[a:b], room, used, extra, bool(brk), calcBounds)
                                       for a, b, used, extra, room, brk in lines])


def test_pdfs_are_byte_identical_without_the_speedups(tmp_path, monkeypatch):
    fast = _all_pdfs(tmp_path)
    for module in (handout.typeset, handout.figures, handout.pictures, handout.typeset_card):
        monkeypatch.setattr(module, "Paragraph", rl.Paragraph)
    monkeypatch.setattr(rl, "sameFrag", rl_accel.sameFrag)
    monkeypatch.setattr(rl, "stringWidth", pdfmetrics.stringWidth)
    monkeypatch.setattr(rl, "getAscentDescent", pdfmetrics.getAscentDescent)
    monkeypatch.setattr(rl, "cjkFragSplit", _reference_cjk_frag_split)
    monkeypatch.setattr(paraparser, "copy", copy)
    monkeypatch.setattr(Shape, "__setattr__", validateSetattr, raising=False)
    plain = _all_pdfs(tmp_path)
    assert len(plain) == len(fast) >= 30
    different = [str(path.relative_to(tmp_path)) for path in plain if plain[path] != fast[path]]
    assert not different


@pytest.fixture(scope="module")
def style() -> ParagraphStyle:
    regular = register_family("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
                              "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf")
    return ParagraphStyle("t", fontName=regular, fontSize=12.5, leading=16)


def _frag(f) -> dict:
    """A fragment's attributes; a tagging mark's callback by its attributes too (it has no ==)."""
    d = dict(f.__dict__)
    if "cbDefn" in d:
        d["cbDefn"] = vars(d["cbDefn"])
    return d


def _reportlab_frags(text: str, style) -> list[dict]:
    _, frags, _ = ParaParser().parse(rl.cleanBlockQuotedText(text), style)
    return [_frag(f) for f in frags]


_words = st.text(alphabet="ab 1.°\u00a0&<>中，", min_size=1, max_size=12).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
_runs = st.lists(st.one_of(
    _words,
    _words.map(lambda t: f"<b>{t}</b>"),
    _words.map(lambda t: f"<i>{t}</i>"),
    st.just("&nbsp;&nbsp;"),
    st.just("<br/>"),
    st.tuples(_words, st.sampled_from(["9.0", "7.2"])).map(lambda p: f'<super><font size="{p[1]}">[{p[0]}]</font></super>'),
    st.sampled_from([tagging.REFERENCE, tagging.LINK, tagging.LBODY, tagging.END]),  # tagging marks
), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(_runs)
def test_fast_parse_gives_reportlabs_fragments(style, text):
    parsed = reportlab_speedups._parse(rl.cleanBlockQuotedText(text), style, 1)
    assert parsed is not None
    assert [_frag(f) for f in parsed[1]] == _reportlab_frags(text, style)


@pytest.mark.parametrize("text", ['<a href="x">link</a>', "<para>set</para>", "a <u>b</u>", '<font color="red">x</font>'])
def test_other_markup_goes_to_reportlabs_own_parser(style, text):
    assert reportlab_speedups._parse(text, style, 1) is None
    fast = reportlab_speedups.Paragraph(text, style)
    assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in rl.Paragraph(text, style).frags]


def test_ill_formed_markup_gets_reportlabs_own_error(style):
    assert reportlab_speedups._parse("<b>open", style, 1) is None
    with pytest.raises(ValueError, match="paragraph text"):
        reportlab_speedups.Paragraph("<b>open", style)
