"""`handout check`: everything is checked, nothing is written, and review dates are enforced."""
from __future__ import annotations

from conftest import run_handout
from handout.cli import main
from test_errors import edit


def check(capsys, project, *args):
    code = main(["check", "--project", str(project), *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def test_shipped_content_passes(project, capsys):
    code, out, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 0, err
    assert "summary: 37 blocks in 12 documents; 0 block(s) above the reading target" in out  # en, es, zh-Hans
    assert out.rstrip().endswith("ok")
    assert not list(project.glob("build*"))


def test_review_due_warns_then_fails_after_the_grace_period(project, capsys):
    code, _, err = check(capsys, project, "--today", "2027-11-22")
    assert code == 0
    assert "warning: content/blinatumomab/blocks/10-call.yaml:4: block 'call-fever': review was due on 2027-11-22" in err
    code, _, err = check(capsys, project, "--today", "2027-11-22", "--strict")
    assert code == 1
    code, _, err = check(capsys, project, "--today", "2028-01-22")  # 61 days late, grace is 60
    assert code == 1
    assert "61 days ago, past the 60-day grace period" in err
    assert "content/blinatumomab/schedule.yaml:2: the treatment schedule: review was due on 2027-11-22" in err


def test_grace_period_comes_from_config(project, capsys):
    edit(project, "config.yaml", "grace_days: 60", "grace_days: 90")
    code, _, _ = check(capsys, project, "--today", "2028-01-22")
    assert code == 0


def test_check_reports_card_overflow_and_glyphs_together(project, capsys):
    edit(project, "content/blinatumomab/blocks/30-giving.yaml",
         'card: "It runs into a vein 24 hours a day from a pump. Do not stop the pump or change its settings."',
         'card: "' + "It runs into a vein 24 hours a day from a pump. " * 6 + '"')
    edit(project, "content/blinatumomab/blocks/40-pump.yaml", "keeps giving you the medicine",
         "keeps giving you ✆ the medicine")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "wallet card front (adult, en)" in err and "U+2706" in err


def test_removing_a_safety_critical_section_from_the_card_fails(project, capsys):
    edit(project, "layouts/card.yaml", "  - {id: call-now, place: back}\n", "")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "block 'call-fever': section 'call-now' is not in layouts/card.yaml" in err


def test_check_through_the_real_command():
    result = run_handout("check", "--today", "2026-11-22")
    assert result.returncode == 0 and result.stdout.rstrip().endswith("ok")
