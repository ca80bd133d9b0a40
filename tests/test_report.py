"""`handout report`: the editors' review PDF."""
from __future__ import annotations

import pdfplumber

from conftest import flat
from handout.cli import main


def test_report_shows_grades_chart_lint_citations_and_reviews(project, capsys):
    out = project / "report.pdf"
    assert main(["report", "--project", str(project), "--out", str(out), "--today", "2027-12-03"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    with pdfplumber.open(out) as pdf:
        text = flat(" ".join(p.extract_text() for p in pdf.pages))
        bars = [r for page in pdf.pages[:2] for r in page.rects if r["height"] > 2 and r["width"] > 1]
        assert len(bars) >= 2 * 30, "a before and an after bar for each block"
    for expected in ("Content review report", "blinatumomab · adult · en · handout", "target: grade 6",
                     "Flesch-Kincaid grade", "call-fever", "citation coverage", "review dates",
                     "Blocks above target: none", "clinician-note *"):
        assert expected in text
    assert "due" in text  # as of 2027-12-03 every review is due
    from pypdf import PdfReader
    for page in PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object(), "every font embedded"


def test_report_lists_lint_findings(project, capsys):
    path = project / "content/blinatumomab/blocks/40-pump.yaml"
    path.write_text(path.read_text().replace("A small pump moves the medicine", "A small pump moves the medication"))
    out = project / "report.pdf"
    assert main(["report", "--project", str(project), "--out", str(out), "--today", "2026-11-22"]) == 0
    with pdfplumber.open(out) as pdf:
        text = flat(" ".join(p.extract_text() for p in pdf.pages))
    assert 'jargon: use "medicine" instead of "medication"' in text
