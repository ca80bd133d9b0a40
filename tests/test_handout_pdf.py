"""Read the built handouts back and check what a patient or parent would see."""
from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ROOT, flat, handout_pdf, page_texts, run_handout

AUDIENCES = ("adult", "pediatric")


def text_of(path):
    return flat("\n".join(page_texts(path)))


def test_build_writes_and_prints_every_path(built):
    printed = built["stdout"].split()
    expected = [str(built["out"] / "blinatumomab" / locale / f"{a}-{kind}.pdf") for locale in ("en", "es", "zh-Hans")
                for a in AUDIENCES
                for kind in ("handout-letter", "handout-a4", "card", "card-sheet-letter", "card-sheet-a4")]
    assert sorted(printed) == sorted(expected)
    for path in expected:
        assert open(path, "rb").read(5) == b"%PDF-"


def test_default_build_is_every_audience_and_format_on_letter(tmp_path):
    result = run_handout("build", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "blinatumomab" / "en").iterdir()) == [
        "adult-card-sheet-letter.pdf", "adult-card.pdf", "adult-handout-letter.pdf",
        "pediatric-card-sheet-letter.pdf", "pediatric-card.pdf", "pediatric-handout-letter.pdf"]


def test_pediatric_handout_alone(tmp_path):
    result = run_handout("build", "--audience", "pediatric", "--format", "handout", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "blinatumomab" / locale / "pediatric-handout-letter.pdf")
                                     for locale in ("en", "es", "zh-Hans")]


@pytest.mark.parametrize("paper,size", [("letter", (612, 792)), ("a4", (595.28, 841.89))])
def test_page_size(built, paper, size):
    for audience in AUDIENCES:
        for page in PdfReader(handout_pdf(built["out"], audience, paper)).pages:
            assert float(page.mediabox.width) == pytest.approx(size[0], abs=0.01)
            assert float(page.mediabox.height) == pytest.approx(size[1], abs=0.01)


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


def test_every_font_is_embedded_atkinson(built):
    reader = PdfReader(handout_pdf(built["out"], "pediatric"))
    fonts = list(_fonts(reader))
    assert fonts
    for font in fonts:
        assert "AtkinsonHyperlegible" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{font['/BaseFont']} is not embedded"


@pytest.mark.parametrize("audience,title", [
    ("adult", "Blincyto (blinatumomab): a guide for adult patients"),
    ("pediatric", "Blincyto (blinatumomab): a guide for parents and caregivers"),
])
def test_metadata(built, audience, title):
    reader = PdfReader(handout_pdf(built["out"], audience))
    assert reader.metadata.title == title
    assert reader.metadata.author
    assert "Blincyto" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_same_inputs_give_identical_bytes(built, tmp_path):
    result = run_handout("build", "--paper", "all", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "blinatumomab").rglob("*.pdf"))
    assert len(files) == 30
    for path in files:
        assert path.read_bytes() == (built["out"] / path.relative_to(tmp_path)).read_bytes(), path.name


# Facts both handouts must state, exactly as printed.
SHARED_FACTS = [
    "Blincyto (blinatumomab)",
    "fever of 100.4 °F (38 °C) or higher",
    "24 hours a day",
    "28 days of medicine, then a break",
    "The first breaks are often 14 days",
    "Cycle 1 starts in the hospital",
    "for the first 9 days",
    "For other uses",
    "3 days. Ask",
    "Cycle 2 starts with 2 days in the hospital",
    "steroid medicine",
    "The pump alarms or stops, or the IV line leaks or comes apart",
    "Do not change any pump settings",
    "4 hours or more",
    "Call 911",
    "signs of CRS (cytokine release syndrome)",
    "signs of brain or nerve problems",
    "This is called tumor lysis syndrome",
    "Pancreatitis",
    "live vaccine during treatment",
    "the 2 weeks before treatment starts",
    "48 hours",
    "U.S. Food and Drug Administration",
    "1-800-332-1088",
    "immunotherapy",
]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_key_facts_present(built, audience):
    text = text_of(handout_pdf(built["out"], audience))
    missing = [fact for fact in SHARED_FACTS if fact not in text]
    assert not missing


# The sources heading, the note that a reader need not read them, the first group's heading, then source 1.
SOURCES = re.compile(r" ?Sources (?:You do not need to read this page.*? in our own words from them\. )?"
                     r"The medicine's label and its maker 1\.")


def test_adult_handout_speaks_to_the_patient(built):
    text = SOURCES.split(text_of(handout_pdf(built["out"], "adult")), 1)[0]  # titles of cited pages aside
    assert "For adults who are getting Blincyto" in text
    assert "Do not drive" in text
    assert "your child" not in text.lower()
    assert "benzyl alcohol" not in text


def test_pediatric_handout_speaks_to_a_parent_and_covers_children(built):
    text = text_of(handout_pdf(built["out"], "pediatric"))
    assert "For parents and caregivers of a child who is getting Blincyto" in text
    assert text.count("your child") + text.count("Your child") > 30
    assert "Call your child's care team right away if:" in text
    for child_only in ("benzyl alcohol", "22 kg (about 48 pounds)", "Never take it in the bottom", "baby or toddler",
                       "school or child care"):
        assert child_only in text


