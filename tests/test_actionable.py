"""What a reader acts on, read from the built PDFs: numbered steps (whole, never split over a
page), and citation markers kept out of the call box and placed once at the end of a block."""
from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from conftest import flat, handout_pdf, page_texts
from test_errors import build, edit

AUDIENCES = ("adult", "pediatric")
# The first words of each step of the three step-by-step blocks, in order.
STEPS = {
    "If the pump alarms or stops": ["Look at the pump screen", "Check that the tubing", "right away, day or night",
                                     "Has the medicine been off", "If no one calls you back soon"],
    "If the IV line leaks, cracks, or comes apart": ["Does", "Cover any open end", "Did the line come out",
                                                     "Call"],
}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_steps_are_numbered_in_order(built, audience):
    text = flat(" ".join(page_texts(handout_pdf(built["out"], audience))))
    for intro, steps in STEPS.items():
        after = text.split(intro, 1)[1]
        for n, start in enumerate(steps, 1):
            found = re.search(rf"(?<![\d.]){n}\. ([^.?]*)", after)
            assert found and start in found.group(1) + found.group(0), (intro, n, start)
            after = after[found.end():]
    fever = text.split("feels hot or has chills" if audience == "pediatric" else "feel hot or have chills", 1)[1]
    assert fever.lstrip().startswith("1. Take")


# (first words, last words) of each step: both must be on one page.
WHOLE_STEPS = [("Look at the pump screen", "and the time."), ("Check that the tubing", "too much or too little medicine."),
               ("Tell them what the screen", "says."), ("Has the medicine been off", "or the hospital."),
               ("If no one calls you back soon", "and the pump."), ("have a clamp", "stops the leak."),
               ("Cover any open end", "do not flush."), ("Did the line come out", "call 911."),
               ("If you cannot reach them right away", "when it should be empty."),
               ("Is it 100.4 °F (38 °C) or higher, or", "until morning.")]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_step_is_split_over_a_page(built, audience):
    with pdfplumber.open(handout_pdf(built["out"], audience)) as pdf:
        pages = [flat(p.extract_text(y_tolerance=6) or "") for p in pdf.pages]
    for start, end in WHOLE_STEPS:
        where = [page for page in pages if start in page]
        assert len(where) == 1, start
        assert end in where[0].split(start, 1)[1], (start, end)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_steps_are_a_numbered_list_for_screen_readers(built, audience):
    with pikepdf.open(handout_pdf(built["out"], audience)) as pdf:
        numbering = []

        def walk(node, depth=0):
            if depth > 60 or not isinstance(node, pikepdf.Dictionary):
                return
            if node.get("/S") == "/L":
                attrs = node.get("/A")
                for a in (attrs if isinstance(attrs, pikepdf.Array) else [attrs] if attrs is not None else []):
                    if isinstance(a, pikepdf.Dictionary) and "/ListNumbering" in a:
                        numbering.append(str(a["/ListNumbering"]))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                walk(kid, depth + 1)

        walk(pdf.Root.StructTreeRoot)
    assert numbering.count("/Decimal") >= 3 and "/Disc" in numbering


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_citation_marker_in_the_call_box(built, audience):
    first = flat(page_texts(handout_pdf(built["out"], audience))[0])
    box = first.split("right away if:", 1)[1].split("What is Blincyto?", 1)[0]
    assert "Call 911" in box
    assert not re.search(r"\[\d", box), box


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_block_has_one_marker_group_at_its_end(built, audience):
    """The sub-heading 'If the pump alarms or stops' carries no marker. A list of steps ends with
    its own line of sources, so "[1–3]" after step 5 never reads as "see steps 1 to 3"."""
    text = flat(" ".join(page_texts(handout_pdf(built["out"], audience))))
    assert re.search(r"If the pump alarms or stops 1\. Look", text)
    assert re.search(r"Bring (your|the) wallet card and the pump\. Sources \[[\d,\u2013]+\]", text)
    assert not re.search(r"(and the pump|should be empty|until morning)\.\[", text), "no marker after a step"


