"""The treatment-cycle timeline in every handout, and the personal calendar page (--start-date)."""
from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ROOT, flat, handout_pdf, page_texts
from handout.calendar import cycle_calendar
from handout.cli import main
from handout.content import load_library
from test_errors import build, edit

TIMELINE = ["Medicine 24 hours a day: 28 days", "Break: often 14 days", "Week 1", "Week 6", "Steroid medicine first",
            "Hospital: the first days of cycles 1 and 2", "This is a first cycle: 28 days of medicine, then a break",
            "Later breaks can be longer"]


@pytest.mark.parametrize("audience", ["adult", "pediatric"])
def test_every_handout_draws_the_cycle(built, audience):
    path = handout_pdf(built["out"], audience)
    text = flat("\n".join(page_texts(path)))
    assert not [label for label in TIMELINE if label not in text]
    assert "calendar" not in text, "no calendar without --start-date"
    reader = PdfReader(path)
    for page in reader.pages:  # drawn in vector: no image anywhere
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "Break: often 14 days" in (p.extract_text() or ""))
        bars = [r for r in page.rects if r["height"] > 20 and r["width"] > 100]
        dark = [r for r in bars if r["non_stroking_color"] and sum(r["non_stroking_color"][:3]) < 1.0]
        white = [r for r in bars if r["non_stroking_color"] and sum(r["non_stroking_color"][:3]) > 2.9]
        assert dark and white, "medicine and break differ in black and white, not only in colour"
        assert dark[0]["width"] == pytest.approx(white[0]["width"] * 2, rel=0.01), "28 days is twice 14 days"
        hatch = [ln for ln in page.lines if white[0]["x0"] - 1 <= ln["x0"] and ln["x1"] <= white[0]["x1"] + 1
                 and abs(ln["x1"] - ln["x0"]) > 1 and abs(ln["top"] - ln["bottom"]) > 1]
        assert len(hatch) > 5, "the break is hatched"


def test_timeline_follows_the_schedule_data(project, capsys):
    edit(project, "content/blinatumomab/schedule.yaml", "break_days: 14", "break_days: 21")
    code, err = build(capsys, project, "--audience", "adult", "--format", "handout")
    assert code == 0, err
    text = flat("\n".join(page_texts(handout_pdf(project / "out", "adult"))))
    assert "Break: often 21 days" in text and "Week 7" in text


def test_calendar_page_across_a_month_and_a_year(tmp_path, capsys):
    assert main(["build", "--project", str(ROOT), "--out", str(tmp_path), "--audience", "pediatric",
                 "--format", "handout", "--start-date", "2026-12-07"]) == 0
    pages = page_texts(handout_pdf(tmp_path, "pediatric"))
    last = flat(pages[-1])
    assert "Your cycle 1 calendar" in last
    assert "Medicine from December 7, 2026, break until January 17, 2027" in last
    assert "it may start on January 18, 2027" in last
    assert "Sun Mon Tue Wed Thu Fri Sat" in last  # en_US weeks start on Sunday
    assert "Bag changes" in last and "Questions for the care team" in last
    plain = tmp_path / "plain"
    assert main(["build", "--project", str(ROOT), "--out", str(plain), "--audience", "pediatric",
                 "--format", "handout"]) == 0
    assert len(pages) == len(page_texts(handout_pdf(plain, "pediatric"))) + 1, "the calendar is one page"


def test_calendar_cells_in_order(tmp_path):
    assert main(["build", "--project", str(ROOT), "--out", str(tmp_path), "--audience", "adult",
                 "--format", "handout", "--start-date", "2026-12-07", "--cycle", "2", "--hospital-days", "2"]) == 0
    with pdfplumber.open(handout_pdf(tmp_path, "adult")) as pdf:
        page = pdf.pages[-1]
        text = flat(page.extract_text())
        assert "Your cycle 2 calendar" in text
        table = page.extract_tables()[0]
    cells = [flat(c or "") for row in table[1:] for c in row]
    assert table[0] == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    assert cells[1] == "Dec 7 Day 1 Hospital" and cells[2] == "8 Day 2 Hospital" and cells[3] == "9 Day 3 Medicine"
    assert cells[26] == "Jan 1 Day 26 Medicine"
    assert cells[28] == "3 Day 28 Medicine" and cells[29] == "4 Day 29 Break"
    assert cells[42] == "17 Day 42 Break" and cells[43] == "18 Next cycle?"


def test_calendar_dates_follow_the_locale():
    schedule = load_library(ROOT / "content").drugs["blinatumomab"].schedule
    es = cycle_calendar(schedule, dt.date(2026, 12, 7), 1, "es")
    assert es.weekdays[0] == "lun"  # Spanish (Spain) weeks start on Monday
    assert es.start_long == "7 de diciembre de 2026" and es.next_long == "18 de enero de 2027"
    assert es.weeks[0][0].label == "7 dic" and es.weeks[0][0].cycle_day == 1
    assert [d.label for d in es.weeks[3]][4] == "1 ene"  # the new year, labelled with its month
    us = cycle_calendar(schedule, dt.date(2026, 12, 7), 1, "en_US")
    assert us.weekdays[0] == "Sun" and us.weeks[0][1].label == "Dec 7"


@pytest.mark.parametrize("args,message", [
    (["--start-date", "2026-12-07", "--cycle", "0"], "'0' should be a whole number, 1 or more"),
    (["--start-date", "7/12/2026"], "'7/12/2026' is not a date like 2026-11-22"),
    (["--cycle", "2"], "--cycle and --hospital-days belong to the calendar: give --start-date too"),
])
def test_calendar_usage_errors(project, capsys, args, message):
    try:
        code = main(["build", "--project", str(project), *args])
    except SystemExit as exc:  # argparse rejects a malformed value itself
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_hospital_days_beyond_the_medicine_days(project, capsys):
    code, err = build(capsys, project, "--start-date", "2026-12-07", "--hospital-days", "40")
    assert code == 1 and "--hospital-days 40 should be between 1 and 28" in err


def test_a_label_too_long_for_the_timeline_is_caught(project, capsys):
    edit(project, "layouts/handout.yaml", 'timeline_break: "Break: often {{ break_days }} days"',
         'timeline_break: "A very long break label that cannot fit: {{ break_days }} days"')
    code, err = build(capsys, project, "--format", "handout")
    assert code == 1 and "word 'timeline_break' (en)" in err and "too long for its part of the timeline" in err


def test_spanish_timeline_and_calendar(tmp_path, capsys):
    """The same drawing and calendar in the shipped Spanish: labels, dates and week order."""
    assert main(["build", "--project", str(ROOT), "--out", str(tmp_path), "--locale", "es", "--audience",
                 "pediatric", "--format", "handout", "--start-date", "2026-12-07"]) == 0
    pages = page_texts(tmp_path / "blinatumomab" / "es" / "pediatric-handout-letter.pdf")
    text = flat("\n".join(pages))
    for label in ("Medicamento las 24 horas del día: 28 días", "Pausa: a menudo 14 días", "Semana 1", "Semana 6",
                  "Hospital: los primeros días de los ciclos 1 y 2", "Primero, el medicamento esteroide"):
        assert label in text
    calendar = flat(pages[-2] + "\n" + pages[-1])
    assert "7 de diciembre de 2026" in calendar and "17 de enero de 2027" in calendar
    assert "18 de enero de 2027" in calendar
    assert "dom lun mar mié jue vie sáb" in calendar  # es_US: weeks start on Sunday, as in the US
    assert "7 dic" in calendar and "1 ene" in calendar
