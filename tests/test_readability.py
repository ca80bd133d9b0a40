"""Readability formulas against hand counts, text preparation, and the plain-language lint."""
from __future__ import annotations

import pytest

from conftest import ROOT
from handout.cli import main
from handout.plain_language import lint, load_rules
from handout.readability import (analyse, coleman_liau, flesch_kincaid_grade, flesch_reading_ease, inflesz,
                                 sentences, smog, stats, syllables_en, syllables_es, szigriszt_pazos,
                                 fernandez_huerta)
from test_errors import edit


def test_hand_count_english():
    # "The cat sat on the mat." 1 sentence, 6 words, 6 syllables, 17 letters.
    s = stats(["The cat sat on the mat."], "en")
    assert (s.sentences, s.words, s.syllables, s.letters, s.polysyllables) == (1, 6, 6, 17, 0)
    assert flesch_reading_ease(s) == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)      # 116.145
    assert flesch_kincaid_grade(s) == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)        # -1.45
    assert coleman_liau(s) == pytest.approx(0.0588 * 100 * 17 / 6 - 0.296 * 100 / 6 - 15.8)  # -4.07


def test_hand_count_with_long_words():
    # "Call your care team immediately." 1 sentence; syllables 1+1+1+1+5 = 9; 1 polysyllable.
    s = stats(["Call your care team immediately."], "en")
    assert (s.words, s.syllables, s.polysyllables) == (5, 9, 1)
    assert flesch_kincaid_grade(s) == pytest.approx(0.39 * 5 + 11.8 * 9 / 5 - 15.59)     # 7.6


def test_smog_needs_thirty_sentences():
    # Each sentence: The(1) medicine(3) is(1) important(3): 2 polysyllables.
    thirty = stats(["The medicine is important."] * 30, "en")
    assert thirty.polysyllables == 60
    assert smog(thirty) == pytest.approx(1.0430 * (60 * 30 / 30) ** 0.5 + 3.1291)       # 11.21
    result = analyse(["The medicine is important."] * 29, "en")
    assert result.get("smog") is None and "SMOG not applicable: 29 sentences" in result.notes[0]


def test_hand_count_spanish():
    # "El gato come pescado." El(1) ga-to(2) co-me(2) pes-ca-do(3): 4 words, 8 syllables, 1 sentence.
    s = stats(["El gato come pescado."], "es")
    assert (s.words, s.syllables, s.sentences) == (4, 8, 1)
    assert fernandez_huerta(s) == pytest.approx(206.84 - 0.60 * 200 - 1.02 * 4)         # 82.76: 4 words a sentence
    assert szigriszt_pazos(s) == pytest.approx(206.835 - 62.3 * 2 - 4)                  # 78.235
    assert inflesz(szigriszt_pazos(s)) == "bastante fácil"
    assert set(analyse(["El gato come pescado."], "es").scores) == {"fernandez_huerta", "szigriszt_pazos"}


@pytest.mark.parametrize("word,count", [
    ("murciélago", 4), ("día", 2), ("ciudad", 2), ("leucemia", 3), ("poeta", 3), ("guerra", 2),
    ("pingüino", 3), ("muy", 1), ("quiero", 2), ("agua", 2), ("oído", 3), ("fiebre", 2), ("bomba", 2),
])
def test_spanish_syllables(word, count):
    assert syllables_es(word) == count


@pytest.mark.parametrize("word,count", [
    ("fever", 2), ("medicine", 3), ("color", 2), ("leukemia", 4), ("pee", 1),
    ("CRS", 3), ("IV", 2), ("FDA", 3), ("life-threatening", 3), ("100.4", 1), ("1-800-FDA-1088", 1),
])
def test_english_syllables(word, count):
    assert syllables_en(word) == count


def test_medicine_names_are_two_syllables_and_never_polysyllabic():
    names = {"Blincyto", "blinatumomab"}
    assert syllables_en("blinatumomab", frozenset(n.lower() for n in names)) == 2
    assert stats(["Blincyto is blinatumomab."], "en", names).polysyllables == 0


def test_text_preparation():
    assert len(sentences(["Tell your care team if you:", "have liver disease", "take other medicines"])) == 3
    assert sentences(["A fever of 100.4 °F is a sign. Call now."]) == ["A fever of 100.4 °F is a sign.", "Call now."]
    assert len(sentences(["Tell the U.S. Food and Drug Administration, e.g. by phone."])) == 1
    assert len(sentences(["You have **signs of CRS**: chills or a rash."])) == 1  # a colon inside a sentence


def test_locale_without_formula_says_so():
    result = analyse(["Ein Satz."], "de")
    assert result.scores == {} and "no readability formula" in result.notes[0]


RULES = load_rules(ROOT / "locales" / "en" / "plain-language.yaml", "locales/en/plain-language.yaml")


def test_lint_findings():
    text = ("We will administer the medication q4h and 1/2 a tablet, so please utilize the pump with care and "
            "remember all of this today.")
    found = lint([text], 9, RULES, glossary_forms=("leukemia",))
    joined = " | ".join(found)
    assert "long sentence (24 words, keep to 20)" in joined  # "1/2" reads as two numbers
    assert "long list (9 items, keep to 7)" in joined
    assert 'use "give" instead of "administer"' in joined and 'use "medicine" instead of "medication"' in joined
    assert 'number to work out ("q4h")' in joined and 'number to work out ("1/2")' in joined
    assert lint(["A seizure can happen."], 0, RULES, ()) == [
        'medical term "seizure" has no glossary entry: add it to glossary.yaml']
    assert lint(["A seizure can happen."], 0, RULES, ("seizure",)) == []
    assert lint(["Read the Medication Guide."], 0, RULES, ()) == []  # a proper name is left alone


HARD = ("Blincyto administration necessitates continuous intravenous infusion utilizing "
        "an ambulatory electromechanical infusion apparatus.")


def test_harder_block_fails_check_and_build(project, capsys):
    edit(project, "content/blinatumomab/blocks/30-giving.yaml",
         "      Blincyto goes into a vein through an IV line. A small pump gives it all\n"
         "      the time, 24 hours a day. It is not a pill or a shot.", "      " + HARD)
    code = main(["check", "--project", str(project), "--today", "2026-11-22"])
    out = capsys.readouterr()
    assert code == 1
    assert "given-by-pump" in out.out and "OVER" in out.out
    assert "content/blinatumomab/blocks/30-giving.yaml:3: block 'given-by-pump' (adult, en, handout): reading grade" \
        in out.err and "Use shorter sentences and shorter words" in out.err
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--audience", "adult"])
    err = capsys.readouterr().err
    assert code == 1 and "--allow-hard-reading" in err and not (project / "out").exists()
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--audience", "adult",
                 "--allow-hard-reading"])
    assert code == 0
