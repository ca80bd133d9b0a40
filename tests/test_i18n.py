"""Translations: extract, update, status and new; building a locale; the safety checks."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from conftest import ROOT, flat, page_texts
from handout.cli import main


def run(capsys, project: Path, *args) -> tuple[int, str, str]:
    code = main([*args[:1], *(["--project", str(project)] if args else []), *args[1:]])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture
def fresh(project, capsys) -> Path:
    """The project with no translations but a newly started Spanish locale."""
    shutil.rmtree(project / "locales" / "es", ignore_errors=True)
    assert run(capsys, project, "i18n", "new", "es")[0] == 0
    assert (project / "locales" / "es" / "plain-language.yaml").is_file()
    return project


def translate(project: Path, edit=lambda ctx, msgid: "ES " + msgid, reviewed: bool = False) -> None:
    """Fill every Spanish entry with a stand-in translation that keeps numbers and marks. The stand-in
    is English text, so glossary terms stay as they are and terms are found explained by the English
    phrases ("called ALL"), as in the English handout."""
    rules = project / "locales" / "es" / "plain-language.yaml"
    english = (ROOT / "locales" / "en" / "plain-language.yaml").read_text(encoding="utf-8")
    rules.write_text(rules.read_text(encoding="utf-8").split("explained_by:")[0] + "explained_by:"
                     + english.split("explained_by:")[1], encoding="utf-8")
    for po in (project / "locales" / "es").glob("*.po"):
        with po.open("rb") as fh:
            cat = read_po(fh)
        for msg in cat:
            if msg.id:
                msg.string = msg.id if msg.context.startswith("glossary|") and msg.context.endswith("|term") \
                    else edit(msg.context, msg.id)
        if reviewed:
            cat.header_comment = cat.header_comment.replace("# Medical-Review:", "# Medical-Review: A. Reviewer, 2026-11-20")
        with po.open("wb") as fh:
            write_po(fh, cat, include_previous=True)



def translate_locale(project: Path, locale: str, edit) -> None:
    """translate() fills locales/es: swap another locale into its place for a moment."""
    es, other, saved = (project / "locales" / name for name in ("es", locale, "es-saved"))
    shutil.move(es, saved)
    shutil.move(other, es)
    translate(project, edit)
    shutil.move(es, other)
    shutil.move(saved, es)

def test_extract_writes_templates_translators_can_use(project, capsys):
    code, out, _ = run(capsys, project, "i18n", "extract")
    assert code == 0 and "blinatumomab.pot" in out and "layout.pot" in out
    pot = (project / "locales" / "templates" / "blinatumomab.pot").read_text()
    assert 'msgctxt "call-fever|adult|item1"' in pot
    assert "#: content/blinatumomab/blocks/10-call.yaml:" in pot
    assert "#. Clinical meaning: A fever of 100.4 °F or higher" in pot
    assert "#. SAFETY-CRITICAL" in pot and "#. Wallet card: room for about" in pot
    assert "python-format" not in pot and "#, fuzzy" not in pot.split("msgctxt")[0]
    layout = (project / "locales" / "templates" / "layout.pot").read_text()
    assert 'msgctxt "handout|callbox_title|pediatric"' in layout and "{{ brand }}" in layout


def test_new_and_status(fresh, capsys):
    code, out, _ = run(capsys, fresh, "i18n", "status")
    assert code == 0
    assert re.search(r"es +blinatumomab +adult +0/\d+ translated, 0 fuzzy, \d+ missing", out)
    assert run(capsys, fresh, "i18n", "new", "xx-nope")[0] == 2
    translate(fresh)
    out = run(capsys, fresh, "i18n", "status")[1]
    assert re.search(r"es +blinatumomab +pediatric +(\d+)/\1 translated, 0 fuzzy, 0 missing", out)


def test_a_translated_locale_builds_in_its_language(fresh, capsys):
    translate(fresh)
    code, out, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "pediatric", "--format", "handout",
                         "--out", str(fresh / "out"), "--start-date", "2026-12-07")
    assert code == 0, err
    pdf = fresh / "out" / "blinatumomab" / "es" / "pediatric-handout-letter.pdf"
    pages = page_texts(pdf)
    text = flat("\n".join(pages))
    assert "ES Your child has a fever of 100.4 °F (38 °C) or higher." in text
    assert "2 de diciembre de 2026" in text, "dates are formatted for the locale"
    assert "dom lun mar mié jue vie sáb" in text, "weekdays in Spanish, weeks starting as es_US does"
    assert "7 de diciembre de 2026" in text and "18 de enero de 2027" in text and "1 ene" in text
    assert "ES This translation has not been reviewed by a qualified medical translator." in text


def test_reviewed_translation_drops_the_footer_note(fresh, capsys):
    translate(fresh, reviewed=True)
    assert run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "handout",
               "--out", str(fresh / "out"))[0] == 0
    text = flat("\n".join(page_texts(fresh / "out" / "blinatumomab" / "es" / "adult-handout-letter.pdf")))
    assert "has not been reviewed" not in text


def test_changed_english_turns_the_translation_fuzzy_and_stops_the_build(fresh, capsys):
    translate(fresh)
    block = fresh / "content" / "blinatumomab" / "blocks" / "10-call.yaml"
    block.write_text(block.read_text().replace("It may be an infection or a serious reaction to the medicine.",
                                               "It may be an infection, or a serious reaction to the medicine."))
    assert run(capsys, fresh, "i18n", "extract")[0] == 0
    assert run(capsys, fresh, "i18n", "update")[0] == 0
    po = (fresh / "locales" / "es" / "blinatumomab.po").read_text()
    at = po.index('msgctxt "call-fever|adult|item1"')
    entry = po[po.rindex("\n\n", 0, at):po.index("\n\n", at)]
    assert "#, fuzzy" in entry and "#| msgid" in entry
    previous = "".join(re.findall(r'^#\| (?:msgid )?"(.*)"$', entry, re.M))
    assert "It may be an infection or a serious reaction to the medicine." in previous, "the previous English is shown"
    assert run(capsys, fresh, "i18n", "update")[0] == 0  # and still shown after another update
    again = (fresh / "locales" / "es" / "blinatumomab.po").read_text()
    assert again == po
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--out", str(fresh / "out"))
    assert code == 1
    assert re.search(r"locales/es/blinatumomab\.po:\d+: safety-critical block 'call-fever' \(adult, item1\): fuzzy",
                     err)
    assert not (fresh / "out").exists()
    status = run(capsys, fresh, "i18n", "status")[1]
    assert re.search(r"es +blinatumomab +adult +\d+/\d+ translated, 1 fuzzy, 0 missing", status)


def test_removed_english_becomes_obsolete(fresh, capsys):
    translate(fresh)
    questions = fresh / "content" / "blinatumomab" / "blocks" / "90-report-and-questions.yaml"
    questions.write_text(questions.read_text().replace('      - "When can I get vaccines again?"\n', ""))
    run(capsys, fresh, "i18n", "extract")
    run(capsys, fresh, "i18n", "update")
    po = (fresh / "locales" / "es" / "blinatumomab.po").read_text()
    assert '#~ msgctxt "questions|adult|item5"' in po


@pytest.mark.parametrize("ctx,edit,message", [
    ("call-fever|adult|item1", lambda s: s.replace("100.4", "104"), "the numbers differ from the English"),
    ("pregnancy|pediatric|text", lambda s: s.replace("48", "24"), "the numbers differ from the English"),
    ("handout|title|*", lambda s: "{{ brand }} {{ 7*7 }}", "contains template code '{{ 7*7 }}'"),
    ("call-pump|adult|item1", lambda s: s.replace("**", ""), "the **bold** marks differ"),
])
def test_a_broken_translation_is_caught(fresh, capsys, ctx, edit, message):
    translate(fresh, lambda c, m: edit("ES " + m) if c == ctx else "ES " + m)
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--out", str(fresh / "out"))
    assert code == 1 and message in err


def test_decimal_comma_is_the_same_number(fresh, capsys):
    translate(fresh, lambda c, m: ("ES " + m).replace("100.4", "100,4"))
    assert run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "card",
               "--out", str(fresh / "out"))[0] == 0


def test_translation_markup_prints_literally(fresh, capsys):
    hostile = '<img src="/etc/passwd"/> & <font color=red>x</font> {x.__class__}'
    translate(fresh, lambda c, m: f"{m} {hostile}" if c == "pump-at-home|adult|text" else "ES " + m)
    assert run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "handout",
               "--allow-hard-reading", "--out", str(fresh / "out"))[0] == 0
    text = flat("\n".join(page_texts(fresh / "out" / "blinatumomab" / "es" / "adult-handout-letter.pdf")))
    assert hostile in text


def test_incomplete_translation_falls_back_only_when_allowed(fresh, capsys):
    translate(fresh, lambda c, m: "" if c.startswith("how-it-works|") else "ES " + m)
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--out", str(fresh / "out"))
    assert code == 1 and "block 'how-it-works' (adult, text): missing" in err
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--format", "handout", "--allow-incomplete",
                       "--out", str(fresh / "out"))
    assert code == 0, err
    text = flat("\n".join(page_texts(fresh / "out" / "blinatumomab" / "es" / "adult-handout-letter.pdf")))
    assert "ES Not yet translated; shown in English: Your immune system is the part of your body" in text


def test_a_missing_card_text_leaves_the_handout_translated(fresh, capsys):
    """The card text and the handout wording of a block fall back separately: each entry feeds
    only the documents that print it (which incremental builds rely on)."""
    # (the note to doctors nearly fills its card face at the floor size: with the fallback note
    # above it, it would not fit, so it stands in short here)
    translate(fresh, lambda c, m: "" if c == "what-it-is|adult|card" else
              "ES **To doctors and nurses:** 4 hours." if c.startswith("clinician-note|") else "ES " + m)
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--allow-incomplete",
                       "--allow-hard-reading", "--out", str(fresh / "out"))
    assert code == 0, err
    folder = fresh / "out" / "blinatumomab" / "es"
    card = flat(" ".join(page_texts(folder / "adult-card.pdf")))
    assert "Not yet translated; shown in English: I am on Blincyto (blinatumomab)." in card
    handout = flat(" ".join(page_texts(folder / "adult-handout-letter.pdf")))
    assert "ES Blincyto is a medicine for a kind of blood cancer." in handout
    assert "Not yet translated" not in handout


def test_safety_critical_gaps_never_fall_back(fresh, capsys):
    translate(fresh, lambda c, m: "" if c.startswith("call-911|") else "ES " + m)
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--allow-incomplete", "--out", str(fresh / "out"))
    assert code == 1 and "safety-critical block 'call-911' (adult, text): missing" in err


def test_default_build_skips_a_locale_that_is_not_ready(fresh, capsys):
    code, out, err = run(capsys, fresh, "build", "--format", "handout", "--out", str(fresh / "out"))
    assert code == 0
    assert out.split() and not [line for line in out.split() if "/es/" in line]
    assert "not printing 'es'" in err and "handout i18n status" in err


def test_proof_shows_english_translation_and_status(fresh, capsys):
    translate(fresh, lambda c, m: ("ES " + m).replace("48", "24") if c == "pregnancy|adult|text" else "ES " + m)
    out = fresh / "proof.pdf"
    code, printed, err = run(capsys, fresh, "proof", "--locale", "es", "--out", str(out))
    assert code == 0, err
    text = flat("\n".join(page_texts(out)))
    assert "Translation proof: es" in text and "NOT yet reviewed by a qualified medical translator" in text
    assert "ES Fever of 100.4" in text and "Fever of 100.4" in text.replace("ES Fever", "")
    import pdfplumber
    with pdfplumber.open(out) as pdf:  # the status column, on its own
        status = flat(" ".join(p.crop((p.width * 0.76, 0, p.width, p.height)).extract_text() or "" for p in pdf.pages))
    assert "the numbers differ from the English" in status
    # (the stand-in "ES " also takes a few tiny layout words past their length limits)
    need = re.search(r"\d+ entries pass, (\d+) need work", text)
    assert need and 1 <= int(need.group(1)) <= 5
    assert run(capsys, fresh, "proof", "--locale", "fr")[0] == 2
