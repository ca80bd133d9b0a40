"""Safety facts a family must find on the built PDFs, and two rules no wording may break:
a sign that means 911 is never in a "call the care team" list, and the wallet card never
tells emergency staff not to stop the infusion (stopping it is how severe reactions are
treated; that is the oncology team's call)."""
from __future__ import annotations

import re

import pdfplumber
import pytest

from conftest import flat, handout_pdf, page_texts
from test_errors import build, edit

AUDIENCES = ("adult", "pediatric")

# Words that mean "call 911" in the handouts and on the card (English).
NINE_ONE_ONE = re.compile(r"trouble breathing|hard to breathe|wheez|seizure|pass(es|ed|ing)? out"
                          r"|(cannot|can't|hard to|not) wak", re.I)
FURNITURE = re.compile(r"Blincyto \(blinatumomab\) · |This handout does not replace|Content version ")
# An introduction to a list of signs to phone the care team about.
CALL_TEAM = re.compile(r"call (your |the |my |my child's |your child's )?care team|call them right away", re.I)
# An instruction not to stop, pause or disconnect the infusion, in any of the shipped languages.
DO_NOT_STOP = re.compile(r"\b(do not|don't|never|no)\s+(stop|pause|turn off|disconnect|interrupt|detenga|pare|apague)"
                         r"|不要(停|暂停|关)|切勿(停|暂停|关)", re.I)


def card_faces(out, audience, locale="en"):
    with pdfplumber.open(out / "blinatumomab" / locale / f"{audience}-card.pdf") as pdf:
        return [flat(p.extract_text() or "") for p in pdf.pages]


def call_lists(path) -> list[str]:
    """Each bulleted list that follows a 'call the care team ... :' line, as one string. A list
    runs while lines start with a bullet or sit indented under the first bullet's text."""
    with pdfplumber.open(path) as pdf:
        # a generous y tolerance keeps superscript citation markers on their line; the running
        # header and footer are skipped, so a list may run on over a page break
        lines = [line for page in pdf.pages for line in page.extract_text_lines(y_tolerance=6)
                 if not FURNITURE.match(line["text"])]
    found, current, bullet_x, previous = [], None, None, ""
    for line in lines:
        text = line["text"].strip()
        previous, both = text, previous + " " + text  # an introduction may wrap onto a second line
        if current is not None:
            if text.startswith("•") and (bullet_x is None or abs(line["x0"] - bullet_x) < 3):
                bullet_x = line["x0"]
                current.append(text)
                continue
            if bullet_x is not None and line["x0"] > bullet_x + 3:
                current.append(text)
                continue
            if current:
                found.append(" ".join(current))
            current = None
        if CALL_TEAM.search(both) and text.rstrip(" ]0123456789,[").endswith(":"):
            current, bullet_x = [], None
    if current:
        found.append(" ".join(current))
    return found


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_call_the_team_list_holds_a_911_sign(built, audience):
    lists = call_lists(handout_pdf(built["out"], audience))
    assert len(lists) >= {"adult": 2, "pediatric": 3}[audience], "the call box, the TLS list (and the daily check)"
    for items in lists:
        assert not NINE_ONE_ONE.search(items), items
    back = card_faces(built["out"], audience)[1]
    call_part, nine_one_one = back.split("Call 911", 1)
    assert not NINE_ONE_ONE.search(call_part), call_part
    assert "trouble breathing" in nine_one_one and "seizure" in nine_one_one


def test_the_911_check_would_catch_a_911_sign_in_a_call_list(project, capsys):
    """The rule above is not vacuous: a 911 sign put back into the call box is found in the PDF."""
    edit(project, "content/blinatumomab/blocks/10-call.yaml", "chills, a cough, or pain when you pee.",
         "chills, a cough, trouble breathing, or pain when you pee.")
    code, err = build(capsys, project, "--audience", "adult", "--format", "handout", "--locale", "en",
                      "--allow-hard-reading")
    assert code == 0, err
    lists = call_lists(handout_pdf(project / "out", "adult"))
    assert NINE_ONE_ONE.search(lists[0])
    assert NINE_ONE_ONE.search("• Chills, a rash, feeling dizzy, or hard to breathe (signs of CRS)")
    assert NINE_ONE_ONE.search("• is much more sleepy than usual, or hard to wake up")
    assert CALL_TEAM.search("Call your child's care team right away if:")


