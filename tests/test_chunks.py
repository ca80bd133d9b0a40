"""One idea per chunk, each named (CDC Clear Communication Index 8 and 9; PEMAT-P 2 and 3), read
from the built PDFs: blocks carry sub-headings, tagged H3 for screen readers; the sources sit on
pages of their own, in short lists under group headings, numbered in a run per group; the text
uses only a few abbreviations. And the inputs behind them are checked like any other."""
from __future__ import annotations

import re

import pytest

from conftest import flat, handout_pdf, page_texts
from test_errors import build, edit, line_of
from test_tagging import structure

AUDIENCES = ("adult", "pediatric")
# The sub-headings each handout prints, in page order (adult; the pediatric wording after "|").
SUBHEADINGS = [
    "Never flush the line", "If the pump alarms or stops", "If the IV line leaks, cracks, or comes apart",
    "Keep your line clean and dry|Keep the line clean and dry", "Bag changes",
    "If you feel hot or have chills|If your child feels hot or has chills",
    "Check for brain and nerve problems every day|Check your child for brain and nerve problems every day",
    "Carry your wallet card|Carry your child's wallet card",
    "The people you live with|Brothers, sisters and others at home",
]
GROUPS = ["The medicine's label and its maker", "Hospitals: the pump and the IV line", "Fever and care at home",
          "Health websites"]


def _wanted(audience: str) -> list[str]:
    return [h.split("|")[-1 if audience == "pediatric" else 0] for h in SUBHEADINGS]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_blocks_carry_sub_headings_tagged_h3(built, audience):
    path = handout_pdf(built["out"], audience)
    top, texts, _, _ = structure(path)
    h3 = [flat(n.text(texts)).strip() for n in top.walk() if n.role == "H3"]
    wanted = _wanted(audience) + GROUPS  # then the sources' groups, on their own pages
    assert [h for h in h3 if h in wanted] == wanted  # among the drawings' titles, also H3


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_sub_heading_ends_a_page(built, audience):
    for number, page in enumerate(page_texts(handout_pdf(built["out"], audience)), 1):
        lines = [line for line in page.splitlines() if line.strip()]
        body = lines[:-3]  # the footer's three lines: notice, version, page number
        for heading in _wanted(audience) + GROUPS:
            assert not (body and body[-1].strip() == heading), f"page {number} ends with {heading!r}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_sources_are_on_pages_of_their_own_in_short_numbered_groups(built, audience):
    pages = page_texts(handout_pdf(built["out"], audience))
    start = next(i for i, page in enumerate(pages) if re.search(r"^Sources$", page, re.M))
    before = pages[start].split("\nSources\n", 1)[0]
    assert before.count("\n") <= 1, "the sources start a page, under only the running header"
    text = flat(" ".join(pages[start:]))
    text = text.split(GROUPS[0], 1)[1]
    numbers, at = [], 0
    for i, group in enumerate(GROUPS):
        end = text.index(GROUPS[i + 1]) if i + 1 < len(GROUPS) else len(text)
        listed = [int(n) for n in re.findall(r"(?:^| )(\d{1,2})\. ", text[at:end])]
        assert 1 <= len(listed) <= 7, (group, listed)  # no list a reader has to wade through
        numbers += listed
        at = end + len(GROUPS[i + 1]) if i + 1 < len(GROUPS) else end
    assert numbers == list(range(1, len(numbers) + 1)), "each group's numbers run on from the last"
    assert numbers[-1] >= 15


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_text_uses_few_abbreviations(built, audience):
    """PEMAT-P 3: ALL, CRS and IV, each explained where first used; the rest said in words."""
    text = flat(" ".join(page_texts(handout_pdf(built["out"], audience))))
    body = text.split("Words to know")[0].split("How to say blinatumomab:", 1)[1].split(" For ", 1)[1]
    assert set(re.findall(r"\b[A-Z][A-Z0-9]+\b", body)) == {"ALL", "CRS", "IV"}


@pytest.mark.parametrize("locale", ["es", "zh-Hans"])
def test_translations_print_the_same_sub_headings(built, locale):
    english = handout_pdf(built["out"], "adult")
    path = built["out"] / "blinatumomab" / locale / "adult-handout-letter.pdf"
    h3 = []
    for pdf in (english, path):
        top, texts, _, _ = structure(pdf)
        h3.append([flat(n.text(texts)).strip() for n in top.walk() if n.role == "H3"])
    assert len(h3[1]) == len(h3[0]) and all(h3[1])
    assert not set(h3[1]) & set(h3[0]), "each sub-heading is translated"


def test_a_source_in_an_unknown_group_is_refused_at_its_line(project, capsys):
    rel = "content/blinatumomab/sources.yaml"
    edit(project, rel, "goodrx:\n  group: web", "goodrx:\n  group: websites")
    line = line_of(project, rel, "group: websites")
    code, err = build(capsys, project, "--format", "handout", "--locale", "en")
    assert code == 1
    assert re.search(rf"{re.escape(rel)}:{line}: source 'goodrx': group 'websites' has no heading in "
                     r"layouts/handout\.yaml \(groups: label, line, care, web\)", err), err
    assert not (project / "out").exists()


def test_a_sub_heading_on_a_card_only_block_is_refused(project, capsys):
    rel = "content/blinatumomab/blocks/10-call.yaml"
    edit(project, rel, "  adult:\n    card: >-\n      **To doctors and nurses:**",
         "  adult:\n    heading: For staff\n    card: >-\n      **To doctors and nurses:**")
    line = line_of(project, rel, "heading: For staff")
    code, err = build(capsys, project, "--format", "card", "--locale", "en")
    assert code == 1
    assert f"{rel}:{line}: block 'clinician-note' adult: 'heading' prints in handouts only" in err, err
    assert not (project / "out").exists()