KEY_POINTS = {"en": "Key points", "es": "Lo más importante", "zh-Hans": "最重要的几点"}


@pytest.mark.parametrize("locale", ["en", "es", "zh-Hans"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_key_points_follow_the_call_box(built, audience, locale):
    path = built["out"] / "blinatumomab" / locale / f"{audience}-handout-letter.pdf"
    with pdfplumber.open(path) as pdf:  # the first two pages, without their running header and footer
        texts = [ln["text"] for page in pdf.pages[:2] for ln in page.extract_text_lines(y_tolerance=6)
                 if not FOOTER.search(ln["text"])][1:]
    start = next(i for i, t in enumerate(texts) if t.strip() == KEY_POINTS[locale])
    assert any("911" in t for t in texts[:start]), "after the call box"
    points = []  # bullets, and the lines a bullet wraps onto (they follow a line that ends mid-sentence)
    for t in texts[start + 1:]:
        wrapped = points and not points[-1].rstrip().endswith((".", "。", "?", "？"))
        if not (t.startswith("•") or wrapped):
            break
        points.append(t)
    bullets = [t for t in points if t.startswith("•")]
    assert 3 <= len(bullets) <= 5 and len(points) <= 5, points
    assert not re.search(r"\[\d", " ".join(points)), "no citation markers in the key points"
    assert any("100.4" in t for t in bullets) and any("911" in t for t in bullets)


FOOTER = re.compile(r"does not replace|Content version|reemplaza|Versión|Página|不能代替|内容版本|第 \d+ 页|traducción|翻译"
                    r"|^Blincyto \(blinatumomab\) ·|^Blincyto（blinatumomab）·")


def test_key_points_longer_than_five_lines_are_refused(project, capsys):
    edit(project, "content/blinatumomab/blocks/05-key-points.yaml",
         '      - "Have someone check on you every day for confusion or unusual sleepiness."',
         '      - "Have someone check on you every day for confusion or unusual sleepiness, and write down what you see, '
         'with the time, so that you can tell the care team exactly what happened and when."')
    code, err = build(capsys, project, "--audience", "adult", "--format", "handout", "--locale", "en")
    assert code == 1
    assert re.search(r"content/blinatumomab/blocks/05-key-points\.yaml:\d+: block 'key-points' \(adult, en\): "
                     r"the key points take \d+ lines; keep them to 5", err)
    assert not (project / "out").exists()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_markers_are_short(built, audience):
    """Three or more sources in a row print as a range ("[2,15–19]"), so a marker stays small."""
    text = flat(" ".join(page_texts(handout_pdf(built["out"], audience))))
    groups = re.findall(r"\[([\d,\u2013]+)\]", text)
    assert any("\u2013" in g for g in groups)
    for g in groups:
        numbers = [int(n) for n in g.replace("\u2013", ",").split(",")]
        listed = [int(n) for n in g.split(",") if "\u2013" not in n]
        assert not any(n + 1 in listed and n + 2 in listed for n in listed), g
        assert numbers == sorted(numbers), g


def test_check_finds_key_points_too_long_for_the_narrowest_paper(project, capsys):
    """A translator sees it in `handout check`, at the point's PO entry, before any build."""
    from handout.cli import main
    rel = "locales/es/blinatumomab.po"
    po = (project / rel).read_text(encoding="utf-8")
    start = po.index('msgctxt "key-points|adult|item3"')
    end = po.index("\n\n", start)
    entry = po[start:end]
    long = "Revise a diario si hay confusión o mucho sueño fuera de lo normal, y anote lo que ve y la hora."
    (project / rel).write_text(po[:start] + entry[:entry.index("msgstr")] + f'msgstr "{long}"' + po[end:],
                               encoding="utf-8")
    code = main(["check", "--project", str(project)])
    err = capsys.readouterr().err
    assert code == 1
    line = po[:start].count("\n") + 2  # the entry's msgid line
    assert f"{rel}:{line}: block 'key-points' (adult, es): the key points take 6 lines; keep them to 5" in err, err