@pytest.mark.parametrize("locale", ["en", "es", "zh-Hans"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_card_never_tells_staff_not_to_stop_the_infusion(built, audience, locale):
    front, back = card_faces(built["out"], audience, locale)
    assert not DO_NOT_STOP.search(front + " " + back), front
    assert DO_NOT_STOP.search("Do not stop the pump or change its settings.")  # the old card's words


@pytest.mark.parametrize("audience", AUDIENCES)
def test_card_note_to_emergency_staff(built, audience):
    front, _ = card_faces(built["out"], audience)
    note = front.split("To doctors and nurses:", 1)[1]
    for words in ("continuous IV blinatumomab", "ICANS",
                  "Do not flush the Blincyto lumen, draw blood from it, or give anything else through it",
                  "oncology team's decision: call them", "If a reaction is severe, stop the infusion first",
                  "A restart after 4 hours or more off needs supervision and premedication per label"):
        assert words in note, words


# Facts from the US label and home-infusion practice that both handouts must print.
HOME_SAFETY = [
    "Never flush the Blincyto line",
    "never use it for any other medicine or for blood tests",
    "That is an overdose",
    "If the pump alarms or stops",
    "Do not change any pump settings, even if the alarm keeps going",
    "If the IV line leaks, cracks, or comes apart",
    "a clamp (a small clip on the tube)? Close it between the leak and",
    "clean gauze for 10 minutes. If the bleeding does not stop, call 911",
    "If the dressing gets wet or comes loose",
    "Do not put the ends back together, and do not flush",
    "still full when it should be empty",
    "A new bag is put on every 1 to 7 days",
    "Write down who changes",
    "Wash your hands with soap and water before you touch the line",
    "clean, dry and stuck down",
    "red, swollen, sore, or leaking fluid",
    "small children and pets",
    "If no one calls you back soon, go to the nearest emergency room",
    "check the pump's battery",
    "Is it 100.4 °F (38 °C) or higher, or",
    "acetaminophen (Tylenol) or ibuprofen (Advil, Motrin)",
    "If you cannot reach",
    "go to the nearest emergency room",
    "are common with Blincyto. About 2 in 3 people get some",
    "every day",
    "at all times. It tells doctors and nurses about Blincyto",
    "bring the pump",
    "chickenpox or measles",
    "for 48 hours after",
    "Down syndrome",
    "radiation to the brain",
    "chemotherapy put into the spine, or at high doses",
    "reaction to an infusion (medicine that runs into a vein by drip or pump) before",
    "a swollen face",
    "Trouble breathing or wheezing means call 911",
    "may spread to",
    "much less than usual, or",
    "No one can tell ahead of time who will get side effects",  # what is not known (CDC CCI 11)
]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_home_safety_facts(built, audience):
    text = flat(" ".join(page_texts(handout_pdf(built["out"], audience))))
    missing = [fact for fact in HOME_SAFETY if fact not in text]
    assert not missing
    for wrong in ("pees much more", "pee much more", "a break with no medicine", "One cycle takes",
                  "A few days in the hospital", "based on your weight or body size", "most often uses a form"):
        assert wrong not in text, wrong


def test_pediatric_handout_has_the_small_child_signs_and_the_22_kg_rule(built):
    text = flat(" ".join(page_texts(handout_pdf(built["out"], "pediatric"))))
    first = flat(page_texts(handout_pdf(built["out"], "pediatric"))[0])
    assert "A baby or small child is not acting like themselves" in first
    assert "very sleepy, very fussy, or not feeding" in first
    assert "or you cannot wake them" in first
    assert "not for children who weigh less than 22 kg (about 48 pounds)" in text
    assert "Never take it in the bottom" in text


# The numbers a family acts on, as they must stand in every language (same digits, same units).
NUMBERS = {"en": ["100.4 °F", "38 °C", "48 hours"],
           "es": ["100.4 °F", "38 °C", "48 horas"],
           "zh-Hans": ["100.4 °F", "38 °C", "48 小时"]}


@pytest.mark.parametrize("locale", ["es", "zh-Hans"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_translated_handouts_keep_the_safety_numbers(built, audience, locale):
    path = built["out"] / "blinatumomab" / locale / f"{audience}-handout-letter.pdf"
    text = flat(" ".join(page_texts(path))).replace("（", " (").replace("）", ") ")
    for number in NUMBERS[locale]:
        assert number in text, number
    for n in ("28", "14", "9", "4", "7"):
        assert re.search(rf"(?<![\d.]){n}(?![\d.])", text), n
    if audience == "pediatric":
        assert "22 kg" in text
