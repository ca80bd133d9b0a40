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
    assert "summary: 47 blocks in 12 documents; 0 block(s) above the reading target" in out  # en, es, zh-Hans
    assert out.rstrip().endswith("ok")
    assert not list(project.glob("build*"))


def test_review_due_warns_then_fails_after_the_grace_period(project, capsys):
    code, _, err = check(capsys, project, "--today", "2027-12-02")
    assert code == 0
    assert "warning: content/blinatumomab/blocks/10-call.yaml:6: block 'call-fever': review was due on 2027-12-02" in err
    code, _, err = check(capsys, project, "--today", "2027-12-02", "--strict")
    assert code == 1
    code, _, err = check(capsys, project, "--today", "2028-02-01")  # 61 days late, grace is 60
    assert code == 1
    assert "61 days ago, past the 60-day grace period" in err
    assert "content/blinatumomab/schedule.yaml:6: the treatment schedule: review was due on 2027-12-02" in err


def test_grace_period_comes_from_config(project, capsys):
    edit(project, "config.yaml", "grace_days: 60", "grace_days: 90")
    code, _, _ = check(capsys, project, "--today", "2028-02-01")
    assert code == 0


def test_check_reports_card_overflow_and_glyphs_together(project, capsys):
    edit(project, "content/blinatumomab/blocks/30-giving.yaml",
         'card: "It runs 24 hours a day from a pump. I always carry this card."',
         'card: "' + "It runs into a vein 24 hours a day from a pump. " * 6 + '"')
    edit(project, "content/blinatumomab/blocks/40-pump.yaml", "A small pump moves the medicine",
         "A small pump moves ✆ the medicine")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "wallet card front (adult, en)" in err and "U+2706" in err


def test_removing_a_safety_critical_section_from_the_card_fails(project, capsys):
    edit(project, "layouts/card.yaml", "  - {id: call-now, place: back}\n", "")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "layouts/card.yaml:" in err and "required_sections: 'call-now' is not one of the sections" in err


def test_a_call_box_with_no_blocks_left_fails_check(project, capsys):
    """Moving every call-now block elsewhere empties the call box: check fails, naming the layout's rule."""
    path = project / "content" / "blinatumomab" / "blocks" / "10-call.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("section: call-now", "section: about"), encoding="utf-8")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "required section 'call-now' would be empty in the adult handout of blinatumomab" in err
    assert "required section 'call-now' would be empty in the pediatric card of blinatumomab" in err


def test_a_declared_safety_block_switched_off_fails_check(project, capsys):
    path = project / "content" / "blinatumomab" / "blocks" / "10-call.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: call-911")
    path.write_text(text[:start] + text[start:].replace("safety_critical: true", "safety_critical: false", 1),
                    encoding="utf-8")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "block 'call-911' is declared safety-critical in content/blinatumomab/drug.yaml but says " \
           "safety_critical: false" in err


def test_a_declared_safety_block_dropping_an_audience_fails_check(project, capsys):
    """The 911 line taken out of the parents' handout and card: refused, not printed without it."""
    import yaml
    path = project / "content" / "blinatumomab" / "blocks" / "10-call.yaml"
    blocks = yaml.safe_load(path.read_text(encoding="utf-8"))
    block = next(b for b in blocks if b["id"] == "call-911")
    block["audiences"] = ["adult"]
    del block["pediatric"]
    path.write_text(yaml.safe_dump(blocks, allow_unicode=True), encoding="utf-8")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "safety-critical block 'call-911' must reach every audience; it leaves out pediatric" in err


def test_a_declared_safety_block_dropped_from_the_card_fails_check(project, capsys):
    """The 911 line taken off the wallet card (its formats narrowed): refused, not printed without it."""
    import yaml
    path = project / "content" / "blinatumomab" / "blocks" / "10-call.yaml"
    blocks = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(b for b in blocks if b["id"] == "call-911")["formats"] = ["handout"]
    path.write_text(yaml.safe_dump(blocks, allow_unicode=True), encoding="utf-8")
    code, _, err = check(capsys, project, "--today", "2026-11-22")
    assert code == 1
    assert "safety-critical block 'call-911' is left out of the adult card, though layouts/card.yaml prints its " \
           "section 'emergency'; add card to its formats" in err
