"""The "who to call" picture and the drawing of the pump and line (issue 14, items 3, 4, 7, 8), read
back from the built PDFs in every language: labels present, tiers in order, vector only, tagged as
Figures with Alt text; and a label too long for its room stops the build, naming the word."""
from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest
from conftest import flat, run_handout
from test_errors import build, edit
from test_tagging import structure

from handout import pictures
from handout.layout import FIGURES

# What each picture prints, per locale, in reading order (the tiers most urgent first).
TIERS = {
    "en": [("Call 911", ["Trouble breathing or wheezing", "A seizure", "Passing out", "Cannot be woken up"]),
           ("Call the care team now", ["Fever of 100.4 °F (38 °C) or higher", "Chills, headache, rash",
                                       "Confused, very sleepy", "A cough, pain when", "Pump alarm, or the line",
                                       "worries you"]),
           ("Tell the team at the", ["Muscle or joint pain", "Less hungry", "Loose stools"])],
    "es": [("Llame al 911", ["Dificultad o silbido", "Una convulsión", "Un desmayo", "No se puede despertar"]),
           ("Llame al equipo médico", ["Fiebre de 100.4 °F (38 °C) o más", "Escalofríos, dolor de cabeza",
                                       "Confusión, mucho sueño", "Tos, dolor al orinar", "Alarma de la bomba",
                                       "que le preocupe"]),
           ("Dígaselo al equipo", ["Dolor en los músculos o las articulaciones", "Menos hambre",
                                   "Heces blandas"])],
    "zh-Hans": [("拨打 911", ["呼吸困难或呼吸有哮鸣音", "抽搐", "晕倒", "叫不醒"]),
                ("深夜也要马上联系", ["发烧 100.4 °F（38 °C）或更高", "发冷、头痛", "意识混乱、特别困",
                                    "咳嗽、小便时疼", "输液泵报警", "任何新出现"]),
                ("下次就诊时告诉", ["肌肉或关节疼痛", "胃口比平时差", "拉肚子（大便稀）"])],
}
PUMP = {
    "en": ["Pump", "Medicine bag", "Tubing", "IV line (arm or chest)", "Never flush this line", "Keep dry",
           "Clamp: close it if the line leaks"],
    "es": ["Bomba", "Bolsa del medicamento", "Tubo", "Vía IV (brazo o pecho)", "Nunca lave esta vía (flush)",
           "No mojar", "Pinza: ciérrela si hay una fuga"],
    "zh-Hans": ["输液泵", "药袋", "输液管", "静脉输液管路（手臂或胸部）", "切勿冲管", "保持干燥", "管夹：漏液时夹紧"],
}
PORT = {"en": "a port under the skin of the chest", "es": "un puerto debajo de la piel del pecho",
        "zh-Hans": "胸部皮肤下面的输液港"}  # the drawing's Alt text names both kinds of line
HEADINGS = {"en": ("Your IV line and pump at home", "Staying safe at home"),
            "es": ("Su vía IV y su bomba en casa", "Seguridad en casa"),
            "zh-Hans": ("在家时的输液管路和输液泵", "在家如何保证安全")}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("pictures")
    result = run_handout("build", "--format", "handout", "--paper", "all", "--out", out)
    assert result.returncode == 0, result.stderr
    for locale in TIERS:  # a plain build prints every language
        assert f"/{locale}/adult-handout-letter.pdf" in result.stdout
    return out


def _pdfs(out, locale):
    found = sorted((out / "blinatumomab" / locale).glob("*-handout-*.pdf"))
    assert len(found) == 4
    return found


def _norm(text: str, locale: str) -> str:
    """One line; Chinese without spaces (a label may wrap at any character)."""
    return re.sub(r"\s+", "" if locale.startswith("zh") else " ", text)


def _page_with(path, needle, locale) -> str:
    with pdfplumber.open(path) as pdf:
        pages = [_norm(p.extract_text() or "", locale) for p in pdf.pages]
    return next(p for p in pages if _norm(needle, locale) in p)


@pytest.mark.parametrize("locale", list(TIERS))
def test_pump_drawing_labels_in_every_language(out, locale):
    for path in _pdfs(out, locale):
        page = _page_with(path, PUMP[locale][3], locale)
        assert not [label for label in PUMP[locale] if _norm(label, locale) not in page], path.name
        if path.name.startswith("adult"):  # at the start of the pump section, before its text
            assert page.index(_norm(HEADINGS[locale][0], locale)) < page.index(_norm(PUMP[locale][3], locale))


