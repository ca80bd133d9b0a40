"""What a translator sees before printing (issue 17): per-entry translator notes and length limits,
the status of every entry at its PO line, the locale's term list, starting a locale whose letters
the main font lacks, and the pseudo-locale that shows overflow before anyone translates."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ROOT, flat, page_texts
from handout.cli import main
from test_i18n import translate, translate_locale

LOCALE_FONTS_VI = """  vi:
    regular: NotoSans-Regular.ttf
    bold: NotoSans-Bold.ttf
    italic: NotoSans-Italic.ttf
    bold_italic: NotoSans-BoldItalic.ttf
"""


def run(capsys, project: Path, *args) -> tuple[int, str, str]:
    code = main([args[0], "--project", str(project), *args[1:]])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def test_every_layout_word_has_its_own_translator_note():
    from handout.build import open_project
    from handout.contexts import heading_name
    from handout.layout_notes import load_notes, width

    project = open_project(ROOT)
    notes = load_notes(ROOT)
    words = {}
    for kind, layout in (("handout", project.handout_layout), ("card", project.card_layout)):
        words.update({(kind, name): texts for name, texts in layout.word_sources.items()})
        words.update({(kind, heading_name(s.id)): s.heading_sources for s in layout.sections if s.heading})
    missing = sorted(set(words) - set(notes))
    assert not missing, f"add a note to layouts/translator-notes.yaml for {missing}"
    assert not sorted(set(notes) - set(words)), "a note for a word the layouts no longer have"
    for key, texts in words.items():
        limit = notes[key].max
        assert limit is None or all(width(t) <= limit for t in texts.values()), f"the English of {key} is over its max"
    # card labels and picture labels are where room is tight
    assert notes[("card", "phone_label")].max and notes[("handout", "pump_label_line")].max


def test_layout_catalog_carries_each_entrys_note_and_limit(project, capsys):
    assert run(capsys, project, "i18n", "extract")[0] == 0
    pot = (project / "locales" / "templates" / "layout.pot").read_text()
    entries = pot.split("\n\n")
    notes = {re.search(r'msgctxt "(.*)"', e).group(1): re.findall(r"^#\. (.*)$", e, re.M)
             for e in entries if "msgctxt" in e}
    assert len({notes[c][0] for c in notes}) > 60, "each word has its own comment, not one for all"
    assert any("wallet card" in line.lower() for line in notes["card|day_label|*"])
    assert any(line.startswith("Room for at most 12 characters") for line in notes["card|day_label|*"])
    assert not any("Room for" in line for line in notes["handout|heading:about|*"])


def _write_terms(project: Path) -> None:
    (project / "locales" / "es" / "terms.yaml").write_text(
        "terms:\n  - english: medicine\n    use: medicamento\n    avoid: [medicina]\n")


def test_status_lists_each_failing_entry_at_its_po_line(project, capsys):
    shutil.rmtree(project / "locales" / "es")
    assert run(capsys, project, "i18n", "new", "es")[0] == 0
    bad = {"pregnancy|adult|text": lambda m: "ES " + m.replace("48", "24"),   # a changed number
           "card|day_label|*": lambda m: "Durante el día, de lunes a viernes:",  # over its 12 characters
           "handout|calendar_medicine|*": lambda m: "Medicina"}                # against the term list
    translate(project, lambda c, m: bad[c](m) if c in bad else m if c == "handout|who_call_911_icon|*" else "ES " + m)
    _write_terms(project)
    code, out, _ = run(capsys, project, "i18n", "status")
    assert code == 0
    assert re.search(r"es +blinatumomab +adult +\d+/\d+ translated, 0 fuzzy, 0 missing, 1 failing a check", out)
    po = (project / "locales" / "es" / "layout.po").read_text().splitlines()
    found = re.search(r"locales/es/layout\.po:(\d+): card\|day_label\|\*: \[length\] length: 35 characters where "
                      r"12 fit", out)
    line = int(found.group(1)) if found else 0
    assert po[line - 2:line] == ['msgctxt "card|day_label|*"', 'msgid "Day:"'], "the line of the entry's English"
    assert re.search(r"locales/es/layout\.po:\d+: handout\|calendar_medicine\|\*: \[terminology\] .*'medicina'.*"
                     r"'medicamento'", out)
    assert re.search(r"locales/es/blinatumomab\.po:\d+: pregnancy\|adult\|text: \[translation\] the numbers differ",
                     out)
    assert "es: ready to print: no" in out and "medically reviewed: no" in out
    assert run(capsys, project, "i18n", "status", "--strict")[0] == 1
    code, _, err = run(capsys, project, "check")
    assert code == 1 and re.search(r"locales/es/layout\.po:\d+: card\|day_label\|\*: length", err)
    assert "calendar_medicine|*: terminology" in err


def test_status_strict_passes_when_all_is_well(project, capsys):
    shutil.rmtree(project / "locales" / "zh-Hans")
    shutil.rmtree(project / "locales" / "es")
    assert run(capsys, project, "i18n", "new", "es")[0] == 0
    translate(project, lambda c, m: m)  # "translated" as the English: every check passes
    code, out, _ = run(capsys, project, "i18n", "status", "--strict")
    assert code == 0, out
    assert "es: ready to print: yes; medically reviewed: no" in out


def test_shipped_translations_keep_their_term_lists(project, capsys):
    """The Spanish and Chinese catalogs follow their own terms.yaml (ALL, not LLA; 抽搐, not 癫痫发作)."""
    code, out, _ = run(capsys, project, "i18n", "status")
    assert code == 0
    assert (project / "locales" / "es" / "terms.yaml").is_file() and (project / "locales" / "zh-Hans" / "terms.yaml").is_file()
    assert "[terminology]" not in out


def _vietnamese(ctx: str, msgid: str) -> str:
    """A stand-in Vietnamese translation: the English with 'o' written 'ơ' (a letter Atkinson
    Hyperlegible lacks) outside {{ placeholders }}."""
    return "".join(part if part.startswith("{") else part.replace("o", "ơ")
                   for part in re.split(r"(\{\{.*?\}\}|\{%.*?%\})", msgid))


@pytest.fixture
def vi(project, capsys) -> Path:
    for name in ("handout.yaml", "card.yaml"):  # the layouts as shipped, without a font for vi
        path = project / "layouts" / name
        path.write_text(re.sub(r"^  vi:\n(    .*\n)+", "", path.read_text(), flags=re.M))
    code, out, err = run(capsys, project, "i18n", "new", "vi")
    assert code == 0 and "locales/vi/layout.po" in out
    assert "cannot draw" in err and "NotoSans-Regular.ttf" in err, "i18n new says which font covers Vietnamese"
    translate_locale(project, "vi", _vietnamese)
    return project


def test_vietnamese_is_reported_at_the_po_line_then_builds_with_its_font(vi, capsys):
    code, out, _ = run(capsys, vi, "i18n", "status")
    found = re.search(r"locales/vi/blinatumomab\.po:(\d+): (what-it-is\|adult\|text): \[glyphs\] the font cannot "
                      r"draw 'ơ' \(U\+01A1\)", out)
    assert found, out[-3000:]
    assert "vi: ready to print: no" in out
    build = ["build", "--locale", "vi", "--audience", "adult", "--allow-hard-reading", "--out", str(vi / "out")]
    code, _, err = run(capsys, vi, *build)
    assert code == 1 and re.search(r"locales/vi/blinatumomab\.po:\d+: block 'what-it-is' \(adult, vi\): the font "
                                   r"cannot draw 'ơ'", err)
    assert not (vi / "out").exists()
    proof = vi / "proof-vi.pdf"
    assert run(capsys, vi, "proof", "--locale", "vi", "--out", str(proof))[0] == 0
    text = flat(" ".join(page_texts(proof)))
    assert "[U+01A1]" in text and "the font cannot draw" in text, "the proof shows the gap instead of a box"
    need = re.search(r"\d+ entries pass, (\d+) need work", text)
    assert need and int(need.group(1)) > 100

    for name in ("handout.yaml", "card.yaml"):  # as `i18n new` advised
        path = vi / "layouts" / name
        path.write_text(path.read_text().replace("locale_fonts:\n", "locale_fonts:\n" + LOCALE_FONTS_VI, 1))
    code, _, err = run(capsys, vi, *build)
    assert code == 0, err
    pdf = vi / "out" / "blinatumomab" / "vi" / "adult-handout-letter.pdf"
    assert "Blincytơ is a medicine" in flat(" ".join(page_texts(pdf)))
    fonts = {f.get_object()["/BaseFont"] for page in PdfReader(pdf).pages
             for f in page["/Resources"]["/Font"].values()}
    assert all("NotoSans" in f for f in fonts), fonts
    assert "[glyphs]" not in run(capsys, vi, "i18n", "status")[1]


def test_the_pseudo_locale_builds_every_document(project, capsys, tmp_path):
    """Accented and bracketed (growth 0, so every document fits): each PDF builds, and every word a
    reader reads before the sources went through a catalog (none is plain English)."""
    out = tmp_path / "pseudo"
    code, printed, err = run(capsys, project, "i18n", "pseudo", "--growth", "0", "--out", str(out))
    assert code == 0, err
    written = sorted(p.name for p in (out / "blinatumomab" / "en-001").glob("*.pdf"))
    assert len(written) == 10 and "adult-card.pdf" in written and "pediatric-handout-a4.pdf" in written
    english = re.compile(r"\b(the|your|you|and|with|call|right away|care team|medicine|page|of)\b", re.I)
    for name in ("adult-handout-letter.pdf", "pediatric-handout-letter.pdf"):
        text = "\n".join(page_texts(out / "blinatumomab" / "en-001" / name))
        assert "100.4 °F" in text and "[" in text and "]" in text
        body = text.split("[Šöüřçéš]")[0]
        assert len(body) > 5000 and not english.findall(body), english.findall(body)
    assert not (project / "locales" / "en-001").exists(), "the project's locales are left alone"


def test_pseudo_text_keeps_what_the_checks_compare():
    from handout.localize import entry_problems
    from handout.pseudo import pseudo

    english = "Give **{{ dose }} mcg** at 38 °C (100.4 °F) for 4 hours; see https://example.org/a."
    text = pseudo(english)
    assert entry_problems(english, text) == []
    assert "{{ dose }}" in text and "https://example.org/a." in text and "**" in text
    assert 1.3 <= len(text) / len(english) <= 1.4
    assert "á" in text and text.startswith("[") and text.endswith("]")


def test_pseudo_reports_what_overflows(project, capsys, tmp_path):
    """At 35% longer, each document either builds or is named with what does not fit."""
    out = tmp_path / "pseudo"
    code, printed, err = run(capsys, project, "i18n", "pseudo", "--out", str(out))
    built = list((out / "blinatumomab" / "en-001").glob("*.pdf")) if out.exists() else []
    assert code == 0 and len(built) == 10 or code == 1 and "problem(s) to fix" in err and "en-001" in err