@pytest.mark.parametrize("audience", AUDIENCES)
def test_call_box_on_page_one_stands_out_in_colour_and_grey(built, audience):
    path = handout_pdf(built["out"], audience)
    first = flat(page_texts(path)[0])
    assert "right away if:" in first and "100.4 °F (38 °C)" in first and "Call 911" in first
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        lines = page.lines + page.rects
        # a heavy black frame survives black-and-white printing
        assert any(r.get("linewidth", 0) >= 2.5 and _grey(r.get("stroking_color")) < 0.1 for r in lines)
        # the title bar is strongly coloured and dark enough that white text reads in grey
        bars = [r for r in page.rects if r.get("fill") and _is_red(r.get("non_stroking_color"))]
        assert bars and all(_grey(r["non_stroking_color"]) < 0.35 for r in bars)


def _grey(colour) -> float:
    if colour is None:
        return 0.0
    c = list(colour) if isinstance(colour, (list, tuple)) else [colour]
    if len(c) == 3:
        return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
    return c[0]


def _is_red(colour) -> bool:
    return isinstance(colour, (list, tuple)) and len(colour) == 3 and colour[0] > 0.5 and colour[1] < 0.2


@pytest.mark.parametrize("audience", AUDIENCES)
def test_citation_markers_match_the_numbered_sources(built, audience):
    text = text_of(handout_pdf(built["out"], audience))
    body, sources = SOURCES.split(text, 1)
    sources = "1." + sources
    listed = [int(n) for n in re.findall(r"(?:^| )(\d{1,2})\. ", sources)]
    assert listed == list(range(1, len(listed) + 1)) and len(listed) >= 8
    cited = set()
    for group in re.findall(r"\[([\d,\u2013]+)\]", body):  # "2,15–19": a range stands for every number in it
        for part in group.split(","):
            first, _, last = part.partition("\u2013")
            cited |= set(range(int(first), int(last or first) + 1))
    assert cited == set(listed), "every source is cited and every marker has a source"
    assert "National Cancer Institute (NCI)" in sources
    assert "Amgen. “BLINCYTO (blinatumomab) for injection, for intravenous use. US Prescribing Information.”" in sources
    assert "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=38b482a8-960b-4591-9857-5031ecb830aa" \
        in sources.replace(" ", "")
    assert "https://www.cancer.gov/about-cancer/treatment/drugs/blinatumomab" in sources.replace(" ", "")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_glossary_defines_the_terms_the_handout_uses(built, audience):
    text = "\n".join(page_texts(handout_pdf(built["out"], audience)))
    body, rest = text.split("\nWords to know\n", 1)
    glossary = rest.split("\nSources\n", 1)[0]
    terms = re.findall(r"^([A-Z][A-Za-z0-9 ()\-]{1,40}): ", glossary, re.M)  # each entry starts a line
    assert len(terms) >= 10
    for expected in ("Cytokine release syndrome (CRS)", "IV (intravenous)", "Live vaccine", "Seizure"):
        assert expected in terms
    body = flat(body).lower().replace("-", " ")  # "B-cell" uses the term "B cells"
    for term in terms:
        word = re.sub(r" \(.*\)", "", term).lower().rstrip("s")  # "T cells" is used as "T cell"
        assert word in body, f"{term} is defined but not used"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_footer_on_every_page(built, audience):
    pages = page_texts(handout_pdf(built["out"], audience))
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        page = flat(page)
        assert f"Page {number} of {len(pages)}" in page
        assert "Content version 2.0 · Last reviewed December 2, 2026" in page
        assert "This handout does not replace advice from" in page


@pytest.mark.parametrize("audience", AUDIENCES)
def test_reading_text_is_at_least_12_point(built, audience):
    with pdfplumber.open(handout_pdf(built["out"], audience)) as pdf:
        for page in pdf.pages:
            small = [c for c in page.chars
                     if c["size"] < 11.99 and c["top"] > 60 and c["bottom"] < page.height - 70  # not header/footer
                     and c["text"] not in "[],\u20130123456789"]  # citation markers ("[2,15–19]")
            assert not small, "".join(c["text"] for c in small)[:80]


def test_no_markup_or_template_syntax_leaks(built):
    for audience in AUDIENCES:
        text = text_of(handout_pdf(built["out"], audience))
        for leak in ("**", "{{", "}}", "{%", "<b>", "&amp;", "&lt;"):
            assert leak not in text


def test_clinic_profile_fills_call_box_and_header(built_with_clinic):
    pages = page_texts(handout_pdf(built_with_clinic, "pediatric"))
    first = flat(pages[0])
    for value in ("Riverside Cancer Center", "(555) 010-0123", "(555) 010-0199", "100 Riverside Drive"):
        assert value in first
    assert all("Riverside Cancer Center" in p for p in pages)


def test_without_clinic_profile_there_are_lines_to_write_on(built):
    path = handout_pdf(built["out"], "adult")
    first = flat(page_texts(path)[0])
    for label in ("Care team / clinic:", "Daytime phone:", "Nights, weekends, holidays:"):
        assert label in first
    assert "Riverside" not in first
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        rules = [ln for ln in page.lines if ln["x1"] - ln["x0"] > 150 and abs(ln["top"] - ln["bottom"]) < 1]
        assert len(rules) >= 3, "three write-in lines for clinic name and phones"


def test_console_script_and_module_are_the_same_command():
    import shutil
    import subprocess
    import sys
    from pathlib import Path
    beside = Path(sys.executable).parent / "handout"  # the venv's script, even if the venv is not activated
    exe = str(beside) if beside.exists() else shutil.which("handout")
    assert exe, "the console script is installed"
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.startswith("handout ")
    assert run_handout("--version").stdout == out.stdout