@pytest.mark.parametrize("locale", list(TIERS))
def test_who_to_call_tiers_in_order_with_their_signs(out, locale):
    for path in _pdfs(out, locale):
        page = _page_with(path, TIERS[locale][2][1][0], locale)
        at = page.index(_norm(HEADINGS[locale][1], locale))  # at the start of "Staying safe at home"
        for title, signs in TIERS[locale]:
            assert _norm(title, locale) in page, (path.name, title)
            for sign in signs:  # each sign after the previous tier's, so under its own tier
                found = page.find(_norm(sign, locale), at)
                assert found > at, (path.name, sign)
                at = found


def test_signs_do_not_leak_between_tiers(out):
    """911 signs only under 911: the fever is not an emergency-number sign, a seizure not a 'call now' one,
    and a headache (a CRS sign in the call box) never waits for the next visit."""
    page = _page_with(_pdfs(out, "en")[0], "Muscle or joint pain", "en")
    now, visit = page.index("Fever of 100.4"), page.index("Muscle or joint pain")
    caption = page.index("Not sure which?")
    assert "seizure" not in page[now:visit] and "Fever" not in page[:now]
    assert "headache" not in page[visit:caption].lower()


@pytest.mark.parametrize("locale", list(TIERS))
def test_pictures_are_vector(out, locale):
    for path in _pdfs(out, locale):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                xobjects = page.Resources.get("/XObject", {})
                assert not [k for k, x in xobjects.items() if x.get("/Subtype") == "/Image"], path.name


@pytest.mark.parametrize("locale", list(TIERS))
def test_each_figure_has_alt_text(out, locale):
    for path in _pdfs(out, locale):
        top, texts, _, _ = structure(path, text=False)
        figures = [n for n in top.walk() if n.role == "Figure"]
        assert len(figures) == 3, path.name  # timeline, pump and line, who to call (page order)
        assert all(f.alt and len(f.alt) > 20 and len(f.attrs.get("BBox", ())) == 4 for f in figures)
        pump, call = figures[1].alt, figures[2].alt
        assert PORT[locale] in pump and PUMP[locale][4] in pump
        for title, signs in TIERS[locale]:  # the Alt text says what the picture says, tier by tier
            assert signs[0] in call


def test_registry_matches_the_layout_schema():
    assert set(pictures.FIGURES) == set(FIGURES)


def test_a_label_too_long_for_the_pump_drawing_fails_naming_it(project, capsys):
    edit(project, "layouts/handout.yaml", 'pump_label_bag: "Medicine bag"',
         'pump_label_bag: "The bag of medicine that the pump draws from, all day and all night long, every day"')
    code, err = build(capsys, project, "--format", "handout", "--locale", "en")
    assert code == 1 and "word 'pump_label_bag' (en)" in err and "drawing of the pump" in err


def test_a_translated_tier_title_too_long_fails_at_its_po_entry(project, capsys):
    po = project / "locales" / "es" / "layout.po"
    text = po.read_text(encoding="utf-8")
    long = "Llame al equipo médico ahora mismo, a cualquier hora del día o de la noche, todos los días del año"
    po.write_text(text.replace('msgstr "Llame al equipo médico ahora, a cualquier hora"', f'msgstr "{long}"'),
                  encoding="utf-8")
    code, err = build(capsys, project, "--format", "handout", "--locale", "es")
    assert code == 1 and "word 'who_call_now' (es)" in err and "who-to-call picture" in err
    assert "layout.po" in flat(err)


def test_a_child_who_stops_feeding_is_not_left_for_the_next_visit(out):
    """The call box sends a baby who will not feed to the care team now: the next-visit tier of the
    pediatric picture speaks only of a child who still eats and drinks."""
    for path in _pdfs(out, "en"):
        if path.name.startswith("pediatric"):
            page = _page_with(path, "Tell the team at the", "en")
            assert _norm("Less hungry, but still eating and drinking", "en") in page, path.name


TITLES = {"en": ["Who to call, and when", "How the medicine gets into"],
          "es": ["A quién llamar y cuándo", "Cómo llega el medicamento"],
          "zh-Hans": ["什么情况该找谁", "药是怎样进入"]}


@pytest.mark.parametrize("locale", list(TITLES))
def test_each_picture_has_its_own_title(out, locale):
    """PEMAT-P 17: a visual has a title of its own, not only its section's heading."""
    for path in _pdfs(out, locale):
        for title in TITLES[locale]:
            page = _page_with(path, title, locale)
            assert _norm(title, locale) in page, (path.name, title)
