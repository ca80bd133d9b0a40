"""Medical terms are explained where a reader first meets them (issue 14 item 5): read from the
built PDFs, and refused by `handout check` and `handout build` when an edit breaks it."""
from __future__ import annotations

import re

import pytest

from conftest import flat, handout_pdf, page_texts
from handout.cli import main
from test_errors import build, edit, line_of

AUDIENCES = ("adult", "pediatric")
# A term, and words of the plain explanation that must sit beside its first use on the page.
EXPLAINED = {
    "CRS": "(cytokine release syndrome). This is a reaction to the medicine",
    "IV line": "the thin tube into",
    "flush": "push fluid into it",
    "seizure": "sudden jerking, a stiff body, or a blank stare",
    "chemotherapy": "strong medicines that kill cancer cells",
    "immune system": "fights germs and sickness",
    "immunotherapy": "helps the immune system fight cancer",
    "white blood cell": "the cells that fight infection",
    "a port": "a small disc under the skin",   # the drawing above the text labels "arm or chest"
    "live vaccine": "made from a germ that is alive but weakened",
    "blood counts": "how many of each kind of blood cell",
    "infusion": "medicine that runs into a vein by drip or pump",
    "tumor lysis syndrome": "cells die quickly, they can harm the body. This is called",
}


def _before_glossary(path) -> str:
    text = flat(" ".join(page_texts(path)))
    return text.split("Words to know")[0]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_term_is_explained_at_its_first_use(built, audience):
    text = _before_glossary(handout_pdf(built["out"], audience))
    for term, explanation in EXPLAINED.items():
        first = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, 0 if term.isupper() else re.I)
        assert first, f"{term!r} is not in the {audience} handout"
        near = text[max(0, first.start() - 60):first.end() + 80]
        assert explanation in near, f"{term!r} first appears without its explanation: ...{near}..."


def test_an_unexplained_term_in_the_call_box_is_refused(project, capsys):
    rel = "content/blinatumomab/blocks/10-call.yaml"
    edit(project, rel, "It may be an infection or a serious reaction to the medicine.",
         "It may mean CRS or an infection.")
    line = line_of(project, rel, "It may mean CRS")
    code = main(["check", "--project", str(project)])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(rf"{re.escape(rel)}:\d+: block 'call-fever' \(adult, en\): the term 'CRS' is first used here "
                     r"without saying what it means", err), err
    block_line = int(re.search(rf"{re.escape(rel)}:(\d+): block 'call-fever' \(adult, en\): the term", err)[1])
    assert block_line < line  # the block's own line (its id), above the edited text
    code, err = build(capsys, project, "--audience", "adult", "--format", "handout", "--locale", "en")
    assert code == 1 and "the term 'CRS' is first used here" in err
    assert not (project / "out").exists()


def test_an_unexplained_term_in_a_translation_is_blamed_on_its_po_line(project, capsys):
    rel = "locales/es/blinatumomab.po"
    po = (project / rel).read_text(encoding="utf-8")
    start = po.index('msgctxt "pump-at-home|adult|text"')
    entry = po[start:po.index("\n\n", start)]
    msgstr = entry[entry.index("msgstr"):]
    assert re.search(r"\([^()]+\)", msgstr), "test set-up: the Spanish pump text explains the port in parentheses"
    broken = re.sub(r"\s*\([^()]*\)", "", msgstr)  # every explanation in parentheses removed
    (project / rel).write_text(po.replace(msgstr, broken, 1), encoding="utf-8")
    code = main(["check", "--project", str(project)])
    err = capsys.readouterr().err
    assert code == 1
    found = re.search(rf"{re.escape(rel)}:(\d+): block 'pump-at-home' \(adult, es\): the term '([^']+)' is first "
                      r"used here without saying what it means", err)
    assert found, err
    po_lines = (project / rel).read_text(encoding="utf-8").splitlines()
    at = int(found[1])  # the entry's msgid line, right under its msgctxt
    assert po_lines[at - 1].startswith("msgid") and po_lines[at - 2] == 'msgctxt "pump-at-home|adult|text"'
