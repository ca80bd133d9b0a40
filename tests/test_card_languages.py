"""The wallet card's note to doctors and nurses in the clinic's language as well as the card's
(issue 17, item 1): read back from the built card PDFs."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import flat, run_handout
from test_card_pdf import texts

NOTE = {"en": "To doctors and nurses:", "es": "Al personal de salud:", "zh-Hans": "致医生和护士："}


def _langs(path) -> list[tuple[str, str]]:
    """(structure role, Lang) of every element that names its own language, in reading order."""
    found = []
    with pikepdf.open(path) as pdf:
        def walk(elem):
            if "/Lang" in elem:
                found.append((str(elem.get("/S")), str(elem["/Lang"])))
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    return found



def _spanish_clinic(project) -> Path:
    """The example clinic profile, for a clinic whose staff read Spanish."""
    clinic = project / "clinics" / "spanish.yaml"
    clinic.write_text((project / "clinics" / "example.yaml").read_text() + "language: es\n")
    return clinic


def _build_card(project, tmp_path, locale: str, clinic: Path) -> Path:
    """The adult card of `locale`, built for `clinic` through the real command."""
    out = tmp_path / "out"
    result = run_handout("build", "--format", "card", "--locale", locale, "--clinic", clinic, "--out", out,
                         cwd=project)
    assert result.returncode == 0, result.stderr
    return out / "blinatumomab" / locale / "adult-card.pdf"

@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    out = tmp_path_factory.mktemp("cards")
    result = run_handout("build", "--format", "card", "--locale", "all", "--out", out)
    assert result.returncode == 0, result.stderr
    return out / "blinatumomab"


@pytest.mark.parametrize("locale", ["es", "zh-Hans"])
@pytest.mark.parametrize("audience", ["adult", "pediatric"])
def test_translated_card_carries_the_note_in_english_too(cards, locale, audience):
    card = cards / locale / f"{audience}-card.pdf"
    front, back = texts(card)
    assert NOTE[locale] in front and NOTE["en"] in front  # both copies, side by side, on the front
    assert "English:" in front  # the label a nurse looks for
    assert front.index(NOTE[locale]) < front.index("English:") < front.index(NOTE["en"])
    assert "A restart after 4 hours or more off needs supervision" in front  # the whole note, not a summary
    # both copies are tagged with their language; the rest of the card is in the document's
    assert ("/P", locale) in _langs(card) and ("/P", "en") in _langs(card)
    # the name and phone lines moved to the back to make room, under "call my care team"
    after_911 = back.split("911")[-1]
    assert ("nombre" in after_911.lower() or "姓名" in after_911) and "24" in after_911


def test_english_card_prints_the_note_once(cards):
    front, _ = texts(cards / "en" / "adult-card.pdf")
    assert front.count(NOTE["en"]) == 1 and "English:" not in front
    assert _langs(cards / "en" / "adult-card.pdf") == []


def test_a_clinic_that_reads_the_cards_language_gets_the_note_once(project, tmp_path):
    clinic = _spanish_clinic(project)
    card = _build_card(project, tmp_path, "es", clinic)
    front = texts(card)[0]
    assert front.count(NOTE["es"]) == 1 and NOTE["en"] not in front and "Español:" not in front
    assert _langs(card) == []


def test_a_second_copy_that_cannot_fit_names_its_po_line(project, tmp_path):
    """A Spanish clinic and a Chinese card: the Spanish copy, set in the Chinese font, leaves the
    front no room at 7 pt. The build stops at the translation to shorten, never drops a copy."""
    clinic = _spanish_clinic(project)
    result = run_handout("build", "--format", "card", "--locale", "zh-Hans", "--clinic", clinic,
                         "--out", tmp_path / "out", cwd=project)
    if result.returncode == 0:  # it fits: both copies are there
        front = texts(tmp_path / "out" / "blinatumomab" / "zh-Hans" / "adult-card.pdf")[0]
        assert NOTE["zh-Hans"] in front and NOTE["es"] in front and "Español:" in front
    else:
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "'clinician-note' (es)" in result.stderr and "locales/es/blinatumomab.po:" in result.stderr
        assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.parametrize("value, said", [
    ("klingon", "is not a language code handout knows"),
    ("EN", "did you mean en?"),
    ("zh_Hans", "did you mean zh-Hans?"),
])
def test_an_unknown_clinic_language_is_refused_at_its_line(project, tmp_path, value, said):
    clinic = project / "clinics" / "bad.yaml"
    clinic.write_text((project / "clinics" / "example.yaml").read_text() + f"language: {value}\n")
    line = len(clinic.read_text().splitlines())
    result = run_handout("build", "--format", "card", "--clinic", clinic, "--out", tmp_path / "out", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"bad.yaml:{line}" in result.stderr and said in flat(result.stderr)
    assert not (tmp_path / "out").exists()


def test_a_clinic_language_without_a_translation_is_refused_naming_the_profile(project, tmp_path):
    clinic = project / "clinics" / "french.yaml"
    clinic.write_text((project / "clinics" / "example.yaml").read_text() + "language: fr\n")
    result = run_handout("build", "--format", "card", "--locale", "es", "--clinic", clinic,
                         "--out", tmp_path / "out", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "french.yaml:" in result.stderr and "locales/fr/blinatumomab.po" in result.stderr


def test_an_english_card_for_a_spanish_clinic_carries_the_spanish_note_too(project, tmp_path):
    clinic = _spanish_clinic(project)
    card = _build_card(project, tmp_path, "en", clinic)
    front = texts(card)[0]
    assert NOTE["en"] in front and NOTE["es"] in front and "Español:" in front
    assert ("/P", "es") in _langs(card)


def test_editing_the_clinic_languages_note_rebuilds_the_card(project, tmp_path):
    clinic = _spanish_clinic(project)
    out = tmp_path / "out"
    args = ("build", "--format", "card", "--locale", "en", "--audience", "adult", "--clinic", clinic, "--out", out)
    assert run_handout(*args, cwd=project).returncode == 0
    assert run_handout(*args, cwd=project).stdout == ""  # up to date
    po = project / "locales" / "es" / "blinatumomab.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgctxt "clinician-note|adult|card"')
    end = text.index("\n\n", start)
    entry = text[start:end]
    po.write_text(text[:start] + entry.replace("Al personal de salud:", "Al personal sanitario:") + text[end:],
                  encoding="utf-8")
    result = run_handout(*args, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "adult-card.pdf" in result.stdout
    assert "Al personal sanitario:" in flat(texts(out / "blinatumomab" / "en" / "adult-card.pdf")[0])
