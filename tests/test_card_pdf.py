"""Read the built wallet cards and print sheets back: sizes, fit, marks, duplex alignment, facts."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import flat
from test_errors import build, edit

MM = 72 / 25.4
CARD_W, CARD_H = 85.60 * MM, 53.98 * MM
SAFE = 3 * MM
PRINTER_MARGIN = 5 * MM
AUDIENCES = ("adult", "pediatric")


def folder(out: Path) -> Path:
    return out / "blinatumomab" / "en"


def card_pdf(out, audience):
    return folder(out) / f"{audience}-card.pdf"


def sheet_pdf(out, audience, paper):
    return folder(out) / f"{audience}-card-sheet-{paper}.pdf"


def texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [flat(p.extract_text() or "") for p in pdf.pages]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_card_is_two_exact_id1_pages(built, audience):
    pages = PdfReader(card_pdf(built["out"], audience)).pages
    assert len(pages) == 2
    for page in pages:
        assert float(page.mediabox.width) == pytest.approx(CARD_W, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(CARD_H, abs=0.01)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_card_text_stays_in_the_safe_area_and_is_readable(built, audience):
    with pdfplumber.open(card_pdf(built["out"], audience)) as pdf:
        sizes = []
        for page in pdf.pages:
            assert page.chars
            for c in page.chars:
                assert SAFE - 0.01 <= c["x0"] and c["x1"] <= CARD_W - SAFE + 0.01, c["text"]
                assert SAFE - 0.01 <= c["top"] and c["bottom"] <= CARD_H - SAFE + 0.01, c["text"]
                sizes.append(c["size"])
        assert min(sizes) >= 7 - 0.01, "the floor stated in layouts/card.yaml"


ADULT_CARD_FACTS = [
    "Blincyto (blinatumomab)", "I am on Blincyto (blinatumomab)", "It treats my leukemia", "24 hours a day from a pump",
    "I always carry this card", "Fever of 100.4 °F (38 °C) or higher", "signs of CRS", "nerve signs",
    "The pump alarms or stops", "Call 911 for trouble breathing, wheezing, a seizure, or passing out",
    "To doctors and nurses:", "continuous IV blinatumomab infusion",
    "Do not flush the Blincyto lumen, draw blood from it, or give anything else through it",
    "Stopping or restarting is my oncology team's decision", "A restart after 4 hours or more off needs supervision",
    "My name:", "Care team:", "24-hour phone:",
]


def test_adult_card_facts(built):
    front, back = texts(card_pdf(built["out"], "adult"))
    text = front + " " + back
    assert not [f for f in ADULT_CARD_FACTS if f not in text]
    assert "Call my care team right away for:" in back
    assert "Blincyto (blinatumomab)" in front and "To doctors and nurses:" in front


def test_pediatric_card_speaks_for_a_child(built):
    front, back = texts(card_pdf(built["out"], "pediatric"))
    assert "My child is on Blincyto (blinatumomab)" in front
    assert "Child's name:" in front and "the oncology team's decision" in front
    assert "Call my child's care team right away for:" in back
    assert "Fever of 100.4 °F (38 °C) or higher" in back


def test_card_with_clinic_prints_the_numbers(built_with_clinic):
    front, _ = texts(card_pdf(built_with_clinic, "adult"))
    for value in ("Care team: Riverside Cancer Center", "Day: (555) 010-0123", "Nights, weekends: (555) 010-0199"):
        assert value in front
    assert "24-hour phone:" not in front


def _bars(page):
    """The red title bar of each card on a sheet page, as (x0, x1, top)."""
    return sorted((round(c["x0"], 1), round(c["x1"], 1), round(c["top"], 1)) for c in page.curves + page.rects
                  if c.get("fill") and c.get("non_stroking_color") and c["non_stroking_color"][0] > 0.5
                  and c["non_stroking_color"][1] < 0.2)


@pytest.mark.parametrize("paper,count,size", [("letter", 8, (612, 792)), ("a4", 10, (595.28, 841.89))])
def test_sheet_card_count_and_duplex_alignment(built, paper, count, size):
    path = sheet_pdf(built["out"], "adult", paper)
    reader = PdfReader(path)
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None" and prefs["/Duplex"] == "/DuplexFlipLongEdge"
    with pdfplumber.open(path) as pdf:
        front, back = pdf.pages
        assert (front.width, front.height) == pytest.approx(size, abs=0.01)
        assert front.extract_text().count("My name:") == count
        assert back.extract_text().count("Call my care team right away for:") == count
        front_bars, back_bars = _bars(front), _bars(back)
        assert len(front_bars) == len(back_bars) == count
        # Flipping the sheet on its long edge maps x to width - x and keeps the row.
        mirrored = sorted((round(front.width - x1, 1), round(front.width - x0, 1), top)
                          for x0, x1, top in front_bars)
        assert [v for bar in back_bars for v in bar] == pytest.approx([v for bar in mirrored for v in bar], abs=0.15)


def _cards(bars):
    inset = 1.5 * MM
    return [(x0 - inset, top - inset, x0 - inset + CARD_W, top - inset + CARD_H) for x0, _, top in bars]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_crop_marks_sit_on_every_cut_line_outside_the_cards(built, paper):
    with pdfplumber.open(sheet_pdf(built["out"], "pediatric", paper)) as pdf:
        page = pdf.pages[0]
        cards = _cards(_bars(page))
        cut_x = sorted({round(v, 1) for c in cards for v in (c[0], c[2])})
        cut_y = sorted({round(v, 1) for c in cards for v in (c[1], c[3])})
        marks = [ln for ln in page.lines if ln["linewidth"] < 0.45]  # write-in lines are 0.5 pt
        vertical = {round(ln["x0"], 1) for ln in marks if abs(ln["x0"] - ln["x1"]) < 0.01}
        horizontal = {round(ln["top"], 1) for ln in marks if abs(ln["top"] - ln["bottom"]) < 0.01}
        assert sorted(vertical) == pytest.approx(cut_x, abs=0.15)
        assert sorted(horizontal) == pytest.approx(cut_y, abs=0.15)
        for ln in marks:
            assert ln["bottom"] - ln["top"] + ln["x1"] - ln["x0"] >= 1 * MM, "long enough to see"
            for x0, top, x1, bottom in cards:  # never on a card
                assert ln["x1"] <= x0 + 0.01 or ln["x0"] >= x1 - 0.01 or ln["bottom"] <= top + 0.01 \
                    or ln["top"] >= bottom - 0.01
            assert PRINTER_MARGIN - 0.01 <= ln["x0"] and ln["x1"] <= page.width - PRINTER_MARGIN + 0.01
            assert PRINTER_MARGIN - 0.01 <= ln["top"] and ln["bottom"] <= page.height - PRINTER_MARGIN + 0.01


def test_text_that_does_not_fit_names_the_block_and_the_overflow(project, capsys):
    long = "It runs into a vein 24 hours a day from a pump. " * 12
    edit(project, "content/blinatumomab/blocks/30-giving.yaml",
         'card: "It runs 24 hours a day from a pump. I always carry this card."',
         f'card: "{long.strip()}"')
    code, err = build(capsys, project, "--format", "card")
    assert code == 1
    assert re.search(r"content/blinatumomab/blocks/30-giving\.yaml:\d+: wallet card front \(adult, en\): the text "
                     r"does not fit even at 7 pt; it overflows by \d+\.\d mm\. Shorten the card text of a block "
                     r"on this face; tallest first: 'given-by-pump' \(\d+\.\d mm, content/blinatumomab/blocks/"
                     r"30-giving\.yaml:\d+\)", err)
    assert not (project / "out").exists()


def test_card_layout_refuses_a_floor_below_six_and_a_half(project, capsys):
    edit(project, "layouts/card.yaml", "  min_size: 7\n", "  min_size: 5\n")
    code, err = build(capsys, project)
    assert code == 1 and "fit: min_size 5 is below 6.5 pt" in err


def test_bleed_enlarges_the_page_and_keeps_the_trim_box(project, capsys):
    edit(project, "layouts/card.yaml", "  bleed_mm: 0 ", "  bleed_mm: 3 ")
    code, err = build(capsys, project, "--format", "card", "--audience", "adult")
    assert code == 0, err
    page = PdfReader(card_pdf(project / "out", "adult")).pages[0]
    assert float(page.mediabox.width) == pytest.approx(CARD_W + 6 * MM, abs=0.01)
    assert float(page.trimbox.width) == pytest.approx(CARD_W, abs=0.01)
    assert float(page.trimbox.left) == pytest.approx(3 * MM, abs=0.01)
