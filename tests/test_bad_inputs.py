"""The corpus in tests/bad_inputs/: one small file per mistake, each with the message it must get.

Header lines of a corpus file:
  # target: where the file goes in a copy of the project (it replaces or adds that file)
  # replace: OLD => NEW: instead, edit the target in place (its first OLD becomes NEW; \\n is a new
    line); {line} in expect is then the line where NEW starts
  # args: extra arguments for `handout build` ({target} is the file's path)
  # exit: expected exit code (default 1)
  # expect: text the error output must contain (file:line: message); may be given more than once
  # expect-pdf: text the built adult handout must contain instead
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import flat, handout_pdf, page_texts
from handout.cli import main

CORPUS = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def _headers(text: str) -> dict:
    head: dict = {}
    for key, value in re.findall(r"^# (target|args|exit|expect|expect-pdf|replace): (.*)$", text, re.M):
        head.setdefault(key, value)
        head.setdefault(f"all-{key}", []).append(value)
    return head


@pytest.mark.parametrize("case", CORPUS, ids=[c.stem for c in CORPUS])
def test_bad_input_gets_its_message(case, project, capsys):
    text = case.read_text(encoding="utf-8")
    head = _headers(text)
    target = project / head["target"]
    line = 0
    if "replace" in head:
        old, new = (part.replace("\\n", "\n") for part in head["replace"].split(" => ", 1))
        current = target.read_text(encoding="utf-8")
        assert old in current, f"{case.name}: {old!r} is no longer in {head['target']}; update the case"
        line = current[: current.index(old)].count("\n") + 1
        target.write_text(current.replace(old, new, 1), encoding="utf-8")
    else:
        target.write_text(text, encoding="utf-8")
    args = head.get("args", "").replace("my-clinic.yaml", str(target)).split()
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--audience", "adult", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == int(head.get("exit", 1)), err
    if "expect" in head:
        for expected in head["all-expect"]:
            expected = expected.replace("my-clinic.yaml", str(target)).replace("{line}", str(line))
            assert expected in err
        assert not (project / "out").exists(), "nothing is written when the input is wrong"
    if "expect-pdf" in head:
        assert head["expect-pdf"] in flat("\n".join(page_texts(handout_pdf(project / "out", "adult"))))
