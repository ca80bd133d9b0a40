"""The shipped translations and the CJK typesetting: Spanish and Chinese PDFs contain their own
text and no stray English; no Chinese line starts with closing punctuation."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import flat, page_texts
from handout.cli import main
from test_i18n import translate_locale

ENGLISH = re.compile(r"\b(the|your|you|and|with|call|right away|care team|medicine|page|of)\b", re.I)
CLOSING = "，。、：；？！）》」』】〉”’％"


def body_text(path: Path) -> str:
    """What a reader reads before the Sources list (source titles stay in their own language)."""
    text = "\n".join(page_texts(path))
    for heading in ("\nFuentes\n", "\n资料来源\n"):
        text = text.split(heading)[0]
    return text


@pytest.mark.parametrize("audience", ["adult", "pediatric"])
def test_spanish_handout_has_no_stray_english(built, audience):
    path = built["out"] / "blinatumomab" / "es" / f"{audience}-handout-letter.pdf"
    text = body_text(path)
    lines = [ln for ln in text.splitlines() if not re.fullmatch(r".*Blincyto \(blinatumomab\).*", ln)]
    stray = sorted({m.group(0).lower() for ln in lines for m in ENGLISH.finditer(ln)})
    assert not stray, stray
    assert "100.4 °F (38 °C)" in flat(text) and "911" in text
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "es"


def card_text(path: Path) -> str:
    """The card's words in its own language: the note for emergency staff also prints in English
    (the clinic's language, by default) after its "English:" label, on the front."""
    front, back = (p.extract_text() for p in pdfplumber.open(path).pages)
    return flat(front.split("English:")[0] + " " + back)


def test_spanish_card_is_spanish(built):
    path = built["out"] / "blinatumomab" / "es" / "pediatric-card.pdf"
    text = card_text(path)
    assert "100.4 °F (38 °C)" in text and "911" in text
    assert not {m.group(0).lower() for m in ENGLISH.finditer(text)}


@pytest.mark.parametrize("audience", ["adult", "pediatric"])
def test_chinese_handout_has_no_stray_english(built, audience):
    path = built["out"] / "blinatumomab" / "zh-Hans" / f"{audience}-handout-letter.pdf"
    text = body_text(path)
    stray = sorted({m.group(0).lower() for m in ENGLISH.finditer(text)})
    assert not stray, stray
    flat_text = flat(text)
    assert "100.4 °F" in flat_text and "38 °C" in flat_text and "911" in flat_text
    assert "2026 年 12 月 2 日" in flat_text and ("您的孩子" in flat_text) == (audience == "pediatric")
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "zh-Hans"


def test_chinese_card(built):
    path = built["out"] / "blinatumomab" / "zh-Hans" / "pediatric-card.pdf"
    text = card_text(path)
    assert "100.4 °F" in text and "911" in text and not ENGLISH.search(text)


def chinese(ctx: str, msgid: str) -> str:
    """A stand-in Chinese translation: keeps numbers, placeholders and bold marks, turns words into
    characters and punctuation into full-width marks (plenty of commas to test line breaks)."""
    out = []
    for tok in re.findall(r"\*\*|\{\{.*?\}\}|\{%.*?%\}|\d+(?:[.,]\d+)*|°[FC]|[A-Za-z]+|[^\sA-Za-z\d]", msgid):
        if tok == "kg":  # a unit stays with its number
            out.append(" kg ")
        elif re.fullmatch(r"[A-Za-z]+", tok):
            out.append("药物治疗"[: 1 + len(tok) % 4])
        else:
            out.append({",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
                       .get(tok, tok))
    return "".join(out)


@pytest.fixture
def zh(project, capsys) -> Path:
    shutil.rmtree(project / "locales" / "zh-Hans", ignore_errors=True)
    assert main(["i18n", "--project", str(project), "new", "zh-Hans"]) == 0
    capsys.readouterr()
    return project




def test_chinese_typesetting(zh, capsys):
    # the stand-in translation is far longer than real Chinese: it would overfill the 5-line key points
    (zh / "content" / "blinatumomab" / "blocks" / "05-key-points.yaml").unlink()
    translate_locale(zh, "zh-Hans", chinese)
    # handouts only: the stand-in is longer than real Chinese and overfills the card at 7 pt (the real
    # Chinese cards are read by test_line_breaking)
    assert main(["build", "--project", str(zh), "--locale", "zh-Hans", "--paper", "all", "--format", "handout",
                 "--out", str(zh / "out"), "--allow-hard-reading"]) == 0, capsys.readouterr().err
    folder = zh / "out" / "blinatumomab" / "zh-Hans"
    starts = []
    for path in sorted(folder.glob("*.pdf")):
        reader = PdfReader(path)
        fonts = {f.get_object()["/BaseFont"] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
        assert all("NotoSansSC" in f for f in fonts), fonts
        assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                for line in (page.extract_text() or "").splitlines():
                    starts.append(line.lstrip()[:1])
    assert len(starts) > 150
    assert not [s for s in starts if s and s in CLOSING], "a line starts with closing punctuation"
    text = flat("\n".join(page_texts(folder / "adult-handout-letter.pdf")))
    assert "100.4" in text and "38" in text
    assert "药" in text and "2026 年 12 月 2 日" in text, "Chinese text and a Chinese date"


def test_no_line_starts_with_a_closing_mark_even_two_in_a_row():
    """Random Chinese paragraphs, full of "）。" and "，", wrapped at many widths."""
    import io
    import random

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    import handout.typeset  # noqa: F401  (installs the line-start rules)
    from handout.rlext import cjk
    from handout.fonts import register_family

    family = register_family("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", "NotoSansSC-Regular.ttf",
                             "NotoSansSC-Bold.ttf")
    rng = random.Random(2)
    story = []
    for _ in range(200):
        text = "药" + "".join(rng.choice(["药物", "治疗", "（腹泻）。", "，", "医生", "（ALL）、", "。", "：", "病人"])
                             for _ in range(30))
        bold = rng.random() < 0.5  # one font run, or several (ReportLab splits these two ways)
        story.append(Paragraph(text.replace("医生", "<b>医生</b>") if bold else text,
                               ParagraphStyle("z", fontName=family, fontSize=12, leading=16, wordWrap="CJK",
                                              rightIndent=rng.randint(0, 250))))
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build(story)
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        starts = [ln.strip()[:1] for p in pdf.pages for ln in (p.extract_text() or "").splitlines()]
    assert len(starts) > 500
    assert not [s for s in starts if s and s in cjk.CANNOT_START]
